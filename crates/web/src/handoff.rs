//! What the first module hands to the second when the second takes its place
//! (ARCHITECTURE.md, "The first load"): the editor's text and caret, the tab to show, the
//! concept open, and a consequence to play. Plain data and one string format, tested natively;
//! the two modules pass the string through JavaScript (`crate::lazy`).

use std::cell::RefCell;

/// The page as the first module leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handoff {
    /// The editor's text.
    pub text: String,
    /// The caret, a byte offset into `text`.
    pub cursor: usize,
    /// The side tab to show (one of [`crate::app::side_tabs`]).
    pub tab: &'static str,
    /// The concept open in the Concepts tab.
    pub concept: Option<String>,
    /// A finding's consequence to play in the Cluster tab ("See what happens").
    pub consequence: Option<String>,
}

/// The first line of an encoded handoff: a format this build reads.
const MAGIC: &str = "ordinal-handoff 1";

impl Handoff {
    /// The string passed between the modules: four header lines, then the text as it is.
    pub fn encode(&self) -> String {
        format!(
            "{MAGIC}\n{}\n{}\n{}\n{}\n{}",
            self.tab,
            self.cursor,
            self.concept.as_deref().unwrap_or(""),
            self.consequence.as_deref().unwrap_or(""),
            self.text
        )
    }

    /// Reads [`Handoff::encode`]'s string; `None` for anything else (a tab this build does not
    /// have reads as the explanation).
    pub fn decode(s: &str) -> Option<Handoff> {
        let mut parts = s.splitn(6, '\n');
        if parts.next()? != MAGIC {
            return None;
        }
        let tab = parts.next()?;
        let cursor = parts.next()?.parse().ok()?;
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let concept = some(parts.next()?);
        let consequence = some(parts.next()?);
        let text = parts.next()?.to_owned();
        let tab = crate::app::side_tabs(0).into_iter().find(|t| t.id == tab).map_or("explain", |t| t.id);
        Some(Handoff { text, cursor, tab, concept, consequence })
    }
}

thread_local! {
    static RECEIVED: RefCell<Option<Handoff>> = const { RefCell::new(None) };
}

/// Keeps what the first module handed over, for the app's first render.
pub fn receive(handoff: Handoff) {
    RECEIVED.with(|r| *r.borrow_mut() = Some(handoff));
}

/// The handoff received, without its consequence (which [`take_consequence`] gives once).
pub fn take() -> Option<Handoff> {
    RECEIVED.with(|r| r.borrow().clone())
}

/// The consequence to play, once.
pub fn take_consequence() -> Option<String> {
    RECEIVED.with(|r| r.borrow_mut().as_mut().and_then(|h| h.consequence.take()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handoff_survives_its_string_with_any_text() {
        let h = Handoff {
            text: "kind: Service\n\nmetadata:\n  name: é\n\n".into(),
            cursor: 17,
            tab: "cluster",
            concept: Some("headless-service".into()),
            consequence: Some("no-pdb-namespace".into()),
        };
        assert_eq!(Handoff::decode(&h.encode()), Some(h.clone()));
        let empty = Handoff { text: String::new(), cursor: 0, tab: "lessons", concept: None, consequence: None };
        assert_eq!(Handoff::decode(&empty.encode()), Some(empty));
    }

    #[test]
    fn anything_else_is_no_handoff_and_an_unknown_tab_is_the_explanation() {
        assert_eq!(Handoff::decode(""), None);
        assert_eq!(Handoff::decode("ordinal-handoff 2\ncluster\n0\n\n\ntext"), None);
        assert_eq!(Handoff::decode("ordinal-handoff 1\ncluster\nx\n\n\ntext"), None);
        let h = Handoff::decode("ordinal-handoff 1\nsettings\n3\n\n\nabc").unwrap();
        assert_eq!((h.tab, h.cursor, h.text.as_str()), ("explain", 3, "abc"));
    }

    #[test]
    fn the_consequence_is_played_once_and_the_rest_stays() {
        receive(Handoff { text: "a".into(), cursor: 0, tab: "cluster", concept: None, consequence: Some("x".into()) });
        assert_eq!(take_consequence().as_deref(), Some("x"));
        assert_eq!(take_consequence(), None);
        assert_eq!(take().unwrap().tab, "cluster");
    }
}
