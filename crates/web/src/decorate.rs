//! Decorations over the editor's text (squiggles under findings, related fields, the field in
//! focus) and their merge with the syntax tokens of one line into styled segments.

use crate::highlight::{Tok, Token};
use crate::text::Change;

/// What a decoration marks. Several can cover the same text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    /// A finding of severity error.
    Error,
    /// A finding of severity warning.
    Warning,
    /// A finding of severity info.
    Info,
    /// The field explained in the side panel.
    Focus,
    /// A field related to it that agrees.
    Related,
    /// A field related to it that breaks the wiring.
    RelatedBad,
}

impl Mark {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Error => "sq-error",
            Mark::Warning => "sq-warning",
            Mark::Info => "sq-info",
            Mark::Focus => "hl-focus",
            Mark::Related => "hl-related",
            Mark::RelatedBad => "hl-related-bad",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A decoration: a byte range of the text and a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoration {
    /// First byte.
    pub start: usize,
    /// One past the last byte (equal to `start` for a point).
    pub end: usize,
    /// What it marks.
    pub mark: Mark,
}

impl Decoration {
    /// The decoration moved through an edit of the text.
    pub fn mapped(self, change: &Change) -> Decoration {
        let start = change.map(self.start);
        let end = change.map(self.end).max(start);
        Decoration { start, end, mark: self.mark }
    }
}

/// A run of a line's text with one token kind and one set of marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range within the line.
    pub start: usize,
    /// End (exclusive) within the line; equal to `start` for a point marker.
    pub end: usize,
    /// The token kind, if the run is inside a token.
    pub tok: Option<Tok>,
    /// The marks covering it (a bit set of [`Mark`]s).
    marks: u8,
}

impl Segment {
    /// The marks covering the segment.
    pub fn marks(&self) -> impl Iterator<Item = Mark> + '_ {
        [Mark::Error, Mark::Warning, Mark::Info, Mark::Focus, Mark::Related, Mark::RelatedBad]
            .into_iter()
            .filter(|m| self.marks & m.bit() != 0)
    }

    /// The CSS classes of the segment, space-separated (empty when plain).
    pub fn classes(&self) -> String {
        let mut out: Vec<&str> = Vec::new();
        if let Some(t) = self.tok {
            out.push(t.class());
        }
        out.extend(self.marks().map(Mark::class));
        if self.start == self.end {
            out.push("sq-point");
        }
        out.join(" ")
    }
}

/// Splits one line (bytes `line_start..line_start + line_len` of the text) into segments by
/// its tokens and the decorations that touch it. Decorations that are points (empty) on this
/// line become empty segments, so they can be drawn as a small marker.
pub fn segments(line_start: usize, line_len: usize, tokens: &[Token], decorations: &[Decoration]) -> Vec<Segment> {
    line_segments(line_len, tokens, &line_marks(line_start, line_len, decorations))
}

/// A mark on one line: its byte range within the line (clipped to it) and the mark.
pub type LineMark = (usize, usize, Mark);

/// The decorations that touch one line (bytes `line_start..line_start + line_len` of the
/// text), clipped to it, in the line's offsets: what [`line_segments`] draws. Being relative
/// to the line, they stay equal when an edit above only moves the line, so a line's drawing
/// can be kept.
pub fn line_marks(line_start: usize, line_len: usize, decorations: &[Decoration]) -> Vec<LineMark> {
    let line_end = line_start + line_len;
    decorations
        .iter()
        .filter(|d| d.start <= line_end && d.end >= line_start)
        .filter(|d| !(d.end == line_start && d.start < line_start)) // ends exactly where the line starts
        .map(|d| (d.start.saturating_sub(line_start), d.end.min(line_end).saturating_sub(line_start), d.mark))
        .filter(|(s, e, _)| s <= e && *s <= line_len)
        .collect()
}

/// Lines longer than this (bytes) are drawn without syntax colours; their marks still are. A
/// megabyte line of flow items would otherwise become hundreds of thousands of spans, which
/// take the browser seconds to lay out (editors do the same: VS Code stops colouring lines at
/// 20,000 characters).
pub const MAX_COLOURED_LINE: usize = 10_000;

