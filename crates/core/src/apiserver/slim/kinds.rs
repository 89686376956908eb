//! The slim types: the fields the API server's checks read or default, and nothing else.
//!
//! Each struct mirrors the k8s-openapi struct of the same name (field names, Rust types and
//! JSON names are k8s-openapi 0.29's, copied from its `v1_35` sources), so that `defaults.rs`,
//! `selector.rs`, `checks.rs` and `validate/` compile over either set unchanged. Like
//! k8s-openapi, every field may be missing (a required one then decodes as its default),
//! unknown fields are ignored, and a value of the wrong type for a field kept here fails the
//! decoding. Unlike it, a field *not* kept here is not decoded at all, so a wrong type there
//! does not fail: the lint rules that use these types report only objects the schema rules
//! found well typed (`rules::Workspace::server_errors`), which is where the two would differ.
//! Why these exist (they keep k8s-openapi's deserializers out of the page's first module) is
//! in ARCHITECTURE.md, "The first load".

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A resource quantity as written (`1Gi`, `500m`); a number becomes its decimal text, as
/// k8s-openapi's `Quantity` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quantity(pub String);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Quantity")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                Ok(Quantity(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// An int32 or a string (`targetPort`, a probe's `port`, `maxUnavailable`).
#[derive(Clone, Debug, PartialEq)]
pub enum IntOrString {
    /// A number.
    Int(i32),
    /// A name or a percentage.
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("IntOrString")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrString, E> {
                v.try_into()
                    .map(IntOrString::Int)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &"a 32-bit integer"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrString, E> {
                v.try_into()
                    .map(IntOrString::Int)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &"a 32-bit integer"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(IntOrString::String(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A field k8s-openapi requires: `null` decodes as its default, as k8s-openapi's decoders do.
fn null_is_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The JSON names of `Volume`'s sources (k8s-openapi's `Volume` fields other than `name`).
const VOLUME_SOURCES: [&str; 29] = [
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "hostPath",
    "image",
    "iscsi",
    "nfs",
    "persistentVolumeClaim",
    "photonPersistentDisk",
    "portworxVolume",
    "projected",
    "quobyte",
    "rbd",
    "scaleIO",
    "secret",
    "storageos",
];

/// `Volume`: its name, the sources the checks read or default, and how many sources it names
/// (`vsphereVolume` is the 30th, besides [`VOLUME_SOURCES`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: String,
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    pub config_map: Option<ConfigMapVolumeSource>,
    pub secret: Option<SecretVolumeSource>,
    pub projected: Option<ProjectedVolumeSource>,
    pub downward_api: Option<DownwardAPIVolumeSource>,
    /// How many sources are given (not null).
    pub sources: usize,
}

impl<'de> Deserialize<'de> for Volume {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Volume;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Volume")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Volume, A::Error> {
                let mut v = Volume::default();
                while let Some(key) = map.next_key::<String>()? {
                    let given = match key.as_str() {
                        "name" => {
                            v.name = map.next_value::<Option<String>>()?.unwrap_or_default();
                            continue;
                        }
                        "persistentVolumeClaim" => {
                            v.persistent_volume_claim = map.next_value()?;
                            v.persistent_volume_claim.is_some()
                        }
                        "configMap" => {
                            v.config_map = map.next_value()?;
                            v.config_map.is_some()
                        }
                        "secret" => {
                            v.secret = map.next_value()?;
                            v.secret.is_some()
                        }
                        "projected" => {
                            v.projected = map.next_value()?;
                            v.projected.is_some()
                        }
                        "downwardAPI" => {
                            v.downward_api = map.next_value()?;
                            v.downward_api.is_some()
                        }
                        k if k == "vsphereVolume" || VOLUME_SOURCES.contains(&k) => {
                            map.next_value::<Option<IgnoredAny>>()?.is_some()
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            false
                        }
                    };
                    v.sources += usize::from(given);
                }
                Ok(v)
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// How many volume sources a volume names (the server wants exactly one).
pub fn volume_source_count(v: &Volume) -> usize {
    v.sources
}

/// `StatefulSet`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatefulSet {
    #[serde(deserialize_with = "null_is_default")]
    pub metadata: ObjectMeta,
    pub spec: Option<StatefulSetSpec>,
}

/// `StatefulSetSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatefulSetSpec {
    pub min_ready_seconds: Option<i32>,
    pub ordinals: Option<StatefulSetOrdinals>,
    pub persistent_volume_claim_retention_policy:
        Option<StatefulSetPersistentVolumeClaimRetentionPolicy>,
    pub pod_management_policy: Option<String>,
    pub replicas: Option<i32>,
    pub revision_history_limit: Option<i32>,
    #[serde(deserialize_with = "null_is_default")]
    pub selector: LabelSelector,
    pub service_name: Option<String>,
    #[serde(deserialize_with = "null_is_default")]
    pub template: PodTemplateSpec,
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    pub volume_claim_templates: Option<Vec<PersistentVolumeClaim>>,
}

/// `StatefulSetOrdinals`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatefulSetOrdinals {
    pub start: Option<i32>,
}

/// `StatefulSetUpdateStrategy`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatefulSetUpdateStrategy {
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
    pub type_: Option<String>,
}

