//! SEC018: no NetworkPolicy of the files given isolates the pods (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::Selector;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC018",
    name: "network-policy-missing",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "no NetworkPolicy in the files given restricts traffic to the pods of {workload}: any pod in the cluster can connect to them",
    checks_md_id: Some("SS-60"),
    other_tools: &[
        ("kube-linter", "non-isolated-pod"),
        ("Polaris", "missingNetworkPolicy"),
        ("kube-score", "pod-networkpolicy"),
        ("Checkov", "CKV2_K8S_6"),
        ("Kubescape", "C-0260"),
        ("KICS", "Pod Misconfigured NetworkPolicy"),
    ],
    check: Check::Files(run),
    ..BASE
};

const KINDS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    let policies: Vec<_> = ws
        .of_kind("NetworkPolicy")
        .filter(|(_, p)| match p.at("spec.policyTypes").and_then(|t| t.items()) {
            Some(types) => types.iter().any(|t| t.as_str() == Some("Ingress")),
            None => true,
        })
        .filter_map(|(_, p)| Some((p, Selector::from_label_selector(p.at("spec.podSelector")?)?)))
        .collect();
    for (index, obj) in ws.objects.iter().enumerate() {
        if !KINDS.contains(&obj.kind) {
            continue;
        }
        let Some(t) = ws.pod_template(index) else { continue };
        let labels = t.label_map();
        if policies.iter().any(|(p, sel)| ws.same_namespace(p, obj) && sel.matches(&labels)) {
            continue;
        }
        let (range, _) = obj.anchor();
        sink.report(obj.file, range, t.meta_path.key("labels"), format!("no NetworkPolicy in the files given restricts traffic to the pods of {}: any pod in the cluster can connect to them", obj.label())).help =
            Some("add a NetworkPolicy that selects these pods and allows only their clients".into());
    }
}
