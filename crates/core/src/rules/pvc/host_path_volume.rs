//! PVC010: a workload keeps its data in a `hostPath` volume.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC010",
    name: "host-path-volume",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "volume `{name}` is a `hostPath` (`{path}`): the data stays on one node and the node's files are exposed to the pod",
    checks_md_id: Some("SS-25"),
    other_tools: &[
        ("Polaris", "hostPathSet"),
        ("kube-linter", "sensitive-host-mounts"),
        ("kube-linter", "writable-host-mount"),
        ("Kubescape", "C-0048"),
        ("Kubescape", "C-0045"),
        ("Trivy", "KSV023"),
        ("Datree", "CONTAINERS_INCORRECT_KEY_HOSTPATH"),
        ("KICS", "Non Kube System Pod With Host Mount"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports `hostPath` volumes in the pod templates of StatefulSets, Deployments, ReplicaSets,
Jobs and bare Pods. DaemonSets are left alone (node agents read the node's files on
purpose), and so is the container runtime's socket, which SEC006 reports.

## Why is this bad?
A `hostPath` volume is a directory of whichever node the pod lands on. Data written there
does not follow the pod: when `db-0` is rescheduled to another node (a drain, a node
failure) it starts with an empty directory, or with the stale files of another replica that
once ran there. Nothing reserves the space, nothing backs it up, and two replicas on one
node share the directory. It also opens the node's file system to the container (writable
by default), which is why the Pod Security Standards forbid it at the baseline level. Use a
`volumeClaimTemplates` entry: each replica gets its own claim, which follows it to any node
the storage can reach.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
      volumes:
      - name: data
        hostPath:
          path: /mnt/pgdata
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
```

## References
- [Volumes: hostPath](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
- [Pod Security Standards: baseline, HostPath volumes](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#,
    ..BASE
};

/// Sockets that SEC006 reports as such.
const SOCKETS: &[&str] = &["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        if obj.kind == "DaemonSet" {
            continue;
        }
        for (path, volume) in t.volumes() {
            let Some(host) = volume.entry("hostPath") else { continue };
            let dir = host.value.get_str("path").unwrap_or("");
            if SOCKETS.iter().any(|s| dir.ends_with(s)) {
                continue;
            }
            let name = volume.get_str("name").unwrap_or("?");
            sink.report(obj.file, host.key.range, path.key("hostPath"), format!("volume `{name}` is a `hostPath` (`{dir}`): the data stays on one node and the node's files are exposed to the pod")).help =
                Some(if obj.kind == "StatefulSet" { "use a `volumeClaimTemplates` entry of the same name" } else { "use a PersistentVolumeClaim" }.into());
        }
    }
}
