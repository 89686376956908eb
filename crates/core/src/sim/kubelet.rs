//! The kubelet: how a bound pod becomes Running and Ready, crashes, fails to pull, is evicted,
//! and stops within its grace period (reference §5.1). In auto mode it moves by itself after
//! seeded delays; in manual mode only [`KubeletAction`]s and timers move it.

use super::events::Actor;
use super::model::*;
use super::time::SimTime;
use super::world::{KubeletStep, Timer, World};
use std::net::Ipv4Addr;

const SOURCE: &str = "kubelet";

/// What a test or lesson tells the kubelet to do with a pod (`start web-0`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KubeletAction {
    /// Sandbox created (a new pod IP), containers running, not Ready yet.
    Start,
    /// `Start` if needed, then the Ready condition turns True.
    Ready,
    /// The readiness probe fails: Ready turns False, the pod stays Running.
    Unready,
    /// The image cannot be pulled: `ErrImagePull` / `ImagePullBackOff`, phase Pending.
    ImgFail,
    /// The container crashes: `CrashLoopBackOff`, restarts + 1, phase Running, not Ready.
    Crash,
    /// The pod is evicted: phase Failed, reason Evicted.
    Evict,
    /// A graceful termination completes now: the pod object is removed.
    Finish,
}

impl KubeletAction {
    /// The script word: `start`, `ready`, …
    pub fn as_str(self) -> &'static str {
        match self {
            KubeletAction::Start => "start",
            KubeletAction::Ready => "ready",
            KubeletAction::Unready => "unready",
            KubeletAction::ImgFail => "imgfail",
            KubeletAction::Crash => "crash",
            KubeletAction::Evict => "evict",
            KubeletAction::Finish => "finish",
        }
    }

    /// Parses a script word.
    pub fn parse(word: &str) -> Option<KubeletAction> {
        Some(match word {
            "start" => KubeletAction::Start,
            "ready" => KubeletAction::Ready,
            "unready" => KubeletAction::Unready,
            "imgfail" => KubeletAction::ImgFail,
            "crash" => KubeletAction::Crash,
            "evict" => KubeletAction::Evict,
            "finish" => KubeletAction::Finish,
            _ => return None,
        })
    }
}

/// The status of a pod the API server just accepted.
pub(crate) fn initial_status(now: SimTime) -> PodStatus {
    PodStatus {
        phase: PodPhase::Pending,
        node: None,
        scheduled_at: None,
        ip: None,
        started_at: None,
        container: None,
        last_termination: None,
        restarts: 0,
        last_restart_at: None,
        ready: false,
        ready_changed_at: now,
        reason: None,
        message: None,
        disruption_target: None,
        containers_ready_frozen: None,
        init: Vec::new(),
    }
}

fn delay(w: &mut World, range: (u64, u64)) -> u64 {
    w.rng.between(range.0, range.1)
}

fn bump_epoch(w: &mut World, uid: &str) -> u32 {
    let k = w.kubelet.entry(uid.to_owned()).or_default();
    k.epoch += 1;
    k.epoch
}

fn schedule_step(w: &mut World, key: &ObjectKey, delay_ms: u64, step: KubeletStep) {
    let Some(uid) = w.state.pods.get(key).map(|p| p.meta.uid.clone()) else { return };
    let epoch = bump_epoch(w, &uid);
    w.schedule_in(delay_ms, Timer::Kubelet { pod: key.clone(), uid, epoch, step });
}

/// Schedules a step beside the pending ones (a probe beside the readiness step): the same
/// epoch, so that anything that invalidates them invalidates it too.
fn schedule_beside(w: &mut World, key: &ObjectKey, delay_ms: u64, step: KubeletStep) {
    let Some(uid) = w.state.pods.get(key).map(|p| p.meta.uid.clone()) else { return };
    let epoch = w.kubelet.get(&uid).map_or(0, |k| k.epoch);
    w.schedule_in(delay_ms, Timer::Kubelet { pod: key.clone(), uid, epoch, step });
}

fn container_names(pod: &Pod) -> Vec<(String, String)> {
    pod.spec.containers.iter().map(|c| (c.name.clone(), c.image.clone().unwrap_or_default())).collect()
}

/// The state the kubelet reports for containers it has not created yet
/// (`kubelet_pods.go :: convertToAPIContainerStatuses`): `PodInitializing` in a pod with init
/// containers, `ContainerCreating` otherwise. The init containers' statuses appear with it.
fn creating(p: &mut Pod) {
    let has_init = p.spec.init_containers.as_ref().is_some_and(|i| !i.is_empty());
    let reason = if has_init { "PodInitializing" } else { "ContainerCreating" };
    p.status.container = Some(ContainerState::Waiting { reason: reason.to_owned(), message: None });
    if has_init && p.status.init.is_empty() {
        p.status.init = p
            .spec
            .init_containers
            .iter()
            .flatten()
            .map(|c| InitStatus { name: c.name.clone(), state: ContainerState::Waiting { reason: "PodInitializing".to_owned(), message: None }, last_termination: None, restarts: 0 })
            .collect();
    }
}

/// The containers the kubelet works on now: the init container that has not completed, or,
/// once they all have, the app containers.
fn current_containers(pod: &Pod) -> Vec<&k8s_openapi::api::core::v1::Container> {
    match pod.status.init_running() {
        Some(i) => pod.spec.init_containers.iter().flatten().skip(i).take(1).collect(),
        None => pod.spec.containers.iter().collect(),
    }
}

fn event(w: &mut World, key: &ObjectKey, type_: EventType, reason: &str, message: String) {
    let Some(uid) = w.state.pods.get(key).map(|p| p.meta.uid.clone()) else { return };
    w.record(&key.namespace, "Pod", &key.name, &uid, type_, reason, message, SOURCE);
}

/// The scheduler bound the pod to a node. Auto mode: the kubelet picks it up, once the
/// attach/detach controller attached its volumes (until then: `ContainerCreating`).
pub(crate) fn bound(w: &mut World, key: &ObjectKey) {
    if !w.auto() || !node_up_for(w, key) {
        return;
    }
    let Some(pod) = w.state.pods.get(key) else { return };
    if super::attachdetach::volumes_attached(&w.state, pod).is_err() {
        if pod.status.container.is_none() {
            w.update_pod(key, Actor::Kubelet, creating);
        }
        return;
    }
    if w.cfg.delays.is_instant() {
        start_instantly(w, key);
        return;
    }
    w.update_pod(key, Actor::Kubelet, creating);
    let d = delay(w, w.cfg.delays.sandbox_ms);
    schedule_step(w, key, d, KubeletStep::Sandbox);
}

/// The attach/detach controller attached a volume of the pod: the kubelet goes on, if it
/// had not started it yet.
pub(crate) fn volumes_ready(w: &mut World, key: &ObjectKey) {
    let waiting = w.state.pods.get(key).is_some_and(|p| p.status.ip.is_none() && !p.meta.terminating() && !p.status.phase.is_terminal());
    if waiting && w.kubelet.get(&w.state.pods[key].meta.uid).is_some_and(|k| k.epoch == 0) {
        bound(w, key);
    }
}

/// Benchmark kubelet: bound to Running (and Ready, without a readiness probe) in one update.
fn start_instantly(w: &mut World, key: &ObjectKey) {
    let Some(node) = w.state.pods.get(key).and_then(|p| p.status.node.clone()) else { return };
    let has_init = w.state.pods.get(key).is_some_and(|p| p.spec.init_containers.as_ref().is_some_and(|i| !i.is_empty()));
    if has_init || w.state.pods.get(key).is_some_and(|p| env_error(&w.state, p).is_some()) {
        sandbox(w, key);
        if can_create(w, key) && run_init_now(w, key).is_ok() {
            started(w, key);
        }
        return;
    }
    let ip = allocate_ip(w, key, &node);
    let now = w.now();
    let has_probe = w.state.pods.get(key).is_some_and(has_readiness_probe);
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.ip = Some(ip);
        p.status.started_at = Some(now);
        p.status.phase = PodPhase::Running;
        p.status.container = Some(ContainerState::Running { since: now });
        p.status.last_restart_at = Some(now);
        if !has_probe {
            p.status.ready = true;
            p.status.ready_changed_at = now;
        }
    });
    count_mounts(w, key);
    if entrypoint_fails(w, key) {
        return;
    }
    if has_probe {
        let d = readiness_delay(w, key);
        schedule_step(w, key, d, KubeletStep::Ready);
    }
}

fn has_readiness_probe(pod: &Pod) -> bool {
    pod.spec.containers.iter().any(|c| c.readiness_probe.is_some())
}

