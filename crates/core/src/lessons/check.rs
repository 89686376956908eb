//! The completion checks of lesson steps: a small declarative language judged from the parsed
//! manifest, its findings and the lab's simulation, never from the text the learner typed.
//!
//! A check is written on one line of a lesson file (see [`parse`]) and evaluated with
//! [`evaluate`] against a [`LessonContext`]:
//!
//! ```
//! use ordinal_core::lessons::{check, LessonContext};
//! let c = check::parse("path StatefulSet spec.template.spec.containers[].readinessProbe").unwrap();
//! let diagnostics = ordinal_core::rules::check(&[ordinal_core::rules::SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)]);
//! let ctx = LessonContext::new(ordinal_core::examples::GUIDE, &diagnostics);
//! assert!(!check::evaluate(&c, &ctx));
//! ```

use crate::catalog::{self, PatternSeg};
use crate::rules::{Diagnostic, SourceFile};
use crate::sim::dns::{self, RecordType};
use crate::sim::events::{Change, Kind, SimEvent, Verb};
use crate::sim::model::{ClaimPhase, ClusterState, ConditionStatus, PodPhase};
use crate::sim::views::Resource;
use crate::yaml::{self, Node, Parse};
use std::fmt;

/// The state a simulated pod is asked to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodState {
    /// No pod of that name (a terminating pod still exists).
    Absent,
    /// A pod of that name exists, in any state.
    Exists,
    /// Phase Pending.
    Pending,
    /// Phase Running (ready or not).
    Running,
    /// Running and Ready, not terminating.
    Ready,
    /// Exists and is not Ready.
    NotReady,
    /// Deletion requested, the object still there.
    Terminating,
}

/// The state a simulated claim is asked to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimState {
    /// No claim of that name.
    Absent,
    /// The claim exists.
    Exists,
    /// Not bound yet.
    Pending,
    /// Bound to a volume.
    Bound,
    /// Bound to a volume provisioned from a VolumeSnapshot (`spec.dataSource` names one).
    Restored,
}

/// A simulated object named in a check: `pod/recovery-demo-db-0`, `pvc/data-recovery-demo-db-0`,
/// `statefulset/recovery-demo-db`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// The kind.
    pub kind: Kind,
    /// The name.
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.short(), self.name)
    }
}

/// What a step asks for. Manifest checks look at the editor's text through the YAML parser;
/// finding checks at the rules' diagnostics; `Sim*`, [`Check::Written`] and the other
/// simulation checks at the lab's cluster and its history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// A document of `kind` has a node at `path` (`[]` matches any list index).
    PathExists {
        /// The document's kind.
        kind: String,
        /// The path pattern.
        path: String,
    },
    /// No document of `kind` has a node at `path` (true when there is no such document).
    PathAbsent {
        /// The document's kind.
        kind: String,
        /// The path pattern.
        path: String,
    },
    /// A document of `kind` has a scalar at `path` whose resolved value is `value` (`3`
    /// matches `3` and `"3"` is a string; strings compare as written after resolution).
    PathEquals {
        /// The document's kind.
        kind: String,
        /// The path pattern.
        path: String,
        /// The expected value.
        value: String,
    },
    /// The manifest has at least `count` documents of `kind`.
    DocumentCount {
        /// The kind.
        kind: String,
        /// The least number of documents.
        count: usize,
    },
    /// The manifest parses without a syntax error.
    Parses,
    /// No finding with this rule code.
    NoFinding {
        /// The rule code.
        code: String,
    },
    /// At least one finding with this rule code.
    FindingPresent {
        /// The rule code.
        code: String,
    },
    /// A pod of the lab is in a state.
    SimPod {
        /// The pod's name.
        name: String,
        /// The state.
        state: PodState,
    },
    /// A claim of the lab is in a state.
    SimPvc {
        /// The claim's name.
        name: String,
        /// The state.
        state: ClaimState,
    },
    /// The lab has exactly `count` claims that are not being deleted.
    SimPvcCount {
        /// The number.
        count: usize,
    },
    /// The lab has exactly `count` pods that are not being deleted.
    SimPodCount {
        /// The number.
        count: usize,
    },
    /// The lab's StatefulSet `set` asks for `replicas`.
    SimReplicas {
        /// The StatefulSet.
        set: String,
        /// `spec.replicas`.
        replicas: i32,
    },
    /// The lab's StatefulSet `set` has a field (a path into its stored, defaulted spec, as in
    /// `kubectl get sts -o json`) equal to `value`.
    SimSetField {
        /// The StatefulSet.
        set: String,
        /// A JSON pointer into the stored object, e.g. `/spec/updateStrategy/rollingUpdate/partition`.
        pointer: String,
        /// The expected value, compared with the JSON value's text (`2`, `Parallel`).
        value: String,
    },
    /// Every pod of the set runs the template of its newest revision (a rolling update is
    /// done), or, with `partition`, exactly the pods at or above it do.
    SimUpdated {
        /// The StatefulSet.
        set: String,
        /// The ordinal from which pods are updated (`None`: all of them).
        from: Option<i32>,
    },
    /// A Kubernetes Event with this reason was recorded about `object` (any object when
    /// `None`).
    EventSeen {
        /// The reason, e.g. `SuccessfulCreate`.
        reason: String,
        /// The involved object.
        object: Option<ObjectRef>,
    },
    /// A controller (not the learner) created or deleted `object`.
    Written {
        /// Create or delete.
        verb: Verb,
        /// The object.
        object: ObjectRef,
    },
    /// `first` was written before `then` (both writes happened).
    WrittenBefore {
        /// The earlier write.
        first: (Verb, ObjectRef),
        /// The later write.
        then: (Verb, ObjectRef),
    },
    /// The pods `set-0` … `set-(count-1)` were created in ordinal order, each only after the
    /// one before it was Ready.
    CreatedInOrder {
        /// The StatefulSet.
        set: String,
        /// How many pods.
        count: usize,
    },
    /// The pod was deleted and a new pod of the same name now exists, mounting the same
    /// claims, none of which was deleted in between.
    Recreated {
        /// The pod's name.
        pod: String,
    },
    /// The production checklist item `id` passes on the manifest; `yaml` for every item
    /// that can be judged from it.
    Checklist {
        /// An item id of [`crate::checklist`], or `yaml`.
        item: String,
    },
    /// The lab's cluster DNS serves a record of this name and type.
    Dns {
        /// The fully qualified name, without the trailing dot.
        name: String,
        /// The record type.
        type_: RecordType,
    },
    /// A dump pg_dump wrote is on the learner's side of the lab's terminal under this name
    /// (`kubectl exec … pg_dump … > NAME`).
    DumpSaved {
        /// The file's name.
        name: String,
    },
    /// This move was played in the comparison of the StatefulSet with a Deployment
    /// ([`crate::compare`]).
    Compared {
        /// The move.
        played: crate::compare::Move,
    },
    /// The learner ran a command of this kind in the lab's terminal.
    Ran {
        /// The command.
        command: CommandKind,
    },
    /// No Kubernetes Event with this reason was recorded about `object` (about any object
    /// when `None`): the Multi-Attach that did not happen.
    NoEvent {
        /// The reason, e.g. `FailedAttachVolume`.
        reason: String,
        /// The involved object.
        object: Option<ObjectRef>,
    },
    /// A node of the lab (one named, any of them, or all of them) is in a state.
    SimNode {
        /// Which nodes.
        node: NodeSel,
        /// The state.
        state: NodeState,
    },
    /// The latest `kubectl drain` of the lab is in a state.
    Drain {
        /// The state.
        state: DrainState,
    },
    /// The PodDisruptionBudget `name` allows exactly `allowed` disruptions now (its status, as
    /// the disruption controller computed it: `kubectl get pdb`'s ALLOWED DISRUPTIONS).
    PdbAllows {
        /// The budget.
        name: String,
        /// `status.disruptionsAllowed`.
        allowed: i32,
    },
    /// The simulator's "why" ([`crate::sim::why`]) gives this reason for some StatefulSet, for
    /// `pod` when one is named.
    Waiting {
        /// The reason.
        code: crate::sim::why::Code,
        /// A pod the reason must concern.
        pod: Option<String>,
    },
    /// The table `readings` of the database on a claim's volume holds a number of rows.
    Rows {
        /// The claim.
        claim: String,
        /// How the rows compare with `count`.
        cmp: std::cmp::Ordering,
        /// The number.
        count: u64,
    },
    /// A Job (one named, or any) finished: `Complete` or `Failed`.
    Job {
        /// The Job's name, `None` for any Job.
        name: Option<String>,
        /// `true`: complete; `false`: failed.
        complete: bool,
    },
    /// A VolumeSnapshot (one named, or any) is ready to use.
    SnapshotReady {
        /// The snapshot's name, `None` for any.
        name: Option<String>,
    },
    /// Every check holds.
    All(Vec<Check>),
    /// At least one check holds.
    Any(Vec<Check>),
}

