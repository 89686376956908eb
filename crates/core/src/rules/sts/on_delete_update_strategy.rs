//! STS011: `updateStrategy: OnDelete`.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS011",
    name: "on-delete-update-strategy",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "with `OnDelete`, template changes reach a pod only when you delete that pod",
    checks_md_id: Some("SS-58"),
    other_tools: &[("kube-linter", "no-rolling-update-strategy"), ("Kubescape", "C-0305")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(node) = obj.at("spec.updateStrategy.type") else { continue };
        if node.as_str() == Some("OnDelete") {
            sink.report(obj.file, node.range, obj.path("spec.updateStrategy.type"), "with `OnDelete`, template changes reach a pod only when you delete that pod");
        }
    }
}
