//! The objects of the simulated cluster, as plain data: what [`super::Simulation::snapshot`]
//! hands to renderers. Specs are k8s-openapi types; status and runtime state are small
//! structs of our own, turned into Kubernetes' shapes only by the views.

use super::time::SimTime;
use k8s_openapi::api::apps::v1::StatefulSetSpec;
use k8s_openapi::api::core::v1::{PersistentVolumeClaimSpec, PodSpec, PodTemplateSpec, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

/// Namespace and name: how objects are keyed (and sorted, as the API server lists them).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    /// The namespace (empty for cluster-scoped objects).
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl ObjectKey {
    /// A key.
    pub fn new(namespace: &str, name: &str) -> ObjectKey {
        ObjectKey { namespace: namespace.to_owned(), name: name.to_owned() }
    }
}

/// An owner reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerRef {
    /// `apps/v1` or `v1`.
    pub api_version: String,
    /// `StatefulSet` or `Pod`.
    pub kind: String,
    /// The owner's name.
    pub name: String,
    /// The owner's uid (a reference to a deleted incarnation is stale).
    pub uid: String,
    /// Whether the owner is the managing controller.
    pub controller: bool,
    /// Whether the owner's foreground deletion waits for this dependent.
    pub block_owner_deletion: bool,
}

/// The metadata every object has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    /// Name.
    pub name: String,
    /// Namespace (empty for cluster-scoped objects).
    pub namespace: String,
    /// A uid unique to this incarnation.
    pub uid: String,
    /// When the object was created.
    pub created: SimTime,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Annotations.
    pub annotations: BTreeMap<String, String>,
    /// Owner references.
    pub owners: Vec<OwnerRef>,
    /// Finalizers.
    pub finalizers: Vec<String>,
    /// When deletion was requested (the object is then Terminating).
    pub deletion: Option<SimTime>,
    /// The grace period of a requested deletion, in seconds.
    pub deletion_grace_s: Option<i64>,
    /// `metadata.generation`.
    pub generation: i64,
    /// Bumped on every write.
    pub resource_version: u64,
}

impl Meta {
    /// The object's key.
    pub fn key(&self) -> ObjectKey {
        ObjectKey::new(&self.namespace, &self.name)
    }

    /// The controller owner reference, if any.
    pub fn controller(&self) -> Option<&OwnerRef> {
        self.owners.iter().find(|o| o.controller)
    }

    /// Whether deletion was requested.
    pub fn terminating(&self) -> bool {
        self.deletion.is_some()
    }
}

/// A StatefulSet as stored: the defaulted spec, and the status the controller writes.
#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSet {
    /// Metadata.
    pub meta: Meta,
    /// The spec, defaulted and validated.
    pub spec: StatefulSetSpec,
    /// The status.
    pub status: StatefulSetStatus,
}

/// `StatefulSet.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatefulSetStatus {
    /// The generation the controller last acted on.
    pub observed_generation: i64,
    /// Pods created (terminating ones included).
    pub replicas: i32,
    /// Pods Running and Ready.
    pub ready_replicas: i32,
    /// Pods Ready for at least `minReadySeconds`.
    pub available_replicas: i32,
    /// Pods at the current revision.
    pub current_replicas: i32,
    /// Pods at the update revision.
    pub updated_replicas: i32,
    /// The revision of the pods the set had before the update in progress.
    pub current_revision: String,
    /// The revision of the template now in the spec.
    pub update_revision: String,
    /// Hash collisions met while naming revisions.
    pub collision_count: i32,
}

/// Facts about a StatefulSet spec the controller reads all the time, with defaults resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetFacts {
    /// `spec.replicas`.
    pub replicas: i32,
    /// `spec.ordinals.start` (0 when absent).
    pub start: i32,
    /// `podManagementPolicy: Parallel`.
    pub parallel: bool,
    /// `updateStrategy.type: OnDelete`.
    pub on_delete: bool,
    /// `rollingUpdate.partition`, `None` when `rollingUpdate` is absent.
    pub partition: Option<i32>,
    /// `minReadySeconds`.
    pub min_ready_s: i32,
    /// `whenScaled: Delete`.
    pub when_scaled_delete: bool,
    /// `whenDeleted: Delete`.
    pub when_deleted_delete: bool,
    /// `revisionHistoryLimit`.
    pub history_limit: i32,
    /// `serviceName` (may be empty).
    pub service_name: String,
}

