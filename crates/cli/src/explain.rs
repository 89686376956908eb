//! `ordinal explain`: every key of the manifests with its explanation, or the full entry for
//! one position.
//!
//! Exit status: 0 when every file parsed cleanly; 1 when some YAML could not be read (the
//! errors go to standard error as `file:line:column: error: message`) but the rest was
//! explained; 2 when nothing could be read at all (unreadable files, every document broken),
//! for usage errors, and when `--at` points at no field.

use anyhow::{bail, Context, Result};
use ordinal_core::catalog::{self, Explanation};
use ordinal_core::yaml::{self, Document, LineIndex, Path};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::process::ExitCode;

/// Arguments of `ordinal explain`.
#[derive(clap::Args)]
pub struct Args {
    /// Manifest files (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print the full entry for the field at LINE:COL (1-based) of the only FILE.
    #[arg(long, value_name = "LINE:COL", value_parser = parse_position)]
    pub at: Option<(u32, u32)>,
}

/// How to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per key; with `--at`, the entry's sections.
    Text,
    /// A JSON array of keys; with `--at`, one JSON object.
    Json,
}

fn parse_position(text: &str) -> Result<(u32, u32), String> {
    let (l, c) = text.split_once(':').ok_or("expected LINE:COL, e.g. 7:3")?;
    let line: u32 = l.trim().parse().map_err(|_| format!("`{l}` is not a line number"))?;
    let col: u32 = c.trim().parse().map_err(|_| format!("`{c}` is not a column number"))?;
    if line == 0 || col == 0 {
        return Err("lines and columns start at 1".into());
    }
    Ok((line, col))
}

/// One parsed input file.
struct Parsed {
    name: String,
    text: String,
    index: LineIndex,
    parse: yaml::Parse,
}

/// Runs `ordinal explain`.
pub fn run(args: Args) -> Result<ExitCode> {
    if args.at.is_some() && args.files.len() != 1 {
        bail!("--at needs exactly one FILE");
    }
    let files = crate::input::read_all(&args.files)?;
    let parsed: Vec<Parsed> = files
        .into_iter()
        .map(|f| {
            let parse = yaml::parse(&f.text);
            let index = LineIndex::new(&f.text);
            Parsed { name: f.name, text: f.text, index, parse }
        })
        .collect();
    let mut had_errors = false;
    for p in &parsed {
        for e in &p.parse.errors {
            had_errors = true;
            eprintln!("{}:{}:{}: error: {}", p.name, e.line, e.column, e.message);
        }
    }
    let readable = parsed.iter().any(|p| p.parse.documents.iter().any(|d| d.root.is_some()));
    if !readable && had_errors {
        eprintln!("ordinal: nothing could be read");
        return Ok(ExitCode::from(2));
    }
    let out = match args.at {
        Some((line, col)) => match at(&parsed[0], line, col, args.format)? {
            Some(text) => text,
            None => {
                eprintln!("{}:{line}:{col}: no field at this position", parsed[0].name);
                return Ok(ExitCode::from(2));
            }
        },
        None => every_key(&parsed, args.format),
    };
    crate::emit(&out);
    Ok(if had_errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The one-line record of a key (JSON form).
fn key_record(file: &Parsed, doc_index: usize, doc: &Document, path: &Path, key_start: usize) -> Value {
    let ex = catalog::explain(doc, path);
    let lc = file.index.line_col(key_start);
    json!({
        "file": file.name,
        "line": lc.line,
        "column": lc.column,
        "document": doc_index,
        "kind": ex.kind,
        "api_version": doc.api_version(),
        "path": ex.path,
        "source": ex.source.as_str(),
        "title": ex.title,
        "summary": ex.summary,
        "value_note": ex.value_note.as_ref().map(|v| v.summary.clone()),
    })
}

fn every_key(files: &[Parsed], format: Format) -> String {
    let mut records = Vec::new();
    for f in files {
        for (i, doc) in f.parse.documents.iter().enumerate() {
            for (path, key) in doc.keys() {
                records.push(key_record(f, i, doc, &path, key.key.range.start as usize));
            }
        }
    }
    match format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&Value::Array(records)).unwrap_or_default()),
        Format::Text => {
            let mut out = String::new();
            for r in &records {
                let kind = r["kind"].as_str().filter(|k| !k.is_empty()).unwrap_or("-");
                let _ = writeln!(
                    out,
                    "{}:{}:{}\t{kind}\t{}\t[{}]\t{}",
                    r["file"].as_str().unwrap_or(""),
                    r["line"],
                    r["column"],
                    r["path"].as_str().unwrap_or(""),
                    r["source"].as_str().unwrap_or(""),
                    r["summary"].as_str().unwrap_or("")
                );
            }
            out
        }
    }
}

