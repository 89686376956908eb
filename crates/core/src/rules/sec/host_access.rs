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
    explanation: r#"## What it does
Reports pods that reach into their node: `hostNetwork`, `hostPID` or `hostIPC` set to `true`
(checks.md SS-70), container ports with a `hostPort` (SS-71), and `hostPath` volumes that
mount the container runtime's socket (`docker.sock`, `containerd.sock`, `crio.sock`; SS-72).

## Why is this bad?
Each one weakens the wall between the pod and the node. With the host's network the pod can
bind any node port and see its traffic; with its PID namespace it sees and signals every
process; with the runtime socket it can start privileged containers, which is root on the
node. A `hostPort` also ties each replica to a node where the port is free, so a StatefulSet
with more replicas than nodes leaves pods `Pending`.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: minio
spec:
  hostNetwork: true
  containers:
  - name: minio
    image: minio/minio:RELEASE.2024-01-01T00-00-00Z
    ports:
    - containerPort: 9000
      hostPort: 9000
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: minio
spec:
  containers:
  - name: minio
    image: minio/minio:RELEASE.2024-01-01T00-00-00Z
    ports:
    - containerPort: 9000
```

## References
- [Pod Security Standards: baseline](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [Configuration best practices: services](https://kubernetes.io/docs/concepts/configuration/overview/#services)
"#,
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
