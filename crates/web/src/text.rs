//! Positions in the editor's text: line starts, and byte ↔ UTF-16 offsets.
//!
//! The core works in bytes; the browser's `selectionStart` counts UTF-16 code units. These
//! conversions run on every keystroke, so they take a fast path for ASCII text (where the two
//! are the same) and are otherwise a single pass.

/// The byte offsets where each line of a text starts (lines end at `\n`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    starts: Vec<u32>,
    len: usize,
}

impl Lines {
    /// Indexes `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        starts.push(0);
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
        Lines { starts, len: text.len() }
    }

    /// The number of lines (at least 1; a text ending in `\n` has an empty last line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&(offset.min(self.len) as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte range of 0-based `line`'s content, without its `\n` (and without a `\r` before it).
    pub fn range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).map_or(self.len, |&s| s as usize);
        let mut end = self.starts.get(line + 1).map_or(self.len, |&s| s as usize - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The byte offset where 0-based `line` starts.
    pub fn start(&self, line: usize) -> usize {
        self.starts.get(line).map_or(self.len, |&s| s as usize)
    }
}

/// The byte offset of a UTF-16 offset (clamped to the text, never inside a character).
pub fn byte_of_utf16(text: &str, utf16: usize) -> usize {
    if text.is_ascii() {
        return utf16.min(text.len());
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of a byte offset (a byte inside a character counts as its start).
pub fn utf16_of_byte(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    if text.is_ascii() {
        return byte;
    }
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].encode_utf16().count()
}

/// The nearest char boundary at or before `byte`.
pub fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// One edit between two versions of a text: bytes `start..old_end` became `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// First changed byte.
    pub start: usize,
    /// End of the replaced bytes in the old text.
    pub old_end: usize,
    /// End of the inserted bytes in the new text.
    pub new_end: usize,
}

impl Change {
    /// The change from `old` to `new`, found by their common prefix and suffix. `None` when
    /// the texts are equal.
    pub fn between(old: &str, new: &str) -> Option<Change> {
        if old == new {
            return None;
        }
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        // whole characters only: the common prefix and suffix may end inside one
        while !old.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = a.len().min(b.len()) - prefix;
        let suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
        let (mut old_end, mut new_end) = (a.len() - suffix, b.len() - suffix);
        while !old.is_char_boundary(old_end) || !new.is_char_boundary(new_end) {
            old_end += 1;
            new_end += 1;
        }
        Some(Change { start: prefix, old_end, new_end })
    }

    /// Where an offset of the old text is in the new text. Offsets inside the replaced bytes
    /// move to the end of the insertion.
    pub fn map(&self, offset: usize) -> usize {
        if offset <= self.start {
            offset
        } else if offset >= self.old_end {
            offset - self.old_end + self.new_end
        } else {
            self.new_end
        }
    }
}

/// `s` with its first letter in upper case: a message that starts a sentence.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_ranges() {
        let text = "a: 1\r\nbb: 2\n\nc";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 4);
        assert_eq!(&text[lines.range(text, 0)], "a: 1");
        assert_eq!(&text[lines.range(text, 1)], "bb: 2");
        assert_eq!(&text[lines.range(text, 2)], "");
        assert_eq!(&text[lines.range(text, 3)], "c");
        assert_eq!(lines.line_of(0), 0);
        assert_eq!(lines.line_of(6), 1);
        assert_eq!(lines.line_of(text.len()), 3);
        assert_eq!(lines.range(text, 9), text.len()..text.len());
        assert_eq!(Lines::new("").count(), 1);
    }

    #[test]
    fn utf16_conversions() {
        let text = "é😀x";
        assert_eq!(byte_of_utf16(text, 0), 0);
        assert_eq!(byte_of_utf16(text, 1), 2);
        assert_eq!(byte_of_utf16(text, 3), 6);
        assert_eq!(byte_of_utf16(text, 99), 7);
        assert_eq!(utf16_of_byte(text, 6), 3);
        assert_eq!(utf16_of_byte(text, 4), 1, "inside the emoji counts as its start");
        assert_eq!(byte_of_utf16("abc", 2), 2);
        assert_eq!(utf16_of_byte("abc", 9), 3);
    }

    #[test]
    fn changes_are_found_and_map_offsets() {
        let c = Change::between("replicas: 3\n", "replicas: 35\n").unwrap();
        assert_eq!(c, Change { start: 11, old_end: 11, new_end: 12 });
        assert_eq!(c.map(5), 5);
        assert_eq!(c.map(11), 11);
        assert_eq!(c.map(12), 13);
        let d = Change::between("abcdef", "abXf").unwrap();
        assert_eq!(d, Change { start: 2, old_end: 5, new_end: 3 });
        assert_eq!(d.map(3), 3);
        assert_eq!(d.map(6), 4);
        assert_eq!(Change::between("same", "same"), None);
        // a repeated character: the prefix wins, the suffix never overlaps it
        assert_eq!(Change::between("aa", "aaa").unwrap(), Change { start: 2, old_end: 2, new_end: 3 });
        // characters that share their first or last bytes are replaced whole
        let e = Change::between("xéy", "xèy").unwrap(); // C3 A9 → C3 A8
        assert_eq!(e, Change { start: 1, old_end: 3, new_end: 3 });
        let f = Change::between("xäy", "xĤy").unwrap(); // C3 A4 → C4 A4
        assert_eq!(f, Change { start: 1, old_end: 3, new_end: 3 });
        assert!("xĤy".is_char_boundary(f.map(2)));
    }
}
