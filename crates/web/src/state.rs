//! The page's state and its reducer: plain data, no browser API, testable natively.
//!
//! Every change to the page goes through one [`Action`]. An edit only stores the text (so a
//! keystroke costs almost nothing); the app then runs the [`Analysis`] of that version, later
//! on large texts, and hands it back with [`Action::Analysed`]. Until then the decorations of
//! the previous analysis follow the edits ([`State::changes`]) and the side panel keeps what it
//! showed, marked as not current.

use std::rc::Rc;

use yew::Reducible;

use crate::analysis::{Analysis, Focus};
use crate::decorate::Decoration;
use crate::text::{byte_of_utf16, floor_boundary, Change};

pub use crate::analysis::{ErrorView, FieldView};

/// The whole page state.
#[derive(Clone, Debug)]
pub struct State {
    /// The editor's text, exactly as the user typed it.
    pub text: Rc<str>,
    /// Incremented on every change of the text.
    pub version: u64,
    /// The caret, as a byte offset into `text` (always on a char boundary).
    pub cursor: usize,
    /// The position under the mouse pointer, while it rests on a field.
    pub hover: Option<usize>,
    /// The latest analysis (of `text` when its version is `version`, else of an older text).
    pub analysis: Rc<Analysis>,
    /// The edits made since the text `analysis` describes.
    pub changes: Vec<Change>,
    /// What the side panel explains.
    pub focus: Option<Rc<Focus>>,
    /// Whether `focus` describes an older text than the editor's (an edit is being analysed,
    /// or the text has a syntax error where the field was).
    pub stale: bool,
}

/// Everything that can happen to the page, in the user's words.
#[derive(Clone, Debug)]
pub enum Action {
    /// The user changed the text; the caret is where the browser put it (UTF-16 units).
    Edit {
        /// The new text.
        text: String,
        /// The caret, in UTF-16 code units as `selectionStart` reports it.
        cursor_utf16: u32,
    },
    /// The caret moved without the text changing (UTF-16 units).
    MoveCursor(u32),
    /// The pointer rests on a position of the text (bytes), or left it (`None`).
    Hover(Option<usize>),
    /// An analysis finished.
    Analysed(Rc<Analysis>),
    /// The texts the first module fetches arrived ([`crate::texts`]): the explanation is made
    /// again with them.
    TextsLoaded,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.cursor == other.cursor
            && self.hover == other.hover
            && Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.focus.as_ref().map(Rc::as_ptr) == other.focus.as_ref().map(Rc::as_ptr)
            && self.stale == other.stale
    }
}

impl State {
    /// The state for a freshly opened page showing `text`, analysed, with the caret at
    /// byte `cursor`.
    pub fn new(text: String, cursor: usize) -> State {
        let mut state = State::unanalysed(text, cursor);
        state.analysis = Rc::new(Analysis::new(state.text.clone(), state.version));
        state.refocus();
        state
    }

    /// A state whose text is not analysed yet: the app analyses it after the first render, in
    /// a task of its own (while the shell shows, [`crate::shell`], so that no one task of the
    /// page's start is long).
    pub fn unanalysed(text: String, cursor: usize) -> State {
        let text: Rc<str> = Rc::from(text);
        State {
            cursor: floor_boundary(&text, cursor),
            analysis: Rc::new(Analysis::none()),
            text,
            version: 0,
            hover: None,
            changes: Vec::new(),
            focus: None,
            stale: false,
        }
    }

    /// Whether the analysis describes the current text.
    pub fn is_current(&self) -> bool {
        self.analysis.version == self.version
    }

