//! API012: api-validation (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API012",
    name: "api-validation",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{path}`: {server message}",
    checks_md_id: Some("SS-02"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports every other error of the API server's validation of StatefulSets, Services, Pods and
PersistentVolumeClaims: volumes, claim templates, env vars, probes and the rest of the pod
spec, with the server's own path and message.

## Why is this bad?
The server rejects the whole object with this message; nothing of it is created or updated.
Since Kubernetes 1.34 this includes the StatefulSet's pod template and claim templates, which
older versions accepted and then failed on at pod or claim creation.

## Example
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  resources:
    requests:
      storage: 1Gi
```

Use instead:
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
```

## References
- [Kubernetes API concepts: validation](https://kubernetes.io/docs/reference/using-api/api-concepts/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
