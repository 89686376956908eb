//! POD029: a postgres client's short host name resolves only in another namespace.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD029",
    name: "pg-client-host-elsewhere",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "{container} connects to `{host}`, a name of Service `{service}` in `{namespace}`, from `{other}`: it does not resolve there",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

/// The hosts of the postgres clients a container's command runs (`-h HOST`, `--host=HOST`).
fn hosts(words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut client = false;
    for (i, w) in words.iter().enumerate() {
        if super::is_pg_client(w) {
            client = true;
        } else if matches!(w.as_str(), ";" | "&&" | "||" | "|") {
            client = false;
        } else if client {
            if w == "-h" || w == "--host" {
                out.extend(words.get(i + 1).cloned());
            } else if let Some(h) = w.strip_prefix("--host=").or_else(|| w.strip_prefix("-h").filter(|h| !h.is_empty())) {
                out.push(h.to_owned());
            }
        }
    }
    out
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let here = obj.namespace.unwrap_or("default");
        for c in t.containers() {
            let words = super::command_words(&c);
            for host in hosts(&words) {
                let labels: Vec<&str> = host.split('.').collect();
                let service = match labels.as_slice() {
                    [s] | [_, s] => *s,
                    _ => continue,
                };
                let places: Vec<&str> = ws.objects.iter().filter(|o| o.kind == "Service" && o.name == Some(service)).filter_map(|o| o.namespace).collect();
                if places.is_empty() || places.contains(&here) {
                    continue;
                }
                let there = places[0];
                let whence = if obj.namespace.is_some() { format!("`{here}`") } else { "`default` (it has no namespace)".to_owned() };
                let message = format!("{} connects to `{host}`, a name of Service `{service}` in `{there}`, from {whence}: the name does not resolve there", c.label());
                sink.report(obj.file, c.anchor(), c.path.key("command"), message).help = Some(format!("put the {} in `{there}`, or write the full name `{host}.{there}.svc.cluster.local`", obj.kind));
            }
        }
    }
}
