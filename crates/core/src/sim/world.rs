//! The engine under [`super::Simulation`]: the stored objects, the work queues of each
//! component, the timer wheel, and the write helpers every component goes through (so that
//! every write bumps `resourceVersion`, notifies watchers and wakes the components that watch
//! that kind, as informers do).

use super::config::{KubeletMode, SimConfig};
use super::events::{Actor, Change, Kind, SimEvent, Verb};
use super::model::*;
use super::rng::Rng;
use super::time::{SimTime, WallClock};
use super::views;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// The most events kept in the cluster (older ones are dropped, as the API server expires
/// them).
pub const MAX_STORED_EVENTS: usize = 10_000;
/// The most [`SimEvent`]s queued for [`super::Simulation::poll_event`].
pub const MAX_QUEUED_SIM_EVENTS: usize = 200_000;
/// The most reconcile rounds at one instant before the engine reports a livelock.
pub const MAX_ROUNDS_PER_INSTANT: usize = 100_000;

/// Something scheduled for later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Timer {
    /// A kubelet step for one incarnation of a pod (stale when `epoch` moved on).
    Kubelet { pod: ObjectKey, uid: String, epoch: u32, step: KubeletStep },
    /// Re-sync a StatefulSet (`minReadySeconds`, or retry after an error).
    Resync { set: ObjectKey, after_error: bool },
    /// A volume finished provisioning (auto mode).
    Provisioned { claim: ObjectKey, uid: String },
    /// A `disruptedPods` entry of a PodDisruptionBudget expires.
    Disruption,
    /// A volume's 6 minutes of waiting for an unmount on an unhealthy node are over.
    ForceDetach,
    /// A `kubectl drain` client wakes: a retry after 429, or a deadline. `progress`: something
    /// else was still moving when it was scheduled (a retry in a cluster that stands still
    /// goes round in circles).
    Drain { id: usize, progress: bool },
    /// The node monitor grace period of a node that went down is over (`epoch`: the node
    /// has not come back since).
    NodeMonitor { node: String, epoch: u64 },
    /// The NoExecute tainting rate limiter lets a waiting node be tainted.
    NodeTaint { node: String },
    /// The taint-eviction controller's scheduled deletion of a pod.
    TaintEviction { pod: ObjectKey, uid: String },
    /// A PodGC pass (every 20 s since the start; only scheduled while it may find work).
    PodGc,
    /// The Job controller's back-off, deadline or TTL for one Job (`uid`: that incarnation).
    Job { job: ObjectKey, uid: String },
    /// A CronJob's next scheduled time.
    CronJob { cronjob: ObjectKey, uid: String },
    /// A ReplicaSet's next pod becomes available (`minReadySeconds`), or a Deployment's
    /// progress deadline comes: the workload controllers sync again.
    Apps { key: ObjectKey, uid: String },
    /// The provisioner tries a claim again after a failure (a retry goes round in circles
    /// until something else changes).
    ProvisionRetry { claim: ObjectKey, uid: String },
}

impl Timer {
    /// Whether firing it can change the cluster in a way that leads somewhere (crash loops,
    /// image pull retries and error retries only go round in circles).
    pub(crate) fn is_progress(&self) -> bool {
        match self {
            Timer::Kubelet { step, .. } => !matches!(
                step,
                KubeletStep::CrashRestart
                    | KubeletStep::CrashAgain
                    | KubeletStep::PullBackOff
                    | KubeletStep::PullRetry
                    // a missing Secret stays missing until someone creates it
                    | KubeletStep::ConfigRetry
                    | KubeletStep::InitBackOff
                    | KubeletStep::InitRestart
                    // a readiness probe that fails goes on failing; the next run that could
                    // change something is reached by `advance`
                    | KubeletStep::ReadinessProbe
            ),
            Timer::Resync { after_error, .. } => !after_error,
            Timer::Provisioned { .. } | Timer::Disruption | Timer::ForceDetach => true,
            Timer::Drain { progress, .. } => *progress,
            Timer::NodeMonitor { .. } | Timer::NodeTaint { .. } | Timer::TaintEviction { .. } | Timer::PodGc | Timer::Job { .. } | Timer::Apps { .. } => true,
            // a schedule comes round for ever: only `advance` moves time to it
            Timer::CronJob { .. } | Timer::ProvisionRetry { .. } => false,
        }
    }
}

/// The kubelet's steps for a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KubeletStep {
    /// The sandbox is up: the pod gets its IP.
    Sandbox,
    /// The image pull ended.
    Pulled,
    /// The containers started.
    Started,
    /// The readiness probe passed.
    Ready,
    /// The containers stopped after SIGTERM.
    Stopped,
    /// The grace period ran out: SIGKILL.
    GraceExpired,
    /// The crash back-off ended: restart the container.
    CrashRestart,
    /// A crash-looping container crashes again.
    CrashAgain,
    /// `ErrImagePull` turns into `ImagePullBackOff`.
    PullBackOff,
    /// The back-off ended: try pulling again.
    PullRetry,
    /// The pod worker tries again to create containers whose configuration failed
    /// (`CreateContainerConfigError`).
    ConfigRetry,
    /// The running init container exits.
    InitExited,
    /// A failed init container enters its crash back-off.
    InitBackOff,
    /// The init container's back-off ended: run it again.
    InitRestart,
    /// The startup probe runs.
    StartupProbe,
    /// The liveness probe runs.
    LivenessProbe,
    /// The readiness probe runs again after the container was Ready (it may now time out,
    /// or pass again after failing).
    ReadinessProbe,
    /// The container's memory passes its limit.
    OomKill,
    /// The app container of a pod that runs to completion (a Job's) exits.
    AppExited,
}

