//! POD020: replicas that nothing keeps on different nodes (opt-in).

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{LabelMap, Selector};
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Fix, Severity, Sink, Tier};
use crate::yaml::Node;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD020",
    name: "anti-affinity-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "the {n} replicas of {workload} may all land on one node: no pod anti-affinity keeps them apart",
    checks_md_id: Some("SS-54"),
    other_tools: &[
        ("kube-score", "statefulset-has-host-podantiaffinity"),
        ("kube-score", "deployment-has-host-podantiaffinity"),
        ("kube-linter", "no-anti-affinity"),
        ("KICS", "StatefulSet Has No PodAntiAffinity"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. For StatefulSets, Deployments and ReplicaSets with two replicas or more, checks that
a `podAntiAffinity` term (required or preferred) selects the workload's own pods, or that a
`topologySpreadConstraints` entry spreads them over `kubernetes.io/hostname`. An
anti-affinity term that selects nothing at all is POD022's business. The fix adds a
preferred anti-affinity on `kubernetes.io/hostname` with the workload's own labels.

## Why is this bad?
Replicas exist to survive the loss of one of them, but the scheduler places pods by free
resources, not by who their siblings are: on a quiet cluster all three replicas of a
database can land on the same node, and one kernel upgrade or hardware fault takes the
whole set down, quorum and all. Anti-affinity tells the scheduler to keep pods with these
labels apart. `preferred…` spreads them when it can and still schedules them when it cannot
(fewer nodes than replicas); `required…` refuses to co-locate them, which is stronger but
leaves pods `Pending` on a small cluster. Opt-in, because a learner's cluster often has a
single node, where no placement rule helps.

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
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchLabels:
                  app: db
              topologyKey: kubernetes.io/hostname
      containers:
      - name: postgres
        image: postgres:16
```

## References
- [Assigning pods to nodes: inter-pod affinity and anti-affinity](https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity)
- [Pod topology spread constraints](https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/)
"#,
    ..BASE
};

/// The label selectors of the pod's anti-affinity terms.
pub(crate) fn anti_affinity_selectors(spec: &Node) -> Vec<&Node> {
    let Some(anti) = spec.get("affinity").and_then(|a| a.get("podAntiAffinity")) else { return Vec::new() };
    let root = crate::yaml::Path::root();
    let required = items_with_paths(anti.get("requiredDuringSchedulingIgnoredDuringExecution"), &root).into_iter().map(|(_, t)| t);
    let preferred = items_with_paths(anti.get("preferredDuringSchedulingIgnoredDuringExecution"), &root).into_iter().filter_map(|(_, w)| w.get("podAffinityTerm"));
    required.chain(preferred).filter_map(|t| t.get("labelSelector")).collect()
}

fn spread(spec: &Node, labels: &LabelMap) -> bool {
    let selects = |sel: &Node| Selector::from_label_selector(sel).is_some_and(|s| !s.is_empty() && s.matches(labels));
    anti_affinity_selectors(spec).into_iter().any(selects)
        || spec.get("topologySpreadConstraints").and_then(Node::items).unwrap_or(&[]).iter().any(|c| {
            c.get_str("topologyKey") == Some("kubernetes.io/hostname") && c.get("labelSelector").is_some_and(selects)
        })
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for w in super::multi_replica(ws) {
        let (obj, t) = (w.obj, &w.template);
        if spread(t.spec, &t.label_map()) {
            continue;
        }
        let d = sink.report(obj.file, w.range, t.spec_path.key("affinity").key("podAntiAffinity"), format!("the {} replicas of {} may all land on one node: no pod anti-affinity keeps them apart", w.replicas, obj.label()));
        d.help = Some("add a preferred `podAntiAffinity` term on `kubernetes.io/hostname` that selects the workload's own labels".into());
        let text = ws.text(obj.file);
        let block = w.spec_block(text, "affinity", |pairs| {
            format!("affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 100\n      podAffinityTerm:\n        labelSelector:\n          matchLabels:{pairs}\n        topologyKey: kubernetes.io/hostname")
        }, 12);
        if let Some(edit) = block.and_then(|b| append_entry(obj.file, text, t.spec, &b)) {
            d.fix = Some(Fix {
                title: "prefer to keep the replicas on different nodes".into(),
                explanation: "A preferred anti-affinity term on `kubernetes.io/hostname` spreads the pods when there are enough nodes and still schedules them when there are not; use `required…` instead to refuse co-location.".into(),
                edits: vec![edit],
            });
        }
    }
}
