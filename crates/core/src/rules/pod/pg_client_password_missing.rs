//! POD028: a container runs a postgres client over the network with no password to send.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD028",
    name: "pg-client-password-missing",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "{container} runs `{program} -h …` with no `PGPASSWORD`: the server asks for a password it cannot give",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            if c.node.get("envFrom").is_some() {
                continue;
            }
            let words = super::command_words(&c);
            let Some(at) = words.iter().position(|w| super::is_pg_client(w)) else { continue };
            let program = words[at].rsplit('/').next().unwrap_or(&words[at]).to_owned();
            let remote = words[at + 1..].iter().take_while(|w| !matches!(w.as_str(), ";" | "&&" | "||" | "|")).any(|w| w == "-h" || w.starts_with("--host") || (w.starts_with("-h") && w.len() > 2));
            let set = |name: &str| c.env().iter().any(|(_, e)| e.get_str("name") == Some(name));
            if !remote || set("PGPASSWORD") || set("PGPASSFILE") {
                continue;
            }
            let message = format!("{} runs `{program} -h …` with no `PGPASSWORD`: the server asks for a password it cannot give, and {program} fails with `fe_sendauth: no password supplied`", c.label());
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("env"), message).help = Some("set `PGPASSWORD` from the Secret the server reads (`valueFrom.secretKeyRef`)".into());
        }
    }
}