/// `RollingUpdateStatefulSetStrategy`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RollingUpdateStatefulSetStrategy {
    pub max_unavailable: Option<IntOrString>,
    pub partition: Option<i32>,
}

/// `StatefulSetPersistentVolumeClaimRetentionPolicy`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatefulSetPersistentVolumeClaimRetentionPolicy {
    pub when_deleted: Option<String>,
    pub when_scaled: Option<String>,
}

/// `ObjectMeta`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ObjectMeta {
    pub annotations: Option<BTreeMap<String, String>>,
    pub generate_name: Option<String>,
    pub labels: Option<BTreeMap<String, String>>,
    pub name: Option<String>,
    pub namespace: Option<String>,
}

/// `LabelSelector`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LabelSelector {
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
    pub match_labels: Option<BTreeMap<String, String>>,
}

/// `LabelSelectorRequirement`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    #[serde(deserialize_with = "null_is_default")]
    pub key: String,
    #[serde(deserialize_with = "null_is_default")]
    pub operator: String,
    pub values: Option<Vec<String>>,
}

/// `PodTemplateSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PodTemplateSpec {
    pub metadata: Option<ObjectMeta>,
    pub spec: Option<PodSpec>,
}

/// `PodSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PodSpec {
    pub active_deadline_seconds: Option<i64>,
    #[serde(deserialize_with = "null_is_default")]
    pub containers: Vec<Container>,
    pub dns_policy: Option<String>,
    pub hostname: Option<String>,
    pub init_containers: Option<Vec<Container>>,
    pub restart_policy: Option<String>,
    pub scheduler_name: Option<String>,
    pub security_context: Option<PodSecurityContext>,
    pub service_account_name: Option<String>,
    pub subdomain: Option<String>,
    pub termination_grace_period_seconds: Option<i64>,
    pub volumes: Option<Vec<Volume>>,
}

/// `PodSecurityContext`: present or not; validation reads none of its fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PodSecurityContext {}

/// `PersistentVolumeClaimVolumeSource`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PersistentVolumeClaimVolumeSource {
    #[serde(deserialize_with = "null_is_default")]
    pub claim_name: String,
}

/// `ConfigMapVolumeSource`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConfigMapVolumeSource {
    pub default_mode: Option<i32>,
}

/// `SecretVolumeSource`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SecretVolumeSource {
    pub default_mode: Option<i32>,
}

/// `ProjectedVolumeSource`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProjectedVolumeSource {
    pub default_mode: Option<i32>,
}

/// `DownwardAPIVolumeSource`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DownwardAPIVolumeSource {
    pub default_mode: Option<i32>,
}

/// `Container`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Container {
    pub env: Option<Vec<EnvVar>>,
    pub image: Option<String>,
    pub image_pull_policy: Option<String>,
    pub liveness_probe: Option<Probe>,
    #[serde(deserialize_with = "null_is_default")]
    pub name: String,
    pub ports: Option<Vec<ContainerPort>>,
    pub readiness_probe: Option<Probe>,
    pub resources: Option<ResourceRequirements>,
    pub startup_probe: Option<Probe>,
    pub termination_message_path: Option<String>,
    pub termination_message_policy: Option<String>,
    pub volume_mounts: Option<Vec<VolumeMount>>,
}

/// `ContainerPort`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContainerPort {
    #[serde(deserialize_with = "null_is_default")]
    pub container_port: i32,
    pub host_port: Option<i32>,
    pub name: Option<String>,
    pub protocol: Option<String>,
}

/// `EnvVar`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EnvVar {
    #[serde(deserialize_with = "null_is_default")]
    pub name: String,
    pub value: Option<String>,
    pub value_from: Option<EnvVarSource>,
}

/// `EnvVarSource`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EnvVarSource {
    pub field_ref: Option<ObjectFieldSelector>,
}

/// `ObjectFieldSelector`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ObjectFieldSelector {
    pub api_version: Option<String>,
}

/// `VolumeMount`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VolumeMount {
    #[serde(deserialize_with = "null_is_default")]
    pub mount_path: String,
    #[serde(deserialize_with = "null_is_default")]
    pub name: String,
}

