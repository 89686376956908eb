//! The slim types: the fields the API server's checks read or default, and nothing else, with
//! a decoder of their own from JSON.
//!
//! Each struct mirrors the k8s-openapi struct of the same name (field names, Rust types and
//! JSON names are k8s-openapi 0.29's, copied from its `v1_35` sources), so that `defaults.rs`,
//! `selector.rs`, `checks.rs` and `validate/` compile over either set unchanged. The decoder
//! ([`FromJson`]) accepts what k8s-openapi's deserializers accept for these fields: a field may
//! be missing or `null` (a required one then holds its default), unknown fields are ignored,
//! integers must fit their type, a quantity may be a number, and a value of the wrong type
//! fails the decoding. Unlike k8s-openapi, a field *not* kept here is not decoded at all, so a
//! wrong type there does not fail: the lint rules, which use these types, report the server's
//! errors only for objects the schema rules found well typed (`Workspace::server_errors`).
//! It is a decoder of its own rather than serde's derive because it is the smaller of the two
//! in the page's first module, which is why these types exist (ARCHITECTURE.md, "The first
//! load"); `tests/apiserver_slim.rs` holds it to k8s-openapi's decoding.

use crate::apiserver::{precheck, DecodeError};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A value of the wrong type somewhere in the object.
#[derive(Debug)]
pub struct Refused;

/// Decoding from the JSON form of a manifest (`yaml::Node::to_json`).
pub trait FromJson: Sized + Default {
    /// The value, or [`Refused`] when it does not have the type's shape.
    fn from_json(value: &Value) -> Result<Self, Refused>;
}

/// A field of an object: missing or `null` gives the default, as k8s-openapi decodes them.
fn field<T: FromJson>(object: &Map<String, Value>, key: &str) -> Result<T, Refused> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(v) => T::from_json(v),
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        value.as_str().map(str::to_owned).ok_or(Refused)
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        value.as_bool().ok_or(Refused)
    }
}

impl FromJson for i64 {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        value.as_i64().ok_or(Refused)
    }
}

impl FromJson for i32 {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        i64::from_json(value)?.try_into().map_err(|_| Refused)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        match value {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        value.as_array().ok_or(Refused)?.iter().map(T::from_json).collect()
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        value.as_object().ok_or(Refused)?.iter().map(|(k, v)| Ok((k.clone(), T::from_json(v)?))).collect()
    }
}

/// Decodes `value` as the kind's type: what [`precheck`] refuses, then the slim decoder.
pub(crate) fn decode<T: FromJson>(kind: &str, version: &str, value: &Value) -> Result<T, DecodeError> {
    precheck(kind, version, value)?;
    T::from_json(value).map_err(|Refused| DecodeError::new(kind, version, "a value does not have the type of its field".to_owned()))
}

/// A struct of the fields listed, each with its JSON name, and its decoder.
macro_rules! object {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $ty:ty = $json:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $(pub $field: $ty,)*
        }

        impl FromJson for $name {
            #[allow(unused_variables)]
            fn from_json(value: &Value) -> Result<Self, Refused> {
                let object = value.as_object().ok_or(Refused)?;
                Ok($name { $($field: field(object, $json)?,)* })
            }
        }
    };
}

/// A resource quantity as written (`1Gi`, `500m`); a number becomes its decimal text, as
/// k8s-openapi's `Quantity` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quantity(pub String);

impl FromJson for Quantity {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        match value {
            Value::String(s) => Ok(Quantity(s.clone())),
            Value::Number(n) => Ok(Quantity(match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => i.to_string(),
                (_, Some(u), _) => u.to_string(),
                (_, _, Some(f)) => f.to_string(),
                _ => return Err(Refused),
            })),
            _ => Err(Refused),
        }
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

impl FromJson for IntOrString {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        match value {
            Value::String(s) => Ok(IntOrString::String(s.clone())),
            v => i32::from_json(v).map(IntOrString::Int),
        }
    }
}

/// The JSON names of `Volume`'s sources (k8s-openapi's `Volume` fields other than `name`).
const VOLUME_SOURCES: [&str; 30] = [
    "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "configMap", "csi", "downwardAPI",
    "emptyDir", "ephemeral", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs",
    "hostPath", "image", "iscsi", "nfs", "persistentVolumeClaim", "photonPersistentDisk", "portworxVolume",
    "projected", "quobyte", "rbd", "scaleIO", "secret", "storageos", "vsphereVolume",
];

