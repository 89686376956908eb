//! PVC002: a volumeClaimTemplate that no container mounts.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC002",
    name: "claim-template-not-mounted",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "no container mounts volumeClaimTemplate `{name}`: the data goes to the container's ephemeral disk",
    checks_md_id: Some("SS-18"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for claim in super::claims(ws).into_iter().filter(|c| c.template) {
        let Some(name) = claim.name() else { continue };
        let Some(index) = ws.objects.iter().position(|o| std::ptr::eq(o, claim.obj)) else { continue };
        let Some(t) = ws.pod_template(index) else { continue };
        let mounted = t.containers().iter().any(|c| c.mounts().iter().any(|(_, m)| m.get_str("name") == Some(name)));
        if mounted {
            continue;
        }
        let range = claim.node.get("metadata").and_then(|m| m.get("name")).map(|n| n.range).unwrap_or(claim.anchor());
        sink.report(claim.obj.file, range, claim.path.key("metadata").key("name"), format!("no container mounts volumeClaimTemplate `{name}`: the data goes to the container's ephemeral disk")).help =
            Some(format!("add a `volumeMounts` entry named `{name}` at the application's data directory"));
    }
}
