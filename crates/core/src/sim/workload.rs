//! What the workload controllers beside the StatefulSet share (the ReplicaSet, Deployment and
//! DaemonSet controllers): decoding and validating an `apps/v1` object, a pod from a template
//! with its controller reference, the pods that count (`FilterActivePods`), and the template hash.
//!
//! Reference (Kubernetes v1.35):
//! - `pkg/controller/controller_utils.go :: ComputeHash`: the FNV-32a hash of the pod template
//!   (and the collision count), written with `rand.SafeEncodeString`, which maps each digit of
//!   the decimal hash onto `bcdfghjklmnpqrstvwxz2456789`. Upstream hashes Go's printed form of
//!   the template (`hashutil.DeepHashObject`); the simulator hashes the template's JSON, so the
//!   names have upstream's shape and alphabet but not its exact letters.
//! - `pkg/controller/controller_utils.go :: FilterActivePods`: a pod counts while it is neither
//!   Succeeded, Failed nor being deleted.

use super::events::Actor;
use super::model::*;
use super::world::World;
use crate::apiserver::{self, FieldError, InvalidError};
use k8s_openapi::api::core::v1::PodTemplateSpec;

/// Why an object was refused.
pub(crate) enum WorkloadError {
    Decode(apiserver::DecodeError),
    Invalid(InvalidError),
}

/// Why a kubectl edit of a workload (`scale`, `set image`, `rollout undo`) was refused.
pub(crate) enum EditError {
    /// No such object.
    NotFound,
    /// The server refused the result.
    Invalid(InvalidError),
    /// kubectl refused before sending it (`unable to find container named "x"`).
    Client(String),
}

/// `FilterActivePods`.
pub fn active(p: &Pod) -> bool {
    !p.status.phase.is_terminal() && !p.meta.terminating()
}

/// `ComputeHash` (see the module's reference): `SafeEncodeString` of the FNV-32a hash.
pub fn template_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u32::from(*b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    };
    feed(serde_json::to_string(template).unwrap_or_default().as_bytes());
    if let Some(c) = collision_count {
        feed(&(c as u32).to_le_bytes());
    }
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    hash.to_string().bytes().map(|d| ALPHANUMS[usize::from(d) % ALPHANUMS.len()] as char).collect()
}

/// A template without the `pod-template-hash` label (`EqualIgnoreHash`'s comparison).
pub fn without_hash(template: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = template.clone();
    if let Some(labels) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
        labels.remove("pod-template-hash");
    }
    t
}

/// `EqualIgnoreHash`: the same template but for the `pod-template-hash` label, compared
/// without copying the pod specs (every sync compares each ReplicaSet with its Deployment).
pub fn same_ignoring_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    if a.spec != b.spec {
        return false;
    }
    let strip = |m: &Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>| {
        let mut m = m.clone().unwrap_or_default();
        if let Some(labels) = m.labels.as_mut() {
            labels.remove("pod-template-hash");
            if labels.is_empty() {
                m.labels = None;
            }
        }
        m
    };
    strip(&a.metadata) == strip(&b.metadata)
}

/// A new pod `<prefix>-<5 characters>` from a template, owned by a controller; admitted and
/// created. `None` when the name is taken (the next sync tries another).
pub(crate) fn create_pod(w: &mut World, owner: &OwnerRef, namespace: &str, template: &PodTemplateSpec, prefix: &str, actor: Actor, edit: impl FnOnce(&mut k8s_openapi::api::core::v1::PodSpec)) -> Option<String> {
    let name = format!("{prefix}-{}", w.rng.name_suffix(5));
    let key = ObjectKey::new(namespace, &name);
    if w.state.pods.contains_key(&key) {
        return None;
    }
    let mut meta = w.new_meta(namespace, &name);
    meta.labels = template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    meta.annotations = template.metadata.as_ref().and_then(|m| m.annotations.clone()).unwrap_or_default();
    meta.owners.push(owner.clone());
    let mut spec = template.spec.clone().unwrap_or_default();
    edit(&mut spec);
    super::admission::admit_pod(w, &mut meta, &mut spec);
    let status = super::kubelet::initial_status(w.now());
    w.create_pod(Pod { meta, spec, status, parent_ordinal: None, derived: Default::default() }, actor);
    Some(name)
}

/// The controller reference an `apps/v1` object puts on what it creates.
pub fn controller_ref(kind: &str, meta: &Meta) -> OwnerRef {
    OwnerRef { api_version: "apps/v1".to_owned(), kind: kind.to_owned(), name: meta.name.clone(), uid: meta.uid.clone(), controller: true, block_owner_deletion: true }
}

/// The metadata of a new object from its decoded form (labels, annotations, generation 1).
pub(crate) fn new_meta(w: &mut World, namespace: &str, metadata: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> Meta {
    let mut meta = w.new_meta(namespace, metadata.name.as_deref().unwrap_or(""));
    meta.generation = 1;
    meta.labels = metadata.labels.clone().unwrap_or_default();
    meta.annotations = metadata.annotations.clone().unwrap_or_default();
    meta
}

/// The `kubectl apply` line of a write: `deployment.apps/web created`.
pub(crate) fn applied_line(resource: &str, name: &str, verb: &str) -> String {
    format!("{resource}.apps/{name} {verb}")
}

/// An update may not change the selector (`field is immutable`).
pub(crate) fn selector_unchanged(kind: &str, name: &str, new: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector, old: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector, verb: &'static str) -> Result<(), (&'static str, WorkloadError)> {
    if new == old {
        return Ok(());
    }
    refuse(kind, name, verb, vec![FieldError::invalid("spec.selector", apiserver::validate::meta::go_selector(new), "field is immutable")])
}

/// Refuses a spec with errors.
pub(crate) fn refuse(kind: &str, name: &str, verb: &'static str, errors: Vec<FieldError>) -> Result<(), (&'static str, WorkloadError)> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err((verb, WorkloadError::Invalid(InvalidError::new(kind, name, errors))))
    }
}

/// Ready for `min_ready_s` at `now`, or when it will be (for a timer).
pub fn available_at(p: &Pod, min_ready_s: i32) -> Option<super::time::SimTime> {
    p.running_and_ready().then(|| p.status.ready_changed_at.plus_ms(min_ready_s.max(0) as u64 * 1000))
}
