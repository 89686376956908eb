//! POD007: a probe targets a port the container does not declare.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{int_of, scalar_text};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD007",
    name: "probe-port-not-exposed",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`{probe}` targets port `{port}`, which {container} does not declare",
    checks_md_id: Some("SS-41"),
    other_tools: &[("kube-linter", "liveness-port"), ("kube-linter", "readiness-port"), ("kube-linter", "startup-port")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let ports = c.ports();
            let tcp: Vec<(Option<&str>, Option<i64>)> = ports
                .iter()
                .filter(|(_, p)| p.get_str("protocol").is_none_or(|pr| pr == "TCP"))
                .map(|(_, p)| (p.get_str("name"), p.get("containerPort").and_then(int_of)))
                .collect();
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let Some(node) = c.node.get(probe) else { continue };
                for handler in ["httpGet", "tcpSocket", "grpc"] {
                    let Some(port) = node.get(handler).and_then(|h| h.get("port")) else { continue };
                    let Some(text) = scalar_text(port) else { continue };
                    let missing = match int_of(port) {
                        Some(n) => !tcp.is_empty() && !tcp.iter().any(|(_, p)| *p == Some(n)),
                        None => !tcp.iter().any(|(name, _)| *name == Some(text.as_str())),
                    };
                    if missing {
                        let d = sink.report(obj.file, port.range, c.path.key(probe).key(handler).key("port"), format!("`{probe}` targets port `{text}`, which {} does not declare", c.label()));
                        let declared: Vec<String> = tcp.iter().map(|(n, p)| match (n, p) {
                            (Some(n), Some(p)) => format!("`{n}` ({p})"),
                            (None, Some(p)) => format!("{p}"),
                            (Some(n), None) => format!("`{n}`"),
                            (None, None) => "?".into(),
                        }).collect();
                        d.help = Some(if declared.is_empty() { "declare the port under `ports`, or probe one that is declared".into() } else { format!("declared TCP ports: {}", declared.join(", ")) });
                    }
                }
            }
        }
    }
}
