//! STS011: `updateStrategy: OnDelete`.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS011",
    name: "on-delete-update-strategy",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "with `OnDelete`, template changes reach a pod only when you delete that pod",
    checks_md_id: Some("SS-58"),
    other_tools: &[("kube-linter", "no-rolling-update-strategy"), ("Kubescape", "C-0305")],
    check: Check::Files(run),
    explanation: r#"## What it does
Points out a StatefulSet with `updateStrategy.type: OnDelete`.

## Why is this bad?
It is a legitimate choice for operators that orchestrate upgrades themselves, but a surprise
otherwise: after `kubectl apply` of a new image nothing happens. Each pod keeps the old
template until someone deletes it, so replicas drift apart, and `currentRevision` is never
promoted. `RollingUpdate` (the default) replaces pods one at a time, highest ordinal first,
and `partition` gives staged rollouts.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  updateStrategy:
    type: OnDelete
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 0
```

## References
- [StatefulSet: Update strategies](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(node) = obj.at("spec.updateStrategy.type") else { continue };
        if node.as_str() == Some("OnDelete") {
            sink.report(obj.file, node.range, obj.path("spec.updateStrategy.type"), "with `OnDelete`, template changes reach a pod only when you delete that pod");
        }
    }
}
