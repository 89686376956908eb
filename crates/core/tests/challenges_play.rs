//! The "fix it" challenges (`content/challenges/`): every file listed and well-formed, and each
//! one played natively: broken at the start (its check false, the simulator's waiting reason
//! at hand), fixed by its own solution (its check true once the lab has settled).

use ordinal_core::lessons::{challenge, play};
use std::collections::BTreeSet;
use std::path::PathBuf;

const SEED: u64 = 11;

#[test]
fn every_challenge_file_is_listed_and_well_formed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/challenges");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir).unwrap().map(|e| format!("challenges/{}", e.unwrap().file_name().to_string_lossy())).collect();
    let listed: BTreeSet<String> = challenge::sources().iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(on_disk, listed, "content/challenges and crates/core/src/lessons/files.rs disagree");
    assert!(challenge::problems().is_empty(), "malformed challenges:\n{}", challenge::problems().join("\n"));
    let all = challenge::challenges();
    assert!(all.len() >= 8, "at least eight challenges");
    let numbers: Vec<u32> = all.iter().map(|c| c.number).collect();
    assert_eq!(numbers, (1..=all.len() as u32).collect::<Vec<_>>());
    let ids: BTreeSet<&str> = all.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), all.len(), "duplicate challenge ids");
    for c in all {
        assert!(c.file.contains(c.id), "{}: the file name should carry the id", c.file);
        assert!(c.hints.iter().all(|h| h.ends_with(['.', '?'])) && c.symptom.ends_with('.'), "{}: write the symptom and the hints in sentences", c.id);
        assert!(ordinal_core::lessons::lesson(c.id).is_none(), "{}: a lesson has the same id", c.id);
    }
}

#[test]
fn every_challenge_is_broken_at_the_start_and_fixed_by_its_solution() {
    let mut failures = Vec::new();
    for c in challenge::challenges() {
        let broken = c.start("", SEED).unwrap_or_else(|e| panic!("{e}"));
        if c.fixed(&broken.text, &broken.lab) {
            failures.push(format!("{}: already fixed at the start", c.id));
            continue;
        }
        assert!(challenge::waiting_reason(&broken.lab).contains("statefulset/recovery-demo-db"), "{}: the waiting reason", c.id);
        let (mut text, mut lab) = (broken.text, Some(broken.lab));
        for s in &c.solution {
            if let Err(e) = play(s, &mut text, &mut lab, SEED) {
                failures.push(format!("{}: {s:?} failed: {e}", c.id));
            }
        }
        let mut lab = lab.expect("a lab");
        lab.settle();
        if !c.fixed(&text, &lab) {
            failures.push(format!("{}: not fixed by its solution\n{}", c.id, challenge::waiting_reason(&lab)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_waiting_reason_names_what_is_wrong() {
    let c = challenge::challenge("pending-forever").unwrap();
    let broken = c.start("", SEED).unwrap();
    let why = challenge::waiting_reason(&broken.lab);
    assert!(why.contains("Unschedulable") && why.contains("Insufficient cpu"), "{why}");
    let c = challenge::challenge("unreachable-replica").unwrap();
    assert!(challenge::waiting_reason(&c.start("", SEED).unwrap().lab).contains("NodeUnreachable"));
}