/// `Volume`: its name, the sources the checks read or default, and how many sources it names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: String,
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    pub config_map: Option<ConfigMapVolumeSource>,
    pub secret: Option<SecretVolumeSource>,
    pub projected: Option<ProjectedVolumeSource>,
    pub downward_api: Option<DownwardAPIVolumeSource>,
    /// How many sources are given (not null), whatever their value.
    pub sources: usize,
}

impl FromJson for Volume {
    fn from_json(value: &Value) -> Result<Self, Refused> {
        let object = value.as_object().ok_or(Refused)?;
        Ok(Volume {
            name: field(object, "name")?,
            persistent_volume_claim: field(object, "persistentVolumeClaim")?,
            config_map: field(object, "configMap")?,
            secret: field(object, "secret")?,
            projected: field(object, "projected")?,
            downward_api: field(object, "downwardAPI")?,
            sources: VOLUME_SOURCES.iter().filter(|k| object.get(**k).is_some_and(|v| !v.is_null())).count(),
        })
    }
}

/// How many volume sources a volume names (the server wants exactly one).
pub fn volume_source_count(v: &Volume) -> usize {
    v.sources
}

object! {
    /// `StatefulSet`: the fields the checks read or default.
    StatefulSet {
        metadata: ObjectMeta = "metadata",
        spec: Option<StatefulSetSpec> = "spec",
    }
}

object! {
    /// `StatefulSetSpec`: the fields the checks read or default.
    StatefulSetSpec {
        min_ready_seconds: Option<i32> = "minReadySeconds",
        ordinals: Option<StatefulSetOrdinals> = "ordinals",
        persistent_volume_claim_retention_policy: Option<StatefulSetPersistentVolumeClaimRetentionPolicy> = "persistentVolumeClaimRetentionPolicy",
        pod_management_policy: Option<String> = "podManagementPolicy",
        replicas: Option<i32> = "replicas",
        revision_history_limit: Option<i32> = "revisionHistoryLimit",
        selector: LabelSelector = "selector",
        service_name: Option<String> = "serviceName",
        template: PodTemplateSpec = "template",
        update_strategy: Option<StatefulSetUpdateStrategy> = "updateStrategy",
        volume_claim_templates: Option<Vec<PersistentVolumeClaim>> = "volumeClaimTemplates",
    }
}

object! {
    /// `StatefulSetOrdinals`: the fields the checks read or default.
    StatefulSetOrdinals {
        start: Option<i32> = "start",
    }
}

object! {
    /// `StatefulSetUpdateStrategy`: the fields the checks read or default.
    StatefulSetUpdateStrategy {
        rolling_update: Option<RollingUpdateStatefulSetStrategy> = "rollingUpdate",
        type_: Option<String> = "type",
    }
}

object! {
    /// `RollingUpdateStatefulSetStrategy`: the fields the checks read or default.
    RollingUpdateStatefulSetStrategy {
        max_unavailable: Option<IntOrString> = "maxUnavailable",
        partition: Option<i32> = "partition",
    }
}

object! {
    /// `StatefulSetPersistentVolumeClaimRetentionPolicy`: the fields the checks read or default.
    StatefulSetPersistentVolumeClaimRetentionPolicy {
        when_deleted: Option<String> = "whenDeleted",
        when_scaled: Option<String> = "whenScaled",
    }
}

object! {
    /// `ObjectMeta`: the fields the checks read or default.
    ObjectMeta {
        annotations: Option<BTreeMap<String, String>> = "annotations",
        generate_name: Option<String> = "generateName",
        labels: Option<BTreeMap<String, String>> = "labels",
        name: Option<String> = "name",
        namespace: Option<String> = "namespace",
    }
}

object! {
    /// `LabelSelector`: the fields the checks read or default.
    LabelSelector {
        match_expressions: Option<Vec<LabelSelectorRequirement>> = "matchExpressions",
        match_labels: Option<BTreeMap<String, String>> = "matchLabels",
    }
}

object! {
    /// `LabelSelectorRequirement`: the fields the checks read or default.
    LabelSelectorRequirement {
        key: String = "key",
        operator: String = "operator",
        values: Option<Vec<String>> = "values",
    }
}

object! {
    /// `PodTemplateSpec`: the fields the checks read or default.
    PodTemplateSpec {
        metadata: Option<ObjectMeta> = "metadata",
        spec: Option<PodSpec> = "spec",
    }
}

