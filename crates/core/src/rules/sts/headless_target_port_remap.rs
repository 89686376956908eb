//! STS009: a headless Service's `targetPort` differs from its `port`.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::scalar_text;
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS009",
    name: "headless-target-port-remap",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "a headless Service does not forward `port` {port} to `targetPort` {target}: clients must connect to {target}",
    checks_md_id: Some("SS-13"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, svc) in ws.of_kind("Service") {
        if svc.at("spec.clusterIP").and_then(|n| n.as_str()) != Some("None") {
            continue;
        }
        for (path, port) in items_with_paths(svc.at("spec.ports"), &svc.path("spec.ports")) {
            let (Some(p), Some(t)) = (port.get("port").and_then(scalar_text), port.get("targetPort")) else { continue };
            let Some(target) = scalar_text(t) else { continue };
            if target == p || target.is_empty() {
                continue;
            }
            let message = if target.parse::<u32>().is_ok() {
                format!("a headless Service does not forward `port` {p} to `targetPort` {target}: clients must connect to {target}")
            } else {
                format!("a headless Service does not forward `port` {p}: clients connect to the container port named `{target}` directly")
            };
            sink.report(svc.file, t.range, path.key("targetPort"), message)
            .help = Some("write the container's port as both `port` and `targetPort`".into());
        }
    }
}
