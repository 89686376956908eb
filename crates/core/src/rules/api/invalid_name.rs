//! API001: invalid-name (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API001",
    name: "invalid-name",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`metadata.name`: Invalid value: \"{name}\": {reason}",
    checks_md_id: Some("SS-06"),
    other_tools: &[("Datree", "RESOURCE_MISSING_NAME"), ("KICS", "Metadata Label Is Invalid")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks object names the way the API server does: a StatefulSet's name must be an RFC 1123
label (lowercase letters, digits and `-`, at most 63 characters), a Service's an RFC 1035
label (the same, starting with a letter), a Pod's or claim's an RFC 1123 subdomain; and the
name must be there.

## Why is this bad?
The server rejects the object (`metadata.name: Invalid value: "Web": a lowercase RFC 1123
label must consist of …`). Names become DNS names (`web-0.web.shop.svc`) and label values,
which is why upper case, underscores, dots and spaces are refused.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: Postgres_Headless
spec:
  clusterIP: None
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: postgres-headless
spec:
  clusterIP: None
```

## References
- [Object names and IDs](https://kubernetes.io/docs/concepts/overview/working-with-objects/names/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