/// The kubelet's private state about one pod incarnation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct KubeletPod {
    /// Invalidates pending timers when bumped.
    pub epoch: u32,
    /// Image pulls fail (`imgfail`, or an unpullable image).
    pub pull_fails: bool,
    /// The container keeps crashing (`crash` in auto mode).
    pub crash_looping: bool,
    /// The readiness probe fails (`unready`) until `ready`.
    pub held_unready: bool,
    /// Failed pulls so far.
    pub pull_attempts: u32,
    /// How long the last successful pull took.
    pub pull_ms: u64,
    /// A step that came due while the node was down: carried out when it is back.
    pub frozen: Option<KubeletStep>,
    /// Consecutive failures of the probe that runs now (startup, then liveness).
    pub probe_failures: u32,
    /// Consecutive failures (negative: successes) of the readiness probe since it last
    /// changed the pod's readiness.
    pub readiness_streak: i32,
    /// The readiness probe passed on a Ready pod and is not re-run until a bulk write.
    pub readiness_idle: bool,
    /// The liveness probe passed and is not re-run until a bulk write.
    pub liveness_idle: bool,
    /// What the app container of a pod that runs to completion does in its current run,
    /// decided when it starts ([`super::kubelet`]).
    pub app_run: Option<super::init::Run>,
}

/// Retry state of a StatefulSet whose sync failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub until: SimTime,
    pub failures: u32,
    pub write_seq: u64,
}

/// Garbage-collector work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GcTask {
    /// An owner disappeared: delete dependents with no owner left, drop dangling refs.
    OwnerGone { namespace: String, uid: String },
    /// `--cascade=orphan`: strip the owner's refs from dependents, then let it go.
    Orphan { set: ObjectKey },
    /// `--cascade=foreground`: delete dependents, and the owner once they are gone.
    Foreground { set: ObjectKey },
}

/// The engine.
#[derive(Clone)]
pub(crate) struct World {
    pub cfg: SimConfig,
    pub state: ClusterState,
    pub rng: Rng,
    pub clock: WallClock,
    timers: BTreeMap<(SimTime, u64), Timer>,
    timer_seq: u64,
    pub events: VecDeque<SimEvent>,
    pub events_dropped: u64,
    /// Bumped by every write: the reconcile loop runs until it stops moving.
    pub write_seq: u64,
    resource_version: u64,
    pub sts_dirty: BTreeSet<ObjectKey>,
    pub gc_queue: VecDeque<GcTask>,
    pub gc_hold: bool,
    pub sched_queue: BTreeSet<ObjectKey>,
    pub unschedulable: BTreeSet<ObjectKey>,
    pub claim_queue: BTreeSet<ObjectKey>,
    pub sts_backoff: BTreeMap<ObjectKey, Backoff>,
    pub set_by_uid: HashMap<String, ObjectKey>,
    pub kubelet: HashMap<String, KubeletPod>,
    /// Claims that carry owner references (the controller skips retention checks when none
    /// do and the policy is Retain/Retain).
    pub claims_with_owners: usize,
    /// Per StatefulSet: (generation, name) of the update revision last computed.
    pub revision_cache: HashMap<ObjectKey, (i64, String)>,
    /// Pod validation errors of each revision's template (`<namespace>/<revision>`).
    pub pod_validation_cache: HashMap<String, Vec<crate::apiserver::FieldError>>,
    /// The availability re-sync already scheduled for each set.
    pub requeue_at: HashMap<ObjectKey, SimTime>,
    /// Pod IPs in use.
    pub ips_in_use: std::collections::HashSet<std::net::Ipv4Addr>,
    /// Pods the scheduler could not place because of a claim (missing, unbound, being
    /// deleted), by claim: woken when that claim changes.
    pub claim_waiters: HashMap<ObjectKey, BTreeSet<ObjectKey>>,
    /// Pods bound to each node (by node name; deleted nodes included while pods name them).
    pub node_load: HashMap<String, usize>,
    /// Per node, the CPU (millicores) and memory (bytes) its bound pods request: the
    /// scheduler cache's `NodeInfo.Requested`.
    pub node_requested: HashMap<String, (i128, i128)>,
    /// Pods of each owner on each node (owner uid, node name): the scheduler's spreading.
    pub spread: HashMap<(String, String), usize>,
    /// StatefulSets waiting for their dependents to go (foreground deletion).
    pub foreground_pending: BTreeSet<ObjectKey>,
    /// Uids and revision names as small numbers (see [`Derived`]).
    interner: HashMap<String, u32>,
    /// Where each stored event is, by a hash of what makes events identical (sequence
    /// numbers; the first stored event is `event_front_seq`).
    event_index: HashMap<u64, u64>,
    event_front_seq: u64,
    /// Invariant violations seen at write time.
    pub violations: Vec<String>,
    /// Every `kubectl drain` started, in order ([`super::drain`]).
    pub drains: Vec<super::drain::DrainClient>,
    /// Files on the learner's side of the terminal, by name: what the shell's `>` wrote
    /// ([`super::exec`]).
    pub local_files: BTreeMap<String, super::client::StoredFile>,
    /// Dumps read back into a database (`psql < FILE`), each a sentence.
    pub restores: Vec<String>,
    /// Every change of a StatefulSet's `spec.replicas`, in order: the set, from, to.
    pub scalings: Vec<(ObjectKey, i32, i32)>,
    /// The error of each StatefulSet's last sync, while it fails (a create the API refused).
    pub set_errors: BTreeMap<ObjectKey, String>,
    /// The `write_seq` the disruption controller last synced at.
    pub pdb_seen: u64,
    /// `write_seq` when the Job controller last synced (`u64::MAX`: sync at the next pass).
    pub job_seen: u64,
    /// `write_seq` when the CronJob controller last synced (`u64::MAX`: sync at the next pass).
    pub cronjob_seen: u64,
    /// `write_seq` when the snapshot controller last synced (`u64::MAX`: sync at the next pass).
    pub snapshot_seen: u64,
    /// `write_seq` when the ReplicaSet controller last synced (`u64::MAX`: sync at the next pass).
    pub rs_seen: u64,
    /// `write_seq` when the Deployment controller last synced (`u64::MAX`: sync at the next pass).
    pub deploy_seen: u64,
    /// `write_seq` when the DaemonSet controller last synced (`u64::MAX`: sync at the next pass).
    pub ds_seen: u64,
    /// What each Deployment's last sync read, hashed (`deployment::inputs`): a sync with the
    /// same inputs is skipped; a timer of the controller clears it.
    pub deploy_inputs: HashMap<ObjectKey, u64>,
    /// PVs whose desired or actual attachments may have changed since the attach/detach
    /// controller's last pass (a pod that uses them was written) ([`super::attachdetach`]).
    pub adc_pvs: BTreeSet<String>,
    /// The attach/detach controller must look at every volume (a node changed, a timer).
    pub adc_full: bool,
    /// PV → the pods that used it when they were last written (a superset: the controller
    /// checks each). The controller's informer index.
    pub adc_users: HashMap<String, BTreeSet<ObjectKey>>,
    /// PV → the names of its VolumeAttachments (the controller is their only writer).
    pub adc_attached: HashMap<String, BTreeSet<String>>,
    /// (pv, node) attachments no longer desired, since when ([`super::attachdetach`]).
    pub detach_requested: BTreeMap<(String, String), SimTime>,
    /// (pod uid, pv) pairs that got their Multi-Attach event.
    pub multi_attach_reported: std::collections::HashSet<(String, String)>,
    /// Node objects deleted with `kubectl delete node`, by name: the machine is still there
    /// (its kubelet state, pod CIDR), and `node-up` registers it again ([`super::nodes`]).
    pub removed_nodes: BTreeMap<String, Node>,
    /// Per node, bumped by `node-down`/`node-up`: invalidates the pending grace-period timer.
    pub node_epoch: HashMap<String, u64>,
    /// The NoExecute tainting rate limiter: the earliest the next node may be tainted.
    pub nlc_next_taint: SimTime,
    /// Nodes waiting for the rate limiter.
    pub nlc_taint_waiting: BTreeSet<String>,
    /// Every node is not Ready: no NoExecute taints (`handleDisruption`).
    pub nlc_full_disruption: bool,
    /// Nodes whose taints or pods the taint-eviction controller must look at again.
    pub tec_nodes: BTreeSet<String>,
    /// Pods (re)bound to a node, for the taint-eviction controller.
    pub tec_pods: BTreeSet<ObjectKey>,
    /// The taint-eviction controller's scheduled deletions: pod → (uid, created, due).
    pub tec_pending: BTreeMap<ObjectKey, (String, SimTime, SimTime)>,
    /// PodGC: whether something changed that a pass may act on.
    pub podgc_check: bool,
    /// PodGC: the pass already scheduled.
    pub podgc_next: Option<SimTime>,
    /// PodGC: deleted nodes that still have pods, and the pass that first saw each.
    pub podgc_quarantine: BTreeMap<String, SimTime>,
    /// The databases in the postgres pods, and the `write_seq` they last saw.
    pub db: super::postgres::Postgres,
    pub db_seen: u64,
    /// The pods written since the databases last looked (created, updated or removed).
    pub db_touched: Vec<ObjectKey>,
}