fn readiness_delay(w: &mut World, key: &ObjectKey) -> u64 {
    let initial = w
        .state
        .pods
        .get(key)
        .map(|p| p.spec.containers.iter().filter_map(|c| c.readiness_probe.as_ref()).map(|pr| pr.initial_delay_seconds.unwrap_or(0)).max().unwrap_or(0))
        .unwrap_or(0);
    let jitter = w.rng.between(0, 1000);
    let mut at = (initial.max(0) as u64) * 1000 + jitter;
    // a probe of postgres passes on the first period once the database answers, and not
    // before a startup probe passed
    if let Some((pod, since)) = w.state.pods.get(key).and_then(|p| running_since(p).map(|s| (p, s))) {
        let readiness = pod.spec.containers.iter().find_map(|c| c.readiness_probe.as_ref());
        let startup = pod.spec.containers.iter().find_map(|c| c.startup_probe.as_ref());
        let mut ready_from = readiness.filter(|p| probe_follows_db(p)).and_then(|_| w.db.startup(&w.state, pod, since)).map_or(0, |s| s.accept_at.since(since));
        if let Some(startup) = startup {
            ready_from = ready_from.max(first_pass_ms(w, pod, since, startup));
        }
        let period = readiness.or(startup).map_or(1000, probe_period_ms);
        while at < ready_from {
            at += period;
        }
        // `successThreshold` passes in a row before Ready
        at += readiness.map_or(0, |p| (p.success_threshold.unwrap_or(1).max(1) as u64 - 1) * period);
    }
    at
}

fn running_since(pod: &Pod) -> Option<SimTime> {
    match pod.status.container {
        Some(ContainerState::Running { since }) => Some(since),
        _ => None,
    }
}

fn probe_period_ms(p: &k8s_openapi::api::core::v1::Probe) -> u64 {
    p.period_seconds.unwrap_or(10).max(1) as u64 * 1000
}

/// Whether a probe's outcome follows postgres answering (`pg_isready`, `psql`), rather than
/// its socket being open.
fn probe_follows_db(p: &k8s_openapi::api::core::v1::Probe) -> bool {
    p.exec.as_ref().is_some_and(|e| e.command.iter().flatten().any(|w| w.contains("pg_isready") || w.contains("psql")))
}

/// How long after the start the probe first passes (its first period once it would pass).
fn first_pass_ms(w: &World, pod: &Pod, since: SimTime, p: &k8s_openapi::api::core::v1::Probe) -> u64 {
    let mut t = p.initial_delay_seconds.unwrap_or(0).max(0) as u64 * 1000;
    for _ in 0..10_000 {
        if probe_outcome(w, pod, since, p, since.plus_ms(t)).is_ok() {
            return t;
        }
        t += probe_period_ms(p);
    }
    t
}

/// What one run of a probe answers at `at` for a container that started at `since`
/// (`pkg/kubelet/prober/prober.go :: runProbe`): `Err` with the output the kubelet puts after
/// `Liveness probe failed: `.
/// - `exec` of `pg_isready` or `psql`: passes once postgres accepts connections; until then
///   pg_isready prints `/var/run/postgresql:5432 - rejecting connections`. Other commands
///   pass.
/// - `tcpSocket`: postgres opens port 5432 as soon as the postmaster runs, before crash
///   recovery, so a socket probe of 5432 passes from the start; a port nothing listens on is
///   refused (`dial tcp IP:PORT: connect: connection refused`).
/// - `httpGet`: postgres speaks no HTTP: on 5432 it closes the connection (`Get "URL": EOF`);
///   elsewhere the connection is refused.
/// - `grpc`: refused.
pub(crate) fn probe_outcome(w: &World, pod: &Pod, since: SimTime, p: &k8s_openapi::api::core::v1::Probe, at: SimTime) -> Result<(), String> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let ip = pod.status.ip.map(|i| i.to_string()).unwrap_or_default();
    let port_of = |port: &IntOrString| -> Option<i32> {
        match port {
            IntOrString::Int(n) => Some(*n),
            IntOrString::String(name) => pod.spec.containers.iter().flat_map(|c| c.ports.iter().flatten()).find(|cp| cp.name.as_deref() == Some(name)).map(|cp| cp.container_port),
        }
    };
    let postgres = super::postgres::is_postgres(pod);
    let accepting = || w.db.startup(&w.state, pod, since).is_none_or(|s| at >= s.accept_at);
    if let Some(e) = &p.exec {
        let command = e.command.clone().unwrap_or_default();
        if postgres && probe_follows_db(p) && !accepting() {
            return Err("/var/run/postgresql:5432 - rejecting connections".to_owned());
        }
        // the runtime ends a command that outlives `timeoutSeconds` (cri-client
        // `remote_runtime.go :: ExecSync`: `command %q timed out`)
        let timeout_ms = p.timeout_seconds.unwrap_or(1).max(1) as u64 * 1000;
        if postgres && exec_probe_ms(w, pod, &command) > timeout_ms {
            return Err(format!("command {} timed out", crate::apiserver::go::quote(&command.join(" "))));
        }
        return Ok(());
    }
    if let Some(t) = &p.tcp_socket {
        let port = port_of(&t.port).unwrap_or(0);
        return if !postgres || port == 5432 { Ok(()) } else { Err(format!("dial tcp {ip}:{port}: connect: connection refused")) };
    }
    if let Some(h) = &p.http_get {
        let port = port_of(&h.port).unwrap_or(0);
        let path = h.path.clone().unwrap_or_else(|| "/".to_owned());
        if !postgres {
            return Ok(());
        }
        return Err(if port == 5432 { format!("Get \"http://{ip}:{port}{path}\": EOF") } else { format!("Get \"http://{ip}:{port}{path}\": dial tcp {ip}:{port}: connect: connection refused") });
    }
    if p.grpc.is_some() && postgres {
        return Err("timeout: failed to connect service \":5432\" within 1s: context deadline exceeded".to_owned());
    }
    Ok(())
}

