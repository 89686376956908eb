//! Decoding and the validation of whole objects, over the types of the parent module's
//! `kinds`: compiled twice, over k8s-openapi's types for the simulator ([`crate::apiserver`])
//! and over the slim types for the lint rules ([`crate::apiserver::slim`]).

use super::kinds::{CronJob, Job, PersistentVolumeClaim, Pod, Service, StatefulSet};
use super::{defaults, selector, validate};
use super::kinds::decode;
use crate::apiserver::{version_of, ApiOptions, DecodeError, FieldError};

/// Decodes a StatefulSet from its JSON form (e.g. `yaml::Node::to_json`). `selector: {}` is
/// kept distinguishable from a missing selector by decoding it as `matchLabels: {}` (see
/// [`selector::is_absent`]).
pub fn decode_statefulset(value: &serde_json::Value) -> Result<StatefulSet, DecodeError> {
    let mut sts: StatefulSet = decode("StatefulSet", "v1", value)?;
    let selector_present = value
        .pointer("/spec/selector")
        .is_some_and(serde_json::Value::is_object);
    if let Some(spec) = sts.spec.as_mut() {
        if selector_present && selector::is_absent(&spec.selector) {
            spec.selector.match_labels = Some(Default::default());
        }
    }
    Ok(sts)
}

/// Decodes a Service.
pub fn decode_service(value: &serde_json::Value) -> Result<Service, DecodeError> {
    decode("Service", "v1", value)
}

/// Decodes a PersistentVolumeClaim.
pub fn decode_pvc(value: &serde_json::Value) -> Result<PersistentVolumeClaim, DecodeError> {
    decode("PersistentVolumeClaim", "v1", value)
}

/// Decodes a Pod.
pub fn decode_pod(value: &serde_json::Value) -> Result<Pod, DecodeError> {
    decode("Pod", "v1", value)
}

/// Validates a StatefulSet as a v1.35 server does on create (gate off; `maxUnavailable`, if
/// present, is validated as the validation code does, although a gate-off server would first
/// drop it — see [`prepare_statefulset_create`]).
pub fn validate_statefulset(sts: &StatefulSet) -> Vec<FieldError> {
    validate_statefulset_with(sts, &ApiOptions::default())
}

/// [`validate_statefulset`] for a given server version and gates.
pub fn validate_statefulset_with(sts: &StatefulSet, opts: &ApiOptions) -> Vec<FieldError> {
    let mut sts = sts.clone();
    defaults::statefulset(&mut sts, opts);
    let mut out = Vec::new();
    validate::statefulset::statefulset(&sts, opts, &mut out);
    out
}

/// Validates an update of `old` into `new` as a v1.35 server does: `new` is validated, and
/// only `replicas`, `ordinals`, `template`, `updateStrategy`, `revisionHistoryLimit`,
/// `persistentVolumeClaimRetentionPolicy` and `minReadySeconds` may change
/// (`spec: Forbidden: …` otherwise).
pub fn validate_statefulset_update(old: &StatefulSet, new: &StatefulSet) -> Vec<FieldError> {
    validate_statefulset_update_with(old, new, &ApiOptions::default())
}

/// [`validate_statefulset_update`] for a given server version and gates.
pub fn validate_statefulset_update_with(
    old: &StatefulSet,
    new: &StatefulSet,
    opts: &ApiOptions,
) -> Vec<FieldError> {
    let (mut old, mut new) = (old.clone(), new.clone());
    defaults::statefulset(&mut old, opts);
    defaults::statefulset(&mut new, opts);
    let mut out = Vec::new();
    validate::statefulset::statefulset_update(&old, &new, opts, &mut out);
    out
}

/// Validates a Service as the server does on create (DNS-1035 name, ports, selector, type,
/// `clusterIP`).
pub fn validate_service(svc: &Service) -> Vec<FieldError> {
    let mut svc = svc.clone();
    defaults::service(&mut svc);
    let mut out = Vec::new();
    validate::service::service(&svc, &mut out);
    out
}

/// Validates a Service update (`clusterIP` may not change once set).
pub fn validate_service_update(old: &Service, new: &Service) -> Vec<FieldError> {
    let (mut old, mut new) = (old.clone(), new.clone());
    defaults::service(&mut old);
    defaults::service(&mut new);
    let mut out = Vec::new();
    validate::service::service_update(&old, &new, &mut out);
    out
}

/// Validates a Pod as the server does on create: metadata (labels included) and the pod spec.
/// This is what rejects the pods of a StatefulSet whose name is longer than 52 characters
/// (the `controller-revision-hash` label value exceeds 63 characters).
pub fn validate_pod(pod: &Pod) -> Vec<FieldError> {
    let mut pod = pod.clone();
    defaults::pod_spec(pod.spec.get_or_insert_with(Default::default));
    let mut out = Vec::new();
    validate::meta::object_meta(
        &pod.metadata,
        validate::meta::NameRule::Dns1123Subdomain,
        true,
        &mut out,
    );
    validate::pod::pod_spec(&pod.spec.unwrap_or_default(), "spec", &[], &mut out);
    out
}

/// Validates a PersistentVolumeClaim as the server does on create.
pub fn validate_pvc(claim: &PersistentVolumeClaim) -> Vec<FieldError> {
    let mut claim = claim.clone();
    defaults::pvc(&mut claim);
    let mut out = Vec::new();
    validate::meta::object_meta(
        &claim.metadata,
        validate::meta::NameRule::Dns1123Subdomain,
        true,
        &mut out,
    );
    validate::pvc::pvc_spec(&claim.spec.unwrap_or_default(), "spec", &mut out);
    out
}

/// The errors of a Job written as `doc` (`validateJobSpec` after the template's defaults).
pub fn job_errors(doc: &serde_json::Value) -> Result<Vec<FieldError>, DecodeError> {
    let job: Job = decode("Job", version_of(doc), doc)?;
    Ok(validate::batch::job_template(
        job.spec.unwrap_or_default(),
        "spec",
    ))
}

/// The errors of a CronJob written as `doc` (`validateCronJobSpec`).
pub fn cronjob_errors(doc: &serde_json::Value) -> Result<Vec<FieldError>, DecodeError> {
    let cronjob: CronJob = decode("CronJob", version_of(doc), doc)?;
    Ok(validate::batch::cronjob(&cronjob).0)
}
