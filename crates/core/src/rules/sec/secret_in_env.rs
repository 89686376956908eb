//! SEC002: a Secret read into environment variables rather than mounted as files (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC002",
    name: "secret-in-env",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "env var `{name}` reads Secret `{secret}` into the environment: a mounted file leaks less | `envFrom` reads every key of Secret `{secret}` into the environment",
    checks_md_id: Some("SS-28"),
    other_tools: &[
        ("Checkov", "CKV_K8S_35"),
        ("kube-linter", "read-secret-from-env-var"),
        ("Kubescape", "C-0207"),
        ("Datree", "CIS_INVALID_KEY_SECRETKEYREF_SECRETREF"),
        ("KICS", "Secrets As Environment Variables"),
        ("Monokle", "KBP112"),
        ("kubesec", "SecretsAsEnvironmentVariables"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes env vars filled from a Secret (`valueFrom.secretKeyRef`) and `envFrom`
entries that import a whole Secret (`secretRef`). This is CIS Kubernetes Benchmark 5.4.1.

## Why is this bad?
It is much better than a password written in the manifest (SEC001), and it is exactly what
SEC001's fix produces: that is why this rule is off by default, so that following one
rule's advice does not trip another. It is the next step, not a mistake to fix first.

Environment variables leak more easily than files. They are inherited by every child
process, printed by crash handlers and debug endpoints, shown by `docker inspect` and
`/proc/<pid>/environ` to anyone who can read the process, and they never change while the
container runs, so rotating the Secret needs a restart. A Secret mounted as a volume is a
file only the container's processes read, with permissions you choose (`defaultMode`), and
the kubelet updates it in place when the Secret changes. Most database images read the
password from a file: the official PostgreSQL and MySQL images take
`POSTGRES_PASSWORD_FILE` and `MYSQL_ROOT_PASSWORD_FILE`.

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
    env:
    - name: POSTGRES_PASSWORD
      valueFrom:
        secretKeyRef:
          name: postgres-secret
          key: password
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
    - name: POSTGRES_PASSWORD_FILE
      value: /etc/postgres-secret/password
    volumeMounts:
    - name: postgres-secret
      mountPath: /etc/postgres-secret
      readOnly: true
  volumes:
  - name: postgres-secret
    secret:
      secretName: postgres-secret
```

## References
- [Good practices for Kubernetes Secrets](https://kubernetes.io/docs/concepts/security/secrets-good-practices/)
- [Secrets: using Secrets as files from a pod](https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod)
- [postgres image: Docker secrets (`_FILE` variables)](https://hub.docker.com/_/postgres)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            for (path, item) in c.env() {
                let Some(r) = item.get("valueFrom").and_then(|v| v.entry("secretKeyRef")) else { continue };
                let name = item.get_str("name").unwrap_or("?");
                let secret = r.value.get_str("name").unwrap_or("?");
                sink.report(obj.file, r.key.range, path.key("valueFrom").key("secretKeyRef"), format!("env var `{name}` reads Secret `{secret}` into the environment: a mounted file leaks less")).help =
                    Some("mount the Secret as a volume and point the program at the file (`POSTGRES_PASSWORD_FILE`)".into());
            }
            for (path, item) in items_with_paths(c.node.get("envFrom"), &c.path.key("envFrom")) {
                let Some(r) = item.entry("secretRef") else { continue };
                let secret = r.value.get_str("name").unwrap_or("?");
                sink.report(obj.file, r.key.range, path.key("secretRef"), format!("`envFrom` reads every key of Secret `{secret}` into the environment: a mounted file leaks less")).help =
                    Some("mount the Secret as a volume instead".into());
            }
        }
    }
}
