//! POD023: no `priorityClassName` (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD023",
    name: "priority-class-unset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the pods of {workload} set no `priorityClassName`: on a full cluster any pod of higher priority can preempt them",
    checks_md_id: Some("SS-57"),
    other_tools: &[("Polaris", "priorityClassNotSet"), ("kube-linter", "priority-class-name")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        if obj.kind == "DaemonSet" || t.spec.get("priorityClassName").is_some_and(|n| n.as_str().is_some_and(|s| !s.is_empty())) {
            continue;
        }
        let range = obj.anchor().0;
        sink.report(obj.file, range, t.spec_path.key("priorityClassName"), format!("the pods of {} set no `priorityClassName`: on a full cluster any pod of higher priority can preempt them", obj.label())).help =
            Some("define a PriorityClass for stateful workloads and name it here".into());
    }
}
