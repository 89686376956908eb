//! Byte offsets ↔ 1-based lines and columns.

/// A 1-based line and a 1-based column counted in characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Maps byte offsets of one text to lines and columns and back.
///
/// Lines end at `\n`; a `\r` before it belongs to the line's end, not its content.
#[derive(Clone, Debug)]
pub struct LineIndex {
    text: String,
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex { text: text.to_owned(), line_starts }
    }

    /// The indexed text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Length of the indexed text in bytes.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and column of a byte offset (clamped to the text; an offset inside a
    /// multi-byte character counts as that character).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() as u32 + 1;
        LineCol { line: line as u32 + 1, column }
    }

    /// Byte offset of the start of a 1-based line (the text's end past the last line).
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.line_starts.get(i).map(|&s| s as usize).unwrap_or(self.text.len())
    }

    /// Byte offset of the end of a 1-based line's content (before `\r\n` or `\n`).
    pub fn line_end(&self, line: u32) -> usize {
        let next = self.line_start(line + 1);
        let mut end = next;
        let bytes = self.text.as_bytes();
        if end > 0 && end <= bytes.len() && end > self.line_start(line) && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > self.line_start(line) && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        end.max(self.line_start(line))
    }

    /// Byte offset of a 1-based line and 1-based character column, clamped to the line.
    pub fn offset(&self, line: u32, column: u32) -> usize {
        self.offset_of_char(line, column.saturating_sub(1))
    }

    /// Byte offset of a 1-based line and a 0-based character column, clamped to the line
    /// (a column past the line's end gives the line's end, or the next line's start when the
    /// column counts the newline itself).
    pub fn offset_of_char(&self, line: u32, col0: u32) -> usize {
        if line as usize > self.line_starts.len() {
            return self.text.len();
        }
        let start = self.line_start(line);
        let next = self.line_start(line + 1);
        let slice = &self.text[start..next];
        match slice.char_indices().nth(col0 as usize) {
            Some((i, _)) => start + i,
            None => next,
        }
    }

    /// Converts a UTF-16 code-unit offset (as browsers report cursor positions) to a byte offset.
    pub fn byte_of_utf16(&self, utf16: usize) -> usize {
        let mut units = 0usize;
        for (i, c) in self.text.char_indices() {
            if units >= utf16 {
                return i;
            }
            units += c.len_utf16();
        }
        self.text.len()
    }

    /// Converts a byte offset to a UTF-16 code-unit offset.
    pub fn utf16_of_byte(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        self.text[..byte].encode_utf16().count()
    }
}
