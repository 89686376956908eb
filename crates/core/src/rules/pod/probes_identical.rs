//! POD008: the liveness and readiness probes are the same probe.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

use super::Probe;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD008",
    name: "probes-identical",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} uses the same probe for liveness and readiness: a slow moment takes it out of the Service and restarts it at once",
    checks_md_id: Some("SS-40"),
    other_tools: &[("kube-score", "pod-probes-identical")],
    check: Check::Files(run),
    ..BASE
};

const TIMINGS: &[&str] = &["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "terminationGracePeriodSeconds"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let (Some(live), Some(ready)) = (Probe::of(&c, "livenessProbe"), Probe::of(&c, "readinessProbe")) else { continue };
            let (Some(a), Some(b)) = (live.handler(), ready.handler()) else { continue };
            if a != b || TIMINGS.iter().any(|f| live.int(f) != ready.int(f)) {
                continue;
            }
            let d = sink.report(
                obj.file,
                live.key.range,
                live.path.clone(),
                format!("{} uses the same probe for liveness and readiness: a slow moment takes it out of the Service and restarts it at once", c.label()),
            );
            d.help = Some("make the liveness probe more lenient (a higher `failureThreshold` or `periodSeconds`) than the readiness probe".into());
            d.related.push(Related { file: obj.file, range: ready.key.range, message: "the identical readiness probe".into() });
        }
    }
}
