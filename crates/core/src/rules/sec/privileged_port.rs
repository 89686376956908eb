//! SEC014: a container port below 1024 (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::int_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC014",
    name: "privileged-port",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} listens on port {n}, below 1024: binding it traditionally needs root or `NET_BIND_SERVICE`",
    checks_md_id: Some("SS-74"),
    other_tools: &[("kube-linter", "privileged-ports"), ("Monokle", "KBP113")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            for (path, port) in c.ports() {
                let Some(number) = port.get("containerPort") else { continue };
                let Some(n) = int_of(number).filter(|n| (1..1024).contains(n) && *n != 22) else { continue };
                sink.report(obj.file, number.range, path.key("containerPort"), format!("{} listens on port {n}, below 1024: binding it traditionally needs root or `NET_BIND_SERVICE`", c.label())).help =
                    Some("listen on a port of 1024 or more and map the usual number in the Service".into());
            }
        }
    }
}
