//! API003: pod-management-policy (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API003",
    name: "pod-management-policy",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.podManagementPolicy`: Invalid value: \"{value}\": must be 'OrderedReady' or 'Parallel'",
    checks_md_id: Some("SS-02"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks `spec.podManagementPolicy` against the two policies the controller knows.

## Why is this bad?
Any other word is rejected by the server. The two values mean: `OrderedReady` (the
default) creates pods one at a time, each waiting for the previous one to be Ready, and removes
them in reverse; `Parallel` creates and deletes them all at once, which suits systems that
need no start order.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  podManagementPolicy: Ordered
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
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  podManagementPolicy: OrderedReady
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
```

## References
- [StatefulSet: Pod Management Policies](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
