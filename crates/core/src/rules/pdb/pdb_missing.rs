//! PDB001: no PodDisruptionBudget covers a replicated StatefulSet.

use crate::rules::edit::{append_document, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::sts::statefulsets;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PDB001",
    name: "pdb-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "no PodDisruptionBudget in the files given covers the pods of StatefulSet `{name}`",
    checks_md_id: Some("SS-52"),
    other_tools: &[("kube-score", "statefulset-has-poddisruptionbudget"), ("KICS", "StatefulSet Without PodDisruptionBudget")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in statefulsets(ws) {
        if sts.replicas().is_none_or(|r| r < 2) {
            continue;
        }
        let labels = crate::rules::sts::pod_labels(&sts);
        let mut dangling = false;
        let mut covered = false;
        for (_, pdb) in ws.of_kind("PodDisruptionBudget").filter(|(_, p)| ws.same_namespace(p, sts.obj)) {
            let Some(sel) = pdb.label_selector() else { continue };
            if sel.matches(&labels) {
                covered = true;
            } else if super::selects_nothing(ws, pdb, &sel) {
                dangling = true; // PDB002 reports it; it was probably meant for these pods
            }
        }
        if covered || dangling {
            continue;
        }
        let (range, _) = sts.obj.anchor();
        let name = sts.obj.name.unwrap_or("");
        let d = sink.report(sts.obj.file, range, sts.obj.path("metadata.name"), format!("no PodDisruptionBudget in the files given covers the pods of StatefulSet `{name}`"));
        d.help = Some("add a PodDisruptionBudget with `maxUnavailable: 1` and the StatefulSet's selector".into());
        let Some(sel) = sts.obj.label_selector().filter(|s| !s.match_labels.is_empty() && s.expressions.is_empty()) else { continue };
        let namespace = sts.obj.namespace.map(|n| format!("\n  namespace: {}", yaml_string(n))).unwrap_or_default();
        let labels: String = sel.match_labels.iter().map(|(k, v)| format!("\n      {}: {}", yaml_string(k), yaml_string(v))).collect();
        let doc = format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}-pdb{namespace}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:{labels}\n");
        d.fix = Some(Fix {
            title: format!("add PodDisruptionBudget `{name}-pdb` with `maxUnavailable: 1`"),
            explanation: "Voluntary evictions (drains) then take down at most one of these pods at a time; the budget selects the pods by the StatefulSet's own selector.".into(),
            edits: vec![append_document(sts.obj.file, ws.text(sts.obj.file), &doc)],
        });
    }
}
