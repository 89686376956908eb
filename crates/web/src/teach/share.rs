//! Share links: the editor's text, the open lesson step and the lab's position in the URL
//! fragment (`#share=…`), packed by `ordinal_core::share`. The fragment never reaches a server.
//! Plain functions, tested natively; the page reads and writes `location` in [`super`].

use ordinal_core::lessons::{self, challenge, Lab, Lesson};
use ordinal_core::share::{self, Payload};

/// The fragment's prefix.
pub const PREFIX: &str = "#share=";

/// What a link restores.
pub struct Restored {
    /// The editor's text.
    pub text: String,
    /// The lesson (index into [`lessons::lessons`], or the teacher's lesson's index after
    /// them) and step, when one was open.
    pub lesson: Option<(usize, usize)>,
    /// The teacher's lesson the link carried, read again from its file, and the file.
    pub loaded: Option<(&'static Lesson, String)>,
    /// The "fix it" challenge open (index into `challenge::challenges`).
    pub challenge: Option<usize>,
    /// The lab, replayed to where it was.
    pub lab: Option<Lab>,
}

/// The link for a state: `base` (the page's address without a fragment) and the fragment.
/// `lesson` is the open lesson's id and step; `lesson_file` the file of a teacher's lesson,
/// which the link carries; `challenge` the open challenge's id.
pub fn link(base: &str, text: &str, lesson: Option<(&str, usize)>, lesson_file: Option<&str>, challenge: Option<&str>, lab: Option<&Lab>) -> Result<String, String> {
    let (lesson, step) = match lesson {
        Some((id, s)) => (Some(id.to_owned()), Some(s as u32)),
        None => (None, None),
    };
    let sim = match lab {
        Some(l) => Some(l.position().ok_or_else(|| format!("the lab cannot be put in a link: {}; reset it and try again", l.unrecorded().unwrap_or_default()))?),
        None => None,
    };
    let (lesson_file, challenge) = (lesson_file.map(str::to_owned), challenge.map(str::to_owned));
    packed_link(base, &Payload { yaml: text.to_owned(), lesson, step, sim, lesson_file, challenge })
}

/// The link for a text alone (what the first module's share button makes: it has no lesson
/// and no lab to link).
pub fn text_link(base: &str, text: &str) -> Result<String, String> {
    packed_link(base, &Payload { yaml: text.to_owned(), ..Payload::default() })
}

fn packed_link(base: &str, payload: &Payload) -> Result<String, String> {
    let packed = share::encode(payload).map_err(|e| e.to_string())?;
    Ok(format!("{}{PREFIX}{packed}", base.split('#').next().unwrap_or(base)))
}

/// Reads a fragment. `None` when it is no share link at all (no `#share=`); otherwise the
/// restored state, or the sentence that says why the link cannot be opened.
pub fn read(fragment: &str) -> Option<Result<Restored, String>> {
    let packed = fragment.strip_prefix(PREFIX)?;
    Some(restore(packed))
}

fn restore(packed: &str) -> Result<Restored, String> {
    let payload = share::decode(packed).map_err(|e| crate::text::capitalise(&e.to_string()))?;
    // a teacher's lesson is read again from its file, as if it were opened
    let loaded = match payload.lesson_file {
        None => None,
        Some(file) => match lessons::load("shared lesson", &file) {
            Ok(l) => Some((&*Box::leak(Box::new(l)), file)),
            Err(problems) => return Err(format!("This link's lesson file has problems: {}.", problem_list(&problems).join("; "))),
        },
    };
    let lesson = match &payload.lesson {
        None => None,
        Some(id) => {
            let i = match &loaded {
                Some((l, _)) if l.id == id.as_str() => super::TeachState::loaded_index(),
                _ => lessons::lessons().iter().position(|l| l.id == id.as_str()).ok_or_else(|| format!("This link opens lesson `{id}`, which this version of ordinal does not have."))?,
            };
            Some((i, payload.step.unwrap_or(0) as usize))
        }
    };
    let challenge = match &payload.challenge {
        None => None,
        Some(id) => Some(
            challenge::challenges()
                .iter()
                .position(|c| c.id == id.as_str())
                .ok_or_else(|| format!("This link opens challenge `{id}`, which this version of ordinal does not have."))?,
        ),
    };
    let lab = match &payload.sim {
        None => None,
        Some(p) => Some(Lab::restore(p).map_err(|e| format!("This link's simulation cannot be replayed ({e}).",))?),
    };
    Ok(Restored { text: payload.yaml, lesson, loaded, challenge, lab })
}

/// A lesson file's problems as the page lists them: "line L, column C: message".
pub fn problem_list(problems: &[lessons::Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("line {}, column {}: {}", p.line, p.column, p.message)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::examples::GUIDE;
    use ordinal_core::sim::script::Summary;

    #[test]
    fn a_link_restores_the_text_the_step_and_the_lab() {
        let lesson = lessons::lessons().iter().position(|l| l.id == "deletion-and-recovery").unwrap();
        let mut lab = Lab::new(3);
        lab.apply(GUIDE);
        lab.settle();
        lab.delete_pod("recovery-demo-db-0");
        lab.advance(1500);
        let url = link("http://127.0.0.1:1/ordinal/demo/#old", GUIDE, Some(("deletion-and-recovery", 2)), None, None, Some(&lab)).unwrap();
        let (base, fragment) = url.split_once('#').unwrap();
        assert_eq!(base, "http://127.0.0.1:1/ordinal/demo/");
        let r = read(&format!("#{fragment}")).unwrap().unwrap();
        assert_eq!(r.text, GUIDE);
        assert_eq!(r.lesson, Some((lesson, 2)));
        let again = r.lab.unwrap();
        assert_eq!(Summary::of(again.sim()), Summary::of(lab.sim()));
        assert_eq!(again.sim().now(), lab.sim().now(), "the same moment of the animation");
    }

    #[test]
    fn a_link_carries_a_teacher_s_lesson_and_reads_it_again() {
        let file = include_str!("../../../../docs/examples/lesson-scale-down.md");
        let url = link("http://127.0.0.1:1/", GUIDE, Some(("scale-down-keeps-claims", 1)), Some(file), None, None).unwrap();
        let r = read(&format!("#{}", url.split_once('#').unwrap().1)).unwrap().unwrap();
        let (lesson, text) = r.loaded.unwrap();
        assert_eq!((lesson.id, text.as_str(), r.lesson), ("scale-down-keeps-claims", file, Some((super::super::TeachState::loaded_index(), 1))));
        // the file is validated again: a damaged one says where
        let bad = file.replacen("start: guide", "start: guid", 1);
        let url = link("http://127.0.0.1:1/", GUIDE, Some(("scale-down-keeps-claims", 0)), Some(&bad), None, None).unwrap();
        let e = read(&format!("#{}", url.split_once('#').unwrap().1)).unwrap().err().unwrap();
        assert!(e.starts_with("This link's lesson file has problems: line 4, column 8: "), "{e}");
    }

    #[test]
    fn a_link_reopens_a_challenge_on_the_lab_it_was_in() {
        let (index, c) = challenge::challenges().iter().enumerate().next().unwrap();
        let broken = c.start(GUIDE, super::super::SEED).unwrap();
        let mut lab = broken.lab;
        lab.advance(2000);
        let url = link("http://127.0.0.1:1/", &broken.text, None, None, Some(c.id), Some(&lab)).unwrap();
        let r = read(&format!("#{}", url.split_once('#').unwrap().1)).unwrap().unwrap();
        assert_eq!((r.challenge, r.lesson, r.text.as_str()), (Some(index), None, broken.text.as_str()));
        assert_eq!(Summary::of(r.lab.unwrap().sim()), Summary::of(lab.sim()));
        // a challenge this version does not have
        let p = Payload { yaml: "a: 1\n".into(), challenge: Some("time-travel".into()), ..Payload::default() };
        let e = read(&format!("{PREFIX}{}", share::encode(&p).unwrap())).unwrap().err().unwrap();
        assert_eq!(e, "This link opens challenge `time-travel`, which this version of ordinal does not have.");
    }

    #[test]
    fn a_text_link_restores_the_text_alone() {
        let url = text_link("http://127.0.0.1:1/#x", "a: 1\n").unwrap();
        let r = read(&format!("#{}", url.split_once('#').unwrap().1)).unwrap().unwrap();
        assert_eq!((r.text.as_str(), r.lesson.is_none(), r.lab.is_none()), ("a: 1\n", true, true));
    }

    #[test]
    fn other_fragments_are_not_links_and_bad_links_say_why() {
        assert!(read("").is_none() && read("#editor").is_none());
        let e = read("#share=AAAA%%").unwrap().err().unwrap();
        assert!(e.starts_with("This link is damaged (unexpected character '%' at position 5)"), "{e}");
        let long = format!("#share={}", "A".repeat(ordinal_core::share::MAX_ENCODED_LEN + 1));
        assert!(read(&long).unwrap().err().unwrap().starts_with("This link is too long"));
        // a lesson this version does not have
        let p = Payload { yaml: "a: 1\n".into(), lesson: Some("time-travel".into()), step: Some(1), ..Payload::default() };
        let e = read(&format!("{PREFIX}{}", share::encode(&p).unwrap())).unwrap().err().unwrap();
        assert_eq!(e, "This link opens lesson `time-travel`, which this version of ordinal does not have.");
    }
}
