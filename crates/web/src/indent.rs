//! The editor's indentation commands: Tab, Shift+Tab and Enter. Pure functions from the text
//! and the selection (bytes) to one replacement, which the editor applies through the browser
//! so that it lands on the native undo stack.

use crate::text::Lines;

/// One replacement of `start..end` by `insert`, and the selection to leave afterwards (bytes
/// of the new text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replace {
    /// First byte replaced.
    pub start: usize,
    /// End of the bytes replaced.
    pub end: usize,
    /// The new text.
    pub insert: String,
    /// Selection start afterwards.
    pub select_start: usize,
    /// Selection end afterwards.
    pub select_end: usize,
}

/// The unit of indentation: YAML wants spaces, and Kubernetes manifests use two.
pub const INDENT: &str = "  ";

/// The 0-based lines a selection touches (a selection that ends at the very start of a line
/// does not touch that line).
fn touched_lines(text: &str, start: usize, end: usize) -> (Lines, usize, usize) {
    let lines = Lines::new(text);
    let first = lines.line_of(start);
    let mut last = lines.line_of(end);
    if end > start && last > first && lines.start(last) == end {
        last -= 1;
    }
    (lines, first, last)
}

/// Tab: two spaces at the caret; with a selection, two more spaces in front of each line it
/// touches (the selection then covers those lines).
pub fn indent(text: &str, start: usize, end: usize) -> Replace {
    let (lines, first, last) = touched_lines(text, start, end);
    if start == end {
        return Replace { start, end, insert: INDENT.into(), select_start: start + 2, select_end: start + 2 };
    }
    let block_start = lines.start(first);
    let block_end = lines.range(text, last).end;
    let mut insert = String::with_capacity(block_end - block_start + 2 * (last - first + 1));
    for (i, line) in text[block_start..block_end].split('\n').enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        if !line.trim().is_empty() {
            insert.push_str(INDENT);
        }
        insert.push_str(line);
    }
    let select_end = block_start + insert.len();
    Replace { start: block_start, end: block_end, insert, select_start: block_start, select_end }
}

/// Shift+Tab: up to two spaces fewer in front of each line the selection touches. `None` when
/// no line has any indentation to remove.
pub fn outdent(text: &str, start: usize, end: usize) -> Option<Replace> {
    let (lines, first, last) = touched_lines(text, start, end);
    let block_start = lines.start(first);
    let block_end = lines.range(text, last).end;
    let mut insert = String::with_capacity(block_end - block_start);
    let mut removed_first = 0;
    let mut removed_total = 0;
    for (i, line) in text[block_start..block_end].split('\n').enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        let n = line.bytes().take(2).take_while(|b| *b == b' ').count();
        if i == 0 {
            removed_first = n;
        }
        removed_total += n;
        insert.push_str(&line[n..]);
    }
    if removed_total == 0 {
        return None;
    }
    if first == last {
        // keep the caret where it was relative to the text
        let s = start.saturating_sub(removed_first).max(block_start);
        let e = end.saturating_sub(removed_first).max(block_start);
        return Some(Replace { start: block_start, end: block_end, insert, select_start: s, select_end: e });
    }
    let select_end = block_start + insert.len();
    Some(Replace { start: block_start, end: block_end, insert, select_start: block_start, select_end })
}

/// Enter: a new line with the indentation of the current one, two spaces more after a line
/// that opens a block (`key:`), and the same list indentation after `- key: value`.
pub fn newline(text: &str, start: usize, end: usize) -> Replace {
    let lines = Lines::new(text);
    let line = lines.line_of(start);
    let line_start = lines.start(line);
    let before = &text[line_start..start];
    let spaces = before.bytes().take_while(|b| *b == b' ').count();
    let mut indent = spaces;
    let content = before[spaces..].trim_end();
    // `- name: x` continues the item: align with `name`
    if let Some(rest) = content.strip_prefix("- ") {
        if rest.contains(": ") || rest.ends_with(':') {
            indent += 2;
        }
    }
    if content.ends_with(':') && !content.starts_with('#') {
        indent += 2;
    }
    let insert = format!("\n{}", " ".repeat(indent));
    let caret = start + insert.len();
    Replace { start, end, insert, select_start: caret, select_end: caret }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, r: &Replace) -> String {
        format!("{}{}{}", &text[..r.start], r.insert, &text[r.end..])
    }

    #[test]
    fn tab_inserts_two_spaces_or_indents_lines() {
        let text = "a:\nb: 1\nc: 2\n";
        let r = indent(text, 3, 3);
        assert_eq!(apply(text, &r), "a:\n  b: 1\nc: 2\n");
        assert_eq!((r.select_start, r.select_end), (5, 5));
        // a selection over two lines indents both and stays on them
        let r = indent(text, 3, 10);
        assert_eq!(apply(text, &r), "a:\n  b: 1\n  c: 2\n");
        let out = apply(text, &r);
        assert_eq!(&out[r.select_start..r.select_end], "  b: 1\n  c: 2");
        // ending at the start of a line does not touch that line
        let r = indent(text, 0, 3);
        assert_eq!(apply(text, &r), "  a:\nb: 1\nc: 2\n");
        let r = indent(text, 4, 5);
        assert_eq!(apply(text, &r), "a:\n  b: 1\nc: 2\n", "a selection inside a line indents the line");
        let r = indent(text, 0, 7);
        assert_eq!(apply(text, &r), "  a:\n  b: 1\nc: 2\n");
    }

    #[test]
    fn shift_tab_outdents() {
        let text = "a:\n    b: 1\n  c: 2\n d\n";
        let r = outdent(text, 7, 7).unwrap();
        assert_eq!(apply(text, &r), "a:\n  b: 1\n  c: 2\n d\n");
        assert_eq!(r.select_start, 5);
        let r = outdent(text, 3, text.len() - 1).unwrap();
        assert_eq!(apply(text, &r), "a:\n  b: 1\nc: 2\nd\n");
        assert_eq!(outdent(text, 0, 1), None);
    }

    #[test]
    fn enter_keeps_and_opens_indentation() {
        let cases = [
            ("  name: x", "\n  "),
            ("spec:", "\n  "),
            ("  - name: data", "\n    "),
            ("  - image", "\n  "),
            ("      volumeMounts:", "\n        "),
            ("# comment:", "\n"),
        ];
        for (line, want) in cases {
            let r = newline(line, line.len(), line.len());
            assert_eq!(r.insert, want, "after {line:?}");
            assert_eq!(r.select_start, line.len() + want.len());
        }
        // the rest of the line moves down
        let r = newline("a: bc", 4, 4);
        assert_eq!(r.insert, "\n");
        // splitting after a key opens its block
        assert_eq!(newline("  a: b", 4, 4).insert, "\n    ");
    }
}
