//! PVC006: `storageClassName` is unset, or names a class the files do not define.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC006",
    name: "storage-class-unset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "{claim} sets no `storageClassName`: it gets the cluster's default StorageClass",
    checks_md_id: Some("SS-21"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    let classes: Vec<&str> = ws.of_kind("StorageClass").filter_map(|(_, o)| o.name).collect();
    for claim in super::claims(ws) {
        let Some(spec) = claim.spec() else { continue };
        let annotated = claim.node.get("metadata").and_then(|m| m.get("annotations")).is_some_and(|a| {
            a.get("volume.beta.kubernetes.io/storage-class").is_some() || a.get("volume.alpha.kubernetes.io/storage-class").is_some()
        });
        match spec.get("storageClassName") {
            None if !annotated => {
                let d = sink.report(claim.obj.file, claim.anchor(), claim.path.key("spec").key("storageClassName"), format!("{} sets no `storageClassName`: it gets the cluster's default StorageClass", claim.label()));
                d.help = Some("name the StorageClass the data should live on".into());
            }
            Some(node) => {
                let Some(name) = node.as_str().filter(|n| !n.is_empty()) else { continue };
                if classes.is_empty() || classes.contains(&name) {
                    continue;
                }
                let d = sink.report(claim.obj.file, node.range, claim.path.key("spec").key("storageClassName"), format!("no StorageClass `{name}` is defined in the files given: the claim would stay `Pending`"));
                d.severity = Severity::Warning;
                if let Some(g) = did_you_mean(name, classes.iter().copied()) {
                    d.help = Some(format!("did you mean `{g}`?"));
                }
            }
            None => {}
        }
    }
}
