//! `cargo run -p xtask -- docs`: writes the rule reference, `docs/rules/<CODE>.md` for every
//! rule and the index `docs/rules/README.md`, from the registry's explanations
//! (`ordinal_core::rules::docs`), and the lesson format's reference `docs/lessons.md`. `--check` writes nothing and fails when a page is stale or
//! a page exists for no rule; `crates/core/tests/rules_docs.rs` runs the same comparison
//! under `cargo test`.

use anyhow::{bail, Context, Result};
use ordinal_core::rules::{self, docs, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the pages live, relative to the workspace root.
pub const OUTPUT: &str = "docs/rules";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every page: file name and content.
fn pages() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for rule in rules::registry().iter().filter(|r| r.status != Status::Removed) {
        out.insert(docs::rule_page_name(rule), docs::rule_page(rule));
    }
    out.insert("README.md".into(), docs::rules_index());
    out
}

/// The lesson format's reference for teachers, `docs/lessons.md`
/// (`ordinal_core::lessons::reference::page`); `crates/core/tests/lessons_docs.rs` compares it.
const LESSONS_PAGE: &str = "docs/lessons.md";

/// Runs the task.
pub fn run(args: &[String]) -> Result<()> {
    let check = args.iter().any(|a| a == "--check");
    if let Some(other) = args.iter().find(|a| *a != "--check") {
        bail!("unknown argument `{other}` (usage: docs [--check])");
    }
    let lessons_page = ordinal_core::lessons::reference::page();
    let lessons_stale = std::fs::read_to_string(root().join(LESSONS_PAGE)).ok().as_deref() != Some(lessons_page.as_str());
    if lessons_stale && check {
        bail!("{LESSONS_PAGE} is stale (run `cargo run -p xtask -- docs`)");
    }
    if lessons_stale {
        std::fs::write(root().join(LESSONS_PAGE), &lessons_page).with_context(|| format!("writing {LESSONS_PAGE}"))?;
        println!("{LESSONS_PAGE}: written");
    }
    let dir = root().join(OUTPUT);
    let pages = pages();
    let existing: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".md")).collect(),
        Err(_) => Vec::new(),
    };
    let stale: Vec<&String> = pages.iter().filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_ref() != Some(*text)).map(|(n, _)| n).collect();
    let orphans: Vec<&String> = existing.iter().filter(|n| !pages.contains_key(*n)).collect();
    if check {
        if stale.is_empty() && orphans.is_empty() {
            println!("{OUTPUT}: {} pages, up to date", pages.len());
            return Ok(());
        }
        bail!("{OUTPUT} is stale (run `cargo run -p xtask -- docs`): changed {stale:?}, orphaned {orphans:?}");
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for name in &stale {
        std::fs::write(dir.join(name), &pages[*name]).with_context(|| format!("writing {name}"))?;
    }
    for name in &orphans {
        std::fs::remove_file(dir.join(name)).with_context(|| format!("removing {name}"))?;
    }
    println!("{OUTPUT}: {} pages, {} written, {} removed", pages.len(), stale.len(), orphans.len());
    Ok(())
}
