//! YAML with source positions.
//!
//! [`parse`] turns a multi-document YAML stream into a tree of [`Node`]s in which every key and
//! every value carries its byte [`TextRange`]. Parsing never fails and never panics: it returns
//! the documents it could read together with [`SyntaxError`]s, and after a broken document it goes
//! on with the next one.
//!
//! The events come from `saphyr-parser`, a maintained YAML 1.2 parser that passes the YAML test
//! suite and reports a start and an end for every event. This module only builds the tree:
//! it resolves aliases (with a budget against alias bombs), bounds the nesting depth, and maps
//! the parser's character positions to byte offsets.

pub mod lenient;
mod line_index;
mod path;
mod scalar;
mod tree;

pub use lenient::Leniency;
pub use line_index::{LineCol, LineIndex};
pub use path::{Path, Segment};
pub use scalar::{ScalarStyle, ScalarValue};
pub use tree::{Document, Entry, KeyIndex, Located, Node, NodeKind, Scalar};

use saphyr_parser::{Event, Parser, ScanError, Span};
use std::collections::HashMap;

/// A half-open byte range `[start, end)` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl TextRange {
    /// A range from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> TextRange {
        TextRange { start: start as u32, end: end.max(start) as u32 }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: usize) -> TextRange {
        TextRange::new(offset, offset)
    }

    /// Whether `offset` lies inside the range, its end included (a cursor just after a word
    /// is still "on" it).
    pub fn contains_inclusive(&self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }

    /// The range as a `usize` range, for slicing the source.
    pub fn as_range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the range covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// A YAML syntax error (or a limit that was hit), with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What went wrong, in plain words.
    pub message: String,
    /// Where, as bytes.
    pub range: TextRange,
    /// 1-based line of `range.start`.
    pub line: u32,
    /// 1-based column (in characters) of `range.start`.
    pub column: u32,
    /// Index of the document (in [`Parse::documents`] order of appearance) it belongs to.
    pub document: usize,
}

/// The result of [`parse`]: every document that could be read, and every error met.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    /// The documents in source order. A document that failed to parse is still listed, with
    /// `root: None` (or the part read before the error is not kept) and `broken: true`.
    pub documents: Vec<Document>,
    /// Syntax errors in source order.
    pub errors: Vec<SyntaxError>,
    /// Places read as kubectl reads them though strict YAML 1.2 refuses them (see
    /// [`lenient`]); empty for strict YAML.
    pub lenient: Vec<Leniency>,
}

impl Parse {
    /// Whether parsing met no error at all.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Limits that keep hostile input from hanging or crashing the parser and everything that
/// reads its tree (the checks, the explanations, the simulator). They are enforced here, in one
/// place, with a message at a line and column; docs/limits.md gives the reasons for each value.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of mappings and sequences accepted (aliases included: an alias counts
    /// the nesting of its anchor at the place it is used).
    pub max_depth: usize,
    /// Most nodes that alias expansion may create in one document (against "billion laughs").
    pub max_alias_nodes: usize,
    /// Longest text read, in bytes. A longer text is not read at all.
    pub max_bytes: usize,
    /// Most documents read from one stream; the ones after are not read.
    pub max_documents: usize,
    /// Most bytes that the paths of all keys of the stream add up to (each key's path counts
    /// its keys' bytes and 32 bytes a level, about what [`Document::keys`] allocates for it).
    /// Deep nesting under long keys would otherwise make listing or explaining every key cost
    /// gigabytes from a 2 MiB text. The document that passes it, and any after, is not read.
    pub max_key_paths: usize,
}

