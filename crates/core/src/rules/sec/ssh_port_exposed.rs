//! SEC013: a container exposes SSH.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::int_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC013",
    name: "ssh-port-exposed",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    summary: "{container} exposes SSH (port {n}): a shell server inside a container is a second way in",
    checks_md_id: Some("SS-73"),
    other_tools: &[("kube-linter", "ssh-port"), ("Monokle", "KBP110")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            for (path, port) in c.ports() {
                let Some(number) = port.get("containerPort") else { continue };
                let n = int_of(number);
                let named = port.get_str("name").is_some_and(|s| s.eq_ignore_ascii_case("ssh"));
                if n != Some(22) && !named {
                    continue;
                }
                let shown = number.as_str().unwrap_or("?");
                sink.report(obj.file, number.range, path.key("containerPort"), format!("{} exposes SSH (port {shown}): a shell server inside a container is a second way in", c.label())).help =
                    Some("remove the SSH server and use `kubectl exec` or `kubectl debug`".into());
            }
        }
    }
}