impl StatefulSet {
    /// The spec's facts.
    pub fn facts(&self) -> SetFacts {
        let s = &self.spec;
        let strategy = s.update_strategy.as_ref();
        let policy = s.persistent_volume_claim_retention_policy.as_ref();
        SetFacts {
            replicas: s.replicas.unwrap_or(1),
            start: s.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0),
            parallel: s.pod_management_policy.as_deref() == Some("Parallel"),
            on_delete: strategy.and_then(|u| u.type_.as_deref()) == Some("OnDelete"),
            partition: strategy.and_then(|u| u.rolling_update.as_ref()).map(|r| r.partition.unwrap_or(0)),
            min_ready_s: s.min_ready_seconds.unwrap_or(0),
            when_scaled_delete: policy.and_then(|p| p.when_scaled.as_deref()) == Some("Delete"),
            when_deleted_delete: policy.and_then(|p| p.when_deleted.as_deref()) == Some("Delete"),
            history_limit: s.revision_history_limit.unwrap_or(10),
            service_name: s.service_name.clone().unwrap_or_default(),
        }
    }

    /// The names of the claim templates.
    pub fn claim_template_names(&self) -> Vec<String> {
        self.spec.volume_claim_templates.iter().flatten().filter_map(|c| c.metadata.name.clone()).collect()
    }
}

/// The phase of a pod, as Kubernetes uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodPhase {
    /// Accepted, not all containers running yet.
    Pending,
    /// Bound to a node, containers started.
    Running,
    /// All containers exited 0 and will not restart.
    Succeeded,
    /// Containers ended in failure, or the pod was evicted.
    Failed,
}

impl PodPhase {
    /// `Pending`, `Running`, …
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }

    /// Whether the phase is terminal.
    pub fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// The state of a pod's containers (all containers of a pod move together in the model).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerState {
    /// Not running: `ContainerCreating`, `ErrImagePull`, `ImagePullBackOff`,
    /// `CrashLoopBackOff`, `InvalidImageName`.
    Waiting {
        /// The waiting reason.
        reason: String,
        /// A message, when the kubelet gives one.
        message: Option<String>,
    },
    /// Running since a time.
    Running {
        /// When the container started.
        since: SimTime,
    },
    /// Exited.
    Terminated {
        /// `Completed` or `Error`.
        reason: String,
        /// The exit code.
        exit_code: i32,
        /// When it started.
        started: SimTime,
        /// When it finished.
        finished: SimTime,
    },
}

/// What the kubelet and scheduler have done with a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodStatus {
    /// The phase.
    pub phase: PodPhase,
    /// The node it is bound to.
    pub node: Option<String>,
    /// When it was bound to a node.
    pub scheduled_at: Option<SimTime>,
    /// The pod IP, given when its sandbox is created; a new one for every incarnation.
    pub ip: Option<Ipv4Addr>,
    /// When the sandbox was created (the kubelet's "start time").
    pub started_at: Option<SimTime>,
    /// The containers' state, once the kubelet has reported one.
    pub container: Option<ContainerState>,
    /// The containers' previous termination, after a restart.
    pub last_termination: Option<ContainerState>,
    /// Container restarts.
    pub restarts: u32,
    /// When the containers last started (for `RESTARTS 2 (15s ago)`).
    pub last_restart_at: Option<SimTime>,
    /// The Ready condition.
    pub ready: bool,
    /// When the Ready condition last changed.
    pub ready_changed_at: SimTime,
    /// `status.reason` (`Evicted`).
    pub reason: Option<String>,
    /// `status.message`.
    pub message: Option<String>,
    /// The `DisruptionTarget` condition, once something decided to delete the pod (the
    /// Eviction API, the taint manager, PodGC): (reason, message, when).
    pub disruption_target: Option<(String, String, SimTime)>,
    /// Set while the node lifecycle controller holds the Ready condition False because the
    /// pod's node stopped reporting (`MarkPodsNotReady`): the containers' readiness as the
    /// kubelet last reported it (`ContainersReady`, `containerStatuses[].ready`, the READY
    /// column), which nobody can update until the node is back.
    pub containers_ready_frozen: Option<bool>,
    /// The init containers' statuses, in the spec's order, once the kubelet has reported
    /// them (`status.initContainerStatuses`); empty for a pod without init containers.
    pub init: Vec<InitStatus>,
}

