//! SEC007: `allowPrivilegeEscalation` is not set to `false` (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

use super::security_context::{container_bool, set_container_field};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC007",
    name: "privilege-escalation-not-disabled",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "{container} does not set `allowPrivilegeEscalation: false`: a setuid program in it can gain privileges",
    checks_md_id: Some("SS-65"),
    other_tools: &[
        ("kube-linter", "privilege-escalation-container"),
        ("Polaris", "privilegeEscalationAllowed"),
        ("Checkov", "CKV_K8S_20"),
        ("Kubescape", "C-0016"),
        ("KICS", "Privilege Escalation Allowed"),
        ("Trivy", "KSV001"),
        ("Datree", "CONTAINERS_MISSING_KEY_ALLOWPRIVILEGEESCALATION"),
        ("kubesec", "AllowPrivilegeEscalation"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let explicit = container_bool(&c, "allowPrivilegeEscalation");
            if explicit.is_some() || container_bool(&c, "privileged").is_some_and(|(_, _, p)| p) {
                continue; // `false` is right; `true` and `privileged` are SEC004's
            }
            let d = sink.report(
                obj.file,
                c.anchor(),
                c.path.key("securityContext").key("allowPrivilegeEscalation"),
                format!("{} does not set `allowPrivilegeEscalation: false`: a setuid program in it can gain privileges", c.label()),
            );
            if let Some(edit) = set_container_field(obj.file, ws.text(obj.file), &c, "allowPrivilegeEscalation", "false") {
                d.fix = Some(Fix {
                    title: "set `allowPrivilegeEscalation: false`".into(),
                    explanation: "The container's processes can then never gain privileges they did not start with; an image that switches users while still root is unaffected.".into(),
                    edits: vec![edit],
                });
            }
        }
    }
}