object! {
    /// `PodSpec`: the fields the checks read or default.
    PodSpec {
        active_deadline_seconds: Option<i64> = "activeDeadlineSeconds",
        containers: Vec<Container> = "containers",
        dns_policy: Option<String> = "dnsPolicy",
        hostname: Option<String> = "hostname",
        init_containers: Option<Vec<Container>> = "initContainers",
        restart_policy: Option<String> = "restartPolicy",
        scheduler_name: Option<String> = "schedulerName",
        security_context: Option<PodSecurityContext> = "securityContext",
        service_account_name: Option<String> = "serviceAccountName",
        subdomain: Option<String> = "subdomain",
        termination_grace_period_seconds: Option<i64> = "terminationGracePeriodSeconds",
        volumes: Option<Vec<Volume>> = "volumes",
    }
}

object! {
    /// `PodSecurityContext`: present or not; the checks read none of its fields.
    PodSecurityContext {}
}

object! {
    /// `PersistentVolumeClaimVolumeSource`: the fields the checks read or default.
    PersistentVolumeClaimVolumeSource {
        claim_name: String = "claimName",
    }
}

object! {
    /// `ConfigMapVolumeSource`: the fields the checks read or default.
    ConfigMapVolumeSource {
        default_mode: Option<i32> = "defaultMode",
    }
}

object! {
    /// `SecretVolumeSource`: the fields the checks read or default.
    SecretVolumeSource {
        default_mode: Option<i32> = "defaultMode",
    }
}

object! {
    /// `ProjectedVolumeSource`: the fields the checks read or default.
    ProjectedVolumeSource {
        default_mode: Option<i32> = "defaultMode",
    }
}

object! {
    /// `DownwardAPIVolumeSource`: the fields the checks read or default.
    DownwardAPIVolumeSource {
        default_mode: Option<i32> = "defaultMode",
    }
}

object! {
    /// `Container`: the fields the checks read or default.
    Container {
        env: Option<Vec<EnvVar>> = "env",
        image: Option<String> = "image",
        image_pull_policy: Option<String> = "imagePullPolicy",
        liveness_probe: Option<Probe> = "livenessProbe",
        name: String = "name",
        ports: Option<Vec<ContainerPort>> = "ports",
        readiness_probe: Option<Probe> = "readinessProbe",
        resources: Option<ResourceRequirements> = "resources",
        startup_probe: Option<Probe> = "startupProbe",
        termination_message_path: Option<String> = "terminationMessagePath",
        termination_message_policy: Option<String> = "terminationMessagePolicy",
        volume_mounts: Option<Vec<VolumeMount>> = "volumeMounts",
    }
}

object! {
    /// `ContainerPort`: the fields the checks read or default.
    ContainerPort {
        container_port: i32 = "containerPort",
        host_port: Option<i32> = "hostPort",
        name: Option<String> = "name",
        protocol: Option<String> = "protocol",
    }
}

object! {
    /// `EnvVar`: the fields the checks read or default.
    EnvVar {
        name: String = "name",
        value: Option<String> = "value",
        value_from: Option<EnvVarSource> = "valueFrom",
    }
}

object! {
    /// `EnvVarSource`: the fields the checks read or default.
    EnvVarSource {
        field_ref: Option<ObjectFieldSelector> = "fieldRef",
    }
}

object! {
    /// `ObjectFieldSelector`: the fields the checks read or default.
    ObjectFieldSelector {
        api_version: Option<String> = "apiVersion",
    }
}

object! {
    /// `VolumeMount`: the fields the checks read or default.
    VolumeMount {
        mount_path: String = "mountPath",
        name: String = "name",
    }
}

object! {
    /// `ResourceRequirements`: the fields the checks read or default.
    ResourceRequirements {
        limits: Option<BTreeMap<String, Quantity>> = "limits",
        requests: Option<BTreeMap<String, Quantity>> = "requests",
    }
}

object! {
    /// `Probe`: the fields the checks read or default.
    Probe {
        exec: Option<ExecAction> = "exec",
        failure_threshold: Option<i32> = "failureThreshold",
        grpc: Option<GRPCAction> = "grpc",
        http_get: Option<HTTPGetAction> = "httpGet",
        initial_delay_seconds: Option<i32> = "initialDelaySeconds",
        period_seconds: Option<i32> = "periodSeconds",
        success_threshold: Option<i32> = "successThreshold",
        tcp_socket: Option<TCPSocketAction> = "tcpSocket",
        timeout_seconds: Option<i32> = "timeoutSeconds",
    }
}

object! {
    /// `ExecAction`: present or not; the checks read none of its fields.
    ExecAction {}
}

object! {
    /// `GRPCAction`: present or not; the checks read none of its fields.
    GRPCAction {}
}