/// One init container's status (`status.initContainerStatuses[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitStatus {
    /// The container's name.
    pub name: String,
    /// Its state: `Waiting` (`PodInitializing`, `CrashLoopBackOff`, `RunContainerError`),
    /// `Running`, or `Terminated` (`Completed` with exit code 0, `Error` otherwise).
    pub state: ContainerState,
    /// Its previous termination, after a restart.
    pub last_termination: Option<ContainerState>,
    /// Its restarts.
    pub restarts: u32,
}

impl InitStatus {
    /// It ran to completion (exit code 0).
    pub fn completed(&self) -> bool {
        matches!(self.state, ContainerState::Terminated { exit_code: 0, .. })
    }
}

impl PodStatus {
    /// The index of the init container that runs or waits now; `None` once all completed
    /// (or before the kubelet reported them).
    pub fn init_running(&self) -> Option<usize> {
        self.init.iter().position(|i| !i.completed())
    }

    /// Whether the pod is still initializing: an init container has not completed.
    pub fn initializing(&self) -> bool {
        self.init_running().is_some()
    }

    /// The containers' readiness (`ContainersReady`): the Ready condition, unless the node
    /// lifecycle controller overrode it.
    pub fn containers_ready(&self) -> bool {
        self.containers_ready_frozen.unwrap_or(self.ready)
    }
}

/// A pod.
#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    /// Metadata (labels include `controller-revision-hash`, `statefulset.kubernetes.io/pod-name`
    /// and `apps.kubernetes.io/pod-index` for StatefulSet pods).
    pub meta: Meta,
    /// The spec, from the revision's template plus identity (`hostname`, `subdomain`) and
    /// storage (one `persistentVolumeClaim` volume per claim template).
    pub spec: PodSpec,
    /// Status.
    pub status: PodStatus,
    /// `<parent>-<ordinal>` parsed from the name, when the name has that form.
    pub parent_ordinal: Option<(String, i32)>,
    /// Facts derived from the metadata on every write, for the controller's fast path.
    pub(crate) derived: Derived,
}

/// What the API server derives from a pod's metadata on every write, so that a sync can read
/// a pod without comparing strings: its controller and revision as interned ids, and whether
/// its identity labels and its labels match its controller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Derived {
    /// The controller's uid, interned (0: none).
    pub controller: u32,
    /// `controller-revision-hash`, interned (0: none).
    pub revision: u32,
    /// The name is `<controller's name>-<ordinal>`.
    pub member: bool,
    /// The identity labels (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`)
    /// are right.
    pub identity_ok: bool,
    /// The labels match the controller's selector.
    pub selector_ok: bool,
}

impl Pod {
    /// `controller-revision-hash`.
    pub fn revision(&self) -> &str {
        self.meta.labels.get("controller-revision-hash").map(String::as_str).unwrap_or("")
    }

    /// Running and Ready.
    pub fn running_and_ready(&self) -> bool {
        self.status.phase == PodPhase::Running && self.status.ready
    }

    /// Ready for at least `min_ready_s` at `now` (`podutil.IsPodAvailable`).
    pub fn available(&self, min_ready_s: i32, now: SimTime) -> bool {
        self.running_and_ready() && (min_ready_s <= 0 || now.since(self.status.ready_changed_at) >= (min_ready_s as u64) * 1000)
    }

    /// The claim names of its `persistentVolumeClaim` volumes.
    pub fn claim_names(&self) -> Vec<String> {
        self.spec.volumes.iter().flatten().filter_map(|v| v.persistent_volume_claim.as_ref().map(|c| c.claim_name.clone())).collect()
    }

    /// READY column numerator / denominator.
    pub fn ready_counts(&self) -> (usize, usize) {
        let total = self.spec.containers.len().max(1);
        let ready = if self.status.containers_ready() { total } else { 0 };
        (ready, total)
    }
}

/// The phase of a PersistentVolumeClaim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimPhase {
    /// Not bound yet.
    Pending,
    /// Bound to a volume.
    Bound,
    /// Its volume is gone.
    Lost,
}

impl ClaimPhase {
    /// `Pending`, `Bound`, `Lost`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimPhase::Pending => "Pending",
            ClaimPhase::Bound => "Bound",
            ClaimPhase::Lost => "Lost",
        }
    }
}

