//! SCH001: a value has the wrong type.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH001",
    name: "type-mismatch",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "expected {type}, found {type}",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "(schema)"), ("kube-linter", "schema-validation"), ("Monokle", "K8S001"), ("Datree", "(schema validation)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks every field against the type the Kubernetes API gives it: an integer for `replicas` and
`containerPort`, a string for env values and labels, a list for `containers` and
`accessModes`, a mapping for `resources`. It also reports a document that is not a mapping at
all and a key that is itself a list or a mapping.

## Why is this bad?
The API server decodes the object before it validates anything, and a value of the wrong type
stops decoding: `kubectl apply` fails with `cannot unmarshal string into Go struct field
… of type int32` and nothing is created. Unexpanded template placeholders (`${PORT}`) and a
single value where a list is expected are the usual causes.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: three
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 3
```

## References
- [Kubernetes API reference: StatefulSet](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/)
- [Kubernetes: objects in Kubernetes](https://kubernetes.io/docs/concepts/overview/working-with-objects/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(
        ws,
        sink,
        |k| matches!(k, SchemaIssueKind::TypeMismatch { .. } | SchemaIssueKind::NonStringKey | SchemaIssueKind::NotAnObject),
        "The API decodes this field as the type shown; the replacement is the same value written in that type.",
    );
}
