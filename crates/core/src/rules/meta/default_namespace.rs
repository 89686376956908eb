//! META001: objects without a namespace or in `default` (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "META001",
    name: "default-namespace",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{object} has no namespace (it lands in the current context's, usually `default`) | is in `default`",
    checks_md_id: Some("SS-07"),
    other_tools: &[("kube-linter", "use-namespace"), ("Checkov", "CKV_K8S_21"), ("Kubescape", "C-0061"), ("Datree", "WORKLOAD_INCORRECT_NAMESPACE_VALUE_DEFAULT"), ("KICS", "Using Default Namespace")],
    check: Check::Files(run),
    ..BASE
};

const KINDS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Pod", "Service", "PersistentVolumeClaim", "PodDisruptionBudget", "Secret", "ConfigMap", "Job", "CronJob", "VolumeSnapshot"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for obj in ws.objects.iter().filter(|o| KINDS.contains(&o.kind)) {
        match obj.root.get("metadata").and_then(|m| m.get("namespace")) {
            Some(n) if n.as_str() == Some("default") => {
                sink.report(obj.file, n.range, obj.path("metadata.namespace"), format!("the {} is in the `default` namespace", obj.label()));
            }
            Some(_) => {}
            None => {
                let (range, _) = obj.anchor();
                sink.report(obj.file, range, obj.path("metadata.namespace"), format!("the {} has no namespace: it lands in the current context's, usually `default`", obj.label()));
            }
        }
    }
}
