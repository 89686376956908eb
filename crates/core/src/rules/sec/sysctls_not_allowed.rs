//! SEC015: sysctls outside the safe set, and an unmasked `/proc`.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC015",
    name: "sysctls-not-allowed",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    summary: "sysctl `{name}` is not in the safe set: the kubelet rejects the pod (`SysctlForbidden`) unless the node allows it | {container} sets `procMount: Unmasked`",
    checks_md_id: Some("SS-75"),
    other_tools: &[
        ("kube-linter", "unsafe-sysctls"),
        ("kube-linter", "unsafe-proc-mount"),
        ("Polaris", "procMount"),
        ("Trivy", "KSV027"),
        ("KICS", "Cluster Allows Unsafe Sysctls"),
        ("KICS", "Container Runs Unmasked"),
    ],
    check: Check::Files(run),
    ..BASE
};

/// The sysctls the kubelet allows by default (Kubernetes 1.32+).
const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ping_group_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let base = t.spec_path.key("securityContext").key("sysctls");
        for (path, item) in items_with_paths(t.spec.get("securityContext").and_then(|s| s.get("sysctls")), &base) {
            let Some(node) = item.get("name") else { continue };
            let Some(name) = node.as_str() else { continue };
            // `/` is an accepted separator: `net/ipv4/tcp_syncookies`
            if SAFE.contains(&name.replace('/', ".").as_str()) {
                continue;
            }
            sink.report(obj.file, node.range, path.key("name"), format!("sysctl `{name}` is not in the safe set: the kubelet rejects the pod (`SysctlForbidden`) unless the node allows it")).help =
                Some("set it on the nodes instead, or make sure every node allows it (`--allowed-unsafe-sysctls`)".into());
        }
        for c in t.containers() {
            let Some(node) = c.node.get("securityContext").and_then(|s| s.get("procMount")).filter(|n| n.as_str() == Some("Unmasked")) else { continue };
            sink.report(obj.file, node.range, c.path.key("securityContext").key("procMount"), format!("{} sets `procMount: Unmasked`: it sees the parts of `/proc` the runtime hides", c.label())).help =
                Some("remove it (the default is `Default`)".into());
        }
    }
}
