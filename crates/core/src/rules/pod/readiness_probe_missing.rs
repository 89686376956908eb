//! POD004: a container has no readiness probe.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD004",
    name: "readiness-probe-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} has no `readinessProbe`: it counts as Ready as soon as it starts",
    checks_md_id: Some("SS-38"),
    other_tools: &[
        ("kube-linter", "no-readiness-probe"),
        ("Polaris", "readinessProbeMissing"),
        ("Checkov", "CKV_K8S_9"),
        ("kube-score", "pod-probes"),
        ("Datree", "CONTAINERS_MISSING_READINESSPROBE_KEY"),
        ("Kubescape", "C-0018"),
        ("KICS", "Readiness Probe Is Not Configured"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        for c in t.app_containers() {
            if c.node.get("readinessProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            let kind = ws.objects[t.object].kind;
            let message = if kind == "StatefulSet" {
                format!("{} has no `readinessProbe`: it counts as Ready as soon as it starts, and the next ordinal starts too", c.label())
            } else {
                format!("{} has no `readinessProbe`: it counts as Ready as soon as it starts", c.label())
            };
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("readinessProbe"), message).help =
                Some("add a `readinessProbe` that succeeds only when the server accepts requests".into());
        }
    }
}
