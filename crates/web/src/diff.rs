//! The preview of a quick fix: the lines it removes and adds, with a line of context, as a
//! unified diff a learner reads before applying it. Also the single replacement that applies
//! all of a fix's edits at once (one step on the undo stack).

use ordinal_core::rules::TextEdit;

/// How a preview line changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffTag {
    /// Unchanged, shown for context.
    Context,
    /// Removed by the fix.
    Removed,
    /// Added by the fix.
    Added,
}

/// One line of a preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    /// How it changes.
    pub tag: DiffTag,
    /// Its 1-based number in the old text (context and removed lines) or the new text (added).
    pub number: usize,
    /// The line, without its newline.
    pub text: String,
}

/// One contiguous change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    /// The lines, in order.
    pub lines: Vec<DiffLine>,
}

/// The preview of `edits` (of file 0) applied to `text`: one hunk per edit, each with the whole
/// lines it touches, before and after, and one line of context around.
pub fn preview(text: &str, edits: &[TextEdit]) -> Vec<Hunk> {
    let mut edits: Vec<&TextEdit> = edits.iter().filter(|e| e.file == 0).collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut shift: isize = 0; // new line numbers move as earlier edits add or remove lines
    let mut out = Vec::new();
    for e in edits {
        let (s, t) = (e.range.start as usize, (e.range.end as usize).min(text.len()));
        if s > t {
            continue;
        }
        let line_start = text[..s].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[t..].find('\n').map_or(text.len(), |i| t + i);
        let old_block = &text[line_start..line_end];
        let new_block = format!("{}{}{}", &text[line_start..s], e.replacement, &text[t..line_end]);
        let first_line = text[..line_start].matches('\n').count() + 1;
        let old_lines: Vec<&str> = old_block.split('\n').collect();
        let new_lines: Vec<&str> = new_block.split('\n').collect();
        // lines that stay the same at both ends of the block are context, not changes
        let same_head = old_lines.iter().zip(&new_lines).take_while(|(a, b)| a == b).count();
        let max_tail = old_lines.len().min(new_lines.len()) - same_head;
        let same_tail = old_lines.iter().rev().zip(new_lines.iter().rev()).take(max_tail).take_while(|(a, b)| a == b).count();
        let mut lines = Vec::new();
        let before = if same_head > 0 {
            Some((first_line + same_head - 1, old_lines[same_head - 1].to_owned()))
        } else if first_line > 1 {
            let prev_start = text[..line_start.saturating_sub(1)].rfind('\n').map_or(0, |i| i + 1);
            Some((first_line - 1, text[prev_start..line_start.saturating_sub(1)].to_owned()))
        } else {
            None
        };
        if let Some((number, text)) = before {
            lines.push(DiffLine { tag: DiffTag::Context, number, text });
        }
        for (i, l) in old_lines[same_head..old_lines.len() - same_tail].iter().enumerate() {
            lines.push(DiffLine { tag: DiffTag::Removed, number: first_line + same_head + i, text: (*l).to_owned() });
        }
        let new_first = (first_line as isize + shift) as usize;
        for (i, l) in new_lines[same_head..new_lines.len() - same_tail].iter().enumerate() {
            lines.push(DiffLine { tag: DiffTag::Added, number: new_first + same_head + i, text: (*l).to_owned() });
        }
        let after_number = first_line + old_lines.len() - same_tail;
        if same_tail > 0 {
            lines.push(DiffLine { tag: DiffTag::Context, number: after_number, text: old_lines[old_lines.len() - same_tail].to_owned() });
        } else if line_end < text.len() {
            let next_end = text[line_end + 1..].find('\n').map_or(text.len(), |i| line_end + 1 + i);
            let next = &text[line_end + 1..next_end];
            if !(next.is_empty() && next_end == text.len()) {
                lines.push(DiffLine { tag: DiffTag::Context, number: after_number, text: next.to_owned() });
            }
        }
        shift += new_lines.len() as isize - old_lines.len() as isize;
        out.push(Hunk { lines });
    }
    out
}

/// The one replacement (`start..end` of `text` → the returned string) that has the effect of
/// all `edits` of file 0: from the first edit's start to the last edit's end.
pub fn as_one_replacement(text: &str, edits: &[TextEdit]) -> Option<(usize, usize, String)> {
    let mine: Vec<&TextEdit> = edits.iter().filter(|e| e.file == 0).collect();
    let start = mine.iter().map(|e| e.range.start as usize).min()?;
    let end = mine.iter().map(|e| e.range.end as usize).max()?.min(text.len());
    let whole = ordinal_core::rules::apply_edits(text, 0, edits);
    // everything outside start..end is unchanged, so the replacement is the middle of `whole`
    let tail = text.len() - end;
    Some((start, end, whole[start..whole.len() - tail].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::yaml::TextRange;

    fn edit(start: usize, end: usize, replacement: &str) -> TextEdit {
        TextEdit { file: 0, range: TextRange::new(start, end), replacement: replacement.into() }
    }

    fn show(hunks: &[Hunk]) -> Vec<String> {
        hunks
            .iter()
            .flat_map(|h| h.lines.iter())
            .map(|l| {
                let sign = match l.tag {
                    DiffTag::Context => ' ',
                    DiffTag::Removed => '-',
                    DiffTag::Added => '+',
                };
                format!("{sign}{} {}", l.number, l.text)
            })
            .collect()
    }

    #[test]
    fn a_value_replacement_shows_the_line_before_and_after() {
        let text = "a: 1\nimage: postgres:latest\nc: 3\n";
        let at = text.find("latest").unwrap();
        let hunks = preview(text, &[edit(at, at + 6, "16")]);
        assert_eq!(show(&hunks), [" 1 a: 1", "-2 image: postgres:latest", "+2 image: postgres:16", " 3 c: 3"]);
    }

    #[test]
    fn an_insertion_of_lines_shows_only_added_lines() {
        let text = "spec:\n  a: 1\nnext: x\n";
        let at = text.find("\nnext").unwrap();
        let hunks = preview(text, &[edit(at, at, "\n  clusterIP: None")]);
        assert_eq!(show(&hunks), [" 2   a: 1", "+3   clusterIP: None", " 3 next: x"]);
    }

    #[test]
    fn several_edits_make_several_hunks_with_shifted_numbers() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let hunks = preview(text, &[edit(3, 4, "1\nx: 0"), edit(text.find("d: 4").unwrap() + 3, text.len() - 1, "5")]);
        assert_eq!(hunks.len(), 2);
        assert_eq!(show(&hunks[1..]), [" 3 c: 3", "-4 d: 4", "+5 d: 5"]);
    }

    #[test]
    fn one_replacement_equals_all_edits() {
        let text = "a: 1\nb: 2\nc: 3\n";
        let edits = [edit(3, 4, "10"), edit(13, 14, "30")];
        let (s, e, r) = as_one_replacement(text, &edits).unwrap();
        let once = format!("{}{}{}", &text[..s], r, &text[e..]);
        assert_eq!(once, ordinal_core::rules::apply_edits(text, 0, &edits));
        assert_eq!((s, e), (3, 14));
        assert_eq!(as_one_replacement(text, &[]), None);
    }
}