/// A PersistentVolumeClaim.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Metadata.
    pub meta: Meta,
    /// The spec (`storageClassName` filled by the DefaultStorageClass admission plugin).
    pub spec: PersistentVolumeClaimSpec,
    /// The phase.
    pub phase: ClaimPhase,
    /// The bound volume.
    pub volume: Option<String>,
    /// The capacity of the bound volume.
    pub capacity: Option<String>,
    /// A provisioning timer is running (auto mode).
    pub provisioning: bool,
}

/// A PersistentVolume.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    /// Metadata (cluster-scoped: empty namespace).
    pub meta: Meta,
    /// Capacity, e.g. `1Gi`.
    pub capacity: String,
    /// Access modes, e.g. `ReadWriteOnce`.
    pub access_modes: Vec<String>,
    /// `Delete` or `Retain`.
    pub reclaim_policy: String,
    /// The storage class.
    pub storage_class: String,
    /// `Bound`, `Released`, `Available`.
    pub phase: String,
    /// The claim it is bound to (namespace, name, uid).
    pub claim: Option<(ObjectKey, String)>,
    /// The node a local volume lives on (WaitForFirstConsumer classes), which pods using it
    /// must run on.
    pub node_affinity: Option<String>,
    /// The claim's data survives as long as the volume: how many times a pod has mounted it.
    pub mounts: u32,
    /// The uid owning its root directory: root (0) as the driver formats it, until a
    /// container running as root `chown`s it (the guide's init container).
    pub owner: u32,
}

/// A StorageClass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageClass {
    /// Name.
    pub name: String,
    /// The provisioner, e.g. `rancher.io/local-path`.
    pub provisioner: String,
    /// `Immediate` or `WaitForFirstConsumer`.
    pub binding_mode: String,
    /// `Delete` or `Retain`.
    pub reclaim_policy: String,
    /// Marked default (`storageclass.kubernetes.io/is-default-class`).
    pub is_default: bool,
    /// `allowVolumeExpansion`: bound claims of this class may ask for more storage.
    pub allow_expansion: bool,
    /// When it was created.
    pub created: SimTime,
}

/// A Service.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Metadata.
    pub meta: Meta,
    /// The spec, defaulted, with `clusterIP` allocated (or `None` for headless).
    pub spec: ServiceSpec,
}

impl Service {
    /// `clusterIP: None`.
    pub fn headless(&self) -> bool {
        self.spec.cluster_ip.as_deref() == Some("None")
    }
}

/// A ControllerRevision: a StatefulSet's template at one point in its history.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    /// Metadata (`<set>-<hash>`, labels = template labels + `controller.kubernetes.io/hash`).
    pub meta: Meta,
    /// `revision`: 1, 2, 3 …; bumped to the newest when a rollback reuses it.
    pub revision: i64,
    /// The stored patch `{"spec":{"template":{…,"$patch":"replace"}}}`.
    pub data: serde_json::Value,
    /// The template it holds, decoded.
    pub template: PodTemplateSpec,
}

/// One endpoint of an EndpointSlice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The pod IP.
    pub address: Ipv4Addr,
    /// `conditions.ready`.
    pub ready: bool,
    /// `conditions.serving` (the pod's Ready condition).
    pub serving: bool,
    /// `conditions.terminating`.
    pub terminating: bool,
    /// `hostname`, set when the pod's `subdomain` is the Service's name.
    pub hostname: Option<String>,
    /// The pod's name (`targetRef`).
    pub pod: String,
    /// The pod's uid.
    pub pod_uid: String,
    /// The node.
    pub node: Option<String>,
}

/// A port of an EndpointSlice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointPort {
    /// The Service port's name (may be empty).
    pub name: String,
    /// The resolved target port.
    pub port: i32,
    /// `TCP`, `UDP`, `SCTP`.
    pub protocol: String,
}

/// An EndpointSlice managed for a Service with a selector.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointSlice {
    /// Metadata (`<svc>-<random>`, label `kubernetes.io/service-name`).
    pub meta: Meta,
    /// The Service.
    pub service: String,
    /// Ports.
    pub ports: Vec<EndpointPort>,
    /// Endpoints (at most 100 per slice), ordered by pod name.
    pub endpoints: Vec<Endpoint>,
}

