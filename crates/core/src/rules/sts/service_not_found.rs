//! STS004: `spec.serviceName` names no Service in the files given.

use crate::rules::edit::yaml_string;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS004",
    name: "service-not-found",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`spec.serviceName` is `{name}`, but no Service of that name is in the files given",
    checks_md_id: Some("SS-10"),
    other_tools: &[("kube-score", "statefulset-has-servicename"), ("KICS", "bb241e61 StatefulSets Without Service Name")],
    check: Check::Files(run),
    explanation: r#"## What it does
Looks for the Service that `spec.serviceName` names among the files linted together, and
reports a name that matches none (suggesting a close one, which is usually a typo such as
`postgres-headles`). Lint the StatefulSet together with its Service.

## Why is this bad?
Nothing checks this name: the API server accepts it and the controller creates the pods, each
with `subdomain: <serviceName>`. But DNS records exist only for a Service of exactly that
name, so `db-0.<serviceName>` does not resolve and replicas cannot find each other. The pods
look healthy while the cluster they should form never comes up.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db-headless
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db-headles
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
apiVersion: v1
kind: Service
metadata:
  name: db-headless
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db-headless
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

## References
- [StatefulSet: Stable Network ID](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)
- [DNS for Services and Pods](https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let obj = sts.obj;
        let Some(node) = obj.at("spec.serviceName") else { continue };
        let Some(name) = node.as_str().filter(|s| !s.is_empty()) else { continue };
        if ws.of_kind("Service").any(|(_, svc)| svc.name == Some(name)) {
            continue; // found here, or in another namespace (STS005)
        }
        let names: Vec<&str> = ws.of_kind("Service").filter(|(_, s)| ws.same_namespace(s, obj)).filter_map(|(_, s)| s.name).collect();
        let d = sink.report(obj.file, node.range, obj.path("spec.serviceName"), format!("`spec.serviceName` is `{name}`, but no Service of that name is in the files given"));
        match did_you_mean(name, names.iter().copied()) {
            Some(guess) => {
                d.help = Some(format!("did you mean `{guess}`?"));
                d.fix = Some(Fix {
                    title: format!("use `{guess}`"),
                    explanation: format!("`{guess}` is the Service in these files whose name is closest to `{name}`."),
                    edits: vec![TextEdit { file: obj.file, range: node.range, replacement: yaml_string(guess) }],
                });
            }
            None => d.help = Some("add the headless Service, or lint its file together with this one".into()),
        }
    }
}