impl Limits {
    /// The limits [`parse`] applies.
    pub const DEFAULT: Limits = Limits { max_depth: 256, max_alias_nodes: 100_000, max_bytes: 2 * 1024 * 1024, max_documents: 10_000, max_key_paths: 64 * 1024 * 1024 };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Parses a YAML stream. Never panics; see the module docs.
pub fn parse(text: &str) -> Parse {
    parse_with_limits(text, Limits::default())
}

/// Sizes as people read them: `4 MiB`, `9.5 MiB`, `812 KiB`, `20 bytes` (the limit messages'
/// and the page's own).
pub fn human_size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    let (value, unit) = if b >= KIB * KIB { (b / (KIB * KIB), "MiB") } else if b >= KIB { (b / KIB, "KiB") } else { return format!("{bytes} bytes") };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

/// [`parse`] with explicit [`Limits`].
pub fn parse_with_limits(text: &str, limits: Limits) -> Parse {
    let index = LineIndex::new(text);
    if text.len() > limits.max_bytes {
        // Nothing is read: the error points at the first byte past the limit.
        let mut at = limits.max_bytes;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let lc = index.line_col(at);
        let message = format!(
            "this text is {}, more than the {} ordinal reads; nothing is read (split it into smaller files)",
            human_size(text.len()),
            human_size(limits.max_bytes)
        );
        let error = SyntaxError { message, range: TextRange::new(at, text.len()), line: lc.line, column: lc.column, document: 0 };
        return Parse { documents: vec![Document::broken(TextRange::new(0, text.len()))], errors: vec![error], lenient: Vec::new() };
    }
    let mut out = parse_stream(text, &index, limits);
    if !out.errors.is_empty() {
        if let Some(better) = lenient::reread(text, &index, &out, |t, i| parse_stream(t, i, limits)) {
            out = better;
        }
    }
    if out.documents.len() > limits.max_documents {
        let start = out.documents[limits.max_documents].range.start as usize;
        out.documents.truncate(limits.max_documents);
        out.errors.retain(|e| e.document < limits.max_documents);
        let lc = index.line_col(start);
        out.errors.push(SyntaxError {
            message: format!(
                "more than {} documents: this document and the ones after it are not read (split the stream into smaller files)",
                limits.max_documents
            ),
            range: TextRange::new(start, text.len()),
            line: lc.line,
            column: lc.column,
            document: limits.max_documents,
        });
    }
    out
}

/// The documents of a stream, one more than `limits.max_documents` at most.
fn parse_stream(text: &str, index: &LineIndex, limits: Limits) -> Parse {
    let (whole, _) = parse_region(text, 0, index, limits);
    if whole.errors.is_empty() {
        return whole;
    }
    // Recovery: parse each `---`-separated chunk on its own so that one broken document does
    // not hide the others.
    let chunks = split_documents(text);
    if chunks.len() <= 1 {
        return whole;
    }
    let mut out = Parse::default();
    // the key-path budget is the stream's, shared by its documents
    let mut remaining = limits;
    for (start, end) in chunks {
        if out.documents.len() > limits.max_documents {
            break;
        }
        let (mut part, used) = parse_region(&text[start..end], start, index, remaining);
        remaining.max_key_paths = remaining.max_key_paths.saturating_sub(used);
        let base = out.documents.len();
        for e in &mut part.errors {
            e.document += base;
        }
        if part.documents.is_empty() && !part.errors.is_empty() {
            // keep a placeholder so document numbering follows the source
            out.documents.push(Document::broken(TextRange::new(start, end)));
        }
        out.documents.extend(part.documents);
        out.errors.extend(part.errors);
    }
    out
}

/// Byte ranges of the documents of a stream, split at lines that start with `---` or `...`.
fn split_documents(text: &str) -> Vec<(usize, usize)> {
    let mut cuts = vec![0usize];
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let starts_marker = |m: &str| {
            line.starts_with(m)
                && line[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t' || c == '\r' || c == '\n')
        };
        if offset > 0 && starts_marker("---") {
            cuts.push(offset);
        } else if starts_marker("...") {
            cuts.push(offset + line.len());
        }
        offset += line.len();
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, b)| !text[*a..*b].trim().is_empty() || *a == 0)
        .collect()
}