impl World {
    pub fn new(cfg: SimConfig, seed: u64) -> World {
        let mut rng = Rng::new(seed);
        let mut state = ClusterState::default();
        for ns in &cfg.namespaces {
            state.namespaces.insert(ns.clone(), SimTime::ZERO);
        }
        let first_octet = rng.between(1, 20) as u8;
        for i in 0..cfg.nodes.max(1) {
            let octet = first_octet.wrapping_add(i as u8);
            let next_host = rng.between(2, 40) as u8;
            state.nodes.push(super::nodes::new_node(
                format!("node-{}", i + 1),
                std::net::Ipv4Addr::new(172, 18, 0, (2 + i) as u8),
                octet,
                next_host,
                &cfg,
                SimTime::ZERO,
            ));
        }
        if let Some(class) = default_class(&cfg) {
            if let Some(snapshots) = super::snapshot::default_class(&class.provisioner) {
                state.snapshot_classes.insert(snapshots.name.clone(), snapshots);
            }
            state.storage_classes.insert(class.name.clone(), class);
        }
        let clock = WallClock { epoch_unix_s: cfg.epoch_unix_s };
        World {
            cfg,
            state,
            rng,
            clock,
            timers: BTreeMap::new(),
            timer_seq: 0,
            events: VecDeque::new(),
            events_dropped: 0,
            write_seq: 0,
            resource_version: 1000,
            sts_dirty: BTreeSet::new(),
            gc_queue: VecDeque::new(),
            gc_hold: false,
            sched_queue: BTreeSet::new(),
            unschedulable: BTreeSet::new(),
            claim_queue: BTreeSet::new(),
            sts_backoff: BTreeMap::new(),
            set_by_uid: HashMap::new(),
            kubelet: HashMap::new(),
            claims_with_owners: 0,
            revision_cache: HashMap::new(),
            pod_validation_cache: HashMap::new(),
            requeue_at: HashMap::new(),
            ips_in_use: std::collections::HashSet::new(),
            foreground_pending: BTreeSet::new(),
            interner: HashMap::new(),
            event_index: HashMap::new(),
            event_front_seq: 0,
            claim_waiters: HashMap::new(),
            node_load: HashMap::new(),
            node_requested: HashMap::new(),
            spread: HashMap::new(),
            violations: Vec::new(),
            drains: Vec::new(),
            local_files: BTreeMap::new(),
            restores: Vec::new(),
            scalings: Vec::new(),
            set_errors: BTreeMap::new(),
            pdb_seen: u64::MAX,
            job_seen: u64::MAX,
            cronjob_seen: u64::MAX,
            snapshot_seen: u64::MAX,
            rs_seen: u64::MAX,
            deploy_seen: u64::MAX,
            ds_seen: u64::MAX,
            deploy_inputs: HashMap::new(),
            adc_pvs: BTreeSet::new(),
            adc_full: true,
            adc_users: HashMap::new(),
            adc_attached: HashMap::new(),
            detach_requested: BTreeMap::new(),
            multi_attach_reported: std::collections::HashSet::new(),
            removed_nodes: BTreeMap::new(),
            node_epoch: HashMap::new(),
            nlc_next_taint: SimTime::ZERO,
            nlc_taint_waiting: BTreeSet::new(),
            nlc_full_disruption: false,
            tec_nodes: BTreeSet::new(),
            tec_pods: BTreeSet::new(),
            tec_pending: BTreeMap::new(),
            podgc_check: false,
            podgc_next: None,
            podgc_quarantine: BTreeMap::new(),
            db: Default::default(),
            db_seen: u64::MAX,
            db_touched: Vec::new(),
        }
    }

