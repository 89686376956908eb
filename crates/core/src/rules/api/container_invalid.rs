//! API008: container-invalid (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API008",
    name: "container-invalid",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: {server message}",
    checks_md_id: Some("SS-02"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks containers as the server does since Kubernetes 1.34 for StatefulSet templates (and
always for Pods): at least one container, a name that is an RFC 1123 label and unique in the
pod, and an image.

## Why is this bad?
The server rejects the StatefulSet (`spec.template.spec.containers[1].name: Duplicate value:
"postgres"`, `containers[0].image: Required value`). Before 1.34 it accepted it and every pod
create failed instead, leaving the StatefulSet at zero replicas.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: Postgres
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
```

## References
- [Container API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