/// Splits a line of `line_len` bytes into segments by its tokens and its marks
/// ([`line_marks`]). Adjacent runs with the same token kind and marks are one segment.
pub fn line_segments(line_len: usize, tokens: &[Token], local: &[LineMark]) -> Vec<Segment> {
    let tokens = if line_len > MAX_COLOURED_LINE { &[][..] } else { tokens };
    let mut cuts: Vec<usize> = vec![0, line_len];
    for (s, e, _) in tokens {
        cuts.push(*s);
        cuts.push(*e);
    }
    for (s, e, _) in local {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.retain(|c| *c <= line_len);
    cuts.sort_unstable();
    cuts.dedup();
    // The highlighter emits tokens in line order, without overlaps: one pass over them finds
    // the token of every run (a search per run was quadratic: seconds on a 20 KB line).
    let mut sorted;
    let mut tokens = tokens;
    if !tokens.windows(2).all(|w| w[0].0 <= w[1].0) {
        sorted = tokens.to_vec();
        sorted.sort_unstable_by_key(|t| (t.0, t.1));
        tokens = &sorted;
    }
    let mut next = 0;
    let mut out: Vec<Segment> = Vec::new();
    for pair in cuts.windows(2) {
        let (s, e) = (pair[0], pair[1]);
        // point markers that sit at `s`
        let points = local.iter().filter(|(ps, pe, _)| ps == pe && *ps == s).fold(0u8, |acc, (_, _, m)| acc | m.bit());
        if points != 0 {
            out.push(Segment { start: s, end: s, tok: None, marks: points });
        }
        while tokens.get(next).is_some_and(|t| t.1 <= s) {
            next += 1;
        }
        let tok = tokens.get(next).filter(|(ts, te, _)| *ts <= s && e <= *te).map(|t| t.2);
        let marks = local.iter().filter(|(ds, de, _)| *ds <= s && e <= *de && ds < de).fold(0u8, |acc, (_, _, m)| acc | m.bit());
        // a run drawn like the one before it joins it: `[[[[…` is one span, not thousands
        match out.last_mut() {
            Some(last) if last.end == s && last.start < last.end && last.tok == tok && last.marks == marks => last.end = e,
            _ => out.push(Segment { start: s, end: e, tok, marks }),
        }
    }
    let end_points = local.iter().filter(|(ps, pe, _)| ps == pe && *ps == line_len).fold(0u8, |acc, (_, _, m)| acc | m.bit());
    if end_points != 0 {
        out.push(Segment { start: line_len, end: line_len, tok: None, marks: end_points });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::{tokens, LineState};

    fn render(line: &str, line_start: usize, decorations: &[Decoration]) -> Vec<(String, String)> {
        let toks = tokens(line, LineState::default());
        segments(line_start, line.len(), &toks, decorations)
            .into_iter()
            .map(|s| (line[s.start..s.end].to_owned(), s.classes()))
            .filter(|(t, c)| !(t.trim().is_empty() && c.is_empty()))
            .collect()
    }

    #[test]
    fn tokens_alone() {
        assert_eq!(
            render("  replicas: 3", 0, &[]),
            [("replicas".into(), "t-key".into()), (":".into(), "t-punct".into()), ("3".into(), "t-num".into())]
        );
    }

    #[test]
    fn a_squiggle_splits_tokens_at_its_exact_range() {
        // text offset 100 is the line's start; the finding covers "13-alpine"
        let line = "    image: postgres:13-alpine";
        let at = line.find("13-alpine").unwrap();
        let d = Decoration { start: 100 + at, end: 100 + line.len(), mark: Mark::Warning };
        let r = render(line, 100, &[d]);
        assert_eq!(r[2], ("postgres:".into(), "t-str".into()));
        assert_eq!(r[3], ("13-alpine".into(), "t-str sq-warning".into()));
    }

    #[test]
    fn decorations_spanning_lines_are_clipped_and_points_are_markers() {
        let line = "a: b";
        let spanning = Decoration { start: 0, end: 50, mark: Mark::Error };
        let r = render(line, 10, &[spanning]);
        assert!(r.iter().all(|(_, c)| c.contains("sq-error")), "{r:?}");
        let point = Decoration { start: 14, end: 14, mark: Mark::Info };
        let r = render(line, 10, &[point]);
        assert_eq!(r.last().unwrap(), &("".to_owned(), "sq-info sq-point".to_owned()));
        // a decoration that ends where this line starts belongs to the line before
        let before = Decoration { start: 2, end: 10, mark: Mark::Error };
        assert!(render(line, 10, &[before]).iter().all(|(_, c)| !c.contains("sq-error")));
        // marks stack
        let both = [Decoration { start: 10, end: 11, mark: Mark::Focus }, Decoration { start: 10, end: 11, mark: Mark::Error }];
        assert_eq!(render(line, 10, &both)[0], ("a".into(), "t-key sq-error hl-focus".into()));
    }

    #[test]
    fn runs_drawn_alike_are_one_segment_and_long_lines_stay_linear() {
        // 10,000 `[` and `]`: one segment each, not 20,000
        let line = format!("a: {}{}", "[".repeat(4_000), "]".repeat(4_000));
        let r = render(&line, 0, &[]);
        assert_eq!(r, [("a".into(), "t-key".into()), (":".into(), "t-punct".into()), ("[".repeat(4_000) + &"]".repeat(4_000), "t-punct".into())]);
        // a mark inside still splits the run at its exact range
        let d = Decoration { start: 10, end: 12, mark: Mark::Error };
        let r = render(&line, 0, &[d]);
        assert_eq!(r[2..5].iter().map(|(t, c)| (t.len(), c.as_str())).collect::<Vec<_>>(), [(7, "t-punct"), (2, "t-punct sq-error"), (7_991, "t-punct")]);
        // a megabyte line of flow items: no colours, its mark kept, in linear time
        let line = format!("a: [{}}}", (0..200_000).map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
        assert!(line.len() > MAX_COLOURED_LINE);
        let toks = tokens(&line, LineState::default());
        assert!(toks.len() > 400_000);
        let end = line.len();
        let segs = line_segments(end, &toks, &[(end - 1, end, Mark::Error)]);
        assert_eq!(segs.len(), 2, "{:?}", &segs[..segs.len().min(4)]);
        assert_eq!((segs[0].start, segs[0].end, segs[0].tok, segs[0].classes()), (0, end - 1, None, String::new()));
        assert_eq!((segs[1].start, segs[1].classes()), (end - 1, "sq-error".to_owned()));
    }

    #[test]
    fn decorations_follow_edits() {
        let d = Decoration { start: 10, end: 14, mark: Mark::Error };
        let insert_before = Change { start: 2, old_end: 2, new_end: 5 };
        assert_eq!(d.mapped(&insert_before), Decoration { start: 13, end: 17, mark: Mark::Error });
        let delete_inside = Change { start: 11, old_end: 13, new_end: 11 };
        assert_eq!(d.mapped(&delete_inside), Decoration { start: 10, end: 12, mark: Mark::Error });
    }
}
