//! ReplicaSets: the API server's side and the ReplicaSet controller, which keeps
//! `spec.replicas` pods of its template running, all at once and under random names.
//!
//! Reference (Kubernetes v1.35):
//! - `pkg/apis/apps/v1/defaults.go :: SetDefaults_ReplicaSet`: `replicas` 1.
//! - `pkg/controller/replicaset/replica_set.go :: manageReplicas`: too few pods, and the missing
//!   ones are created in one pass (`slowStartBatch` only slows down after errors); too many,
//!   and `getPodsToDelete` picks the extra ones by `controller.ActivePodsWithRanks`: not yet
//!   scheduled, then Pending before Unknown before Running, not ready before ready, more pods
//!   of the set on the same node first, ready for less time first, more restarts first, newer
//!   first. Events `SuccessfulCreate` "Created pod: NAME", `SuccessfulDelete` "Deleted pod: NAME".
//! - `pkg/controller/replicaset/replica_set_utils.go :: calculateStatus`: `replicas` (active
//!   pods), `fullyLabeledReplicas`, `readyReplicas`, `availableReplicas` (Ready for
//!   `minReadySeconds`).
//! - Pods are named by the API server from `generateName` `<replicaset>-`: 5 characters of
//!   `bcdfghjklmnpqrstvwxz2456789` (`names.SimpleNameGenerator`).
//!
//! Not modelled: adoption of orphans whose labels match (a pod without a controller stays
//! alone), `burstReplicas` (500 a sync), the `ReplicaFailure` condition.

use super::events::Actor;
use super::model::*;
use super::workload::{self, WorkloadError};
use super::world::{Timer, World};
use crate::apiserver::{self, validate::apps};
use k8s_openapi::api::apps::v1::{ReplicaSet as K8sReplicaSet, ReplicaSetSpec};
use serde_json::Value;

const SOURCE: &str = "replicaset-controller";

/// A ReplicaSet (`apps/v1`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSet {
    /// Metadata (a Deployment's carry `deployment.kubernetes.io/revision`).
    pub meta: Meta,
    /// The spec, defaulted.
    pub spec: ReplicaSetSpec,
    /// The controller's status.
    pub status: ReplicaSetStatus,
    /// The object as applied, for `unchanged` (`Null` for one a Deployment made).
    pub applied: Value,
}

/// `status` of a ReplicaSet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaSetStatus {
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// Active pods.
    pub replicas: i32,
    /// Active pods whose labels match the template's.
    pub fully_labeled_replicas: i32,
    /// Ready pods.
    pub ready_replicas: i32,
    /// Pods Ready for `minReadySeconds`.
    pub available_replicas: i32,
}

impl ReplicaSet {
    /// `spec.replicas` (1 by default).
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }

    /// `deployment.kubernetes.io/revision`, for a Deployment's.
    pub fn revision(&self) -> Option<i64> {
        self.meta.annotations.get("deployment.kubernetes.io/revision").and_then(|r| r.parse().ok())
    }
}

/// Decodes, defaults and validates a ReplicaSet.
fn decode(doc: &Value, verb: &'static str) -> Result<(K8sReplicaSet, ReplicaSetSpec), (&'static str, WorkloadError)> {
    let rs: K8sReplicaSet = apiserver::decode_as("ReplicaSet", doc).map_err(|e| (verb, WorkloadError::Decode(e)))?;
    let mut spec = rs.spec.clone().unwrap_or_default();
    spec.replicas.get_or_insert(1);
    spec.min_ready_seconds.get_or_insert(0);
    let mut template = spec.template.take().unwrap_or_default();
    apiserver::defaults::pod_template(&mut template);
    let mut errors = Vec::new();
    apps::selector_and_template(apps::Workload::ReplicaSet, &rs.metadata, Some(&spec.selector).filter(|s| !apiserver::selector::is_absent(s)), &template, &mut errors);
    apps::nonneg(spec.replicas, "spec.replicas", &mut errors);
    apps::nonneg(spec.min_ready_seconds, "spec.minReadySeconds", &mut errors);
    spec.template = Some(template);
    workload::refuse("ReplicaSet", rs.metadata.name.as_deref().unwrap_or(""), verb, errors)?;
    Ok((rs, spec))
}

