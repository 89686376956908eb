//! WKL001: a database in a Deployment of more than one replica that mounts a ReadWriteOnce
//! claim.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "WKL001",
    name: "database-in-deployment",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the {replicas} replicas of Deployment `{name}` (`{image}`) share the one ReadWriteOnce claim `{claim}`: one node can attach it, the other replicas hang in ContainerCreating (Multi-Attach), and two servers on one data directory corrupt it",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a Deployment of more than one replica whose pods run a database (postgres, mysql,
mongo, redis, …) and mount a PersistentVolumeClaim that is `ReadWriteOnce`, and offers to
convert it into a StatefulSet.

## Why is this bad?
Every replica of a Deployment mounts the same claim. A `ReadWriteOnce` volume of a network
disk attaches to one node at a time: the first pod's node gets it, and every replica the
scheduler puts on another node waits in `ContainerCreating` with the attach/detach
controller's `Multi-Attach error for volume "…" Volume is already used by pod(s) …`, until its
rollout passes `progressDeadlineSeconds` (the simulator plays it, scenario X02). On a node-local
volume they all land on one node, and then two database servers write one data directory,
which corrupts it. A database wants one volume per replica, and a name that survives a
restart so that its peers and its clients find it: a StatefulSet's `volumeClaimTemplates`
and `serviceName`.

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
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
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
          claimName: data
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
          storage: 1Gi
```

## References
- [StatefulSets: using StatefulSets](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#using-statefulsets)
- [Persistent Volumes: access modes](https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (index, obj) in ws.of_kind("Deployment") {
        let replicas = super::replicas(obj);
        if replicas < 2 {
            continue;
        }
        let Some(template) = ws.pod_template(index) else { continue };
        let Some((image, _)) = template.app_containers().iter().find_map(|c| c.image().and_then(|i| super::stateful_image(i).map(|s| (i.to_owned(), s)))) else { continue };
        for (_, volume) in template.volumes() {
            let Some(claim_node) = volume.get("persistentVolumeClaim").and_then(|p| p.get("claimName")) else { continue };
            let Some(claim) = claim_node.as_str() else { continue };
            let Some((_, pvc)) = ws.find_named("PersistentVolumeClaim", claim, obj).next() else { continue };
            let modes: Vec<&str> = pvc.at("spec.accessModes").and_then(|m| m.items()).into_iter().flatten().filter_map(|n| n.as_str()).collect();
            if !modes.iter().any(|m| *m == "ReadWriteOnce" || *m == "ReadWriteOncePod") {
                continue;
            }
            let name = obj.name.unwrap_or("");
            let (range, at) = match obj.root.get("spec").and_then(|s| s.entry("replicas")) {
                Some(e) => (e.value.range, obj.path("spec.replicas")),
                None => obj.anchor(),
            };
            let message = format!("the {replicas} replicas of Deployment `{name}` (`{image}`) share the one ReadWriteOnce claim `{claim}`: one node can attach it, the other replicas hang in ContainerCreating (Multi-Attach), and two servers on one data directory corrupt it");
            let d = sink.report(obj.file, range, at, message);
            d.related.push(Related { file: obj.file, range: claim_node.range, message: "every replica mounts this one claim".into() });
            if let Some(m) = pvc.at("spec.accessModes") {
                d.related.push(Related { file: pvc.file, range: m.range, message: format!("`{claim}` attaches to one node at a time") });
            }
            d.help = Some("run it as a StatefulSet: `volumeClaimTemplates` give each replica a claim of its own, `serviceName` a stable name".into());
            let service = super::deployment_needs_stable_names::headless_service_of(ws, obj, &template.label_map()).unwrap_or(name).to_owned();
            d.fix = super::convert_fix(ws, obj, &service);
            break;
        }
    }
}
