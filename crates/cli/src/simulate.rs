//! `ordinal simulate`: applies manifests to a simulated cluster, runs a script of
//! kubectl-like commands against it, and prints every step (text or JSON).

use anyhow::{bail, Context, Result};
use ordinal_core::apiserver::ServerVersion;
use ordinal_core::sim::script::{self, Runner};
use ordinal_core::sim::{KubeletMode, SimConfig, StorageSetup};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How pods move.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum KubeletArg {
    /// Pods change only when the script says so (`start`, `ready`, `crash`, `finish`, …).
    Manual,
    /// The kubelet pulls, starts and probes by itself after realistic, seeded delays.
    Auto,
}

/// Output format.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormatArg {
    /// A transcript: each command, what kubectl printed, what the controllers did.
    Text,
    /// One JSON object: `{"steps": [...], "final": {...}}`.
    Json,
}

/// The default StorageClass.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum StorageArg {
    /// `standard`, Immediate binding: claims bind as soon as they are created.
    Immediate,
    /// `standard`, WaitForFirstConsumer: claims bind once their first pod is scheduled.
    WaitForFirstConsumer,
    /// No default StorageClass: claims without one stay Pending.
    None,
}

/// Arguments of `ordinal simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// Manifest files, each applied first, in order, as `kubectl apply -f FILE` (`-` for
    /// standard input).
    pub files: Vec<String>,
    /// A script: one command per line (`kubectl apply|delete|scale|set image|patch|get|describe`,
    /// `nslookup`, `dig`, `advance 30s`, and `start|ready|unready|imgfail|crash|evict|finish POD`);
    /// `#` starts a comment. Files it applies are relative to it.
    #[arg(long, value_name = "SCRIPT")]
    pub script: Option<String>,
    /// How pods move.
    #[arg(long, value_enum, default_value = "auto")]
    pub kubelet: KubeletArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Seed of every random choice (IPs, uids, nodes, delays): same seed, same run.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The Kubernetes version to imitate where behaviour changed: 1.33, 1.34 or 1.35.
    #[arg(long, value_name = "VERSION", default_value = "1.35")]
    pub server_version: String,
    /// Feature gates, as kube-apiserver takes them: `MaxUnavailableStatefulSet=true`.
    #[arg(long, value_name = "GATES")]
    pub feature_gates: Option<String>,
    /// The default StorageClass.
    #[arg(long, value_enum, default_value = "immediate")]
    pub storage: StorageArg,
    /// Namespaces to create before anything runs, comma-separated (`default` always exists).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub namespaces: Vec<String>,
    /// What each of the three nodes offers to pods: `cpu=4,memory=8092Mi` (the default: 4 CPUs,
    /// 8Gi less the kubelet's 100Mi eviction threshold). The scheduler fits pods by their
    /// requests against it.
    #[arg(long, value_name = "RESOURCES")]
    pub node_allocatable: Option<String>,
    /// The wall-clock instant the simulated cluster starts at, in UTC (default
    /// 2026-01-01T00:00:00Z). CronJob schedules, timestamps and `date` follow from it.
    #[arg(long, value_name = "RFC3339")]
    pub start_time: Option<String>,
}

fn config(args: &Args) -> Result<SimConfig> {
    let mut config = match args.kubelet {
        KubeletArg::Manual => SimConfig::manual(),
        KubeletArg::Auto => SimConfig::auto(),
    };
    config.api.version = ServerVersion::parse(&args.server_version)
        .with_context(|| format!("unsupported --server-version {:?}: use 1.33, 1.34 or 1.35", args.server_version))?;
    if let Some(gates) = &args.feature_gates {
        for gate in gates.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            let (name, value) = gate.split_once('=').unwrap_or((gate, "true"));
            let on = match value {
                "true" => true,
                "false" => false,
                other => bail!("feature gate {name}: {other:?} is not true or false"),
            };
            match name {
                "MaxUnavailableStatefulSet" => config.api.max_unavailable_gate = on,
                other => bail!("unknown feature gate {other:?}: the simulator knows MaxUnavailableStatefulSet"),
            }
        }
    }
    config.storage = match args.storage {
        StorageArg::Immediate => StorageSetup::Immediate,
        StorageArg::WaitForFirstConsumer => StorageSetup::WaitForFirstConsumer,
        StorageArg::None => StorageSetup::NoDefaultClass,
    };
    if let Some(text) = &args.node_allocatable {
        config.set_node_allocatable(text).map_err(|e| anyhow::anyhow!("--node-allocatable: {e}"))?;
    }
    if let Some(text) = &args.start_time {
        config.set_start_time(text).map_err(|e| anyhow::anyhow!("--start-time: {e}"))?;
    }
    for ns in &args.namespaces {
        if !config.namespaces.contains(ns) {
            config.namespaces.push(ns.clone());
        }
    }
    if config.kubelet == KubeletMode::Manual {
        config.delays = ordinal_core::sim::Delays::realistic();
    }
    Ok(config)
}

/// Runs `ordinal simulate`.
pub fn run(args: Args) -> Result<ExitCode> {
    if args.files.is_empty() && args.script.is_none() {
        bail!("give manifest files, a --script, or both");
    }
    let config = config(&args)?;
    let files: Vec<(String, String)> = crate::input::read_all(&args.files)?.into_iter().map(|f| (f.name, f.text)).collect();
    let (commands, base): (Vec<script::Command>, PathBuf) = match &args.script {
        Some(path) => {
            let file = crate::input::read_one(path)?;
            match script::parse(&file.text) {
                Ok(commands) => (commands, Path::new(path).parent().map(Path::to_path_buf).unwrap_or_default()),
                Err(errors) => {
                    for e in errors {
                        eprintln!("{path}:{e}");
                    }
                    return Ok(ExitCode::from(2));
                }
            }
        }
        None => (Vec::new(), PathBuf::new()),
    };
    let mut load = |file: &str| -> Result<String, String> {
        let path = base.join(file);
        std::fs::read_to_string(&path).map_err(|_| format!("the path \"{file}\" does not exist"))
    };
    let (run, sim) = Runner::new(config, args.seed).run_all(&files, &commands, &mut load);
    match args.format {
        FormatArg::Json => crate::emit(&run.to_json_pretty()),
        FormatArg::Text => crate::emit(&run.to_text(&sim)),
    }
    for v in &run.violations {
        eprintln!("ordinal: simulator invariant violated (a bug, please report it with the seed): {v}");
    }
    Ok(if run.failed() || !run.violations.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
