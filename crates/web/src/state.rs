//! The page's state and its reducer: plain data, no browser API, testable natively.
//!
//! Every change to the page goes through one [`Action`]. The reducer parses the text with
//! `ordinal-core` and keeps the last analysis that parsed without error, so a syntax error
//! never blanks the explanation.

use std::rc::Rc;

use ordinal_core::analysis;
use ordinal_core::yaml::{self, LineIndex};
use yew::Reducible;

/// The field under the cursor, as the explanation pane shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldView {
    /// The document's `kind` (`StatefulSet`), when it has one.
    pub kind: Option<String>,
    /// The document's `apiVersion` (`apps/v1`), when it has one.
    pub api_version: Option<String>,
    /// The field path inside its document, e.g. `spec.template.spec.containers[0].image`.
    pub path: String,
    /// 1-based line of the field.
    pub line: u32,
    /// 1-based column of the field.
    pub column: u32,
}

impl FieldView {
    /// The kind and the path in one line: `StatefulSet spec.replicas`.
    pub fn title(&self) -> String {
        match &self.kind {
            Some(kind) => format!("{kind} {}", self.path),
            None => self.path.clone(),
        }
    }
}

impl From<analysis::FieldAt> for FieldView {
    fn from(f: analysis::FieldAt) -> Self {
        FieldView {
            kind: f.kind,
            api_version: f.api_version,
            path: f.path,
            line: f.line,
            column: f.column,
        }
    }
}

/// A YAML syntax error, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorView {
    /// What went wrong.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// What the cursor is on, in the last text that parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The field under the cursor, if the cursor is on one.
    pub field: Option<FieldView>,
    /// The documents' kinds, in order (`None` for a document without `kind`).
    pub documents: Vec<Option<String>>,
}

/// The whole page state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// The editor's text, exactly as the user typed it.
    pub text: String,
    /// The cursor, as a byte offset into `text` (always on a char boundary).
    pub cursor: usize,
    /// The first syntax error of `text`, if any.
    pub error: Option<ErrorView>,
    /// The analysis of the last text that parsed without error.
    pub analysis: Analysis,
    /// Whether `analysis` describes an older text than `text` (because `text` has an error).
    pub stale: bool,
}

/// Everything that can happen to the page, in the user's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The user changed the text; the cursor is where the browser put it (UTF-16 units).
    Edit {
        /// The new text.
        text: String,
        /// The cursor, in UTF-16 code units as `selectionStart` reports it.
        cursor_utf16: u32,
    },
    /// The cursor moved without the text changing (UTF-16 units).
    MoveCursor(u32),
}

impl State {
    /// The state for a freshly opened page showing `text`, with the cursor at `cursor` bytes.
    pub fn new(text: String, cursor: usize) -> State {
        let mut state = State {
            text,
            cursor: 0,
            error: None,
            analysis: Analysis::default(),
            stale: false,
        };
        state.cursor = clamp_to_boundary(&state.text, cursor);
        state.analyse();
        state
    }

    /// Applies one action, returning the new state (the reducer without `Rc`).
    pub fn apply(mut self, action: Action) -> State {
        match action {
            Action::Edit { text, cursor_utf16 } => {
                self.cursor = LineIndex::new(&text).byte_of_utf16(cursor_utf16 as usize);
                self.text = text;
            }
            Action::MoveCursor(cursor_utf16) => {
                let cursor = LineIndex::new(&self.text).byte_of_utf16(cursor_utf16 as usize);
                if cursor == self.cursor {
                    return self;
                }
                self.cursor = cursor;
            }
        }
        self.analyse();
        self
    }

    /// Re-parses `text` and refreshes `error`, and `analysis` when the text parses.
    fn analyse(&mut self) {
        let parse = yaml::parse(&self.text);
        match parse.errors.first() {
            Some(e) => {
                self.error = Some(ErrorView {
                    message: e.message.clone(),
                    line: e.line,
                    column: e.column,
                });
                self.stale = true;
            }
            None => {
                let index = LineIndex::new(&self.text);
                let field = analysis::field_at_parsed(&self.text, &parse, &index, self.cursor);
                self.analysis = Analysis {
                    field: field.map(FieldView::from),
                    documents: parse
                        .documents
                        .iter()
                        .map(|d| d.kind().map(str::to_owned))
                        .collect(),
                };
                self.error = None;
                self.stale = false;
            }
        }
    }

    /// The number of lines in the text (at least 1), for the editor's gutter.
    pub fn line_count(&self) -> usize {
        self.text.split('\n').count()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

fn clamp_to_boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = ordinal_core::examples::GUIDE;

    fn utf16_of(text: &str, needle: &str) -> u32 {
        let byte = text.find(needle).expect("needle in text");
        text[..byte].encode_utf16().count() as u32
    }

    #[test]
    fn opens_on_the_first_field_of_the_guide() {
        let state = State::new(GUIDE.to_owned(), 0);
        let field = state.analysis.field.expect("a field at offset 0");
        assert_eq!(field.title(), "Service apiVersion");
        assert_eq!((field.line, field.column), (1, 1));
        assert_eq!(
            state.analysis.documents,
            [Some("Service".to_owned()), Some("StatefulSet".to_owned())]
        );
        assert!(state.error.is_none());
    }

    #[test]
    fn moving_the_cursor_explains_the_field_under_it() {
        let state = State::new(GUIDE.to_owned(), 0);
        let state = state.apply(Action::MoveCursor(utf16_of(GUIDE, "image:") + 2));
        let field = state.analysis.field.expect("a field");
        assert_eq!(
            field.title(),
            "StatefulSet spec.template.spec.containers[0].image"
        );
        assert_eq!(field.api_version.as_deref(), Some("apps/v1"));
    }

    #[test]
    fn a_syntax_error_keeps_the_last_good_analysis() {
        let state = State::new(GUIDE.to_owned(), 0);
        let at = utf16_of(GUIDE, "replicas:");
        let state = state.apply(Action::MoveCursor(at));
        let good = state.analysis.clone();
        let broken = GUIDE.replacen("replicas: 3", "replicas: [3", 1);
        let state = state.apply(Action::Edit {
            text: broken,
            cursor_utf16: at + 12,
        });
        let error = state.error.clone().expect("a syntax error");
        assert!(error.line > 0 && error.column > 0, "{error:?}");
        assert!(state.stale);
        assert_eq!(state.analysis, good);
        // Fixing the text brings the analysis back to life.
        let state = state.apply(Action::Edit {
            text: GUIDE.to_owned(),
            cursor_utf16: at,
        });
        assert!(state.error.is_none() && !state.stale);
        assert_eq!(
            state.analysis.field.expect("a field").title(),
            "StatefulSet spec.replicas"
        );
    }

    #[test]
    fn cursor_positions_are_utf16_units_not_bytes() {
        // "é" is 2 bytes but 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "metadata:\n  name: é😀\n  namespace: x\n";
        let at = utf16_of(text, "namespace");
        let state = State::new(text.to_owned(), 0).apply(Action::MoveCursor(at));
        assert_eq!(state.cursor, text.find("namespace").unwrap());
        let field = state.analysis.field.expect("a field");
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
