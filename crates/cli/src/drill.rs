//! `ordinal drill FILE…`: a fixed set of faults played on the manifests, each on a fresh
//! simulated cluster, and what each did to the service and the data (`ordinal_core::drill`).

use anyhow::Result;
use ordinal_core::rules::SourceFile;
use std::process::ExitCode;

/// Arguments of `ordinal drill`.
#[derive(clap::Args)]
pub struct Args {
    /// Manifest files (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::simulate::FormatArg,
    /// Seed of the simulated clusters' random choices: same seed, same report.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs `ordinal drill`. Exit status 1 when a drill is blocked or loses data, or none could run.
pub fn run(args: Args) -> Result<ExitCode> {
    let files: Vec<SourceFile> = crate::input::read_all(&args.files)?.into_iter().map(|f| SourceFile::new(f.name, f.text)).collect();
    let report = ordinal_core::drill::run(&files, args.seed);
    match args.format {
        crate::simulate::FormatArg::Json => crate::emit(&(serde_json::to_string_pretty(&report)? + "\n")),
        crate::simulate::FormatArg::Text => crate::emit(&report.to_text()),
    }
    let bad = report.error.is_some() || report.drills.iter().any(|d| matches!(d.outcome, "blocked" | "data-lost"));
    Ok(if bad { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