/// The kinds of commands a step may ask the learner to type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandKind {
    /// `kubectl get RESOURCE` (`-w` included).
    Get(Resource),
    /// `kubectl describe RESOURCE NAME`.
    Describe(Resource),
    /// `nslookup`, or `kubectl run … -- nslookup`.
    Nslookup,
    /// `dig`.
    Dig,
    /// `kubectl logs`.
    Logs,
    /// `kubectl exec`.
    Exec,
    /// `kubectl apply`.
    Apply,
    /// `kubectl delete RESOURCE` (a pod, a set, …).
    Delete(Resource),
    /// `kubectl scale`.
    Scale,
    /// `kubectl set image`.
    SetImage,
    /// `kubectl patch`.
    Patch,
    /// `kubectl create job NAME --from=cronjob/…`.
    CreateJob,
    /// `why`: the simulator's waiting reasons.
    Why,
    /// `kubectl drain`.
    Drain,
    /// `kubectl cordon` or `kubectl uncordon`.
    Cordon,
    /// `kubectl taint`.
    Taint,
}

/// Which nodes a node check looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeSel {
    /// The node of this name.
    Named(String),
    /// At least one node.
    Any,
    /// Every node.
    All,
}

/// The state a simulated node is asked to be in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Its `Ready` condition is `True`.
    Ready,
    /// Its `Ready` condition is `False` or `Unknown` (the kubelet stopped answering).
    NotReady,
    /// Cordoned: `spec.unschedulable` (`Ready,SchedulingDisabled`).
    Cordoned,
    /// Not cordoned.
    Schedulable,
    /// It carries a taint with this key (any effect).
    Tainted(String),
    /// It carries no taint with this key.
    Untainted(String),
}

/// The state of the latest `kubectl drain` the lab ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrainState {
    /// Still evicting or waiting.
    Running,
    /// Ended without an error: the node is drained.
    Done,
    /// Ended with an error (a `--timeout` reached, a pod it may not delete).
    Failed,
    /// A PodDisruptionBudget refused at least one of its evictions (429, retried).
    Refused,
}

/// What a check is judged against. Build it with [`LessonContext::new`], then add the lab's
/// state with [`LessonContext::with_sim`] when there is one.
pub struct LessonContext<'a> {
    /// The editor's text.
    pub text: &'a str,
    /// Its parse.
    pub parse: Parse,
    /// The rules' findings on it.
    pub diagnostics: &'a [Diagnostic],
    /// The lab's cluster, when a lab runs.
    pub sim: Option<&'a ClusterState>,
    /// Everything the lab's simulation reported, oldest first.
    pub events: &'a [SimEvent],
    /// The commands the learner ran in the lab, oldest first.
    pub commands: &'a [CommandKind],
    /// The files on the learner's side of the lab's terminal (`> FILE`).
    pub local_files: Option<&'a std::collections::BTreeMap<String, crate::sim::client::StoredFile>>,
    /// The moves played in the comparison with a Deployment, oldest first.
    pub compared: &'a [crate::compare::Move],
    /// The lab's simulation (for its drains, databases and "why").
    pub simulation: Option<&'a crate::sim::Simulation>,
}