/// The full entry for the field at `line:col`, or `None` when there is none.
fn at(file: &Parsed, line: u32, col: u32, format: Format) -> Result<Option<String>> {
    if line as usize > file.index.line_count().max(1) {
        bail!("{}: line {line} is past the end of the file ({} lines)", file.name, file.index.line_count());
    }
    let offset = file.index.offset(line, col).min(file.text.len());
    let Some((doc_index, doc)) = file
        .parse
        .documents
        .iter()
        .enumerate()
        .find(|(_, d)| d.root.as_ref().is_some_and(|r| d.range.cover(r.range).contains_inclusive(offset)))
    else {
        return Ok(None);
    };
    let located = doc.locate(offset).context("locating the field")?;
    let ex = catalog::explain(doc, &located.path);
    let start = located.key_range.unwrap_or(located.value_range).start as usize;
    let lc = file.index.line_col(start);
    Ok(Some(match format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&full_json(&file.name, lc.line, lc.column, doc_index, &ex)).unwrap_or_default()),
        Format::Text => render_text(&file.name, lc.line, lc.column, &ex),
    }))
}

fn full_json(file: &str, line: u32, column: u32, document: usize, ex: &Explanation) -> Value {
    json!({
        "file": file,
        "line": line,
        "column": column,
        "document": document,
        "kind": ex.kind,
        "path": ex.path,
        "source": ex.source.as_str(),
        "title": ex.title,
        "summary": ex.summary,
        "sections": {
            "what": ex.sections.what,
            "options": ex.sections.options,
            "why": ex.sections.why,
            "mistakes": ex.sections.mistakes,
            "kubectl": ex.sections.kubectl,
            "simulator": ex.sections.simulator,
        },
        "value_note": ex.value_note.as_ref().map(|v| json!({
            "id": v.id, "value": v.value, "summary": v.summary, "explanation": v.explanation,
        })),
        "api": ex.api.as_ref().map(|a| json!({
            "type": a.type_name, "description": a.description, "credit": a.credit,
            "k8s_version": a.k8s_version, "required": a.required, "enum": a.enum_values,
        })),
        "concepts": ex.concepts.iter().map(|c| json!({"id": c.id, "title": c.title})).collect::<Vec<_>>(),
        "entry_file": ex.entry_file,
    })
}

/// The entry as text: title, summary, then each non-empty section, indented.
pub fn render_text(file: &str, line: u32, column: u32, ex: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  [{}]", ex.title, ex.source.as_str());
    let _ = writeln!(out, "{file}:{line}:{column}  {}", ex.path);
    let _ = writeln!(out, "\n{}", ex.summary);
    let s = &ex.sections;
    for (heading, body) in [
        ("What it does", &s.what),
        ("Options", &s.options),
        ("Why it matters", &s.why),
        ("Common mistakes", &s.mistakes),
        ("kubectl", &s.kubectl),
        ("In the simulator", &s.simulator),
    ] {
        section(&mut out, heading, body);
    }
    if let Some(v) = &ex.value_note {
        section(&mut out, &format!("The value `{}`", v.value), &format!("{}\n\n{}", v.summary, v.explanation));
    }
    if let Some(api) = &ex.api {
        let mut body = format!("Type: {}{}", api.type_name, if api.required { " (required)" } else { "" });
        if !api.enum_values.is_empty() {
            body.push_str(&format!("; values: {}", api.enum_values.join(", ")));
        }
        if ex.source == catalog::Source::Guide && !api.description.is_empty() {
            body.push_str(&format!("\n\n{}", api.description));
        }
        section(&mut out, &format!("From {}", api.credit), &body);
    }
    if !ex.concepts.is_empty() {
        let list: Vec<String> = ex.concepts.iter().map(|c| format!("{} ({})", c.title, c.id)).collect();
        section(&mut out, "See also", &list.join("\n"));
    }
    out
}

fn section(out: &mut String, heading: &str, body: &str) {
    if body.trim().is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{heading}");
    for line in body.trim().lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
}
