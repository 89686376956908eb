//! UPD004: a StatefulSet of the applied files is gone from the edit.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::yaml::{Path, TextRange};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD004",
    name: "statefulset-deleted",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "the StatefulSet `{name}` is not in the edited files: deleting it stops its pods in no guaranteed order and leaves its claims behind | and deletes its claims with their data",
    checks_md_id: Some("SS-80"),
    other_tools: &[],
    check: Check::Update(run),
    explanation: r#"## What it does
Compares the files last applied with the edited ones and notes a StatefulSet that is no
longer there, which is a deletion for `kubectl delete -f` of the old files,
`kubectl apply --prune`, and GitOps tools that prune. It warns when the applied StatefulSet
had `persistentVolumeClaimRetentionPolicy.whenDeleted: Delete`. No tool checks this; the
StatefulSet documentation only describes it.

## Why is this bad?
Deleting a StatefulSet is not the reverse of creating it. The ordering guarantees apply to
scaling, not to deletion: the pods are terminated with no guaranteed order, so a database
primary may stop before its replicas, and a clustered system may lose its quorum all at
once. To stop the pods in order, scale the StatefulSet to 0 first and wait for the pods to
go, then delete it.

The claims created from `volumeClaimTemplates` are not deleted with it (unless
`whenDeleted: Delete`): the disks stay, still billed, and a StatefulSet created later with
the same name and templates finds and reuses them, old data included. Delete them yourself
(`kubectl delete pvc -l app=db`) once the data is backed up or no longer needed. The
headless Service is a separate object too, and stays.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
```
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
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
```
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 0
```

## References
- [StatefulSet: deployment and scaling guarantees](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees)
- [Delete a StatefulSet](https://kubernetes.io/docs/tasks/run-application/delete-stateful-set/)
"#,
    ..BASE
};

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    if new.objects.is_empty() {
        return; // nothing to compare with: not an edit of the same files
    }
    for (_, before) in old.of_kind("StatefulSet") {
        let Some(name) = before.name else { continue };
        if new.of_kind("StatefulSet").any(|(_, o)| o.name == Some(name) && o.namespace == before.namespace) {
            continue;
        }
        // point at the start of the edited file that held it (or the first one)
        let file = if before.file < new.files.len() { before.file } else { 0 };
        let Some(first) = new.objects.iter().find(|o| o.file == file).or_else(|| new.objects.first()) else { continue };
        let range = first.root.entries().and_then(|e| e.first()).map(|e| e.key.range).unwrap_or(TextRange::empty(0));
        let deletes_claims = before.at("spec.persistentVolumeClaimRetentionPolicy.whenDeleted").and_then(|n| n.as_str()) == Some("Delete");
        let message = if deletes_claims {
            format!("the StatefulSet `{name}` is not in the edited files: deleting it stops its pods in no guaranteed order and deletes its claims with their data (`whenDeleted: Delete`)")
        } else {
            format!("the StatefulSet `{name}` is not in the edited files: deleting it stops its pods in no guaranteed order and leaves its claims behind")
        };
        let d = sink.report(first.file, range, Path::root(), message);
        if deletes_claims {
            d.severity = Severity::Warning;
        }
        d.help = Some(format!("scale it to 0 first (`kubectl scale statefulset {name} --replicas=0`), then delete it; delete its claims yourself once the data is safe"));
    }
}
