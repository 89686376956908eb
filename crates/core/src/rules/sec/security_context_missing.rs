//! SEC012: a pod with no security context at all (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC012",
    name: "security-context-missing",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the pods of {workload} set no `securityContext`, for the pod or any container: they run with the image's user and the runtime's defaults",
    checks_md_id: Some("SS-69"),
    other_tools: &[
        ("Checkov", "CKV_K8S_29"),
        ("Checkov", "CKV_K8S_30"),
        ("KICS", "Pod or Container Without Security Context"),
        ("Datree", "CIS_MISSING_KEY_SECURITYCONTEXT"),
        ("Kubescape", "C-0211"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        if t.spec.get("securityContext").is_some() || t.containers().iter().any(|c| c.node.get("securityContext").is_some()) {
            continue;
        }
        let obj = &ws.objects[t.object];
        let range = obj.anchor().0;
        sink.report(obj.file, range, t.spec_path.key("securityContext"), format!("the pods of {} set no `securityContext`, for the pod or any container: they run with the image's user and the runtime's defaults", obj.label())).help =
            Some("set at least `runAsNonRoot`, `seccompProfile` and `allowPrivilegeEscalation: false` (see SEC003, SEC011, SEC007)".into());
    }
}
