//! UPD002: an edit changes a Service's `clusterIP`, which cannot be updated.

use crate::apiserver::slim as apiserver;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD002",
    name: "service-cluster-ip-changed",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.clusterIP` cannot be changed once the Service exists (applied: `{old}`)",
    checks_md_id: Some("SS-79"),
    other_tools: &[],
    check: Check::Update(run),
    explanation: r#"## What it does
Compares an edited Service with the version last applied (same name and namespace) and
reports a change of `spec.clusterIP` from one value to another: from `None` (headless) to an
address, from an address to `None`, or from one address to another. The check is the API
server's own (`validate_service_update`).

## Why is this bad?
A Service's cluster IP is allocated once and stays for the Service's life, and so does the
choice of being headless: the update is rejected with
`spec.clusterIP: Invalid value: "…": field is immutable`. It matters for StatefulSets in
both directions: turning the governing Service into a normal one (to get a load-balanced
address) or making a normal Service headless (to get per-pod DNS names). Create a second
Service instead: the StatefulSet keeps its headless Service for the per-pod names, and
clients use another, normal Service with the same selector. Replacing the Service itself
means deleting and recreating it, which breaks DNS for the moment between.

Removing the `clusterIP` line is not a change: the server keeps the allocated value (a
headless Service stays headless), which surprises people who expected it to become normal.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
```
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: 10.96.0.50
  selector:
    app: db
  ports:
  - port: 5432
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
```
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: db-rw
spec:
  selector:
    app: db
  ports:
  - port: 5432
```

## References
- [Services: choosing your own IP address](https://kubernetes.io/docs/concepts/services-networking/service/#choosing-your-own-ip-address)
- [Headless Services](https://kubernetes.io/docs/concepts/services-networking/service/#headless-services)
"#,
    ..BASE
};

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in new.of_kind("Service") {
        if obj.api_version != "v1" || obj.name.is_none() {
            continue;
        }
        let Some((_, before)) = old.of_kind("Service").find(|(_, o)| o.name == obj.name && o.namespace == obj.namespace && o.api_version == "v1") else { continue };
        let (Ok(a), Ok(b)) = (apiserver::decode_service(&before.root.to_json()), apiserver::decode_service(&obj.root.to_json())) else { continue };
        for e in apiserver::validate_service_update(&a, &b) {
            if !e.path.starts_with("spec.clusterIP") || e.detail != "field is immutable" {
                continue;
            }
            let Some(node) = obj.at("spec.clusterIP") else { continue };
            let applied = before.at("spec.clusterIP").and_then(|n| n.as_str()).unwrap_or("");
            let d = sink.report(obj.file, node.range, obj.path("spec.clusterIP"), format!("`spec.clusterIP` cannot be changed once the Service exists (applied: `{applied}`)"));
            d.api_error = Some(e.to_string());
            d.help = Some(if applied == "None" {
                "keep this Service headless for the StatefulSet and add a second, normal Service with the same selector".into()
            } else {
                "revert it, or add a second Service for the other kind of address".into()
            });
        }
    }
}
