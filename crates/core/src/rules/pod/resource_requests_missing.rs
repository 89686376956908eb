//! POD011: a container requests no CPU or memory.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD011",
    name: "resource-requests-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} has no resource requests | has no `{cpu|memory}` request",
    checks_md_id: Some("SS-46"),
    other_tools: &[
        ("kube-linter", "unset-cpu-requirements"),
        ("kube-linter", "unset-memory-requirements"),
        ("Polaris", "cpuRequestsMissing"),
        ("Polaris", "memoryRequestsMissing"),
        ("Checkov", "CKV_K8S_10"),
        ("Checkov", "CKV_K8S_12"),
        ("kube-score", "container-resources"),
        ("Trivy", "KSV015"),
        ("Trivy", "KSV016"),
        ("Kubescape", "C-0050"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            let resources = c.node.get("resources");
            let requests = resources.and_then(|r| r.get("requests"));
            // limits alone also set requests (the API copies them)
            let limits = resources.and_then(|r| r.get("limits"));
            let has = |k: &str| requests.and_then(|r| r.get(k)).is_some() || limits.and_then(|l| l.get(k)).is_some();
            let missing: Vec<&str> = ["cpu", "memory"].into_iter().filter(|k| !has(k)).collect();
            let message = match missing.as_slice() {
                [] => continue,
                [_, _] => format!("{} has no resource requests", c.label()),
                [one] => format!("{} has no `{one}` request", c.label()),
                _ => unreachable!("two resources at most"),
            };
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("resources").key("requests"), message).help =
                Some("request the CPU and memory the container needs at steady state".into());
        }
    }
}
