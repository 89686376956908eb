//! POD029: a postgres client's short host name resolves only in another namespace.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD029",
    name: "pg-client-host-elsewhere",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "{container} connects to `{host}`, a name of Service `{service}` in `{namespace}`, from `{other}`: it does not resolve there",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Reads the host a postgres client connects to (`pg_dump`, `pg_dumpall`, `pg_restore` or `psql`
with `-h`) in a container's command, and when the name is short (`SERVICE` or
`POD.SERVICE`, no namespace in it) and names a Service defined, in the files checked, in
another namespace than the container's object, reports it. An object with no namespace is
taken to land in `default`, as `kubectl apply` puts it there with the usual context.

## Why is this bad?
A pod's resolver completes a short name with its own namespace first
(`NAME.<its namespace>.svc.cluster.local`), then `svc.cluster.local` and `cluster.local`.
`recovery-demo-db-0.recovery-demo-headless` therefore resolves in `scenarios`, where the
headless Service is, and nowhere else: from a backup Job in `default` the client fails with
`could not translate host name … to address` and no backup is taken. The guide's backup
CronJob has no namespace, so it has this defect. Put the object in the Service's namespace,
or write the full name (`recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local`).

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: batch/v1
kind: Job
metadata:
  name: backup
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: backup
        image: postgres:16
        command: ["sh", "-c", "pg_dump -h db-0.db -U postgres > /backup/dump.sql"]
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: batch/v1
kind: Job
metadata:
  name: backup
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: backup
        image: postgres:16
        command: ["sh", "-c", "pg_dump -h db-0.db -U postgres > /backup/dump.sql"]
```

## References
- [DNS for Services and Pods: namespaces of Services](https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services)
"#,
    ..BASE
};

/// The hosts of the postgres clients a container's command runs (`-h HOST`, `--host=HOST`).
fn hosts(words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut client = false;
    for (i, w) in words.iter().enumerate() {
        if super::is_pg_client(w) {
            client = true;
        } else if matches!(w.as_str(), ";" | "&&" | "||" | "|") {
            client = false;
        } else if client {
            if w == "-h" || w == "--host" {
                out.extend(words.get(i + 1).cloned());
            } else if let Some(h) = w.strip_prefix("--host=").or_else(|| w.strip_prefix("-h").filter(|h| !h.is_empty())) {
                out.push(h.to_owned());
            }
        }
    }
    out
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let here = obj.namespace.unwrap_or("default");
        for c in t.containers() {
            let words = super::command_words(&c);
            for host in hosts(&words) {
                let labels: Vec<&str> = host.split('.').collect();
                let service = match labels.as_slice() {
                    [s] | [_, s] => *s,
                    _ => continue,
                };
                let places: Vec<&str> = ws.objects.iter().filter(|o| o.kind == "Service" && o.name == Some(service)).filter_map(|o| o.namespace).collect();
                if places.is_empty() || places.contains(&here) {
                    continue;
                }
                let there = places[0];
                let whence = if obj.namespace.is_some() { format!("`{here}`") } else { "`default` (it has no namespace)".to_owned() };
                let message = format!("{} connects to `{host}`, a name of Service `{service}` in `{there}`, from {whence}: the name does not resolve there", c.label());
                sink.report(obj.file, c.anchor(), c.path.key("command"), message).help = Some(format!("put the {} in `{there}`, or write the full name `{host}.{there}.svc.cluster.local`", obj.kind));
            }
        }
    }
}
