//! SVC001: a Service whose selector matches no pod template of the files given.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::Selector;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SVC001",
    name: "service-selects-no-pods",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the selector of Service `{name}` matches no pods in the files given",
    checks_md_id: Some("SS-12"),
    other_tools: &[("kube-linter", "dangling-service"), ("kube-score", "service-targets-pod"), ("KICS", "Service Does Not Target Pod"), ("Monokle", "LNK001")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    let templates = ws.pod_labels();
    for (_, svc) in ws.of_kind("Service") {
        let Some(entry) = svc.root.get("spec").and_then(|s| s.entry("selector")) else { continue };
        let Some(sel) = Selector::from_map(&entry.value).filter(|s| !s.is_empty()) else { continue };
        let governs = ws.of_kind("StatefulSet").any(|(_, s)| s.at("spec.serviceName").and_then(|n| n.as_str()) == svc.name && ws.same_namespace(s, svc));
        let near: Vec<_> = templates.iter().filter(|(i, _)| ws.same_namespace(&ws.objects[*i], svc)).collect();
        if governs || near.is_empty() || near.iter().any(|(_, labels)| sel.matches(labels)) {
            continue;
        }
        let name = svc.name.unwrap_or("");
        let Some((range, path, related)) = ws.selector_culprit(&entry.value, &svc.path("spec.selector"), true, svc) else { continue };
        let d = sink.report(svc.file, range, path, format!("the selector of Service `{name}` matches no pods in the files given"));
        d.help = Some("use the labels of the pods it should reach (their workload's `spec.template.metadata.labels`)".into());
        d.related = related;
    }
}
