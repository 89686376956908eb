//! The teachers' reference (`docs/lessons.md`, from `lessons::reference`) against the parser:
//! every header key, step key, check and `do:` action the parser reads has its line in the
//! tables, with an example that parses; the page in `docs/` is the one the tables make.

use ordinal_core::lessons::{self, check, reference};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn source(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The quoted words that open the match arms of `function` in `file` whose lines start with
/// `arm_start` (its indentation and bracket): `("pod", [` and `("created" | "deleted", [` give
/// `pod`, `created`, `deleted`; `["set", kind, …]` gives `set`.
fn heads(file: &str, function: &str, arm_start: &str) -> BTreeSet<String> {
    let text = source(file);
    let start = text.find(&format!("fn {function}(")).unwrap_or_else(|| panic!("no fn {function} in {file}"));
    let body = &text[start..];
    let end = body.find("\n}\n").unwrap_or(body.len());
    let mut out = BTreeSet::new();
    for line in body[..end].lines() {
        let Some(rest) = line.strip_prefix(arm_start) else { continue };
        if !rest.starts_with('"') {
            continue;
        }
        // the alternatives before the first `,` or `]`/`)` of the pattern's head
        let head = rest.split([',', ')', ']', '=']).next().unwrap_or("");
        for alt in head.split('|') {
            let alt = alt.trim();
            if let Some(word) = alt.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
                out.insert(word.to_owned());
            }
        }
    }
    out
}

fn documented(forms: &[reference::Form]) -> BTreeSet<String> {
    forms.iter().map(|f| f.head.to_owned()).collect()
}

#[test]
fn every_check_has_its_line_and_a_working_example() {
    let parsed = heads("src/lessons/check.rs", "parse_one", "        (");
    assert!(parsed.len() > 25, "the scan found the parser's checks: {parsed:?}");
    assert_eq!(parsed, documented(reference::CHECKS), "checks the parser reads vs the ones docs/lessons.md documents");
    // the words inside a check (the commands of `ran`, the states of `node`, …) are in its syntax
    let inner = heads("src/lessons/check.rs", "parse_one", "                (");
    assert!(inner.contains("create-job") && inner.contains("untainted"), "{inner:?}");
    for word in &inner {
        assert!(reference::CHECKS.iter().any(|f| f.syntax.split([' ', '|', ',']).any(|w| w == word)), "`{word}` is read inside a check but no check's syntax in docs/lessons.md names it");
    }
    for f in reference::CHECKS {
        let c = check::parse(f.example).unwrap_or_else(|e| panic!("the example of `{}` does not parse: {e}", f.head));
        let _ = c;
        assert!(f.example.split_whitespace().next() == Some(f.head), "the example of `{}` starts with another word", f.head);
        assert!(f.meaning.ends_with('.'), "`{}`: write the meaning as a sentence", f.head);
    }
}

#[test]
fn every_action_has_its_line_and_a_working_example() {
    let parsed = heads("src/lessons/mod.rs", "parse_solution", "        [");
    assert_eq!(parsed, documented(reference::ACTIONS), "do: actions the parser reads vs the ones docs/lessons.md documents");
    for f in reference::ACTIONS {
        let value = f.example.strip_prefix("do: ").expect("examples are do: lines");
        lessons::parse_solution(value, "a: 1\n".into()).unwrap_or_else(|e| panic!("the example of `{}` does not parse: {e}", f.head));
    }
}

#[test]
fn every_key_has_its_line() {
    let step_keys = heads("src/lessons/mod.rs", "parse_lesson", "                ");
    let documented_step = documented(reference::STEP_KEYS);
    for k in &documented_step {
        assert!(step_keys.contains(k), "docs/lessons.md documents the step key `{k}`, which the parser does not read");
    }
    for k in ["highlight", "action", "check", "do", "note", "rule", "concept", "predict", "choice", "choice*", "reveal"] {
        assert!(documented_step.contains(k), "step key `{k}` lacks its line in docs/lessons.md");
    }
    let header = documented(reference::HEADER_KEYS);
    assert_eq!(header, ["covers", "lab", "start", "summary"].map(String::from).into_iter().collect());
    for f in reference::HEADER_KEYS.iter().chain(reference::STEP_KEYS) {
        assert!(f.example.starts_with(&format!("{}:", f.head)), "the example of `{}` starts with its key", f.head);
    }
}

#[test]
fn docs_lessons_md_is_the_page_the_tables_make() {
    let page = reference::page();
    let on_disk = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/lessons.md")).unwrap_or_default();
    assert!(on_disk == page, "docs/lessons.md is stale: run `cargo run -p xtask -- docs`");
}

#[test]
fn the_example_lesson_in_the_page_reads_and_plays() {
    let page = reference::page();
    let start = page.find("````markdown\n").expect("the page's example") + "````markdown\n".len();
    let end = start + page[start..].find("````").unwrap();
    let lesson = lessons::load("docs/lessons.md example", &page[start..end]).unwrap_or_else(|p| panic!("{p:?}"));
    let r = lessons::rehearse(&lesson, "", 11);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

#[test]
fn the_example_written_from_the_documentation_reads_and_plays() {
    let text = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/lesson-scale-down.md")).unwrap();
    let lesson = lessons::load("docs/examples/lesson-scale-down.md", &text).unwrap_or_else(|p| panic!("{}", p.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")));
    let r = lessons::rehearse(&lesson, "", 11);
    assert!(r.problems.is_empty(), "{}", r.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    assert!(lesson.steps.iter().filter(|s| s.check.is_some()).count() >= 2);
}