/// How long an exec probe's command runs in a postgres container: a query that scans the
/// client's table takes [`super::postgres::scan_ms`] for its rows; `pg_isready` and other
/// commands answer at once.
fn exec_probe_ms(w: &World, pod: &Pod, command: &[String]) -> u64 {
    let scans = command.iter().any(|w| w.contains("psql")) && command.iter().any(|w| w.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ").contains(&format!("from {}", super::postgres::TABLE)));
    if !scans {
        return 0;
    }
    let rows = w.db.data_of(&w.state, pod).map_or(0, super::postgres::Data::rows);
    super::postgres::scan_ms(rows, super::postgres::cpu_limit_millis(pod))
}

/// After a bulk write (`INSERT … generate_series`, `psql < dump`): a probe that passed and
/// stopped being re-run (nothing else in the model changes its answer) runs again at its next
/// period if it would now fail, as the kubelet's worker would find on its next tick.
pub(crate) fn recheck_probes(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(since) = running_since(pod) else { return };
    let now = w.now();
    let uid = pod.meta.uid.clone();
    let readiness = pod.spec.containers.iter().find_map(|c| c.readiness_probe.clone());
    let liveness = pod.spec.containers.iter().find_map(|c| c.liveness_probe.clone());
    let fails = |p: &Option<k8s_openapi::api::core::v1::Probe>| p.as_ref().filter(|p| probe_outcome(w, pod, since, p, now).is_err()).map(probe_period_ms);
    let (readiness_at, liveness_at) = (fails(&readiness), fails(&liveness));
    let Some(k) = w.kubelet.get_mut(&uid) else { return };
    let readiness_at = readiness_at.filter(|_| std::mem::take(&mut k.readiness_idle));
    let liveness_at = liveness_at.filter(|_| std::mem::take(&mut k.liveness_idle));
    if let Some(d) = readiness_at {
        schedule_beside(w, key, d, KubeletStep::ReadinessProbe);
    }
    if let Some(d) = liveness_at {
        schedule_beside(w, key, d, KubeletStep::LivenessProbe);
    }
}

/// The readiness probe after the container's first Ready step: each failure an `Unhealthy`
/// event, `failureThreshold` of them in a row make the pod unready (its endpoints and DNS
/// records go), `successThreshold` passes in a row make it Ready again
/// (`pkg/kubelet/prober/worker.go :: doProbe`). It runs every `periodSeconds` while it fails
/// or the pod is unready; once it passes on a Ready pod it rests until a bulk write
/// ([`recheck_probes`]).
fn run_readiness(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(since) = running_since(pod) else { return };
    let Some(probe) = pod.spec.containers.iter().find_map(|c| c.readiness_probe.clone()) else { return };
    let uid = pod.meta.uid.clone();
    let ready = pod.status.ready;
    let now = w.now();
    let outcome = probe_outcome(w, pod, since, &probe, now);
    let held = w.kubelet.get(&uid).is_some_and(|k| k.held_unready);
    let k = w.kubelet.entry(uid).or_default();
    match outcome {
        Err(output) => {
            k.readiness_streak = k.readiness_streak.max(0) + 1;
            let streak = k.readiness_streak;
            event(w, key, EventType::Warning, "Unhealthy", format!("Readiness probe failed: {output}"));
            if ready && streak >= probe.failure_threshold.unwrap_or(3).max(1) {
                set_ready(w, key, false);
            }
            schedule_beside(w, key, probe_period_ms(&probe), KubeletStep::ReadinessProbe);
        }
        Ok(()) => {
            k.readiness_streak = k.readiness_streak.min(0) - 1;
            let passes = -k.readiness_streak;
            if ready {
                k.readiness_idle = true;
            } else if !held && passes >= probe.success_threshold.unwrap_or(1).max(1) {
                k.readiness_idle = true;
                set_ready(w, key, true);
            } else {
                schedule_beside(w, key, probe_period_ms(&probe), KubeletStep::ReadinessProbe);
            }
        }
    }
}

/// The container started (or restarted): its startup probe runs first, then its liveness
/// probe, each from its `initialDelaySeconds`, every `periodSeconds`
/// (`pkg/kubelet/prober/worker.go`).
fn start_probes(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let uid = pod.meta.uid.clone();
    let (startup, liveness) = (pod.spec.containers.iter().find_map(|c| c.startup_probe.clone()), pod.spec.containers.iter().find_map(|c| c.liveness_probe.clone()));
    if let Some(k) = w.kubelet.get_mut(&uid) {
        k.probe_failures = 0;
        k.readiness_streak = 0;
        k.readiness_idle = false;
        k.liveness_idle = false;
    }
    let (step, probe) = match (startup, liveness) {
        (Some(p), _) => (KubeletStep::StartupProbe, p),
        (None, Some(p)) => (KubeletStep::LivenessProbe, p),
        (None, None) => return,
    };
    let d = probe.initial_delay_seconds.unwrap_or(0).max(0) as u64 * 1000;
    schedule_beside(w, key, d.max(1), step);
}

/// The container started: if its postgres will use more memory than `limits.memory`
/// ([`super::postgres::Postgres::memory`]), the kernel's OOM killer ends it when it does: as
/// the processes start, or when the clients connect.
fn watch_memory(w: &mut World, key: &ObjectKey) {
    use super::postgres::{memory_limit, memory_when_accepting, PROCESS_BYTES};
    let Some(pod) = w.state.pods.get(key) else { return };
    let (Some(limit), Some(since)) = (memory_limit(pod), running_since(pod)) else { return };
    let Some(startup) = w.db.startup(&w.state, pod, since).filter(|s| s.failed.is_none()) else { return };
    let at = if PROCESS_BYTES > limit {
        since.plus_ms(300)
    } else if memory_when_accepting() > limit {
        startup.accept_at
    } else {
        // the client's own writes fill shared buffers at about 1 KB/s, days to matter: the
        // limit is checked again at each bulk write ([`oom_check`])
        return;
    };
    let now = w.now();
    schedule_beside(w, key, at.since(now).max(1), KubeletStep::OomKill);
}

/// The OOM killer ends the container (cgroup v2 `memory.oom.group`: all its processes):
/// `OOMKilled`, exit code 137, restarted after the crash back-off. `rows`: the rows a
/// statement was writing when it happened.
pub(crate) fn oom_check(w: &mut World, key: &ObjectKey, rows: u64) -> bool {
    let Some(pod) = w.state.pods.get(key) else { return false };
    let Some(limit) = super::postgres::memory_limit(pod) else { return false };
    let now = w.now();
    let over = w.db.memory(pod, now, rows).is_some_and(|m| m > limit);
    if over {
        back_off(w, key, "OOMKilled", 137);
    }
    over
}

/// A bulk write of `rows` through the pod's database (an `INSERT … generate_series`, `psql <
/// dump`): the rows pass through shared buffers, and past `limits.memory` the OOM killer ends
/// the container in the middle of the statement, which is rolled back. Whether it did.
pub(crate) fn killed_by_write(w: &mut World, pod: &Pod, rows: u64) -> bool {
    let now = w.now();
    w.db.status(&pod.meta.key(), &pod.meta.uid, now) == super::postgres::DbStatus::Accepting && oom_check(w, &pod.meta.key(), rows)
}

/// A probe ran: a pass ends the startup probe (the liveness probe takes over) or, for the
/// liveness probe, rests it until a bulk write could change its answer ([`recheck_probes`]); a
/// failure is the `Unhealthy` event, and `failureThreshold` of them in a row kill the
/// container, which the kubelet restarts (`kuberuntime_manager.go :: computePodActions`:
/// `Container NAME failed liveness probe, will be restarted`).
fn run_probe(w: &mut World, key: &ObjectKey, startup: bool) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(since) = running_since(pod) else { return };
    let uid = pod.meta.uid.clone();
    let Some((name, probe)) = pod.spec.containers.iter().find_map(|c| if startup { c.startup_probe.clone() } else { c.liveness_probe.clone() }.map(|p| (c.name.clone(), p))) else { return };
    let now = w.now();
    let outcome = probe_outcome(w, pod, since, &probe, now);
    let kind = if startup { "Startup" } else { "Liveness" };
    match outcome {
        Ok(()) => {
            if let Some(k) = w.kubelet.get_mut(&uid) {
                k.probe_failures = 0;
                // a liveness probe that passed rests until something can change its answer
                k.liveness_idle = !startup;
            }
            if startup {
                if let Some(l) = w.state.pods.get(key).and_then(|p| p.spec.containers.iter().find_map(|c| c.liveness_probe.clone())) {
                    // liveness's initial delay counts from the container's start
                    let d = (l.initial_delay_seconds.unwrap_or(0).max(0) as u64 * 1000).saturating_sub(now.since(since));
                    schedule_beside(w, key, d.max(probe_period_ms(&l)), KubeletStep::LivenessProbe);
                }
            }
        }
        Err(output) => {
            event(w, key, EventType::Warning, "Unhealthy", format!("{kind} probe failed: {output}"));
            let failures = {
                let k = w.kubelet.entry(uid).or_default();
                k.probe_failures += 1;
                k.probe_failures
            };
            if failures >= probe.failure_threshold.unwrap_or(3).max(1) as u32 {
                event(w, key, EventType::Normal, "Killing", format!("Container {name} failed {} probe, will be restarted", kind.to_lowercase()));
                back_off(w, key, "Completed", 0);
            } else {
                schedule_beside(w, key, probe_period_ms(&probe), if startup { KubeletStep::StartupProbe } else { KubeletStep::LivenessProbe });
            }
        }
    }
}

/// A new IP for this incarnation: from the node's pod CIDR, never in use, never one this pod
/// name had before.
fn allocate_ip(w: &mut World, key: &ObjectKey, node: &str) -> Ipv4Addr {
    let history = w.state.ip_history.get(key).cloned().unwrap_or_default();
    // the machine's pod CIDR: its Node object, or the one `kubectl delete node` removed (the
    // kubelet still runs there)
    let mut chosen = None;
    let mut octet = 0;
    for _ in 0..253 {
        let n = match w.state.nodes.iter_mut().find(|n| n.name == node) {
            Some(n) => n,
            None => match w.removed_nodes.get_mut(node) {
                Some(n) => n,
                None => break,
            },
        };
        octet = n.cidr_octet;
        let host = n.next_host;
        n.next_host = if n.next_host >= 254 { 2 } else { n.next_host + 1 };
        let ip = Ipv4Addr::new(10, 244, n.cidr_octet, host);
        if !w.ips_in_use.contains(&ip) && !history.contains(&ip) {
            chosen = Some(ip);
            break;
        }
    }
    let ip = chosen.unwrap_or_else(|| Ipv4Addr::new(10, 244, octet.wrapping_add(100), (w.ips_in_use.len() % 250) as u8 + 2));
    w.ips_in_use.insert(ip);
    let h = w.state.ip_history.entry(key.clone()).or_default();
    h.push(ip);
    if h.len() > 16 {
        h.remove(0);
    }
    ip
}

/// Each PV the pod mounts counts one more mount (the data a learner sees survive).
fn count_mounts(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let claims: Vec<ObjectKey> = pod.claim_names().into_iter().map(|c| ObjectKey::new(&key.namespace, &c)).collect();
    for c in claims {
        if let Some(volume) = w.state.claims.get(&c).and_then(|c| c.volume.clone()) {
            if let Some(pv) = w.state.volumes.get_mut(&volume) {
                pv.mounts += 1;
            }
        }
    }
}

