//! The fuzz targets of `cargo run --release -p xtask -- fuzz` (docs/fuzzing.md), in `cargo test`:
//!
//! - every input in `tests/fuzz-regressions/` (named `TARGET-what.yaml`: each one crashed, hung
//!   or broke an invariant once) runs through its target again;
//! - a short proptest run of every target over the same generator as the long runs.
//!
//! Each input runs on a thread with a 1 MiB stack, the stack of the wasm32 build.

#[allow(dead_code)]
#[path = "../../../xtask/src/fuzz/mutate.rs"]
mod mutate;
#[allow(dead_code)]
#[path = "../../../xtask/src/fuzz/targets.rs"]
mod targets;

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use targets::Target;

const STACK: usize = 1024 * 1024;

/// A hang limit per input, not the speed target (`xtask fuzz` holds each input to one second
/// in release): generous, so that a machine busy with other builds never fails it, and still
/// far below what a hang or a quadratic blow-up on these inputs takes.
fn budget() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(60)
    } else {
        Duration::from_secs(10)
    }
}

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `target` over `input` on a 1 MiB stack: `Err` for a panic, a broken invariant or a
/// run over budget.
fn run(target: Target, input: String) -> Result<(), String> {
    let started = Instant::now();
    let outcome = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || target.run(&input))
        .expect("a thread")
        .join()
        .unwrap_or_else(|e| {
            let message = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(format!("panicked: {}", message.unwrap_or_default()))
        });
    let took = started.elapsed();
    outcome?;
    if took > budget() {
        return Err(format!("took {took:?}, over the budget of {:?}", budget()));
    }
    Ok(())
}

fn target_of(file: &Path) -> Target {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    Target::ALL
        .into_iter()
        .filter(|t| name.starts_with(&format!("{}-", t.name())))
        .max_by_key(|t| t.name().len())
        .unwrap_or_else(|| panic!("{name}: regression files are named TARGET-what.yaml"))
}

#[test]
fn every_regression_input_passes_its_target() {
    let dir = here().join("tests/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("tests/fuzz-regressions").map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 4, "the regression inputs are missing from {}", dir.display());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let input = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
            run(target_of(f), input).err().map(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn regression_files_name_a_target() {
    assert_eq!(target_of(Path::new("simulate-script-x.yaml")), Target::SimulateScript);
    assert_eq!(target_of(Path::new("share-decode-x.yaml")), Target::ShareDecode);
    assert_eq!(target_of(Path::new("parse-x.yaml")), Target::Parse);
}

/// The target's seed inputs, read once.
fn seeds(target: Target) -> &'static [String] {
    // one cell per target: the targets' seeds differ (manifests, scripts, commands, schedules)
    static CELLS: [OnceLock<Vec<String>>; Target::ALL.len()] = [const { OnceLock::new() }; Target::ALL.len()];
    let i = Target::ALL.iter().position(|t| *t == target).unwrap_or(0);
    CELLS[i].get_or_init(|| targets::load_seeds(target, &here().join("../../../shared"), &here().join("tests/scenarios")))
}

/// Smoke inputs are kept small so that the whole file runs in seconds unoptimised.
const SMOKE_INPUT: usize = 16 * 1024;

fn smoke(target: Target, seed: u64) -> Result<(), TestCaseError> {
    let seeds = seeds(target);
    prop_assert!(seeds.len() > 10, "seed inputs for {} not found", target.name());
    let input = targets::input_at_most(target, seed, 0, seeds, SMOKE_INPUT);
    let shown: String = input.chars().take(300).collect();
    prop_assert_eq!(run(target, input), Ok(()), "{} with generator seed {}: {:?}", target.name(), seed, shown);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn smoke_parse(seed in any::<u64>()) { smoke(Target::Parse, seed)?; }

    #[test]
    fn smoke_explain(seed in any::<u64>()) { smoke(Target::Explain, seed)?; }

    #[test]
    fn smoke_lint(seed in any::<u64>()) { smoke(Target::Lint, seed)?; }

    #[test]
    fn smoke_simulate_script(seed in any::<u64>()) { smoke(Target::SimulateScript, seed)?; }

    #[test]
    fn smoke_share_decode(seed in any::<u64>()) { smoke(Target::ShareDecode, seed)?; }

    #[test]
    fn smoke_init_command(seed in any::<u64>()) { smoke(Target::InitCommand, seed)?; }

    #[test]
    fn smoke_cron_schedule(seed in any::<u64>()) { smoke(Target::CronSchedule, seed)?; }

    #[test]
    fn smoke_lesson(seed in any::<u64>()) { smoke(Target::Lesson, seed)?; }

    #[test]
    fn smoke_library(seed in any::<u64>()) { smoke(Target::Library, seed)?; }
}

proptest! {
    // each input runs the stress test's drills: fewer cases
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn smoke_plan_drill(seed in any::<u64>()) { smoke(Target::PlanDrill, seed)?; }
}

#[test]
fn the_generator_is_deterministic_and_varied() {
    let seeds = seeds(Target::Parse);
    let a: Vec<String> = (0..20).map(|i| targets::input(Target::Parse, 42, i, seeds)).collect();
    let b: Vec<String> = (0..20).map(|i| targets::input(Target::Parse, 42, i, seeds)).collect();
    assert_eq!(a, b, "input i of seed s is always the same text");
    let distinct: std::collections::HashSet<&String> = a.iter().collect();
    assert!(distinct.len() >= 18, "{} distinct inputs of 20", distinct.len());
    assert!(a.iter().all(|t| t.len() <= targets::MAX_INPUT));
}
