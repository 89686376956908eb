//! What the simulation reports as it runs: writes, watch notifications and Kubernetes
//! Events, drained with [`super::Simulation::poll_event`].

use super::model::Event;
use super::time::SimTime;
use std::fmt;

/// Who wrote to the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The user (`kubectl`).
    User,
    /// kube-controller-manager's StatefulSet controller.
    StatefulSetController,
    /// The garbage collector (owner references, cascading deletion).
    GarbageCollector,
    /// The scheduler.
    Scheduler,
    /// The kubelet of a node.
    Kubelet,
    /// The volume controllers and provisioner (binding, pvc-protection, reclaim).
    VolumeController,
    /// The EndpointSlice controller.
    EndpointSliceController,
    /// The node lifecycle controller (`MarkPodsNotReady`).
    NodeController,
    /// The taint-eviction controller.
    TaintEvictionController,
    /// The pod garbage collector (PodGC).
    PodGarbageCollector,
    /// kube-controller-manager's Job controller (and the TTL-after-finished controller).
    JobController,
    /// kube-controller-manager's ReplicaSet controller.
    ReplicaSetController,
    /// kube-controller-manager's Deployment controller.
    DeploymentController,
    /// kube-controller-manager's DaemonSet controller.
    DaemonSetController,
}

impl Actor {
    /// Whether this actor's writes are listed as a step's `actions` (the controllers of
    /// kube-controller-manager that act on StatefulSet objects).
    pub fn is_controller(self) -> bool {
        matches!(self, Actor::StatefulSetController | Actor::GarbageCollector)
    }
}

/// A write verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    /// Create.
    Create,
    /// Update or patch.
    Update,
    /// Delete (for pods: the start of a graceful deletion).
    Delete,
}

impl Verb {
    /// `create`, `update`, `delete`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Create => "create",
            Verb::Update => "update",
            Verb::Delete => "delete",
        }
    }
}

/// The kinds the simulation writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Pod.
    Pod,
    /// PersistentVolumeClaim.
    Claim,
    /// PersistentVolume.
    Volume,
    /// StatefulSet.
    StatefulSet,
    /// Service.
    Service,
    /// ControllerRevision.
    ControllerRevision,
    /// EndpointSlice.
    EndpointSlice,
    /// ReplicaSet.
    ReplicaSet,
    /// Deployment.
    Deployment,
    /// DaemonSet.
    DaemonSet,
}

impl Kind {
    /// The short name used in `actions`: `pod`, `pvc`, `controllerrevision`, …
    pub fn short(self) -> &'static str {
        match self {
            Kind::Pod => "pod",
            Kind::Claim => "pvc",
            Kind::Volume => "pv",
            Kind::StatefulSet => "statefulset",
            Kind::Service => "service",
            Kind::ControllerRevision => "controllerrevision",
            Kind::EndpointSlice => "endpointslice",
            Kind::ReplicaSet => "replicaset",
            Kind::Deployment => "deployment",
            Kind::DaemonSet => "daemonset",
        }
    }
}

/// What a watch saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// The object appeared.
    Added,
    /// The object changed.
    Modified,
    /// The object is gone.
    Deleted,
}

/// One thing that happened, at a simulated time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimEvent {
    /// A write to the API by a component other than the user.
    Write {
        /// When.
        at: SimTime,
        /// Who.
        actor: Actor,
        /// What.
        verb: Verb,
        /// The kind written.
        kind: Kind,
        /// The namespace.
        namespace: String,
        /// The name.
        name: String,
    },
    /// A watched object changed; `row` is its `kubectl get -w` line at that moment (columns
    /// of `kubectl get pods` / `pvc` / `sts`, AGE included).
    Watch {
        /// When.
        at: SimTime,
        /// The kind.
        kind: Kind,
        /// The namespace.
        namespace: String,
        /// The name.
        name: String,
        /// Added, modified or deleted.
        change: Change,
        /// The columns of the object's row, as `kubectl get -w` prints them.
        row: Vec<String>,
    },
    /// A Kubernetes Event was recorded (or a repeat counted).
    Event {
        /// When.
        at: SimTime,
        /// The event, with its count so far.
        event: Event,
    },
}

impl SimEvent {
    /// When it happened.
    pub fn at(&self) -> SimTime {
        match self {
            SimEvent::Write { at, .. } | SimEvent::Watch { at, .. } | SimEvent::Event { at, .. } => *at,
        }
    }
}

impl fmt::Display for SimEvent {
    /// One line per event: the trace format of the tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimEvent::Write { at, actor, verb, kind, namespace, name } => {
                write!(f, "{at} {actor:?} {} {} {namespace}/{name}", verb.as_str(), kind.short())
            }
            SimEvent::Watch { at, kind, change, row, .. } => write!(f, "{at} watch {} {change:?} {}", kind.short(), row.join(" ")),
            SimEvent::Event { at, event } => write!(
                f,
                "{at} event {} {} {}/{}: {}",
                event.type_.as_str(),
                event.reason,
                event.kind,
                event.name,
                event.message
            ),
        }
    }
}