fn sandbox(w: &mut World, key: &ObjectKey) {
    let Some(node) = w.state.pods.get(key).and_then(|p| p.status.node.clone()) else { return };
    if w.state.pods.get(key).is_some_and(|p| p.status.ip.is_some()) {
        return;
    }
    let ip = allocate_ip(w, key, &node);
    let now = w.now();
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.ip = Some(ip);
        p.status.started_at = Some(now);
        creating(p);
    });
    count_mounts(w, key);
}

/// What keeps the kubelet from creating the pod's containers: the environment it cannot
/// resolve (`pkg/kubelet/kubelet_pods.go :: makeEnvironmentVariables`: a Secret or ConfigMap
/// that does not exist, `secret "NAME" not found`; a key it lacks, `couldn't find key KEY in
/// Secret NS/NAME`; both skipped when `optional: true`).
pub fn env_error(state: &ClusterState, pod: &Pod) -> Option<String> {
    let ns = &pod.meta.namespace;
    let object = |kind: &str, name: &str| state.others.get(&(kind.to_owned(), ObjectKey::new(ns, name)));
    let has_key = |o: &OtherObject, key: &str| o.data_keys().iter().any(|k| k == key);
    // the API server's NotFound error, as the kubelet returns it
    let not_found = |kind: &str, name: &str| format!("{} \"{name}\" not found", if kind == "Secret" { "secret" } else { "configmap" });
    for c in pod.spec.init_containers.iter().flatten().chain(&pod.spec.containers) {
        for from in c.env_from.iter().flatten() {
            let refs = [("Secret", from.secret_ref.as_ref().map(|r| (r.name.as_str(), r.optional))), ("ConfigMap", from.config_map_ref.as_ref().map(|r| (r.name.as_str(), r.optional)))];
            for (kind, r) in refs {
                let Some((name, optional)) = r else { continue };
                if object(kind, name).is_none() && !optional.unwrap_or(false) {
                    return Some(not_found(kind, name));
                }
            }
        }
        for e in c.env.iter().flatten() {
            let Some(from) = &e.value_from else { continue };
            let refs = [
                ("Secret", from.secret_key_ref.as_ref().map(|r| (r.name.as_str(), r.key.as_str(), r.optional))),
                ("ConfigMap", from.config_map_key_ref.as_ref().map(|r| (r.name.as_str(), r.key.as_str(), r.optional))),
            ];
            for (kind, r) in refs {
                let Some((name, key, optional)) = r else { continue };
                if optional.unwrap_or(false) {
                    continue;
                }
                match object(kind, name) {
                    None => return Some(not_found(kind, name)),
                    Some(o) if !has_key(o, key) => return Some(format!("couldn't find key {key} in {kind} {ns}/{name}")),
                    Some(_) => {}
                }
            }
        }
    }
    None
}

/// The containers cannot be created (`kuberuntime_container.go :: startContainer`:
/// `ErrCreateContainerConfig`): the Warning `Failed` event `Error: …`, the container
/// `Waiting` with reason `CreateContainerConfigError`. In auto mode the pod worker tries again
/// after its back-off, 10 s with up to 50 % jitter (`pod_workers.go :: completeWork`).
fn config_failed(w: &mut World, key: &ObjectKey, message: String) {
    event(w, key, EventType::Warning, "Failed", format!("Error: {message}"));
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.container = Some(ContainerState::Waiting { reason: "CreateContainerConfigError".to_owned(), message: Some(message.clone()) })
    });
    if w.auto() {
        let d = 10_000 + w.rng.between(0, 5_000);
        schedule_step(w, key, d, KubeletStep::ConfigRetry);
    }
}

/// Before creating the containers: the image is checked again on a retry, and the
/// environment resolved. `false` when the containers cannot be created.
fn can_create(w: &mut World, key: &ObjectKey) -> bool {
    let Some(pod) = w.state.pods.get(key) else { return false };
    let retry = matches!(&pod.status.container, Some(ContainerState::Waiting { reason, .. }) if reason == "CreateContainerConfigError");
    let Some(message) = env_error(&w.state, pod) else { return true };
    if retry {
        for (_, image) in container_names(pod) {
            event(w, key, EventType::Normal, "Pulled", format!("Container image \"{image}\" already present on machine"));
        }
    }
    config_failed(w, key, message);
    false
}

/// The container just started: if postgres's entrypoint will refuse to start on this data
/// directory ([`super::postgres::startup_failure`]), it exits 1 a moment later, and again
/// after every restart (the crash loop).
fn entrypoint_fails(w: &mut World, key: &ObjectKey) -> bool {
    let Some(pod) = w.state.pods.get(key) else { return false };
    if super::postgres::startup_failure(&w.state, &w.db, pod).is_none() {
        return false;
    }
    let uid = pod.meta.uid.clone();
    if let Some(k) = w.kubelet.get_mut(&uid) {
        k.crash_looping = true;
    }
    let d = 300 + w.rng.between(0, 300);
    schedule_step(w, key, d, KubeletStep::CrashAgain);
    true
}

/// Whether an image reference parses (`InvalidImageName` otherwise).
pub fn image_reference_is_valid(image: &str) -> bool {
    !image.is_empty()
        && !image.chars().any(|c| c.is_whitespace() || c.is_ascii_uppercase() && !image.contains('@'))
        && !image.starts_with([':', '/', '@'])
        && !image.ends_with([':', '/'])
}

