//! The YAML test-suite cases in ../shared/corpus/yaml-suite: no case panics, every case that must
//! be rejected is reported with a line and a column, and every valid case is accepted.

use ordinal_core::yaml;
use std::path::PathBuf;

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/yaml-suite")
}

struct Case {
    id: String,
    file: String,
    expect_error: bool,
}

fn cases() -> Vec<Case> {
    let index = std::fs::read_to_string(suite_dir().join("INDEX.tsv")).expect("yaml-suite INDEX.tsv beside the repo");
    index
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Case { id: cols[0].to_owned(), file: cols[1].to_owned(), expect_error: cols[2] == "yes" }
        })
        .collect()
}

#[test]
fn yaml_suite_conformance() {
    let cases = cases();
    assert_eq!(cases.len(), 111, "the corpus has 111 cases");
    let mut failures = Vec::new();
    for case in &cases {
        let bytes = std::fs::read(suite_dir().join(&case.file)).unwrap();
        let text = String::from_utf8(bytes).expect("suite cases are UTF-8");
        let parse = std::panic::catch_unwind(|| yaml::parse(&text));
        let Ok(parse) = parse else {
            failures.push(format!("{}: panicked", case.id));
            continue;
        };
        let index = yaml::LineIndex::new(&text);
        match (case.expect_error, parse.errors.first()) {
            // invalid YAML 1.2 that kubectl reads (docs/limits.md) is read as kubectl reads it,
            // and the place is reported as a leniency (the YAML003 warning)
            (true, None) if !parse.lenient.is_empty() => {
                println!("{}: read as kubectl reads it, leniency at {}:{}", case.id, parse.lenient[0].line, parse.lenient[0].column);
            }
            (true, None) => failures.push(format!("{}: invalid YAML was accepted", case.id)),
            (false, _) if !parse.lenient.is_empty() => failures.push(format!("{}: valid YAML reported as lenient", case.id)),
            (false, Some(e)) => failures.push(format!("{}: valid YAML rejected: {}:{}: {}", case.id, e.line, e.column, e.message)),
            (true, Some(e)) => {
                let lc = index.line_col(e.range.start as usize);
                assert_eq!((lc.line, lc.column), (e.line, e.column), "{}: error position is consistent", case.id);
                assert!(e.line >= 1 && e.column >= 1);
            }
            (false, None) => {}
        }
    }
    let passed = cases.len() - failures.len();
    println!("yaml-suite: {passed}/{} cases pass", cases.len());
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
