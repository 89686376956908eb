//! `POD`: the pod template: images, probes, resources, environment, scheduling.

pub(crate) mod anti_affinity_selects_nothing;
pub(crate) mod duplicate_env_var;
pub(crate) mod image_latest_tag;
pub(crate) mod probe_port_not_exposed;
pub(crate) mod liveness_probe_missing;
pub(crate) mod readiness_probe_missing;
pub(crate) mod resource_limits_missing;
pub(crate) mod resource_requests_missing;

use super::workspace::{PodTemplate, Workspace};

/// Kinds whose pods run until stopped (probes and disruption budgets make sense for them).
pub(crate) const LONG_RUNNING: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"];

/// The pod templates of long-running workloads.
pub(crate) fn long_running<'a>(ws: &Workspace<'a>) -> Vec<PodTemplate<'a>> {
    ws.pod_templates().into_iter().filter(|t| LONG_RUNNING.contains(&ws.objects[t.object].kind)).collect()
}