/// After the sandbox: pull (or not) the images.
fn pull(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let uid = pod.meta.uid.clone();
    let node = pod.status.node.clone().unwrap_or_default();
    let containers: Vec<(String, String, String)> = current_containers(pod)
        .into_iter()
        .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default(), c.image_pull_policy.clone().unwrap_or_default()))
        .collect();
    if let Some((_, image, _)) = containers.iter().find(|(_, i, _)| !image_reference_is_valid(i)) {
        let image = image.clone();
        event(w, key, EventType::Warning, "InspectFailed", format!("Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": invalid reference format"));
        event(w, key, EventType::Warning, "Failed", "Error: InvalidImageName".to_owned());
        w.update_pod(key, Actor::Kubelet, |p| {
            p.status.container = Some(ContainerState::Waiting {
                reason: "InvalidImageName".to_owned(),
                message: Some(format!("Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": invalid reference format")),
            })
        });
        return;
    }
    let fails = w.kubelet.get(&uid).is_some_and(|k| k.pull_fails) || containers.iter().any(|(_, i, _)| w.cfg.unpullable_images.contains(i));
    let cached = |w: &World, image: &str| w.state.nodes.iter().any(|n| n.name == node && n.images.contains(image));
    let mut pull_ms = 0;
    for (_, image, policy) in &containers {
        let present = cached(w, image);
        if policy == "IfNotPresent" && present && !fails {
            event(w, key, EventType::Normal, "Pulled", format!("Container image \"{image}\" already present on machine"));
        } else {
            event(w, key, EventType::Normal, "Pulling", format!("Pulling image \"{image}\""));
            let range = if present { w.cfg.delays.pull_cached_ms } else { w.cfg.delays.pull_ms };
            pull_ms += delay(w, range);
        }
    }
    if fails {
        if let Some(k) = w.kubelet.get_mut(&uid) {
            k.pull_fails = true;
        }
        schedule_step(w, key, pull_ms.max(500), KubeletStep::PullBackOff);
        return;
    }
    if let Some(k) = w.kubelet.get_mut(&uid) {
        k.pull_ms = pull_ms;
    }
    schedule_step(w, key, pull_ms, KubeletStep::Pulled);
}

fn pulled(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let uid = pod.meta.uid.clone();
    let node = pod.status.node.clone().unwrap_or_default();
    let took_ms = w.kubelet.get(&uid).map(|k| k.pull_ms).unwrap_or(0);
    let initializing = pod.status.initializing();
    let images: Vec<String> = current_containers(pod).into_iter().map(|c| c.image.clone().unwrap_or_default()).collect();
    for image in images {
        let fresh = w.state.nodes.iter().any(|n| n.name == node && !n.images.contains(&image));
        if let Some(n) = w.state.nodes.iter_mut().find(|n| n.name == node) {
            n.images.insert(image.clone());
        }
        if fresh || took_ms > 0 {
            let took = super::time::format_duration_ms(took_ms);
            let size = 20_000_000 + (super::json::fnv32(image.as_bytes()) % 180_000_000) as u64;
            event(w, key, EventType::Normal, "Pulled", format!("Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {size} bytes."));
        }
    }
    if initializing {
        init_start(w, key, false);
        return;
    }
    let d = delay(w, w.cfg.delays.start_ms);
    schedule_step(w, key, d, KubeletStep::Started);
}

/// Starts the init container that is due: it runs for as long as its command takes
/// ([`super::init::run`]), or cannot start at all. `at_once` (manual `start`, the benchmark's
/// instant kubelet): it runs to its end now and the caller goes on.
fn init_start(w: &mut World, key: &ObjectKey, at_once: bool) {
    if !can_create(w, key) {
        return;
    }
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(i) = pod.status.init_running() else { return };
    let Some(c) = pod.spec.init_containers.iter().flatten().nth(i) else { return };
    let name = c.name.clone();
    let run = super::init::run(&pod.spec, c);
    let now = w.now();
    event(w, key, EventType::Normal, "Created", format!("Created container: {name}"));
    match run {
        super::init::Run::NotFound { executable } => {
            // runc fails before the process exists: `kuberuntime_container.go :: startContainer`
            // reports `Error: …` (`FailedToStartContainer`) and `ErrRunContainer`
            let message = super::init::not_found_message(&executable);
            event(w, key, EventType::Warning, "Failed", format!("Error: {message}"));
            w.update_pod(key, Actor::Kubelet, |p| {
                let s = &mut p.status.init[i];
                s.last_termination = Some(ContainerState::Terminated { reason: "StartError".to_owned(), exit_code: 128, started: SimTime::ZERO, finished: now });
                s.state = ContainerState::Waiting { reason: "RunContainerError".to_owned(), message: Some(message.clone()) };
            });
            if w.auto() {
                schedule_step(w, key, 1_000, KubeletStep::InitBackOff);
            }
        }
        super::init::Run::Exits { ms, .. } => {
            event(w, key, EventType::Normal, "Started", format!("Started container {name}"));
            w.update_pod(key, Actor::Kubelet, |p| p.status.init[i].state = ContainerState::Running { since: now });
            if at_once {
                init_exited(w, key, false);
            } else {
                schedule_step(w, key, ms, KubeletStep::InitExited);
            }
        }
    }
}

/// The running init container exited: the next one (or the app containers) go on after an
/// exit code 0; another code is `Init:Error`, and the container is restarted after the crash
/// back-off.
fn init_exited(w: &mut World, key: &ObjectKey, go_on: bool) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(i) = pod.status.init_running() else { return };
    let Some(c) = pod.spec.init_containers.iter().flatten().nth(i) else { return };
    let super::init::Run::Exits { code, .. } = super::init::run(&pod.spec, c) else { return };
    let started = match pod.status.init[i].state {
        ContainerState::Running { since } => since,
        _ => w.now(),
    };
    let now = w.now();
    let reason = if code == 0 { "Completed" } else { "Error" };
    w.update_pod(key, Actor::Kubelet, |p| p.status.init[i].state = ContainerState::Terminated { reason: reason.to_owned(), exit_code: code, started, finished: now });
    if code != 0 {
        if w.auto() {
            schedule_step(w, key, 1_000, KubeletStep::InitBackOff);
        }
        return;
    }
    give_volumes(w, key, i);
    if go_on {
        pull(w, key);
    }
}

/// The init container `chown`ed the roots of volumes it mounts: they now belong to that uid.
fn give_volumes(w: &mut World, key: &ObjectKey, i: usize) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(c) = pod.spec.init_containers.iter().flatten().nth(i) else { return };
    let run = super::init::run(&pod.spec, c);
    let mut given = Vec::new();
    for (path, uid) in run.chowns() {
        let Some(mount) = c.volume_mounts.iter().flatten().find(|m| m.mount_path.trim_end_matches('/') == path) else { continue };
        let claim = pod.spec.volumes.iter().flatten().find(|v| v.name == mount.name).and_then(|v| v.persistent_volume_claim.as_ref()).map(|p| p.claim_name.clone());
        if let Some(pv) = claim.and_then(|c| w.state.claims.get(&ObjectKey::new(&key.namespace, &c))).and_then(|c| c.volume.clone()) {
            given.push((pv, *uid));
        }
    }
    for (pv, uid) in given {
        if let Some(v) = w.state.volumes.get_mut(&pv) {
            v.owner = uid;
        }
    }
}

/// A failed init container waits out the crash back-off (`Init:CrashLoopBackOff`): 10 s,
/// doubling per restart up to 5 minutes.
fn init_back_off(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(i) = pod.status.init_running() else { return };
    let uid = pod.meta.uid.clone();
    let name = pod.status.init[i].name.clone();
    let backoff_ms = (10_000u64 << pod.status.init[i].restarts.min(5)).min(300_000);
    w.update_pod(key, Actor::Kubelet, |p| {
        let s = &mut p.status.init[i];
        if matches!(s.state, ContainerState::Terminated { .. }) {
            s.last_termination = Some(s.state.clone());
        }
        s.state = ContainerState::Waiting {
            reason: "CrashLoopBackOff".to_owned(),
            message: Some(format!("back-off {} restarting failed container={name} pod={}_{}({uid})", super::time::format_duration_ms(backoff_ms), key.name, key.namespace)),
        };
    });
    event(w, key, EventType::Warning, "BackOff", format!("Back-off restarting failed container {name} in pod {}_{}({uid})", key.name, key.namespace));
    schedule_step(w, key, backoff_ms, KubeletStep::InitRestart);
}

/// The back-off ended: the init container runs again.
fn init_restart(w: &mut World, key: &ObjectKey) {
    let Some(i) = w.state.pods.get(key).and_then(|p| p.status.init_running()) else { return };
    w.update_pod(key, Actor::Kubelet, |p| p.status.init[i].restarts += 1);
    pull(w, key);
}

/// Manual mode: the init containers run to the end, one after the other, now. `Err` with why
/// the pod cannot go on when one fails.
fn run_init_now(w: &mut World, key: &ObjectKey) -> Result<(), String> {
    loop {
        let Some(pod) = w.state.pods.get(key) else { return Ok(()) };
        if pod.status.init.is_empty() && pod.spec.init_containers.as_ref().is_some_and(|i| !i.is_empty()) {
            w.update_pod(key, Actor::Kubelet, creating);
            continue;
        }
        let Some(i) = pod.status.init_running() else { return Ok(()) };
        let name = pod.status.init[i].name.clone();
        if matches!(pod.status.init[i].state, ContainerState::Waiting { ref reason, .. } | ContainerState::Terminated { ref reason, .. } if reason != "PodInitializing") {
            w.update_pod(key, Actor::Kubelet, |p| p.status.init[i].restarts += 1);
        }
        init_start(w, key, true);
        let Some(pod) = w.state.pods.get(key) else { return Ok(()) };
        match &pod.status.init[i].state {
            ContainerState::Terminated { exit_code: 0, .. } => {}
            ContainerState::Terminated { exit_code, .. } => return Err(format!("its init container {name} exited with code {exit_code} (Init:Error)")),
            ContainerState::Waiting { reason, .. } => return Err(format!("its init container {name} could not start ({reason})")),
            ContainerState::Running { .. } => return Ok(()),
        }
    }
}

fn started(w: &mut World, key: &ObjectKey) {
    if !can_create(w, key) {
        return;
    }
    let Some(pod) = w.state.pods.get(key) else { return };
    let names = container_names(pod);
    let uid = pod.meta.uid.clone();
    // a startup probe holds readiness back as a readiness probe does
    let has_probe = has_readiness_probe(pod) || pod.spec.containers.iter().any(|c| c.startup_probe.is_some());
    let held = w.kubelet.get(&uid).is_some_and(|k| k.held_unready);
    for (name, _) in &names {
        event(w, key, EventType::Normal, "Created", format!("Created container: {name}"));
        event(w, key, EventType::Normal, "Started", format!("Started container {name}"));
    }
    let now = w.now();
    let ready_now = w.auto() && !has_probe && !held;
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.phase = PodPhase::Running;
        p.status.container = Some(ContainerState::Running { since: now });
        p.status.last_restart_at = Some(now);
        if ready_now && !p.status.ready {
            p.status.ready = true;
            p.status.ready_changed_at = now;
        }
    });
    if runs_to_completion(w, key) {
        app_run(w, key, false);
        return;
    }
    if entrypoint_fails(w, key) {
        return;
    }
    let crash_looping = w.kubelet.get(&uid).is_some_and(|k| k.crash_looping);
    if w.auto() && crash_looping {
        let d = delay(w, w.cfg.delays.crash_after_ms);
        schedule_step(w, key, d, KubeletStep::CrashAgain);
    } else if w.auto() && has_probe && !held {
        let d = readiness_delay(w, key);
        schedule_step(w, key, d, KubeletStep::Ready);
    }
    if w.auto() && !crash_looping {
        start_probes(w, key);
        watch_memory(w, key);
    }
}

