//! `rules::Steps`, the linter a few rules at a time (the web page's first analysis), finds
//! what `rules::check_with` finds, in the same order, whatever the step's size: over the rule
//! fixtures, the examples and the corpus, each file alone and the fixtures of a folder
//! together (the rules that read several files).

mod common;

use common::yaml_files;
use ordinal_core::rules::{self, Config, SourceFile, Steps};
use std::path::{Path, PathBuf};

fn source(path: &Path) -> SourceFile {
    SourceFile::new(path.display().to_string(), String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned())
}

/// The sets whose index is `shard` modulo [`SHARDS`] (four tests, run side by side).
const SHARDS: usize = 4;

fn steps_find_what_check_finds(shard: usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "examples", "tests/guide-objects", "../web/examples", "../../../shared/corpus/real"] {
        yaml_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "too few files found: {}", files.len());
    let mut sets: Vec<Vec<SourceFile>> = files.iter().map(|f| vec![source(f)]).collect();
    // the fixtures of a folder together
    let mut by_folder: std::collections::BTreeMap<PathBuf, Vec<SourceFile>> = Default::default();
    for f in files.iter().filter(|f| f.starts_with(root.join("tests/fixtures"))) {
        by_folder.entry(f.parent().unwrap().to_path_buf()).or_default().push(source(f));
    }
    sets.extend(by_folder.into_values().filter(|v| v.len() > 1));
    let configs = [Config::default(), Config { enable: vec!["ALL".into()], ..Config::default() }];
    let mut findings = 0;
    for set in sets.iter().skip(shard).step_by(SHARDS) {
        for config in &configs {
            let whole = rules::check_with(set, config);
            findings += whole.len();
            // one rule a step on small files, more on the corpus's long ones
            let size = if set.iter().map(|f| f.text.len()).sum::<usize>() < 4096 { 1 } else { 9 };
            {
                let mut steps = Steps::new(&set[..], config.clone());
                let mut runs = 1;
                let step = |steps: &mut Steps| {
                    let mut n = 0;
                    steps.run_while(|| {
                        n += 1;
                        n < size
                    })
                };
                while step(&mut steps) {
                    runs += 1;
                }
                assert!(runs >= rules::registry().len() / size, "{runs} steps of {size} rules");
                assert_eq!(steps.finish(), whole, "{} in steps of {size}", set[0].name);
            }
        }
    }
    assert!(findings > 25, "the files gave only {findings} findings");
}

#[test]
fn shard_0() {
    steps_find_what_check_finds(0);
}

#[test]
fn shard_1() {
    steps_find_what_check_finds(1);
}

#[test]
fn shard_2() {
    steps_find_what_check_finds(2);
}

#[test]
fn shard_3() {
    steps_find_what_check_finds(3);
}
