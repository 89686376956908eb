//! SEC005: a container that runs with a low UID or GID (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::int_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

use super::security_context::effective;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC005",
    name: "low-user-id",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} runs with {UID|GID} {n}, below 10000: it may match a real {user|group} of the node",
    checks_md_id: Some("SS-63"),
    other_tools: &[
        ("Checkov", "CKV_K8S_40"),
        ("kube-score", "container-security-context-user-group-id"),
        ("Trivy", "KSV020"),
        ("Trivy", "KSV021"),
        ("Monokle", "KBP104"),
        ("Monokle", "KBP105"),
        ("KICS", "Container Running With Low UID"),
        ("kubesec", "RunAsUser"),
    ],
    check: Check::Files(run),
    ..BASE
};

const LOWEST_SAFE_ID: i64 = 10000;

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let mut seen = Vec::new();
        for c in t.containers() {
            for (key, what, who) in [("runAsUser", "UID", "user"), ("runAsGroup", "GID", "group")] {
                let Some((path, node)) = effective(&t, &c, key) else { continue };
                let Some(id) = int_of(node).filter(|id| (1..LOWEST_SAFE_ID).contains(id)) else { continue };
                // a pod-level value is reported once, not once per container
                if seen.contains(&node.range) {
                    continue;
                }
                seen.push(node.range);
                let label = if path.to_string().starts_with(&c.path.to_string()) { c.label() } else { format!("the pod of {}", obj.label()) };
                sink.report(obj.file, node.range, path, format!("{label} runs with {what} {id}, below {LOWEST_SAFE_ID}: it may match a real {who} of the node")).help =
                    Some(format!("use a {what} of {LOWEST_SAFE_ID} or more, or run the pod in a user namespace (`hostUsers: false`)"));
            }
        }
    }
}