/// Parses `region` (which starts at byte `base` of the full text); also returns the key-path
/// weight it used.
fn parse_region(region: &str, base: usize, index: &LineIndex, limits: Limits) -> (Parse, usize) {
    let mut builder = Builder::new(region, base, index, limits);
    let mut parser = Parser::new_from_str(region);
    // one document past the limit tells the caller that the limit was passed
    while builder.out.documents.len() <= limits.max_documents {
        match parser.next_event() {
            None => break,
            Some(Ok((event, span))) => {
                if let Err(e) = builder.event(event, span) {
                    builder.fail(e);
                    break;
                }
            }
            Some(Err(err)) => {
                builder.scan_error(&err);
                break;
            }
        }
    }
    let used = builder.key_paths;
    let mut out = builder.finish();
    reject_control_character(region, base, index, &mut out);
    (out, used)
}

/// Whether YAML forbids `c` in a stream: the C0 controls but tab, line feed and carriage
/// return; DEL; the C1 controls but NEL; and the two non-characters U+FFFE and U+FFFF (YAML 1.2
/// §5.1, as go-yaml and so kubectl enforce it). Escapes such as `"\x01"` are the way to write them.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// The message for a forbidden character.
fn forbidden_message(c: char) -> String {
    let (what, name) = match c {
        '\0' => ("control character", " (NUL)"),
        '\u{1b}' => ("control character", " (ESC)"),
        '\u{7f}' => ("control character", " (DEL)"),
        '\u{fffe}' | '\u{ffff}' => ("non-character", ""),
        _ => ("control character", ""),
    };
    let code = c as u32;
    let escape = if code <= 0xff { format!("\\x{code:02X}") } else { format!("\\u{code:04X}") };
    format!(
        "{what} U+{code:04X}{name} is not allowed in YAML (kubectl rejects it too): remove it, or write it as the escape \"{escape}\" inside a double-quoted string"
    )
}

/// The parser lets most control characters through: the first one of `region` breaks the
/// document that holds it, with an error at its place (unless that document already has one).
fn reject_control_character(region: &str, base: usize, index: &LineIndex, out: &mut Parse) {
    let Some((i, c)) = region.char_indices().find(|(_, c)| is_forbidden(*c)) else { return };
    let at = base + i;
    let doc = out.documents.iter().rposition(|d| (d.range.start as usize) <= at).unwrap_or(0);
    if out.documents.is_empty() {
        return;
    }
    let lc = index.line_col(at);
    let error = SyntaxError { message: forbidden_message(c), range: TextRange::new(at, at + c.len_utf8()), line: lc.line, column: lc.column, document: doc };
    if let Some(e) = out.errors.iter_mut().find(|e| e.document == doc) {
        // the parser takes a NUL for the end of the input: its "end of stream" is the NUL
        if c == '\0' && e.message.contains("end of stream") {
            *e = error;
            out.errors.sort_by_key(|e| e.range.start);
        }
        return;
    }
    out.documents[doc].root = None;
    out.documents[doc].broken = true;
    let pos = out.errors.partition_point(|e| e.range.start as usize <= at);
    out.errors.insert(pos, error);
}

/// What one level of a key's path weighs besides its key's bytes (see [`Limits::max_key_paths`]).
const PATH_LEVEL: usize = 32;

enum Frame {
    Mapping { start: usize, anchor: usize, tag: Option<String>, entries: Vec<Entry>, key: Option<Node> },
    Sequence { start: usize, anchor: usize, tag: Option<String>, items: Vec<Node> },
}

struct Builder<'a> {
    region: &'a str,
    base: usize,
    index: &'a LineIndex,
    limits: Limits,
    region_start_line: u32,
    /// The last marker mapped by [`Builder::offset`]: line, 0-based column and byte offset.
    cursor: std::cell::Cell<(u32, usize, usize)>,
    stack: Vec<Frame>,
    /// Anchored nodes with their height (nesting levels inside them), for alias expansion.
    anchors: HashMap<usize, (Node, usize)>,
    alias_nodes: usize,
    /// The bytes of the paths of the stream's keys so far (see [`Limits::max_key_paths`]).
    key_paths: usize,
    doc_start: Option<(usize, bool)>,
    root: Option<Node>,
    out: Parse,
}

