//! What `kubectl` prints: `get` tables (plain, `-o wide`, `-o yaml`, `-o name`), `describe`,
//! events, and the objects in Kubernetes' shapes. Views only read the cluster state.

pub mod describe;
pub mod get;
pub mod objects;
pub mod table;
pub mod tabwriter;
pub mod yaml;

/// A resource `kubectl get` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    /// `pods`, `pod`, `po`.
    Pods,
    /// `pvc`, `persistentvolumeclaims`.
    Claims,
    /// `pv`, `persistentvolumes`.
    Volumes,
    /// `sts`, `statefulsets`.
    StatefulSets,
    /// `svc`, `services`.
    Services,
    /// `ep`, `endpoints` (v1 Endpoints, derived from the slices).
    Endpoints,
    /// `endpointslices`.
    EndpointSlices,
    /// `ev`, `events`.
    Events,
    /// `controllerrevisions`.
    ControllerRevisions,
    /// `nodes`, `no`.
    Nodes,
    /// `storageclasses`, `sc`.
    StorageClasses,
    /// `secrets`, `secret`: listed as applied (their values never printed).
    Secrets,
    /// `pdb`, `poddisruptionbudgets`: listed as applied.
    PodDisruptionBudgets,
    /// `volumeattachments`.
    VolumeAttachments,
    /// `jobs`, `job` (`batch/v1`).
    Jobs,
    /// `cronjobs`, `cronjob`, `cj` (`batch/v1`).
    CronJobs,
    /// `volumesnapshots`, `vs` (`snapshot.storage.k8s.io/v1`).
    VolumeSnapshots,
    /// `volumesnapshotcontents`, `vsc`.
    VolumeSnapshotContents,
    /// `volumesnapshotclasses`, `vsclass`.
    VolumeSnapshotClasses,
    /// `deployments`, `deploy` (`apps/v1`).
    Deployments,
    /// `replicasets`, `rs` (`apps/v1`).
    ReplicaSets,
    /// `daemonsets`, `ds` (`apps/v1`).
    DaemonSets,
}

impl Resource {
    /// Parses a resource word as kubectl accepts it (singular, plural, short name, with group).
    pub fn parse(word: &str) -> Option<Resource> {
        let w = word.to_ascii_lowercase();
        let base = w.split('.').next().unwrap_or("");
        Some(match base {
            "pod" | "pods" | "po" => Resource::Pods,
            "pvc" | "pvcs" | "persistentvolumeclaim" | "persistentvolumeclaims" => Resource::Claims,
            "pv" | "pvs" | "persistentvolume" | "persistentvolumes" => Resource::Volumes,
            "sts" | "statefulset" | "statefulsets" => Resource::StatefulSets,
            "svc" | "service" | "services" => Resource::Services,
            "ep" | "endpoint" | "endpoints" => Resource::Endpoints,
            "endpointslice" | "endpointslices" => Resource::EndpointSlices,
            "ev" | "event" | "events" => Resource::Events,
            "controllerrevision" | "controllerrevisions" => Resource::ControllerRevisions,
            "no" | "node" | "nodes" => Resource::Nodes,
            "sc" | "storageclass" | "storageclasses" => Resource::StorageClasses,
            "secret" | "secrets" => Resource::Secrets,
            "pdb" | "pdbs" | "poddisruptionbudget" | "poddisruptionbudgets" => Resource::PodDisruptionBudgets,
            "volumeattachment" | "volumeattachments" => Resource::VolumeAttachments,
            "job" | "jobs" => Resource::Jobs,
            "cj" | "cronjob" | "cronjobs" => Resource::CronJobs,
            "vs" | "volumesnapshot" | "volumesnapshots" => Resource::VolumeSnapshots,
            "vsc" | "vscs" | "volumesnapshotcontent" | "volumesnapshotcontents" => Resource::VolumeSnapshotContents,
            "vsclass" | "vsclasses" | "volumesnapshotclass" | "volumesnapshotclasses" => Resource::VolumeSnapshotClasses,
            "deploy" | "deployment" | "deployments" => Resource::Deployments,
            "rs" | "replicaset" | "replicasets" => Resource::ReplicaSets,
            "ds" | "daemonset" | "daemonsets" => Resource::DaemonSets,
            _ => return None,
        })
    }