object! {
    /// `HTTPGetAction`: the fields the checks read or default.
    HTTPGetAction {
        port: IntOrString = "port",
        scheme: Option<String> = "scheme",
    }
}

object! {
    /// `TCPSocketAction`: the fields the checks read or default.
    TCPSocketAction {
        port: IntOrString = "port",
    }
}

object! {
    /// `PersistentVolumeClaim`: the fields the checks read or default.
    PersistentVolumeClaim {
        metadata: ObjectMeta = "metadata",
        spec: Option<PersistentVolumeClaimSpec> = "spec",
        status: Option<PersistentVolumeClaimStatus> = "status",
    }
}

object! {
    /// `PersistentVolumeClaimSpec`: the fields the checks read or default.
    PersistentVolumeClaimSpec {
        access_modes: Option<Vec<String>> = "accessModes",
        resources: Option<VolumeResourceRequirements> = "resources",
        storage_class_name: Option<String> = "storageClassName",
        volume_mode: Option<String> = "volumeMode",
        volume_name: Option<String> = "volumeName",
    }
}

object! {
    /// `VolumeResourceRequirements`: the fields the checks read or default.
    VolumeResourceRequirements {
        limits: Option<BTreeMap<String, Quantity>> = "limits",
        requests: Option<BTreeMap<String, Quantity>> = "requests",
    }
}

object! {
    /// `PersistentVolumeClaimStatus`: the fields the checks read or default.
    PersistentVolumeClaimStatus {
        phase: Option<String> = "phase",
    }
}

object! {
    /// `Service`: the fields the checks read or default.
    Service {
        metadata: ObjectMeta = "metadata",
        spec: Option<ServiceSpec> = "spec",
    }
}

object! {
    /// `ServiceSpec`: the fields the checks read or default.
    ServiceSpec {
        allocate_load_balancer_node_ports: Option<bool> = "allocateLoadBalancerNodePorts",
        cluster_ip: Option<String> = "clusterIP",
        cluster_ips: Option<Vec<String>> = "clusterIPs",
        external_traffic_policy: Option<String> = "externalTrafficPolicy",
        internal_traffic_policy: Option<String> = "internalTrafficPolicy",
        ports: Option<Vec<ServicePort>> = "ports",
        selector: Option<BTreeMap<String, String>> = "selector",
        session_affinity: Option<String> = "sessionAffinity",
        session_affinity_config: Option<SessionAffinityConfig> = "sessionAffinityConfig",
        type_: Option<String> = "type",
    }
}

object! {
    /// `SessionAffinityConfig`: present or not; the checks read none of its fields.
    SessionAffinityConfig {}
}

object! {
    /// `ServicePort`: the fields the checks read or default.
    ServicePort {
        name: Option<String> = "name",
        node_port: Option<i32> = "nodePort",
        port: i32 = "port",
        protocol: Option<String> = "protocol",
        target_port: Option<IntOrString> = "targetPort",
    }
}

object! {
    /// `Pod`: the fields the checks read or default.
    Pod {
        metadata: ObjectMeta = "metadata",
        spec: Option<PodSpec> = "spec",
    }
}

object! {
    /// `Job`: the fields the checks read or default.
    Job {
        metadata: ObjectMeta = "metadata",
        spec: Option<JobSpec> = "spec",
    }
}

object! {
    /// `JobSpec`: the fields the checks read or default.
    JobSpec {
        active_deadline_seconds: Option<i64> = "activeDeadlineSeconds",
        backoff_limit: Option<i32> = "backoffLimit",
        completions: Option<i32> = "completions",
        parallelism: Option<i32> = "parallelism",
        template: PodTemplateSpec = "template",
    }
}

object! {
    /// `CronJob`: the fields the checks read or default.
    CronJob {
        metadata: ObjectMeta = "metadata",
        spec: Option<CronJobSpec> = "spec",
    }
}

object! {
    /// `CronJobSpec`: the fields the checks read or default.
    CronJobSpec {
        concurrency_policy: Option<String> = "concurrencyPolicy",
        failed_jobs_history_limit: Option<i32> = "failedJobsHistoryLimit",
        job_template: JobTemplateSpec = "jobTemplate",
        schedule: String = "schedule",
        starting_deadline_seconds: Option<i64> = "startingDeadlineSeconds",
        successful_jobs_history_limit: Option<i32> = "successfulJobsHistoryLimit",
    }
}

object! {
    /// `JobTemplateSpec`: the fields the checks read or default.
    JobTemplateSpec {
        spec: Option<JobSpec> = "spec",
    }
}
