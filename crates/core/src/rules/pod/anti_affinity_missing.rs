//! POD020: replicas that nothing keeps on different nodes (opt-in).

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{LabelMap, Selector};
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Fix, Severity, Sink, Tier};
use crate::yaml::Node;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD020",
    name: "anti-affinity-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "the {n} replicas of {workload} may all land on one node: no pod anti-affinity keeps them apart",
    checks_md_id: Some("SS-54"),
    other_tools: &[
        ("kube-score", "statefulset-has-host-podantiaffinity"),
        ("kube-score", "deployment-has-host-podantiaffinity"),
        ("kube-linter", "no-anti-affinity"),
        ("KICS", "StatefulSet Has No PodAntiAffinity"),
    ],
    check: Check::Files(run),
    ..BASE
};

/// The label selectors of the pod's anti-affinity terms.
pub(crate) fn anti_affinity_selectors(spec: &Node) -> Vec<&Node> {
    let Some(anti) = spec.get("affinity").and_then(|a| a.get("podAntiAffinity")) else { return Vec::new() };
    let root = crate::yaml::Path::root();
    let required = items_with_paths(anti.get("requiredDuringSchedulingIgnoredDuringExecution"), &root).into_iter().map(|(_, t)| t);
    let preferred = items_with_paths(anti.get("preferredDuringSchedulingIgnoredDuringExecution"), &root).into_iter().filter_map(|(_, w)| w.get("podAffinityTerm"));
    required.chain(preferred).filter_map(|t| t.get("labelSelector")).collect()
}

fn spread(spec: &Node, labels: &LabelMap) -> bool {
    let selects = |sel: &Node| Selector::from_label_selector(sel).is_some_and(|s| !s.is_empty() && s.matches(labels));
    anti_affinity_selectors(spec).into_iter().any(selects)
        || spec.get("topologySpreadConstraints").and_then(Node::items).unwrap_or(&[]).iter().any(|c| {
            c.get_str("topologyKey") == Some("kubernetes.io/hostname") && c.get("labelSelector").is_some_and(selects)
        })
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for w in super::multi_replica(ws) {
        let (obj, t) = (w.obj, &w.template);
        if spread(t.spec, &t.label_map()) {
            continue;
        }
        let d = sink.report(obj.file, w.range, t.spec_path.key("affinity").key("podAntiAffinity"), format!("the {} replicas of {} may all land on one node: no pod anti-affinity keeps them apart", w.replicas, obj.label()));
        d.help = Some("add a preferred `podAntiAffinity` term on `kubernetes.io/hostname` that selects the workload's own labels".into());
        let text = ws.text(obj.file);
        let block = w.spec_block(text, "affinity", |pairs| {
            format!("affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 100\n      podAffinityTerm:\n        labelSelector:\n          matchLabels:{pairs}\n        topologyKey: kubernetes.io/hostname")
        }, 12);
        if let Some(edit) = block.and_then(|b| append_entry(obj.file, text, t.spec, &b)) {
            d.fix = Some(Fix {
                title: "prefer to keep the replicas on different nodes".into(),
                explanation: "A preferred anti-affinity term on `kubernetes.io/hostname` spreads the pods when there are enough nodes and still schedules them when there are not; use `required…` instead to refuse co-location.".into(),
                edits: vec![edit],
            });
        }
    }
}
