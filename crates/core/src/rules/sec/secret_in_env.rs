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
