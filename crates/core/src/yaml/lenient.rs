//! What kubectl reads that strict YAML 1.2 refuses.
//!
//! kubectl reads manifests with sigs.k8s.io/yaml, which parses with go-yaml v2 (the
//! `go.yaml.in/yaml/v2` fork, a Go port of libyaml). libyaml is more lenient than the YAML 1.2
//! grammar in two places that real manifests hit, and saphyr (strict 1.2) refuses both:
//!
//! - **continuation lines of a quoted scalar** at or left of its key's indentation (`]'` at the
//!   key's column, as in Kubernetes' own `redis-statefulset.yaml`): libyaml's
//!   `yaml_parser_scan_flow_scalar` folds the lines without looking at their indentation;
//! - **a tab after `:`** (`name:<TAB>web`): libyaml takes `:` as the value indicator when the
//!   next character is any blank (`is_blankz`: space, tab, line break or end), not only a space.
//!
//! Both are repaired in a copy of the text that means the same to both parsers (spaces added
//! to a quoted scalar's continuation lines, which folding drops anyway; the tab made a space),
//! the copy is parsed, and every range is mapped back to the original text, so positions stay
//! exact. Each repair is reported as a [`Leniency`], which the YAML003 check turns into one
//! warning. Everything else that strict YAML refuses, kubectl refuses too (tabs as
//! indentation, a plain scalar's continuation at its key's column, …): docs/limits.md lists
//! each case with its test.

use super::{Document, LineIndex, Node, NodeKind, Parse, TextRange};

/// One place where the text is read as kubectl reads it, not as YAML 1.2 allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leniency {
    /// What strict YAML 1.2 refuses here, in plain words.
    pub message: String,
    /// Where, in the original text.
    pub range: TextRange,
    /// 1-based line of `range.start`.
    pub line: u32,
    /// 1-based column (in characters) of `range.start`.
    pub column: u32,
}

/// The most repairs tried on one text before its errors are reported as they are.
const MAX_REPAIRS: usize = 64;

/// Re-reads a text whose parse met errors that kubectl's parser would not meet. Returns the
/// better parse (fewer errors), with its ranges in `text` and its leniencies, or `None` when
/// no repair applies.
pub(super) fn reread(text: &str, index: &LineIndex, first: &Parse, parse: impl Fn(&str, &LineIndex) -> Parse) -> Option<Parse> {
    let mut repaired = text.to_owned();
    let mut inserted: Vec<(usize, usize)> = Vec::new(); // (offset in the original, bytes inserted there)
    let mut found = Vec::new();
    let mut errors = first.errors.clone();
    let mut best: Option<(Parse, usize)> = None;
    for _ in 0..MAX_REPAIRS {
        // the first error that a repair applies to, in the repaired text's offsets
        let Some((at, kind)) = errors.iter().find_map(|e| kind_of(&e.message).map(|k| (e.range.start as usize, k))) else { break };
        let repair = match kind {
            Kind::QuotedIndent => quoted_indent(&repaired, at),
            Kind::TabAfterColon => tab_after_colon(&repaired, at),
        };
        let Some((culprit, repair)) = repair else { break };
        let original_at = to_original(&inserted, culprit);
        let message = match kind {
            Kind::QuotedIndent => "a line of this quoted value is not indented deeper than its key: kubectl reads it, strict YAML 1.2 parsers refuse it",
            Kind::TabAfterColon => "a tab after `:`: kubectl reads it, strict YAML 1.2 parsers refuse it here",
        };
        let lc = index.line_col(original_at);
        found.push(Leniency { message: message.to_owned(), range: TextRange::new(original_at, original_at + 1), line: lc.line, column: lc.column });
        match repair {
            Repair::Replace(offset, with) => repaired.replace_range(offset..offset + 1, with),
            Repair::Insert(points) => {
                // from the end, so that earlier offsets stay valid
                for &(offset, count) in points.iter().rev() {
                    repaired.insert_str(offset, &" ".repeat(count));
                }
                let mapped: Vec<(usize, usize)> = points.iter().map(|&(offset, count)| (to_original(&inserted, offset), count)).collect();
                inserted.extend(mapped);
                inserted.sort_unstable();
            }
        }
        let again = parse(&repaired, &LineIndex::new(&repaired));
        errors = again.errors.clone();
        // progress: fewer errors, or the first one further on
        let before = best.as_ref().map_or(first, |(b, _)| b);
        let progress = again.errors.len() < before.errors.len() || again.errors.first().map(|e| e.range.start) > before.errors.first().map(|e| e.range.start);
        if !progress {
            break;
        }
        best = Some((again, found.len()));
    }
    let (mut best, repairs) = best?;
    found.truncate(repairs);
    let map = |offset: u32| to_original(&inserted, offset as usize) as u32;
    for doc in &mut best.documents {
        remap_document(doc, &map);
    }
    for e in &mut best.errors {
        e.range = TextRange { start: map(e.range.start), end: map(e.range.end) };
        let lc = index.line_col(e.range.start as usize);
        (e.line, e.column) = (lc.line, lc.column);
    }
    best.lenient = found;
    Some(best)
}

