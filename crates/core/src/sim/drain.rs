//! `kubectl cordon|uncordon` and `kubectl drain` (disruptions.md §11, §14, §18.3;
//! kubectl v1.35.4 `pkg/cmd/drain/drain.go :: RunCordonOrUncordon, RunDrain,
//! deleteOrEvictPodsSimple`, `pkg/drain/drain.go :: GetPodsForDeletion, evictPods, deletePods,
//! waitForDelete`, `pkg/drain/filters.go`).
//!
//! A drain is a client that outlives the command that started it: it cordons, lists, filters
//! and makes its first eviction attempts at once, then keeps running in the simulated time
//! (retries 5 s after each 429, notices a deleted pod in the settle in which it goes, gives up
//! at `--timeout`). Everything it prints stays with it ([`DrainClient`]), for the step that
//! started it.

use super::eviction::{self, Refused};
use super::model::*;
use super::time::{format_duration_ms, SimTime};
use super::world::{Timer, World};

/// kubectl drain's `EvictErrorRetryDelay`.
pub const RETRY_MS: u64 = 5_000;

/// The flags of `kubectl drain`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrainOptions {
    /// `--ignore-daemonsets`: DaemonSet-managed pods are left running (with a warning)
    /// instead of failing the drain.
    pub ignore_daemonsets: bool,
    /// `--delete-emptydir-data`.
    pub delete_emptydir_data: bool,
    /// `--force`: pods without a controller are deleted too.
    pub force: bool,
    /// `--disable-eviction`: plain deletes, budgets bypassed.
    pub disable_eviction: bool,
    /// `--grace-period` (`None`: -1, the pods' own).
    pub grace_period_s: Option<i64>,
    /// `--timeout` in milliseconds (`None`: 0, wait forever).
    pub timeout_ms: Option<u64>,
    /// `--skip-wait-for-delete-timeout` in seconds.
    pub skip_wait_for_delete_timeout_s: Option<u64>,
    /// `--pod-selector`: (key, value, negated) requirements.
    pub pod_selector: Vec<(String, Option<String>, bool)>,
}

/// Where one pod of a drain is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PodState {
    /// Refused with 429: tries again at this time.
    Retry(SimTime),
    /// Evicted (or deleted): waiting for the object with this uid to go.
    Waiting(String),
    /// Gone.
    Done,
    /// Failed with this error.
    Failed(String),
}

/// A `kubectl drain` process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrainClient {
    /// Its number, in start order.
    pub id: usize,
    /// The node.
    pub node: String,
    /// Its flags.
    pub options: DrainOptions,
    /// When it started.
    pub started: SimTime,
    /// What it printed on stdout, in order.
    pub stdout: String,
    /// What it printed on stderr, line by line.
    pub stderr: Vec<String>,
    /// The fatal error it ended with (kubectl's last line, exit status 1).
    pub error: Option<String>,
    /// Still running.
    pub running: bool,
    deadline_timer: bool,
    pods: Vec<(ObjectKey, PodState)>,
}

impl DrainClient {
    fn out(&mut self, line: String) {
        self.stdout.push_str(&line);
        self.stdout.push('\n');
    }

    fn deadline(&self) -> Option<SimTime> {
        self.options.timeout_ms.map(|t| self.started.plus_ms(t))
    }
}

/// `kubectl cordon` (`true`) / `uncordon` (`false`): the line kubectl prints, or the error.
pub(crate) fn cordon(w: &mut World, node: &str, on: bool) -> Result<String, String> {
    let Some(n) = w.state.nodes.iter_mut().find(|n| n.name == node) else {
        return Err(format!("nodes \"{node}\" not found"));
    };
    let word = if on { "cordoned" } else { "uncordoned" };
    if n.unschedulable == on {
        return Ok(format!("node/{node} already {word}"));
    }
    n.unschedulable = on;
    let reason = if on { "NodeNotSchedulable" } else { "NodeSchedulable" };
    // the kubelet records the change (`recordNodeSchedulableEvent`), if it is there to see it
    if super::nodes::up(w, node) {
        w.record("", "Node", node, node, EventType::Normal, reason, format!("Node {node} status is now: {reason}"), "kubelet");
    }
    // the node lifecycle controller's unschedulable taint follows; the scheduler retries
    super::nodes::unschedulable_changed(w, node);
    Ok(format!("node/{node} {word}"))
}

