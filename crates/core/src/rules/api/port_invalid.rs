//! API007: port-invalid (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API007",
    name: "port-invalid",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: {server message}",
    checks_md_id: Some("SS-14"),
    other_tools: &[("kube-linter", "invalid-target-ports"), ("kube-score", "container-ports-check")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks container and Service ports as the server does: numbers between 1 and 65535, port
names that are IANA service names (at most 15 characters, lowercase letters, digits and `-`, at
least one letter), unique names and port/protocol pairs, a name on every port when a Service has
several, and `targetPort` numbers and names.

## Why is this bad?
The server rejects the object (`spec.ports[0].targetPort: Invalid value: 123456: must be
between 1 and 65535, inclusive`). Port names matter beyond validation: SRV records of a headless
Service exist only for named ports, and a named `targetPort` must match a container port name.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  ports:
  - name: http-metrics-endpoint
    port: 80
    targetPort: 123456
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  ports:
  - name: http-metrics
    port: 8080
    targetPort: 8080
```

## References
- [Service ports](https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports)
- [IANA service names (RFC 6335)](https://www.rfc-editor.org/rfc/rfc6335#section-5.1)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
