//! `cargo run --release -p xtask -- fuzz TARGET [--minutes N] [--seed S]`: fuzzing on stable.
//!
//! cargo-fuzz needs a nightly compiler; this runs everywhere. Inputs are mutations of seed texts
//! (see [`mutate`]) drawn from a seeded PRNG: input `i` of seed `S` is always the same text, so
//! a failure is reproduced by its seed and index alone. The run is split in two processes:
//!
//! - a worker (this program with `--worker`) makes input after input and runs the target under
//!   `catch_unwind` on a thread with a 1 MiB stack (the stack a wasm32 build has), announcing each
//!   input's index before running it;
//! - the supervisor reads those announcements. An input still running after one second is a
//!   hang; a worker that dies without a panic (stack overflow, abort, out of memory) names the
//!   input that killed it. Either way the supervisor writes the input to
//!   `target/fuzz-crashes/TARGET-<hash>.yaml`, prints the seed and the index, and starts a new
//!   worker after it.
//!
//! A suspected hang is run again alone before it is reported, so that a machine busy with
//! other builds does not produce false hangs.

pub mod lsp;
pub mod mutate;
pub mod targets;

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A fuzz target: one of [`targets`] (shared with `crates/core/tests/fuzz_regressions.rs`,
/// which cannot reach the CLI) or the language server's session ([`lsp`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Core(targets::Target),
    Lsp,
}

impl Target {
    fn all() -> Vec<Target> {
        targets::Target::ALL.into_iter().map(Target::Core).chain([Target::Lsp]).collect()
    }

    fn name(self) -> &'static str {
        match self {
            Target::Core(t) => t.name(),
            Target::Lsp => "lsp",
        }
    }

    fn from_name(name: &str) -> Option<Target> {
        targets::Target::from_name(name).map(Target::Core).or((name == "lsp").then_some(Target::Lsp))
    }

    fn run(self, input: &str) -> Result<(), String> {
        match self {
            Target::Core(t) => t.run(input),
            Target::Lsp => lsp::run(input),
        }
    }

    /// Input number `index` of a run seeded with `seed`.
    fn input(self, seed: u64, index: u64, seeds: &[String]) -> String {
        match self {
            Target::Core(t) => targets::input(t, seed, index, seeds),
            Target::Lsp => lsp::input(seed, index, seeds),
        }
    }
}

/// The per-input time budget: an input that takes longer is a hang.
const BUDGET: Duration = Duration::from_secs(1);
/// Crash files written per distinct failure (the rest are counted).
const FILES_PER_FAILURE: usize = 3;
/// The stack the target runs on: what a wasm32 build of the web app has by default.
const STACK: usize = 1024 * 1024;

struct Options {
    /// The program workers run: a private copy of this one, so that a rebuild of
    /// `target/release/xtask` by someone else during a long run does not stop it.
    exe: PathBuf,
    target: Target,
    minutes: f64,
    seed: u64,
    start: u64,
    worker: bool,
    only: Option<u64>,
    file: Option<PathBuf>,
}

fn usage() -> String {
    let names: Vec<&str> = Target::all().iter().map(|t| t.name()).collect();
    format!("usage: cargo run --release -p xtask -- fuzz TARGET [--minutes N] [--seed S] [--input I | --file PATH]\ntargets: {}", names.join(", "))
}

fn options(args: &[String]) -> Result<Options> {
    let Some(name) = args.first() else { bail!("{}", usage()) };
    let Some(target) = Target::from_name(name) else { bail!("unknown fuzz target `{name}`\n{}", usage()) };
    let mut o = Options { exe: PathBuf::new(), target, minutes: 10.0, seed: 0, start: 0, worker: false, only: None, file: None };
    let mut seed_given = false;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| it.next().with_context(|| format!("{a} needs {what}"));
        match a.as_str() {
            "--minutes" => o.minutes = value("a number")?.parse().context("--minutes")?,
            "--seed" => {
                o.seed = value("a number")?.parse().context("--seed")?;
                seed_given = true;
            }
            "--start" => o.start = value("a number")?.parse().context("--start")?,
            "--input" => o.only = Some(value("a number")?.parse().context("--input")?),
            "--file" => o.file = Some(PathBuf::from(value("a path")?)),
            "--worker" => o.worker = true,
            _ => bail!("unknown option `{a}`\n{}", usage()),
        }
    }
    if !seed_given && !o.worker {
        // a fresh seed each run, printed so the run can be repeated
        o.seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    }
    Ok(o)
}

fn workspace() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize().unwrap_or(root)
}

fn seeds(target: Target) -> Result<Vec<String>> {
    let root = workspace();
    let shared = root.join("../shared").canonicalize().context("../shared beside the repository")?;
    // the language server's sessions open the YAML targets' manifests
    let core = match target {
        Target::Core(t) => t,
        Target::Lsp => targets::Target::Lint,
    };
    let seeds = targets::load_seeds(core, &shared, &root.join("crates/core/tests/scenarios"));
    if seeds.is_empty() {
        bail!("no seed inputs found under {}", shared.display());
    }
    Ok(seeds)
}

