//! A deterministic, sans-IO simulation of a small Kubernetes cluster running StatefulSets:
//! the API server (defaults and validation), the StatefulSet controller, the garbage
//! collector, the scheduler, a kubelet, a volume provisioner, EndpointSlices and DNS.
//!
//! It is shaped like quinn-proto's `Connection`: the caller hands in inputs
//! ([`Simulation::handle`]) and time ([`Simulation::advance_to`]), asks when to wake it next
//! ([`Simulation::poll_timeout`]) and drains what happened ([`Simulation::poll_event`]).
//! Nothing here reads a clock or draws unseeded randomness: the same seed and the same inputs
//! give the same trace, everywhere.
//!
//! ```
//! use ordinal_core::sim::{Input, SimConfig, Simulation};
//! let mut sim = Simulation::new(SimConfig::auto(), 7);
//! sim.handle(Input::Apply { manifest: ordinal_core::examples::GUIDE.replace("scenarios", "default"), source: "guide.yaml".into(), namespace: None, validate: Default::default() });
//! sim.settle();
//! let ready = sim.snapshot().pods.values().filter(|p| p.running_and_ready()).count();
//! assert_eq!(ready, 3);
//! ```

mod admission;
pub mod attachdetach;
pub mod api;
mod config;
pub mod client;
pub mod controller;
pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod disruption;
pub mod dns;
pub mod drain;
mod endpoints;
pub mod events;
pub mod exec;
pub mod eviction;
mod gc;
pub mod init;
pub mod job;
pub mod history;
pub mod invariants;
pub mod json;
pub mod kubelet;
pub mod model;
pub mod nodes;
pub mod notes;
mod podgc;
pub mod postgres;
pub mod replicaset;
pub mod resources;
pub mod rng;
mod scheduler;
pub mod snapshot;
pub mod script;
pub mod stuck;
mod storage;
mod taint_eviction;
pub mod time;
pub mod views;
pub mod why;
pub mod workload;
mod world;

pub use api::{ApiError, Cascade, FieldValidation, Input, Response};
pub use config::{Delays, KubeletMode, SimConfig, StorageSetup};
pub use events::{Actor, Change, Kind, SimEvent, Verb};
pub use kubelet::KubeletAction;
pub use model::ClusterState;
pub use notes::{notes, Note};
pub use time::SimTime;

use world::{Timer, World, MAX_ROUNDS_PER_INSTANT};

/// The most timers one `settle` fires before it reports a limit.
pub const MAX_TIMERS_PER_SETTLE: usize = 2_000_000;
/// The most timers one `advance_to` fires; past it, time still moves to the target and the
/// remaining due timers fire on the next call (reported by `settle`).
pub const MAX_TIMERS_PER_ADVANCE: usize = 1_000_000;

/// How a [`Simulation::settle`] ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Nothing more happens without outside input (crash loops and retries may go on).
    Steady,
    /// It stopped at a limit; the text says which and what was still going on.
    Limit(String),
}

/// The simulated cluster. A clone is an independent copy (a preview of what an input would do).
#[derive(Clone)]
pub struct Simulation {
    world: World,
    livelock: Option<String>,
}

