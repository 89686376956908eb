//! PVC006: `storageClassName` is unset, or names a class the files do not define.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC006",
    name: "storage-class-unset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "{claim} sets no `storageClassName`: it gets the cluster's default StorageClass",
    checks_md_id: Some("SS-21"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Notes a volumeClaimTemplate or PersistentVolumeClaim without `storageClassName` (information),
and warns when it names a StorageClass while the files define StorageClasses and none has that
name.

## Why is this bad?
Without a class the claim gets whatever default StorageClass the cluster has: a fast SSD on
one cluster, a slow network disk on another, and on clusters with no default the claim stays
`Pending` forever, so the first pod never starts and an `OrderedReady` StatefulSet stalls at
ordinal 0. Naming the class makes performance, reclaim policy and expansion support explicit.
`storageClassName: ""` is different again: it asks for a pre-created volume with no class.

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
      storage: 10Gi
```

Use instead:
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  storageClassName: fast-ssd
  resources:
    requests:
      storage: 10Gi
```

## References
- [Storage Classes](https://kubernetes.io/docs/concepts/storage/storage-classes/)
- [Dynamic provisioning: defaulting behaviour](https://kubernetes.io/docs/concepts/storage/dynamic-provisioning/#defaulting-behavior)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    let classes: Vec<&str> = ws.of_kind("StorageClass").filter_map(|(_, o)| o.name).collect();
    for claim in super::claims(ws) {
        let Some(spec) = claim.spec() else { continue };
        let annotated = claim.node.get("metadata").and_then(|m| m.get("annotations")).is_some_and(|a| {
            a.get("volume.beta.kubernetes.io/storage-class").is_some() || a.get("volume.alpha.kubernetes.io/storage-class").is_some()
        });
        match spec.get("storageClassName") {
            None if !annotated => {
                let d = sink.report(claim.obj.file, claim.anchor(), claim.path.key("spec").key("storageClassName"), format!("{} sets no `storageClassName`: it gets the cluster's default StorageClass", claim.label()));
                d.help = Some("name the StorageClass the data should live on".into());
            }
            Some(node) => {
                let Some(name) = node.as_str().filter(|n| !n.is_empty()) else { continue };
                if classes.is_empty() || classes.contains(&name) {
                    continue;
                }
                let d = sink.report(claim.obj.file, node.range, claim.path.key("spec").key("storageClassName"), format!("no StorageClass `{name}` is defined in the files given: the claim would stay `Pending`"));
                d.severity = Severity::Warning;
                if let Some(g) = did_you_mean(name, classes.iter().copied()) {
                    d.help = Some(format!("did you mean `{g}`?"));
                }
            }
            None => {}
        }
    }
}
