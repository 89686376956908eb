//! SCH002: a field the type does not have.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH002",
    name: "unknown-field",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "unknown field `{key}`: did you mean `{field}`?",
    checks_md_id: Some("SS-03"),
    other_tools: &[("kubeconform", "-strict"), ("Monokle", "K8S004"), ("yaml-language-server", "(strict schema)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports keys that the object's type does not have, usually a typo (`replica`, `volumeMount`,
`servicename`) or a field put at the wrong level (`containers` directly under the StatefulSet
`spec`). When a field of the right type is close enough, it suggests it.

## Why is this bad?
With strict field validation (the default of `kubectl apply` since Kubernetes 1.27) the
server rejects the object: `unknown field "spec.replica"`. With it off (`--validate=false`, an
older client, some CD tools), the field is dropped without a word, so the setting you wrote
never takes effect: the StatefulSet runs one replica instead of three, a probe is never
configured.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replica: 3
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
- [Kubernetes: field validation](https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(
        ws,
        sink,
        |k| matches!(k, SchemaIssueKind::UnknownField { .. }),
        "The replacement is the field of this type closest to what was written; check that it means what you intended.",
    );
}
