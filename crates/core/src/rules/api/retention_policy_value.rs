//! API005: retention-policy-value (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API005",
    name: "retention-policy-value",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.persistentVolumeClaimRetentionPolicy.{field}`: Unsupported value: \"{value}\": supported values: \"Retain\", \"Delete\"",
    checks_md_id: Some("SS-24"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks `persistentVolumeClaimRetentionPolicy.whenDeleted` and `.whenScaled`: each is
`Retain` or `Delete`.

## Why is this bad?
Other words (`Keep`, `Remove`, lowercase `delete`) are rejected. `Retain` keeps the claims
(and the data) when the StatefulSet is deleted or scaled down; `Delete` lets the garbage
collector remove them, so data of removed replicas is gone for good.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Keep
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
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Retain
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
- [StatefulSet: PersistentVolumeClaim retention](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
