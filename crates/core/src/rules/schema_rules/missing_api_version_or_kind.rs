//! SCH004: `apiVersion` or `kind` is missing.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH004",
    name: "missing-api-version-or-kind",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "missing `apiVersion` | missing `kind`",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "missing 'kind' key"), ("Monokle", "K8S001")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a document that has no `apiVersion` or no `kind`.

## Why is this bad?
These two fields tell the client which API endpoint receives the object. Without them
`kubectl apply` stops with `apiVersion not set` or `kind not set` before contacting the server,
and no check of the rest of the object can say what it was meant to be.

## Example
```yaml
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
```

## References
- [Kubernetes: required fields of an object](https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::MissingApiVersion | SchemaIssueKind::MissingKind), "");
}
