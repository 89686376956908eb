//! POD019: the deprecated `serviceAccount` field.

use crate::rules::edit::remove_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD019",
    name: "deprecated-service-account-field",
    tier: Tier::T5,
    default_severity: Severity::Info,
    summary: "`serviceAccount` is a deprecated alias of `serviceAccountName` | …, which already says the same | … and names another account: the pods run as `{name}`",
    checks_md_id: Some("SS-33"),
    other_tools: &[("kube-linter", "deprecated-service-account-field"), ("Kubescape", "C-0294")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let Some(old) = t.spec.entry("serviceAccount") else { continue };
        let text = ws.text(obj.file);
        let current = t.spec.get("serviceAccountName").and_then(|n| n.as_str());
        let value = old.value.as_str();
        let (message, fix) = match current {
            None => (
                "`serviceAccount` is a deprecated alias of `serviceAccountName`".to_owned(),
                Some(Fix {
                    title: "rename it to `serviceAccountName`".into(),
                    explanation: "The API reads the two the same way when only one is set; the new name is the one tools and readers look for.".into(),
                    edits: vec![TextEdit { file: obj.file, range: old.key.range, replacement: "serviceAccountName".into() }],
                }),
            ),
            Some(c) if Some(c) == value => (
                "`serviceAccount` is a deprecated alias of `serviceAccountName`, which already says the same".to_owned(),
                remove_entry(obj.file, text, &old.key, &old.value).map(|e| Fix {
                    title: "remove the deprecated `serviceAccount`".into(),
                    explanation: "`serviceAccountName` names the same account, so the old field adds nothing.".into(),
                    edits: vec![e],
                }),
            ),
            Some(c) => (format!("`serviceAccount` is a deprecated alias of `serviceAccountName` and names another account: the pods run as `{c}`"), None),
        };
        let d = sink.report(obj.file, old.key.range, t.spec_path.key("serviceAccount"), message);
        if current.is_some_and(|c| Some(c) != value) {
            d.severity = Severity::Warning;
        }
        d.fix = fix;
    }
}
