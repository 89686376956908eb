//! POD021: replicas with no topology spread constraint (opt-in).

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD021",
    name: "topology-spread-missing",
    tier: Tier::T3,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the {workload} sets no `topologySpreadConstraints`: nothing spreads its {n} replicas across zones",
    checks_md_id: Some("SS-55"),
    other_tools: &[("Polaris", "topologySpreadConstraint"), ("kube-score", "pod-topology-spread-constraints")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for w in super::multi_replica(ws) {
        let (obj, t) = (w.obj, &w.template);
        if t.spec.get("topologySpreadConstraints").is_some_and(|c| c.items().is_some_and(|i| !i.is_empty())) {
            continue;
        }
        let d = sink.report(obj.file, w.range, t.spec_path.key("topologySpreadConstraints"), format!("the {} sets no `topologySpreadConstraints`: nothing spreads its {} replicas across zones", obj.label(), w.replicas));
        d.help = Some("add a constraint over `topology.kubernetes.io/zone` that selects the workload's own labels".into());
        let text = ws.text(obj.file);
        let block = w.spec_block(text, "topologySpreadConstraints", |pairs| {
            format!("topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: topology.kubernetes.io/zone\n  whenUnsatisfiable: ScheduleAnyway\n  labelSelector:\n    matchLabels:{pairs}")
        }, 6);
        if let Some(edit) = block.and_then(|b| append_entry(obj.file, text, t.spec, &b)) {
            d.fix = Some(Fix {
                title: "spread the replicas across zones when possible".into(),
                explanation: "`ScheduleAnyway` makes the scheduler prefer an even spread over zones without ever leaving a pod `Pending` for it; switch to `DoNotSchedule` to enforce it.".into(),
                edits: vec![edit],
            });
        }
    }
}
