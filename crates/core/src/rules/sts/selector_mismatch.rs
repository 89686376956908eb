//! STS001: `spec.selector` does not select the pod template's labels.

use crate::rules::edit::{append_entry, is_flow, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{entry_range, go_map, selector_miss};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Related, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS001",
    name: "selector-mismatch",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.selector` does not match `spec.template.metadata.labels` ({detail})",
    checks_md_id: Some("SS-08"),
    other_tools: &[
        ("kube-linter", "mismatching-selector"),
        ("kube-score", "statefulset-pod-selector-labels-match-template-metadata-labels"),
        ("Kubescape", "C-0296"),
    ],
    check: Check::Files(run),
    ..BASE
};

const KINDS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (index, obj) in ws.objects.iter().enumerate() {
        if !KINDS.contains(&obj.kind) {
            continue;
        }
        let Some(selector_node) = obj.at("spec.selector") else { continue };
        let Some(selector) = obj.label_selector() else { continue };
        if selector.is_empty() {
            continue; // STS002 reports an empty selector
        }
        let Some(template) = ws.pod_template(index) else { continue };
        let labels = template.label_map();
        if selector.matches(&labels) {
            continue;
        }
        let mut missing = Vec::new();
        for (k, v) in &selector.match_labels {
            match labels.get(k) {
                None => missing.push(format!("`{k}: {v}` is missing")),
                Some(other) if other != v => missing.push(format!("`{k}` is `{other}`, not `{v}`")),
                _ => {}
            }
        }
        if missing.is_empty() {
            missing.push("a `matchExpressions` requirement does not hold".into());
        }
        let labels_path = template.meta_path.key("labels");
        // The culprit is the label that differs, on both sides: the template's `key: value`
        // where it has the key (the server reports the labels), else the selector's pair.
        let miss = selector_miss(selector_node, &obj.path("spec.selector"), false, &labels);
        let template_entry = miss.as_ref().and_then(|m| m.key.as_deref()).and_then(|k| Some((k, template.labels?.entry(k)?)));
        let (range, path, related) = match (&miss, template_entry) {
            (Some(m), Some((k, e))) => (entry_range(e), labels_path.key(k), Related { file: obj.file, range: m.range, message: "the selector's pair it must match".into() }),
            (Some(m), None) => {
                let (range, message) = match template.labels {
                    Some(l) => (l.range, "the template labels, which lack it".to_owned()),
                    None => (template.template.range, "the pod template, which has no labels".to_owned()),
                };
                (m.range, m.path.clone(), Related { file: obj.file, range, message })
            }
            (None, _) => (selector_node.range, obj.path("spec.selector"), Related { file: obj.file, range: template.labels.map_or(template.template.range, |l| l.range), message: "the template labels".into() }),
        };
        let message = format!("`spec.selector` does not match `spec.template.metadata.labels` ({})", missing.join("; "));
        let d = sink.report(obj.file, range, path, message);
        d.api_error = Some(format!("{labels_path}: Invalid value: {}: `selector` does not match template `labels`", go_map(&labels)));
        d.related.push(related);
        d.help = Some("make the template labels include every `matchLabels` pair (the selector cannot change once applied)".into());
        // Fix: write the selector's pairs into the template labels.
        let only_labels = selector.expressions.is_empty();
        let text = ws.text(obj.file);
        if let (true, Some(labels_node)) = (only_labels, template.labels) {
            if is_flow(text, labels_node) || labels_node.entries().is_none_or(|e| e.is_empty()) {
                continue;
            }
            let mut edits = Vec::new();
            for (k, v) in &selector.match_labels {
                match labels_node.get(k) {
                    Some(node) if labels.get(k) != Some(v) => edits.push(TextEdit { file: obj.file, range: node.range, replacement: yaml_string(v) }),
                    None => {
                        if let Some(e) = append_entry(obj.file, text, labels_node, &format!("{}: {}", yaml_string(k), yaml_string(v))) {
                            edits.push(e);
                        }
                    }
                    _ => {}
                }
            }
            // several insertions at the same place must become one edit
            edits.sort_by_key(|e| e.range.start);
            let mut merged: Vec<TextEdit> = Vec::new();
            for e in edits {
                match merged.last_mut() {
                    Some(last) if last.range == e.range && e.range.is_empty() => last.replacement.push_str(&e.replacement),
                    _ => merged.push(e),
                }
            }
            if !merged.is_empty() {
                d.fix = Some(Fix {
                    title: "add the selector's labels to the pod template".into(),
                    explanation: "The selector of an applied StatefulSet is immutable, so the template labels are the side to change; extra labels on the pods are fine.".into(),
                    edits: merged,
                });
            }
        }
    }
}
