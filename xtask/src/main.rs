//! Project automation: `cargo run -p xtask -- <task>`.

mod bench;
mod codegen;
mod fuzz;
mod peers;
mod recall;
mod rule_docs;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprintln!("usage: cargo run -p xtask -- <task>\n\ntasks:\n{}", TASKS.iter().map(|(n, h)| format!("  {n:<12} {h}")).collect::<Vec<_>>().join("\n"));
        return ExitCode::from(2);
    };
    match TASKS.iter().find(|(n, _)| n == task) {
        Some(_) => run(task, &args[1..]),
        None => {
            eprintln!("unknown task `{task}`");
            ExitCode::from(2)
        }
    }
}

const TASKS: &[(&str, &str)] = &[
    ("codegen", "regenerate crates/core/data/k8s-schema.tsv from k8s-openapi (--check: fail if stale)"),
    ("docs", "regenerate docs/rules/*.md from the rule registry (--check: fail if stale)"),
    ("recall", "print the recall of `ordinal lint` over the linter fixtures of ../shared/corpus/real"),
    ("fuzz", "fuzz a target (parse, explain, lint, simulate-script, share-decode, init-command, cron-schedule, plan-drill, lsp, lesson, library) for N minutes: fuzz TARGET [--minutes N] [--seed S]"),
    ("peers", "run ordinal lint, Checkov and kubernetes-validate over ../shared/corpus/real (needs pip installs; not in CI)"),
    ("bench-sim", "time a simulated scale 0→1000 under OrderedReady and Parallel: bench-sim [--replicas N] [--runs N]"),
];

fn run(task: &str, args: &[String]) -> ExitCode {
    let result = match task {
        "codegen" => codegen::run(args),
        "docs" => rule_docs::run(args),
        "recall" => recall::run(args),
        "peers" => peers::run(args),
        "fuzz" => fuzz::run(args),
        "bench-sim" => bench::run(args),
        _ => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e:#}");
            ExitCode::FAILURE
        }
    }
}
