//! YAML syntax highlighting, one line at a time.
//!
//! The editor renders only the lines on screen, so highlighting works per line with a small
//! state carried from one line to the next (inside a block scalar, inside a quoted scalar that
//! spans lines). [`line_states`] computes the state at the start of every line in one cheap
//! pass; [`tokens`] then splits any single line into tokens. It is a lexer, not a parser: it
//! never fails, and broken YAML is highlighted as far as it can be read.

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    /// A mapping key (`image` in `image: postgres`).
    Key,
    /// A string value, plain or quoted.
    Str,
    /// A number (`3`, `0.5`, `0644`, `0x1F`).
    Num,
    /// A boolean, YAML 1.1 spellings included (`true`, `no`, `On`): Kubernetes reads them so.
    Bool,
    /// `null` or `~`.
    Null,
    /// A comment.
    Comment,
    /// An anchor (`&base`).
    Anchor,
    /// An alias (`*base`).
    Alias,
    /// A tag (`!!str`).
    Tag,
    /// A document marker (`---`, `...`).
    DocMarker,
    /// A directive (`%YAML 1.2`).
    Directive,
    /// Punctuation: `:`, `-`, `?`, `[`, `]`, `{`, `}`, `,`.
    Punct,
    /// A block scalar's header (`|`, `>-`).
    BlockHeader,
    /// A line of a block scalar's content.
    BlockText,
}

impl Tok {
    /// The CSS class of the token.
    pub fn class(self) -> &'static str {
        match self {
            Tok::Key => "t-key",
            Tok::Str => "t-str",
            Tok::Num => "t-num",
            Tok::Bool => "t-bool",
            Tok::Null => "t-null",
            Tok::Comment => "t-comment",
            Tok::Anchor => "t-anchor",
            Tok::Alias => "t-alias",
            Tok::Tag => "t-tag",
            Tok::DocMarker => "t-doc",
            Tok::Directive => "t-directive",
            Tok::Punct => "t-punct",
            Tok::BlockHeader => "t-block",
            Tok::BlockText => "t-str",
        }
    }
}

/// The lexer's state at the start of a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineState {
    /// Inside a block scalar whose content must be indented more than this column.
    pub block: Option<u32>,
    /// Inside a quoted scalar that spans lines, opened with this quote.
    pub quote: Option<u8>,
}

/// A token: byte range within its line, and kind.
pub type Token = (usize, usize, Tok);

/// The state at the start of every line of `text` (one entry per line).
pub fn line_states(text: &str) -> Vec<LineState> {
    let mut out = Vec::with_capacity(text.len() / 24 + 1);
    let mut state = LineState::default();
    for line in text.split('\n') {
        out.push(state);
        scan(line.strip_suffix('\r').unwrap_or(line), &mut state, &mut |_, _, _| {});
    }
    out
}

/// The tokens of one line (without its newline), given the state at its start.
pub fn tokens(line: &str, state: LineState) -> Vec<Token> {
    let mut out = Vec::new();
    let mut state = state;
    scan(line, &mut state, &mut |s, e, t| out.push((s, e, t)));
    out
}

fn indent_of(line: &[u8]) -> usize {
    line.iter().take_while(|b| **b == b' ').count()
}

