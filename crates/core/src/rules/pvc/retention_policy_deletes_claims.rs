//! PVC008: `persistentVolumeClaimRetentionPolicy` deletes the claims, and the data on them.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC008",
    name: "retention-policy-deletes-claims",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`whenDeleted: Delete` removes every claim of StatefulSet `{name}` with the StatefulSet: deleting it deletes the data | `whenScaled: Delete` removes the claims of the pods a scale-down removes: scaling StatefulSet `{name}` back up starts them empty",
    checks_md_id: Some("SS-24"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a StatefulSet whose `persistentVolumeClaimRetentionPolicy` sets `whenDeleted` or
`whenScaled` to `Delete`. No other linter checks this.

## Why is this bad?
By default (`Retain` for both) the claims created from `volumeClaimTemplates` outlive their
pods: scale from 5 to 3 and `data-db-3` and `data-db-4` stay, ready for when you scale back
up; delete the StatefulSet and every claim stays, so recreating it finds the data again.
`Delete` changes that. With `whenScaled: Delete`, a scale-down deletes the claims of the
removed ordinals, so scaling back up starts those replicas empty (a replica that must
re-sync from its peers, or a single-replica database, loses its data). With
`whenDeleted: Delete`, deleting the StatefulSet (by mistake, or to change an immutable
field) deletes every claim, and with the usual `reclaimPolicy: Delete` storage class the
disks themselves. It suits caches and scratch data; for a database, keep `Retain` and clean
up by hand after a backup. The policy is stable since Kubernetes 1.32 (beta, on by default,
since 1.27).

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Delete
    whenScaled: Delete
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Retain
    whenScaled: Retain
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16
```

## References
- [StatefulSet: PersistentVolumeClaim retention](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention)
- [KEP-1847: auto-delete PVCs created by StatefulSet](https://github.com/kubernetes/enhancements/tree/master/keps/sig-apps/1847-autoremove-statefulset-pvcs)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(policy) = obj.at("spec.persistentVolumeClaimRetentionPolicy") else { continue };
        let name = obj.name.unwrap_or("");
        for key in ["whenDeleted", "whenScaled"] {
            let Some(node) = policy.get(key).filter(|n| n.as_str() == Some("Delete")) else { continue };
            let message = if key == "whenDeleted" {
                format!("`whenDeleted: Delete` removes every claim of StatefulSet `{name}` with the StatefulSet: deleting it deletes the data")
            } else {
                format!("`whenScaled: Delete` removes the claims of the pods a scale-down removes: scaling StatefulSet `{name}` back up starts them empty")
            };
            let d = sink.report(obj.file, node.range, obj.path("spec.persistentVolumeClaimRetentionPolicy").key(key), message);
            d.help = Some("keep `Retain` for data you cannot rebuild, and delete claims by hand after a backup".into());
            d.fix = Some(Fix {
                title: format!("keep the claims (`{key}: Retain`)"),
                explanation: "`Retain` is the default: the claims and their data stay until you delete them yourself, so nothing is lost by mistake.".into(),
                edits: vec![TextEdit { file: obj.file, range: node.range, replacement: "Retain".into() }],
            });
        }
    }
}
