//! Building fixes: text edits that keep the YAML valid and its indentation right.

use super::diagnostic::TextEdit;
use crate::yaml::{Node, TextRange};

/// Byte offset of the start of the line holding `offset`.
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].rfind('\n').map(|i| i + 1).unwrap_or(0)
}

/// Byte offset of the end of the line holding `offset` (before its `\n` or `\r\n`).
pub(crate) fn line_end(text: &str, offset: usize) -> usize {
    let end = text[offset.min(text.len())..].find('\n').map(|i| offset + i).unwrap_or(text.len());
    if end > 0 && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// Column (in bytes, i.e. spaces for indentation) of `offset` on its line.
pub(crate) fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// The newline the file uses (`\r\n` for CRLF files), as its first line ends: every fix asks,
/// so this must not read the whole file.
pub(crate) fn newline(text: &str) -> &'static str {
    if text.find('\n').is_some_and(|i| text[..i].ends_with('\r')) {
        "\r\n"
    } else {
        "\n"
    }
}

/// Whether the node is written in flow style (`{…}` or `[…]`).
pub(crate) fn is_flow(text: &str, node: &Node) -> bool {
    matches!(text.as_bytes().get(node.range.start as usize), Some(b'{') | Some(b'['))
}

/// Indents every line of `block` (written at column 0) by `indent` spaces, with the file's
/// newline.
pub(crate) fn indent_block(block: &str, indent: usize, nl: &str) -> String {
    let pad = " ".repeat(indent);
    block.lines().map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }).collect::<Vec<_>>().join(nl)
}

/// An edit that appends an entry (given as YAML at column 0, e.g. `"clusterIP: None"` or a
/// nested block) to a block mapping, aligned with the mapping's keys. `None` for flow or empty
/// mappings, where a block entry cannot be inserted safely.
pub(crate) fn append_entry(file: usize, text: &str, mapping: &Node, entry: &str) -> Option<TextEdit> {
    let entries = mapping.entries()?;
    let first = entries.first()?;
    if is_flow(text, mapping) {
        return None;
    }
    let indent = column(text, first.key.range.start as usize);
    let nl = newline(text);
    let last = entries.last()?;
    let end = last.value.range.end.max(last.key.range.end) as usize;
    let block = indent_block(entry, indent, nl);
    // A value ending at a line start (block scalars keep their last newline) is followed
    // directly; otherwise the entry goes after the end of the value's line.
    if end > 0 && text.as_bytes().get(end - 1) == Some(&b'\n') {
        return Some(TextEdit { file, range: TextRange::empty(end), replacement: format!("{block}{nl}") });
    }
    let at = line_end(text, end);
    Some(TextEdit { file, range: TextRange::empty(at), replacement: format!("{nl}{block}") })
}

/// An edit that appends a new document (YAML text ending in a newline) to the end of a file.
pub(crate) fn append_document(file: usize, text: &str, document: &str) -> TextEdit {
    let nl = newline(text);
    let mut prefix = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        prefix.push_str(nl);
    }
    let trimmed = text.trim_end();
    if !trimmed.is_empty() && !trimmed.ends_with("\n---") && trimmed != "---" {
        prefix.push_str("---");
        prefix.push_str(nl);
    }
    let body = document.lines().collect::<Vec<_>>().join(nl);
    TextEdit { file, range: TextRange::empty(text.len()), replacement: format!("{prefix}{body}{nl}") }
}

/// An edit that replaces a whole entry (`key: value`) by a block written at column 0, aligned
/// with the key. In flow style the block must be a single line.
pub(crate) fn replace_entry(file: usize, text: &str, key: &Node, value: &Node, block: &str) -> TextEdit {
    let start = key.range.start as usize;
    let indent = column(text, start);
    let nl = newline(text);
    let body = indent_block(block, indent, nl);
    let body = body.get(indent..).unwrap_or("").to_owned();
    TextEdit { file, range: TextRange::new(start, value.range.end.max(key.range.end) as usize), replacement: body }
}

/// Quotes a string for YAML when it would not read back as the same string.
pub(crate) fn yaml_string(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !matches!(s.as_bytes()[0], b'-' | b'.')
        && matches!(crate::yaml::ScalarValue::resolve(s, crate::yaml::ScalarStyle::Plain, None), crate::yaml::ScalarValue::Str(_));
    if plain_ok {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// A range widened to the word at its start when it covers at most one character (parser
/// errors and "missing field" places are points; a learner needs something to see).
pub(crate) fn widen_to_word(text: &str, range: TextRange) -> TextRange {
    let start = range.start as usize;
    if range.len() > 1 || start >= text.len() {
        return range;
    }
    let rest = &text[start..];
    let len = rest.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(rest.len());
    if len <= 1 {
        return range;
    }
    TextRange::new(start, start + len)
}

/// A JSON value written as one line of flow YAML (`{command: [pg_isready, -U, postgres]}`),
/// for fixes that copy a small structure.
pub(crate) fn flow_yaml(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        // `,` `[` `]` `{` `}` never stay plain: yaml_string quotes them
        Value::String(s) => yaml_string(s),
        Value::Array(items) => format!("[{}]", items.iter().map(flow_yaml).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!("{{{}}}", map.iter().map(|(k, v)| format!("{}: {}", yaml_string(k), flow_yaml(v))).collect::<Vec<_>>().join(", ")),
    }
}

/// An edit that sets `key` of a block mapping to a scalar written as YAML: the value is
/// replaced when the key exists (and holds a scalar), else the entry is appended.
pub(crate) fn set_scalar(file: usize, text: &str, mapping: &Node, key: &str, value: &str) -> Option<TextEdit> {
    match mapping.entry(key) {
        Some(e) if e.value.as_scalar().is_some() => Some(TextEdit { file, range: e.value.range, replacement: value.to_owned() }),
        Some(_) => None,
        None => append_entry(file, text, mapping, &format!("{key}: {value}")),
    }
}

/// An edit that deletes an entry written on its own line(s) of a block mapping, with its
/// line break. `None` when something else shares those lines.
pub(crate) fn remove_entry(file: usize, text: &str, key: &Node, value: &Node) -> Option<TextEdit> {
    let start = line_start(text, key.range.start as usize);
    if !text[start..key.range.start as usize].trim().is_empty() {
        return None;
    }
    let value_end = value.range.end.max(key.range.end) as usize;
    let end = line_end(text, value_end);
    let rest = text[value_end..end].trim();
    if !rest.is_empty() && !rest.starts_with('#') {
        return None;
    }
    let after = if text[end..].starts_with("\r\n") { end + 2 } else if text[end..].starts_with('\n') { end + 1 } else { end };
    Some(TextEdit { file, range: TextRange::new(start, after), replacement: String::new() })
}