/// Scans one line, emitting tokens and updating the state for the next line.
fn scan(line: &str, state: &mut LineState, emit: &mut dyn FnMut(usize, usize, Tok)) {
    let b = line.as_bytes();
    let n = b.len();
    let indent = indent_of(b);
    if let Some(parent) = state.block {
        if indent == n || b[indent..].iter().all(|c| c.is_ascii_whitespace()) {
            return; // blank lines belong to the block
        }
        if indent as u32 > parent {
            emit(indent, n, Tok::BlockText);
            return;
        }
        state.block = None;
    }
    let mut i = 0;
    if let Some(q) = state.quote {
        match close_quote(b, 0, q) {
            Some(end) => {
                emit(0, end, Tok::Str);
                state.quote = None;
                i = end;
            }
            None => {
                if n > 0 {
                    emit(0, n, Tok::Str);
                }
                return;
            }
        }
    } else {
        if (b.starts_with(b"---") || b.starts_with(b"...")) && (n == 3 || b[3] == b' ' || b[3] == b'\t') {
            emit(0, 3, Tok::DocMarker);
            i = 3;
        } else if b.first() == Some(&b'%') {
            emit(0, n, Tok::Directive);
            return;
        }
    }
    let mut flow = 0usize; // depth of [ ] { } on this line
    let mut node_col = indent as u32; // column of the node a block scalar would belong to
    while i < n {
        let c = b[i];
        if c == b' ' || c == b'\t' {
            i += 1;
            continue;
        }
        let at_space = i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t';
        let next_blank = |j: usize| j + 1 >= n || b[j + 1] == b' ' || b[j + 1] == b'\t';
        match c {
            b'#' if at_space => {
                emit(i, n, Tok::Comment);
                return;
            }
            b'-' | b'?' if next_blank(i) && flow == 0 => {
                emit(i, i + 1, Tok::Punct);
                node_col = i as u32;
                i += 1;
            }
            b'[' | b'{' => {
                flow += 1;
                emit(i, i + 1, Tok::Punct);
                i += 1;
            }
            b']' | b'}' => {
                flow = flow.saturating_sub(1);
                emit(i, i + 1, Tok::Punct);
                i += 1;
            }
            b',' if flow > 0 => {
                emit(i, i + 1, Tok::Punct);
                i += 1;
            }
            b':' if next_blank(i) || flow > 0 => {
                emit(i, i + 1, Tok::Punct);
                i += 1;
            }
            b'&' | b'*' | b'!' => {
                let end = word_end(b, i + 1, flow > 0);
                emit(i, end, match c {
                    b'&' => Tok::Anchor,
                    b'*' => Tok::Alias,
                    _ => Tok::Tag,
                });
                i = end;
            }
            b'|' | b'>' if flow == 0 => {
                let mut end = i + 1;
                while end < n && matches!(b[end], b'-' | b'+' | b'0'..=b'9') {
                    end += 1;
                }
                emit(i, end, Tok::BlockHeader);
                let rest = &line[end..];
                let rest_trim = rest.trim_start();
                if rest_trim.is_empty() || rest_trim.starts_with('#') {
                    if rest_trim.starts_with('#') {
                        emit(n - rest_trim.len(), n, Tok::Comment);
                    }
                    state.block = Some(node_col);
                    return;
                }
                i = end;
            }
            b'"' | b'\'' => match close_quote(b, i + 1, c) {
                Some(end) => {
                    let key = is_key_after(b, end, flow > 0);
                    emit(i, end, if key { Tok::Key } else { Tok::Str });
                    if key {
                        node_col = i as u32;
                    }
                    i = end;
                }
                None => {
                    emit(i, n, Tok::Str);
                    state.quote = Some(c);
                    return;
                }
            },
            _ => {
                let end = plain_end(b, i, flow > 0);
                let end = end.max(i + 1);
                let word = &line[i..end];
                let kind = if is_key_after(b, end, flow > 0) {
                    node_col = i as u32;
                    Tok::Key
                } else {
                    classify(word)
                };
                emit(i, end, kind);
                i = end;
            }
        }
    }
}

