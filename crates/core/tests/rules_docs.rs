//! The committed rule reference (`docs/rules`) is what the registry renders, and checks.md is
//! covered: every check has a rule or a stated reason why not.

use ordinal_core::rules::{self, docs, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

#[test]
fn committed_rule_docs_are_up_to_date() {
    let mut expected = BTreeMap::new();
    for rule in rules::registry().iter().filter(|r| r.status != Status::Removed) {
        expected.insert(docs::rule_page_name(rule), docs::rule_page(rule));
    }
    expected.insert("README.md".to_owned(), docs::rules_index());
    let mut problems = Vec::new();
    for (name, text) in &expected {
        match std::fs::read_to_string(docs_dir().join(name)) {
            Ok(found) if &found == text => {}
            Ok(_) => problems.push(format!("{name} is stale")),
            Err(_) => problems.push(format!("{name} is missing")),
        }
    }
    for entry in std::fs::read_dir(docs_dir()).expect("docs/rules exists").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected.contains_key(&name) {
            problems.push(format!("{name} documents no rule"));
        }
    }
    assert!(problems.is_empty(), "docs/rules differs from the registry; run `cargo run -p xtask -- docs`:\n{}", problems.join("\n"));
}

#[test]
fn every_check_of_checks_md_has_a_rule_or_a_reason() {
    let mut problems = Vec::new();
    for n in 1..=80 {
        let id = format!("SS-{n:02}");
        let covered = !docs::rules_for_check(&id).is_empty();
        let exempt = docs::NOT_COVERED.iter().any(|(i, _)| *i == id);
        match (covered, exempt) {
            (false, false) => problems.push(format!("{id} has no rule and no reason in NOT_COVERED")),
            (true, true) => problems.push(format!("{id} has a rule now: remove it from NOT_COVERED")),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