impl Simulation {
    /// A cluster with the configured nodes and storage, nothing else, at time zero.
    pub fn new(config: SimConfig, seed: u64) -> Simulation {
        Simulation { world: World::new(config, seed), livelock: None }
    }

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.world.cfg
    }

    /// Makes the API server imitate another version from now on (a preview's "what would
    /// another version say" on a copy of the cluster).
    pub fn set_server_version(&mut self, version: crate::apiserver::ServerVersion) {
        self.world.cfg.api.version = version;
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.world.now()
    }

    /// The wall clock the simulation maps its time onto (for timestamps).
    pub fn clock(&self) -> time::WallClock {
        self.world.clock
    }

    /// Everything in the cluster, for rendering.
    pub fn snapshot(&self) -> &ClusterState {
        &self.world.state
    }

    /// Carries out a user input at the current time. The controllers react on the next
    /// [`Simulation::advance_to`] or [`Simulation::settle`].
    pub fn handle(&mut self, input: Input) -> Response {
        let response = api::handle(&mut self.world, input);
        self.observe_databases();
        response
    }

    /// Every `kubectl drain` client started so far, in order: what each printed, and whether
    /// it is still running ([`drain`]).
    pub fn drains(&self) -> &[drain::DrainClient] {
        &self.world.drains
    }

    /// What the app container of a pod that runs to completion (a Job's) does in its current
    /// run: its exit code, what it printed, the files it wrote.
    pub fn app_run(&self, pod: &model::Pod) -> Option<init::Run> {
        kubelet::app_run_of(&self.world, pod)
    }

    /// The files on the learner's side of the terminal: what `kubectl exec … > FILE` wrote
    /// ([`exec`]), by name.
    pub fn local_files(&self) -> &std::collections::BTreeMap<String, client::StoredFile> {
        &self.world.local_files
    }

    /// Puts a file on the learner's side of the terminal, as `kubectl cp POD:PATH FILE` would
    /// (the stress test copies a backup Job's dump before reading it back).
    pub fn put_local_file(&mut self, file: client::StoredFile) {
        self.world.local_files.insert(file.name.clone(), file);
    }

    /// The dumps read back into a database (`kubectl exec -i POD -- psql < FILE`), each a
    /// sentence, in order.
    pub fn restores(&self) -> &[String] {
        &self.world.restores
    }

    /// Every change of a StatefulSet's `spec.replicas` (`kubectl scale`, an apply, a patch), in
    /// order: the set, from, to.
    pub fn scalings(&self) -> &[(model::ObjectKey, i32, i32)] {
        &self.world.scalings
    }

    /// The databases of the postgres pods ([`postgres`]): rows per volume, servers, logs.
    pub fn databases(&self) -> &postgres::Postgres {
        &self.world.db
    }

    /// When the simulation next needs [`Simulation::advance_to`]: now if components have
    /// work, else the earliest timer; `None` when nothing is pending at all.
    pub fn poll_timeout(&self) -> Option<SimTime> {
        if self.world.has_work() {
            Some(self.world.now())
        } else {
            self.world.next_timer()
        }
    }

    /// The next thing that happened, oldest first.
    pub fn poll_event(&mut self) -> Option<SimEvent> {
        self.world.events.pop_front()
    }

    /// How many events were dropped because nobody polled them (the queue is bounded).
    pub fn dropped_events(&self) -> u64 {
        self.world.events_dropped
    }

    /// Moves time forward to `t` (never backwards), firing every due timer in order and
    /// letting the components react after each.
    pub fn advance_to(&mut self, t: SimTime) {
        self.reconcile();
        self.observe_databases();
        let mut fired = 0;
        while let Some((at, timer)) = self.world.pop_due(t) {
            if at > self.world.state.now {
                self.world.db.integrate(self.world.state.now, at);
                self.world.state.now = at;
            }
            self.fire(timer);
            self.reconcile();
            self.observe_databases();
            fired += 1;
            if fired >= MAX_TIMERS_PER_ADVANCE {
                self.livelock = Some(format!("fired {MAX_TIMERS_PER_ADVANCE} timers in one advance; the rest are late"));
                break;
            }
        }
        if t > self.world.state.now {
            self.world.db.integrate(self.world.state.now, t);
            self.world.state.now = t;
        }
        self.reconcile();
        self.observe_databases();
    }

    /// Lets the databases see the pods written since they last looked (after every step:
    /// the model is observed at every step, whatever the caller's steps, so a replay gives the
    /// same rows).
    fn observe_databases(&mut self) {
        let w = &mut self.world;
        if w.db_seen != w.write_seq || !w.db_touched.is_empty() {
            w.db_seen = w.write_seq;
            let mut touched = std::mem::take(&mut w.db_touched);
            touched.sort();
            touched.dedup();
            w.db.observe(&w.state, &touched);
        }
    }

    /// Runs until nothing more happens without outside input. In manual mode that is the
    /// reaction at the current instant; in auto mode time moves on through every timer that
    /// leads somewhere (crash loops and retries do not), up to the configured limit.
    pub fn settle(&mut self) -> Settle {
        self.advance_to(self.now());
        if let Some(l) = self.livelock.take() {
            return Settle::Limit(l);
        }
        if self.world.cfg.kubelet == KubeletMode::Manual {
            return Settle::Steady;
        }
        let start = self.now();
        let deadline = start.plus_ms(self.world.cfg.settle_limit_ms);
        for _ in 0..MAX_TIMERS_PER_SETTLE {
            let Some(next) = self.world.next_progress_timer() else { return Settle::Steady };
            if self.world.next_schedule().is_some_and(|schedule| next >= schedule) {
                // what follows would run into a CronJob's next scheduled time: `advance` goes there
                return Settle::Steady;
            }
            if next > deadline {
                self.advance_to(deadline);
                return Settle::Limit(format!(
                    "still changing after {} of simulated time (next change due at {})",
                    time::format_duration_ms(deadline.since(start)),
                    time::format_duration_ms(next.0)
                ));
            }
            self.advance_to(next);
            if let Some(l) = self.livelock.take() {
                return Settle::Limit(l);
            }
        }
        Settle::Limit(format!("fired {MAX_TIMERS_PER_SETTLE} timers without settling"))
    }

    /// Invariant violations the simulator met at write time (empty unless it has a bug), and
    /// those [`invariants::check_state`] finds now.
    pub fn violations(&self) -> Vec<String> {
        let mut out = self.world.violations.clone();
        out.extend(invariants::check_state(&self.world.state, &self.world.cfg.cluster_domain));
        out
    }

    /// Every A and SRV record the cluster DNS serves now.
    pub fn dns_records(&self) -> Vec<dns::DnsRecord> {
        dns::records(&self.world.state, &self.world.cfg.cluster_domain)
    }

    fn fire(&mut self, timer: Timer) {
        let w = &mut self.world;
        match timer {
            Timer::Kubelet { pod, uid, epoch, step } => kubelet::fire(w, &pod, &uid, epoch, step),
            Timer::Resync { set, .. } => {
                if w.requeue_at.get(&set) == Some(&w.now()) {
                    w.requeue_at.remove(&set);
                }
                w.sts_dirty.insert(set);
            }
            Timer::Provisioned { claim, uid } => {
                if w.state.claims.get(&claim).is_some_and(|c| c.meta.uid == uid) {
                    storage::provision(w, &claim);
                }
            }
            Timer::Disruption => disruption::refresh(w),
            Timer::ForceDetach => w.adc_full = true,
            Timer::Drain { id, .. } => drain::fire(w, id),
            Timer::NodeMonitor { node, epoch } => nodes::grace_over(w, &node, epoch),
            Timer::NodeTaint { node } => nodes::taint_due(w, &node),
            Timer::TaintEviction { pod, uid } => taint_eviction::fire(w, &pod, &uid),
            Timer::PodGc => podgc::fire(w),
            Timer::Job { job, uid } => job::fire(w, &job, &uid),
            Timer::CronJob { cronjob, uid } => cronjob::fire(w, &cronjob, &uid),
            Timer::Apps { .. } => {
                w.deploy_inputs.clear();
                w.rs_seen = u64::MAX;
                w.deploy_seen = u64::MAX;
                w.ds_seen = u64::MAX;
            }
            Timer::ProvisionRetry { claim, uid } => {
                if w.state.claims.get(&claim).is_some_and(|c| c.meta.uid == uid) {
                    storage::provision(w, &claim);
                }
            }
        }
    }

    /// Lets every component react at the current instant until none has work.
    fn reconcile(&mut self) {
        let w = &mut self.world;
        for _ in 0..MAX_ROUNDS_PER_INSTANT {
            gc::run(w);
            for set in std::mem::take(&mut w.sts_dirty) {
                match controller::sync(w, &set) {
                    Ok(_) => {
                        w.set_errors.remove(&set);
                    }
                    Err(e) => {
                        w.set_errors.insert(set, e);
                    }
                }
            }
            storage::run(w);
            scheduler::run(w);
            attachdetach::run(w);
            taint_eviction::run(w);
            podgc::run(w);
            disruption::run(w);
            cronjob::run(w);
            snapshot::run(w);
            job::run(w);
            deployment::run(w);
            replicaset::run(w);
            daemonset::run(w);
            drain::run(w);
            if !w.has_work() {
                return;
            }
        }
        self.livelock = Some(format!("the components did not settle after {MAX_ROUNDS_PER_INSTANT} rounds at {}", self.world.now()));
    }
}