#[derive(Clone, Copy)]
enum Kind {
    QuotedIndent,
    TabAfterColon,
}

/// Which repair an error calls for (the raw parser messages are kept inside the reworded ones).
fn kind_of(message: &str) -> Option<Kind> {
    if message.contains("indentation in quoted scalar") {
        Some(Kind::QuotedIndent)
    } else if message.contains("must be followed by a valid YAML whitespace") {
        Some(Kind::TabAfterColon)
    } else {
        None
    }
}

enum Repair {
    /// One byte replaced (same length).
    Replace(usize, &'static str),
    /// Spaces inserted: (offset, count), in ascending order.
    Insert(Vec<(usize, usize)>),
}

/// Indents every continuation line of the quoted scalar that starts at or before `at` one
/// column deeper than the line its value starts on. The culprit is the opening quote.
fn quoted_indent(text: &str, at: usize) -> Option<(usize, Repair)> {
    let bytes = text.as_bytes();
    // the opening quote: at the error, or the last one before it on its line
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let open = (line_start..=at.min(text.len().saturating_sub(1))).rev().find(|&i| matches!(bytes[i], b'\'' | b'"'))?;
    let quote = bytes[open];
    let key_line = text[..open].rfind('\n').map_or(0, |i| i + 1);
    let key_indent = bytes[key_line..open].iter().take_while(|&&b| b == b' ').count();
    let mut points = Vec::new();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return (!points.is_empty()).then_some((open, Repair::Insert(points))),
            b'\n' => {
                let start = i + 1;
                let indent = bytes[start..].iter().take_while(|&&b| b == b' ').count();
                let blank = matches!(bytes.get(start + indent), None | Some(b'\n' | b'\r'));
                if !blank && indent <= key_indent {
                    points.push((start, key_indent + 1 - indent));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Makes the tab right after the `:` at or just before `at` a space. The culprit is the tab.
fn tab_after_colon(text: &str, at: usize) -> Option<(usize, Repair)> {
    let bytes = text.as_bytes();
    let from = at.saturating_sub(2);
    let colon = (from..(at + 2).min(bytes.len())).find(|&i| bytes[i] == b':' && bytes.get(i + 1) == Some(&b'\t'))?;
    Some((colon + 1, Repair::Replace(colon + 1, " ")))
}

/// An offset of the repaired text as an offset of the original: minus the spaces inserted
/// before it (an offset inside inserted spaces maps to where they were inserted).
fn to_original(inserted: &[(usize, usize)], repaired: usize) -> usize {
    let mut shift = 0;
    for &(at, count) in inserted {
        if at + shift >= repaired {
            break;
        }
        shift += count.min(repaired - (at + shift));
    }
    repaired - shift
}

fn remap_document(doc: &mut Document, map: &impl Fn(u32) -> u32) {
    doc.range = TextRange { start: map(doc.range.start), end: map(doc.range.end) };
    if let Some(root) = &mut doc.root {
        remap_node(root, map);
    }
}

fn remap_node(node: &mut Node, map: &impl Fn(u32) -> u32) {
    // iterative: the tree may be 256 levels deep on a small stack
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        n.range = TextRange { start: map(n.range.start), end: map(n.range.end) };
        match &mut n.kind {
            NodeKind::Mapping { entries, .. } => {
                for e in entries {
                    stack.push(&mut e.key);
                    stack.push(&mut e.value);
                }
            }
            NodeKind::Sequence { items, .. } => stack.extend(items.iter_mut()),
            NodeKind::Scalar(_) => {}
        }
    }
}