/// Runs `xtask fuzz`.
pub fn run(args: &[String]) -> Result<()> {
    let o = options(args)?;
    let seeds = seeds(o.target)?;
    if o.worker {
        return worker(o.target, o.seed, o.start, &seeds);
    }
    if let Some(path) = &o.file {
        let input = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        return report(o.target, String::from_utf8_lossy(&input).into_owned());
    }
    if let Some(index) = o.only {
        return reproduce(o.target, o.seed, index, &seeds);
    }
    let mut o = o;
    let bin = workspace().join("target/fuzz-bin");
    std::fs::create_dir_all(&bin)?;
    o.exe = bin.join(format!("xtask-fuzz-{}", std::process::id()));
    std::fs::copy(std::env::current_exe()?, &o.exe).context("copying the fuzz worker program")?;
    let result = supervise(&o, &seeds);
    let _ = std::fs::remove_file(&o.exe);
    result
}

/// Runs one input in this process and prints the outcome.
fn reproduce(target: Target, seed: u64, index: u64, seeds: &[String]) -> Result<()> {
    let input = target.input(seed, index, seeds);
    let path = save(target, &input)?;
    println!("input {index} of seed {seed}: {} bytes, saved as {}", input.len(), path.display());
    report(target, input)
}

/// Runs one input as the worker would and prints the outcome and the time.
fn report(target: Target, input: String) -> Result<()> {
    install_panic_hook();
    let started = Instant::now();
    let outcome = run_guarded(target, input);
    println!("{} in {:.3} s", outcome.err().unwrap_or_else(|| "ok".into()), started.elapsed().as_secs_f64());
    Ok(())
}

thread_local! {
    static PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Keeps a panic's message and place for [`run_guarded`] instead of printing it.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("panicked{at}: {message}")));
    }));
}

/// Runs the target on a 1 MiB-stack thread; `Err` holds a panic ("panicked at …") or a broken
/// invariant.
fn run_guarded(target: Target, input: String) -> Result<(), String> {
    let thread = std::thread::Builder::new().stack_size(STACK).spawn(move || {
        let outcome = std::panic::catch_unwind(|| target.run(&input));
        match outcome {
            Ok(result) => result,
            Err(_) => Err(PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "panicked".into())),
        }
    });
    match thread {
        Ok(handle) => handle.join().unwrap_or_else(|_| Err("the target thread died".into())),
        Err(e) => Err(format!("cannot start a thread: {e}")),
    }
}

/// The worker loop: announce, run, report; forever (the supervisor stops it).
fn worker(target: Target, seed: u64, start: u64, seeds: &[String]) -> Result<()> {
    install_panic_hook();
    let mut out = std::io::stdout().lock();
    for index in start.. {
        let input = target.input(seed, index, seeds);
        writeln!(out, "run {index} {}", input.len())?;
        out.flush()?;
        if let Err(why) = run_guarded(target, input) {
            writeln!(out, "fail {index} {}", why.replace('\n', " "))?;
        }
        writeln!(out, "done {index} 0")?;
        out.flush()?;
    }
    Ok(())
}

enum Report {
    Run { index: u64, len: usize },
    Fail { index: u64, why: String },
    Done { index: u64 },
    Exited,
}

fn spawn_worker(o: &Options, start: u64) -> Result<(Child, mpsc::Receiver<Report>)> {
    let mut child = Command::new(&o.exe)
        .args(["fuzz", o.target.name(), "--worker", "--seed", &o.seed.to_string(), "--start", &start.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting a fuzz worker")?;
    let stdout = child.stdout.take().context("worker stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let mut parts = line.splitn(3, ' ');
            let report = match (parts.next(), parts.next().and_then(|i| i.parse().ok()), parts.next()) {
                (Some("run"), Some(index), Some(len)) => Report::Run { index, len: len.parse().unwrap_or(0) },
                (Some("fail"), Some(index), Some(why)) => Report::Fail { index, why: why.to_owned() },
                (Some("done"), Some(index), _) => Report::Done { index },
                _ => continue,
            };
            if tx.send(report).is_err() {
                return;
            }
        }
        let _ = tx.send(Report::Exited);
    });
    Ok((child, rx))
}

fn crash_dir() -> PathBuf {
    workspace().join("target/fuzz-crashes")
}

fn save(target: Target, input: &str) -> Result<PathBuf> {
    let dir = crash_dir();
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}-{:016x}.yaml", target.name(), mutate::fnv1a(input.as_bytes())));
    std::fs::write(&path, input)?;
    Ok(path)
}

/// A failure's signature: the panic location or the invariant's words without numbers.
fn signature(why: &str) -> String {
    let head = why.split(": ").next().unwrap_or(why);
    head.chars().filter(|c| !c.is_ascii_digit() || head.starts_with("panicked")).collect()
}

struct Tally {
    failures: BTreeMap<String, (usize, Vec<PathBuf>, String)>,
}

