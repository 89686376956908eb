//! UPD003: a template change under `OrderedReady` and `RollingUpdate`, where a pod that never
//! becomes Ready needs a forced rollback.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{first_difference, int_of};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD003",
    name: "rollback-trap",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "this pod template change rolls out from `{pod}` down, one pod at a time: if `{pod}` never becomes Ready the rollout stops, and reverting the template will not replace it",
    checks_md_id: Some("SS-59"),
    other_tools: &[],
    check: Check::Update(run),
    explanation: r#"## What it does
Compares an edited StatefulSet with the version last applied and warns when the pod
template's `spec` changed while the StatefulSet uses `podManagementPolicy: OrderedReady` and
the `RollingUpdate` strategy (both the defaults), unless a `partition` holds every pod back.
No static tool checks this; it is the "forced rollback" of the StatefulSet documentation.

## Why is this bad?
The change itself is allowed and is how StatefulSets are updated: the controller replaces
the pods one at a time, from the highest ordinal down, and waits for each new pod to be
Running and Ready before touching the next. If the new template is broken (an image tag
that does not exist, a crashing configuration, a readiness probe that never passes), the
first replaced pod never becomes Ready and the rollout stops there, which is the safety net
working.

The trap is the way back. Reverting the template is not enough: under `OrderedReady` the
controller still waits for the broken pod to become Ready before it acts, and it never
will, so it is not replaced with the reverted template. This is a known limitation
(kubernetes/kubernetes#67250). The forced rollback is manual:

1. revert the template (or fix it) and apply it;
2. delete the pods that run the broken revision: `kubectl delete pod db-2`;
3. the controller recreates them from the current template; watch
   `kubectl rollout status statefulset/db`.

To limit the damage in advance, stage risky changes with
`updateStrategy.rollingUpdate.partition` (only ordinals at or above it are updated) and
watch the first pod before lowering it.

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
        image: postgres:16.3
```
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
        image: postgres:16.4
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
        image: postgres:16.3
```
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 3
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
        image: postgres:16.4
```

## References
- [StatefulSet: forced rollback](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#forced-rollback)
- [StatefulSet: partitioned rolling updates](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions)
- [kubernetes/kubernetes#67250](https://github.com/kubernetes/kubernetes/issues/67250)
"#,
    ..BASE
};

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in new.of_kind("StatefulSet") {
        let Some((_, before)) = old.of_kind("StatefulSet").find(|(_, o)| o.name == obj.name && o.namespace == obj.namespace && o.name.is_some()) else { continue };
        if obj.at("spec.podManagementPolicy").and_then(|n| n.as_str()).is_some_and(|p| p != "OrderedReady") {
            continue;
        }
        if obj.at("spec.updateStrategy.type").and_then(|n| n.as_str()).is_some_and(|t| t != "RollingUpdate") {
            continue;
        }
        let (Some(spec_entry), Some(old_spec)) = (obj.root.get("spec").and_then(|s| s.get("template")).and_then(|t| t.entry("spec")), before.at("spec.template.spec")) else { continue };
        if spec_entry.value.to_json() == old_spec.to_json() {
            continue;
        }
        let replicas = obj.at("spec.replicas").and_then(int_of).unwrap_or(1);
        let start = obj.at("spec.ordinals.start").and_then(int_of).unwrap_or(0);
        let partition = obj.at("spec.updateStrategy.rollingUpdate.partition").and_then(int_of).unwrap_or(0);
        if replicas <= 0 || partition >= replicas {
            continue; // nothing is rolled out
        }
        let name = obj.name.unwrap_or("");
        let first = format!("{name}-{}", start + replicas - 1);
        let (range, path) = first_difference(&spec_entry.value, old_spec, &obj.path("spec.template.spec")).unwrap_or((spec_entry.key.range, obj.path("spec.template.spec")));
        let d = sink.report(
            obj.file,
            range,
            path,
            format!("this pod template change rolls out from `{first}` down, one pod at a time: if `{first}` never becomes Ready the rollout stops, and reverting the template will not replace it"),
        );
        d.help = Some(format!("watch `kubectl rollout status statefulset/{name}`; if it hangs, revert the template and delete the stuck pod (`kubectl delete pod {first}`)"));
    }
}
