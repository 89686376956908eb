//! STS002: `spec.selector` is missing or empty.

use crate::rules::edit::{append_entry, is_flow, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::go_map;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS002",
    name: "selector-missing",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.selector` is missing: `apps/v1` requires it | `spec.selector` is empty",
    checks_md_id: Some("SS-08"),
    other_tools: &[("kubeconform", "(schema: required selector)"), ("kube-linter", "mismatching-selector")],
    check: Check::Files(run),
    ..BASE
};

const KINDS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (index, obj) in ws.objects.iter().enumerate() {
        if !KINDS.contains(&obj.kind) || obj.api_version != "apps/v1" {
            continue;
        }
        let Some(spec) = obj.root.get("spec").filter(|s| s.entries().is_some()) else { continue };
        let template = ws.pod_template(index);
        let lower = obj.kind.to_ascii_lowercase();
        match spec.entry("selector") {
            Some(e) if !e.value.is_null() => {
                let empty = obj.label_selector().is_some_and(|s| s.is_empty());
                if empty {
                    let d = sink.report(obj.file, e.value.range, obj.path("spec.selector"), "`spec.selector` is empty: it would select every pod in the namespace");
                    d.api_error = Some(format!("spec.selector: Invalid value: \"\": empty selector is invalid for {lower}"));
                }
            }
            entry => {
                let range = entry.map(|e| e.key.range).unwrap_or_else(|| obj.anchor().0);
                let labels = template.as_ref().map(|t| t.label_map()).unwrap_or_default();
                let d = sink.report(obj.file, range, obj.path("spec.selector"), "`spec.selector` is missing: `apps/v1` requires it");
                d.api_error = Some(format!(
                    "[spec.selector: Required value, spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`]",
                    go_map(&labels)
                ));
                let text = ws.text(obj.file);
                if entry.is_none() && !labels.is_empty() && !is_flow(text, spec) {
                    let pairs: String = labels.iter().map(|(k, v)| format!("\n    {}: {}", yaml_string(k), yaml_string(v))).collect();
                    if let Some(edit) = append_entry(obj.file, text, spec, &format!("selector:\n  matchLabels:{pairs}")) {
                        d.fix = Some(Fix {
                            title: "add a selector matching the template labels".into(),
                            explanation: "The selector is the template's own labels, which is what the beta APIs used to fill in; choose it well, it cannot change later.".into(),
                            edits: vec![edit],
                        });
                    }
                }
            }
        }
    }
}
