//! PVC001: a volumeMount names no volume and no volumeClaimTemplate.

use crate::rules::edit::yaml_string;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC001",
    name: "volume-mount-not-found",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "the mount `{name}` matches no volume and no volumeClaimTemplate",
    checks_md_id: Some("SS-17"),
    other_tools: &[("kubevious", "(volume mount check)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks that each `volumeMounts[].name` of each container names a volume of the pod
(`spec.template.spec.volumes`) or, in a StatefulSet, one of its `volumeClaimTemplates`.

## Why is this bad?
Since Kubernetes 1.34 the API server rejects such a StatefulSet
(`spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"`). Older servers
accepted it, and then every pod create failed: the StatefulSet sat at `0/3` with
`FailedCreate` events and no pod to inspect. Deployments and Pods are always rejected.
The usual cause is a renamed claim template (`data` vs `pgdata`).

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
      - name: postgres
        image: postgres:16
        volumeMounts:
        - name: pgdata
          mountPath: /var/lib/postgresql
  volumeClaimTemplates:
  - metadata:
      name: data
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
      - name: postgres
        image: postgres:16
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql
  volumeClaimTemplates:
  - metadata:
      name: data
```

## References
- [StatefulSet: Stable Storage](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage)
- [kubernetes/kubernetes PR #131790: validate StatefulSet pod templates](https://github.com/kubernetes/kubernetes/pull/131790)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let mut names: Vec<&str> = t.volumes().iter().filter_map(|(_, v)| v.get_str("name")).collect();
        if obj.kind == "StatefulSet" {
            names.extend(
                items_with_paths(obj.at("spec.volumeClaimTemplates"), &obj.path("spec.volumeClaimTemplates"))
                    .iter()
                    .filter_map(|(_, c)| c.get("metadata").and_then(|m| m.get_str("name"))),
            );
        }
        for c in t.containers() {
            for (path, m) in c.mounts() {
                let Some(node) = m.get("name") else { continue };
                let Some(name) = node.as_str() else { continue };
                if names.contains(&name) {
                    continue;
                }
                let server_path = path.key("name");
                let d = sink.report(obj.file, node.range, &server_path, format!("the mount `{name}` matches no volume and no volumeClaimTemplate"));
                d.api_error = Some(format!("{server_path}: Not found: \"{name}\""));
                match did_you_mean(name, names.iter().copied()) {
                    Some(guess) => {
                        d.help = Some(format!("did you mean `{guess}`?"));
                        d.fix = Some(Fix {
                            title: format!("mount `{guess}`"),
                            explanation: format!("`{guess}` is the volume of this pod whose name is closest to `{name}`."),
                            edits: vec![TextEdit { file: obj.file, range: node.range, replacement: yaml_string(guess) }],
                        });
                    }
                    None if names.is_empty() => d.help = Some("add a volumeClaimTemplate (or a volume) with this name".into()),
                    None => d.help = Some(format!("the pod's volumes are {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))),
                }
            }
        }
    }
}
