//! PVC009: no `persistentVolumeClaimRetentionPolicy`: the claims outlive scale-down and
//! deletion (opt-in).

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC009",
    name: "claims-outlive-statefulset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the claims of StatefulSet `{name}` outlive scale-down and deletion (no `persistentVolumeClaimRetentionPolicy`): delete them by hand when the data is no longer needed",
    checks_md_id: Some("SS-24"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes a StatefulSet with `volumeClaimTemplates` and no
`persistentVolumeClaimRetentionPolicy`, so that the default behaviour is a decision rather
than a surprise. The fix writes the default out (`Retain` for both). No other linter checks
this.

## Why is this bad?
It is not wrong, and it is the safe default: the claims created from the templates
(`data-db-0`, `data-db-1`, …) are never deleted by the controller. Scaling from 5 to 3 keeps
`data-db-3` and `data-db-4` (scaling back up re-attaches them, with data that may be stale);
deleting the StatefulSet keeps them all (recreating it finds them again). The cost is that
nobody cleans up: a test environment deleted every day leaves its disks behind, still billed,
and `kubectl get pvc` fills with claims of StatefulSets long gone. Writing the policy down
makes the choice visible; set `whenScaled: Delete` or `whenDeleted: Delete` only for data
you can rebuild (PVC008 warns about those).

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
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
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
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
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
```

## References
- [StatefulSet: PersistentVolumeClaim retention](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention)
- [open-telemetry/opentelemetry-helm-charts#1056: claims left behind](https://github.com/open-telemetry/opentelemetry-helm-charts/issues/1056)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(spec) = obj.root.get("spec") else { continue };
        let Some(vct) = spec.entry("volumeClaimTemplates").filter(|e| e.value.items().is_some_and(|i| !i.is_empty())) else { continue };
        if spec.get("persistentVolumeClaimRetentionPolicy").is_some() {
            continue;
        }
        let name = obj.name.unwrap_or("");
        let d = sink.report(
            obj.file,
            vct.key.range,
            obj.path("spec.persistentVolumeClaimRetentionPolicy"),
            format!("the claims of StatefulSet `{name}` outlive scale-down and deletion (no `persistentVolumeClaimRetentionPolicy`): delete them by hand when the data is no longer needed"),
        );
        if let Some(edit) = append_entry(obj.file, ws.text(obj.file), spec, "persistentVolumeClaimRetentionPolicy:\n  whenDeleted: Retain\n  whenScaled: Retain") {
            d.fix = Some(Fix {
                title: "write the default retention policy (`Retain`) out".into(),
                explanation: "This changes nothing in the cluster: `Retain` is the default. It records the decision so that readers know the claims are kept on purpose.".into(),
                edits: vec![edit],
            });
        }
    }
}