/// `kubectl apply` of a ReplicaSet: created, or its replicas and template changed (pods that
/// run keep the template they were made from; the selector cannot change).
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> Result<String, (&'static str, WorkloadError)> {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    if let Some(existing) = w.state.replicasets.get(&key).cloned() {
        if existing.applied == doc {
            return Ok(workload::applied_line("replicaset", &name, "unchanged"));
        }
        let (_, spec) = decode(&doc, "applying patch")?;
        workload::selector_unchanged("ReplicaSet", &name, &spec.selector, &existing.spec.selector, "applying patch")?;
        w.update_replicaset(&key, Actor::User, |rs| {
            rs.spec = spec;
            rs.meta.generation += 1;
            rs.applied = doc;
        });
        return Ok(workload::applied_line("replicaset", &name, "configured"));
    }
    let (rs, spec) = decode(&doc, "creating")?;
    let meta = workload::new_meta(w, namespace, &rs.metadata);
    w.create_replicaset(ReplicaSet { meta, spec, status: ReplicaSetStatus::default(), applied: doc }, Actor::User);
    Ok(workload::applied_line("replicaset", &name, "created"))
}

/// Sets `spec.replicas` (`kubectl scale`, or the Deployment controller).
pub(crate) fn scale(w: &mut World, key: &ObjectKey, replicas: i32, actor: Actor) -> bool {
    w.update_replicaset(key, actor, |rs| {
        rs.spec.replicas = Some(replicas);
        rs.meta.generation += 1;
    })
}

/// Syncs every ReplicaSet when something was written since the last pass.
pub(crate) fn run(w: &mut World) {
    let keys: Vec<ObjectKey> = w.state.replicasets.keys().cloned().collect();
    w.sync_apps(|w| &mut w.rs_seen, keys, sync);
}

/// `syncReplicaSet`.
fn sync(w: &mut World, key: &ObjectKey) {
    let now = w.now();
    // decide on borrowed state (a sync runs after every write: no copies of pods or templates
    // unless pods are to be made)
    let (diff, to_delete, name, uid) = {
        let Some(rs) = w.state.replicasets.get(key) else { return };
        if rs.meta.terminating() {
            return;
        }
        let pods: Vec<&Pod> = w.state.pods_controlled_by(&key.namespace, &rs.meta.uid).into_iter().filter(|p| workload::active(p)).collect();
        let diff = pods.len() as i64 - i64::from(rs.replicas());
        let to_delete = if diff > 0 { pods_to_delete(&pods, diff as usize, now) } else { Vec::new() };
        (diff, to_delete, rs.meta.name.clone(), rs.meta.uid.clone())
    };
    if diff < 0 {
        let Some(rs) = w.state.replicasets.get(key) else { return };
        let owner = workload::controller_ref("ReplicaSet", &rs.meta);
        let template = rs.spec.template.clone().unwrap_or_default();
        for _ in 0..(-diff).min(500) {
            if let Some(pod) = workload::create_pod(w, &owner, &key.namespace, &template, &name, Actor::ReplicaSetController, |_| {}) {
                w.record(&key.namespace, "ReplicaSet", &name, &uid, EventType::Normal, "SuccessfulCreate", format!("Created pod: {pod}"), SOURCE);
            }
        }
    }
    for pod in to_delete {
        if w.delete_pod(&pod, Actor::ReplicaSetController, None) {
            w.record(&key.namespace, "ReplicaSet", &name, &uid, EventType::Normal, "SuccessfulDelete", format!("Deleted pod: {}", pod.name), SOURCE);
        }
    }
    update_status(w, key);
}

