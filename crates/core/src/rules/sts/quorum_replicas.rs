//! STS012: a consensus system with an even or too small number of replicas.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{needs_quorum, ImageRef};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS012",
    name: "quorum-replicas",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "`{image}` needs a quorum: use an odd number of replicas, at least 3 (`spec.replicas` is {n})",
    checks_md_id: Some("SS-56"),
    other_tools: &[("kube-linter", "minimum-three-replicas")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let Some(template) = &sts.template else { continue };
        let Some(image) = template.app_containers().iter().filter_map(|c| c.image()).find(|i| needs_quorum(i)) else { continue };
        let Some(node) = sts.obj.at("spec.replicas") else { continue };
        let Some(n) = sts.replicas() else { continue };
        if n == 0 || (n >= 3 && n % 2 == 1) {
            continue;
        }
        let short = ImageRef::parse(image).short_name();
        let d = sink.report(
            sts.obj.file,
            node.range,
            sts.obj.path("spec.replicas"),
            format!("`{short}` needs a quorum: use an odd number of replicas, at least 3 (`spec.replicas` is {n})"),
        );
        if n == 1 {
            d.severity = Severity::Info;
        }
    }
}
