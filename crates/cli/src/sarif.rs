//! SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format).

use super::{indexes, span};
use ordinal_core::rules::{self, Diagnostic, Severity, SourceFile};
use serde_json::{json, Value};

/// The SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first paragraph of the explanation's "What it does" section.
fn what_it_does(explanation: &str) -> String {
    explanation
        .split("## What it does")
        .nth(1)
        .and_then(|s| s.trim_start().split("\n\n").next())
        .map(|s| s.replace('\n', " ").trim().to_owned())
        .unwrap_or_default()
}

/// The SARIF `uri` of an input file: a `file://` URI for an absolute path, else a relative
/// reference, percent-encoded (SARIF validators reject a reference that starts with `/`).
pub fn artifact_uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The text of a result's message: the finding, its help, and an embedded link (SARIF 2.1.0
/// §3.11.6, `[text](id)`) to each related location. GitHub code scanning links related
/// locations only when the message embeds them.
fn message_text(d: &Diagnostic) -> String {
    let mut text = match &d.help {
        Some(h) => format!("{} (help: {h})", d.message),
        None => d.message.clone(),
    };
    if !d.related.is_empty() {
        let links: Vec<String> = d.related.iter().enumerate().map(|(i, r)| format!("[{}]({i})", link_text(&r.message))).collect();
        text.push_str(". Related: ");
        text.push_str(&links.join(", "));
    }
    text
}

/// Link text of an embedded link in a plain-text message: `\`, `[` and `]` escaped with a
/// backslash (SARIF 2.1.0 §3.11.6).
fn link_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A whole SARIF log with one run.
pub fn log(files: &[SourceFile], found: &[Diagnostic]) -> Value {
    let idx = indexes(files);
    let registry = rules::registry();
    let region = |file: usize, range: ordinal_core::yaml::TextRange| {
        let (l, c, el, ec) = span(files, &idx, file, range);
        json!({"startLine": l, "startColumn": c, "endLine": el, "endColumn": ec})
    };
    let location = |file: usize| json!({"uri": artifact_uri(&files[file].name), "index": file});
    let rules_json: Vec<Value> = registry
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": what_it_does(r.explanation())},
                "help": {"text": r.explanation(), "markdown": r.explanation()},
                "defaultConfiguration": {"level": level(r.default_severity), "enabled": r.default_enabled},
                "properties": {
                    "tier": r.tier.as_str(),
                    "apiRejects": r.api_rejects,
                    "checksMdId": r.checks_md_id,
                    "otherTools": r.other_tools.iter().map(|(t, id)| format!("{t}: {id}")).collect::<Vec<_>>(),
                    "tags": [r.area(), r.tier.as_str()],
                },
            })
        })
        .collect();
    let results: Vec<Value> = found
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": registry.iter().position(|r| r.code == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": message_text(d)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": location(d.file), "region": region(d.file, d.range)},
                    "logicalLocations": [{"fullyQualifiedName": d.path, "kind": "member"}],
                }],
                "properties": {"tier": d.tier.as_str(), "apiError": d.api_error},
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    d.related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| json!({"id": i, "message": {"text": r.message}, "physicalLocation": {"artifactLocation": location(r.file), "region": region(r.file, r.range)}}))
                        .collect(),
                );
            }
            if let Some(f) = &d.fix {
                let mut by_file: Vec<(usize, Vec<Value>)> = Vec::new();
                for e in &f.edits {
                    let rep = json!({"deletedRegion": region(e.file, e.range), "insertedContent": {"text": e.replacement}});
                    match by_file.iter_mut().find(|(file, _)| *file == e.file) {
                        Some((_, reps)) => reps.push(rep),
                        None => by_file.push((e.file, vec![rep])),
                    }
                }
                result["fixes"] = json!([{
                    "description": {"text": format!("{}: {}", f.title, f.explanation)},
                    "artifactChanges": by_file.into_iter().map(|(file, reps)| json!({"artifactLocation": location(file), "replacements": reps})).collect::<Vec<_>>(),
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ordinal",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/ordinal",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": files.iter().map(|f| json!({"location": {"uri": artifact_uri(&f.name)}, "length": f.text.len()})).collect::<Vec<_>>(),
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::link_text;

    #[test]
    fn link_text_escapes_brackets_and_backslashes() {
        assert_eq!(link_text("the selector's pair"), "the selector's pair");
        assert_eq!(link_text(r"containers[0] in C:\x"), r"containers\[0\] in C:\\x");
    }
}