struct BuildError {
    message: String,
    range: TextRange,
}

impl<'a> Builder<'a> {
    fn new(region: &'a str, base: usize, index: &'a LineIndex, limits: Limits) -> Self {
        let region_start_line = index.line_col(base).line;
        Builder {
            region,
            base,
            index,
            limits,
            region_start_line,
            cursor: std::cell::Cell::new((0, 0, 0)),
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            key_paths: 0,
            doc_start: None,
            root: None,
            out: Parse::default(),
        }
    }

    /// Byte offset (in the full text) of a parser marker: [`LineIndex::offset_of_char`], made
    /// incremental. Markers arrive in (nearly) increasing order, so the walk along the line
    /// resumes from the last marker's place: linear overall, even on a megabyte-long line.
    fn offset(&self, line: usize, col: usize) -> usize {
        // Column 0 of the region's first line is `base`, which may sit mid-line only when the
        // region starts mid-line (it never does: regions start at line starts).
        let line = self.region_start_line + line.saturating_sub(1) as u32;
        let text = self.index.text();
        let offset = if line as usize > self.index.line_count() {
            text.len()
        } else {
            let next = self.index.line_start(line + 1);
            let (cached_line, cached_col, cached_byte) = self.cursor.get();
            let (mut c, mut b) =
                if cached_line == line && cached_col <= col { (cached_col, cached_byte) } else { (0, self.index.line_start(line)) };
            let mut chars = text[b..next].chars();
            while c < col {
                let Some(ch) = chars.next() else { break };
                b += ch.len_utf8();
                c += 1;
            }
            self.cursor.set((line, c, b));
            // a column past the line's end gives the next line's start, as offset_of_char does
            if c < col {
                next
            } else {
                b
            }
        };
        offset.min(self.base + self.region.len())
    }

