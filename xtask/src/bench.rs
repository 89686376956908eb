//! `bench-sim`: times a simulated scale from 0 to 1,000 pods under OrderedReady and Parallel.
//!
//! The kubelet is the automatic one with no delays (a pod goes from bound to Running and Ready
//! in one update), so the figures measure the controllers, not simulated waiting. Each case
//! runs several times; the best and the median wall-clock times are printed, and the best CPU
//! time of the thread (which the verdict reads: on a busy machine wall time mostly measures
//! the other processes). A second table gives the simulated time the same scale takes with
//! realistic kubelet delays.

use anyhow::{bail, Result};
use ordinal_core::sim::{Delays, Input, SimConfig, Simulation};
use std::time::{Duration, Instant};

const SERVICE: &str = r#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx"},
  "spec": {"clusterIP": "None", "selector": {"app": "nginx"}, "ports": [{"name": "web", "port": 80}]}}"#;

fn statefulset(policy: &str) -> String {
    format!(
        r#"{{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {{"name": "web"}},
  "spec": {{"serviceName": "nginx", "replicas": 0, "podManagementPolicy": "{policy}",
    "selector": {{"matchLabels": {{"app": "nginx"}}}},
    "template": {{"metadata": {{"labels": {{"app": "nginx"}}}}, "spec": {{"containers": [{{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.8",
      "ports": [{{"name": "web", "containerPort": 80}}], "volumeMounts": [{{"name": "www", "mountPath": "/usr/share/nginx/html"}}]}}]}}}},
    "volumeClaimTemplates": [{{"metadata": {{"name": "www"}}, "spec": {{"accessModes": ["ReadWriteOnce"], "resources": {{"requests": {{"storage": "1Gi"}}}}}}}}]}}}}"#
    )
}

/// What one run measured.
struct Sample {
    wall: Duration,
    /// CPU time of the thread (Linux: `/proc/thread-self/schedstat`), steadier than wall time
    /// on a busy machine.
    cpu: Option<Duration>,
    simulated_ms: u64,
    ready: usize,
}

fn config(delays: Delays, events: bool) -> SimConfig {
    let mut config = SimConfig::auto();
    config.delays = delays;
    config.nodes = 10;
    config.record_events = events;
    config.check_invariants = false;
    config.settle_limit_ms = 48 * 3600 * 1000;
    config
}

fn scale(policy: &str, replicas: i32, config: SimConfig) -> Result<Sample> {
    let mut sim = Simulation::new(config, 1);
    for manifest in [SERVICE.to_owned(), statefulset(policy)] {
        let r = sim.handle(Input::Apply { manifest, source: "bench".into(), namespace: None, validate: Default::default() });
        if !r.errors.is_empty() {
            bail!("apply failed: {}", r.errors[0].message);
        }
    }
    sim.settle();
    let start_sim = sim.now();
    let cpu_start = thread_cpu();
    let start = Instant::now();
    sim.handle(Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: "default".into(), name: "web".into(), replicas });
    let outcome = sim.settle();
    let wall = start.elapsed();
    let cpu = thread_cpu().zip(cpu_start).map(|(b, a)| b.saturating_sub(a));
    while sim.poll_event().is_some() {}
    let ready = sim.snapshot().pods.values().filter(|p| p.running_and_ready()).count();
    if ready != replicas as usize {
        bail!("{policy}: {ready} of {replicas} pods ready ({outcome:?})");
    }
    Ok(Sample { wall, cpu, simulated_ms: sim.now().since(start_sim), ready })
}

/// Nanoseconds this thread has run on a CPU, where the kernel says.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the benchmark. `--replicas N` (default 1000), `--runs N` (default 5), `--policy P`
/// (only OrderedReady or Parallel, for profiling), `--quick` (skip the realistic-delay table).
pub fn run(args: &[String]) -> Result<()> {
    let mut replicas = 1000;
    let mut runs = 5;
    let mut policies = vec!["OrderedReady", "Parallel"];
    let mut realistic = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--replicas" => replicas = it.next().and_then(|v| v.parse().ok()).ok_or_else(|| anyhow::anyhow!("--replicas N"))?,
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).filter(|n| *n > 0).ok_or_else(|| anyhow::anyhow!("--runs N (N > 0)"))?,
            "--policy" => match it.next().map(String::as_str) {
                Some("OrderedReady") => policies = vec!["OrderedReady"],
                Some("Parallel") => policies = vec!["Parallel"],
                _ => bail!("--policy OrderedReady|Parallel"),
            },
            "--quick" => realistic = false,
            other => bail!("unknown argument {other}: bench-sim [--replicas N] [--runs N] [--policy OrderedReady|Parallel] [--quick]"),
        }
    }
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; run `cargo run --release -p xtask -- bench-sim` for real figures");
    }
    println!("scale 0 → {replicas}, instant kubelet, 10 nodes, best / median of {runs} runs");
    println!("{:<14} {:<8} {:>10} {:>10} {:>10}  target ≤ 50 ms", "policy", "events", "best", "median", "best CPU");
    for policy in policies.iter().copied() {
        for events in [false, true] {
            let mut samples = Vec::new();
            for _ in 0..runs {
                samples.push(scale(policy, replicas, config(Delays::instant(), events))?);
            }
            let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
            walls.sort();
            let best = walls[0];
            let median = walls[walls.len() / 2];
            let cpu = samples.iter().filter_map(|s| s.cpu).min();
            // The verdict reads the CPU time when the kernel gives it: on a shared machine wall
            // time mostly measures the other processes.
            let measured = cpu.unwrap_or(best);
            let verdict = if events { "" } else if measured.as_millis() <= 50 { "met" } else { "MISSED" };
            let cpu_text = cpu.map(ms).unwrap_or_else(|| "-".to_owned());
            println!("{:<14} {:<8} {:>10} {:>10} {:>10}  {verdict}", policy, if events { "on" } else { "off" }, ms(best), ms(median), cpu_text);
            let _ = samples[0].ready;
        }
    }
    // the stress test of the guide's manifests (`ordinal drill`), target ≤ 2 s natively
    let files = [ordinal_core::rules::SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)];
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let report = ordinal_core::drill::run(&files, 1);
        times.push(t.elapsed());
        if report.drills.len() != 12 {
            bail!("the drill of the guide ran {} drills, not 12", report.drills.len());
        }
    }
    times.sort();
    let verdict = if times[0].as_millis() <= 2000 { "met" } else { "MISSED" };
    println!("drill guide {:>10} {:>10}  target ≤ 2000 ms  {verdict}", ms(times[0]), ms(times[times.len() / 2]));
    if !realistic {
        return Ok(());
    }
    println!();
    println!("the same scale with realistic kubelet delays (pull 2–8 s, start ~1 s), simulated time:");
    for policy in policies {
        let s = scale(policy, replicas, config(Delays::realistic(), false))?;
        println!("{:<14} {:>10} wall, {} simulated", policy, ms(s.wall), ordinal_core::sim::time::format_duration_ms(s.simulated_ms));
    }
    Ok(())
}
