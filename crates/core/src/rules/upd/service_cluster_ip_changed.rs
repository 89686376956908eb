//! UPD002: an edit changes a Service's `clusterIP`, which cannot be updated.

use crate::apiserver::slim as apiserver;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD002",
    name: "service-cluster-ip-changed",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.clusterIP` cannot be changed once the Service exists (applied: `{old}`)",
    checks_md_id: Some("SS-79"),
    other_tools: &[],
    check: Check::Update(run),
    ..BASE
};

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in new.of_kind("Service") {
        if obj.api_version != "v1" || obj.name.is_none() {
            continue;
        }
        let Some((_, before)) = old.of_kind("Service").find(|(_, o)| o.name == obj.name && o.namespace == obj.namespace && o.api_version == "v1") else { continue };
        let (Ok(a), Ok(b)) = (apiserver::decode_service(&before.root.to_json()), apiserver::decode_service(&obj.root.to_json())) else { continue };
        for e in apiserver::validate_service_update(&a, &b) {
            if !e.path.starts_with("spec.clusterIP") || e.detail != "field is immutable" {
                continue;
            }
            let Some(node) = obj.at("spec.clusterIP") else { continue };
            let applied = before.at("spec.clusterIP").and_then(|n| n.as_str()).unwrap_or("");
            let d = sink.report(obj.file, node.range, obj.path("spec.clusterIP"), format!("`spec.clusterIP` cannot be changed once the Service exists (applied: `{applied}`)"));
            d.api_error = Some(e.to_string());
            d.help = Some(if applied == "None" {
                "keep this Service headless for the StatefulSet and add a second, normal Service with the same selector".into()
            } else {
                "revert it, or add a second Service for the other kind of address".into()
            });
        }
    }
}
