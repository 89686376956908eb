//! SCH008: a string that is not a resource quantity.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH008",
    name: "invalid-quantity",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{value}` is not a quantity",
    checks_md_id: Some("SS-20"),
    other_tools: &[("kubeconform", "(schema: quantity pattern)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks resource quantities (`storage`, `cpu`, `memory`, `ephemeral-storage`) against the
Kubernetes quantity syntax: a number followed by a binary suffix (`Ki`, `Mi`, `Gi`, `Ti`), a
decimal suffix (`k`, `M`, `G`, `T`, or `m` for thousandths) or an exponent.

## Why is this bad?
`1GB`, `10gb` or `2 Gi` are not quantities, and the API server refuses the whole object
(`quantities must match the regular expression …`). The byte suffix `B` does not exist in
Kubernetes; the binary `Gi` is almost always what was meant.

## Example
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1GB
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
- [Kubernetes: resource units](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes)
- [Quantity reference](https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::InvalidQuantity), "This is the quantity the text most likely meant, in the syntax Kubernetes accepts.");
}
