//! SCH007: a string outside the field's enumeration.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH007",
    name: "unsupported-value",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "unsupported value `{value}`: supported values are {values}",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "(schema: enum)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks fields that accept a fixed set of words (`protocol`, `imagePullPolicy`,
`accessModes`, Service `type`, …) and reports a value outside the set, with the closest
accepted value when there is one. Enumerations are case-sensitive: `tcp` is not `TCP`.

## Why is this bad?
The API server rejects the object with `Unsupported value: "always": supported values:
"Always", "IfNotPresent", "Never"`. Where the server's own validation of a StatefulSet or
Service reports the same value, the API rule (with the server's message) is shown instead.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: always
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Always
```

## References
- [Kubernetes API reference: ServicePort](https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::UnsupportedValue { .. }), "The replacement is the accepted value closest to what was written.");
}
