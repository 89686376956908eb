//! SEC008: a container whose root file system is writable (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::database_kind;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

use super::security_context::container_bool;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC008",
    name: "root-filesystem-writable",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} can write to its root file system: set `readOnlyRootFilesystem: true` and mount what must be writable",
    checks_md_id: Some("SS-64"),
    other_tools: &[
        ("kube-linter", "no-read-only-root-fs"),
        ("Polaris", "notReadOnlyRootFilesystem"),
        ("Checkov", "CKV_K8S_22"),
        ("kube-score", "container-security-context-readonlyrootfilesystem"),
        ("Kubescape", "C-0017"),
        ("KICS", "Root Container Not Mounted As Read-only"),
        ("Trivy", "KSV014"),
        ("Datree", "CONTAINERS_INCORRECT_READONLYROOTFILESYSTEM_VALUE"),
        ("kubesec", "ReadOnlyRootFilesystem"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes containers whose `securityContext` does not set
`readOnlyRootFilesystem: true`.

## Why is this bad?
A writable image layer lets an intruder drop tools and binaries, alter the program's own
files, and persist across a process restart in the same container. It also hides mistakes:
data written outside the volumes goes to the node's disk and disappears with the container.
With a read-only root, every writable place is a declared volume.

A database still writes, of course: its data directory must be on the claim (which stays
writable: the setting covers the image's file system only), and it usually needs a few
scratch directories as `emptyDir` volumes. The official PostgreSQL image writes its socket
and lock file to `/var/run/postgresql` and temporary files to `/tmp`; without volumes there
it fails to start with "Read-only file system". That is why this rule is opt-in and
informational: turn it on once storage is right, then add the `emptyDir` mounts the image
needs.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16
    volumeMounts:
    - name: data
      mountPath: /var/lib/postgresql/data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data-db
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
    - name: data
      mountPath: /var/lib/postgresql/data
    - name: run
      mountPath: /var/run/postgresql
    - name: tmp
      mountPath: /tmp
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data-db
  - name: run
    emptyDir: {}
  - name: tmp
    emptyDir: {}
```

## References
- [Configure a security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Volumes: emptyDir](https://kubernetes.io/docs/concepts/storage/volumes/#emptydir)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let explicit = container_bool(&c, "readOnlyRootFilesystem");
            if explicit.as_ref().is_some_and(|(_, _, v)| *v) {
                continue;
            }
            let range = explicit.as_ref().map(|(_, n, _)| n.range).unwrap_or_else(|| c.anchor());
            let d = sink.report(
                obj.file,
                range,
                c.path.key("securityContext").key("readOnlyRootFilesystem"),
                format!("{} can write to its root file system: set `readOnlyRootFilesystem: true` and mount what must be writable", c.label()),
            );
            d.help = Some(if c.image().is_some_and(|i| database_kind(i).is_some()) {
                "keep the data on its claim and add `emptyDir` volumes for the sockets and temporary files (`/var/run/postgresql`, `/tmp`)".into()
            } else {
                "add `emptyDir` volumes for the directories the program writes".into()
            });
        }
    }
}
