//! SEC001: a password, token or key written as a literal env value.

use crate::rules::edit::{append_document, append_entry, is_flow, replace_entry, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::scalar_text;
use crate::rules::workspace::{Container, Object, Workspace};
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};
use crate::yaml::Node;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC001",
    name: "hardcoded-secret",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    summary: "env var `{name}` holds a literal secret: anyone who can read the {kind} can read it",
    checks_md_id: Some("SS-27"),
    other_tools: &[
        ("Polaris", "sensitiveContainerEnvVar"),
        ("Kubescape", "C-0012"),
        ("KICS", "Passwords And Secrets"),
        ("kube-linter", "env-var-secret"),
        ("Checkov", "CKV_SECRET_*"),
        ("Datree", "ALL_EXPOSED_SECRET_*"),
        ("Monokle", "KBP111"),
    ],
    check: Check::Files(run),
    ..BASE
};

const MARKERS: &[&str] = &["PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL"];

/// Whether an env var name says it carries a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    MARKERS.iter().any(|m| upper.contains(m))
}

/// Whether a literal value is something other than a secret: empty, a boolean, a path, a
/// reference to another variable.
fn is_not_a_secret(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.starts_with('/') || v.starts_with("$(") || ["true", "false", "yes", "no"].contains(&v.to_ascii_lowercase().as_str())
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            for (path, item) in c.env() {
                let Some(name) = item.get_str("name") else { continue };
                let Some(entry) = item.entry("value") else { continue };
                let Some(value) = scalar_text(&entry.value) else { continue };
                if !is_secret_name(name) || is_not_a_secret(&value) {
                    continue;
                }
                let d = sink.report(
                    obj.file,
                    entry.value.range,
                    path.key("value"),
                    format!("env var `{name}` holds a literal secret: anyone who can read the {} can read it", obj.kind),
                );
                d.help = Some("move the value into a Secret and use `valueFrom.secretKeyRef`".into());
                d.fix = fix(ws, obj, &c, item, name, &value);
            }
        }
    }
}

fn fix(ws: &Workspace<'_>, obj: &Object<'_>, c: &Container<'_>, item: &Node, name: &str, value: &str) -> Option<Fix> {
    let text = ws.text(obj.file);
    let entry = item.entry("value")?;
    let container = c.name.unwrap_or("app");
    let secret = format!("{}-secret", container.to_ascii_lowercase().replace('_', "-"));
    let prefix = format!("{}_", container.to_ascii_uppercase().replace('-', "_"));
    let key = name.strip_prefix(&prefix).unwrap_or(name).to_ascii_lowercase().replace('_', "-");
    let reference = if is_flow(text, item) {
        format!("valueFrom: {{secretKeyRef: {{name: {secret}, key: {key}}}}}")
    } else {
        format!("valueFrom:\n  secretKeyRef:\n    name: {secret}\n    key: {key}")
    };
    let mut edits = vec![replace_entry(obj.file, text, &entry.key, &entry.value, &reference)];
    let existing = ws.find_named("Secret", &secret, obj).next();
    match existing {
        Some((_, s)) => {
            if s.file != obj.file {
                return None;
            }
            let edit = match s.root.get("stringData") {
                Some(data) if data.entries().is_some_and(|e| e.iter().any(|e| e.key.as_str() == Some(key.as_str()))) => return None,
                Some(data) => append_entry(s.file, text, data, &format!("{key}: {}", yaml_string(value)))?,
                None => append_entry(s.file, text, s.root, &format!("stringData:\n  {key}: {}", yaml_string(value)))?,
            };
            edits.push(edit);
        }
        None => {
            let namespace = obj.namespace.map(|n| format!("\n  namespace: {}", yaml_string(n))).unwrap_or_default();
            let doc = format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {secret}{namespace}\ntype: Opaque\nstringData:\n  {key}: {}\n",
                yaml_string(value)
            );
            edits.push(append_document(obj.file, text, &doc));
        }
    }
    edits.sort_by_key(|e: &TextEdit| e.range.start);
    Some(Fix {
        title: format!("move `{name}` into Secret `{secret}` and use `secretKeyRef`"),
        explanation: format!(
            "The value now lives in Secret `{secret}` under key `{key}`, which the container reads through `secretKeyRef`; \
             create that Secret outside version control (for example with `kubectl create secret generic`) before committing."
        ),
        edits,
    })
}
