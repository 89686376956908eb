//! SEC009: Linux capabilities added to a container.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC009",
    name: "capabilities-added",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    summary: "{container} adds the capability `{cap}`",
    checks_md_id: Some("SS-67"),
    other_tools: &[
        ("Checkov", "CKV_K8S_25"),
        ("Checkov", "CKV_K8S_39"),
        ("Polaris", "dangerousCapabilities"),
        ("Polaris", "insecureCapabilities"),
        ("Kubescape", "C-0046"),
        ("Trivy", "KSV005"),
        ("KICS", "Containers With Sys Admin Capabilities"),
    ],
    check: Check::Files(run),
    ..BASE
};

const DANGEROUS: &[&str] = &["SYS_ADMIN", "NET_ADMIN", "ALL", "SYS_PTRACE", "SYS_MODULE", "NET_RAW", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF", "PERFMON", "SYS_BOOT", "SYS_TIME"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let Some(add) = c.node.get("securityContext").and_then(|s| s.get("capabilities")).and_then(|cap| cap.get("add")) else { continue };
            let base = c.path.key("securityContext").key("capabilities").key("add");
            for (i, cap) in add.items().unwrap_or(&[]).iter().enumerate() {
                let Some(name) = cap.as_str() else { continue };
                let bare = name.trim_start_matches("CAP_").to_ascii_uppercase();
                let d = sink.report(obj.file, cap.range, base.index(i), format!("{} adds the capability `{name}`", c.label()));
                if !DANGEROUS.contains(&bare.as_str()) {
                    d.severity = Severity::Info;
                }
            }
        }
    }
}
