//! SEC010: a container that keeps the runtime's default capabilities (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC010",
    name: "capabilities-not-dropped",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} keeps the runtime's default capabilities (`NET_RAW` among them): drop `ALL` and add back what it needs",
    checks_md_id: Some("SS-67"),
    other_tools: &[
        ("kube-linter", "drop-net-raw-capability"),
        ("Polaris", "insecureCapabilities"),
        ("Checkov", "CKV_K8S_28"),
        ("Checkov", "CKV_K8S_37"),
        ("Kubescape", "C-0046"),
        ("KICS", "NET_RAW Capabilities Not Being Dropped"),
        ("Trivy", "KSV003"),
        ("Monokle", "KBP100"),
        ("kubesec", "CapDropAll"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let caps = c.node.get("securityContext").and_then(|s| s.entry("capabilities"));
            let dropped = caps.and_then(|e| e.value.get("drop")).and_then(|d| d.items()).unwrap_or(&[]).iter().filter_map(|n| n.as_str()).any(|n| {
                let bare = n.trim_start_matches("CAP_").to_ascii_uppercase();
                bare == "ALL" || bare == "NET_RAW"
            });
            if dropped {
                continue;
            }
            let range = caps.map(|e| e.key.range).unwrap_or_else(|| c.anchor());
            sink.report(obj.file, range, c.path.key("securityContext").key("capabilities").key("drop"), format!("{} keeps the runtime's default capabilities (`NET_RAW` among them): drop `ALL` and add back what it needs", c.label())).help =
                Some("add `capabilities: {drop: [\"ALL\"]}` to the container's `securityContext`".into());
        }
    }
}
