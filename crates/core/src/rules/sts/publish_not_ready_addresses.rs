//! STS010: peers that discover each other through DNS before they are Ready need
//! `publishNotReadyAddresses`.

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{bool_of, needs_peer_discovery, ImageRef};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS010",
    name: "publish-not-ready-addresses",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "`{image}` peers find each other through DNS before they are Ready; set `publishNotReadyAddresses: true`",
    checks_md_id: Some("SS-16"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        if sts.replicas().is_some_and(|r| r <= 1) {
            continue;
        }
        let Some(template) = &sts.template else { continue };
        let Some(image) = template.app_containers().iter().filter_map(|c| c.image()).find(|i| needs_peer_discovery(i)) else { continue };
        let Some((_, svc)) = super::governing_service(ws, sts.obj) else { continue };
        let Some(spec) = svc.root.get("spec") else { continue };
        if spec.get_str("clusterIP") != Some("None") || spec.get("publishNotReadyAddresses").and_then(bool_of) == Some(true) {
            continue;
        }
        let short = ImageRef::parse(image).short_name();
        let annotation = svc.at("metadata.annotations").and_then(|a| a.entry("service.alpha.kubernetes.io/tolerate-unready-endpoints"));
        let (range, path, message) = match annotation {
            Some(e) => (
                e.key.range,
                svc.path("metadata.annotations[service.alpha.kubernetes.io/tolerate-unready-endpoints]"),
                "the `tolerate-unready-endpoints` annotation is ignored by EndpointSlices; set `publishNotReadyAddresses: true`".to_owned(),
            ),
            None => (
                spec.entry("publishNotReadyAddresses").map(|e| e.key.range).unwrap_or_else(|| svc.anchor().0),
                svc.path("spec.publishNotReadyAddresses"),
                format!("`{short}` peers find each other through DNS before they are Ready; set `publishNotReadyAddresses: true`"),
            ),
        };
        let d = sink.report(svc.file, range, path, message);
        if spec.entry("publishNotReadyAddresses").is_none() {
            if let Some(edit) = append_entry(svc.file, ws.text(svc.file), spec, "publishNotReadyAddresses: true") {
                d.fix = Some(Fix {
                    title: "set `publishNotReadyAddresses: true`".into(),
                    explanation: "The pods' DNS records then exist from the moment they have an IP, so members can find each other while they bootstrap.".into(),
                    edits: vec![edit],
                });
            }
        }
    }
}