/// The readiness probe's first pass, as the model foresaw it from the database's start: it is
/// checked once more now, as a query that scans the table may time out on a large one.
fn first_ready(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let fails = match (running_since(pod), pod.spec.containers.iter().find_map(|c| c.readiness_probe.as_ref())) {
        (Some(since), Some(p)) => probe_outcome(w, pod, since, p, w.now()).is_err(),
        _ => false,
    };
    if fails {
        run_readiness(w, key);
        return;
    }
    if let Some(k) = w.state.pods.get(key).map(|p| p.meta.uid.clone()).and_then(|uid| w.kubelet.get_mut(&uid)) {
        k.readiness_idle = true;
    }
    set_ready(w, key, true);
}

fn set_ready(w: &mut World, key: &ObjectKey, ready: bool) {
    let now = w.now();
    if w.state.pods.get(key).is_some_and(|p| p.status.ready != ready) {
        w.update_pod(key, Actor::Kubelet, |p| {
            p.status.ready = ready;
            p.status.ready_changed_at = now;
        });
    }
}

fn crash(w: &mut World, key: &ObjectKey) {
    back_off(w, key, "Error", 1);
}

/// The container ended (`reason`, `exit_code`): it is restarted after the crash back-off,
/// 10 s doubling per restart up to 5 minutes (`CrashLoopBackOff` meanwhile).
fn back_off(w: &mut World, key: &ObjectKey, reason: &str, exit_code: i32) {
    let now = w.now();
    let Some(pod) = w.state.pods.get(key) else { return };
    let started = match &pod.status.container {
        Some(ContainerState::Running { since }) => *since,
        _ => now,
    };
    let restarts = pod.status.restarts + 1;
    let uid = pod.meta.uid.clone();
    let names = container_names(pod);
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.container = Some(ContainerState::Terminated { reason: reason.to_owned(), exit_code, started, finished: now });
        p.status.ready = false;
        p.status.ready_changed_at = now;
    });
    let backoff_ms = (10_000u64 << (restarts - 1).min(5)).min(300_000);
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.last_termination = p.status.container.take();
        p.status.restarts = restarts;
        p.status.container = Some(ContainerState::Waiting {
            reason: "CrashLoopBackOff".to_owned(),
            message: Some(format!(
                "back-off {} restarting failed container={} pod={}_{}({uid})",
                super::time::format_duration_ms(backoff_ms),
                names.first().map(|n| n.0.as_str()).unwrap_or(""),
                key.name,
                key.namespace
            )),
        });
    });
    for (name, _) in &names {
        event(w, key, EventType::Warning, "BackOff", format!("Back-off restarting failed container {name} in pod {}_{}({uid})", key.name, key.namespace));
    }
    schedule_step(w, key, backoff_ms, KubeletStep::CrashRestart);
}

fn crash_restart(w: &mut World, key: &ObjectKey) {
    let now = w.now();
    let Some(pod) = w.state.pods.get(key) else { return };
    let uid = pod.meta.uid.clone();
    let names = container_names(pod);
    for (name, _) in &names {
        event(w, key, EventType::Normal, "Created", format!("Created container: {name}"));
        event(w, key, EventType::Normal, "Started", format!("Started container {name}"));
    }
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.container = Some(ContainerState::Running { since: now });
        p.status.last_restart_at = Some(now);
    });
    if runs_to_completion(w, key) {
        app_run(w, key, false);
        return;
    }
    if entrypoint_fails(w, key) {
        return;
    }
    if w.auto() && w.kubelet.get(&uid).is_some_and(|k| k.crash_looping) {
        let d = delay(w, w.cfg.delays.crash_after_ms);
        schedule_step(w, key, d, KubeletStep::CrashAgain);
    } else if w.auto() && !w.kubelet.get(&uid).is_some_and(|k| k.held_unready) {
        // restarted after a probe killed it: Ready again as after a first start
        let has_probe = w.state.pods.get(key).is_some_and(|p| has_readiness_probe(p) || p.spec.containers.iter().any(|c| c.startup_probe.is_some()));
        if has_probe {
            let d = readiness_delay(w, key);
            schedule_step(w, key, d, KubeletStep::Ready);
        } else {
            set_ready(w, key, true);
        }
        start_probes(w, key);
        watch_memory(w, key);
    }
}

fn pull_back_off(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let uid = pod.meta.uid.clone();
    let images: Vec<String> = container_names(pod).into_iter().map(|(_, i)| i).collect();
    let first = matches!(&pod.status.container, Some(ContainerState::Waiting { reason, .. }) if reason != "ErrImagePull");
    let attempts = {
        let k = w.kubelet.entry(uid).or_default();
        k.pull_attempts += 1;
        k.pull_attempts
    };
    if first {
        for image in &images {
            let reference = if image.contains('/') { image.clone() } else { format!("docker.io/library/{image}") };
            event(
                w,
                key,
                EventType::Warning,
                "Failed",
                format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": {reference}: not found"),
            );
        }
        event(w, key, EventType::Warning, "Failed", "Error: ErrImagePull".to_owned());
        let image = images.first().cloned().unwrap_or_default();
        w.update_pod(key, Actor::Kubelet, |p| {
            p.status.container = Some(ContainerState::Waiting {
                reason: "ErrImagePull".to_owned(),
                message: Some(format!("failed to pull and unpack image \"{image}\": not found")),
            })
        });
        schedule_step(w, key, 1_000, KubeletStep::PullBackOff);
        return;
    }
    let image = images.first().cloned().unwrap_or_default();
    for image in &images {
        event(w, key, EventType::Normal, "BackOff", format!("Back-off pulling image \"{image}\""));
    }
    event(w, key, EventType::Warning, "Failed", "Error: ImagePullBackOff".to_owned());
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.container = Some(ContainerState::Waiting { reason: "ImagePullBackOff".to_owned(), message: Some(format!("Back-off pulling image \"{image}\"")) })
    });
    let backoff = (10_000u64 << attempts.saturating_sub(1).min(5)).min(300_000);
    schedule_step(w, key, backoff, KubeletStep::PullRetry);
}

fn pull_retry(w: &mut World, key: &ObjectKey) {
    let images: Vec<String> = w.state.pods.get(key).map(|p| container_names(p).into_iter().map(|(_, i)| i).collect()).unwrap_or_default();
    for image in images {
        event(w, key, EventType::Normal, "Pulling", format!("Pulling image \"{image}\""));
    }
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.container = Some(ContainerState::Waiting { reason: "ErrImagePull".to_owned(), message: None });
    });
    schedule_step(w, key, 1_000, KubeletStep::PullBackOff);
}

/// A graceful deletion was requested for a bound, running pod.
pub(crate) fn termination_requested(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let grace_ms = pod.meta.deletion_grace_s.unwrap_or(30).max(0) as u64 * 1000;
    let running = matches!(pod.status.container, Some(ContainerState::Running { .. }));
    for (name, _) in container_names(pod) {
        event(w, key, EventType::Normal, "Killing", format!("Stopping container {name}"));
    }
    if w.auto() {
        let stop = if running { delay(w, w.cfg.delays.stop_ms) } else { 0 };
        if stop >= grace_ms {
            schedule_step(w, key, grace_ms, KubeletStep::GraceExpired);
        } else {
            schedule_step(w, key, stop, KubeletStep::Stopped);
        }
    } else {
        schedule_step(w, key, grace_ms, KubeletStep::GraceExpired);
    }
}

/// The containers are gone (SIGTERM honoured, or SIGKILL after the grace period): the pod
/// reports its terminal phase and its object is removed.
pub(crate) fn stop_now(w: &mut World, key: &ObjectKey, killed: bool) {
    let now = w.now();
    let Some(pod) = w.state.pods.get(key) else { return };
    let started = match &pod.status.container {
        Some(ContainerState::Running { since }) => Some(*since),
        _ => None,
    };
    if let Some(started) = started {
        set_ready(w, key, false);
        let (reason, exit_code, phase) = if killed { ("Error", 137, PodPhase::Failed) } else { ("Completed", 0, PodPhase::Succeeded) };
        w.update_pod(key, Actor::Kubelet, |p| {
            p.status.container = Some(ContainerState::Terminated { reason: reason.to_owned(), exit_code, started, finished: now });
            p.status.phase = phase;
        });
    }
    w.remove_pod(key);
}

