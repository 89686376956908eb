//! POD018: `serviceAccountName` names a ServiceAccount that the files given do not define.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD018",
    name: "service-account-not-found",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "no ServiceAccount `{name}` in the files given: the pods are not created (`FailedCreate`)",
    checks_md_id: Some("SS-31"),
    other_tools: &[("kube-linter", "non-existent-service-account"), ("Kubescape", "C-0307")],
    check: Check::Files(run),
    explanation: r#"## What it does
Checks that the `serviceAccountName` (or the deprecated `serviceAccount`) of a pod template
names a ServiceAccount of the files given, in the same namespace. It only runs when the files
define at least one ServiceAccount; `default`, which every namespace has, is always accepted.

## Why is this bad?
The API server accepts the workload, but its pods are refused at creation: the
ServiceAccount admission plugin rejects a pod whose account does not exist. The controller
records `FailedCreate` events (`error looking up service account …: serviceaccount "…" not
found`) and retries, and `kubectl get pods` shows nothing at all, which is confusing. For a
StatefulSet no ordinal starts. Typos and a ServiceAccount created in another namespace are
the usual causes.

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: db
---
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  serviceAccountName: database
  containers:
  - name: postgres
    image: postgres:16
```

Use instead:
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: db
---
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  serviceAccountName: db
  containers:
  - name: postgres
    image: postgres:16
```

## References
- [Configure service accounts for pods](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/)
- [Admission controllers: ServiceAccount](https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#serviceaccount)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    if ws.of_kind("ServiceAccount").next().is_none() {
        return;
    }
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let Some((key, node)) = ["serviceAccountName", "serviceAccount"].into_iter().find_map(|k| t.spec.get(k).map(|n| (k, n))) else { continue };
        let Some(name) = node.as_str().filter(|n| !n.is_empty() && *n != "default") else { continue };
        if ws.find_named("ServiceAccount", name, obj).next().is_some() {
            continue;
        }
        let d = sink.report(obj.file, node.range, t.spec_path.key(key), format!("no ServiceAccount `{name}` in the files given: the pods are not created (`FailedCreate`)"));
        let known: Vec<&str> = ws.of_kind("ServiceAccount").filter(|(_, sa)| ws.same_namespace(sa, obj)).filter_map(|(_, sa)| sa.name).collect();
        d.help = Some(match did_you_mean(name, known.iter().copied()) {
            Some(g) => format!("did you mean `{g}`?"),
            None => "add the ServiceAccount in the pods' namespace, or fix the name".into(),
        });
    }
}
