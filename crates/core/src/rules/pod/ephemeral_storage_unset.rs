//! POD014: no `ephemeral-storage` request or limit (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD014",
    name: "ephemeral-storage-unset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} sets no `ephemeral-storage` request or limit: its logs and scratch files can fill the node's disk",
    checks_md_id: Some("SS-51"),
    other_tools: &[("kube-score", "container-ephemeral-storage-request-and-limit")],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes long-running containers whose `resources` have neither an
`ephemeral-storage` request nor an `ephemeral-storage` limit.

## Why is this bad?
Everything a container writes outside its volumes (its writable layer, its logs, `emptyDir`
volumes without a `sizeLimit`) lands on the node's own disk. The scheduler does not count it
unless it is requested, so pods that write a lot can be packed onto one node; when the disk
fills, the kubelet evicts pods under disk pressure, starting with those that use the most
above their request — with no request at all, any of them. A limit turns a runaway log or
temporary file into the eviction of that one pod rather than a node-wide problem. For a
database, the data belongs on its claim: a request sized for logs and temporary files makes
a misplaced data directory (see PVC013) show up as an eviction instead of a full node.

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
    resources:
      requests:
        cpu: 500m
        memory: 1Gi
      limits:
        memory: 1Gi
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
    resources:
      requests:
        cpu: 500m
        memory: 1Gi
        ephemeral-storage: 1Gi
      limits:
        memory: 1Gi
        ephemeral-storage: 2Gi
```

## References
- [Local ephemeral storage](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage)
- [Node-pressure eviction](https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let resources = c.node.entry("resources");
            let set = |k: &str| resources.and_then(|r| r.value.get(k)).and_then(|m| m.get("ephemeral-storage")).is_some();
            if set("requests") || set("limits") {
                continue;
            }
            let range = resources.map(|r| r.key.range).unwrap_or_else(|| c.anchor());
            sink.report(obj.file, range, c.path.key("resources"), format!("{} sets no `ephemeral-storage` request or limit: its logs and scratch files can fill the node's disk", c.label())).help =
                Some("request what the container writes outside its volumes, and limit it".into());
        }
    }
}