/// The end (exclusive) of a quoted scalar opened just before `from`, if it closes on this line.
fn close_quote(b: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        if q == b'"' && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q {
            if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// Whether a `:` that makes the text before `at` a key follows (spaces allowed before it).
fn is_key_after(b: &[u8], at: usize, flow: bool) -> bool {
    let mut j = at;
    while j < b.len() && b[j] == b' ' {
        j += 1;
    }
    j < b.len() && b[j] == b':' && (j + 1 >= b.len() || b[j + 1] == b' ' || b[j + 1] == b'\t' || (flow && matches!(b[j + 1], b',' | b']' | b'}')))
}

/// The end of a plain scalar starting at `i`: before ` #`, before `: `, and in flow context
/// before `,`, `]`, `}`. Trailing spaces are not part of it.
fn plain_end(b: &[u8], i: usize, flow: bool) -> usize {
    let mut j = i;
    while j < b.len() {
        let c = b[j];
        if c == b'#' && j > i && (b[j - 1] == b' ' || b[j - 1] == b'\t') {
            break;
        }
        if c == b':' && (j + 1 >= b.len() || b[j + 1] == b' ' || b[j + 1] == b'\t' || (flow && matches!(b[j + 1], b',' | b']' | b'}'))) {
            break;
        }
        if flow && matches!(c, b',' | b']' | b'}' | b'[' | b'{') {
            break;
        }
        j += 1;
    }
    while j > i && (b[j - 1] == b' ' || b[j - 1] == b'\t') {
        j -= 1;
    }
    j
}

/// The end of an anchor, alias or tag name.
fn word_end(b: &[u8], from: usize, flow: bool) -> usize {
    let mut j = from;
    while j < b.len() && !(b[j] == b' ' || b[j] == b'\t' || (flow && matches!(b[j], b',' | b']' | b'}' | b'[' | b'{'))) {
        j += 1;
    }
    j
}

/// The kind of a plain value, as Kubernetes (sigs.k8s.io/yaml, YAML 1.1) reads it.
fn classify(word: &str) -> Tok {
    match word {
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "yes" | "Yes" | "YES" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off"
        | "Off" | "OFF" | "y" | "Y" | "n" | "N" => Tok::Bool,
        "null" | "Null" | "NULL" | "~" => Tok::Null,
        _ if is_number(word) => Tok::Num,
        _ => Tok::Str,
    }
}

fn is_number(w: &str) -> bool {
    let s = w.strip_prefix(['-', '+']).unwrap_or(w);
    if s.is_empty() {
        return false;
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    if matches!(s, ".inf" | ".Inf" | ".INF") || matches!(w, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut digits = 0;
    let mut dot = false;
    let mut exp = false;
    let bytes = s.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        match bytes[k] {
            b'0'..=b'9' => digits += 1,
            b'_' if digits > 0 => {}
            b'.' if !dot && !exp => dot = true,
            b'e' | b'E' if digits > 0 && !exp => {
                exp = true;
                if matches!(bytes.get(k + 1), Some(b'-' | b'+')) {
                    k += 1;
                }
            }
            _ => return false,
        }
        k += 1;
    }
    digits > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(&str, Tok)> {
        tokens(line, LineState::default()).into_iter().map(|(s, e, t)| (&line[s..e], t)).collect()
    }

    #[test]
    fn keys_values_and_punctuation() {
        assert_eq!(kinds("  replicas: 3"), [("replicas", Tok::Key), (":", Tok::Punct), ("3", Tok::Num)]);
        assert_eq!(
            kinds("- name: postgres # the db"),
            [("-", Tok::Punct), ("name", Tok::Key), (":", Tok::Punct), ("postgres", Tok::Str), ("# the db", Tok::Comment)]
        );
        assert_eq!(kinds("image: postgres:13-alpine"), [("image", Tok::Key), (":", Tok::Punct), ("postgres:13-alpine", Tok::Str)]);
        assert_eq!(kinds("url: http://x#y"), [("url", Tok::Key), (":", Tok::Punct), ("http://x#y", Tok::Str)]);
        assert_eq!(kinds("enabled: yes"), [("enabled", Tok::Key), (":", Tok::Punct), ("yes", Tok::Bool)]);
        assert_eq!(kinds("x: ~"), [("x", Tok::Key), (":", Tok::Punct), ("~", Tok::Null)]);
        assert_eq!(kinds("mode: 0644"), [("mode", Tok::Key), (":", Tok::Punct), ("0644", Tok::Num)]);
        assert_eq!(kinds("v: 1.5e3"), [("v", Tok::Key), (":", Tok::Punct), ("1.5e3", Tok::Num)]);
        assert_eq!(kinds("v: 1Gi"), [("v", Tok::Key), (":", Tok::Punct), ("1Gi", Tok::Str)]);
        assert_eq!(kinds("# just a comment"), [("# just a comment", Tok::Comment)]);
    }

    #[test]
    fn quoted_strings_flow_collections_anchors_and_markers() {
        assert_eq!(kinds(r#"value: "demo-password""#), [("value", Tok::Key), (":", Tok::Punct), (r#""demo-password""#, Tok::Str)]);
        assert_eq!(kinds(r#""quoted key": 'it''s'"#), [(r#""quoted key""#, Tok::Key), (":", Tok::Punct), ("'it''s'", Tok::Str)]);
        assert_eq!(
            kinds(r#"accessModes: ["ReadWriteOnce", x]"#),
            [
                ("accessModes", Tok::Key),
                (":", Tok::Punct),
                ("[", Tok::Punct),
                (r#""ReadWriteOnce""#, Tok::Str),
                (",", Tok::Punct),
                ("x", Tok::Str),
                ("]", Tok::Punct)
            ]
        );
        assert_eq!(kinds("{a: 1, b: on}")[1..3], [("a", Tok::Key), (":", Tok::Punct)]);
        assert_eq!(kinds("base: &base"), [("base", Tok::Key), (":", Tok::Punct), ("&base", Tok::Anchor)]);
        assert_eq!(kinds("<<: *base"), [("<<", Tok::Key), (":", Tok::Punct), ("*base", Tok::Alias)]);
        assert_eq!(kinds("x: !!str 3"), [("x", Tok::Key), (":", Tok::Punct), ("!!str", Tok::Tag), ("3", Tok::Num)]);
        assert_eq!(kinds("---"), [("---", Tok::DocMarker)]);
        assert_eq!(kinds("--- # doc"), [("---", Tok::DocMarker), ("# doc", Tok::Comment)]);
        assert_eq!(kinds("%YAML 1.2"), [("%YAML 1.2", Tok::Directive)]);
    }

    #[test]
    fn block_scalars_span_lines_until_dedent() {
        let text = "script: |\n  echo hi: there\n\n  # not a comment\nnext: 1\n- run: >-\n    a\n  b: 2\n";
        let states = line_states(text);
        let lines: Vec<&str> = text.split('\n').collect();
        let kinds_at = |i: usize| -> Vec<Tok> { tokens(lines[i], states[i]).into_iter().map(|t| t.2).collect() };
        assert_eq!(kinds_at(0), [Tok::Key, Tok::Punct, Tok::BlockHeader]);
        assert_eq!(kinds_at(1), [Tok::BlockText]);
        assert_eq!(kinds_at(2), []);
        assert_eq!(kinds_at(3), [Tok::BlockText]);
        assert_eq!(kinds_at(4), [Tok::Key, Tok::Punct, Tok::Num]);
        // `- run: >-`: the block belongs to `run` (column 2), so `  b: 2` (column 2) ends it
        assert_eq!(kinds_at(6), [Tok::BlockText]);
        assert_eq!(kinds_at(7), [Tok::Key, Tok::Punct, Tok::Num]);
    }

    #[test]
    fn quoted_scalars_span_lines() {
        let text = "msg: \"one\n  two\n  three\" \nnext: x\n";
        let states = line_states(text);
        assert_eq!(states[1].quote, Some(b'"'));
        assert_eq!(tokens("  two", states[1]), [(0, 5, Tok::Str)]);
        assert_eq!(tokens("  three\" ", states[2]), [(0, 8, Tok::Str)]);
        assert_eq!(states[3], LineState::default());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for line in ["", ":", "- ", "-", "'unclosed", "\"a\\", "a: [b, {c: d", "|", "key: |+2 # c", "é: ü", "  - - x", "? complex"] {
            let _ = tokens(line, LineState::default());
            let _ = tokens(line, LineState { block: Some(0), quote: None });
            let _ = tokens(line, LineState { block: None, quote: Some(b'\'') });
        }
    }
}
