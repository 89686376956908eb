//! Tidy tests for the lessons (`content/lessons/`): every file listed and well-formed, every
//! name a lesson uses (rules, notes, concepts, checklist items) exists, every step can be
//! done, and the lessons together cover every section of the guide.

use ordinal_core::lessons::{self, ActionKind, Check, Highlight};
use ordinal_core::{catalog, checklist, rules, sim};
use std::collections::BTreeSet;
use std::path::PathBuf;

const FACTS: &str = include_str!("../content/guide-facts.tsv");

#[test]
fn every_lesson_file_is_listed_and_well_formed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/lessons");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir).unwrap().map(|e| format!("lessons/{}", e.unwrap().file_name().to_string_lossy())).collect();
    let listed: BTreeSet<String> = lessons::sources().iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(on_disk, listed, "content/lessons and crates/core/src/lessons/files.rs disagree");
    assert!(lessons::problems().is_empty(), "malformed lessons:\n{}", lessons::problems().join("\n"));
    assert_eq!(lessons::lessons().len(), listed.len());
}

#[test]
fn the_lessons_in_order_with_unique_ids() {
    let all = lessons::lessons();
    let numbers: Vec<u32> = all.iter().map(|l| l.number).collect();
    assert_eq!(numbers, (1..=all.len() as u32).collect::<Vec<_>>());
    assert!(all.len() >= 14, "the guide's ten lessons and the four recovery lessons");
    let ids: BTreeSet<&str> = all.iter().map(|l| l.id).collect();
    assert_eq!(ids.len(), all.len(), "duplicate lesson ids");
    for l in all {
        assert!(l.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}: id is not kebab-case", l.id);
        assert!(l.file.contains(l.id), "{}: the file name should carry the id", l.file);
    }
}

#[test]
fn every_name_a_lesson_uses_exists() {
    let notes: BTreeSet<&str> = sim::notes::notes().iter().map(|n| n.id).collect();
    let checklist_ids: BTreeSet<&str> = checklist::ids().collect();
    for l in lessons::lessons() {
        for (i, s) in l.steps.iter().enumerate() {
            let at = format!("{} step {} `{}`", l.id, i + 1, s.title);
            for n in &s.notes {
                assert!(notes.contains(n), "{at}: unknown note `{n}`");
            }
            for r in &s.rules {
                assert!(rules::lookup(r).is_some(), "{at}: unknown rule `{r}`");
            }
            for c in &s.concepts {
                assert!(catalog::concept(c).is_some(), "{at}: unknown concept `{c}`");
            }
            if let Some(Check::Checklist { item }) = &s.check {
                assert!(item == "yaml" || checklist_ids.contains(item.as_str()), "{at}: unknown checklist item");
            }
            if let Some(Highlight::Yaml { kind, .. }) = &s.highlight {
                assert!(["StatefulSet", "Deployment", "Service", "PodDisruptionBudget", "Secret", "CronJob"].contains(&kind.as_str()), "{at}: highlight of an unknown kind `{kind}`");
            }
        }
    }
}

#[test]
fn every_step_says_what_to_do_and_how_it_is_judged() {
    for l in lessons::lessons() {
        for (i, s) in l.steps.iter().enumerate() {
            let at = format!("{} step {} `{}`", l.id, i + 1, s.title);
            assert!(!s.action.text.is_empty(), "{at}: the action has no instruction");
            match s.action.kind {
                ActionKind::Read => assert!(s.check.is_none(), "{at}: a reading step completes with Next, so it has no check"),
                _ => {
                    assert!(s.check.is_some(), "{at}: an {} step needs a check", s.action.kind.as_str());
                    assert!(!s.solution.is_empty(), "{at}: an {} step needs `do:` lines", s.action.kind.as_str());
                }
            }
            if let Some(p) = &s.predict {
                assert!(p.answer < p.choices.len(), "{at}: the right choice is out of range");
                assert!(p.reveal.ends_with('.'), "{at}: the reveal should be written in sentences");
            }
        }
    }
}

#[test]
fn the_lessons_cover_every_section_of_the_guide() {
    let sections: BTreeSet<&str> = FACTS.lines().skip(1).filter_map(|l| l.split('\t').nth(1)).collect();
    let covered: BTreeSet<&str> = lessons::lessons().iter().flat_map(|l| l.covers.iter().copied()).collect();
    let missing: Vec<_> = sections.difference(&covered).collect();
    assert!(missing.is_empty(), "sections of the guide no lesson covers: {missing:?}");
    let unknown: Vec<_> = covered.difference(&sections).collect();
    assert!(unknown.is_empty(), "lessons cover sections the guide does not have: {unknown:?}");
}

#[test]
fn every_yaml_highlight_points_at_something_when_its_step_starts() {
    // the web app's own test does the same with its highlighter: only the edits of earlier
    // steps have been made when a step shows its highlight
    use lessons::{play, Solution, Start};
    for l in lessons::lessons().iter().filter(|l| l.start == Start::Guide) {
        let mut text = ordinal_core::examples::GUIDE.to_owned();
        let mut lab = None;
        for s in &l.steps {
            if let Some(Highlight::Yaml { kind, path }) = &s.highlight {
                let check = lessons::check::parse(&format!("path {kind} {path}")).unwrap();
                let diagnostics = rules::check(&[rules::SourceFile::new("m.yaml", &text)]);
                assert!(lessons::evaluate(&check, &lessons::LessonContext::new(&text, &diagnostics)), "{} step `{}`: the highlight `{kind} {path}` points at nothing yet", l.id, s.title);
            }
            for m in s.solution.iter().filter(|m| matches!(m, Solution::Edit(_))) {
                play(m, &mut text, &mut lab, 11).unwrap();
            }
        }
    }
}
