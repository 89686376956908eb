//! POD004: a container has no readiness probe.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD004",
    name: "readiness-probe-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} has no `readinessProbe`: it counts as Ready as soon as it starts",
    checks_md_id: Some("SS-38"),
    other_tools: &[
        ("kube-linter", "no-readiness-probe"),
        ("Polaris", "readinessProbeMissing"),
        ("Checkov", "CKV_K8S_9"),
        ("kube-score", "pod-probes"),
        ("Datree", "CONTAINERS_MISSING_READINESSPROBE_KEY"),
        ("Kubescape", "C-0018"),
        ("KICS", "Readiness Probe Is Not Configured"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a container of a long-running workload (StatefulSet, Deployment, DaemonSet, …)
without a `readinessProbe`. Init containers and Jobs are not checked.

## Why is this bad?
Without a probe a pod is Ready the moment its containers start, long before a database has
finished recovery and accepts connections. In a StatefulSet this matters twice: the headless
Service publishes the pod's DNS record right away, so clients connect too early, and with the
default `OrderedReady` policy the controller creates `db-1` as soon as `db-0` is "Ready", so
the ordering guarantee means nothing. Rolling updates also move on before the new pod works.

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
    readinessProbe:
      exec:
        command: ["pg_isready", "-U", "postgres"]
      periodSeconds: 5
```

## References
- [Configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- [StatefulSet: Pod Management Policies](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        for c in t.app_containers() {
            if c.node.get("readinessProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            let kind = ws.objects[t.object].kind;
            let message = if kind == "StatefulSet" {
                format!("{} has no `readinessProbe`: it counts as Ready as soon as it starts, and the next ordinal starts too", c.label())
            } else {
                format!("{} has no `readinessProbe`: it counts as Ready as soon as it starts", c.label())
            };
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("readinessProbe"), message).help =
                Some("add a `readinessProbe` that succeeds only when the server accepts requests".into());
        }
    }
}
