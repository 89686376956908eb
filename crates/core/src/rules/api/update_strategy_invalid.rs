//! API004: update-strategy-invalid (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API004",
    name: "update-strategy-invalid",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.updateStrategy…`: {server message}",
    checks_md_id: Some("SS-58"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks `spec.updateStrategy`: its `type` must be `RollingUpdate` or `OnDelete`,
`rollingUpdate` is allowed only with `RollingUpdate`, and `maxUnavailable` may not be 0 or more
than 100%.

## Why is this bad?
The server rejects the StatefulSet (`spec.updateStrategy: Invalid value: …: must be
'RollingUpdate' or 'OnDelete'`, or `spec.updateStrategy.rollingUpdate: … only allowed for
updateStrategy 'RollingUpdate'`). A `rollingUpdate.partition` left under `OnDelete` is a sign that
the intended strategy was a staged rolling update.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  updateStrategy:
    type: OnDelete
    rollingUpdate:
      partition: 2
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
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 2
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
- [StatefulSet: Update strategies](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
