//! API006: template-forbidden-field (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API006",
    name: "template-forbidden-field",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.template.spec.restartPolicy`: Unsupported value: … | `activeDeadlineSeconds`: Forbidden",
    checks_md_id: Some("SS-45"),
    other_tools: &[("kube-linter", "restart-policy"), ("Datree", "WORKLOAD_INCORRECT_RESTARTPOLICY_VALUE_ALWAYS")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports pod-template settings a StatefulSet may not have: a `restartPolicy` other than
`Always`, and `activeDeadlineSeconds`. The other way round, it reports a Job's or CronJob's
pod template whose `restartPolicy` is `Always` or missing (the pod default is `Always`).

## Why is this bad?
A StatefulSet keeps its pods running forever and replaces them when they stop; a pod that is
allowed to finish (`OnFailure`, `Never`) or is killed after a deadline contradicts that, so the
server rejects the template (`Unsupported value: "OnFailure": supported values: "Always"`).
Run finite work as a Job. A Job's pods must be allowed to finish, so its template needs
`restartPolicy: OnFailure` or `Never`; without one the server answers `Required value: valid
values: "OnFailure", "Never"`. The guide's backup CronJob has none and is refused as written.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      restartPolicy: OnFailure
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
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      restartPolicy: Always
      containers:
      - name: postgres
        image: postgres:16
```

## References
- [Pod lifecycle: restart policy](https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