impl<'a> LessonContext<'a> {
    /// A context over the editor's text and its findings, with no simulation.
    pub fn new(text: &'a str, diagnostics: &'a [Diagnostic]) -> LessonContext<'a> {
        LessonContext { text, parse: yaml::parse(text), diagnostics, sim: None, events: &[], commands: &[], local_files: None, compared: &[], simulation: None }
    }

    /// Adds the moves played in the comparison with a Deployment.
    pub fn with_compared(mut self, compared: &'a [crate::compare::Move]) -> LessonContext<'a> {
        self.compared = compared;
        self
    }

    /// Adds the lab's cluster (and the files on the learner's side of its terminal), its event
    /// history and the commands run.
    pub fn with_sim(mut self, sim: &'a crate::sim::Simulation, events: &'a [SimEvent], commands: &'a [CommandKind]) -> LessonContext<'a> {
        self.sim = Some(sim.snapshot());
        self.simulation = Some(sim);
        self.local_files = Some(sim.local_files());
        self.events = events;
        self.commands = commands;
        self
    }
}

/// Whether the check holds. Pure: the same context always gives the same answer.
pub fn evaluate(check: &Check, ctx: &LessonContext<'_>) -> bool {
    match check {
        Check::PathExists { kind, path } => !nodes(ctx, kind, path).is_empty(),
        Check::PathAbsent { kind, path } => nodes(ctx, kind, path).is_empty(),
        Check::PathEquals { kind, path, value } => nodes(ctx, kind, path).iter().any(|n| scalar_text(n).as_deref() == Some(value.as_str())),
        Check::DocumentCount { kind, count } => documents(ctx, kind).count() >= *count,
        Check::Parses => ctx.parse.errors.is_empty(),
        Check::NoFinding { code } => ctx.parse.errors.is_empty() && !ctx.diagnostics.iter().any(|d| d.code == code),
        Check::FindingPresent { code } => ctx.diagnostics.iter().any(|d| d.code == code),
        Check::SimPod { name, state } => ctx.sim.is_some_and(|s| pod_state(s, name, *state)),
        Check::SimPvc { name, state } => ctx.sim.is_some_and(|s| claim_state(s, name, *state)),
        Check::SimPvcCount { count } => ctx.sim.is_some_and(|s| s.claims.values().filter(|c| !c.meta.terminating()).count() == *count),
        Check::SimPodCount { count } => ctx.sim.is_some_and(|s| s.pods.values().filter(|p| !p.meta.terminating()).count() == *count),
        Check::SimReplicas { set, replicas } => {
            ctx.sim.is_some_and(|s| s.statefulsets.values().any(|x| x.meta.name == *set && x.spec.replicas.unwrap_or(1) == *replicas))
        }
        Check::SimSetField { set, pointer, value } => ctx.sim.is_some_and(|s| {
            s.statefulsets.values().filter(|x| x.meta.name == *set).any(|x| {
                let spec = serde_json::to_value(&x.spec).unwrap_or_default();
                let Some(rest) = pointer.strip_prefix("/spec") else { return false };
                match spec.pointer(rest) {
                    Some(serde_json::Value::String(v)) => v == value,
                    Some(v) => serde_json::from_str::<serde_json::Value>(value).is_ok_and(|want| want == *v),
                    None => false,
                }
            })
        }),
        Check::SimUpdated { set, from } => ctx.sim.is_some_and(|s| updated(s, set, *from)),
        Check::EventSeen { reason, object } => ctx.events.iter().any(|e| match e {
            SimEvent::Event { event, .. } => {
                event.reason == *reason && object.as_ref().is_none_or(|o| kind_name(o.kind) == event.kind && o.name == event.name)
            }
            _ => false,
        }),
        Check::Written { verb, object } => write_index(ctx.events, *verb, object).is_some(),
        Check::WrittenBefore { first, then } => match (write_index(ctx.events, first.0, &first.1), write_index(ctx.events, then.0, &then.1)) {
            (Some(a), Some(b)) => a < b,
            _ => false,
        },
        Check::CreatedInOrder { set, count } => created_in_order(ctx.events, set, *count),
        Check::Recreated { pod } => ctx.sim.is_some_and(|s| recreated(s, ctx.events, pod)),
        Check::Checklist { item } => {
            let items = crate::checklist::evaluate_with(&[SourceFile::new("manifest.yaml", ctx.text)], ctx.diagnostics);
            let judged = items.iter().filter(|i| i.status != crate::checklist::Status::Manual);
            match item.as_str() {
                "yaml" => judged.into_iter().all(|i| i.status.passed()),
                id => items.iter().any(|i| i.id == id && i.status.passed()),
            }
        }
        Check::Compared { played } => ctx.compared.contains(played),
        Check::DumpSaved { name } => ctx.local_files.is_some_and(|files| files.get(name).is_some_and(|f| f.rows.is_some())),
        Check::Dns { name, type_ } => ctx.sim.is_some_and(|s| dns::records(s, super::lab::CLUSTER_DOMAIN).iter().any(|r| r.name == *name && r.type_ == *type_)),
        Check::Ran { command } => ctx.commands.contains(command),
        Check::NoEvent { reason, object } => ctx.simulation.is_some() && !evaluate(&Check::EventSeen { reason: reason.clone(), object: object.clone() }, ctx),
        Check::SimNode { node, state } => ctx.sim.is_some_and(|s| {
            let holds = |n: &crate::sim::model::Node| match state {
                NodeState::Ready => n.ready() == ConditionStatus::True,
                NodeState::NotReady => n.ready() != ConditionStatus::True,
                NodeState::Cordoned => n.unschedulable,
                NodeState::Schedulable => !n.unschedulable,
                NodeState::Tainted(key) => n.taints.iter().any(|t| t.key == *key),
                NodeState::Untainted(key) => !n.taints.iter().any(|t| t.key == *key),
            };
            match node {
                NodeSel::Named(name) => s.nodes.iter().any(|n| n.name == *name && holds(n)),
                NodeSel::Any => s.nodes.iter().any(holds),
                NodeSel::All => !s.nodes.is_empty() && s.nodes.iter().all(holds),
            }
        }),
        Check::Drain { state } => ctx.simulation.and_then(|s| s.drains().last()).is_some_and(|d| match state {
            DrainState::Running => d.running,
            DrainState::Done => !d.running && d.error.is_none(),
            DrainState::Failed => !d.running && d.error.is_some(),
            DrainState::Refused => d.stderr.iter().any(|l| l.contains(crate::sim::eviction::BUDGET_REFUSAL)),
        }),
        Check::PdbAllows { name, allowed } => ctx.sim.is_some_and(|s| s.pdbs.values().any(|p| p.meta.name == *name && p.status.disruptions_allowed == *allowed)),
        Check::Waiting { code, pod } => ctx.simulation.is_some_and(|sim| {
            crate::sim::why::all(sim).iter().flat_map(|(_, w)| w).any(|w| w.code == *code && pod.as_ref().is_none_or(|p| w.pods.contains(p)))
        }),
        Check::Rows { claim, cmp, count } => ctx.simulation.is_some_and(|sim| {
            let s = sim.snapshot();
            s.claims.values().filter(|c| c.meta.name == *claim && !c.meta.terminating()).filter_map(|c| c.volume.as_deref()).filter_map(|v| sim.databases().data(v)).any(|d| d.initialized && d.rows().cmp(count) == *cmp)
        }),
        Check::Job { name, complete } => ctx.sim.is_some_and(|s| {
            s.jobs.values().filter(|j| name.as_ref().is_none_or(|n| j.meta.name == *n)).any(|j| j.has(if *complete { "Complete" } else { "Failed" }))
        }),
        Check::SnapshotReady { name } => ctx.sim.is_some_and(|s| s.snapshots.values().any(|v| name.as_ref().is_none_or(|n| v.meta.name == *n) && v.ready == Some(true))),
        Check::All(checks) => checks.iter().all(|c| evaluate(c, ctx)),
        Check::Any(checks) => checks.iter().any(|c| evaluate(c, ctx)),
    }
}

/// Whether the check needs the lab's simulation (so the player can offer to start it).
pub fn needs_sim(check: &Check) -> bool {
    match check {
        Check::PathExists { .. }
        | Check::Checklist { .. }
        | Check::PathAbsent { .. }
        | Check::PathEquals { .. }
        | Check::DocumentCount { .. }
        | Check::Parses
        | Check::NoFinding { .. }
        | Check::FindingPresent { .. } => false,
        Check::All(c) | Check::Any(c) => c.iter().any(needs_sim),
        _ => true,
    }
}

fn documents<'c>(ctx: &'c LessonContext<'_>, kind: &'c str) -> impl Iterator<Item = &'c Node> + 'c {
    ctx.parse.documents.iter().filter(move |d| d.kind() == Some(kind)).filter_map(|d| d.root.as_ref())
}