    /// The plural with its group, as in `statefulsets.apps "web" not found`.
    pub fn plural(self) -> &'static str {
        match self {
            Resource::Pods => "pods",
            Resource::Claims => "persistentvolumeclaims",
            Resource::Volumes => "persistentvolumes",
            Resource::StatefulSets => "statefulsets.apps",
            Resource::Services => "services",
            Resource::Endpoints => "endpoints",
            Resource::EndpointSlices => "endpointslices.discovery.k8s.io",
            Resource::Events => "events",
            Resource::ControllerRevisions => "controllerrevisions.apps",
            Resource::Nodes => "nodes",
            Resource::StorageClasses => "storageclasses.storage.k8s.io",
            Resource::Secrets => "secrets",
            Resource::PodDisruptionBudgets => "poddisruptionbudgets.policy",
            Resource::VolumeAttachments => "volumeattachments.storage.k8s.io",
            Resource::Jobs => "jobs.batch",
            Resource::CronJobs => "cronjobs.batch",
            Resource::VolumeSnapshots => "volumesnapshots.snapshot.storage.k8s.io",
            Resource::VolumeSnapshotContents => "volumesnapshotcontents.snapshot.storage.k8s.io",
            Resource::VolumeSnapshotClasses => "volumesnapshotclasses.snapshot.storage.k8s.io",
            Resource::Deployments => "deployments.apps",
            Resource::ReplicaSets => "replicasets.apps",
            Resource::DaemonSets => "daemonsets.apps",
        }
    }

    /// The prefix of `-o name`: `pod`, `statefulset.apps`, …
    pub fn name_prefix(self) -> &'static str {
        match self {
            Resource::Pods => "pod",
            Resource::Claims => "persistentvolumeclaim",
            Resource::Volumes => "persistentvolume",
            Resource::StatefulSets => "statefulset.apps",
            Resource::Services => "service",
            Resource::Endpoints => "endpoints",
            Resource::EndpointSlices => "endpointslice.discovery.k8s.io",
            Resource::Events => "event",
            Resource::ControllerRevisions => "controllerrevision.apps",
            Resource::Nodes => "node",
            Resource::StorageClasses => "storageclass.storage.k8s.io",
            Resource::Secrets => "secret",
            Resource::PodDisruptionBudgets => "poddisruptionbudget.policy",
            Resource::VolumeAttachments => "volumeattachment.storage.k8s.io",
            Resource::Jobs => "job.batch",
            Resource::CronJobs => "cronjob.batch",
            Resource::VolumeSnapshots => "volumesnapshot.snapshot.storage.k8s.io",
            Resource::VolumeSnapshotContents => "volumesnapshotcontent.snapshot.storage.k8s.io",
            Resource::VolumeSnapshotClasses => "volumesnapshotclass.snapshot.storage.k8s.io",
            Resource::Deployments => "deployment.apps",
            Resource::ReplicaSets => "replicaset.apps",
            Resource::DaemonSets => "daemonset.apps",
        }
    }

    /// The object kind.
    pub fn kind(self) -> &'static str {
        match self {
            Resource::Pods => "Pod",
            Resource::Claims => "PersistentVolumeClaim",
            Resource::Volumes => "PersistentVolume",
            Resource::StatefulSets => "StatefulSet",
            Resource::Services => "Service",
            Resource::Endpoints => "Endpoints",
            Resource::EndpointSlices => "EndpointSlice",
            Resource::Events => "Event",
            Resource::ControllerRevisions => "ControllerRevision",
            Resource::Nodes => "Node",
            Resource::StorageClasses => "StorageClass",
            Resource::Secrets => "Secret",
            Resource::PodDisruptionBudgets => "PodDisruptionBudget",
            Resource::VolumeAttachments => "VolumeAttachment",
            Resource::Jobs => "Job",
            Resource::CronJobs => "CronJob",
            Resource::VolumeSnapshots => "VolumeSnapshot",
            Resource::VolumeSnapshotContents => "VolumeSnapshotContent",
            Resource::VolumeSnapshotClasses => "VolumeSnapshotClass",
            Resource::Deployments => "Deployment",
            Resource::ReplicaSets => "ReplicaSet",
            Resource::DaemonSets => "DaemonSet",
        }
    }

    /// The `apiVersion` of its objects.
    pub fn api_version(self) -> &'static str {
        match self {
            Resource::StatefulSets | Resource::ControllerRevisions | Resource::Deployments | Resource::ReplicaSets | Resource::DaemonSets => "apps/v1",
            Resource::EndpointSlices => "discovery.k8s.io/v1",
            Resource::StorageClasses | Resource::VolumeAttachments => "storage.k8s.io/v1",
            Resource::PodDisruptionBudgets => "policy/v1",
            Resource::Jobs | Resource::CronJobs => "batch/v1",
            Resource::VolumeSnapshots | Resource::VolumeSnapshotContents | Resource::VolumeSnapshotClasses => "snapshot.storage.k8s.io/v1",
            _ => "v1",
        }
    }

    /// The warning kubectl prints on stderr when the resource is read: the API server's
    /// deprecation header (`k8s.io/apiserver/pkg/endpoints/deprecation.WarningMessage`, from
    /// the type's `prerelease-lifecycle-gen` tags; v1 Endpoints since v1.33, every version the
    /// simulator imitates) behind kubectl's `Warning: `.
    pub fn deprecation(self) -> Option<&'static str> {
        match self {
            Resource::Endpoints => Some("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"),
            _ => None,
        }
    }

    /// Whether its objects live in a namespace.
    pub fn namespaced(self) -> bool {
        !matches!(self, Resource::Volumes | Resource::Nodes | Resource::StorageClasses | Resource::VolumeAttachments | Resource::VolumeSnapshotContents | Resource::VolumeSnapshotClasses)
    }

    /// The columns of `kubectl get`.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Resource::Pods => &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            Resource::Claims => &["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
            Resource::Volumes => &["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
            Resource::StatefulSets => &["NAME", "READY", "AGE"],
            Resource::Services => &["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
            Resource::Endpoints => &["NAME", "ENDPOINTS", "AGE"],
            Resource::EndpointSlices => &["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
            Resource::Events => &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            Resource::ControllerRevisions => &["NAME", "CONTROLLER", "REVISION", "AGE"],
            Resource::Nodes => &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            Resource::StorageClasses => &["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
            Resource::Secrets => &["NAME", "TYPE", "DATA", "AGE"],
            Resource::PodDisruptionBudgets => &["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
            Resource::VolumeAttachments => &["NAME", "ATTACHER", "PV", "NODE", "ATTACHED", "AGE"],
            Resource::Jobs => &["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
            Resource::CronJobs => &["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
            Resource::VolumeSnapshots => &["NAME", "READYTOUSE", "SOURCEPVC", "SOURCESNAPSHOTCONTENT", "RESTORESIZE", "SNAPSHOTCLASS", "SNAPSHOTCONTENT", "CREATIONTIME", "AGE"],
            Resource::VolumeSnapshotContents => &["NAME", "READYTOUSE", "RESTORESIZE", "DELETIONPOLICY", "DRIVER", "VOLUMESNAPSHOTCLASS", "VOLUMESNAPSHOT", "VOLUMESNAPSHOTNAMESPACE", "AGE"],
            Resource::VolumeSnapshotClasses => &["NAME", "DRIVER", "DELETIONPOLICY", "AGE"],
            Resource::Deployments => &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            Resource::ReplicaSets => &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            Resource::DaemonSets => &["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
        }
    }

    /// The extra columns of `-o wide`.
    pub fn wide_columns(self) -> &'static [&'static str] {
        match self {
            Resource::Pods => &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            Resource::Claims | Resource::Volumes => &["VOLUMEMODE"],
            Resource::StatefulSets => &["CONTAINERS", "IMAGES"],
            Resource::Jobs | Resource::CronJobs | Resource::Deployments | Resource::ReplicaSets | Resource::DaemonSets => &["CONTAINERS", "IMAGES", "SELECTOR"],
            Resource::Services => &["SELECTOR"],
            Resource::Nodes => &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
            _ => &[],
        }
    }
}

/// `-o` of `kubectl get`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// The default table.
    Table,
    /// `-o wide`.
    Wide,
    /// `-o yaml`.
    Yaml,
    /// `-o name`.
    Name,
}

impl Output {
    /// Parses `wide`, `yaml`, `name`.
    pub fn parse(word: &str) -> Option<Output> {
        match word {
            "wide" => Some(Output::Wide),
            "yaml" => Some(Output::Yaml),
            "name" => Some(Output::Name),
            _ => None,
        }
    }
}
