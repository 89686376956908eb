//! POD005: a container has no liveness probe.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD005",
    name: "liveness-probe-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} has no `livenessProbe`: a hung process is never restarted",
    checks_md_id: Some("SS-39"),
    other_tools: &[
        ("kube-linter", "no-liveness-probe"),
        ("Polaris", "livenessProbeMissing"),
        ("Checkov", "CKV_K8S_8"),
        ("kube-score", "pod-probes"),
        ("Datree", "CONTAINERS_MISSING_LIVENESSPROBE_KEY"),
        ("Kubescape", "C-0056"),
        ("KICS", "Liveness Probe Is Not Defined"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        for c in t.app_containers() {
            if c.node.get("livenessProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("livenessProbe"), format!("{} has no `livenessProbe`: a hung process is never restarted", c.label())).help =
                Some("add a `livenessProbe` that fails only when a restart would help".into());
        }
    }
}