/// `ResourceRequirements`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceRequirements {
    pub limits: Option<BTreeMap<String, Quantity>>,
    pub requests: Option<BTreeMap<String, Quantity>>,
}

/// `Probe`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Probe {
    pub exec: Option<ExecAction>,
    pub failure_threshold: Option<i32>,
    pub grpc: Option<GRPCAction>,
    pub http_get: Option<HTTPGetAction>,
    pub initial_delay_seconds: Option<i32>,
    pub period_seconds: Option<i32>,
    pub success_threshold: Option<i32>,
    pub tcp_socket: Option<TCPSocketAction>,
    pub timeout_seconds: Option<i32>,
}

/// `ExecAction`: present or not; validation reads none of its fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ExecAction {}

/// `GRPCAction`: present or not; validation reads none of its fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct GRPCAction {}

/// `HTTPGetAction`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HTTPGetAction {
    #[serde(deserialize_with = "null_is_default")]
    pub port: IntOrString,
    pub scheme: Option<String>,
}

/// `TCPSocketAction`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TCPSocketAction {
    #[serde(deserialize_with = "null_is_default")]
    pub port: IntOrString,
}

/// `PersistentVolumeClaim`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PersistentVolumeClaim {
    #[serde(deserialize_with = "null_is_default")]
    pub metadata: ObjectMeta,
    pub spec: Option<PersistentVolumeClaimSpec>,
    pub status: Option<PersistentVolumeClaimStatus>,
}

/// `PersistentVolumeClaimSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PersistentVolumeClaimSpec {
    pub access_modes: Option<Vec<String>>,
    pub resources: Option<VolumeResourceRequirements>,
    pub storage_class_name: Option<String>,
    pub volume_mode: Option<String>,
    pub volume_name: Option<String>,
}

/// `VolumeResourceRequirements`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VolumeResourceRequirements {
    pub limits: Option<BTreeMap<String, Quantity>>,
    pub requests: Option<BTreeMap<String, Quantity>>,
}

/// `PersistentVolumeClaimStatus`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PersistentVolumeClaimStatus {
    pub phase: Option<String>,
}

/// `Service`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Service {
    #[serde(deserialize_with = "null_is_default")]
    pub metadata: ObjectMeta,
    pub spec: Option<ServiceSpec>,
}

/// `ServiceSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceSpec {
    pub allocate_load_balancer_node_ports: Option<bool>,
    #[serde(rename = "clusterIP")]
    pub cluster_ip: Option<String>,
    #[serde(rename = "clusterIPs")]
    pub cluster_ips: Option<Vec<String>>,
    pub external_traffic_policy: Option<String>,
    pub internal_traffic_policy: Option<String>,
    pub ports: Option<Vec<ServicePort>>,
    pub selector: Option<BTreeMap<String, String>>,
    pub session_affinity: Option<String>,
    pub session_affinity_config: Option<SessionAffinityConfig>,
    pub type_: Option<String>,
}

/// `SessionAffinityConfig`: present or not; validation reads none of its fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SessionAffinityConfig {}

/// `ServicePort`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServicePort {
    pub name: Option<String>,
    pub node_port: Option<i32>,
    #[serde(deserialize_with = "null_is_default")]
    pub port: i32,
    pub protocol: Option<String>,
    pub target_port: Option<IntOrString>,
}

/// `Pod`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Pod {
    #[serde(deserialize_with = "null_is_default")]
    pub metadata: ObjectMeta,
    pub spec: Option<PodSpec>,
}

/// `Job`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Job {
    #[serde(deserialize_with = "null_is_default")]
    pub metadata: ObjectMeta,
    pub spec: Option<JobSpec>,
}

/// `JobSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct JobSpec {
    pub active_deadline_seconds: Option<i64>,
    pub backoff_limit: Option<i32>,
    pub completions: Option<i32>,
    pub parallelism: Option<i32>,
    #[serde(deserialize_with = "null_is_default")]
    pub template: PodTemplateSpec,
}

/// `CronJob`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CronJob {
    #[serde(deserialize_with = "null_is_default")]
    pub metadata: ObjectMeta,
    pub spec: Option<CronJobSpec>,
}

/// `CronJobSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CronJobSpec {
    pub concurrency_policy: Option<String>,
    pub failed_jobs_history_limit: Option<i32>,
    #[serde(deserialize_with = "null_is_default")]
    pub job_template: JobTemplateSpec,
    #[serde(deserialize_with = "null_is_default")]
    pub schedule: String,
    pub starting_deadline_seconds: Option<i64>,
    pub successful_jobs_history_limit: Option<i32>,
}

/// `JobTemplateSpec`: the fields the checks read or default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct JobTemplateSpec {
    pub spec: Option<JobSpec>,
}
