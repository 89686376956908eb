//! PVC015: a VolumeSnapshot names a StatefulSet's claim from another namespace.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC015",
    name: "snapshot-claim-elsewhere",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the VolumeSnapshot `{name}` in `{namespace}` snapshots `{claim}`, a claim of StatefulSet `{set}` in `{other}`: the snapshot controller finds no such claim",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

/// Where a claim of this name is made: (the namespace, what makes it).
fn claim_homes<'a>(ws: &Workspace<'a>, claim: &str) -> Vec<(&'a str, String)> {
    let mut out = Vec::new();
    for obj in &ws.objects {
        let Some(ns) = obj.namespace else { continue };
        match obj.kind {
            "PersistentVolumeClaim" if obj.name == Some(claim) => out.push((ns, "a PersistentVolumeClaim".to_owned())),
            "StatefulSet" => {
                let Some(set) = obj.name else { continue };
                for t in obj.at("spec.volumeClaimTemplates").and_then(|n| n.items()).into_iter().flatten() {
                    let Some(template) = t.get("metadata").and_then(|m| m.get_str("name")) else { continue };
                    let ordinal = claim.strip_prefix(&format!("{template}-{set}-"));
                    if ordinal.is_some_and(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_digit())) {
                        out.push((ns, format!("a claim of StatefulSet `{set}`")));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for obj in ws.objects.iter().filter(|o| o.kind == "VolumeSnapshot") {
        let Some(node) = obj.at("spec.source.persistentVolumeClaimName") else { continue };
        let Some(claim) = node.as_str() else { continue };
        let here = obj.namespace.unwrap_or("default");
        let homes = claim_homes(ws, claim);
        if homes.is_empty() || homes.iter().any(|(ns, _)| *ns == here) {
            continue;
        }
        let (there, what) = &homes[0];
        let whence = if obj.namespace.is_some() { format!("in `{here}`") } else { "with no namespace (so in `default`)".to_owned() };
        let message = format!("the VolumeSnapshot `{}` {whence} snapshots `{claim}`, {what} in `{there}`: the snapshot controller finds no such claim, and the snapshot is never ready", obj.name.unwrap_or(""), );
        sink.report(obj.file, node.range, obj.path("spec.source.persistentVolumeClaimName"), message).help = Some(format!("give the VolumeSnapshot `namespace: {there}`"));
    }
}
