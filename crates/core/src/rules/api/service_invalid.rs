//! API011: service-invalid (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API011",
    name: "service-invalid",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: {server message}",
    checks_md_id: Some("SS-15"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks the Service-wide rules of the server: `clusterIP: None` only with type `ClusterIP`,
ports required unless the Service is headless or `ExternalName`, and a valid `clusterIP`.

## Why is this bad?
The server rejects the Service (`spec.clusterIP: Invalid value: "None": may not be set to
'None' for NodePort services`). A headless Service cannot also be a NodePort or LoadBalancer:
expose the StatefulSet through a second, ordinary Service instead.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: NodePort
  clusterIP: None
  ports:
  - port: 5432
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  ports:
  - port: 5432
```

## References
- [Headless Services](https://kubernetes.io/docs/concepts/services-networking/service/#headless-services)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
