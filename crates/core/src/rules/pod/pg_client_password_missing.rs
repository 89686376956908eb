//! POD028: a container runs a postgres client over the network with no password to send.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD028",
    name: "pg-client-password-missing",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "{container} runs `{program} -h …` with no `PGPASSWORD`: the server asks for a password it cannot give",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Finds containers whose command runs `pg_dump`, `pg_dumpall`, `pg_restore` or `psql` with
`-h`/`--host` (a connection over the network) and whose `env` sets neither `PGPASSWORD` nor
`PGPASSFILE`. A container with `envFrom` is left alone: the variable may come from there.
The guide's backup CronJob is such a container.

## Why is this bad?
The official postgres image's `pg_hba.conf` lets local connections in without a password, but
asks every connection from the network for one (md5 up to PostgreSQL 13, scram-sha-256
since 14) unless the server runs with `POSTGRES_HOST_AUTH_METHOD=trust`. A backup Job has no
terminal to type it in: pg_dump prompts, reads an empty line, and fails with `fe_sendauth: no
password supplied`. The Job backs off and fails, every night, and no dump is written (the
shell's redirection leaves an empty file). Give the client the password from the same Secret
the server reads.

## Example
```yaml
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
        image: postgres:13-alpine
        command: ["/bin/sh", "-c", "pg_dump -h db-0.db -U postgres > /backup/dump.sql"]
```

Use instead:
```yaml
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
        image: postgres:13-alpine
        command: ["/bin/sh", "-c", "pg_dump -h db-0.db -U postgres > /backup/dump.sql"]
        env:
        - name: PGPASSWORD
          valueFrom:
            secretKeyRef:
              name: postgres-secret
              key: password
```

## References
- [PostgreSQL: environment variables of libpq (PGPASSWORD)](https://www.postgresql.org/docs/current/libpq-envars.html)
- [The postgres image: POSTGRES_HOST_AUTH_METHOD](https://hub.docker.com/_/postgres)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            if c.node.get("envFrom").is_some() {
                continue;
            }
            let words = super::command_words(&c);
            let Some(at) = words.iter().position(|w| super::is_pg_client(w)) else { continue };
            let program = words[at].rsplit('/').next().unwrap_or(&words[at]).to_owned();
            let remote = words[at + 1..].iter().take_while(|w| !matches!(w.as_str(), ";" | "&&" | "||" | "|")).any(|w| w == "-h" || w.starts_with("--host") || (w.starts_with("-h") && w.len() > 2));
            let set = |name: &str| c.env().iter().any(|(_, e)| e.get_str("name") == Some(name));
            if !remote || set("PGPASSWORD") || set("PGPASSFILE") {
                continue;
            }
            let message = format!("{} runs `{program} -h …` with no `PGPASSWORD`: the server asks for a password it cannot give, and {program} fails with `fe_sendauth: no password supplied`", c.label());
            sink.report(ws.objects[t.object].file, c.anchor(), c.path.key("env"), message).help = Some("set `PGPASSWORD` from the Secret the server reads (`valueFrom.secretKeyRef`)".into());
        }
    }
}
