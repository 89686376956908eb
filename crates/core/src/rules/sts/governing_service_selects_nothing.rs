//! STS007: the governing Service's selector does not select the StatefulSet's pods.

use crate::rules::edit::{is_flow, replace_entry, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{label_place, selector_miss, Selector};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS007",
    name: "governing-service-selects-nothing",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the selector of Service `{name}` does not select the pods of StatefulSet `{sts}`",
    checks_md_id: Some("SS-12"),
    other_tools: &[
        ("kube-score", "statefulset-has-servicename"),
        ("kube-linter", "dangling-service"),
        ("Kubescape", "C-0293"),
        ("KICS", "Service Does Not Target Pod"),
        ("Monokle", "LNK001"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let Some((_, svc)) = super::governing_service(ws, sts.obj) else { continue };
        let Some(spec) = svc.root.get("spec") else { continue };
        let labels = super::pod_labels(&sts);
        let name = svc.name.unwrap_or("");
        let sts_name = sts.obj.name.unwrap_or("");
        let entry = spec.entry("selector").filter(|e| !e.value.is_null());
        let template_labels = sts.template.as_ref().and_then(|t| t.labels);
        let (range, path, message, related) = match entry {
            Some(e) => {
                let sel = Selector::from_map(&e.value).unwrap_or_default();
                if !sel.is_empty() && sel.matches(&labels) {
                    continue;
                }
                let message = format!("the selector of Service `{name}` does not select the pods of StatefulSet `{sts_name}`");
                match selector_miss(&e.value, &svc.path("spec.selector"), true, &labels) {
                    // the pair the pods lack, and the pods' label of that key
                    Some(miss) => {
                        let place = miss.key.as_deref().and_then(|k| label_place(template_labels, k));
                        (miss.range, miss.path, message, place.map(|(range, message)| Related { file: sts.obj.file, range, message }))
                    }
                    // an empty selector (`{}`): the key is all there is
                    None => (e.key.range, svc.path("spec.selector"), message, template_labels.map(|t| Related { file: sts.obj.file, range: t.range, message: "the pods' labels".into() })),
                }
            }
            None => {
                let (range, path) = svc.anchor();
                let message = format!("the Service `{name}` has no selector, so it publishes no DNS records for the pods of StatefulSet `{sts_name}`");
                (range, path, message, template_labels.map(|t| Related { file: sts.obj.file, range: t.range, message: "the pods' labels".into() }))
            }
        };
        let d = sink.report(svc.file, range, path, message);
        d.related.extend(related);
        // Fix: select by the StatefulSet's own matchLabels (its pods always carry them).
        let Some(sel) = sts.obj.label_selector().filter(|s| !s.match_labels.is_empty() && s.matches(&labels)) else { continue };
        let text = ws.text(svc.file);
        let (Some(e), false) = (entry, is_flow(text, spec)) else { continue };
        let block: String = std::iter::once("selector:".to_owned())
            .chain(sel.match_labels.iter().map(|(k, v)| format!("  {}: {}", yaml_string(k), yaml_string(v))))
            .collect::<Vec<_>>()
            .join("\n");
        d.fix = Some(Fix {
            title: "select the StatefulSet's pods by its `matchLabels`".into(),
            explanation: "Every pod of the StatefulSet carries its selector's labels, so the Service then selects exactly those pods.".into(),
            edits: vec![replace_entry(svc.file, text, &e.key, &e.value, &block)],
        });
    }
}