impl Tally {
    fn record(&mut self, o: &Options, index: u64, kind: &str, why: &str, seeds: &[String]) {
        let sig = format!("{kind}: {}", signature(why));
        let entry = self.failures.entry(sig).or_insert_with(|| (0, Vec::new(), why.to_owned()));
        entry.0 += 1;
        if entry.1.len() < FILES_PER_FAILURE {
            let input = o.target.input(o.seed, index, seeds);
            match save(o.target, &input) {
                Ok(path) => {
                    println!("{kind} at input {index} (seed {}): {why}\n  saved as {}", o.seed, path.display());
                    entry.1.push(path);
                }
                Err(e) => println!("{kind} at input {index} (seed {}): {why} (not saved: {e})", o.seed),
            }
        }
    }
}

/// Runs input `index` alone in a fresh worker and says how long it took (`None`: still
/// running after ten budgets, or the worker died).
fn time_alone(o: &Options, index: u64) -> Result<Option<Duration>> {
    let (mut child, rx) = spawn_worker(o, index)?;
    let mut started = None;
    let deadline = Instant::now() + BUDGET * 10;
    let result = loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(Report::Run { index: i, .. }) if i == index => started = Some(Instant::now()),
            Ok(Report::Done { index: i }) if i == index => break started.map(|s| s.elapsed()),
            Ok(Report::Run { .. } | Report::Done { .. } | Report::Fail { .. }) => {}
            Ok(Report::Exited) | Err(_) => break None,
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    Ok(result)
}

fn supervise(o: &Options, seeds: &[String]) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs_f64(o.minutes * 60.0);
    println!(
        "fuzzing {} for {} min, seed {} ({} seed inputs); failures go to {}",
        o.target.name(),
        o.minutes,
        o.seed,
        seeds.len(),
        crash_dir().display()
    );
    let started = Instant::now();
    let mut tally = Tally { failures: BTreeMap::new() };
    let (mut inputs, mut bytes, mut slowest) = (0u64, 0u64, (Duration::ZERO, 0u64));
    let mut next_start = 0u64;
    let mut last_progress = Instant::now();
    'workers: while Instant::now() < deadline {
        let (mut child, rx) = spawn_worker(o, next_start)?;
        let mut current: Option<(u64, Instant)> = None;
        loop {
            let now = Instant::now();
            if now >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                break 'workers;
            }
            let wait = match current {
                Some((_, since)) => (since + BUDGET).saturating_duration_since(now),
                None => BUDGET * 30,
            }
            .min(deadline - now)
            .max(Duration::from_millis(1));
            match rx.recv_timeout(wait) {
                Ok(Report::Done { index }) => {
                    if let Some((_, since)) = current.take() {
                        let took = since.elapsed();
                        if took > slowest.0 {
                            slowest = (took, index);
                        }
                    }
                }
                Ok(Report::Run { index, len }) => {
                    current = Some((index, Instant::now()));
                    inputs += 1;
                    bytes += len as u64;
                    if last_progress.elapsed() > Duration::from_secs(60) {
                        last_progress = Instant::now();
                        println!("  {inputs} inputs, {:.0}/s, {} distinct failures", inputs as f64 / started.elapsed().as_secs_f64(), tally.failures.len());
                    }
                }
                Ok(Report::Fail { index, why }) => tally.record(o, index, "failure", &why, seeds),
                Ok(Report::Exited) => {
                    let _ = child.wait();
                    let Some((index, _)) = current else { bail!("the fuzz worker exited between two inputs") };
                    tally.record(o, index, "crash", "the worker died (stack overflow, abort or out of memory)", seeds);
                    next_start = index + 1;
                    continue 'workers;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let Some((index, since)) = current else { continue };
                    if since.elapsed() < BUDGET {
                        continue;
                    }
                    let _ = child.kill();
                    let _ = child.wait();
                    match time_alone(o, index)? {
                        Some(took) if took <= BUDGET => {
                            println!("  input {index} took over {BUDGET:?} under load but {took:?} alone: not a hang");
                        }
                        took => {
                            let why = match took {
                                Some(t) => format!("took {:.2} s alone (budget {} s)", t.as_secs_f64(), BUDGET.as_secs()),
                                None => format!("still running after {} s", BUDGET.as_secs() * 10),
                            };
                            tally.record(o, index, "hang", &why, seeds);
                        }
                    }
                    next_start = index + 1;
                    continue 'workers;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => bail!("lost the fuzz worker"),
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}: {inputs} inputs ({:.1} MB) in {:.1} min, {:.0} inputs/s, slowest {:.0} ms (input {}), seed {}",
        o.target.name(),
        bytes as f64 / 1e6,
        secs / 60.0,
        inputs as f64 / secs,
        slowest.0.as_secs_f64() * 1e3,
        slowest.1,
        o.seed
    );
    if tally.failures.is_empty() {
        println!("no failure");
        return Ok(());
    }
    for (sig, (count, files, example)) in &tally.failures {
        println!("{count} × {sig}\n  e.g. {example}");
        for f in files {
            println!("  {}", f.display());
        }
    }
    bail!("{} distinct failures; reproduce one with --seed {} --input INDEX", tally.failures.len(), o.seed)
}
