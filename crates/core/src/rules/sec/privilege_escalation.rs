//! SEC004: `allowPrivilegeEscalation: true` or `privileged: true`.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC004",
    name: "privileged-or-escalation",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    summary: "{container} sets `privileged: true` | `allowPrivilegeEscalation: true`",
    checks_md_id: Some("SS-65"),
    other_tools: &[
        ("kube-linter", "privilege-escalation-container"),
        ("kube-linter", "privileged-container"),
        ("Polaris", "privilegeEscalationAllowed"),
        ("Polaris", "runAsPrivileged"),
        ("Checkov", "CKV_K8S_20"),
        ("Checkov", "CKV_K8S_16"),
        ("Trivy", "KSV001"),
        ("Trivy", "KSV017"),
        ("Kubescape", "C-0016"),
        ("Kubescape", "C-0057"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            for key in ["privileged", "allowPrivilegeEscalation"] {
                if let Some((path, node, true)) = super::security_context::container_bool(&c, key) {
                    sink.report(obj.file, node.range, path, format!("{} sets `{key}: true`", c.label())).help = Some(format!("remove it or set `{key}: false`"));
                }
            }
        }
    }
}
