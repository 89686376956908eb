//! WKL002: a Deployment whose pods a headless Service selects: peers that address pods by
//! their own DNS names need a StatefulSet.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{LabelMap, Selector};
use crate::rules::workspace::{Object, Workspace};
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "WKL002",
    name: "deployment-needs-stable-names",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the headless Service `{service}` selects the pods of Deployment `{name}`: their names are random and change with every new pod, so no peer can keep the address of one; per-pod DNS names need a StatefulSet",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

/// The name of a headless Service that selects these pod labels, near `obj`.
pub(crate) fn headless_service_of<'a>(ws: &Workspace<'a>, obj: &Object<'_>, labels: &LabelMap) -> Option<&'a str> {
    headless_services(ws, obj, labels).into_iter().next().and_then(|(_, svc)| svc.name)
}

fn headless_services<'w, 'a>(ws: &'w Workspace<'a>, obj: &Object<'_>, labels: &LabelMap) -> Vec<(usize, &'w Object<'a>)> {
    ws.of_kind("Service")
        .filter(|(_, svc)| ws.same_namespace(svc, obj))
        .filter(|(_, svc)| svc.at("spec.clusterIP").and_then(|n| n.as_str()) == Some("None"))
        .filter(|(_, svc)| svc.at("spec.selector").and_then(Selector::from_map).is_some_and(|s| !s.match_labels.is_empty() && s.matches(labels)))
        .collect()
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (index, obj) in ws.of_kind("Deployment") {
        let Some(template) = ws.pod_template(index) else { continue };
        let labels = template.label_map();
        let Some((_, svc)) = headless_services(ws, obj, &labels).into_iter().next() else { continue };
        let service = svc.name.unwrap_or("");
        let name = obj.name.unwrap_or("");
        let (range, at) = obj.root.get("kind").map(|k| (k.range, obj.path("kind"))).unwrap_or_else(|| obj.anchor());
        let message = format!("the headless Service `{service}` selects the pods of Deployment `{name}`: their names are random and change with every new pod, so no peer can keep the address of one; per-pod DNS names need a StatefulSet");
        let d = sink.report(obj.file, range, at, message);
        if let Some(n) = svc.at("spec.clusterIP") {
            d.related.push(Related { file: svc.file, range: n.range, message: format!("`{service}` is headless: it serves one record per pod") });
        }
        d.help = Some(format!("run the pods as a StatefulSet with `serviceName: {service}`: each gets `<name>-<ordinal>.{service}`, kept across replacements"));
        d.fix = super::convert_fix(ws, obj, service);
    }
}