/// `Normal` or `Warning`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    /// Normal.
    Normal,
    /// Warning.
    Warning,
}

impl EventType {
    /// `Normal` or `Warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// A Kubernetes Event (repeats are aggregated into `count`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The namespace of the object.
    pub namespace: String,
    /// The object's kind, e.g. `Pod`.
    pub kind: String,
    /// The object's name.
    pub name: String,
    /// The object's uid.
    pub uid: String,
    /// Normal or Warning.
    pub type_: EventType,
    /// The reason, e.g. `SuccessfulCreate`.
    pub reason: String,
    /// The message, e.g. `create Pod web-0 in StatefulSet web successful`.
    pub message: String,
    /// The component, e.g. `statefulset-controller`.
    pub source: String,
    /// How many times it happened.
    pub count: u32,
    /// First time.
    pub first: SimTime,
    /// Last time.
    pub last: SimTime,
}

/// A node of the simulated cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// `node-1`, …
    pub name: String,
    /// The node's internal IP.
    pub ip: Ipv4Addr,
    /// The third octet of its pod CIDR `10.244.N.0/24`.
    pub cidr_octet: u8,
    /// The next host number to try for a pod IP.
    pub next_host: u8,
    /// Images already pulled on the node.
    pub images: BTreeSet<String>,
    /// How many pods it may run (kubelet `maxPods`).
    pub max_pods: usize,
    /// `status.allocatable.cpu`, in millicores.
    pub allocatable_cpu_milli: i128,
    /// `status.allocatable.memory`, in bytes.
    pub allocatable_memory: i128,
    /// When it joined.
    pub created: SimTime,
    /// `spec.unschedulable` (`kubectl cordon`).
    pub unschedulable: bool,
    /// `status.conditions`: `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`, in the
    /// kubelet's order.
    pub conditions: Vec<NodeCondition>,
    /// `spec.taints`, in the order they were added.
    pub taints: Vec<Taint>,
    /// Not an API field: the machine's kubelet stopped reaching the API server at this time
    /// (`node-down`), `None` while it reports.
    pub down_since: Option<SimTime>,
}

/// The status of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConditionStatus {
    /// `True`.
    True,
    /// `False`.
    False,
    /// `Unknown`: nobody has reported it lately.
    Unknown,
}

impl ConditionStatus {
    /// `True`, `False`, `Unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionStatus::True => "True",
            ConditionStatus::False => "False",
            ConditionStatus::Unknown => "Unknown",
        }
    }
}

/// A node condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeCondition {
    /// `Ready`, `MemoryPressure`, …
    pub type_: String,
    /// Its status.
    pub status: ConditionStatus,
    /// `KubeletReady`, `NodeStatusUnknown`, …
    pub reason: String,
    /// The message.
    pub message: String,
    /// `lastHeartbeatTime`: when the kubelet last posted it.
    pub heartbeat: SimTime,
    /// `lastTransitionTime`.
    pub transition: SimTime,
}

/// A node taint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    /// The key.
    pub key: String,
    /// The value (`None`: empty).
    pub value: Option<String>,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: String,
    /// `timeAdded` (NoExecute taints only).
    pub time_added: Option<SimTime>,
}

impl Taint {
    /// `key=value:Effect`, or `key:Effect` without a value (as `kubectl describe node` and
    /// `kubectl taint` write it).
    pub fn to_text(&self) -> String {
        match &self.value {
            Some(v) if !v.is_empty() => format!("{}={v}:{}", self.key, self.effect),
            _ => format!("{}:{}", self.key, self.effect),
        }
    }
}

impl Node {
    /// The `Ready` condition's status (`Unknown` when the node has none).
    pub fn ready(&self) -> ConditionStatus {
        self.condition("Ready").map(|c| c.status).unwrap_or(ConditionStatus::Unknown)
    }

    /// A condition by type.
    pub fn condition(&self, type_: &str) -> Option<&NodeCondition> {
        self.conditions.iter().find(|c| c.type_ == type_)
    }

    /// Whether a taint with this key and effect is on the node.
    pub fn has_taint(&self, key: &str, effect: &str) -> bool {
        self.taints.iter().any(|t| t.key == key && t.effect == effect)
    }