    fn range(&self, span: &Span) -> TextRange {
        let start = self.offset(span.start.line(), span.start.col());
        let end = self.offset(span.end.line(), span.end.col());
        TextRange::new(start, end)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), BuildError> {
        let range = self.range(&span);
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(explicit) => {
                self.doc_start = Some((range.start as usize, explicit));
                self.anchors.clear();
                self.alias_nodes = 0;
            }
            Event::DocumentEnd => self.end_document(range.end as usize),
            Event::Alias(id) => {
                let Some((node, height)) = self.anchors.get(&id) else {
                    return Err(BuildError { message: "unknown alias: no anchor was defined for it".into(), range });
                };
                // an alias puts its anchor's nesting at this depth: deep anchors inside deep
                // anchors would otherwise build a tree deeper than the limit
                if self.stack.len() + height > self.limits.max_depth {
                    return Err(BuildError {
                        message: format!(
                            "this alias would nest the document deeper than {} levels; this document is not read",
                            self.limits.max_depth
                        ),
                        range,
                    });
                }
                let count = node.count_nodes();
                self.alias_nodes += count;
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(BuildError {
                        message: format!(
                            "aliases expand to more than {} nodes (an alias bomb?); this document is not read",
                            self.limits.max_alias_nodes
                        ),
                        range,
                    });
                }
                let mut node = node.clone();
                node.range = range;
                node.alias = true;
                // the keys inside the copy get paths below this place
                self.add_key_paths(count * (self.path_weight() + PATH_LEVEL), range)?;
                self.push_node(node)?;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        value: value.into_owned(),
                        style: ScalarStyle::from(style),
                        tag: tag.map(|t| t.to_string()),
                    }),
                    range,
                    alias: false,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), 0));
                }
                self.push_node(node)?;
            }
            Event::MappingStart(anchor, tag) => {
                self.check_depth(range)?;
                self.stack.push(Frame::Mapping {
                    start: range.start as usize,
                    anchor,
                    tag: tag.map(|t| t.to_string()),
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_depth(range)?;
                self.stack.push(Frame::Sequence {
                    start: range.start as usize,
                    anchor,
                    tag: tag.map(|t| t.to_string()),
                    items: Vec::new(),
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (node, anchor) = match frame {
                    Frame::Mapping { start, anchor, tag, entries, key } => {
                        let mut end = entries.last().map(|e| e.value.range.end as usize).unwrap_or(range.end as usize);
                        if let Some(k) = &key {
                            end = end.max(k.range.end as usize);
                        }
                        // flow mappings end at their closing brace
                        if self.region_byte(range.start as usize) == Some(b'}') {
                            end = range.end as usize;
                        }
                        {
                            let index = KeyIndex::new(&entries);
                            (Node { kind: NodeKind::Mapping { entries, tag, index }, range: TextRange::new(start, end), alias: false }, anchor)
                        }
                    }
                    Frame::Sequence { start, anchor, tag, items } => {
                        let mut end = items.last().map(|n| n.range.end as usize).unwrap_or(range.end as usize);
                        if self.region_byte(range.start as usize) == Some(b']') {
                            end = range.end as usize;
                        }
                        (Node { kind: NodeKind::Sequence { items, tag }, range: TextRange::new(start, end), alias: false }, anchor)
                    }
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), height(&node)));
                }
                self.push_node(node)?;
            }
        }
        Ok(())
    }

    fn region_byte(&self, offset: usize) -> Option<u8> {
        offset.checked_sub(self.base).and_then(|o| self.region.as_bytes().get(o).copied())
    }

    fn check_depth(&self, range: TextRange) -> Result<(), BuildError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(BuildError {
                message: format!("nesting is deeper than {} levels; this document is not read", self.limits.max_depth),
                range,
            });
        }
        Ok(())
    }

    /// The weight of the path of the collection being built: its keys' bytes and
    /// [`PATH_LEVEL`] a level.
    fn path_weight(&self) -> usize {
        let levels = self.stack.len().saturating_sub(1);
        let keys: usize = self.stack[..levels]
            .iter()
            .map(|f| match f {
                Frame::Mapping { key: Some(k), .. } => k.as_str().map_or(0, str::len),
                _ => 0,
            })
            .sum();
        keys + levels * PATH_LEVEL
    }

    fn add_key_paths(&mut self, weight: usize, range: TextRange) -> Result<(), BuildError> {
        self.key_paths = self.key_paths.saturating_add(weight);
        if self.key_paths > self.limits.max_key_paths {
            return Err(BuildError {
                message: format!(
                    "the keys of this text are nested so deep under such long keys that their paths add up to more than {}; this document is not read",
                    human_size(self.limits.max_key_paths)
                ),
                range,
            });
        }
        Ok(())
    }

    fn push_node(&mut self, node: Node) -> Result<(), BuildError> {
        if let Some(Frame::Mapping { key: None, .. }) = self.stack.last() {
            let weight = self.path_weight() + PATH_LEVEL + node.as_str().map_or(0, str::len);
            self.add_key_paths(weight, node.range)?;
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push(Entry { key: k, value: node }),
            },
        }
        Ok(())
    }

    fn end_document(&mut self, end: usize) {
        let (start, explicit) = self.doc_start.take().unwrap_or((self.base, false));
        let root = self.root.take();
        let range = match &root {
            Some(r) => TextRange::new(start.min(r.range.start as usize), end.max(r.range.end as usize)),
            None => TextRange::new(start, end.max(start)),
        };
        // An empty document between markers (or a stream of only comments) is still listed,
        // so that documents are numbered the way the user counts them.
        self.out.documents.push(Document { root, range, explicit_start: explicit, broken: false });
        self.stack.clear();
    }

    fn push_error(&mut self, message: String, range: TextRange) {
        let lc = self.index.line_col(range.start as usize);
        let document = self.out.documents.len();
        self.out.errors.push(SyntaxError { message, range, line: lc.line, column: lc.column, document });
    }

    fn fail(&mut self, e: BuildError) {
        self.push_error(e.message, e.range);
        self.abandon_document();
    }

    fn scan_error(&mut self, err: &ScanError) {
        let m = err.marker();
        let offset = self.offset(m.line(), m.col());
        let end = next_char_boundary(self.index.text_len(), offset, self.region, self.base);
        let here = self.region.get(offset.saturating_sub(self.base)..).and_then(|s| s.chars().next());
        let line_start = self.index.line_start(self.index.line_col(offset).line);
        let message = match here {
            Some(c) if is_forbidden(c) => forbidden_message(c),
            // YAML 1.2 §7.4.2: an implicit key is at most 1024 characters
            _ if err.info().contains("mapping values are not allowed") && self.index.text()[line_start..offset].chars().nth(1024).is_some() => {
                "this key is longer than 1024 characters, the most YAML allows for a key written without `? ` (write `? key` on one line and `: value` on the next)".to_owned()
            }
            _ => describe_scan_error(err.info()),
        };
        self.push_error(message, TextRange::new(offset, end));
        self.abandon_document();
    }

    fn abandon_document(&mut self) {
        let start = self.doc_start.take().map(|(s, _)| s).unwrap_or(self.base);
        self.stack.clear();
        self.root = None;
        self.out.documents.push(Document::broken(TextRange::new(start, self.base + self.region.len())));
    }

    fn finish(mut self) -> Parse {
        if self.doc_start.is_some() {
            // the stream ended inside a document without its end event (only after an error)
            let end = self.base + self.region.len();
            self.end_document(end);
        }
        self.out
    }
}