/// Starts `kubectl drain NODE`: returns its id. A node that does not exist ends it at once
/// with kubectl's error.
pub(crate) fn start(w: &mut World, node: &str, options: DrainOptions) -> usize {
    let id = w.drains.len();
    let mut client = DrainClient {
        id,
        node: node.to_owned(),
        options,
        started: w.now(),
        stdout: String::new(),
        stderr: Vec::new(),
        error: None,
        running: true,
        deadline_timer: false,
        pods: Vec::new(),
    };
    match cordon(w, node, true) {
        Ok(line) => client.out(line),
        Err(e) => {
            client.stderr.push(format!("Error from server (NotFound): {e}"));
            client.error = Some(e);
            client.running = false;
            w.drains.push(client);
            return id;
        }
    }
    // GetPodsForDeletion: every namespace, in the API's order, through the filters.
    let now = w.now();
    let mut errors: Vec<(&str, Vec<String>)> = Vec::new();
    let mut warnings: Vec<(&str, Vec<String>)> = Vec::new();
    let add = |list: &mut Vec<(&'static str, Vec<String>)>, message: &'static str, pod: String| match list.iter_mut().find(|(m, _)| *m == message) {
        Some((_, pods)) => pods.push(pod),
        None => list.push((message, vec![pod])),
    };
    let mut chosen = Vec::new();
    for (key, pod) in &w.state.pods {
        if pod.status.node.as_deref() != Some(node) || !super::views::get::requirements_match(&client.options.pod_selector, &pod.meta.labels) {
            continue;
        }
        let name = format!("{}/{}", key.namespace, key.name);
        // skipDeletedFilter
        if let (Some(limit), Some(since)) = (client.options.skip_wait_for_delete_timeout_s, pod.meta.deletion) {
            if now.since(since) > limit * 1000 {
                continue;
            }
        }
        let finished = pod.status.phase.is_terminal();
        // daemonSetFilter: the DaemonSet would put its pod back at once (a pod whose DaemonSet
        // is gone is left to the garbage collector, which deletes it in the same instant)
        let daemon = pod.meta.controller().filter(|o| o.kind == "DaemonSet" && !finished);
        if daemon.is_some_and(|o| w.state.daemonsets.get(&ObjectKey::new(&key.namespace, &o.name)).is_some_and(|d| d.meta.uid == o.uid)) {
            if client.options.ignore_daemonsets {
                add(&mut warnings, "ignoring DaemonSet-managed Pods", name);
            } else {
                add(&mut errors, "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)", name);
            }
            continue;
        }
        // localStorageFilter, then unreplicatedFilter (whose verdict overrides a warning)
        let empty_dir = pod.spec.volumes.iter().flatten().any(|v| v.empty_dir.is_some());
        if empty_dir && !finished && !client.options.delete_emptydir_data {
            add(&mut errors, "Pods with local storage (use --delete-emptydir-data to override)", name);
            continue;
        }
        if pod.meta.controller().is_none() && !finished {
            if !client.options.force {
                add(&mut errors, "cannot delete Pods that declare no controller (use --force to override)", name);
                continue;
            }
            add(&mut warnings, "deleting Pods that declare no controller", name);
        }
        chosen.push(key.clone());
    }
    for (message, pods) in &warnings {
        client.stderr.push(format!("Warning: {message}: {}", pods.join(", ")));
    }
    if !errors.is_empty() {
        let errors: Vec<String> = errors.iter().map(|(m, pods)| format!("cannot delete {m}: {}", pods.join(", "))).collect();
        fail(&mut client, &errors, &[]);
        w.drains.push(client);
        return id;
    }
    client.pods = chosen.into_iter().map(|k| (k, PodState::Retry(now))).collect();
    w.drains.push(client);
    if w.drains[id].options.disable_eviction {
        delete_all(w, id);
    } else {
        attempt(w, id);
    }
    run_one(w, id);
    id
}

/// `--disable-eviction`: DELETE every pod (budgets bypassed), then wait.
fn delete_all(w: &mut World, id: usize) {
    let grace = w.drains[id].options.grace_period_s;
    let pods = w.drains[id].pods.clone();
    for (i, (key, _)) in pods.iter().enumerate() {
        match w.state.pods.get(key).map(|p| p.meta.uid.clone()) {
            Some(uid) => {
                w.delete_pod(key, super::events::Actor::User, grace);
                wait_for(w, id, i, uid);
            }
            None => w.drains[id].pods[i].1 = PodState::Done,
        }
    }
}

/// Every pod whose retry is due tries its eviction again (the first attempt: all of them).
fn attempt(w: &mut World, id: usize) {
    let now = w.now();
    let grace = w.drains[id].options.grace_period_s;
    for i in 0..w.drains[id].pods.len() {
        let (key, state) = w.drains[id].pods[i].clone();
        let PodState::Retry(at) = state else { continue };
        if at > now {
            continue;
        }
        let d = &mut w.drains[id];
        if d.deadline().is_some_and(|dl| now >= dl) && now > d.started {
            let timeout = format_duration_ms(d.options.timeout_ms.unwrap_or(0));
            d.pods[i].1 = PodState::Failed(format!("error when evicting pods/\"{}\" -n \"{}\": global timeout reached: {timeout}", key.name, key.namespace));
            continue;
        }
        let Some(uid) = w.state.pods.get(&key).map(|p| p.meta.uid.clone()) else {
            w.drains[id].pods[i].1 = PodState::Done;
            continue;
        };
        w.drains[id].out(format!("evicting pod {}/{}", key.namespace, key.name));
        let result = eviction::evict(w, &key, grace);
        let refused = match result {
            Ok(_) => {
                wait_for(w, id, i, uid);
                continue;
            }
            Err(e) => e,
        };
        if matches!(refused, Refused::TooManyRequests { .. }) {
            w.schedule(now.plus_ms(RETRY_MS), Timer::Drain { id, progress: w.next_progress_timer().is_some() || w.has_work() });
        }
        let d = &mut w.drains[id];
        d.pods[i].1 = match refused {
            Refused::NotFound(_) => PodState::Done,
            Refused::TooManyRequests { message, .. } => {
                d.stderr.push(format!("error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {message}", key.name, key.namespace));
                PodState::Retry(now.plus_ms(RETRY_MS))
            }
            e => PodState::Failed(format!("error when evicting pods/\"{}\" -n \"{}\": {}", key.name, key.namespace, e.message())),
        };
    }
}

/// A drain timer fired: retries that are due, and the deadline of the pods it waits for.
pub(crate) fn fire(w: &mut World, id: usize) {
    if !w.drains.get(id).is_some_and(|d| d.running) {
        return;
    }
    attempt(w, id);
    run_one(w, id);
}

/// The drains notice the pods that went (in the settle in which they go).
pub(crate) fn run(w: &mut World) {
    for id in 0..w.drains.len() {
        if w.drains[id].running {
            run_one(w, id);
        }
    }
}

/// A pod was evicted or deleted: the drain waits for it, and wakes at its deadlines.
fn wait_for(w: &mut World, id: usize, i: usize, uid: String) {
    let key = w.drains[id].pods[i].0.clone();
    w.drains[id].pods[i].1 = PodState::Waiting(uid);
    if let (Some(limit), Some(since)) = (w.drains[id].options.skip_wait_for_delete_timeout_s, w.state.pods.get(&key).and_then(|p| p.meta.deletion)) {
        w.schedule(since.plus_ms(limit * 1000 + 1), Timer::Drain { id, progress: true });
    }
    if let Some(dl) = w.drains[id].deadline() {
        if !w.drains[id].deadline_timer {
            w.drains[id].deadline_timer = true;
            w.schedule(dl, Timer::Drain { id, progress: true });
        }
    }
}

fn run_one(w: &mut World, id: usize) {
    let now = w.now();
    let verb = if w.drains[id].options.disable_eviction { "deleted" } else { "evicted" };
    let skip_after = w.drains[id].options.skip_wait_for_delete_timeout_s;
    let deadline = w.drains[id].deadline();
    for i in 0..w.drains[id].pods.len() {
        let (key, state) = w.drains[id].pods[i].clone();
        let PodState::Waiting(uid) = state else { continue };
        let pod = w.state.pods.get(&key).filter(|p| p.meta.uid == uid);
        let d = &mut w.drains[id];
        match pod {
            None => {
                d.out(format!("pod/{} {verb}", key.name));
                d.pods[i].1 = PodState::Done;
            }
            Some(p) => {
                if let (Some(limit), Some(since)) = (skip_after, p.meta.deletion) {
                    if now.since(since) > limit * 1000 {
                        d.out(format!("pod \"{}\" has DeletionTimestamp older than {limit} seconds, skipping", key.name));
                        d.pods[i].1 = PodState::Done;
                        continue;
                    }
                }
                if deadline.is_some_and(|dl| now >= dl) {
                    d.pods[i].1 = PodState::Failed(format!("error when waiting for pod \"{}\" in namespace \"{}\" to terminate: context deadline exceeded", key.name, key.namespace));
                }
            }
        }
    }
    let d = &w.drains[id];
    if d.pods.iter().any(|(_, s)| matches!(s, PodState::Retry(_) | PodState::Waiting(_))) {
        return;
    }
    let failures: Vec<String> = d.pods.iter().filter_map(|(_, s)| if let PodState::Failed(e) = s { Some(e.clone()) } else { None }).collect();
    let node = d.node.clone();
    let pending: Vec<String> = w.state.pods.iter().filter(|(_, p)| p.status.node.as_deref() == Some(node.as_str())).map(|(k, _)| k.name.clone()).collect();
    let d = &mut w.drains[id];
    if failures.is_empty() {
        d.out(format!("node/{node} drained"));
        d.running = false;
    } else {
        fail(d, &failures, &pending);
    }
}

/// The failure block of `deleteOrEvictPodsSimple` and `RunDrain`, then the fatal error:
/// an aggregate (`[e1, e2]` in the block), printed one error a line without `error: `
/// (`cmdutil.CheckErr` → `MultipleErrors("", …)`).
fn fail(d: &mut DrainClient, errors: &[String], pending: &[String]) {
    let node = d.node.clone();
    let e = if errors.len() == 1 { errors[0].clone() } else { format!("[{}]", errors.join(", ")) };
    if !pending.is_empty() {
        d.stderr.push(format!("There are pending pods in node \"{node}\" when an error occurred: {e}"));
        d.stderr.extend(pending.iter().map(|p| format!("pod/{p}")));
    }
    d.stderr.push(format!("error: unable to drain node \"{node}\" due to error: {e}, continuing command..."));
    d.stderr.push("There are pending nodes to be drained:".to_owned());
    d.stderr.push(format!(" {node}"));
    d.stderr.extend(errors.iter().cloned());
    d.error = Some(errors.join("\n"));
    d.running = false;
}