    pub fn now(&self) -> SimTime {
        self.state.now
    }

    pub fn auto(&self) -> bool {
        self.cfg.kubelet == KubeletMode::Auto
    }

    /// New metadata for an object created now.
    pub fn new_meta(&mut self, namespace: &str, name: &str) -> Meta {
        Meta {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            uid: self.rng.uuid(),
            created: self.now(),
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            owners: Vec::new(),
            finalizers: Vec::new(),
            deletion: None,
            deletion_grace_s: None,
            generation: 0,
            resource_version: self.next_rv(),
        }
    }

    pub fn next_rv(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    fn wrote(&mut self) {
        self.write_seq += 1;
    }

    // ---------------------------------------------------------------------------------------
    // Timers

    pub fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq), timer);
    }

    pub fn schedule_in(&mut self, delay_ms: u64, timer: Timer) {
        let at = self.now().plus_ms(delay_ms);
        self.schedule(at, timer);
    }

    /// The earliest pending timer.
    pub fn next_timer(&self) -> Option<SimTime> {
        self.timers.keys().next().map(|(t, _)| *t)
    }

    /// The earliest pending timer that makes progress. A timer that will do nothing when it
    /// fires (a kubelet step of a pod that is gone or moved on, a Job timer of a deleted Job)
    /// does not count.
    pub fn next_progress_timer(&self) -> Option<SimTime> {
        self.timers.iter().find(|(_, t)| t.is_progress() && !self.stale(t)).map(|((at, _), _)| *at)
    }

    /// The next time a CronJob is scheduled: settling does not go past it (a schedule comes
    /// round for ever; only `advance` moves time beyond it).
    pub fn next_schedule(&self) -> Option<SimTime> {
        self.timers.iter().find(|(_, t)| matches!(t, Timer::CronJob { .. }) && !self.stale(t)).map(|((at, _), _)| *at)
    }

    fn stale(&self, timer: &Timer) -> bool {
        match timer {
            Timer::Kubelet { uid, epoch, .. } => self.kubelet.get(uid).map(|k| k.epoch) != Some(*epoch),
            Timer::Job { job, uid } => self.state.jobs.get(job).is_none_or(|j| &j.meta.uid != uid),
            Timer::CronJob { cronjob, uid } => self.state.cronjobs.get(cronjob).is_none_or(|c| &c.meta.uid != uid),
            Timer::Apps { key, uid } => {
                let deployment = self.state.deployments.get(key).filter(|d| &d.meta.uid == uid);
                let settled = deployment.is_some_and(|d| d.condition("Progressing").is_some_and(|c| c.reason == "NewReplicaSetAvailable" || c.reason == "ProgressDeadlineExceeded"));
                let exists = deployment.is_some()
                    || self.state.replicasets.get(key).is_some_and(|r| &r.meta.uid == uid)
                    || self.state.daemonsets.get(key).is_some_and(|d| &d.meta.uid == uid);
                settled || !exists
            }
            _ => false,
        }
    }

    /// Removes and returns the earliest timer due at or before `t`.
    pub fn pop_due(&mut self, t: SimTime) -> Option<(SimTime, Timer)> {
        let (&key, _) = self.timers.iter().next()?;
        if key.0 > t {
            return None;
        }
        self.timers.remove(&key).map(|timer| (key.0, timer))
    }

    /// Whether any component has work at the current instant.
    pub fn has_work(&self) -> bool {
        !self.sts_dirty.is_empty()
            || (!self.gc_hold && !self.gc_queue.is_empty())
            || !self.sched_queue.is_empty()
            || !self.claim_queue.is_empty()
            || !self.tec_nodes.is_empty()
            || !self.tec_pods.is_empty()
            || self.adc_full
            || !self.adc_pvs.is_empty()
            || self.apps_pending()
    }

    /// A workload controller (ReplicaSet, Deployment, DaemonSet) has objects and has not seen
    /// the latest write: they react to each other's writes within the same instant.
    fn apps_pending(&self) -> bool {
        (!self.state.replicasets.is_empty() && self.rs_seen != self.write_seq)
            || (!self.state.deployments.is_empty() && self.deploy_seen != self.write_seq)
            || (!self.state.daemonsets.is_empty() && self.ds_seen != self.write_seq)
    }

    // ---------------------------------------------------------------------------------------
    // Reporting

    pub fn push_event(&mut self, event: SimEvent) {
        if !self.cfg.record_events {
            return;
        }
        if self.events.len() >= MAX_QUEUED_SIM_EVENTS {
            self.events.pop_front();
            self.events_dropped += 1;
        }
        self.events.push_back(event);
    }

    fn note_write(&mut self, actor: Actor, verb: Verb, kind: Kind, namespace: &str, name: &str) {
        if actor != Actor::User && self.cfg.record_events {
            let at = self.now();
            self.push_event(SimEvent::Write { at, actor, verb, kind, namespace: namespace.to_owned(), name: name.to_owned() });
        }
    }

    /// Tells watchers of `kind` that `key` changed; `row` is its `kubectl get -w` line (only
    /// computed when events are recorded).
    fn watch(&mut self, kind: Kind, key: &ObjectKey, change: Change, row: impl FnOnce(&ClusterState, SimTime) -> Option<Vec<String>>) {
        if !self.cfg.record_events {
            return;
        }
        let Some(row) = row(&self.state, self.now()) else { return };
        let at = self.now();
        self.push_event(SimEvent::Watch { at, kind, namespace: key.namespace.clone(), name: key.name.clone(), change, row });
    }

    fn watch_pod(&mut self, key: &ObjectKey, change: Change) {
        self.watch(Kind::Pod, key, change, |s, now| s.pods.get(key).map(|p| views::get::pod_row(p, now)));
    }

    fn watch_claim(&mut self, key: &ObjectKey, change: Change) {
        self.watch(Kind::Claim, key, change, |s, now| s.claims.get(key).map(|c| views::get::claim_row(c, now)));
    }

    fn watch_set(&mut self, key: &ObjectKey, change: Change) {
        self.watch(Kind::StatefulSet, key, change, |s, now| s.statefulsets.get(key).map(|x| views::get::statefulset_row(x, now)));
    }

    /// Records a Kubernetes Event, counting a repeat of an identical one (same object,
    /// reason and message) as the event correlator does.
    #[allow(clippy::too_many_arguments)]
    pub fn record(&mut self, namespace: &str, kind: &str, name: &str, uid: &str, type_: EventType, reason: &str, message: String, source: &str) {
        let now = self.now();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [uid, kind, name, reason, message.as_str()] {
            for b in part.bytes().chain(std::iter::once(0)) {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        let existing = self.event_index.get(&hash).and_then(|seq| seq.checked_sub(self.event_front_seq)).map(|i| i as usize);
        let existing = existing.filter(|&i| {
            self.state.events.get(i).is_some_and(|e| e.uid == uid && e.reason == reason && e.message == message && e.kind == kind && e.name == name)
        });
        let recording = self.cfg.record_events;
        let event = match existing {
            Some(i) => {
                let e = &mut self.state.events[i];
                e.count += 1;
                e.last = now;
                recording.then(|| e.clone())
            }
            None => {
                let e = Event {
                    namespace: namespace.to_owned(),
                    kind: kind.to_owned(),
                    name: name.to_owned(),
                    uid: uid.to_owned(),
                    type_,
                    reason: reason.to_owned(),
                    message,
                    source: source.to_owned(),
                    count: 1,
                    first: now,
                    last: now,
                };
                if self.state.events.len() >= MAX_STORED_EVENTS {
                    self.state.events.pop_front();
                    self.event_front_seq += 1;
                }
                self.event_index.insert(hash, self.event_front_seq + self.state.events.len() as u64);
                if self.event_index.len() > 2 * MAX_STORED_EVENTS {
                    let front = self.event_front_seq;
                    self.event_index.retain(|_, seq| *seq >= front);
                }
                let copy = recording.then(|| e.clone());
                self.state.events.push_back(e);
                copy
            }
        };
        if let Some(event) = event {
            self.push_event(SimEvent::Event { at: now, event });
        }
    }

    /// The id of a uid or revision name (never 0, which means "none").
    pub fn intern(&mut self, s: &str) -> u32 {
        intern(&mut self.interner, s)
    }

    /// Recomputes a pod's derived facts.
    fn derive(&mut self, key: &ObjectKey) {
        let Some(pod) = self.state.pods.get(key) else { return };
        let set = pod.meta.controller().and_then(|o| self.set_by_uid.get(&o.uid)).and_then(|k| self.state.statefulsets.get(k));
        let controller = pod.meta.controller().map(|o| intern(&mut self.interner, &o.uid)).unwrap_or(0);
        let revision = match pod.meta.labels.get("controller-revision-hash") {
            Some(r) => intern(&mut self.interner, r),
            None => 0,
        };
        let member = match (&pod.parent_ordinal, set) {
            (Some((parent, _)), Some(set)) => *parent == set.meta.name,
            _ => false,
        };
        let identity_ok = match &pod.parent_ordinal {
            Some((_, ordinal)) => {
                pod.meta.labels.get("statefulset.kubernetes.io/pod-name") == Some(&pod.meta.name)
                    && pod.meta.labels.get("apps.kubernetes.io/pod-index").and_then(|v| v.parse::<i32>().ok()) == Some(*ordinal)
            }
            None => false,
        };
        let selector_ok = set.is_none_or(|s| crate::apiserver::selector::matches(&s.spec.selector, &pod.meta.labels));
        let derived = Derived { controller, revision, member, identity_ok, selector_ok };
        if let Some(pod) = self.state.pods.get_mut(key) {
            pod.derived = derived;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Pods

    fn mark_sets_for_pod(&mut self, pod: &Pod) {
        match pod.meta.controller() {
            Some(owner) => {
                if let Some(set) = self.set_by_uid.get(&owner.uid) {
                    self.sts_dirty.insert(set.clone());
                }
            }
            None => {
                let ns = pod.meta.namespace.clone();
                let matching: Vec<ObjectKey> = ClusterState::in_namespace(&self.state.statefulsets, &ns)
                    .filter(|(_, s)| crate::apiserver::selector::matches(&s.spec.selector, &pod.meta.labels))
                    .map(|(k, _)| k.clone())
                    .collect();
                self.sts_dirty.extend(matching);
            }
        }
    }

    pub fn create_pod(&mut self, mut pod: Pod, actor: Actor) {
        let key = pod.meta.key();
        if self.cfg.check_invariants {
            if self.state.pods.contains_key(&key) {
                self.violations.push(format!("identity: {} created while a pod of that name exists", key.name));
            }
            if actor == Actor::StatefulSetController {
                let set = pod.meta.controller().and_then(|o| self.set_by_uid.get(&o.uid)).and_then(|k| self.state.statefulsets.get(k));
                let ordinal = parse_parent_ordinal(&key.name).map(|(_, o)| o);
                if let (Some(set), Some(o)) = (set, ordinal) {
                    if let Some(v) = super::invariants::ordered_creation(&self.state, set, o) {
                        self.violations.push(v);
                    }
                }
            }
        }
        pod.meta.resource_version = self.next_rv();
        pod.parent_ordinal = parse_parent_ordinal(&pod.meta.name);
        self.kubelet.insert(pod.meta.uid.clone(), KubeletPod::default());
        self.mark_sets_for_pod(&pod);
        self.state.pods.insert(key.clone(), pod);
        self.db_touched.push(key.clone());
        super::attachdetach::pod_written(self, &key);
        self.derive(&key);
        self.sched_queue.insert(key.clone());
        self.wrote();
        self.note_write(actor, Verb::Create, Kind::Pod, &key.namespace, &key.name);
        self.watch_pod(&key, Change::Added);
        super::endpoints::pod_changed(self, &key);
    }

    /// Applies `f` to a pod and reports the write. Returns false when the pod is gone.
    pub fn update_pod(&mut self, key: &ObjectKey, actor: Actor, f: impl FnOnce(&mut Pod)) -> bool {
        let rv = self.next_rv();
        let Some(pod) = self.state.pods.get_mut(key) else { return false };
        self.db_touched.push(key.clone());
        let before_owner = pod.meta.controller().map(|o| o.uid.clone());
        f(pod);
        pod.meta.resource_version = rv;
        let owner_changed = pod.meta.controller().map(|o| &o.uid) != before_owner.as_ref();
        if let Some(uid) = before_owner {
            if let Some(set) = self.set_by_uid.get(&uid) {
                self.sts_dirty.insert(set.clone());
            }
        }
        super::attachdetach::pod_written(self, key);
        self.derive(key);
        if owner_changed || self.state.pods.get(key).is_some_and(|p| p.meta.controller().is_none()) {
            let pod = self.state.pods[key].clone();
            self.mark_sets_for_pod(&pod);
        }
        self.wrote();
        self.note_write(actor, Verb::Update, Kind::Pod, &key.namespace, &key.name);
        self.watch_pod(key, Change::Modified);
        super::endpoints::pod_changed(self, key);
        true
    }

    /// A graceful deletion request. A pod not bound to a node, or already terminal, goes
    /// away at once; otherwise the kubelet stops it within its grace period.
    pub fn delete_pod(&mut self, key: &ObjectKey, actor: Actor, grace_override_s: Option<i64>) -> bool {
        let now = self.now();
        let Some(pod) = self.state.pods.get(key) else { return false };
        if pod.meta.terminating() {
            // already deleted: a force delete (grace 0) still removes it now (the registry's
            // `BeforeDelete` takes a shorter grace period, and 0 deletes at once); a longer or
            // equal grace period changes nothing
            if grace_override_s == Some(0) && pod.meta.deletion_grace_s != Some(0) {
                let on_live_node = pod.status.node.as_ref().is_some_and(|n| super::nodes::up(self, n));
                self.note_write(actor, Verb::Delete, Kind::Pod, &key.namespace, &key.name);
                self.update_pod(key, Actor::User, |p| p.meta.deletion_grace_s = Some(0));
                if on_live_node && !self.state.pods[key].status.phase.is_terminal() {
                    super::kubelet::stop_now(self, key, true);
                } else {
                    self.remove_pod(key);
                }
            }
            return true;
        }
        if self.cfg.check_invariants && actor == Actor::StatefulSetController {
            let set = pod.meta.controller().and_then(|o| self.set_by_uid.get(&o.uid)).and_then(|k| self.state.statefulsets.get(k));
            if let (Some(set), Some((_, o))) = (set, pod.parent_ordinal.as_ref()) {
                if let Some(v) = super::invariants::reverse_scale_down(&self.state, set, *o) {
                    self.violations.push(v);
                }
            }
        }
        let grace = grace_override_s.unwrap_or_else(|| pod.spec.termination_grace_period_seconds.unwrap_or(30)).max(0);
        let unbound_or_terminal = pod.status.node.is_none() || pod.status.phase.is_terminal();
        self.note_write(actor, Verb::Delete, Kind::Pod, &key.namespace, &key.name);
        self.update_pod(key, Actor::User, |p| {
            p.meta.deletion = Some(now);
            p.meta.deletion_grace_s = Some(grace);
        });
        let node_up = self.state.pods.get(key).and_then(|p| p.status.node.clone()).is_some_and(|n| super::nodes::up(self, &n));
        self.podgc_check = true;
        if unbound_or_terminal {
            self.remove_pod(key);
        } else if grace == 0 && !node_up {
            // nobody on the node can report the containers' end: the object just goes
            self.remove_pod(key);
        } else if grace == 0 {
            super::kubelet::stop_now(self, key, true);
        } else if node_up {
            super::kubelet::termination_requested(self, key);
        }
        true
    }

    /// The pod object is gone from the API.
    pub fn remove_pod(&mut self, key: &ObjectKey) {
        let Some(pod) = self.state.pods.remove(key) else { return };
        self.db_touched.push(key.clone());
        super::attachdetach::pod_removed(self, key, &pod);
        self.kubelet.remove(&pod.meta.uid);
        if let Some(ip) = pod.status.ip {
            self.ips_in_use.remove(&ip);
        }
        self.sched_queue.remove(key);
        self.unschedulable.remove(key);
        self.tec_pods.remove(key);
        super::taint_eviction::pod_removed(self, key);
        self.mark_sets_for_pod(&pod);
        self.wrote();
        self.watch(Kind::Pod, key, Change::Deleted, |_, now| Some(views::get::pod_row(&pod, now)));
        super::endpoints::pod_removed(self, &pod);
        self.gc_queue.push_back(GcTask::OwnerGone { namespace: key.namespace.clone(), uid: pod.meta.uid.clone() });
        for claim in pod.claim_names() {
            self.claim_queue.insert(ObjectKey::new(&key.namespace, &claim));
        }
        if let Some(node) = &pod.status.node {
            self.unbind(&pod, node);
            let retry: Vec<ObjectKey> = std::mem::take(&mut self.unschedulable).into_iter().collect();
            self.sched_queue.extend(retry);
        }
    }

    /// Counts a pod bound to a node.
    pub fn bind(&mut self, pod: &ObjectKey, node: &str) {
        let Some(p) = self.state.pods.get(pod) else { return };
        let owner_uid = p.meta.controller().map(|o| o.uid.clone());
        let (cpu, memory) = super::resources::pod_requests(p);
        let requested = self.node_requested.entry(node.to_owned()).or_default();
        requested.0 += cpu;
        requested.1 += memory;
        *self.node_load.entry(node.to_owned()).or_default() += 1;
        if let Some(uid) = owner_uid {
            *self.spread.entry((uid, node.to_owned())).or_default() += 1;
        }
    }

    fn unbind(&mut self, pod: &Pod, node: &str) {
        let (cpu, memory) = super::resources::pod_requests(pod);
        if let Some(r) = self.node_requested.get_mut(node) {
            r.0 -= cpu;
            r.1 -= memory;
        }
        if let Some(c) = self.node_load.get_mut(node) {
            *c = c.saturating_sub(1);
            if *c == 0 {
                self.node_load.remove(node);
            }
        }
        if let Some(o) = pod.meta.controller() {
            let k = (o.uid.clone(), node.to_owned());
            if let Some(c) = self.spread.get_mut(&k) {
                *c = c.saturating_sub(1);
                if *c == 0 {
                    self.spread.remove(&k);
                }
            }
        }
    }

    /// Pods bound to the node.
    pub fn pods_on(&self, node: &str) -> usize {
        self.node_load.get(node).copied().unwrap_or(0)
    }

    /// Wakes the pods the scheduler parked on this claim.
    pub fn wake_claim_waiters(&mut self, claim: &ObjectKey) {
        if let Some(pods) = self.claim_waiters.remove(claim) {
            for p in pods {
                self.unschedulable.remove(&p);
                self.sched_queue.insert(p);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Claims

    fn count_owned_claim(&mut self, before: bool, after: bool) {
        match (before, after) {
            (false, true) => self.claims_with_owners += 1,
            (true, false) => self.claims_with_owners -= 1,
            _ => {}
        }
    }

    pub fn create_claim(&mut self, mut claim: Claim, actor: Actor) {
        let key = claim.meta.key();
        claim.meta.resource_version = self.next_rv();
        let owned = !claim.meta.owners.is_empty();
        self.count_owned_claim(false, owned);
        self.state.claims.insert(key.clone(), claim);
        self.claim_queue.insert(key.clone());
        self.wake_claim_waiters(&key);
        self.wrote();
        self.note_write(actor, Verb::Create, Kind::Claim, &key.namespace, &key.name);
        self.watch_claim(&key, Change::Added);
    }

    pub fn update_claim(&mut self, key: &ObjectKey, actor: Actor, f: impl FnOnce(&mut Claim)) -> bool {
        let rv = self.next_rv();
        let Some(claim) = self.state.claims.get_mut(key) else { return false };
        let owners_before = claim.meta.owners.clone();
        f(claim);
        claim.meta.resource_version = rv;
        let owners_after = claim.meta.owners.clone();
        self.count_owned_claim(!owners_before.is_empty(), !owners_after.is_empty());
        if self.cfg.check_invariants && actor == Actor::StatefulSetController && owners_after != owners_before {
            self.check_claim_owners(key, &owners_before, &owners_after);
        }
        self.claim_queue.insert(key.clone());
        self.wrote();
        self.note_write(actor, Verb::Update, Kind::Claim, &key.namespace, &key.name);
        self.watch_claim(key, Change::Modified);
        true
    }

    /// A deletion request: the `kubernetes.io/pvc-protection` finalizer keeps the claim while
    /// a pod uses it.
    pub fn delete_claim(&mut self, key: &ObjectKey, actor: Actor) -> bool {
        let now = self.now();
        let Some(claim) = self.state.claims.get(key) else { return false };
        if claim.meta.terminating() {
            return true;
        }
        if self.cfg.check_invariants && actor == Actor::GarbageCollector {
            self.check_claim_deletion(key);
        }
        self.note_write(actor, Verb::Delete, Kind::Claim, &key.namespace, &key.name);
        self.update_claim(key, Actor::User, |c| c.meta.deletion = Some(now));
        self.claim_queue.insert(key.clone());
        true
    }

    fn check_claim_deletion(&mut self, key: &ObjectKey) {
        let Some(claim) = self.state.claims.get(key) else { return };
        if let Some(v) = super::invariants::claim_deletion(&key.name, &claim.meta.owners) {
            self.violations.push(v);
        }
    }

    fn check_claim_owners(&mut self, key: &ObjectKey, before: &[OwnerRef], after: &[OwnerRef]) {
        for added in after.iter().filter(|o| !before.iter().any(|b| b.uid == o.uid)) {
            let set_name = match added.kind.as_str() {
                "StatefulSet" => added.name.clone(),
                _ => match parse_parent_ordinal(&added.name) {
                    Some((parent, _)) => parent,
                    None => continue,
                },
            };
            let Some(set) = self.state.statefulsets.get(&ObjectKey::new(&key.namespace, &set_name)) else { continue };
            if let Some(v) = super::invariants::claim_owner_added(&key.name, added, &set.facts()) {
                self.violations.push(v);
            }
        }
    }

    pub fn remove_claim(&mut self, key: &ObjectKey) {
        let Some(claim) = self.state.claims.remove(key) else { return };
        self.count_owned_claim(!claim.meta.owners.is_empty(), false);
        self.wrote();
        self.watch(Kind::Claim, key, Change::Deleted, |_, now| Some(views::get::claim_row(&claim, now)));
        super::storage::claim_removed(self, &claim);
        self.gc_queue.push_back(GcTask::OwnerGone { namespace: key.namespace.clone(), uid: claim.meta.uid.clone() });
        let sets: Vec<ObjectKey> = ClusterState::in_namespace(&self.state.statefulsets, &key.namespace).map(|(k, _)| k.clone()).collect();
        self.sts_dirty.extend(sets);
        self.wake_claim_waiters(key);
    }

    // ---------------------------------------------------------------------------------------
    // StatefulSets, revisions

    pub fn put_statefulset(&mut self, set: StatefulSet, created: bool) {
        let key = set.meta.key();
        self.set_by_uid.insert(set.meta.uid.clone(), key.clone());
        self.state.statefulsets.insert(key.clone(), set);
        self.sts_dirty.insert(key.clone());
        self.sts_backoff.remove(&key);
        self.wrote();
        self.watch_set(&key, if created { Change::Added } else { Change::Modified });
    }

    pub fn update_set_status(&mut self, key: &ObjectKey, status: StatefulSetStatus) {
        let rv = self.next_rv();
        let Some(set) = self.state.statefulsets.get_mut(key) else { return };
        if set.status == status {
            return;
        }
        let ready_changed = set.status.ready_replicas != status.ready_replicas || set.status.replicas != status.replicas;
        set.status = status;
        set.meta.resource_version = rv;
        self.wrote();
        if ready_changed {
            self.watch_set(key, Change::Modified);
        }
    }

    pub fn update_set(&mut self, key: &ObjectKey, f: impl FnOnce(&mut StatefulSet)) {
        let rv = self.next_rv();
        let Some(set) = self.state.statefulsets.get_mut(key) else { return };
        f(set);
        set.meta.resource_version = rv;
        self.sts_dirty.insert(key.clone());
        self.wrote();
    }

    pub fn remove_statefulset(&mut self, key: &ObjectKey) {
        let Some(set) = self.state.statefulsets.remove(key) else { return };
        self.set_by_uid.remove(&set.meta.uid);
        self.sts_dirty.remove(key);
        self.sts_backoff.remove(key);
        self.revision_cache.remove(key);
        self.wrote();
        self.watch(Kind::StatefulSet, key, Change::Deleted, |_, now| Some(views::get::statefulset_row(&set, now)));
        self.gc_queue.push_back(GcTask::OwnerGone { namespace: key.namespace.clone(), uid: set.meta.uid });
    }

    pub fn create_revision(&mut self, mut rev: Revision, actor: Actor) {
        let key = rev.meta.key();
        rev.meta.resource_version = self.next_rv();
        self.state.revisions.insert(key.clone(), rev);
        self.wrote();
        self.note_write(actor, Verb::Create, Kind::ControllerRevision, &key.namespace, &key.name);
    }

    pub fn update_revision(&mut self, key: &ObjectKey, actor: Actor, f: impl FnOnce(&mut Revision)) {
        let rv = self.next_rv();
        let Some(rev) = self.state.revisions.get_mut(key) else { return };
        f(rev);
        rev.meta.resource_version = rv;
        self.wrote();
        self.note_write(actor, Verb::Update, Kind::ControllerRevision, &key.namespace, &key.name);
    }

    pub fn delete_revision(&mut self, key: &ObjectKey, actor: Actor) {
        let Some(rev) = self.state.revisions.remove(key) else { return };
        self.wrote();
        self.note_write(actor, Verb::Delete, Kind::ControllerRevision, &key.namespace, &key.name);
        self.gc_queue.push_back(GcTask::OwnerGone { namespace: key.namespace.clone(), uid: rev.meta.uid });
    }

    /// Records that a user or component wrote something that is not otherwise tracked.
    pub fn touch(&mut self) {
        self.wrote();
    }

    /// A controller's pass: when anything was written since its last one (`seen`, which a
    /// timer resets to `u64::MAX`), `sync` runs for each of its objects, and `seen` catches up.
    /// [`World::sync_when_written`] for the workload controllers, whose `seen` also catches up
    /// when they have no object (see [`World::has_work`]).
    pub(crate) fn sync_apps(&mut self, seen: fn(&mut World) -> &mut u64, keys: Vec<ObjectKey>, sync: fn(&mut World, &ObjectKey)) {
        if keys.is_empty() {
            *seen(self) = self.write_seq;
            return;
        }
        self.sync_when_written(seen, keys, sync);
    }

    /// A new ReplicaSet.
    pub fn create_replicaset(&mut self, mut rs: super::replicaset::ReplicaSet, actor: Actor) {
        rs.meta.resource_version = self.next_rv();
        let key = rs.meta.key();
        self.state.replicasets.insert(key.clone(), rs);
        self.wrote();
        self.note_write(actor, Verb::Create, Kind::ReplicaSet, &key.namespace, &key.name);
    }

    /// Applies `f` to a ReplicaSet. Returns false when it is gone.
    pub fn update_replicaset(&mut self, key: &ObjectKey, actor: Actor, f: impl FnOnce(&mut super::replicaset::ReplicaSet)) -> bool {
        let rv = self.next_rv();
        let Some(rs) = self.state.replicasets.get_mut(key) else { return false };
        f(rs);
        rs.meta.resource_version = rv;
        self.wrote();
        self.note_write(actor, Verb::Update, Kind::ReplicaSet, &key.namespace, &key.name);
        true
    }

    /// A ReplicaSet is gone (its pods go through the garbage collector).
    pub fn remove_replicaset(&mut self, key: &ObjectKey) {
        if self.state.replicasets.remove(key).is_some() {
            self.wrote();
            self.note_write(Actor::GarbageCollector, Verb::Delete, Kind::ReplicaSet, &key.namespace, &key.name);
        }
    }

    /// Stores a Deployment, new or changed.
    pub fn put_deployment(&mut self, mut d: super::deployment::Deployment, actor: Actor) {
        d.meta.resource_version = self.next_rv();
        let key = d.meta.key();
        let verb = if self.state.deployments.contains_key(&key) { Verb::Update } else { Verb::Create };
        self.state.deployments.insert(key.clone(), d);
        self.wrote();
        self.note_write(actor, verb, Kind::Deployment, &key.namespace, &key.name);
    }

    pub(crate) fn sync_when_written(&mut self, seen: fn(&mut World) -> &mut u64, keys: Vec<ObjectKey>, sync: fn(&mut World, &ObjectKey)) {
        if *seen(self) == self.write_seq || keys.is_empty() {
            return;
        }
        for key in keys {
            sync(self, &key);
        }
        *seen(self) = self.write_seq;
    }
}

fn intern(map: &mut HashMap<String, u32>, s: &str) -> u32 {
    if let Some(id) = map.get(s) {
        return *id;
    }
    let id = map.len() as u32 + 1;
    map.insert(s.to_owned(), id);
    id
}

fn default_class(cfg: &SimConfig) -> Option<StorageClass> {
    use super::config::StorageSetup;
    // Immediate: a cloud's CSI block-storage driver (network disks that attach to one node at
    // a time and can grow); WaitForFirstConsumer: kind's local-path (a folder on the node the
    // first pod ran on, which cannot grow)
    let (binding_mode, provisioner, allow_expansion) = match cfg.storage {
        StorageSetup::Immediate => ("Immediate", "ebs.csi.aws.com", true),
        StorageSetup::WaitForFirstConsumer => ("WaitForFirstConsumer", "rancher.io/local-path", false),
        StorageSetup::NoDefaultClass => return None,
    };
    Some(StorageClass {
        name: "standard".to_owned(),
        provisioner: provisioner.to_owned(),
        binding_mode: binding_mode.to_owned(),
        reclaim_policy: "Delete".to_owned(),
        is_default: true,
        allow_expansion,
        created: SimTime::ZERO,
    })
}