/// Whether the kubelet of the pod's node reaches the API server (an unbound pod: yes).
fn node_up_for(w: &World, key: &ObjectKey) -> bool {
    match w.state.pods.get(key).and_then(|p| p.status.node.as_deref()) {
        Some(node) => super::nodes::up(w, node),
        None => true,
    }
}

/// The node's kubelet reaches the API server again (`node-up`, reference §9.1): it reports
/// its pods' real status (containers kept running through a partition: Ready as before, same
/// IP), stops the pods deleted meanwhile with a fresh grace period (R3), and goes on with what
/// came due while it was away.
pub(crate) fn node_up(w: &mut World, node: &str) {
    let now = w.now();
    let pods: Vec<ObjectKey> = w.state.pods.iter().filter(|(_, p)| p.status.node.as_deref() == Some(node)).map(|(k, _)| k.clone()).collect();
    for key in pods {
        let Some(pod) = w.state.pods.get(&key) else { continue };
        let uid = pod.meta.uid.clone();
        if let Some(ready) = pod.status.containers_ready_frozen {
            w.update_pod(&key, Actor::Kubelet, |p| {
                p.status.containers_ready_frozen = None;
                if p.status.ready != ready {
                    p.status.ready = ready;
                    p.status.ready_changed_at = now;
                }
            });
        }
        let frozen = w.kubelet.get_mut(&uid).and_then(|k| k.frozen.take());
        let Some(pod) = w.state.pods.get(&key) else { continue };
        if pod.meta.terminating() {
            termination_requested(w, &key);
        } else if let Some(step) = frozen {
            schedule_step(w, &key, 0, step);
        } else if pod.status.ip.is_none() && pod.status.container.is_none() {
            bound(w, &key);
        }
    }
}

/// A timer of the kubelet fired.
pub(crate) fn fire(w: &mut World, key: &ObjectKey, uid: &str, epoch: u32, step: KubeletStep) {
    let current = w.state.pods.get(key).is_some_and(|p| p.meta.uid == uid);
    if !current || w.kubelet.get(uid).map(|k| k.epoch) != Some(epoch) {
        return;
    }
    if !node_up_for(w, key) {
        if let Some(k) = w.kubelet.get_mut(uid) {
            k.frozen = Some(step);
        }
        return;
    }
    let terminating = w.state.pods.get(key).is_some_and(|p| p.meta.terminating());
    match step {
        KubeletStep::Stopped => stop_now(w, key, false),
        KubeletStep::GraceExpired => stop_now(w, key, true),
        _ if terminating => {}
        KubeletStep::Sandbox => {
            sandbox(w, key);
            pull(w, key);
        }
        KubeletStep::Pulled => pulled(w, key),
        KubeletStep::Started | KubeletStep::ConfigRetry => started(w, key),
        KubeletStep::Ready => {
            if !w.kubelet.get(uid).is_some_and(|k| k.held_unready) {
                first_ready(w, key);
            }
        }
        KubeletStep::ReadinessProbe => run_readiness(w, key),
        KubeletStep::CrashRestart => crash_restart(w, key),
        KubeletStep::CrashAgain => crash(w, key),
        KubeletStep::PullBackOff => pull_back_off(w, key),
        KubeletStep::PullRetry => pull_retry(w, key),
        KubeletStep::InitExited => init_exited(w, key, true),
        KubeletStep::InitBackOff => init_back_off(w, key),
        KubeletStep::InitRestart => init_restart(w, key),
        KubeletStep::StartupProbe => run_probe(w, key, true),
        KubeletStep::LivenessProbe => run_probe(w, key, false),
        KubeletStep::OomKill => {
            oom_check(w, key, 0);
        }
        KubeletStep::AppExited => app_exited(w, key),
    }
}

fn is_running(pod: &Pod) -> bool {
    matches!(pod.status.container, Some(ContainerState::Running { .. }))
}

/// Starts a bound pod's containers now (manual `start`), after its init containers ran; `Err`
/// with why when they cannot be created (`CreateContainerConfigError`) or an init container
/// failed.
fn start_now(w: &mut World, key: &ObjectKey) -> Result<(), String> {
    let now = w.now();
    if w.state.pods.get(key).is_some_and(|p| p.status.ip.is_none()) {
        sandbox(w, key);
    }
    if !can_create(w, key) {
        let why = w.state.pods.get(key).and_then(|p| env_error(&w.state, p)).unwrap_or_default();
        return Err(format!("its containers cannot be created (CreateContainerConfigError: {why})"));
    }
    run_init_now(w, key)?;
    let Some(pod) = w.state.pods.get(key) else { return Ok(()) };
    let uid = pod.meta.uid.clone();
    let names = container_names(pod);
    if let Some(k) = w.kubelet.get_mut(&uid) {
        k.pull_fails = false;
        k.epoch += 1;
    }
    let node = pod.status.node.clone().unwrap_or_default();
    for (name, image) in &names {
        if let Some(n) = w.state.nodes.iter_mut().find(|n| n.name == node) {
            n.images.insert(image.clone());
        }
        event(w, key, EventType::Normal, "Created", format!("Created container: {name}"));
        event(w, key, EventType::Normal, "Started", format!("Started container {name}"));
    }
    w.update_pod(key, Actor::Kubelet, |p| {
        p.status.phase = PodPhase::Running;
        p.status.container = Some(ContainerState::Running { since: now });
        p.status.last_restart_at = Some(now);
    });
    if runs_to_completion(w, key) {
        app_run(w, key, true);
        return Ok(());
    }
    entrypoint_fails(w, key);
    Ok(())
}

/// Whether the pod's containers run to an end rather than for ever: `restartPolicy` `Never`
/// or `OnFailure` (a Job's pods), and not a database server.
pub(crate) fn runs_to_completion(w: &World, key: &ObjectKey) -> bool {
    w.state.pods.get(key).is_some_and(|p| matches!(p.spec.restart_policy.as_deref(), Some("Never" | "OnFailure")) && !super::postgres::is_postgres(p))
}

/// What the pod's (first) app container does when it runs now, with what it reaches
/// ([`super::client::Reach`]).
fn app_run_now(w: &World, pod: &Pod) -> Option<super::init::Run> {
    let c = pod.spec.containers.first()?;
    let reach = super::client::Reach { state: &w.state, db: &w.db, domain: &w.cfg.cluster_domain, clock: w.clock, pod, container: c };
    Some(super::init::run_with(&pod.spec, c, &reach))
}

/// The current run of a pod's app container that runs to completion, once it started.
pub(crate) fn app_run_of(w: &World, pod: &Pod) -> Option<super::init::Run> {
    w.kubelet.get(&pod.meta.uid).and_then(|k| k.app_run.clone())
}

/// The app container of a pod that runs to completion started: it exits when its command is
/// done (`at_once`: now, for manual `start`). A program the image lacks never starts: runc's
/// error, `StartError`, exit code 128.
fn app_run(w: &mut World, key: &ObjectKey, at_once: bool) {
    let Some(run) = w.state.pods.get(key).and_then(|p| app_run_now(w, p)) else { return };
    if let Some(uid) = w.state.pods.get(key).map(|p| p.meta.uid.clone()) {
        if let Some(k) = w.kubelet.get_mut(&uid) {
            k.app_run = Some(run.clone());
        }
    }
    match run {
        super::init::Run::NotFound { executable } => {
            event(w, key, EventType::Warning, "Failed", format!("Error: {}", super::init::not_found_message(&executable)));
            app_ended(w, key, "StartError", 128);
        }
        super::init::Run::Exits { ms, .. } => {
            if at_once || !w.auto() {
                app_exited(w, key);
            } else {
                schedule_step(w, key, ms, KubeletStep::AppExited);
            }
        }
    }
}

/// The app container exited with its command's code.
fn app_exited(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(super::init::Run::Exits { code, files, .. }) = app_run_of(w, pod) else { return };
    write_files(w, key, &files);
    app_ended(w, key, if code == 0 { "Completed" } else { "Error" }, code);
}

