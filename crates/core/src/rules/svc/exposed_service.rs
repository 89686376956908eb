//! SVC003: a Service of type NodePort or LoadBalancer (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SVC003",
    name: "exposed-service",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the Service `{name}` is of type `{type}`: it is reachable from outside the cluster",
    checks_md_id: Some("SS-15"),
    other_tools: &[
        ("kube-linter", "exposed-services"),
        ("kube-score", "service-type"),
        ("Datree", "SERVICE_INCORRECT_TYPE_VALUE_NODEPORT"),
        ("KICS", "Service Type is NodePort / Service With External Load Balancer"),
        ("Monokle", "KBP114"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, svc) in ws.of_kind("Service") {
        let Some(node) = svc.at("spec.type") else { continue };
        let Some(kind) = node.as_str().filter(|k| *k == "NodePort" || *k == "LoadBalancer") else { continue };
        let name = svc.name.unwrap_or("");
        sink.report(svc.file, node.range, svc.path("spec.type"), format!("the Service `{name}` is of type `{kind}`: it is reachable from outside the cluster"));
    }
}
