//! PVC004: a claim requests no storage size.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC004",
    name: "storage-request-missing",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "{claim} requests no storage (`resources.requests.storage`)",
    checks_md_id: Some("SS-20"),
    other_tools: &[("kubesec", "VolumeClaimRequestsStorage"), ("KICS", "8cf4671a StatefulSet Requests Storage (the opposite advice)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a volumeClaimTemplate or PersistentVolumeClaim without
`spec.resources.requests.storage`.

## Why is this bad?
The size is required: the API server rejects a PersistentVolumeClaim without it
(`spec.resources[storage]: Required value`), and since Kubernetes 1.34 it rejects a
StatefulSet whose claim templates lack it. Older servers accepted the StatefulSet and then
failed to create every claim, so no pod started. KICS has a query that flags the presence of
a storage request in StatefulSets; that advice is about quota policy, not correctness: a claim
needs a size.

## Example
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
```

Use instead:
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

## References
- [Persistent Volumes: PersistentVolumeClaims](https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims)
- [kubernetes/kubernetes PR #132212: validate claim templates](https://github.com/kubernetes/kubernetes/pull/132212)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for claim in super::claims(ws) {
        let Some(spec) = claim.spec() else { continue };
        if spec.get("resources").and_then(|r| r.get("requests")).and_then(|r| r.get("storage")).is_some() {
            continue;
        }
        // a claim bound to a named volume or cloned from a data source still needs a size
        let server_path = claim.path.key("spec").key("resources").key("storage");
        let range = spec.entry("resources").map(|e| e.key.range).unwrap_or(claim.anchor());
        let d = sink.report(claim.obj.file, range, claim.path.key("spec").key("resources").key("requests").key("storage"), format!("{} requests no storage (`resources.requests.storage`)", claim.label()));
        d.api_error = Some(format!("{}: Required value", server_path.to_string().replace(".resources.storage", ".resources[storage]")));
        d.help = Some("set `spec.resources.requests.storage`, for example `10Gi`".into());
    }
}