/// The files the container wrote land on the volumes mounted at their paths (a
/// PersistentVolume's, an emptyDir's); a file outside every mount stays in the container's
/// own filesystem and goes with it.
fn write_files(w: &mut World, key: &ObjectKey, files: &[super::init::FileWrite]) {
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(c) = pod.spec.containers.first() else { return };
    let now = w.now();
    let mut writes = Vec::new();
    for f in files {
        let mount = c.volume_mounts.iter().flatten().filter(|m| f.path.starts_with(&format!("{}/", m.mount_path.trim_end_matches('/')))).max_by_key(|m| m.mount_path.len());
        let Some(mount) = mount else { continue };
        let Some(volume) = pod.spec.volumes.iter().flatten().find(|v| v.name == mount.name) else { continue };
        let store = if let Some(claim) = &volume.persistent_volume_claim {
            let Some(pv) = w.state.claims.get(&ObjectKey::new(&key.namespace, &claim.claim_name)).and_then(|c| c.volume.clone()) else { continue };
            format!("pv/{pv}")
        } else if volume.empty_dir.is_some() {
            format!("emptydir/{}/{}", pod.meta.uid, volume.name)
        } else {
            continue;
        };
        let name = f.path[mount.mount_path.trim_end_matches('/').len() + 1..].to_owned();
        writes.push((store, name, f.clone()));
    }
    for (store, name, f) in writes {
        let list = w.state.files.entry(store).or_default();
        match list.iter_mut().find(|s| s.name == name) {
            Some(existing) if f.append => {
                existing.bytes += f.bytes;
                existing.written = now;
            }
            Some(existing) => *existing = super::client::StoredFile { name, bytes: f.bytes, rows: f.rows, written: now, dump: None },
            None => list.push(super::client::StoredFile { name, bytes: f.bytes, rows: f.rows, written: now, dump: None }),
        }
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    w.touch();
}

/// The app container ended (`reason`, `exit_code`): exit code 0 ends the pod `Succeeded`; any
/// other ends it `Failed` under `restartPolicy: Never`, and restarts the container after the
/// crash back-off under `OnFailure` (`kuberuntime_manager.go :: computePodActions`,
/// `ShouldContainerBeRestarted`).
fn app_ended(w: &mut World, key: &ObjectKey, reason: &str, exit_code: i32) {
    let Some(pod) = w.state.pods.get(key) else { return };
    if exit_code != 0 && pod.spec.restart_policy.as_deref() == Some("OnFailure") {
        if w.auto() {
            back_off(w, key, reason, exit_code);
        } else {
            let now = w.now();
            w.update_pod(key, Actor::Kubelet, |p| {
                p.status.container = Some(ContainerState::Terminated { reason: reason.to_owned(), exit_code, started: p.status.last_restart_at.unwrap_or(now), finished: now });
                p.status.ready = false;
            });
        }
        return;
    }
    let now = w.now();
    let phase = if exit_code == 0 { PodPhase::Succeeded } else { PodPhase::Failed };
    w.update_pod(key, Actor::Kubelet, |p| {
        let started = match p.status.container {
            Some(ContainerState::Running { since }) => since,
            _ => p.status.last_restart_at.unwrap_or(now),
        };
        p.status.container = Some(ContainerState::Terminated { reason: reason.to_owned(), exit_code, started, finished: now });
        p.status.phase = phase;
        if p.status.ready {
            p.status.ready = false;
            p.status.ready_changed_at = now;
        }
    });
}

/// Carries out a kubelet command. Errors are messages for the user.
pub(crate) fn command(w: &mut World, key: &ObjectKey, action: KubeletAction) -> Result<(), String> {
    let Some(pod) = w.state.pods.get(key) else { return Err(format!("pods \"{}\" not found", key.name)) };
    let uid = pod.meta.uid.clone();
    let terminating = pod.meta.terminating();
    let terminal = pod.status.phase.is_terminal();
    let bound = pod.status.node.is_some();
    let running = is_running(pod);
    if let Some(node) = pod.status.node.as_deref().filter(|n| !super::nodes::up(w, n)) {
        return Err(format!("cannot {} pod \"{}\": its node {node} is down and nothing on it reaches the API server (node-up {node} brings it back)", action.as_str(), key.name));
    }
    let needs_bound = |what: &str| -> Result<(), String> {
        // "cannot start pod "web-0"", "cannot make pod "web-0" ready"
        let cannot = match what.strip_suffix(" ready") {
            Some(verb) => format!("cannot {verb} pod \"{}\" ready", key.name),
            None => format!("cannot {what} pod \"{}\"", key.name),
        };
        if terminal {
            return Err(format!("{cannot}: it has ended (phase {})", pod.status.phase.as_str()));
        }
        if terminating {
            return Err(format!("{cannot}: it is terminating"));
        }
        if !bound {
            return Err(format!("{cannot}: it is not scheduled to a node yet (see its events)"));
        }
        if !running {
            super::attachdetach::volumes_attached(&w.state, pod).map_err(|e| format!("{cannot}: {e}"))?;
        }
        Ok(())
    };
    match action {
        KubeletAction::Start => {
            needs_bound("start")?;
            if !running {
                // a container that cannot be created, an init container that fails: the
                // kubelet's outcome, not an error of the command
                let _ = start_now(w, key);
            }
        }
        KubeletAction::Ready => {
            needs_bound("make ready")?;
            if let Some(k) = w.kubelet.get_mut(&uid) {
                k.held_unready = false;
                k.crash_looping = false;
            }
            if !running {
                start_now(w, key).map_err(|why| format!("cannot make pod \"{}\" ready: {why}", key.name))?;
            }
            // a container that runs to its end (a Job's) is done once started: nothing to be
            // Ready for
            if let Some(p) = w.state.pods.get(key).filter(|p| !is_running(p)) {
                let state = match &p.status.container {
                    Some(ContainerState::Terminated { reason, exit_code, .. }) => format!("{reason}, exit code {exit_code}"),
                    _ => p.status.phase.as_str().to_owned(),
                };
                return Err(format!("cannot make pod \"{}\" ready: its container ran to its end ({state})", key.name));
            }
            if let Some(lines) = w.state.pods.get(key).and_then(|p| super::postgres::startup_failure(&w.state, &w.db, p)) {
                let first = lines.iter().find(|l| l.contains("rror")).cloned().unwrap_or_default();
                return Err(format!("cannot make pod \"{}\" ready: its postgres exits 1 at start ({first}); see kubectl logs", key.name));
            }
            set_ready(w, key, true);
        }
        KubeletAction::Unready => {
            if !running {
                return Err(format!("cannot make pod \"{}\" unready: its containers are not running", key.name));
            }
            if let Some(k) = w.kubelet.get_mut(&uid) {
                k.held_unready = true;
                k.epoch += 1;
            }
            if w.state.pods.get(key).is_some_and(has_readiness_probe) {
                event(w, key, EventType::Warning, "Unhealthy", "Readiness probe failed: the probe did not succeed".to_owned());
            }
            set_ready(w, key, false);
        }
        KubeletAction::ImgFail => {
            needs_bound("fail the image pull of")?;
            if running {
                return Err(format!("cannot fail the image pull of pod \"{}\": its containers are already running", key.name));
            }
            if let Some(k) = w.kubelet.get_mut(&uid) {
                k.pull_fails = true;
            }
            sandbox(w, key);
            let images: Vec<String> = w.state.pods.get(key).map(|p| container_names(p).into_iter().map(|(_, i)| i).collect()).unwrap_or_default();
            for image in images {
                event(w, key, EventType::Normal, "Pulling", format!("Pulling image \"{image}\""));
            }
            w.update_pod(key, Actor::Kubelet, creating);
            pull_back_off(w, key);
        }
        KubeletAction::Crash => {
            needs_bound("crash")?;
            if !running {
                start_now(w, key).map_err(|why| format!("cannot crash pod \"{}\": {why}", key.name))?;
            }
            if w.auto() {
                if let Some(k) = w.kubelet.get_mut(&uid) {
                    k.crash_looping = true;
                }
            }
            crash(w, key);
        }
        KubeletAction::Evict => {
            if terminal {
                return Err(format!("cannot evict pod \"{}\": it has already ended", key.name));
            }
            let now = w.now();
            if let Some(k) = w.kubelet.get_mut(&uid) {
                k.epoch += 1;
            }
            let message = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 72Mi. ".to_owned();
            event(w, key, EventType::Warning, "Evicted", message.clone());
            w.update_pod(key, Actor::Kubelet, |p| {
                let started = match &p.status.container {
                    Some(ContainerState::Running { since }) => *since,
                    _ => now,
                };
                p.status.phase = PodPhase::Failed;
                p.status.reason = Some("Evicted".to_owned());
                p.status.message = Some(message);
                p.status.ready = false;
                p.status.ready_changed_at = now;
                p.status.container = Some(ContainerState::Terminated { reason: "Error".to_owned(), exit_code: 137, started, finished: now });
            });
            if terminating {
                w.remove_pod(key);
            }
        }
        KubeletAction::Finish => {
            if !terminating {
                return Err(format!("cannot finish pod \"{}\": it is not terminating (delete it first)", key.name));
            }
            stop_now(w, key, false);
        }
    }
    Ok(())
}
