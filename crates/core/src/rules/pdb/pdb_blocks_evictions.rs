//! PDB003: a PodDisruptionBudget that allows no eviction at all.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{int_of, scalar_text};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PDB003",
    name: "pdb-blocks-evictions",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "the PodDisruptionBudget `{name}` allows no voluntary eviction: node drains will hang",
    checks_md_id: Some("SS-53"),
    other_tools: &[
        ("kube-linter", "pdb-max-unavailable"),
        ("kube-linter", "pdb-min-available"),
        ("Polaris", "pdbDisruptionsIsZero"),
        ("kube-score", "poddisruptionbudget-has-policy"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, pdb) in ws.of_kind("PodDisruptionBudget") {
        let name = pdb.name.unwrap_or("");
        let message = format!("the PodDisruptionBudget `{name}` allows no voluntary eviction: node drains will hang");
        if let Some(node) = pdb.at("spec.maxUnavailable") {
            let v = scalar_text(node).unwrap_or_default();
            if v == "0" || v == "0%" {
                sink.report(pdb.file, node.range, pdb.path("spec.maxUnavailable"), message);
            }
            continue;
        }
        let Some(node) = pdb.at("spec.minAvailable") else { continue };
        let v = scalar_text(node).unwrap_or_default();
        let blocks = if v == "100%" {
            true
        } else if let Some(min) = int_of(node) {
            let sel = pdb.label_selector();
            ws.objects.iter().enumerate().filter(|(_, o)| matches!(o.kind, "StatefulSet" | "Deployment") && ws.same_namespace(o, pdb)).any(|(i, o)| {
                let labels = ws.pod_template(i).map(|t| t.label_map()).unwrap_or_default();
                let replicas = o.at("spec.replicas").and_then(int_of).unwrap_or(1);
                sel.as_ref().is_some_and(|s| !s.is_empty() && s.matches(&labels)) && min >= replicas
            })
        } else {
            false
        };
        if blocks {
            sink.report(pdb.file, node.range, pdb.path("spec.minAvailable"), message);
        }
    }
}
