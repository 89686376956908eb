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
    explanation: r#"## What it does
Opt-in. Notes containers whose `securityContext.capabilities.drop` contains neither `ALL`
nor `NET_RAW`. Capabilities that are added are SEC009's business.

## Why is this bad?
Container runtimes start processes with a default set of about fourteen capabilities,
among them `NET_RAW` (craft raw packets: spoof addresses, sniff and poison the pod network),
`CHOWN`, `DAC_OVERRIDE` (ignore file permissions), `SETUID` and `SETGID`. A server that
listens on a port needs none of them once it runs. Dropping `ALL` and adding back what the
program needs shrinks what a compromised process can do.

Mind what the image's start script needs: the official PostgreSQL image, when started as
root, uses `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID` and `SETGID` to fix ownership and
switch to the `postgres` user. Either run it as that user from the start (`runAsUser: 999`
with `fsGroup`, see SEC003), which needs no capabilities, or add those back. Opt-in, for
that reason.

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
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  securityContext:
    runAsUser: 999
    runAsGroup: 999
    fsGroup: 999
  containers:
  - name: postgres
    image: postgres:16
    securityContext:
      capabilities:
        drop: ["ALL"]
```

## References
- [Set capabilities for a container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container)
- [Pod Security Standards: restricted, capabilities](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#,
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
