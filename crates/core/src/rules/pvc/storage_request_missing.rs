//! PVC004: a claim requests no storage size.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC004",
    name: "storage-request-missing",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "{claim} requests no storage (`resources.requests.storage`)",
    checks_md_id: Some("SS-20"),
    other_tools: &[("kubesec", "VolumeClaimRequestsStorage"), ("KICS", "8cf4671a StatefulSet Requests Storage (the opposite advice)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for claim in super::claims(ws) {
        let Some(spec) = claim.spec() else { continue };
        if spec.get("resources").and_then(|r| r.get("requests")).and_then(|r| r.get("storage")).is_some() {
            continue;
        }
        // a claim bound to a named volume or cloned from a data source still needs a size
        let server_path = claim.path.key("spec").key("resources").key("storage");
        let range = spec.entry("resources").map(|e| e.key.range).unwrap_or(claim.anchor());
        let d = sink.report(claim.obj.file, range, claim.path.key("spec").key("resources").key("requests").key("storage"), format!("{} requests no storage (`resources.requests.storage`)", claim.label()));
        d.api_error = Some(format!("{}: Required value", server_path.to_string().replace(".resources.storage", ".resources[storage]")));
        d.help = Some("set `spec.resources.requests.storage`, for example `10Gi`".into());
    }
}
