//! SEC011: no seccomp profile (opt-in).

use crate::rules::edit::{append_entry, is_flow};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

use super::security_context::effective;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC011",
    name: "seccomp-profile-missing",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} runs without a seccomp profile (`Unconfined` unless the kubelet defaults it): every system call is allowed | sets `Unconfined`",
    checks_md_id: Some("SS-68"),
    other_tools: &[
        ("Checkov", "CKV_K8S_31"),
        ("kube-score", "container-seccomp-profile"),
        ("Kubescape", "C-0210"),
        ("KICS", "Seccomp Profile Is Not Configured"),
        ("Trivy", "KSV030"),
        ("kubesec", "Seccomp"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let text = ws.text(obj.file);
        let mut seen = Vec::new();
        for c in t.containers() {
            match effective(&t, &c, "seccompProfile") {
                Some((path, node)) => {
                    let Some(kind) = node.get("type").filter(|k| k.as_str() == Some("Unconfined")) else { continue };
                    if seen.contains(&kind.range) {
                        continue; // the pod's profile, reported once
                    }
                    seen.push(kind.range);
                    sink.report(obj.file, kind.range, path.key("type"), format!("{} sets the seccomp profile `Unconfined`: every system call is allowed", c.label())).help =
                        Some("use `type: RuntimeDefault`".into());
                }
                None => {
                    let d = sink.report(
                        obj.file,
                        c.anchor(),
                        c.path.key("securityContext").key("seccompProfile"),
                        format!("{} runs without a seccomp profile (`Unconfined` unless the kubelet defaults it): every system call is allowed", c.label()),
                    );
                    d.help = Some("set `seccompProfile: {type: RuntimeDefault}` in the pod's `securityContext`".into());
                    if is_flow(text, t.spec) {
                        continue;
                    }
                    let edit = match t.spec.get("securityContext") {
                        Some(sc) if sc.get("seccompProfile").is_none() && !is_flow(text, sc) && sc.entries().is_some_and(|e| !e.is_empty()) => {
                            append_entry(obj.file, text, sc, "seccompProfile:\n  type: RuntimeDefault")
                        }
                        Some(_) => None,
                        None => append_entry(obj.file, text, t.spec, "securityContext:\n  seccompProfile:\n    type: RuntimeDefault"),
                    };
                    if let Some(edit) = edit {
                        d.fix = Some(Fix {
                            title: "use the runtime's default seccomp profile for the pod".into(),
                            explanation: "`RuntimeDefault` blocks the system calls ordinary programs do not use; it applies to every container of the pod that does not set its own profile.".into(),
                            edits: vec![edit],
                        });
                    }
                }
            }
        }
    }
}