/// The nesting levels inside a node: 0 for a scalar, 1 for a collection of scalars.
fn height(node: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 0usize)];
    while let Some((n, above)) = stack.pop() {
        match &n.kind {
            NodeKind::Scalar(_) => deepest = deepest.max(above),
            NodeKind::Mapping { entries, .. } => {
                deepest = deepest.max(above + 1);
                for e in entries {
                    stack.push((&e.key, above + 1));
                    stack.push((&e.value, above + 1));
                }
            }
            NodeKind::Sequence { items, .. } => {
                deepest = deepest.max(above + 1);
                stack.extend(items.iter().map(|i| (i, above + 1)));
            }
        }
    }
    deepest
}

fn next_char_boundary(_total: usize, offset: usize, region: &str, base: usize) -> usize {
    let local = offset.saturating_sub(base);
    match region.get(local..).and_then(|s| s.chars().next()) {
        Some(c) if c != '\n' && c != '\r' => offset + c.len_utf8(),
        _ => offset,
    }
}

/// Rewords the parser's messages for learners while keeping their meaning.
fn describe_scan_error(info: &str) -> String {
    if info.contains("recursion limit") {
        // saphyr counts `[` and `{` levels in a u8
        return "nesting is deeper than 255 levels of `[` and `{`; this document is not read".into();
    }
    let hint = if info.contains("mapping values are not allowed") {
        " (a `key: value` where a value was expected: check the indentation and any missing space after `:`)"
    } else if info.contains("did not find expected key") {
        " (check the indentation: this line is not aligned with the keys around it)"
    } else if info.contains("indentation in quoted scalar") {
        " (YAML 1.2 wants every line of a multi-line quoted value indented deeper than its key; kubectl's more lenient parser may accept it, other tools will not)"
    } else if info.contains("must be followed by a valid YAML whitespace") {
        " (a tab is not enough here: use a space)"
    } else if info.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w == "tab" || w == "tabs") {
        " (YAML indentation must use spaces, not tabs)"
    } else if info.contains("did not find expected") && info.contains("'-'") {
        " (a list item `- ` is not aligned with the items before it)"
    } else {
        ""
    };
    format!("{info}{hint}")
}

#[cfg(test)]
mod tests;
