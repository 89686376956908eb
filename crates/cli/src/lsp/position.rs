//! LSP positions ↔ byte offsets.
//!
//! An LSP `Position` is a 0-based line and a 0-based offset in the line counted in the
//! negotiated encoding's code units: UTF-16 unless the client offered another in
//! `general.positionEncodings` (LSP 3.17, "Position" and "PositionEncodingKind"). A character
//! past the end of the line means the end of the line, and a line past the end of the text the
//! end of the text; a position inside a character (half a surrogate pair, a byte in the middle
//! of a UTF-8 sequence) is moved to the next character boundary.

use lsp_types::{Position, Range};
use ordinal_core::yaml::{LineIndex, TextRange};

/// The unit of `Position.character`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes), `positionEncoding: "utf-8"`.
    Utf8,
    /// UTF-16 code units, the protocol's default.
    Utf16,
}

impl Encoding {
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }

    /// The protocol's name for it.
    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }
}

/// The byte offset of an LSP position in `text` (indexed by `index`), clamped as the module
/// docs say.
pub fn offset(text: &str, index: &LineIndex, pos: Position, enc: Encoding) -> usize {
    if pos.line as usize >= index.line_count() {
        return text.len();
    }
    let line = pos.line + 1;
    let (start, end) = (index.line_start(line), index.line_end(line));
    let mut units = 0usize;
    for (i, c) in text[start..end].char_indices() {
        if units >= pos.character as usize {
            return start + i;
        }
        units += enc.units(c);
    }
    end
}

/// The LSP position of a byte offset (clamped to the text and to a character boundary).
pub fn position(text: &str, index: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = index.line_col(offset).line;
    let start = index.line_start(line);
    let character: usize = text[start..offset].chars().map(|c| enc.units(c)).sum();
    Position { line: line - 1, character: character as u32 }
}

/// The LSP range of a byte range.
pub fn range(text: &str, index: &LineIndex, r: TextRange, enc: Encoding) -> Range {
    Range { start: position(text, index, r.start as usize, enc), end: position(text, index, r.end as usize, enc) }
}

/// The byte range of an LSP range (start and end swapped when reversed).
pub fn text_range(text: &str, index: &LineIndex, r: Range, enc: Encoding) -> TextRange {
    let (a, b) = (offset(text, index, r.start, enc), offset(text, index, r.end, enc));
    TextRange::new(a.min(b), a.max(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn non_ascii_text_in_both_encodings() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 UTF-16 units (a surrogate pair)
        let text = "a: é𝄞x\nb: 1\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(position(text, &index, x, Encoding::Utf16), pos(0, 6));
        assert_eq!(position(text, &index, x, Encoding::Utf8), pos(0, 9));
        assert_eq!(offset(text, &index, pos(0, 6), Encoding::Utf16), x);
        assert_eq!(offset(text, &index, pos(0, 9), Encoding::Utf8), x);
        // half a surrogate pair moves to the next character
        assert_eq!(offset(text, &index, pos(0, 5), Encoding::Utf16), x);
        // past the end of a line: its end; past the last line: the text's end
        assert_eq!(offset(text, &index, pos(0, 99), Encoding::Utf16), text.find('\n').unwrap());
        assert_eq!(offset(text, &index, pos(99, 0), Encoding::Utf16), text.len());
        assert_eq!(offset(text, &index, pos(u32::MAX, u32::MAX), Encoding::Utf8), text.len());
        let b = text.find('b').unwrap();
        assert_eq!(position(text, &index, b, Encoding::Utf16), pos(1, 0));
        // an offset inside a character counts as its start
        assert_eq!(position(text, &index, text.find('é').unwrap() + 1, Encoding::Utf16), pos(0, 3));
    }

    #[test]
    fn crlf_line_ends_are_not_characters() {
        let text = "a: 1\r\nb: 2\r\n";
        let index = LineIndex::new(text);
        assert_eq!(offset(text, &index, pos(0, 50), Encoding::Utf16), 4);
        assert_eq!(offset(text, &index, pos(1, 1), Encoding::Utf16), 7);
        assert_eq!(position(text, &index, 7, Encoding::Utf16), pos(1, 1));
    }
}
