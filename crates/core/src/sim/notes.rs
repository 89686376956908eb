//! "The guide says / really": where the guide simplifies and what the simulator (following
//! the reference) does instead, as data for the UI. The text lives in `notes.md`.

/// One note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// A stable kebab-case id.
    pub id: &'static str,
    /// What the guide says.
    pub guide: &'static str,
    /// What really happens.
    pub really: &'static str,
    /// Where the reference says so.
    pub source: &'static str,
}

const TEXT: &str = include_str!("notes.md");

/// Every note, in the order of `notes.md`.
pub fn notes() -> Vec<Note> {
    parse(TEXT)
}

/// The note with this id.
pub fn note(id: &str) -> Option<Note> {
    notes().into_iter().find(|n| n.id == id)
}

fn parse(text: &'static str) -> Vec<Note> {
    let mut out = Vec::new();
    for section in text.split("\n## ").skip(1) {
        let mut lines = section.lines();
        let id = lines.next().unwrap_or("").trim();
        let mut note = Note { id, guide: "", really: "", source: "" };
        for line in lines {
            if let Some(v) = line.strip_prefix("guide: ") {
                note.guide = v;
            } else if let Some(v) = line.strip_prefix("really: ") {
                note.really = v;
            } else if let Some(v) = line.strip_prefix("source: ") {
                note.source = v;
            }
        }
        out.push(note);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_is_complete_and_ids_are_unique() {
        let all = notes();
        assert!(all.len() >= 10);
        let mut ids: Vec<&str> = all.iter().map(|n| n.id).collect();
        for n in &all {
            assert!(!n.guide.is_empty() && !n.really.is_empty() && !n.source.is_empty(), "note {} lacks a field", n.id);
            assert!(n.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "note id {} is not kebab-case", n.id);
            assert!(n.really.ends_with('.') && n.guide.ends_with('.'), "note {} should be written in sentences", n.id);
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "duplicate note ids");
        assert!(note("service-need-not-exist").is_some());
    }
}
