//! Guide-facts completeness: `content/guide-facts.tsv` lists every fact of the guide, one per
//! row by section, with the catalogue entry or concept page that carries it and a phrase that
//! must appear in that target's text. The test fails when a fact is unmapped, maps to nothing,
//! or its evidence is missing from the target.

use ordinal_core::catalog;
use std::collections::BTreeSet;

const FACTS: &str = include_str!("../content/guide-facts.tsv");

/// The text of a target: `concept:<id>`, `value:<id>`, or `<Kind> <path pattern>` of a field entry.
fn target_text(target: &str) -> Option<&'static str> {
    if let Some(id) = target.strip_prefix("concept:") {
        return catalog::concept(id).map(|c| c.text);
    }
    if let Some(id) = target.strip_prefix("value:") {
        return catalog::values().iter().find(|v| v.id == id).map(|v| v.text);
    }
    let (kind, pattern) = target.split_once(' ')?;
    catalog::entries().iter().find(|e| e.kind == kind && e.patterns.iter().any(|(p, _)| *p == pattern)).map(|e| e.text)
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_fact_of_the_guide_reaches_the_product() {
    let mut lines = FACTS.lines();
    assert_eq!(lines.next(), Some("id\tsection\tfact\ttarget\tevidence"));
    let mut ids = BTreeSet::new();
    let mut problems = Vec::new();
    let mut rows = 0;
    for (n, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, section, fact, target, evidence] = cols[..] else {
            problems.push(format!("line {}: expected 5 columns, found {}", n + 2, cols.len()));
            continue;
        };
        rows += 1;
        if !ids.insert(id) {
            problems.push(format!("{id}: duplicate id"));
        }
        if [section, fact, target, evidence].iter().any(|c| c.trim().is_empty()) {
            problems.push(format!("{id}: unmapped or incomplete row"));
            continue;
        }
        match target_text(target) {
            None => problems.push(format!("{id}: target `{target}` is no entry, value or concept")),
            Some(text) if !normalize(text).contains(&normalize(evidence)) => {
                problems.push(format!("{id}: `{target}` does not say \"{evidence}\""))
            }
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(rows >= 250, "the guide has more facts than {rows}");
}

#[test]
fn every_concept_page_is_reachable() {
    let targets: BTreeSet<&str> = FACTS.lines().skip(1).filter_map(|l| l.split('\t').nth(3)).collect();
    for c in catalog::concepts() {
        let carries_a_fact = targets.contains(format!("concept:{}", c.id).as_str());
        let linked = catalog::entries().iter().any(|e| e.concepts.contains(&c.id));
        assert!(carries_a_fact || linked, "concept {} carries no guide fact and no entry links to it", c.id);
    }
}
