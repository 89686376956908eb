//! SEC006: host namespaces, host ports and the container runtime's socket.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::bool_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC006",
    name: "host-access",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    summary: "the pod shares the host's {network|PID|IPC} namespace | {container} binds host port {n} | mounts the container runtime's socket",
    checks_md_id: Some("SS-70"),
    other_tools: &[
        ("kube-linter", "host-network"),
        ("kube-linter", "host-pid"),
        ("kube-linter", "host-ipc"),
        ("kube-linter", "docker-sock"),
        ("Polaris", "hostNetworkSet"),
        ("Polaris", "hostPortSet"),
        ("Checkov", "CKV_K8S_17/18/19"),
        ("Checkov", "CKV_K8S_26"),
        ("Checkov", "CKV_K8S_27"),
        ("Trivy", "KSV008/009/010"),
        ("Trivy", "KSV024"),
        ("Kubescape", "C-0038"),
        ("Kubescape", "C-0044"),
    ],
    check: Check::Files(run),
    ..BASE
};

const SOCKETS: &[&str] = &["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for (key, what) in [("hostNetwork", "network"), ("hostPID", "PID"), ("hostIPC", "IPC")] {
            if let Some(node) = t.spec.get(key).filter(|n| bool_of(n) == Some(true)) {
                sink.report(obj.file, node.range, t.spec_path.key(key), format!("the pod shares the host's {what} namespace (`{key}: true`)"));
            }
        }
        for c in t.containers() {
            for (path, port) in c.ports() {
                if let Some(node) = port.get("hostPort") {
                    let n = node.as_str().unwrap_or("");
                    sink.report(obj.file, node.range, path.key("hostPort"), format!("{} binds host port {n}: one replica per node, and the port is open on the node", c.label()));
                }
            }
        }
        for (path, v) in t.volumes() {
            let Some(p) = v.get("hostPath").and_then(|h| h.get("path")) else { continue };
            if p.as_str().is_some_and(|s| SOCKETS.iter().any(|k| s.ends_with(k))) {
                sink.report(obj.file, p.range, path.key("hostPath").key("path"), "the pod mounts the container runtime's socket: it can start privileged containers on the node");
            }
        }
    }
}
