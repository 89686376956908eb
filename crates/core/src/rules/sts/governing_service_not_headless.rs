//! STS006: the governing Service is not headless.

use crate::rules::edit::append_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::util::entry_range;
use crate::rules::{Fix, Related, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS006",
    name: "governing-service-not-headless",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the Service `{name}` governs StatefulSet `{sts}` but is not headless (`clusterIP: None`)",
    checks_md_id: Some("SS-11"),
    other_tools: &[
        ("kube-score", "statefulset-has-servicename"),
        ("KICS", "bb241e61 StatefulSets Without Service Name"),
        ("kube-score", "service-type"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let Some((_, svc)) = super::governing_service(ws, sts.obj) else { continue };
        let Some(spec) = svc.root.get("spec") else { continue };
        let cluster_ip = spec.entry("clusterIP");
        if cluster_ip.and_then(|e| e.value.as_str()) == Some("None") {
            continue;
        }
        let kind = spec.get_str("type").unwrap_or("ClusterIP");
        let name = svc.name.unwrap_or("");
        let sts_name = sts.obj.name.unwrap_or("");
        // What makes it not headless, where written: `clusterIP: 10.x`, else `type: …`, else
        // (nothing written: the server allocates a cluster IP) the Service's name.
        let (range, path) = match (cluster_ip, spec.entry("type")) {
            (Some(e), _) => (entry_range(e), svc.path("spec.clusterIP")),
            (None, Some(t)) => (entry_range(t), svc.path("spec.type")),
            (None, None) => svc.anchor(),
        };
        let message = if kind == "ClusterIP" {
            format!("the Service `{name}` governs StatefulSet `{sts_name}` but is not headless (`clusterIP: None`)")
        } else {
            format!("the Service `{name}` governs StatefulSet `{sts_name}` but is of type `{kind}`, not headless (`clusterIP: None`)")
        };
        let d = sink.report(svc.file, range, path, message);
        if let Some(n) = sts.obj.at("spec.serviceName") {
            d.related.push(Related { file: sts.obj.file, range: n.range, message: "named here as the governing Service".into() });
        }
        d.help = Some("set `clusterIP: None`; for access from outside, add a second, ordinary Service".into());
        if kind != "ClusterIP" {
            continue;
        }
        let edit = match cluster_ip {
            Some(e) => Some(TextEdit { file: svc.file, range: e.value.range, replacement: "None".into() }),
            None => append_entry(svc.file, ws.text(svc.file), spec, "clusterIP: None"),
        };
        if let Some(edit) = edit {
            d.fix = Some(Fix {
                title: "make the Service headless (`clusterIP: None`)".into(),
                explanation: "A headless Service publishes one DNS record per ready pod; `clusterIP` is immutable, so delete the existing Service before applying.".into(),
                edits: vec![edit],
            });
        }
    }
}
