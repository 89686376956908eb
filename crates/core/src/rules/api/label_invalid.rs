//! API009: label-invalid (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API009",
    name: "label-invalid",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: {server message}",
    checks_md_id: Some("SS-05"),
    other_tools: &[("kube-score", "label-values"), ("Datree", "WORKLOAD_INVALID_LABELS_VALUE"), ("KICS", "Metadata Label Is Invalid")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks label keys and values, annotation keys and selectors the way the server does: label
values of at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending
alphanumeric; keys as qualified names with an optional DNS prefix; and selector operators.

## Why is this bad?
The server rejects the object (`metadata.labels: Invalid value: "v1.0 beta": a valid label
must be an empty string or consist of alphanumeric characters, …`). Labels are matched by
selectors, so they are restricted to a simple character set.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    version: "1.0 beta"
spec:
  clusterIP: None
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    version: "1.0-beta"
spec:
  clusterIP: None
```

## References
- [Labels: syntax and character set](https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
