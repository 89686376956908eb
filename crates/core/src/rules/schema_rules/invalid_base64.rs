//! SCH009: a Secret `data` value that is not base64.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH009",
    name: "invalid-base64",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "this value is not valid base64",
    checks_md_id: Some("SS-02"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks that every value under a Secret's `data` is base64.

## Why is this bad?
`data` carries bytes encoded in base64; a plain-text password there makes the API server
reject the Secret (`illegal base64 data at input byte …`). Plain text belongs under
`stringData`, which the server encodes for you.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: postgres-secret
data:
  password: demo-password!
```

Use instead:
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: postgres-secret
stringData:
  password: demo-password!
```

## References
- [Kubernetes: Secrets](https://kubernetes.io/docs/concepts/configuration/secret/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::InvalidBase64), "");
}
