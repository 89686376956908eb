//! POD026: the official postgres image with no superuser password.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{database_kind, Database};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD026",
    name: "postgres-password-missing",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "{container} runs `{image}` with no `POSTGRES_PASSWORD`: on a new volume the entrypoint refuses to initialize the database",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Finds containers of the official postgres image (and the images built on it: postgis,
timescaledb, pgvector) that set neither `POSTGRES_PASSWORD` nor `POSTGRES_PASSWORD_FILE`
nor `POSTGRES_HOST_AUTH_METHOD=trust` in `env`. A container with `envFrom` is left alone:
the variable may come from there. So is a container that runs another command (a client
such as `pg_dump` or `psql`).

## Why is this bad?
On an empty data directory the image's entrypoint checks for a superuser password before
`initdb` and, finding none, prints `Error: Database is uninitialized and superuser password
is not specified.` and exits 1. Every restart does the same: the pod crash-loops, and under
the default `OrderedReady` policy the StatefulSet creates no further replica. (A volume that
already holds a database starts without the check, so the mistake shows only on a fresh
cluster, or when a replica gets a new volume.) Set the password from a Secret with
`valueFrom.secretKeyRef`.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16
    env:
    - name: POSTGRES_PASSWORD
      valueFrom:
        secretKeyRef:
          name: postgres-secret
          key: password
```

## References
- [The postgres image: environment variables](https://hub.docker.com/_/postgres)
- [docker-library/postgres: the entrypoint's `docker_verify_minimum_env`](https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.app_containers() {
            let Some(image) = c.image() else { continue };
            if database_kind(image) != Some(Database::PostgresOfficial) || c.node.get("envFrom").is_some() {
                continue;
            }
            if let Some(first) = c.node.get("command").and_then(|n| n.items()).and_then(|i| i.first()).and_then(|n| n.as_str()) {
                if !matches!(first.rsplit('/').next().unwrap_or(first), "docker-entrypoint.sh" | "postgres") {
                    continue;
                }
            }
            let set = |name: &str| c.env().iter().any(|(_, e)| e.get_str("name") == Some(name));
            let trust = c.env_value("POSTGRES_HOST_AUTH_METHOD").is_some_and(|(_, v)| v.as_str() == Some("trust"));
            if set("POSTGRES_PASSWORD") || set("POSTGRES_PASSWORD_FILE") || trust {
                continue;
            }
            let message = format!("{} runs `{image}` with no `POSTGRES_PASSWORD`: on a new volume the entrypoint refuses to initialize the database and exits 1", c.label());
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("env"), message).help = Some("set `POSTGRES_PASSWORD` from a Secret (`valueFrom.secretKeyRef`)".into());
        }
    }
}