    /// Applies one action, returning the new state (the reducer without `Rc`).
    pub fn apply(mut self, action: Action) -> State {
        match action {
            Action::Edit { text, cursor_utf16 } => {
                if let Some(change) = Change::between(&self.text, &text) {
                    self.changes.push(change);
                    self.version += 1;
                    self.text = Rc::from(text);
                    self.stale = true;
                }
                self.cursor = byte_of_utf16(&self.text, cursor_utf16 as usize);
                self.hover = None;
            }
            Action::MoveCursor(cursor_utf16) => {
                let cursor = byte_of_utf16(&self.text, cursor_utf16 as usize);
                if cursor == self.cursor && self.hover.is_none() {
                    return self;
                }
                self.cursor = cursor;
                self.hover = None;
                if self.is_current() {
                    self.refocus();
                }
            }
            Action::Hover(at) => {
                if at == self.hover || (at.is_some() && !self.is_current()) {
                    return self;
                }
                self.hover = at;
                self.refocus();
            }
            Action::TextsLoaded => self.refocus(),
            Action::Analysed(analysis) => {
                if analysis.version != self.version {
                    return self; // the text changed again; another analysis is on its way
                }
                self.analysis = analysis;
                self.changes.clear();
                self.refocus();
            }
        }
        self
    }

    /// Recomputes the focus from the current analysis at the hover or caret position. When
    /// there is no field there because the text does not parse, the last focus stays, stale.
    fn refocus(&mut self) {
        if !self.is_current() {
            return;
        }
        let at = self.hover.unwrap_or(self.cursor);
        match self.analysis.focus(at) {
            Some(f) => {
                self.focus = Some(Rc::new(f));
                self.stale = false;
            }
            None if self.hover.is_some() => {}
            None if self.analysis.syntax_error.is_some() && self.focus.is_some() => self.stale = true,
            None => {
                self.focus = None;
                self.stale = false;
            }
        }
    }

    /// The editor's decorations for the current text: the analysis's, moved through the
    /// edits made since.
    pub fn decorations(&self) -> Vec<Decoration> {
        let focus = if self.stale { None } else { self.focus.as_deref() };
        let mut out = self.analysis.decorations(focus);
        for change in &self.changes {
            for d in &mut out {
                *d = d.mapped(change);
            }
        }
        // the overlay slices the text at these offsets: whole characters only
        for d in &mut out {
            d.start = floor_boundary(&self.text, d.start);
            d.end = floor_boundary(&self.text, d.end).max(d.start);
        }
        out
    }

