//! SEC016: neither an AppArmor profile nor SELinux options (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

use super::security_context::effective;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC016",
    name: "linux-hardening-missing",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} names no AppArmor profile and no SELinux options: it gets whatever the node applies by default",
    checks_md_id: Some("SS-76"),
    other_tools: &[
        ("Polaris", "linuxHardening"),
        ("Kubescape", "C-0055"),
        ("KICS", "Missing App Armor Config"),
        ("Trivy", "KSV002"),
        ("kubesec", "AppArmor"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let annotations = t.template.get("metadata").and_then(|m| m.get("annotations"));
        for c in t.containers() {
            if effective(&t, &c, "appArmorProfile").is_some() || effective(&t, &c, "seLinuxOptions").is_some() {
                continue;
            }
            let annotated = c.name.is_some_and(|n| annotations.and_then(|a| a.get(&format!("container.apparmor.security.beta.kubernetes.io/{n}"))).is_some());
            if annotated {
                continue;
            }
            sink.report(obj.file, c.anchor(), c.path.key("securityContext").key("appArmorProfile"), format!("{} names no AppArmor profile and no SELinux options: it gets whatever the node applies by default", c.label())).help =
                Some("set `appArmorProfile: {type: RuntimeDefault}` (or `seLinuxOptions`) in the pod's `securityContext`".into());
        }
    }
}
