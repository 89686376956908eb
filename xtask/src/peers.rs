//! `cargo run -p xtask -- peers [--json]`: `ordinal lint` beside Checkov and
//! kubernetes-validate over `../shared/corpus/real`, with files, findings, wall time per tool,
//! and each peer's time as a multiple of ordinal's.
//!
//! Not part of CI: the peers are Python tools installed with `pip install checkov
//! kubernetes-validate`. A tool that is not installed is reported as such and skipped.
//!
//! ordinal runs two ways. The like-for-like one, which the ratios are taken against: one
//! process lints all the files (as Checkov scans the directory and kubernetes-validate takes
//! every file in one process); it is fast, so it runs several times and the best time counts.
//! The other: one process per file (so 80 start-ups), with the default rules and with every
//! rule. Checkov scans the directory with its Kubernetes framework; kubernetes-validate
//! validates every file against the Kubernetes schema in strict mode.

use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Runs of the one-process ordinal lint; the best counts.
const ONE_PROCESS_RUNS: usize = 7;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One line of the comparison.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    tool: String,
    files: usize,
    findings: String,
    /// `None` when the tool did not run.
    time: Option<Duration>,
    note: String,
}

impl Row {
    fn not_run(tool: &str, why: String) -> Row {
        Row { tool: tool.into(), files: 0, findings: "-".into(), time: None, note: why }
    }
}

/// `time` as a multiple of `base`, e.g. `68.3×`.
fn ratio(time: Option<Duration>, base: Option<Duration>) -> Option<f64> {
    let (t, b) = (time?, base?);
    (b > Duration::ZERO).then(|| t.as_secs_f64() / b.as_secs_f64())
}

/// Why a peer's run produced no report: not installed (a pyenv shim exits 127 when the tool is
/// in no installed Python), or it failed before reporting.
fn failure(tool: &str, out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no output");
    if out.status.code() == Some(127) {
        format!("not installed: {first} (pip install {tool})")
    } else {
        format!("failed ({}): {first}", out.status)
    }
}

/// The findings of `ordinal lint --format json`: (findings, errors).
fn count_ordinal(stdout: &[u8]) -> Result<(usize, usize)> {
    let v: serde_json::Value = serde_json::from_slice(stdout)?;
    let items = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
    Ok((items.len(), items.iter().filter(|d| d["severity"] == "error").count()))
}

