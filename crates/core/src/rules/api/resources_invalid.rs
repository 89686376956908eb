//! API010: resources-invalid (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API010",
    name: "resources-invalid",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: {server message}",
    checks_md_id: Some("SS-50"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks container resources as the server does: a request may not exceed its limit, and
quantities may not be negative.

## Why is this bad?
The server rejects the pod template (`resources.requests: Invalid value: "2": must be less
than or equal to cpu limit of 1`). A request above the limit cannot be honoured: the limit
caps what the request promised.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16
    resources:
      requests:
        cpu: "2"
      limits:
        cpu: "1"
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
    resources:
      requests:
        cpu: "1"
      limits:
        cpu: "2"
```

## References
- [Requests and limits](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
