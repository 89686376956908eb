//! PVC008: `persistentVolumeClaimRetentionPolicy` deletes the claims, and the data on them.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC008",
    name: "retention-policy-deletes-claims",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`whenDeleted: Delete` removes every claim of StatefulSet `{name}` with the StatefulSet: deleting it deletes the data | `whenScaled: Delete` removes the claims of the pods a scale-down removes: scaling StatefulSet `{name}` back up starts them empty",
    checks_md_id: Some("SS-24"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(policy) = obj.at("spec.persistentVolumeClaimRetentionPolicy") else { continue };
        let name = obj.name.unwrap_or("");
        for key in ["whenDeleted", "whenScaled"] {
            let Some(node) = policy.get(key).filter(|n| n.as_str() == Some("Delete")) else { continue };
            let message = if key == "whenDeleted" {
                format!("`whenDeleted: Delete` removes every claim of StatefulSet `{name}` with the StatefulSet: deleting it deletes the data")
            } else {
                format!("`whenScaled: Delete` removes the claims of the pods a scale-down removes: scaling StatefulSet `{name}` back up starts them empty")
            };
            let d = sink.report(obj.file, node.range, obj.path("spec.persistentVolumeClaimRetentionPolicy").key(key), message);
            d.help = Some("keep `Retain` for data you cannot rebuild, and delete claims by hand after a backup".into());
            d.fix = Some(Fix {
                title: format!("keep the claims (`{key}: Retain`)"),
                explanation: "`Retain` is the default: the claims and their data stay until you delete them yourself, so nothing is lost by mistake.".into(),
                edits: vec![TextEdit { file: obj.file, range: node.range, replacement: "Retain".into() }],
            });
        }
    }
}
