//! PDB002: a PodDisruptionBudget's selector matches no pods in the files given.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PDB002",
    name: "pdb-selects-nothing",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the selector of PodDisruptionBudget `{name}` matches no pods in the files given | the PodDisruptionBudget `{name}` sets no namespace, but the pods it selects are in `{namespace}`",
    checks_md_id: Some("SS-52"),
    other_tools: &[("kube-score", "statefulset-has-poddisruptionbudget"), ("Monokle", "LNK001")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, pdb) in ws.of_kind("PodDisruptionBudget") {
        let Some(sel) = pdb.label_selector() else { continue };
        if let Some(namespace) = elsewhere(ws, pdb, &sel) {
            let name = pdb.name.unwrap_or("");
            let (range, _) = pdb.anchor();
            let d = sink.report(pdb.file, range, pdb.path("metadata.namespace"), format!("the PodDisruptionBudget `{name}` sets no namespace, but the pods it selects are in `{namespace}`"));
            d.help = Some(format!("a budget protects only pods of its own namespace: without `namespace: {namespace}` it lands in the current context's, usually `default`, and a drain evicts the pods freely"));
            continue;
        }
        if sel.is_empty() || !ws.pod_labels().iter().any(|(i, _)| ws.same_namespace(&ws.objects[*i], pdb)) {
            continue;
        }
        if !super::selects_nothing(ws, pdb, &sel) {
            continue;
        }
        let Some(node) = pdb.at("spec.selector") else { continue };
        let Some((range, path, related)) = ws.selector_culprit(node, &pdb.path("spec.selector"), false, pdb) else { continue };
        let name = pdb.name.unwrap_or("");
        let d = sink.report(pdb.file, range, path, format!("the selector of PodDisruptionBudget `{name}` matches no pods in the files given"));
        d.help = Some("use the labels of the pods it should protect (the workload's `spec.selector.matchLabels`)".into());
        d.related = related;
    }
}

/// The one namespace, other than `default`, of every workload a namespace-less budget selects.
fn elsewhere<'a>(ws: &Workspace<'a>, pdb: &crate::rules::workspace::Object<'a>, sel: &crate::rules::util::Selector) -> Option<&'a str> {
    if pdb.namespace.is_some() || sel.is_empty() {
        return None;
    }
    let mut namespaces = std::collections::BTreeSet::new();
    for (i, labels) in ws.pod_labels() {
        if sel.matches(labels) {
            namespaces.insert(ws.objects[*i].namespace?);
        }
    }
    let mut it = namespaces.into_iter();
    match (it.next(), it.next()) {
        (Some(ns), None) if ns != "default" => Some(ns),
        _ => None,
    }
}
