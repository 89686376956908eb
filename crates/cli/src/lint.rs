//! `ordinal lint`.

use anyhow::Result;
use std::process::ExitCode;

/// Arguments of `ordinal lint`.
#[derive(clap::Args)]
pub struct Args {
    /// Manifest files (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<String>,
}

/// Runs `ordinal lint`.
pub fn run(args: Args) -> Result<ExitCode> {
    let _files = crate::input::read_all(&args.files)?;
    anyhow::bail!("`ordinal lint` is being built")
}
