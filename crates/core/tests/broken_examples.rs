//! The broken examples of `examples/broken/`: each is the guide's example with one mistake,
//! and names in its header the rule that must catch it. The web app's examples menu lists
//! them; this test keeps every one of them honest.
//!
//! Header format (the first three lines):
//!
//! ```text
//! # <title>
//! # expect: <RULE CODE>
//! # <one line: what is wrong>
//! ```

use ordinal_core::examples::GUIDE;
use ordinal_core::rules::{check, lookup, SourceFile};
use std::path::PathBuf;

/// Rules the guide's own example already breaks; their examples vary the same mistake.
const ALSO_IN_THE_GUIDE: &[&str] = &["SEC001"];

fn broken_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/broken")
}

fn examples() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(broken_dir())
        .expect("examples/broken exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("readable example")))
        .collect();
    out.sort();
    out
}

fn header(name: &str, text: &str) -> (String, String, String) {
    let mut lines = text.lines();
    let mut next = |what: &str| {
        lines.next().and_then(|l| l.strip_prefix("# ")).unwrap_or_else(|| panic!("{name}: header line `{what}` missing")).to_owned()
    };
    let title = next("# <title>");
    let rule = next("# expect: <RULE>").strip_prefix("expect: ").unwrap_or_else(|| panic!("{name}: second line must be `# expect: RULE`")).to_owned();
    let what = next("# <what is wrong>");
    (title, rule, what)
}

fn codes(text: &str) -> Vec<&'static str> {
    check(&[SourceFile::new("example.yaml", text)]).into_iter().map(|d| d.code).collect()
}

#[test]
fn there_is_one_broken_example_per_major_mistake() {
    let rules: Vec<String> = examples().iter().map(|(n, t)| header(n, t).1).collect();
    for want in ["STS001", "STS004", "STS006", "SEC001", "POD001", "PVC012", "PVC001", "PVC004", "SCH008", "PVC003"] {
        assert!(rules.iter().any(|r| r == want), "no broken example for {want}");
    }
    let mut unique = rules.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rules.len(), "two examples for the same rule: {rules:?}");
}

#[test]
fn each_broken_example_triggers_its_rule() {
    let guide = codes(GUIDE);
    for (name, text) in examples() {
        let (title, rule, what) = header(&name, &text);
        assert!(!title.is_empty() && !what.is_empty(), "{name}: empty title or description");
        assert!(lookup(&rule).is_some(), "{name}: `{rule}` is not a rule code");
        let found = codes(&text);
        assert!(found.contains(&rule.as_str()), "{name}: expected {rule}, found {found:?}");
        if !ALSO_IN_THE_GUIDE.contains(&rule.as_str()) {
            assert!(!guide.contains(&rule.as_str()), "{name}: the guide itself triggers {rule}");
        }
        // Apart from its header, an example is a small variation of the guide.
        let body: Vec<&str> = text.lines().skip(3).collect();
        let guide_lines: Vec<&str> = GUIDE.lines().collect();
        let changed = body.iter().filter(|l| !guide_lines.contains(l)).count() + guide_lines.iter().filter(|l| !body.contains(l)).count();
        assert!((1..=8).contains(&changed), "{name}: {changed} lines differ from the guide");
    }
}
