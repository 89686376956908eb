//! POD012: a container sets no CPU or memory limit.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD012",
    name: "resource-limits-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} has no resource limits | has no `{cpu|memory}` limit",
    checks_md_id: Some("SS-49"),
    other_tools: &[
        ("kube-linter", "unset-memory-requirements"),
        ("Polaris", "memoryLimitsMissing"),
        ("Polaris", "cpuLimitsMissing"),
        ("Checkov", "CKV_K8S_13"),
        ("Checkov", "CKV_K8S_11"),
        ("kube-score", "container-resources"),
        ("Trivy", "KSV018"),
        ("Trivy", "KSV011"),
        ("Kubescape", "C-0004"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            let limits = c.node.get("resources").and_then(|r| r.get("limits"));
            let missing: Vec<&str> = ["cpu", "memory"].into_iter().filter(|k| limits.and_then(|l| l.get(k)).is_none()).collect();
            let message = match missing.as_slice() {
                [] => continue,
                [_, _] => format!("{} has no resource limits", c.label()),
                [one] => format!("{} has no `{one}` limit", c.label()),
                _ => unreachable!("two resources at most"),
            };
            let d = sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("resources").key("limits"), message);
            d.help = Some("set at least a memory limit; a CPU limit is a trade-off (it throttles)".into());
            if missing == ["cpu"] {
                d.severity = Severity::Info;
            }
        }
    }
}
