//! POD022: a pod anti-affinity term whose selector matches no pod.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::Selector;
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD022",
    name: "anti-affinity-selects-nothing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "this anti-affinity term selects no pods in the files given, not even the workload's own: it spreads nothing",
    checks_md_id: Some("SS-54"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    let templates = ws.pod_templates();
    for t in &templates {
        let obj = &ws.objects[t.object];
        let Some(anti) = t.spec.get("affinity").and_then(|a| a.get("podAntiAffinity")) else { continue };
        let base = t.spec_path.key("affinity").key("podAntiAffinity");
        let mut terms = Vec::new();
        for (path, term) in items_with_paths(anti.get("requiredDuringSchedulingIgnoredDuringExecution"), &base.key("requiredDuringSchedulingIgnoredDuringExecution")) {
            terms.push((path, term));
        }
        for (path, weighted) in items_with_paths(anti.get("preferredDuringSchedulingIgnoredDuringExecution"), &base.key("preferredDuringSchedulingIgnoredDuringExecution")) {
            if let Some(term) = weighted.get("podAffinityTerm") {
                terms.push((path.key("podAffinityTerm"), term));
            }
        }
        for (path, term) in terms {
            let Some(entry) = term.entry("labelSelector") else { continue };
            let Some(sel) = Selector::from_label_selector(&entry.value).filter(|s| !s.is_empty()) else { continue };
            if templates.iter().any(|o| ws.same_namespace(&ws.objects[o.object], obj) && sel.matches(&o.label_map())) {
                continue;
            }
            let Some((range, at, related)) = ws.selector_culprit(&entry.value, &path.key("labelSelector"), false, obj) else { continue };
            let d = sink.report(obj.file, range, at, "this anti-affinity term selects no pods in the files given, not even the workload's own: it spreads nothing");
            d.help = Some("select the pods by the labels they carry, usually the workload's own `matchLabels`".into());
            d.related = related;
        }
    }
}
