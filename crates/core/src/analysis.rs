//! The entry points that the web app and the CLI call.

use crate::yaml::{self, LineIndex, TextRange};

/// The field under a cursor, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldAt {
    /// The document's `kind`, e.g. `StatefulSet` (None when the document has none).
    pub kind: Option<String>,
    /// The document's `apiVersion`.
    pub api_version: Option<String>,
    /// The field path, e.g. `spec.template.spec.containers[0].image`.
    pub path: String,
    /// 1-based line of the field's key (or of its value for list items).
    pub line: u32,
    /// 1-based column of the field's key.
    pub column: u32,
    /// The key's range (or the item's range for list items).
    pub key_range: TextRange,
    /// Index of the document in the stream.
    pub document: usize,
}

/// Finds the field at a byte offset of `text`.
pub fn field_at(text: &str, byte_offset: usize) -> Option<FieldAt> {
    let parse = yaml::parse(text);
    field_at_parsed(text, &parse, &LineIndex::new(text), byte_offset)
}

/// The document holding a byte offset (its index and the document) and the field located
/// there, as [`field_at_parsed`] finds them.
pub fn locate_parsed(parse: &yaml::Parse, byte_offset: usize) -> Option<(usize, &yaml::Document, yaml::Located)> {
    let (document, doc) = parse
        .documents
        .iter()
        .enumerate()
        .find(|(_, d)| d.root.as_ref().is_some_and(|r| d.range.cover(r.range).contains_inclusive(byte_offset)))?;
    Some((document, doc, doc.locate(byte_offset)?))
}

/// [`field_at`] over an existing parse.
pub fn field_at_parsed(_text: &str, parse: &yaml::Parse, index: &LineIndex, byte_offset: usize) -> Option<FieldAt> {
    let (document, doc, located) = locate_parsed(parse, byte_offset)?;
    let range = located.key_range.unwrap_or(located.value_range);
    let lc = index.line_col(range.start as usize);
    Some(FieldAt {
        kind: doc.kind().map(str::to_owned),
        api_version: doc.api_version().map(str::to_owned),
        path: located.path.to_string(),
        line: lc.line,
        column: lc.column,
        key_range: range,
        document,
    })
}
