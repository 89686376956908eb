//! `ordinal lesson check FILE`: reads a lesson file written for the page (the format of
//! `docs/lessons.md`), reports each problem at its line and column, then plays the lesson
//! with its own `do:` lines on a simulated lab and reports each step whose check is already
//! true before it, or not true after it (`ordinal_core::lessons::{load, rehearse}`).

use anyhow::Result;
use std::process::ExitCode;

/// Arguments of `ordinal lesson`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: LessonCommand,
}

/// What to do with a lesson file.
#[derive(clap::Subcommand)]
pub enum LessonCommand {
    /// Read a lesson file, report its problems at LINE:COLUMN, and play it with its own
    /// solutions. Exit status 1 when it has problems.
    Check {
        /// The lesson file (`-` for standard input).
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: crate::simulate::FormatArg,
        /// Only read the file; do not play the lesson.
        #[arg(long)]
        no_play: bool,
        /// Seed of the lab's simulated cluster.
        #[arg(long, default_value_t = 11)]
        seed: u64,
    },
}

/// The JSON report.
#[derive(serde::Serialize)]
struct Report<'a> {
    file: &'a str,
    /// The lesson's id, title and step count, when it reads.
    lesson: Option<Summary<'a>>,
    /// Whether it was played.
    played: bool,
    problems: Vec<ordinal_core::lessons::Problem>,
}

#[derive(serde::Serialize)]
struct Summary<'a> {
    id: &'a str,
    number: u32,
    title: &'a str,
    steps: usize,
}

/// Runs `ordinal lesson`.
pub fn run(args: Args) -> Result<ExitCode> {
    let LessonCommand::Check { file, format, no_play, seed } = args.command;
    let input = crate::input::read_one(&file)?;
    let loaded = ordinal_core::lessons::load(&input.name, &input.text);
    let (lesson, mut problems) = match &loaded {
        Ok(l) => (Some(l), Vec::new()),
        Err(p) => (None, p.clone()),
    };
    let played = lesson.is_some() && !no_play;
    if let (Some(l), true) = (lesson, played) {
        problems.extend(ordinal_core::lessons::rehearse(l, "", seed).problems);
    }
    let report = Report { file: &input.name, lesson: lesson.map(|l| Summary { id: l.id, number: l.number, title: l.title, steps: l.steps.len() }), played, problems };
    match format {
        crate::simulate::FormatArg::Json => crate::emit(&(serde_json::to_string_pretty(&report)? + "\n")),
        crate::simulate::FormatArg::Text => {
            let mut out = String::new();
            for p in &report.problems {
                out.push_str(&format!("{}:{p}\n", report.file));
            }
            out.push_str(&match (&report.lesson, report.problems.len()) {
                (Some(l), 0) if played => format!("{}: lesson {} `{}`, {} steps: reads, and every step plays\n", report.file, l.number, l.id, l.steps),
                (Some(l), 0) => format!("{}: lesson {} `{}`, {} steps: reads (not played)\n", report.file, l.number, l.id, l.steps),
                (_, n) => format!("{}: {n} problem{}\n", report.file, if n == 1 { "" } else { "s" }),
            });
            crate::emit(&out);
        }
    }
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