    /// `kubectl get nodes` STATUS (`printNode`): from the Ready condition only, then
    /// `,SchedulingDisabled` for a cordoned node.
    pub fn status_text(&self) -> String {
        let ready = match self.condition("Ready") {
            Some(c) if c.status == ConditionStatus::True => "Ready",
            Some(_) => "NotReady",
            None => "Unknown",
        };
        if self.unschedulable {
            format!("{ready},SchedulingDisabled")
        } else {
            ready.to_owned()
        }
    }
}

/// A PodDisruptionBudget (`policy/v1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Pdb {
    /// Metadata (`generation` bumps with every spec change).
    pub meta: Meta,
    /// `spec.minAvailable`.
    pub min_available: Option<IntOrString>,
    /// `spec.maxUnavailable`.
    pub max_unavailable: Option<IntOrString>,
    /// `spec.selector` (`None`: selects nothing; `{}`: every pod of the namespace).
    pub selector: Option<LabelSelector>,
    /// `spec.unhealthyPodEvictionPolicy` as written (`IfHealthyBudget`, `AlwaysAllow`).
    pub unhealthy_pod_eviction_policy: Option<String>,
    /// The disruption controller's status.
    pub status: PdbStatus,
    /// The object as applied (for `apply` to say `unchanged`).
    pub applied: serde_json::Value,
}

impl Pdb {
    /// The budget as written: (`minAvailable`, `2`) or (`maxUnavailable`, `50%`); the first
    /// wins when both are set (the API server refuses that).
    pub fn budget(&self) -> Option<(&'static str, String)> {
        let text = |v: &IntOrString| match v {
            IntOrString::Int(n) => n.to_string(),
            IntOrString::String(s) => s.clone(),
        };
        match (&self.min_available, &self.max_unavailable) {
            (Some(v), _) => Some(("minAvailable", text(v))),
            (None, Some(v)) => Some(("maxUnavailable", text(v))),
            (None, None) => None,
        }
    }
}

/// `status` of a PodDisruptionBudget (disruption controller, `updatePdbStatus`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdbStatus {
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// `expectedPods`.
    pub expected_pods: i32,
    /// `desiredHealthy`.
    pub desired_healthy: i32,
    /// `currentHealthy`.
    pub current_healthy: i32,
    /// `disruptionsAllowed`.
    pub disruptions_allowed: i32,
    /// `disruptedPods`: pods the Eviction API let go, by name, with the eviction's time.
    pub disrupted_pods: BTreeMap<String, SimTime>,
    /// When the `DisruptionAllowed` condition last changed.
    pub condition_changed_at: SimTime,
}

/// A VolumeAttachment (`storage.k8s.io/v1`): one attachable volume on one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeAttachment {
    /// `csi-<sha256 of volume handle, attacher, node>`.
    pub name: String,
    /// `spec.attacher`: the CSI driver (the class's provisioner).
    pub attacher: String,
    /// `spec.source.persistentVolumeName`.
    pub pv: String,
    /// `spec.nodeName`.
    pub node: String,
    /// `status.attached`.
    pub attached: bool,
    /// When it was created.
    pub created: SimTime,
}

/// An object of a kind the simulator stores but does not act on (ConfigMap,
/// PodDisruptionBudget, …).
#[derive(Clone, Debug, PartialEq)]
pub struct OtherObject {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// Metadata.
    pub meta: Meta,
    /// The object as applied.
    pub body: serde_json::Value,
}