/// Checkov's JSON report (the first JSON value of its output: it may print warnings about
/// unreachable guideline servers after it): (failed checks, passed checks, files with a
/// failed or passed check), or `None` when there is no report.
fn count_checkov(stdout: &[u8]) -> Option<(usize, u64, usize)> {
    let json_start = stdout.iter().position(|&b| b == b'{' || b == b'[')?;
    let v: serde_json::Value = serde_json::Deserializer::from_slice(&stdout[json_start..]).into_iter::<serde_json::Value>().next()?.ok()?;
    let reports: Vec<&serde_json::Value> = match &v {
        serde_json::Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    if !reports.iter().any(|r| r.get("results").is_some() || r.get("summary").is_some()) {
        return None;
    }
    let failed: usize = reports.iter().map(|r| r["results"]["failed_checks"].as_array().map_or(0, Vec::len)).sum();
    let files: BTreeSet<&str> = reports
        .iter()
        .flat_map(|r| ["failed_checks", "passed_checks"].into_iter().flat_map(move |k| r["results"][k].as_array().into_iter().flatten()))
        .filter_map(|c| c["file_path"].as_str())
        .collect();
    let passed: u64 = reports.iter().filter_map(|r| r["summary"]["passed"].as_u64()).sum();
    Some((failed, passed, files.len()))
}

/// kubernetes-validate's output: (errors, warnings, files named in them).
fn count_kubernetes_validate(text: &str) -> (usize, usize, usize) {
    let errors = text.lines().filter(|l| l.starts_with("ERROR")).count();
    let warnings = text.lines().filter(|l| l.starts_with("WARN")).count();
    let files: BTreeSet<&str> = text
        .lines()
        .filter(|l| l.starts_with("ERROR") || l.starts_with("WARN"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|f| f.ends_with(".yaml"))
        .collect();
    (errors, warnings, files.len())
}

fn ordinal_one_process(ordinal: &Path, files: &[PathBuf]) -> Result<Row> {
    let mut best = Duration::MAX;
    let mut counts = (0, 0);
    for _ in 0..ONE_PROCESS_RUNS {
        let start = Instant::now();
        let out = Command::new(ordinal).arg("lint").args(files).args(["--format", "json"]).output()?;
        best = best.min(start.elapsed());
        counts = count_ordinal(&out.stdout).context("ordinal lint output")?;
    }
    Ok(Row {
        tool: "ordinal lint FILES… (default rules)".into(),
        files: files.len(),
        findings: format!("{} ({} errors)", counts.0, counts.1),
        time: Some(best),
        note: format!("1 process, best of {ONE_PROCESS_RUNS}"),
    })
}

fn ordinal_per_file(ordinal: &Path, files: &[PathBuf], label: &str, extra: &[&str]) -> Result<Row> {
    let start = Instant::now();
    let (mut findings, mut errors) = (0usize, 0usize);
    for f in files {
        let out = Command::new(ordinal).arg("lint").arg(f).args(["--format", "json"]).args(extra).output()?;
        let (n, e) = count_ordinal(&out.stdout).with_context(|| format!("ordinal output for {}", f.display()))?;
        findings += n;
        errors += e;
    }
    Ok(Row {
        tool: label.into(),
        files: files.len(),
        findings: format!("{findings} ({errors} errors)"),
        time: Some(start.elapsed()),
        note: format!("{} processes", files.len()),
    })
}

fn checkov(corpus: &Path, files: usize) -> Row {
    let start = Instant::now();
    match Command::new("checkov").args(["-d"]).arg(corpus).args(["--framework", "kubernetes", "-o", "json", "--quiet", "--compact"]).output() {
        Ok(out) => {
            let time = start.elapsed();
            match count_checkov(&out.stdout) {
                Some((failed, passed, seen)) => Row {
                    tool: "checkov -d DIR --framework kubernetes".into(),
                    files,
                    findings: format!("{failed} failed checks ({passed} passed)"),
                    time: Some(time),
                    note: format!("1 process; {seen} files with a check"),
                },
                None => Row::not_run("checkov", failure("checkov", &out)),
            }
        }
        Err(e) => Row::not_run("checkov", format!("not installed: {e} (pip install checkov)")),
    }
}

fn kubernetes_validate(files: &[PathBuf]) -> Row {
    let start = Instant::now();
    match Command::new("kubernetes-validate").args(["--strict", "--quiet"]).args(files).output() {
        // 0: all valid, 1: some invalid; anything else did not validate
        Ok(out) if matches!(out.status.code(), Some(0 | 1)) => {
            let time = start.elapsed();
            let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            let (errors, warnings, seen) = count_kubernetes_validate(&text);
            Row {
                tool: "kubernetes-validate --strict FILES…".into(),
                files: files.len(),
                findings: format!("{errors} errors, {warnings} warnings"),
                time: Some(time),
                note: format!("1 process; {seen} files with a finding"),
            }
        }
        Ok(out) => Row::not_run("kubernetes-validate", failure("kubernetes-validate", &out)),
        Err(e) => Row::not_run("kubernetes-validate", format!("not installed: {e} (pip install kubernetes-validate)")),
    }
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<()> {
    let json = match args {
        [] => false,
        [a] if a == "--json" => true,
        _ => anyhow::bail!("usage: peers [--json]"),
    };
    // Checkov finds nothing under a path with `..` in it
    let corpus = workspace().join("../shared/corpus/real").canonicalize().context("../shared/corpus/real")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)?.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    files.sort();
    eprintln!("building ordinal (release)…");
    let status = Command::new(env!("CARGO")).args(["build", "--release", "-p", "ordinal-cli"]).current_dir(workspace()).status()?;
    anyhow::ensure!(status.success(), "cargo build failed");
    let ordinal = workspace().join("target/release/ordinal");

    eprintln!("ordinal lint, {} files…", files.len());
    let base = ordinal_one_process(&ordinal, &files)?;
    let mut rows = vec![
        base.clone(),
        ordinal_per_file(&ordinal, &files, "ordinal lint FILE (default rules)", &[])?,
        ordinal_per_file(&ordinal, &files, "ordinal lint FILE --enable ALL", &["--enable", "ALL"])?,
    ];
    eprintln!("checkov…");
    rows.push(checkov(&corpus, files.len()));
    eprintln!("kubernetes-validate…");
    rows.push(kubernetes_validate(&files));

    let per_file = rows[1].time;
    if json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "tool": r.tool,
                    "files": r.files,
                    "findings": r.findings,
                    "seconds": r.time.map(|t| t.as_secs_f64()),
                    "ratio_to_one_process": ratio(r.time, base.time),
                    "ratio_to_per_file": ratio(r.time, per_file),
                    "note": r.note,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("| tool | files | findings | wall time | × ordinal, 1 process | × ordinal, per file | note |");
    println!("|---|---|---|---|---|---|---|");
    let times = |r: Option<f64>| r.map_or_else(|| "-".to_owned(), |r| format!("{r:.1}×"));
    for r in &rows {
        let time = r.time.map_or_else(|| "-".to_owned(), |t| format!("{:.3} s", t.as_secs_f64()));
        println!("| {} | {} | {} | {time} | {} | {} | {} |", r.tool, r.files, r.findings, times(ratio(r.time, base.time)), times(ratio(r.time, per_file)), r.note);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_need_both_times() {
        let s = Duration::from_millis;
        assert_eq!(ratio(Some(s(6000)), Some(s(80))), Some(75.0));
        assert_eq!(ratio(None, Some(s(80))), None);
        assert_eq!(ratio(Some(s(80)), None), None);
        assert_eq!(ratio(Some(s(80)), Some(Duration::ZERO)), None);
    }

    #[test]
    fn checkov_report_is_the_first_json_value() {
        let out = br#"noise [{"results": {"failed_checks": [{"file_path": "/a.yaml"}, {"file_path": "/b.yaml"}], "passed_checks": [{"file_path": "/a.yaml"}]}, "summary": {"passed": 1}}] {"later": 1}"#;
        assert_eq!(count_checkov(out), Some((2, 1, 2)));
        assert_eq!(count_checkov(b"pyenv: checkov: command not found"), None);
        assert_eq!(count_checkov(br#"{"unrelated": true}"#), None);
    }

    #[test]
    fn kubernetes_validate_lines_are_counted() {
        let text = "ERROR /c/a.yaml did not validate\nWARN /c/b.yaml unknown kind\nINFO /c/d.yaml ok\nERROR /c/a.yaml again\n";
        assert_eq!(count_kubernetes_validate(text), (2, 1, 2));
    }

    #[test]
    fn a_missing_tool_says_how_to_install_it() {
        use std::os::unix::process::ExitStatusExt;
        let out = Output { status: std::process::ExitStatus::from_raw(127 << 8), stdout: vec![], stderr: b"\npyenv: checkov: command not found\n".to_vec() };
        assert_eq!(failure("checkov", &out), "not installed: pyenv: checkov: command not found (pip install checkov)");
        let out = Output { status: std::process::ExitStatus::from_raw(2 << 8), stdout: vec![], stderr: b"Traceback (most recent call last):".to_vec() };
        assert!(failure("checkov", &out).starts_with("failed (exit status: 2): Traceback"));
    }

    #[test]
    fn ordinal_json_counts_errors() {
        assert_eq!(count_ordinal(br#"[{"severity": "error"}, {"severity": "warning"}]"#).unwrap(), (2, 1));
        assert!(count_ordinal(b"not json").is_err());
    }
}
