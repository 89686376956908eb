//! POD013: a database container outside the Guaranteed QoS class (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::apiserver::quantity;
use crate::rules::util::{database_kind, scalar_text};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD013",
    name: "requests-not-equal-limits",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} is not in the Guaranteed QoS class: its `{resource}` request (`{request}`) differs from its limit (`{limit}`) | has a request but no limit",
    checks_md_id: Some("SS-50"),
    other_tools: &[
        ("kube-score", "container-resource-requests-equal-limits"),
        ("KICS", "Container Requests Not Equal Limits"),
        ("Datree", "EKS_INVALID_MEMORY_REQUEST_LIMIT"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            if c.image().is_none_or(|i| database_kind(i).is_none()) {
                continue;
            }
            let Some(resources) = c.node.get("resources") else { continue };
            let (requests, limits) = (resources.get("requests"), resources.get("limits"));
            for key in ["cpu", "memory"] {
                let request = requests.and_then(|r| r.get(key));
                let limit = limits.and_then(|l| l.get(key));
                let path = c.path.key("resources");
                match (request, limit) {
                    (Some(r), Some(l)) => {
                        let (Some(rt), Some(lt)) = (scalar_text(r), scalar_text(l)) else { continue };
                        let (Some(rv), Some(lv)) = (quantity::parse(&rt), quantity::parse(&lt)) else { continue };
                        if (rv - lv).abs() <= f64::EPSILON * lv.abs().max(1.0) {
                            continue;
                        }
                        sink.report(obj.file, r.range, path.key("requests").key(key), format!("{} is not in the Guaranteed QoS class: its `{key}` request (`{rt}`) differs from its limit (`{lt}`)", c.label())).help =
                            Some(format!("set the `{key}` request equal to the limit"));
                    }
                    (Some(r), None) => {
                        sink.report(obj.file, r.range, path.key("limits").key(key), format!("{} is not in the Guaranteed QoS class: its `{key}` has a request but no limit", c.label())).help =
                            Some(format!("add a `{key}` limit equal to the request"));
                    }
                    _ => {}
                }
            }
        }
    }
}
