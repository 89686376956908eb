//! `ordinal`: explain, lint, simulate and plan Kubernetes StatefulSet manifests from the command line.
//!
//! A thin shell over `ordinal-core`: it reads files, calls the core and prints. Exit status:
//! 0 success, 1 findings at or above the fail level (lint) or a failed step (simulate),
//! 2 usage errors or unreadable input.

mod drill;
mod explain;
mod input;
mod lesson;
mod lint;
mod plan;
mod simulate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Writes to standard output. A reader that stops early (`| head`) closes the pipe: that
/// ends the command quietly with status 0, as it does for other Unix tools, rather than a
/// panic from `print!`.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("ordinal: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

#[derive(Parser)]
#[command(name = "ordinal", version, about = "Explain, lint and simulate Kubernetes StatefulSets")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Explain every field of the manifests, or the one at --at LINE:COL.
    Explain(explain::Args),
    /// Report mistakes: YAML and schema errors, API validation, and best-practice checks.
    Lint(lint::Args),
    /// Apply the manifests to a simulated cluster and run a script of kubectl-like commands.
    Simulate(simulate::Args),
    /// Say what applying NEW over the applied manifest will do: refused, pods replaced and in
    /// which order, pods held, claims created, kept and deleted.
    Plan(plan::Args),
    /// Stress-test the manifests: delete each pod, drain and lose each node, scale, roll a bad
    /// image and back, delete and re-apply the set; report what each did to service and data.
    Drill(drill::Args),
    /// Check a lesson file written for the page: its problems at LINE:COLUMN, then each step
    /// played with its own solutions.
    Lesson(lesson::Args),
    /// Run the language server (LSP 3.17) on standard input and output, for editors:
    /// hovers, diagnostics, quick fixes, related fields, completion and document symbols.
    Lsp(LspArgs),
}

/// Arguments of `ordinal lsp`.
#[derive(clap::Args)]
struct LspArgs {
    /// Use standard input and output (the only transport; accepted because some clients pass it).
    #[arg(long)]
    stdio: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Explain(args) => explain::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Drill(args) => drill::run(args),
        Command::Lsp(_) => Ok(ExitCode::from(ordinal_cli::lsp::run() as u8)),
        Command::Lesson(args) => lesson::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ordinal: {e:#}");
            ExitCode::from(2)
        }
    }
}
