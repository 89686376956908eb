//! POD026: the official postgres image with no superuser password.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{database_kind, Database};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD026",
    name: "postgres-password-missing",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "{container} runs `{image}` with no `POSTGRES_PASSWORD`: on a new volume the entrypoint refuses to initialize the database",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.app_containers() {
            let Some(image) = c.image() else { continue };
            if database_kind(image) != Some(Database::PostgresOfficial) || c.node.get("envFrom").is_some() {
                continue;
            }
            if let Some(first) = c.node.get("command").and_then(|n| n.items()).and_then(|i| i.first()).and_then(|n| n.as_str()) {
                if !matches!(first.rsplit('/').next().unwrap_or(first), "docker-entrypoint.sh" | "postgres") {
                    continue;
                }
            }
            let set = |name: &str| c.env().iter().any(|(_, e)| e.get_str("name") == Some(name));
            let trust = c.env_value("POSTGRES_HOST_AUTH_METHOD").is_some_and(|(_, v)| v.as_str() == Some("trust"));
            if set("POSTGRES_PASSWORD") || set("POSTGRES_PASSWORD_FILE") || trust {
                continue;
            }
            let message = format!("{} runs `{image}` with no `POSTGRES_PASSWORD`: on a new volume the entrypoint refuses to initialize the database and exits 1", c.label());
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("env"), message).help = Some("set `POSTGRES_PASSWORD` from a Secret (`valueFrom.secretKeyRef`)".into());
        }
    }
}
