//! `ordinal lint`: every mistake of the files given, as text (like rustc and ruff), JSON or
//! SARIF 2.1.0.
//!
//! Exit status: 0 when no finding is at or above `--fail-level` (default `warning`), 1 when
//! one is, 2 for usage errors and unreadable input.

use anyhow::{bail, Result};
use ordinal_core::rules::{self, Config, Diagnostic, Severity, SourceFile};
use ordinal_core::yaml::LineIndex;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

#[path = "sarif.rs"]
mod sarif;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: CODE severity: message`, the source line and a caret underline.
    Text,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// The lowest severity that makes the exit status 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailLevel {
    /// Only errors (what the API server rejects, or what cannot run).
    Error,
    /// Errors and warnings (the default).
    Warning,
    /// Any finding.
    Info,
}

impl FailLevel {
    fn severity(self) -> Severity {
        match self {
            FailLevel::Error => Severity::Error,
            FailLevel::Warning => Severity::Warning,
            FailLevel::Info => Severity::Info,
        }
    }
}

/// Arguments of `ordinal lint`.
#[derive(clap::Args)]
pub struct Args {
    /// Manifest files, linted together (`-` for standard input).
    #[arg(required_unless_present_any = ["explain", "list_rules"])]
    pub files: Vec<String>,
    /// Print a rule's explanation (by code or name) and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// List every rule (code, name, tier, default severity, on by default) and exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_level: FailLevel,
    /// Also run these opt-in rules: codes, names, prefixes (`SEC`) or `ALL`.
    #[arg(long, value_delimiter = ',')]
    pub enable: Vec<String>,
    /// Do not run these rules (codes, names or prefixes).
    #[arg(long, value_delimiter = ',')]
    pub disable: Vec<String>,
    /// The Kubernetes version whose API server validation the API rules report: 1.33, 1.34
    /// or 1.35 (1.33 validates neither a StatefulSet's pod template nor its claim templates).
    #[arg(long, value_name = "VERSION", default_value = "1.35")]
    pub server_version: String,
    /// The last applied version of the files (same order): also report changes the API
    /// server forbids on update.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub applied: Vec<String>,
}

/// Runs `ordinal lint`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(code) = &args.explain {
        let Some(rule) = rules::lookup(code) else { bail!("no rule is named `{code}`") };
        let status = if rule.default_enabled { "on by default" } else { "opt-in (`--enable`)" };
        let api = if rule.api_rejects { "; the API server rejects this" } else { "" };
        crate::emit(&format!("# {} {} ({} {}, {}{api}, {})\n\n", rule.code, rule.name, rule.tier, rule.tier.description(), rule.default_severity, status));
        crate::emit(rule.explanation());
        if !rule.other_tools.is_empty() {
            crate::emit(&format!("\n## Other tools\n{}\n", rule.other_tools.iter().map(|(t, id)| format!("- {t}: `{id}`")).collect::<Vec<_>>().join("\n")));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_rules {
        for r in rules::registry() {
            let on = if r.default_enabled { "default" } else { "opt-in" };
            crate::emit(&format!("{:<8} {:<36} {} {:<7} {:<7} {}\n", r.code, r.name, r.tier, r.default_severity.as_str(), on, r.checks_md_id.unwrap_or("-")));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(server_version) = ordinal_core::apiserver::ServerVersion::parse(&args.server_version) else {
        bail!("unsupported --server-version {:?}: use 1.33, 1.34 or 1.35", args.server_version);
    };
    let config = Config { enable: args.enable.clone(), disable: args.disable.clone(), server_version };
    let unknown = config.unknown_selectors();
    if !unknown.is_empty() {
        bail!("no rule is named {}; `ordinal lint --help` lists the forms", unknown.join(", "));
    }
    let files: Vec<SourceFile> = crate::input::read_all(&args.files)?.into_iter().map(|f| SourceFile::new(f.name, f.text)).collect();
    let mut found = rules::check_with(&files, &config);
    if !args.applied.is_empty() {
        let old: Vec<SourceFile> = crate::input::read_all(&args.applied)?.into_iter().map(|f| SourceFile::new(f.name, f.text)).collect();
        found.extend(rules::check_update_with(&old, &files, &config));
        found.sort_by_key(|d| (d.file, d.range.start, d.code));
    }
    let out = match args.format {
        Format::Text => render_text(&files, &found),
        Format::Json => serde_json::to_string_pretty(&to_json(&files, &found))? + "\n",
        Format::Sarif => serde_json::to_string_pretty(&sarif::log(&files, &found))? + "\n",
    };
    let mut stdout = std::io::stdout().lock();
    // a closed pipe (`| head`) is not an error worth reporting
    let _ = stdout.write_all(out.as_bytes());
    let fail = found.iter().any(|d| d.severity >= args.fail_level.severity());
    Ok(if fail { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A finding's start and end as 1-based lines and columns (columns in characters).
pub(crate) fn span(files: &[SourceFile], indexes: &[LineIndex], file: usize, range: ordinal_core::yaml::TextRange) -> (u32, u32, u32, u32) {
    let _ = files;
    let start = indexes[file].line_col(range.start as usize);
    let end = indexes[file].line_col(range.end as usize);
    (start.line, start.column, end.line, end.column)
}

fn indexes(files: &[SourceFile]) -> Vec<LineIndex> {
    files.iter().map(|f| LineIndex::new(&f.text)).collect()
}

/// The text report: one block per finding, then a summary line.
pub fn render_text(files: &[SourceFile], found: &[Diagnostic]) -> String {
    let idx = indexes(files);
    let mut out = String::new();
    for d in found {
        let (line, col, end_line, end_col) = span(files, &idx, d.file, d.range);
        out.push_str(&format!("{}:{line}:{col}: {} {}: {}\n", files[d.file].name, d.code, d.severity, d.message));
        let text = &files[d.file].text;
        let ls = idx[d.file].line_start(line);
        let le = idx[d.file].line_end(line);
        let source = &text[ls..le];
        let gutter = " ".repeat(line.to_string().len());
        let width = if end_line == line { end_col.saturating_sub(col).max(1) } else { (source.chars().count() as u32 + 1).saturating_sub(col).max(1) };
        let pad: String = source.chars().take(col as usize - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        out.push_str(&format!("{gutter} |\n{line} | {source}\n{gutter} | {pad}{}", "^".repeat(width as usize)));
        out.push_str(&format!(" {}\n", d.name));
        if !d.path.is_empty() {
            out.push_str(&format!("{gutter} = field: {}\n", d.path));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("{gutter} = help: {h}\n"));
        }
        if d.rule().api_rejects {
            match &d.api_error {
                Some(e) => out.push_str(&format!("{gutter} = note: the API server rejects this: {e}\n")),
                None => out.push_str(&format!("{gutter} = note: the API server rejects this\n")),
            }
        } else if let Some(e) = &d.api_error {
            out.push_str(&format!("{gutter} = note: {e}\n"));
        }
        for r in &d.related {
            let (rl, rc, _, _) = span(files, &idx, r.file, r.range);
            out.push_str(&format!("{gutter} = see {}:{rl}:{rc}: {}\n", files[r.file].name, r.message));
        }
        if let Some(f) = &d.fix {
            out.push_str(&format!("{gutter} = fix available: {}\n", f.title));
        }
        out.push('\n');
    }
    let count = |s: Severity| found.iter().filter(|d| d.severity == s).count();
    let (e, w, i) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    if found.is_empty() {
        out.push_str("no findings\n");
    } else {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        out.push_str(&format!(
            "{}: {}, {}, {} (why and how to fix: `ordinal lint --explain CODE`)\n",
            plural(found.len(), "finding", "findings"),
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings"),
            plural(i, "info", "infos"),
        ));
    }
    out
}

/// The JSON report: an array of findings with 1-based lines and columns.
pub fn to_json(files: &[SourceFile], found: &[Diagnostic]) -> Value {
    let idx = indexes(files);
    let edit_json = |file: usize, range: ordinal_core::yaml::TextRange, replacement: &str| {
        let (l, c, el, ec) = span(files, &idx, file, range);
        json!({"file": files[file].name, "line": l, "column": c, "end_line": el, "end_column": ec, "replacement": replacement})
    };
    Value::Array(
        found
            .iter()
            .map(|d| {
                let (line, column, end_line, end_column) = span(files, &idx, d.file, d.range);
                let rule = d.rule();
                json!({
                    "file": files[d.file].name,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "rule": d.code,
                    "name": d.name,
                    "severity": d.severity.as_str(),
                    "tier": d.tier.as_str(),
                    "message": d.message,
                    "path": d.path,
                    "help": d.help,
                    "api_rejects": rule.api_rejects,
                    "api_error": d.api_error,
                    "checks_md_id": rule.checks_md_id,
                    "other_tools": rule.other_tools.iter().map(|(t, id)| json!({"tool": t, "id": id})).collect::<Vec<_>>(),
                    "fix": d.fix.as_ref().map(|f| json!({
                        "title": f.title,
                        "explanation": f.explanation,
                        "edits": f.edits.iter().map(|e| edit_json(e.file, e.range, &e.replacement)).collect::<Vec<_>>(),
                    })),
                    "related": d.related.iter().map(|r| {
                        let (l, c, el, ec) = span(files, &idx, r.file, r.range);
                        json!({"file": files[r.file].name, "line": l, "column": c, "end_line": el, "end_column": ec, "message": r.message})
                    }).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
