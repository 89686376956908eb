//! PVC005: a valid storage size whose unit is probably not what was meant.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::apiserver::quantity;
use crate::rules::util::{scalar_text};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC005",
    name: "storage-size-suspect",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "`{size}` is {n} bytes: did you mean `{binary}`?",
    checks_md_id: Some("SS-20"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for claim in super::claims(ws) {
        let Some(node) = claim.spec().and_then(|s| s.get("resources")).and_then(|r| r.get("requests")).and_then(|r| r.get("storage")) else { continue };
        let Some(text) = scalar_text(node) else { continue };
        let Some(bytes) = quantity::parse(&text) else { continue };
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let unit = &text[digits.len()..];
        let (message, replacement, severity) = match unit {
            "m" => (format!("`{text}` means {} (`m` is thousandths): did you mean `{digits}Mi`?", fmt_bytes(bytes)), format!("{digits}Mi"), Severity::Warning),
            "" if bytes < 1024.0 * 1024.0 => (format!("`{text}` is {text} bytes: did you mean `{digits}Gi`?"), format!("{digits}Gi"), Severity::Warning),
            "k" | "M" | "G" | "T" | "P" => {
                let binary = format!("{digits}{}i", if unit == "k" { "K" } else { unit });
                (format!("`{text}` is a decimal size ({}); did you mean `{binary}`?", fmt_bytes(bytes)), binary, Severity::Info)
            }
            _ => continue,
        };
        let d = sink.report(claim.obj.file, node.range, claim.path.key("spec").key("resources").key("requests").key("storage"), message);
        d.severity = severity;
        d.fix = Some(Fix {
            title: format!("use `{replacement}`"),
            explanation: "Binary units (`Ki`, `Mi`, `Gi`, `Ti`) are what storage sizes almost always mean.".into(),
            edits: vec![TextEdit { file: claim.obj.file, range: node.range, replacement }],
        });
    }
}

fn fmt_bytes(bytes: f64) -> String {
    if bytes < 1.0 {
        format!("{bytes} bytes")
    } else {
        format!("{} bytes", group(bytes.round() as u64))
    }
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
