//! `ordinal plan --applied OLD.yaml NEW.yaml`: what applying NEW over OLD will do, before it is
//! applied (`ordinal_core::plan`).

use anyhow::{bail, Context, Result};
use ordinal_core::apiserver::ServerVersion;
use std::process::ExitCode;

/// Arguments of `ordinal plan`.
#[derive(clap::Args)]
pub struct Args {
    /// The manifest applied now (one file; it may hold several documents; `-` for standard
    /// input).
    #[arg(long, value_name = "OLD")]
    pub applied: String,
    /// The manifest about to be applied.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::simulate::FormatArg,
    /// The Kubernetes version to imitate: 1.33, 1.34 or 1.35 (the plan lists the others'
    /// verdicts too).
    #[arg(long, value_name = "VERSION", default_value = "1.35")]
    pub server_version: String,
    /// Seed of the simulated cluster's random choices.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs `ordinal plan`. Exit status 1 when the server would refuse the new manifest.
pub fn run(args: Args) -> Result<ExitCode> {
    let version = ServerVersion::parse(&args.server_version).with_context(|| format!("unsupported --server-version {:?}: use 1.33, 1.34 or 1.35", args.server_version))?;
    if args.applied == "-" && args.new == "-" {
        bail!("only one of the two manifests can be read from standard input");
    }
    let old = crate::input::read_one(&args.applied)?;
    let new = crate::input::read_one(&args.new)?;
    let manifests = ordinal_core::plan::Manifests { old: &old.text, old_name: &old.name, new: &new.text, new_name: &new.name };
    let plan = ordinal_core::plan::plan(manifests, version, args.seed);
    match args.format {
        crate::simulate::FormatArg::Json => crate::emit(&(serde_json::to_string_pretty(&plan)? + "\n")),
        crate::simulate::FormatArg::Text => crate::emit(&plan.to_text()),
    }
    Ok(if plan.rejected.is_some() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