/// `calculateStatus` over the pods as they are now; a timer for the next pod to become
/// available.
fn update_status(w: &mut World, key: &ObjectKey) {
    let Some(rs) = w.state.replicasets.get(key) else { return };
    let now = w.now();
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    let template_labels = rs.spec.template.as_ref().and_then(|t| t.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default();
    let pods: Vec<&Pod> = w.state.pods_controlled_by(&key.namespace, &rs.meta.uid).into_iter().filter(|p| workload::active(p)).collect();
    let mut status = ReplicaSetStatus { observed_generation: rs.meta.generation, replicas: pods.len() as i32, ..Default::default() };
    let mut next: Option<super::time::SimTime> = None;
    for p in &pods {
        if apiserver::selector::map_matches(&template_labels, &p.meta.labels) {
            status.fully_labeled_replicas += 1;
        }
        if p.running_and_ready() {
            status.ready_replicas += 1;
        }
        match workload::available_at(p, min_ready) {
            Some(at) if at <= now => status.available_replicas += 1,
            Some(at) => next = Some(next.map_or(at, |n: super::time::SimTime| n.min(at))),
            None => {}
        }
    }
    let uid = rs.meta.uid.clone();
    if let Some(at) = next {
        w.schedule(at, Timer::Apps { key: key.clone(), uid });
    }
    let rv = w.next_rv();
    if let Some(rs) = w.state.replicasets.get_mut(key) {
        if rs.status != status {
            rs.status = status;
            rs.meta.resource_version = rv;
            w.touch();
        }
    }
}

/// `getPodsToDelete` with `ActivePodsWithRanks` (see the module's reference): the `n` pods to
/// delete first.
pub fn pods_to_delete(pods: &[&Pod], n: usize, now: super::time::SimTime) -> Vec<ObjectKey> {
    let mut on_node: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in pods {
        if let Some(node) = p.status.node.as_deref() {
            *on_node.entry(node).or_default() += 1;
        }
    }
    let phase_rank = |p: &Pod| match p.status.phase {
        PodPhase::Pending => 0,
        PodPhase::Running => 2,
        _ => 1,
    };
    let mut ranked: Vec<&Pod> = pods.to_vec();
    ranked.sort_by(|a, b| {
        let assigned = |p: &Pod| p.status.node.is_some();
        let colocated = |p: &Pod| p.status.node.as_deref().map_or(0, |n| on_node[n]);
        let ready_for = |p: &Pod| if p.running_and_ready() { now.since(p.status.ready_changed_at) } else { 0 };
        assigned(a)
            .cmp(&assigned(b))
            .then(phase_rank(a).cmp(&phase_rank(b)))
            .then(a.running_and_ready().cmp(&b.running_and_ready()))
            .then(colocated(b).cmp(&colocated(a)))
            .then(ready_for(a).cmp(&ready_for(b)))
            .then(b.status.restarts.cmp(&a.status.restarts))
            .then(b.meta.created.cmp(&a.meta.created))
            .then(a.meta.name.cmp(&b.meta.name))
    });
    ranked.into_iter().take(n).map(|p| p.meta.key()).collect()
}

/// `kubectl delete replicaset NAME`: it goes, the garbage collector deletes its pods.
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(rs) = w.state.replicasets.get(key).cloned() else { return false };
    w.remove_replicaset(key);
    w.gc_queue.push_back(super::world::GcTask::OwnerGone { namespace: key.namespace.clone(), uid: rs.meta.uid });
    true
}

/// What must hold of every ReplicaSet once the components settled: no more active pods than
/// it wants, and every pod it owns carries its template's labels.
pub(crate) fn invariants(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    for rs in state.replicasets.values() {
        let pods = state.pods_controlled_by(&rs.meta.namespace, &rs.meta.uid);
        let active = pods.iter().filter(|p| workload::active(p)).count() as i32;
        if active > rs.replicas() {
            out.push(format!("replicaset: {} has {active} active pods, more than its {} replicas", rs.meta.name, rs.replicas()));
        }
        if let Some(p) = pods.iter().find(|p| !p.meta.name.starts_with(&format!("{}-", rs.meta.name))) {
            out.push(format!("replicaset: {} owns {}, not named after it", rs.meta.name, p.meta.name));
        }
    }
    out
}
