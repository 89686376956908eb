//! `cargo run -p xtask -- peers`: `ordinal lint` beside Checkov and kubernetes-validate over
//! `../shared/corpus/real`, with files, findings and wall time per tool.
//!
//! Not part of CI: the peers are Python tools installed with `pip install checkov
//! kubernetes-validate`. A tool that is not installed is reported as such and skipped.
//! ordinal lints each file on its own (cross-file checks stay within a file, as for the peers);
//! Checkov scans the directory with its Kubernetes framework; kubernetes-validate validates
//! every file against the Kubernetes schema in strict mode.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Row {
    tool: String,
    files: usize,
    findings: String,
    time: Duration,
    note: String,
}

/// Runs the task.
pub fn run(_args: &[String]) -> Result<()> {
    // Checkov finds nothing under a path with `..` in it
    let corpus = workspace().join("../shared/corpus/real").canonicalize().context("../shared/corpus/real")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)?.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    files.sort();
    eprintln!("building ordinal (release)…");
    let status = Command::new(env!("CARGO")).args(["build", "--release", "-p", "ordinal-cli"]).current_dir(workspace()).status()?;
    anyhow::ensure!(status.success(), "cargo build failed");
    let ordinal = workspace().join("target/release/ordinal");
    let mut rows = Vec::new();

    // ordinal: one process per file, default rules, then every rule
    for (label, extra) in [("ordinal lint (default rules)", vec![]), ("ordinal lint --enable ALL", vec!["--enable", "ALL"])] {
        let start = Instant::now();
        let (mut findings, mut errors) = (0usize, 0usize);
        for f in &files {
            let out = Command::new(&ordinal).arg("lint").arg(f).args(["--format", "json"]).args(&extra).output()?;
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).with_context(|| format!("ordinal output for {}", f.display()))?;
            let items = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
            findings += items.len();
            errors += items.iter().filter(|d| d["severity"] == "error").count();
        }
        rows.push(Row { tool: label.into(), files: files.len(), findings: format!("{findings} ({errors} errors)"), time: start.elapsed(), note: "80 processes".into() });
    }

    // Checkov
    let start = Instant::now();
    match Command::new("checkov").args(["-d"]).arg(&corpus).args(["--framework", "kubernetes", "-o", "json", "--quiet", "--compact"]).output() {
        Ok(out) => {
            // Checkov may print more after its report (warnings about unreachable guideline
            // servers); the report is the first JSON value.
            let json_start = out.stdout.iter().position(|&b| b == b'{' || b == b'[').unwrap_or(0);
            let v: serde_json::Value =
                serde_json::Deserializer::from_slice(&out.stdout[json_start..]).into_iter::<serde_json::Value>().next().and_then(Result::ok).unwrap_or(serde_json::Value::Null);
            let reports: Vec<&serde_json::Value> = match &v {
                serde_json::Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            let failed: usize = reports.iter().map(|r| r["results"]["failed_checks"].as_array().map_or(0, Vec::len)).sum();
            let files_seen: std::collections::BTreeSet<&str> = reports
                .iter()
                .flat_map(|r| ["failed_checks", "passed_checks"].into_iter().flat_map(move |k| r["results"][k].as_array().into_iter().flatten()))
                .filter_map(|c| c["file_path"].as_str())
                .collect();
            let passed: u64 = reports.iter().filter_map(|r| r["summary"]["passed"].as_u64()).sum();
            rows.push(Row {
                tool: "checkov --framework kubernetes".into(),
                files: files.len(),
                findings: format!("{failed} failed checks ({passed} passed)"),
                time: start.elapsed(),
                note: format!("1 process; {} files with a finding", files_seen.len()),
            });
        }
        Err(e) => rows.push(Row { tool: "checkov".into(), files: 0, findings: "-".into(), time: Duration::ZERO, note: format!("not run: {e} (pip install checkov)") }),
    }

    // kubernetes-validate
    let start = Instant::now();
    match Command::new("kubernetes-validate").args(["--strict", "--quiet"]).args(&files).output() {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            let errors = text.lines().filter(|l| l.starts_with("ERROR")).count();
            let warnings = text.lines().filter(|l| l.starts_with("WARN")).count();
            let files_seen: std::collections::BTreeSet<&str> = text.lines().filter_map(|l| l.split_whitespace().nth(1)).filter(|f| f.ends_with(".yaml")).collect();
            rows.push(Row {
                tool: "kubernetes-validate --strict".into(),
                files: files.len(),
                findings: format!("{errors} errors, {warnings} warnings"),
                time: start.elapsed(),
                note: format!("1 process; {} files with a finding", files_seen.len()),
            });
        }
        Err(e) => rows.push(Row { tool: "kubernetes-validate".into(), files: 0, findings: "-".into(), time: Duration::ZERO, note: format!("not run: {e} (pip install kubernetes-validate)") }),
    }

    println!("| tool | files | findings | wall time | note |");
    println!("|---|---|---|---|---|");
    for r in rows {
        println!("| {} | {} | {} | {:.2} s | {} |", r.tool, r.files, r.findings, r.time.as_secs_f64(), r.note);
    }
    Ok(())
}
