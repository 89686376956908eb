//! STS005: the Service `serviceName` names is in another namespace.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS005",
    name: "service-in-other-namespace",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the Service `{name}` is in namespace `{ns}`, but the StatefulSet is in `{ns}`",
    checks_md_id: Some("SS-10"),
    other_tools: &[("kube-score", "statefulset-has-servicename")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let obj = sts.obj;
        let Some(node) = obj.at("spec.serviceName") else { continue };
        let Some(name) = node.as_str().filter(|s| !s.is_empty()) else { continue };
        let candidates: Vec<_> = ws.of_kind("Service").filter(|(_, s)| s.name == Some(name)).collect();
        // one of the two sets a namespace and the other does not: they meet only if applied
        // into that namespace
        if let Some((_, svc)) = candidates.iter().find(|(_, s)| s.namespace.is_none() != obj.namespace.is_none()) {
            if candidates.iter().any(|(_, s)| s.namespace.is_some() && s.namespace == obj.namespace) {
                continue;
            }
            let ns = svc.namespace.or(obj.namespace).unwrap_or("");
            let message = match obj.namespace {
                Some(_) => format!("the StatefulSet is in namespace `{ns}`, but the Service `{name}` sets no namespace: they meet only if it is applied with `-n {ns}`"),
                None => format!("the Service `{name}` is in namespace `{ns}`, but the StatefulSet sets none: they meet only if it is applied with `-n {ns}`"),
            };
            let d = sink.report(obj.file, node.range, obj.path("spec.serviceName"), message);
            d.severity = Severity::Info;
            d.help = Some(format!("write `namespace: {ns}` in both objects"));
            continue;
        }
        if super::governing_service(ws, obj).is_some() {
            continue;
        }
        let Some((_, svc)) = candidates.first() else { continue };
        let (Some(theirs), Some(ours)) = (svc.namespace, obj.namespace) else { continue };
        let d = sink.report(obj.file, node.range, obj.path("spec.serviceName"), format!("the Service `{name}` is in namespace `{theirs}`, but the StatefulSet is in `{ours}`"));
        d.help = Some(format!("create the headless Service in namespace `{ours}`"));
        let range = svc.root.get("metadata").and_then(|m| m.get("namespace")).map(|n| n.range).unwrap_or(svc.root.range);
        d.related.push(Related { file: svc.file, range, message: "the Service's namespace".into() });
    }
}
