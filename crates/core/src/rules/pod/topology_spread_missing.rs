//! POD021: replicas with no topology spread constraint (opt-in).

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD021",
    name: "topology-spread-missing",
    tier: Tier::T3,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the {workload} sets no `topologySpreadConstraints`: nothing spreads its {n} replicas across zones",
    checks_md_id: Some("SS-55"),
    other_tools: &[("Polaris", "topologySpreadConstraint"), ("kube-score", "pod-topology-spread-constraints")],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes StatefulSets, Deployments and ReplicaSets with two replicas or more whose pod
template has no `topologySpreadConstraints`. The fix adds a soft constraint over
`topology.kubernetes.io/zone` (`whenUnsatisfiable: ScheduleAnyway`) with the workload's own
labels.

## Why is this bad?
Anti-affinity (POD020) keeps replicas on different nodes; it does not say anything about
zones, and in a cloud region a whole zone can fail. A topology spread constraint asks the
scheduler to keep the number of matching pods per zone within `maxSkew` of each other, so
three replicas over three zones put one in each, and losing a zone leaves a quorum. With
`ScheduleAnyway` the constraint only weighs the choice, so pods still schedule in a
single-zone cluster; `DoNotSchedule` enforces it. For a StatefulSet, mind the storage: a
zonal disk pins its pod to the zone where the claim was first provisioned, so spread the
pods before the claims exist (a `WaitForFirstConsumer` storage class does this). Opt-in,
because many clusters have a single zone.

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
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: db
      containers:
      - name: postgres
        image: postgres:16
```

## References
- [Pod topology spread constraints](https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/)
- [Storage classes: volume binding mode](https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for w in super::multi_replica(ws) {
        let (obj, t) = (w.obj, &w.template);
        if t.spec.get("topologySpreadConstraints").is_some_and(|c| c.items().is_some_and(|i| !i.is_empty())) {
            continue;
        }
        let d = sink.report(obj.file, w.range, t.spec_path.key("topologySpreadConstraints"), format!("the {} sets no `topologySpreadConstraints`: nothing spreads its {} replicas across zones", obj.label(), w.replicas));
        d.help = Some("add a constraint over `topology.kubernetes.io/zone` that selects the workload's own labels".into());
        let text = ws.text(obj.file);
        let block = w.spec_block(text, "topologySpreadConstraints", |pairs| {
            format!("topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: topology.kubernetes.io/zone\n  whenUnsatisfiable: ScheduleAnyway\n  labelSelector:\n    matchLabels:{pairs}")
        }, 6);
        if let Some(edit) = block.and_then(|b| append_entry(obj.file, text, t.spec, &b)) {
            d.fix = Some(Fix {
                title: "spread the replicas across zones when possible".into(),
                explanation: "`ScheduleAnyway` makes the scheduler prefer an even spread over zones without ever leaving a pod `Pending` for it; switch to `DoNotSchedule` to enforce it.".into(),
                edits: vec![edit],
            });
        }
    }
}
