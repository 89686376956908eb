//! SCH006: a field the API requires is absent.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH006",
    name: "missing-required-field",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "missing required field `{field}`",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "(schema: required)"), ("Monokle", "K8S001")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a field that the API schema marks as required and the document leaves out, such as
the `name` of a container, an env var or a volume, or the `containerPort` of a port.

## Why is this bad?
The API server rejects the object with `Required value`. For list items the name is also the
key that strategic merge patches use, so an unnamed item cannot be updated reliably.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - image: nginx:1.27
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
```

## References
- [Kubernetes API reference: Container](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::MissingField), "");
}