/// Every node of a `kind` document at a path pattern.
fn nodes<'c>(ctx: &'c LessonContext<'_>, kind: &'c str, path: &str) -> Vec<&'c Node> {
    let Ok(pattern) = catalog::parse_pattern(path) else { return Vec::new() };
    let mut out = Vec::new();
    for root in documents(ctx, kind) {
        select(root, &pattern, &mut out);
    }
    out
}

fn select<'n>(node: &'n Node, pattern: &[PatternSeg], out: &mut Vec<&'n Node>) {
    let Some((first, rest)) = pattern.split_first() else {
        // a key written with no value (`readinessProbe:`) is no setting
        if !node.is_null() {
            out.push(node);
        }
        return;
    };
    match first {
        PatternSeg::Key(k) => {
            if let Some(child) = node.get(k) {
                select(child, rest, out);
            }
        }
        PatternSeg::AnyIndex => {
            for item in node.items().unwrap_or(&[]) {
                select(item, rest, out);
            }
        }
        PatternSeg::AnyKey => {
            for e in node.entries().unwrap_or(&[]) {
                select(&e.value, rest, out);
            }
        }
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    use crate::yaml::ScalarValue;
    Some(match node.as_scalar()?.resolved() {
        ScalarValue::Null => "null".to_owned(),
        ScalarValue::Bool(b) => b.to_string(),
        ScalarValue::Int(i) => i.to_string(),
        ScalarValue::Float(f) => f.to_string(),
        ScalarValue::Str(s) => s,
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Pod => "Pod",
        Kind::Claim => "PersistentVolumeClaim",
        Kind::Volume => "PersistentVolume",
        Kind::StatefulSet => "StatefulSet",
        Kind::Service => "Service",
        Kind::ControllerRevision => "ControllerRevision",
        Kind::EndpointSlice => "EndpointSlice",
        Kind::ReplicaSet => "ReplicaSet",
        Kind::Deployment => "Deployment",
        Kind::DaemonSet => "DaemonSet",
    }
}

fn pod_state(s: &ClusterState, name: &str, state: PodState) -> bool {
    let pod = s.pods.values().find(|p| p.meta.name == name);
    match (state, pod) {
        (PodState::Absent, p) => p.is_none(),
        (_, None) => false,
        (PodState::Exists, Some(_)) => true,
        (PodState::Pending, Some(p)) => p.status.phase == PodPhase::Pending && !p.meta.terminating(),
        (PodState::Running, Some(p)) => p.status.phase == PodPhase::Running && !p.meta.terminating(),
        (PodState::Ready, Some(p)) => p.running_and_ready() && !p.meta.terminating(),
        (PodState::NotReady, Some(p)) => !p.running_and_ready(),
        (PodState::Terminating, Some(p)) => p.meta.terminating(),
    }
}

fn claim_state(s: &ClusterState, name: &str, state: ClaimState) -> bool {
    let claim = s.claims.values().find(|c| c.meta.name == name);
    match (state, claim) {
        (ClaimState::Absent, c) => c.is_none(),
        (_, None) => false,
        (ClaimState::Exists, Some(_)) => true,
        (ClaimState::Pending, Some(c)) => c.phase == ClaimPhase::Pending,
        (ClaimState::Bound, Some(c)) => c.phase == ClaimPhase::Bound,
        (ClaimState::Restored, Some(c)) => {
            let from_snapshot = |kind: Option<&str>| kind == Some("VolumeSnapshot");
            c.phase == ClaimPhase::Bound
                && (from_snapshot(c.spec.data_source.as_ref().map(|d| d.kind.as_str())) || from_snapshot(c.spec.data_source_ref.as_ref().map(|d| d.kind.as_str())))
        }
    }
}

fn updated(s: &ClusterState, set: &str, from: Option<i32>) -> bool {
    let Some(sts) = s.statefulsets.values().find(|x| x.meta.name == set) else { return false };
    let revision = &sts.status.update_revision;
    let pods = s.pods_of(sts);
    let replicas = sts.spec.replicas.unwrap_or(1);
    if revision.is_empty() || pods.len() != replicas as usize || pods.iter().any(|p| p.meta.terminating() || !p.running_and_ready()) {
        return false;
    }
    let from = from.unwrap_or(0);
    pods.iter().all(|p| {
        let ordinal = p.parent_ordinal.as_ref().map_or(-1, |(_, o)| *o);
        (p.revision() == revision) == (ordinal >= from)
    })
}

fn write_index(events: &[SimEvent], verb: Verb, object: &ObjectRef) -> Option<usize> {
    events.iter().position(|e| matches!(e, SimEvent::Write { verb: v, kind, name, actor, .. } if *v == verb && *kind == object.kind && *name == object.name && actor.is_controller()))
}

/// Whether a watch row of a pod says it is Ready (`READY` column `n/n`, n > 0).
fn row_ready(row: &[String]) -> bool {
    row.get(1).and_then(|r| r.split_once('/')).is_some_and(|(a, b)| a == b && a != "0")
}

fn created_in_order(events: &[SimEvent], set: &str, count: usize) -> bool {
    let names: Vec<String> = (0..count).map(|i| format!("{set}-{i}")).collect();
    let created: Vec<Option<usize>> = names.iter().map(|n| write_index(events, Verb::Create, &ObjectRef { kind: Kind::Pod, name: n.clone() })).collect();
    if created.iter().any(Option::is_none) {
        return false;
    }
    let created: Vec<usize> = created.into_iter().flatten().collect();
    for i in 1..count {
        // the pod before was Ready (a watch row) between its creation and this creation
        let prev = &names[i - 1];
        let ready_between = events[created[i - 1]..created[i].max(created[i - 1])].iter().any(|e| {
            matches!(e, SimEvent::Watch { kind: Kind::Pod, name, row, .. } if name == prev && row_ready(row))
        });
        if created[i] < created[i - 1] || !ready_between {
            return false;
        }
    }
    true
}

fn recreated(s: &ClusterState, events: &[SimEvent], pod: &str) -> bool {
    let Some(current) = s.pods.values().find(|p| p.meta.name == pod && !p.meta.terminating()) else { return false };
    let deleted = events.iter().position(|e| matches!(e, SimEvent::Watch { kind: Kind::Pod, name, change: Change::Deleted, .. } if name == pod));
    let Some(deleted) = deleted else { return false };
    let added_again = events[deleted..].iter().any(|e| matches!(e, SimEvent::Watch { kind: Kind::Pod, name, change: Change::Added, .. } if name == pod));
    let claims = current.claim_names();
    let claim_lost = events.iter().any(|e| matches!(e, SimEvent::Watch { kind: Kind::Claim, name, change: Change::Deleted, .. } if claims.contains(name)));
    added_again && !claims.is_empty() && !claim_lost && claims.iter().all(|c| s.claims.values().any(|x| &x.meta.name == c))
}

/// A check line that could not be read: what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckError(pub String);

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a check line. `a && b` is [`Check::All`], `a || b` is [`Check::Any`] (not mixed).
///
/// | line | check |
/// |---|---|
/// | `path KIND PATH` | [`Check::PathExists`] |
/// | `no-path KIND PATH` | [`Check::PathAbsent`] |
/// | `value KIND PATH = VALUE` | [`Check::PathEquals`] |
/// | `documents KIND N` | [`Check::DocumentCount`] |
/// | `parses` | [`Check::Parses`] |
/// | `no-finding CODE` / `finding CODE` | [`Check::NoFinding`] / [`Check::FindingPresent`] |
/// | `pod NAME STATE` (absent, exists, pending, running, ready, not-ready, terminating) | [`Check::SimPod`] |
/// | `pvc NAME STATE` (absent, exists, pending, bound) | [`Check::SimPvc`] |
/// | `pvc-count N` / `pod-count N` | [`Check::SimPvcCount`] / [`Check::SimPodCount`] |
/// | `replicas SET N` | [`Check::SimReplicas`] |
/// | `set-field SET /spec/POINTER = VALUE` | [`Check::SimSetField`] |
/// | `updated SET` / `updated SET from N` | [`Check::SimUpdated`] |
/// | `event REASON [KIND/NAME]` | [`Check::EventSeen`] |
/// | `created KIND/NAME` / `deleted KIND/NAME` | [`Check::Written`] |
/// | `before VERB KIND/NAME, VERB KIND/NAME` | [`Check::WrittenBefore`] |
/// | `in-order SET N` | [`Check::CreatedInOrder`] |
/// | `recreated NAME` | [`Check::Recreated`] |
/// | `checklist ID` / `checklist yaml` | [`Check::Checklist`] |
/// | `dns TYPE NAME` | [`Check::Dns`] |
/// | `dump-saved FILE` | [`Check::DumpSaved`] |
/// | `compared MOVE` (delete-pod, scale-up, scale-down, lose-node, roll-image) | [`Check::Compared`] |
/// | `ran VERB [RESOURCE]` (get, describe, delete with a resource; nslookup, dig, logs, exec, apply, scale, set-image, patch, create-job, why, drain, cordon, taint) | [`Check::Ran`] |
/// | `no-event REASON [KIND/NAME]` | [`Check::NoEvent`] |
/// | `node NODE STATE` (NODE a name, `any` or `all`; ready, not-ready, cordoned, schedulable, tainted KEY, untainted KEY) | [`Check::SimNode`] |
/// | `drain STATE` (running, done, failed, refused) | [`Check::Drain`] |
/// | `pdb NAME allows N` | [`Check::PdbAllows`] |
/// | `waiting CODE [POD]` (a code of [`crate::sim::why::Code`]) | [`Check::Waiting`] |
/// | `rows CLAIM OP N` (OP `>`, `<` or `=`) | [`Check::Rows`] |
/// | `job NAME STATE` (NAME or `any`; complete, failed) | [`Check::Job`] |
/// | `snapshot NAME ready` (NAME or `any`) | [`Check::SnapshotReady`] |
pub fn parse(line: &str) -> Result<Check, CheckError> {
    let line = line.trim();
    if line.contains("&&") && line.contains("||") {
        return Err(CheckError("mixing `&&` and `||` is ambiguous; split the check".into()));
    }
    if line.contains("&&") {
        return line.split("&&").map(parse_one).collect::<Result<Vec<_>, _>>().map(Check::All);
    }
    if line.contains("||") {
        return line.split("||").map(parse_one).collect::<Result<Vec<_>, _>>().map(Check::Any);
    }
    parse_one(line)
}

fn err<T>(message: String) -> Result<T, CheckError> {
    Err(CheckError(message))
}

fn object(word: &str) -> Result<ObjectRef, CheckError> {
    let Some((kind, name)) = word.split_once('/') else { return err(format!("expected KIND/NAME, got `{word}`")) };
    let kind = match kind {
        "pod" => Kind::Pod,
        "pvc" => Kind::Claim,
        "pv" => Kind::Volume,
        "statefulset" | "sts" => Kind::StatefulSet,
        "service" | "svc" => Kind::Service,
        "controllerrevision" => Kind::ControllerRevision,
        other => return err(format!("unknown kind `{other}` in `{word}`")),
    };
    if name.is_empty() {
        return err(format!("`{word}` has no name"));
    }
    Ok(ObjectRef { kind, name: name.to_owned() })
}

fn verb(word: &str) -> Result<Verb, CheckError> {
    match word {
        "created" | "create" => Ok(Verb::Create),
        "deleted" | "delete" => Ok(Verb::Delete),
        other => err(format!("expected created or deleted, got `{other}`")),
    }
}

fn number<T: std::str::FromStr>(word: &str) -> Result<T, CheckError> {
    word.parse().map_err(|_| CheckError(format!("expected a number, got `{word}`")))
}

fn resource(word: &str) -> Result<Resource, CheckError> {
    Resource::parse(word).ok_or_else(|| CheckError(format!("unknown resource `{word}`")))
}

fn parse_one(text: &str) -> Result<Check, CheckError> {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some((&head, args)) = words.split_first() else { return err("empty check".into()) };
    let path_ok = |p: &str| catalog::parse_pattern(p).map(|_| ()).map_err(|e| CheckError(format!("bad path `{p}`: {e}")));
    Ok(match (head, args) {
        ("path", [kind, path]) => {
            path_ok(path)?;
            Check::PathExists { kind: (*kind).into(), path: (*path).into() }
        }
        ("no-path", [kind, path]) => {
            path_ok(path)?;
            Check::PathAbsent { kind: (*kind).into(), path: (*path).into() }
        }
        ("value", [kind, path, "=", value @ ..]) if !value.is_empty() => {
            path_ok(path)?;
            Check::PathEquals { kind: (*kind).into(), path: (*path).into(), value: value.join(" ") }
        }
        ("documents", [kind, n]) => Check::DocumentCount { kind: (*kind).into(), count: number(n)? },
        ("parses", []) => Check::Parses,
        ("no-finding", [code]) => Check::NoFinding { code: (*code).into() },
        ("finding", [code]) => Check::FindingPresent { code: (*code).into() },
        ("pod", [name, state]) => Check::SimPod {
            name: (*name).into(),
            state: match *state {
                "absent" => PodState::Absent,
                "exists" => PodState::Exists,
                "pending" => PodState::Pending,
                "running" => PodState::Running,
                "ready" => PodState::Ready,
                "not-ready" => PodState::NotReady,
                "terminating" => PodState::Terminating,
                other => return err(format!("unknown pod state `{other}`")),
            },
        },
        ("pvc", [name, state]) => Check::SimPvc {
            name: (*name).into(),
            state: match *state {
                "absent" => ClaimState::Absent,
                "exists" => ClaimState::Exists,
                "pending" => ClaimState::Pending,
                "bound" => ClaimState::Bound,
                "restored" => ClaimState::Restored,
                other => return err(format!("unknown claim state `{other}`")),
            },
        },
        ("pvc-count", [n]) => Check::SimPvcCount { count: number(n)? },
        ("pod-count", [n]) => Check::SimPodCount { count: number(n)? },
        ("replicas", [set, n]) => Check::SimReplicas { set: (*set).into(), replicas: number(n)? },
        ("set-field", [set, pointer, "=", value]) if pointer.starts_with("/spec/") => {
            Check::SimSetField { set: (*set).into(), pointer: (*pointer).into(), value: (*value).into() }
        }
        ("updated", [set]) => Check::SimUpdated { set: (*set).into(), from: None },
        ("updated", [set, "from", n]) => Check::SimUpdated { set: (*set).into(), from: Some(number(n)?) },
        ("event", [reason]) => Check::EventSeen { reason: (*reason).into(), object: None },
        ("event", [reason, o]) => Check::EventSeen { reason: (*reason).into(), object: Some(object(o)?) },
        ("created" | "deleted", [o]) => Check::Written { verb: verb(head)?, object: object(o)? },
        ("before", _) => {
            let rest = text["before".len()..].trim();
            let Some((a, b)) = rest.split_once(',') else { return err("usage: before VERB KIND/NAME, VERB KIND/NAME".into()) };
            let pair = |s: &str| -> Result<(Verb, ObjectRef), CheckError> {
                match s.split_whitespace().collect::<Vec<_>>()[..] {
                    [v, o] => Ok((verb(v)?, object(o)?)),
                    _ => err(format!("expected VERB KIND/NAME, got `{}`", s.trim())),
                }
            };
            Check::WrittenBefore { first: pair(a)?, then: pair(b)? }
        }
        ("in-order", [set, n]) => Check::CreatedInOrder { set: (*set).into(), count: number(n)? },
        ("recreated", [pod]) => Check::Recreated { pod: (*pod).into() },
        ("checklist", [item]) => {
            if *item != "yaml" && !crate::checklist::ids().any(|i| i == *item) {
                return err(format!("unknown checklist item `{item}`"));
            }
            Check::Checklist { item: (*item).into() }
        }
        ("dns", [type_, name]) => {
            let type_ = RecordType::parse(type_).ok_or_else(|| CheckError(format!("unknown record type `{type_}`")))?;
            Check::Dns { name: (*name).into(), type_ }
        }
        ("dump-saved", [name]) => Check::DumpSaved { name: (*name).into() },
        ("compared", [id]) => Check::Compared { played: crate::compare::Move::parse(id).ok_or_else(|| CheckError(format!("unknown move `{id}`")))? },
        ("ran", [what, rest @ ..]) => Check::Ran {
            command: match (*what, rest) {
                ("get", [r]) => CommandKind::Get(resource(r)?),
                ("describe", [r]) => CommandKind::Describe(resource(r)?),
                ("delete", [r]) => CommandKind::Delete(resource(r)?),
                ("nslookup", []) => CommandKind::Nslookup,
                ("dig", []) => CommandKind::Dig,
                ("logs", []) => CommandKind::Logs,
                ("exec", []) => CommandKind::Exec,
                ("apply", []) => CommandKind::Apply,
                ("scale", []) => CommandKind::Scale,
                ("set-image", []) => CommandKind::SetImage,
                ("patch", []) => CommandKind::Patch,
                ("create-job", []) => CommandKind::CreateJob,
                ("why", []) => CommandKind::Why,
                ("drain", []) => CommandKind::Drain,
                ("cordon", []) => CommandKind::Cordon,
                ("taint", []) => CommandKind::Taint,
                _ => return err(format!("unknown command in `ran {}`", args.join(" "))),
            },
        },
        ("no-event", [reason]) => Check::NoEvent { reason: (*reason).into(), object: None },
        ("no-event", [reason, o]) => Check::NoEvent { reason: (*reason).into(), object: Some(object(o)?) },
        ("node", [node, state, rest @ ..]) => Check::SimNode {
            node: match *node {
                "any" => NodeSel::Any,
                "all" => NodeSel::All,
                name => NodeSel::Named(name.into()),
            },
            state: match (*state, rest) {
                ("ready", []) => NodeState::Ready,
                ("not-ready", []) => NodeState::NotReady,
                ("cordoned", []) => NodeState::Cordoned,
                ("schedulable", []) => NodeState::Schedulable,
                ("tainted", [key]) => NodeState::Tainted((*key).into()),
                ("untainted", [key]) => NodeState::Untainted((*key).into()),
                _ => return err(format!("unknown node state `{}` (ready, not-ready, cordoned, schedulable, tainted KEY, untainted KEY)", args[1..].join(" "))),
            },
        },
        ("drain", [state]) => Check::Drain {
            state: match *state {
                "running" => DrainState::Running,
                "done" => DrainState::Done,
                "failed" => DrainState::Failed,
                "refused" => DrainState::Refused,
                other => return err(format!("unknown drain state `{other}` (running, done, failed, refused)")),
            },
        },
        ("pdb", [name, "allows", n]) => Check::PdbAllows { name: (*name).into(), allowed: number(n)? },
        ("waiting", [code, rest @ ..]) if rest.len() <= 1 => Check::Waiting {
            code: crate::sim::why::CODES.iter().copied().find(|c| c.as_str() == *code).ok_or_else(|| CheckError(format!("unknown waiting reason `{code}`")))?,
            pod: rest.first().map(|p| (*p).into()),
        },
        ("rows", [claim, op, n]) => Check::Rows {
            claim: (*claim).into(),
            cmp: match *op {
                ">" => std::cmp::Ordering::Greater,
                "<" => std::cmp::Ordering::Less,
                "=" => std::cmp::Ordering::Equal,
                other => return err(format!("expected >, < or =, got `{other}`")),
            },
            count: number(n)?,
        },
        ("job", [name, state]) => Check::Job {
            name: (*name != "any").then(|| (*name).into()),
            complete: match *state {
                "complete" => true,
                "failed" => false,
                other => return err(format!("unknown job state `{other}` (complete, failed)")),
            },
        },
        ("snapshot", [name, "ready"]) => Check::SnapshotReady { name: (*name != "any").then(|| (*name).into()) },
        _ => return err(format!("unknown check `{text}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{self, SourceFile};

    fn ctx_eval(text: &str, line: &str) -> bool {
        let diagnostics = rules::check(&[SourceFile::new("m.yaml", text)]);
        let ctx = LessonContext::new(text, &diagnostics);
        evaluate(&parse(line).unwrap(), &ctx)
    }

    #[test]
    fn manifest_checks_read_the_parse_not_the_text() {
        let guide = crate::examples::GUIDE;
        assert!(ctx_eval(guide, "path StatefulSet spec.serviceName"));
        assert!(ctx_eval(guide, "value StatefulSet spec.replicas = 3"));
        assert!(!ctx_eval(guide, "value StatefulSet spec.replicas = 4"));
        assert!(ctx_eval(guide, "value Service spec.clusterIP = None"));
        assert!(ctx_eval(guide, "no-path StatefulSet spec.template.spec.containers[].readinessProbe"));
        // a comment that mentions the field is not the field
        let commented = guide.replace("        ports:\n", "        # readinessProbe: exec pg_isready\n        ports:\n");
        assert!(!ctx_eval(&commented, "path StatefulSet spec.template.spec.containers[].readinessProbe"));
        // a key with no value is no setting
        let empty = guide.replace("        ports:\n", "        readinessProbe:\n        ports:\n");
        assert!(!ctx_eval(&empty, "path StatefulSet spec.template.spec.containers[].readinessProbe"));
        // the same field in another kind does not count
        assert!(!ctx_eval(guide, "path Service spec.serviceName"));
        assert!(ctx_eval(guide, "documents StatefulSet 1") && !ctx_eval(guide, "documents PodDisruptionBudget 1"));
        // quoting does not change a value
        assert!(ctx_eval(&guide.replace("replicas: 3", "replicas: \"3\""), "value StatefulSet spec.replicas = 3"));
    }

    #[test]
    fn finding_checks_follow_the_rules_and_need_a_parse() {
        let guide = crate::examples::GUIDE;
        assert!(ctx_eval(guide, "finding SEC001"));
        assert!(!ctx_eval(guide, "no-finding SEC001"));
        assert!(ctx_eval(guide, "no-finding STS001"));
        // a broken manifest has no findings, but it is not "fixed"
        assert!(!ctx_eval("kind: [", "no-finding SEC001"));
        assert!(ctx_eval(guide, "parses") && !ctx_eval("kind: [", "parses"));
    }

    #[test]
    fn combinators() {
        let guide = crate::examples::GUIDE;
        assert!(ctx_eval(guide, "finding SEC001 && finding PDB001"));
        assert!(!ctx_eval(guide, "finding SEC001 && no-finding PDB001"));
        assert!(ctx_eval(guide, "no-finding SEC001 || finding PDB001"));
        assert!(parse("parses && parses || parses").is_err());
    }

    fn lab_eval(lab: &super::super::Lab, line: &str) -> bool {
        let text = crate::examples::GUIDE;
        let diagnostics = rules::check(&[SourceFile::new("m.yaml", text)]);
        let ctx = LessonContext::new(text, &diagnostics).with_sim(lab.sim(), lab.events(), lab.commands());
        evaluate(&parse(line).unwrap(), &ctx)
    }

    #[test]
    fn node_drain_budget_and_waiting_checks_read_the_simulation() {
        let mut lab = super::super::Lab::new(11);
        lab.apply(&format!("{}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: budget\n  namespace: scenarios\nspec:\n  minAvailable: 3\n  selector:\n    matchLabels:\n      app: recovery-demo\n", crate::examples::GUIDE));
        lab.settle();
        assert!(lab_eval(&lab, "node all ready") && lab_eval(&lab, "node all schedulable") && !lab_eval(&lab, "node any cordoned"));
        assert!(lab_eval(&lab, "pdb budget allows 0") && !lab_eval(&lab, "pdb budget allows 1") && !lab_eval(&lab, "pdb other allows 0"));
        assert!(!lab_eval(&lab, "drain running") && !lab_eval(&lab, "drain done") && !lab_eval(&lab, "drain failed"), "no drain yet");
        assert!(lab_eval(&lab, "rows data-recovery-demo-db-0 > 0") && !lab_eval(&lab, "rows data-recovery-demo-db-0 < 1") && !lab_eval(&lab, "rows nosuch > 0"));
        // a drain the budget refuses: running, refused, then failed at its timeout
        let out = lab.run("kubectl drain node-of:recovery-demo-db-1 --ignore-daemonsets --timeout=30s");
        assert!(out.watch && !out.failed() && out.stderr.contains(crate::sim::eviction::BUDGET_REFUSAL), "{out:?}");
        assert!(lab_eval(&lab, "drain running") && lab_eval(&lab, "drain refused") && lab_eval(&lab, "node any cordoned") && lab_eval(&lab, "ran drain"));
        lab.advance(40_000);
        assert!(lab.take_watched().iter().any(|l| l.contains("global timeout reached: 30s")), "the drain's last words follow in the terminal");
        assert!(lab_eval(&lab, "drain failed") && !lab_eval(&lab, "drain done") && !lab.watching());
        // a node that stops answering
        assert!(!lab_eval(&lab, "waiting NodeUnreachable") && lab_eval(&lab, "no-event NodeNotReady"));
        lab.run("node-down node-of:recovery-demo-db-2");
        lab.advance(60_000);
        assert!(lab_eval(&lab, "node any not-ready") && !lab_eval(&lab, "node all ready") && lab_eval(&lab, "node any tainted node.kubernetes.io/unreachable"));
        assert!(lab_eval(&lab, "waiting NodeUnreachable recovery-demo-db-2") && !lab_eval(&lab, "waiting NodeUnreachable recovery-demo-db-0"));
        assert!(lab_eval(&lab, "event NodeNotReady") && !lab_eval(&lab, "no-event NodeNotReady"));
        assert!(!lab_eval(&lab, "job any complete") && !lab_eval(&lab, "snapshot any ready"));
    }

    #[test]
    fn sim_checks_are_false_without_a_sim() {
        for line in ["pod web-0 absent", "pvc-count 0", "event SuccessfulCreate", "recreated web-0", "ran get pods", "no-event FailedAttachVolume", "node all ready", "drain done", "waiting PodNotReady", "rows c < 10"] {
            assert!(needs_sim(&parse(line).unwrap()), "{line}");
            assert!(!ctx_eval(crate::examples::GUIDE, line), "{line}");
        }
        assert!(!needs_sim(&parse("path StatefulSet spec && finding SEC001").unwrap()));
    }

    #[test]
    fn every_form_parses_and_bad_lines_say_why() {
        for line in [
            "path StatefulSet spec.template.spec.containers[].readinessProbe",
            "no-path Service spec.type",
            "value Service spec.clusterIP = None",
            "documents PodDisruptionBudget 1",
            "pod recovery-demo-db-0 ready",
            "pvc data-recovery-demo-db-1 bound",
            "pod-count 1",
            "replicas recovery-demo-db 1",
            "set-field recovery-demo-db /spec/podManagementPolicy = Parallel",
            "updated recovery-demo-db from 2",
            "event SuccessfulCreate statefulset/recovery-demo-db",
            "created pod/recovery-demo-db-2",
            "before deleted pod/recovery-demo-db-2, deleted pod/recovery-demo-db-1",
            "in-order recovery-demo-db 3",
            "recreated recovery-demo-db-0",
            "ran describe pod",
            "ran create-job",
            "ran nslookup",
            "checklist secrets",
            "checklist yaml",
            "dns SRV _postgres._tcp.recovery-demo-headless.scenarios.svc.cluster.local",
        ] {
            assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
        }
        for line in [
            "no-event FailedAttachVolume pod/recovery-demo-db-2",
            "node any not-ready",
            "node all untainted node.kubernetes.io/out-of-service",
            "node node-1 cordoned",
            "drain refused",
            "pdb recovery-demo-pdb allows 1",
            "waiting ProbeKills recovery-demo-db-2",
            "waiting Unschedulable",
            "rows data-recovery-demo-db-0 > 1000",
            "job any complete",
            "snapshot data-recovery-demo-db-0-snap ready",
            "ran why",
            "ran drain",
            "ran cordon",
            "ran taint",
        ] {
            assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
        }
        assert_eq!(parse("node any sleepy").unwrap_err().to_string(), "unknown node state `sleepy` (ready, not-ready, cordoned, schedulable, tainted KEY, untainted KEY)");
        assert_eq!(parse("drain stuck").unwrap_err().to_string(), "unknown drain state `stuck` (running, done, failed, refused)");
        assert_eq!(parse("waiting Sleepy").unwrap_err().to_string(), "unknown waiting reason `Sleepy`");
        assert_eq!(parse("rows c >= 3").unwrap_err().to_string(), "expected >, < or =, got `>=`");
        assert_eq!(parse("job j done").unwrap_err().to_string(), "unknown job state `done` (complete, failed)");
        assert_eq!(parse("pod web-0 happy").unwrap_err().to_string(), "unknown pod state `happy`");
        assert_eq!(parse("created web-0").unwrap_err().to_string(), "expected KIND/NAME, got `web-0`");
        assert_eq!(parse("smile").unwrap_err().to_string(), "unknown check `smile`");
        assert_eq!(parse("ran get").unwrap_err().to_string(), "unknown command in `ran get`");
    }
}
