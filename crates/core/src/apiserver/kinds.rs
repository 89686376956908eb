//! The types the API server's checks read, as k8s-openapi defines them: the simulator's
//! objects. [`super::slim`] compiles the same checks over types of its own (see there).

pub use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetSpec, StatefulSetUpdateStrategy,
};
pub use k8s_openapi::api::batch::v1::{CronJob, Job, JobSpec};
pub use k8s_openapi::api::core::v1::{
    Container, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimStatus, Pod,
    PodSecurityContext, PodSpec, PodTemplateSpec, Probe, Service, ServiceSpec, Volume,
};
#[cfg(test)]
pub use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;
pub use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
pub use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub(crate) use super::decode;

/// How many volume sources a volume names (the server wants exactly one).
pub fn volume_source_count(v: &Volume) -> usize {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(map)) => map.keys().filter(|k| k.as_str() != "name").count(),
        _ => 0,
    }
}