    /// The number of lines in the text (at least 1), for the editor's gutter.
    pub fn line_count(&self) -> usize {
        self.text.bytes().filter(|b| *b == b'\n').count() + 1
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decorate::Mark;

    const GUIDE: &str = ordinal_core::examples::GUIDE;

    fn utf16_of(text: &str, needle: &str) -> u32 {
        let byte = text.find(needle).expect("needle in text");
        text[..byte].encode_utf16().count() as u32
    }

    /// Runs the analysis the app would schedule after an edit.
    fn analysed(state: State) -> State {
        let a = Rc::new(Analysis::new(state.text.clone(), state.version));
        state.apply(Action::Analysed(a))
    }

    fn title(state: &State) -> String {
        state.focus.as_ref().expect("a focus").field.title()
    }

    #[test]
    fn opens_on_the_first_field_of_the_guide() {
        let state = State::new(GUIDE.to_owned(), 0);
        assert_eq!(title(&state), "Service apiVersion");
        let field = &state.focus.as_ref().unwrap().field;
        assert_eq!((field.line, field.column), (1, 1));
        assert!(state.analysis.syntax_error.is_none() && !state.stale);
    }

    #[test]
    fn moving_the_cursor_explains_the_field_under_it() {
        let state = State::new(GUIDE.to_owned(), 0);
        let state = state.apply(Action::MoveCursor(utf16_of(GUIDE, "image:") + 2));
        assert_eq!(title(&state), "StatefulSet spec.template.spec.containers[0].image");
        assert_eq!(state.focus.as_ref().unwrap().field.api_version.as_deref(), Some("apps/v1"));
    }

    #[test]
    fn hover_takes_over_until_the_caret_moves() {
        let state = State::new(GUIDE.to_owned(), 0);
        let state = state.apply(Action::Hover(Some(GUIDE.find("serviceName").unwrap())));
        assert_eq!(title(&state), "StatefulSet spec.serviceName");
        // pointing at nothing keeps what was shown
        let state = state.apply(Action::Hover(Some(GUIDE.find("---").unwrap())));
        assert_eq!(title(&state), "StatefulSet spec.serviceName");
        let state = state.apply(Action::MoveCursor(utf16_of(GUIDE, "replicas")));
        assert_eq!(title(&state), "StatefulSet spec.replicas");
        assert_eq!(state.hover, None);
    }

    #[test]
    fn an_edit_is_cheap_and_its_analysis_comes_later() {
        let state = State::new(GUIDE.to_owned(), 0);
        let at = GUIDE.find("image: postgres:13-alpine").unwrap() + "image: postgres:".len();
        let edited = format!("{}{}", &GUIDE[..at], &GUIDE[at..].replacen("13-alpine", "latest", 1));
        let state = state.apply(Action::Edit { text: edited.clone(), cursor_utf16: (at + 6) as u32 });
        assert!(!state.is_current() && state.stale);
        assert_eq!(state.analysis.version, 0);
        // the decorations of the old analysis follow the edit
        let sec = state.decorations().into_iter().find(|d| d.mark == Mark::Warning && edited[d.start..d.end].contains("demo-password")).expect("the SEC001 squiggle, moved");
        assert_eq!(&edited[sec.start..sec.end], "\"demo-password\"");
        let state = analysed(state);
        assert!(state.is_current() && !state.stale);
        assert!(state.analysis.findings.iter().any(|f| f.diagnostic.code == "POD001"));
        assert_eq!(title(&state), "StatefulSet spec.template.spec.containers[0].image");
    }

    #[test]
    fn an_outdated_analysis_is_ignored() {
        let state = State::new(GUIDE.to_owned(), 0);
        let old = Rc::new(Analysis::new(state.text.clone(), 7));
        let state = state.apply(Action::Edit { text: format!("# x\n{GUIDE}"), cursor_utf16: 3 });
        let state = state.apply(Action::Analysed(old));
        assert_eq!(state.analysis.version, 0);
    }

    #[test]
    fn a_syntax_error_keeps_the_last_good_focus() {
        let state = State::new(GUIDE.to_owned(), 0);
        let at = utf16_of(GUIDE, "replicas:");
        let state = state.apply(Action::MoveCursor(at));
        let broken = GUIDE.replacen("replicas: 3", "replicas: [3", 1);
        let state = analysed(state.apply(Action::Edit { text: broken, cursor_utf16: at + 12 }));
        assert!(state.analysis.syntax_error.is_some());
        assert!(state.stale);
        assert_eq!(title(&state), "StatefulSet spec.replicas");
        // fixing the text brings it back to life
        let state = analysed(state.apply(Action::Edit { text: GUIDE.to_owned(), cursor_utf16: at }));
        assert!(state.analysis.syntax_error.is_none() && !state.stale);
        assert_eq!(title(&state), "StatefulSet spec.replicas");
    }

    #[test]
    fn cursor_positions_are_utf16_units_not_bytes() {
        // "é" is 2 bytes but 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "metadata:\n  name: é😀\n  namespace: x\n";
        let at = utf16_of(text, "namespace");
        let state = State::new(text.to_owned(), 0).apply(Action::MoveCursor(at));
        assert_eq!(state.cursor, text.find("namespace").unwrap());
        let field = &state.focus.as_ref().unwrap().field;
        assert_eq!(field.path, "metadata.namespace");
        assert_eq!((field.line, field.column), (3, 3));
    }

    #[test]
    fn a_cursor_past_the_end_is_clamped() {
        let state = State::new("a: 1\n".to_owned(), 999);
        assert_eq!(state.cursor, 5);
        let state = state.apply(Action::MoveCursor(999));
        assert_eq!(state.cursor, 5);
    }
}
