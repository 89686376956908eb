//! API002: negative-value (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API002",
    name: "negative-value",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: Invalid value: {n}: must be greater than or equal to 0",
    checks_md_id: Some("SS-02"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports counts and durations the server requires to be zero or more: `replicas`,
`minReadySeconds`, `ordinals.start`, `revisionHistoryLimit` and
`updateStrategy.rollingUpdate.partition`.

## Why is this bad?
A negative value is rejected (`spec.replicas: Invalid value: -1: must be greater than or equal
to 0`). Before Kubernetes 1.33 a negative `revisionHistoryLimit` was even accepted and crashed
the controller's history cleanup.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: -1
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
  replicas: 0
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
- [StatefulSet API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
