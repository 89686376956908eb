//! POD005: a container has no liveness probe.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD005",
    name: "liveness-probe-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} has no `livenessProbe`: a hung process is never restarted",
    checks_md_id: Some("SS-39"),
    other_tools: &[
        ("kube-linter", "no-liveness-probe"),
        ("Polaris", "livenessProbeMissing"),
        ("Checkov", "CKV_K8S_8"),
        ("kube-score", "pod-probes"),
        ("Datree", "CONTAINERS_MISSING_LIVENESSPROBE_KEY"),
        ("Kubescape", "C-0056"),
        ("KICS", "Liveness Probe Is Not Defined"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a container of a long-running workload without a `livenessProbe`. Init containers
and Jobs are not checked.

## Why is this bad?
The kubelet restarts a container when its process exits, but not when it hangs: a deadlocked
server keeps running, stays Ready if its readiness check is shallow, and serves nothing until
a person notices. A liveness probe lets the kubelet restart it. Make it cheap and lenient (it
should fail only when a restart helps), and give slow starters a `startupProbe` so the
liveness probe does not kill them while they start.

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
  containers:
  - name: postgres
    image: postgres:16
    livenessProbe:
      exec:
        command: ["pg_isready", "-U", "postgres"]
      periodSeconds: 10
      failureThreshold: 6
```

## References
- [Configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        for c in t.app_containers() {
            if c.node.get("livenessProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("livenessProbe"), format!("{} has no `livenessProbe`: a hung process is never restarted", c.label())).help =
                Some("add a `livenessProbe` that fails only when a restart would help".into());
        }
    }
}
