//! Project automation: `cargo run -p xtask -- <task>`.

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

const TASKS: &[(&str, &str)] = &[];

fn run(_task: &str, _args: &[String]) -> ExitCode {
    ExitCode::SUCCESS
}
