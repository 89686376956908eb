//! PVC007: a StatefulSet's pod template mounts one PersistentVolumeClaim for every replica.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::bool_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC007",
    name: "shared-claim-in-template",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "every replica of StatefulSet `{name}` mounts the same claim `{claim}`: give each its own with a volumeClaimTemplate",
    checks_md_id: Some("SS-23"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Finds a StatefulSet whose pod template has a volume of type `persistentVolumeClaim` with a
fixed `claimName`, mounted read-write. Read-only volumes are left alone, and a claim that the
files give as `ReadWriteMany` is only noted (sharing may be the point). A volume named like a
volumeClaimTemplate is left alone too: the controller replaces it with the pod's own claim
(old examples write both). No other linter checks this.

## Why is this bad?
The pod template is copied for every ordinal, so `db-0`, `db-1` and `db-2` all ask for the
same claim. With `ReadWriteOnce` storage (EBS, Persistent Disk, Azure Disk, Ceph RBD) the
volume attaches to one node only: the replicas scheduled elsewhere hang in
`ContainerCreating` with a `Multi-Attach error`. Where attaching does succeed, several database
processes write the same data directory at once, which corrupts it. Giving each pod its own
disk is what `volumeClaimTemplates` is for: the controller creates `data-db-0`, `data-db-1`,
… and re-attaches the same claim when a pod is replaced. The change has no mechanical fix:
the data already on the shared claim has to be copied to the new per-pod claims.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
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
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: pgdata
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
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
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
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
- [StatefulSet: stable storage](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage)
- [Persistent volumes: access modes](https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in crate::rules::sts::statefulsets(ws) {
        let Some(t) = &sts.template else { continue };
        let containers = t.containers();
        let templates: Vec<&str> = sts.obj.at("spec.volumeClaimTemplates").and_then(|v| v.items()).unwrap_or(&[]).iter().filter_map(|c| c.get("metadata").and_then(|m| m.get_str("name"))).collect();
        for (path, volume) in t.volumes() {
            // the controller replaces a volume named like a claim template by the pod's own claim
            if volume.get_str("name").is_some_and(|n| templates.contains(&n)) {
                continue;
            }
            let Some(pvc) = volume.get("persistentVolumeClaim") else { continue };
            let Some(claim_node) = pvc.get("claimName") else { continue };
            let Some(claim) = claim_node.as_str().filter(|c| !c.is_empty()) else { continue };
            if pvc.get("readOnly").and_then(bool_of) == Some(true) {
                continue;
            }
            let name = volume.get_str("name");
            let mounts: Vec<_> = containers.iter().flat_map(|c| c.mounts()).filter(|(_, m)| m.get_str("name") == name && name.is_some()).collect();
            if !mounts.is_empty() && mounts.iter().all(|(_, m)| m.get("readOnly").and_then(bool_of) == Some(true)) {
                continue;
            }
            let defined = ws.find_named("PersistentVolumeClaim", claim, sts.obj).next();
            let shared_mode = defined.and_then(|(_, o)| o.at("spec.accessModes")).and_then(|m| m.items()).is_some_and(|modes| modes.iter().any(|m| m.as_str() == Some("ReadWriteMany")));
            let d = sink.report(
                sts.obj.file,
                claim_node.range,
                path.key("persistentVolumeClaim").key("claimName"),
                format!("every replica of StatefulSet `{}` mounts the same claim `{claim}`: give each its own with a volumeClaimTemplate", sts.obj.name.unwrap_or("")),
            );
            d.help = Some("move the volume into `spec.volumeClaimTemplates` under the same name and copy the data over".into());
            if let Some((_, o)) = defined {
                let (range, _) = o.anchor();
                d.related.push(Related { file: o.file, range, message: "the shared claim".into() });
            }
            if shared_mode {
                d.severity = Severity::Info;
            }
        }
    }
}
