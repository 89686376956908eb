//! UPD004: a StatefulSet of the applied files is gone from the edit.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::yaml::{Path, TextRange};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD004",
    name: "statefulset-deleted",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "the StatefulSet `{name}` is not in the edited files: deleting it stops its pods in no guaranteed order and leaves its claims behind | and deletes its claims with their data",
    checks_md_id: Some("SS-80"),
    other_tools: &[],
    check: Check::Update(run),
    ..BASE
};

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    if new.objects.is_empty() {
        return; // nothing to compare with: not an edit of the same files
    }
    for (_, before) in old.of_kind("StatefulSet") {
        let Some(name) = before.name else { continue };
        if new.of_kind("StatefulSet").any(|(_, o)| o.name == Some(name) && o.namespace == before.namespace) {
            continue;
        }
        // point at the start of the edited file that held it (or the first one)
        let file = if before.file < new.files.len() { before.file } else { 0 };
        let Some(first) = new.objects.iter().find(|o| o.file == file).or_else(|| new.objects.first()) else { continue };
        let range = first.root.entries().and_then(|e| e.first()).map(|e| e.key.range).unwrap_or(TextRange::empty(0));
        let deletes_claims = before.at("spec.persistentVolumeClaimRetentionPolicy.whenDeleted").and_then(|n| n.as_str()) == Some("Delete");
        let message = if deletes_claims {
            format!("the StatefulSet `{name}` is not in the edited files: deleting it stops its pods in no guaranteed order and deletes its claims with their data (`whenDeleted: Delete`)")
        } else {
            format!("the StatefulSet `{name}` is not in the edited files: deleting it stops its pods in no guaranteed order and leaves its claims behind")
        };
        let d = sink.report(first.file, range, Path::root(), message);
        if deletes_claims {
            d.severity = Severity::Warning;
        }
        d.help = Some(format!("scale it to 0 first (`kubectl scale statefulset {name} --replicas=0`), then delete it; delete its claims yourself once the data is safe"));
    }
}
