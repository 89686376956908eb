//! YAML001: the YAML cannot be parsed.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "YAML001",
    name: "yaml-syntax-error",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "{parser message}",
    checks_md_id: Some("SS-01"),
    other_tools: &[("kubeconform", "(parse error)"), ("Monokle", "yaml-syntax"), ("yaml-language-server", "(syntax)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (file, parsed) in ws.files.iter().enumerate() {
        for e in &parsed.parse.errors {
            let message = lowercase_first(e.message.trim_end_matches('.'));
            sink.report(file, crate::rules::edit::widen_to_word(parsed.text, e.range), "", message);
        }
    }
}

/// The parser's messages may start with a capital; our convention is lowercase.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && !chars.clone().next().is_some_and(char::is_uppercase) => c.to_lowercase().chain(chars).collect(),
        _ => s.to_owned(),
    }
}
