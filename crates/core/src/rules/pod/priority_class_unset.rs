//! POD023: no `priorityClassName` (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD023",
    name: "priority-class-unset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the pods of {workload} set no `priorityClassName`: on a full cluster any pod of higher priority can preempt them",
    checks_md_id: Some("SS-57"),
    other_tools: &[("Polaris", "priorityClassNotSet"), ("kube-linter", "priority-class-name")],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes pod templates of long-running workloads (DaemonSets excepted) that set no
`priorityClassName`.

## Why is this bad?
A pod without a priority class gets the cluster's default priority, usually 0. When a pod of
higher priority cannot be scheduled, the scheduler may evict lower-priority pods to make
room, and under node pressure the kubelet evicts lower-priority pods first. A database
replica evicted that way must restart elsewhere, re-attach its disk and catch up. Giving
stateful workloads a class above batch work (defined once per cluster as a `PriorityClass`)
states what should survive a crowded cluster. The class names are cluster-specific, so the
rule cannot pick one for you, and small clusters often have none: hence opt-in.

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
  priorityClassName: stateful-critical
  containers:
  - name: postgres
    image: postgres:16
```

## References
- [Pod priority and preemption](https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        if obj.kind == "DaemonSet" || t.spec.get("priorityClassName").is_some_and(|n| n.as_str().is_some_and(|s| !s.is_empty())) {
            continue;
        }
        let range = obj.anchor().0;
        sink.report(obj.file, range, t.spec_path.key("priorityClassName"), format!("the pods of {} set no `priorityClassName`: on a full cluster any pod of higher priority can preempt them", obj.label())).help =
            Some("define a PriorityClass for stateful workloads and name it here".into());
    }
}
