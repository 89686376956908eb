//! How a simulation is set up.

use crate::apiserver::ApiOptions;

/// How pods move once they are bound to a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KubeletMode {
    /// Pods change only when told (`start`, `ready`, `crash`, …); timers such as grace
    /// periods, back-off and `minReadySeconds` still run when time advances.
    Manual,
    /// The kubelet pulls, starts, probes and stops containers by itself, after seeded,
    /// realistic delays.
    Auto,
}

/// How the default StorageClass binds volumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageSetup {
    /// A default class `standard` with `volumeBindingMode: Immediate`: a claim is provisioned
    /// and bound as soon as it is created (the scenarios' baseline).
    Immediate,
    /// A default class `standard` with `WaitForFirstConsumer` (kind's): a claim waits for the
    /// scheduler to pick a node for its first pod; the volume then lives on that node.
    WaitForFirstConsumer,
    /// No default class: claims without `storageClassName` stay Pending forever.
    NoDefaultClass,
}

/// Delay ranges of the automatic kubelet and provisioner, in milliseconds (low, high).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Delays {
    /// Creating the pod sandbox (the IP appears at its end).
    pub sandbox_ms: (u64, u64),
    /// Pulling an image that is not on the node yet.
    pub pull_ms: (u64, u64),
    /// Checking an image that is already on the node (`imagePullPolicy: Always`).
    pub pull_cached_ms: (u64, u64),
    /// Creating and starting the containers.
    pub start_ms: (u64, u64),
    /// How long a container takes to stop after SIGTERM (capped by the grace period).
    pub stop_ms: (u64, u64),
    /// Provisioning a volume.
    pub provision_ms: (u64, u64),
    /// How long a crash-looping container runs before it crashes again.
    pub crash_after_ms: (u64, u64),
}

impl Delays {
    /// Delays like a small real cluster's: pulls of 2–8 s, starts of about a second.
    pub fn realistic() -> Delays {
        Delays {
            sandbox_ms: (300, 900),
            pull_ms: (2_000, 8_000),
            pull_cached_ms: (400, 1_200),
            start_ms: (500, 1_500),
            stop_ms: (300, 2_500),
            provision_ms: (800, 2_500),
            crash_after_ms: (1_000, 4_000),
        }
    }

    /// No delay at all: a pod goes from bound to Running and Ready in one status update.
    /// For benchmarks.
    pub fn instant() -> Delays {
        Delays {
            sandbox_ms: (0, 0),
            pull_ms: (0, 0),
            pull_cached_ms: (0, 0),
            start_ms: (0, 0),
            stop_ms: (0, 0),
            provision_ms: (0, 0),
            crash_after_ms: (1_000, 1_000),
        }
    }

    /// Whether every startup delay is zero.
    pub fn is_instant(&self) -> bool {
        [self.sandbox_ms, self.pull_ms, self.pull_cached_ms, self.start_ms].iter().all(|&(lo, hi)| lo == 0 && hi == 0)
    }
}

/// Everything that sets a simulation up. Build one with [`SimConfig::manual`] or
/// [`SimConfig::auto`] and adjust fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// How pods move.
    pub kubelet: KubeletMode,
    /// Delays of the automatic kubelet and of provisioning in auto mode.
    pub delays: Delays,
    /// How many nodes (`node-1` …).
    pub nodes: usize,
    /// Pods per node (the kubelet's `maxPods`, 110 by default).
    pub max_pods_per_node: usize,
    /// Each node's allocatable CPU in millicores (4 CPUs by default).
    pub node_cpu_milli: i128,
    /// Each node's allocatable memory in bytes (8Gi less the kubelet's 100Mi hard eviction
    /// threshold by default: 8092Mi).
    pub node_memory: i128,
    /// The default StorageClass.
    pub storage: StorageSetup,
    /// API server version and feature gates.
    pub api: ApiOptions,
    /// Namespaces that exist from the start.
    pub namespaces: Vec<String>,
    /// Unix seconds of the simulation's start (for timestamps).
    pub epoch_unix_s: i64,
    /// Whether to queue [`super::SimEvent`]s (off for benchmarks).
    pub record_events: bool,
    /// Images the automatic kubelet cannot pull (exact references).
    pub unpullable_images: Vec<String>,
    /// How much simulated time `settle` may run in auto mode before it gives up.
    pub settle_limit_ms: u64,
    /// The cluster DNS domain.
    pub cluster_domain: String,
    /// The cluster's pod quota (a ResourceQuota on `pods` over all namespaces): creating more
    /// is refused with `exceeded quota`. It bounds what a runaway `--replicas` can cost.
    pub max_pods: usize,
    /// Whether to check the controller's invariants at every write (see
    /// [`super::Simulation::violations`]); off for benchmarks.
    pub check_invariants: bool,
}

impl SimConfig {
    /// Sets the wall-clock instant the simulation starts at (the CLI's `--start-time`), an RFC
    /// 3339 instant in UTC such as `2026-01-01T01:55:00Z`.
    pub fn set_start_time(&mut self, text: &str) -> Result<(), String> {
        self.epoch_unix_s = super::time::parse_rfc3339(text).ok_or_else(|| format!("{text:?} is not an instant in UTC such as 2026-01-01T01:55:00Z"))?;
        Ok(())
    }

    /// Reads `cpu=4,memory=8Gi` (the CLI's `--node-allocatable`, the cluster view's setting)
    /// into each node's allocatable CPU and memory; a missing key keeps its value.
    pub fn set_node_allocatable(&mut self, text: &str) -> Result<(), String> {
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| format!("{part:?}: expected KEY=QUANTITY (cpu=4, memory=8Gi)"))?;
            let q = crate::schema::quantity::parse(value.trim()).map_err(|e| format!("{key}: {e}"))?;
            let milli = (q.value * 1000.0).round() as i128;
            if milli <= 0 {
                return Err(format!("{key}: {value} is not a positive quantity"));
            }
            match key.trim() {
                "cpu" => self.node_cpu_milli = milli,
                "memory" => self.node_memory = milli / 1000,
                other => return Err(format!("unknown resource {other:?}: the simulated nodes have cpu and memory")),
            }
        }
        Ok(())
    }

    /// Manual kubelet, Immediate storage, three nodes, v1.35 with the gate off.
    pub fn manual() -> SimConfig {
        SimConfig {
            kubelet: KubeletMode::Manual,
            delays: Delays::realistic(),
            nodes: 3,
            max_pods_per_node: 110,
            node_cpu_milli: 4000,
            node_memory: (8 << 30) - (100 << 20),
            storage: StorageSetup::Immediate,
            api: ApiOptions::default(),
            namespaces: ["default", "kube-node-lease", "kube-public", "kube-system"].map(str::to_owned).to_vec(),
            epoch_unix_s: 1_767_225_600,
            record_events: true,
            unpullable_images: Vec::new(),
            settle_limit_ms: 30 * 60 * 1000,
            cluster_domain: "cluster.local".to_owned(),
            max_pods: 10_000,
            check_invariants: true,
        }
    }

    /// Like [`SimConfig::manual`] with the automatic kubelet and realistic delays.
    pub fn auto() -> SimConfig {
        SimConfig { kubelet: KubeletMode::Auto, ..SimConfig::manual() }
    }
}