impl OtherObject {
    /// The keys of a Secret's or ConfigMap's `data` and `stringData`, sorted, once each.
    pub fn data_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = ["data", "stringData"].iter().filter_map(|f| self.body.get(*f)?.as_object()).flat_map(|m| m.keys().cloned()).collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Everything in the cluster, as the API server stores it.
#[derive(Clone, Debug, Default)]
pub struct ClusterState {
    /// The current time.
    pub now: SimTime,
    /// Namespaces that exist.
    pub namespaces: BTreeMap<String, SimTime>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// StatefulSets.
    pub statefulsets: BTreeMap<ObjectKey, StatefulSet>,
    /// Services.
    pub services: BTreeMap<ObjectKey, Service>,
    /// Pods.
    pub pods: BTreeMap<ObjectKey, Pod>,
    /// PersistentVolumeClaims.
    pub claims: BTreeMap<ObjectKey, Claim>,
    /// PersistentVolumes (cluster-scoped, keyed by name).
    pub volumes: BTreeMap<String, Volume>,
    /// StorageClasses.
    pub storage_classes: BTreeMap<String, StorageClass>,
    /// ControllerRevisions.
    pub revisions: BTreeMap<ObjectKey, Revision>,
    /// EndpointSlices, keyed by the Service they serve (one or more slices each).
    pub endpoint_slices: BTreeMap<ObjectKey, Vec<EndpointSlice>>,
    /// Events, oldest first (bounded).
    pub events: std::collections::VecDeque<Event>,
    /// PodDisruptionBudgets.
    pub pdbs: BTreeMap<ObjectKey, Pdb>,
    /// Jobs.
    pub jobs: BTreeMap<ObjectKey, super::job::Job>,
    /// CronJobs.
    pub cronjobs: BTreeMap<ObjectKey, super::cronjob::CronJob>,
    /// Deployments.
    pub deployments: BTreeMap<ObjectKey, super::deployment::Deployment>,
    /// ReplicaSets.
    pub replicasets: BTreeMap<ObjectKey, super::replicaset::ReplicaSet>,
    /// DaemonSets.
    pub daemonsets: BTreeMap<ObjectKey, super::daemonset::DaemonSet>,
    /// VolumeSnapshots.
    pub snapshots: BTreeMap<ObjectKey, super::snapshot::VolumeSnapshot>,
    /// VolumeSnapshotContents (cluster-scoped, by name).
    pub snapshot_contents: BTreeMap<String, super::snapshot::SnapshotContent>,
    /// VolumeSnapshotClasses (cluster-scoped, by name).
    pub snapshot_classes: BTreeMap<String, super::snapshot::SnapshotClass>,
    /// Files containers wrote on volumes, by volume (`pv/NAME` for a PersistentVolume,
    /// `emptydir/POD-UID/VOLUME` for an emptyDir), sorted by name.
    pub files: BTreeMap<String, Vec<super::client::StoredFile>>,
    /// VolumeAttachments, keyed by name.
    pub volume_attachments: BTreeMap<String, VolumeAttachment>,
    /// Objects of other kinds, keyed by (kind, key).
    pub others: BTreeMap<(String, ObjectKey), OtherObject>,
    /// Every IP each pod name has had, oldest first (to show that recreated pods get new
    /// IPs, and to check it).
    pub ip_history: BTreeMap<ObjectKey, Vec<Ipv4Addr>>,
    /// The node the first pod of each name was bound to (for `node-of-at-start:POD`).
    pub first_node: BTreeMap<ObjectKey, String>,
}

impl ClusterState {
    /// The pods whose controller is the StatefulSet with this uid, in ordinal order.
    pub fn pods_of(&self, set: &StatefulSet) -> Vec<&Pod> {
        let mut pods = self.pods_controlled_by(&set.meta.namespace, &set.meta.uid);
        pods.sort_by_key(|p| p.parent_ordinal.as_ref().map(|(_, o)| *o).unwrap_or(i32::MAX));
        pods
    }

    /// The pods of a namespace whose controller (a StatefulSet, a Job) has this uid, by name.
    pub fn pods_controlled_by(&self, namespace: &str, uid: &str) -> Vec<&Pod> {
        ClusterState::in_namespace(&self.pods, namespace).map(|(_, p)| p).filter(|p| p.meta.controller().is_some_and(|o| o.uid == uid)).collect()
    }

    /// Objects of one namespace in a map keyed by [`ObjectKey`] (a range of the map: no
    /// comparison per object).
    pub fn in_namespace<'a, T>(map: &'a BTreeMap<ObjectKey, T>, namespace: &str) -> std::collections::btree_map::Range<'a, ObjectKey, T> {
        let start = ObjectKey { namespace: namespace.to_owned(), name: String::new() };
        let end = ObjectKey { namespace: format!("{namespace}\u{0}"), name: String::new() };
        map.range(start..end)
    }
}

/// Parses `<parent>-<ordinal>` (`getParentNameAndOrdinal`).
pub fn parse_parent_ordinal(name: &str) -> Option<(String, i32)> {
    let (parent, ord) = name.rsplit_once('-')?;
    if parent.is_empty() || ord.is_empty() || !ord.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((parent.to_owned(), ord.parse().ok()?))
}
