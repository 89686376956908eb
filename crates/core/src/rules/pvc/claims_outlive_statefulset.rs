//! PVC009: no `persistentVolumeClaimRetentionPolicy`: the claims outlive scale-down and
//! deletion (opt-in).

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC009",
    name: "claims-outlive-statefulset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the claims of StatefulSet `{name}` outlive scale-down and deletion (no `persistentVolumeClaimRetentionPolicy`): delete them by hand when the data is no longer needed",
    checks_md_id: Some("SS-24"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(spec) = obj.root.get("spec") else { continue };
        let Some(vct) = spec.entry("volumeClaimTemplates").filter(|e| e.value.items().is_some_and(|i| !i.is_empty())) else { continue };
        if spec.get("persistentVolumeClaimRetentionPolicy").is_some() {
            continue;
        }
        let name = obj.name.unwrap_or("");
        let d = sink.report(
            obj.file,
            vct.key.range,
            obj.path("spec.persistentVolumeClaimRetentionPolicy"),
            format!("the claims of StatefulSet `{name}` outlive scale-down and deletion (no `persistentVolumeClaimRetentionPolicy`): delete them by hand when the data is no longer needed"),
        );
        if let Some(edit) = append_entry(obj.file, ws.text(obj.file), spec, "persistentVolumeClaimRetentionPolicy:\n  whenDeleted: Retain\n  whenScaled: Retain") {
            d.fix = Some(Fix {
                title: "write the default retention policy (`Retain`) out".into(),
                explanation: "This changes nothing in the cluster: `Retain` is the default. It records the decision so that readers know the claims are kept on purpose.".into(),
                edits: vec![edit],
            });
        }
    }
}
