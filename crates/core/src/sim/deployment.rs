//! Deployments: the API server's side and the Deployment controller, which rolls a template
//! out through ReplicaSets: one per template, named `<deployment>-<pod-template-hash>`.
//!
//! Reference (Kubernetes v1.35):
//! - `pkg/apis/apps/v1/defaults.go :: SetDefaults_Deployment`: `replicas` 1, strategy
//!   `RollingUpdate` with `maxUnavailable` and `maxSurge` 25 %, `revisionHistoryLimit` 10,
//!   `progressDeadlineSeconds` 600.
//! - `pkg/controller/deployment/util/deployment_util.go :: ResolveFenceposts`: `maxSurge` of
//!   the replicas rounded up, `maxUnavailable` rounded down, and 1 unavailable when both come
//!   to 0; `NewRSNewReplicas`: the new ReplicaSet grows while all ReplicaSets together stay
//!   within `replicas + maxSurge`; `MaxUnavailable`.
//! - `pkg/controller/deployment/rolling.go :: rolloutRolling, reconcileNewReplicaSet,
//!   reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate`:
//!   old ReplicaSets shrink while at least `replicas - maxUnavailable` pods stay available,
//!   their unhealthy pods first.
//! - `pkg/controller/deployment/recreate.go :: rolloutRecreate`: every old ReplicaSet to 0, wait
//!   until none of their pods runs, then the new one to `replicas`.
//! - `pkg/controller/deployment/sync.go :: getNewReplicaSet` (the revision annotation
//!   `deployment.kubernetes.io/revision`, one more than the highest of the old ones, and the
//!   `desired-replicas`/`max-replicas` annotations), `scaleReplicaSet` (event
//!   `ScalingReplicaSet` "Scaled up replica set NAME from A to B"), `cleanupDeployment`
//!   (old ReplicaSets with no pods beyond `revisionHistoryLimit` are deleted, oldest first),
//!   `calculateStatus`, `syncRolloutStatus` (conditions `Available` and `Progressing` with
//!   upstream's reasons and messages; `ProgressDeadlineExceeded` once no progress was made for
//!   `progressDeadlineSeconds`).
//! - kubectl: `rollout status` (`polymorphichelpers.DeploymentStatusViewer`), `rollout history`
//!   (`DeploymentHistoryViewer`), `rollout undo` (`DeploymentRollbacker`: the template of the
//!   chosen revision is written back into the Deployment).
//!
//! Not modelled: proportional scaling of several live ReplicaSets when `replicas` changes in the
//! middle of a rollout (the rolling update absorbs the change), `paused`, adoption of
//! ReplicaSets the Deployment did not create, hash collisions.

use super::events::Actor;
use super::model::*;
use super::replicaset::{ReplicaSet, ReplicaSetStatus};
use super::time::SimTime;
use super::workload::{self, EditError, WorkloadError};
use super::world::{Timer, World};
use crate::apiserver::{self, validate::apps, FieldError};
use k8s_openapi::api::apps::v1::{Deployment as K8sDeployment, DeploymentSpec, DeploymentStrategy, ReplicaSetSpec, RollingUpdateDeployment};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

const SOURCE: &str = "deployment-controller";
/// The revision annotation on a Deployment and its ReplicaSets.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

/// A Deployment (`apps/v1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    /// Metadata (`deployment.kubernetes.io/revision` once the controller synced).
    pub meta: Meta,
    /// The spec, defaulted.
    pub spec: DeploymentSpec,
    /// The controller's status.
    pub status: DeploymentStatus,
    /// The object as applied (for `unchanged` and the three-way merge).
    pub applied: Value,
}

/// `status` of a Deployment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// Active pods of all its ReplicaSets.
    pub replicas: i32,
    /// Active pods of the new ReplicaSet.
    pub updated_replicas: i32,
    /// Ready pods.
    pub ready_replicas: i32,
    /// Available pods.
    pub available_replicas: i32,
    /// `replicas - availableReplicas`, at least 0.
    pub unavailable_replicas: i32,
    /// `Available` and `Progressing`.
    pub conditions: Vec<DeploymentCondition>,
}

/// One condition of a Deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentCondition {
    /// `Available`, `Progressing`.
    pub type_: String,
    /// `True`, `False`.
    pub status: bool,
    /// `MinimumReplicasAvailable`, `NewReplicaSetCreated`, `ProgressDeadlineExceeded`, …
    pub reason: String,
    /// The controller's message.
    pub message: String,
    /// `lastUpdateTime`.
    pub last_update: SimTime,
    /// `lastTransitionTime`.
    pub last_transition: SimTime,
}

impl Deployment {
    /// `spec.replicas`.
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }

    /// `Recreate` rather than `RollingUpdate`.
    pub fn recreate(&self) -> bool {
        self.spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate")
    }

    /// `ResolveFenceposts`: (max surge, max unavailable) at the current replicas.
    pub fn fenceposts(&self) -> (i32, i32) {
        if self.recreate() {
            return (0, 0);
        }
        let ru = self.spec.strategy.as_ref().and_then(|s| s.rolling_update.clone()).unwrap_or_default();
        let replicas = self.replicas();
        let surge = ru.max_surge.as_ref().and_then(|v| apps::scaled(v, replicas, true)).unwrap_or(0);
        let unavailable = ru.max_unavailable.as_ref().and_then(|v| apps::scaled(v, replicas, false)).unwrap_or(0);
        if surge == 0 && unavailable == 0 {
            (0, 1)
        } else {
            (surge, unavailable)
        }
    }

    /// `MaxUnavailable`: at most the replicas; 0 for `Recreate` or no replicas.
    pub fn max_unavailable(&self) -> i32 {
        if self.recreate() || self.replicas() == 0 {
            return 0;
        }
        self.fenceposts().1.min(self.replicas())
    }

    /// A condition by type.
    pub fn condition(&self, type_: &str) -> Option<&DeploymentCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    /// `deployment.kubernetes.io/revision`.
    pub fn revision(&self) -> Option<i64> {
        self.meta.annotations.get(REVISION).and_then(|r| r.parse().ok())
    }

    /// `spec.progressDeadlineSeconds`.
    pub fn progress_deadline_s(&self) -> i32 {
        self.spec.progress_deadline_seconds.unwrap_or(600)
    }

    /// What `kubectl rollout status deployment/NAME` prints now, and whether it is done
    /// (`Err`: it gave up, with kubectl's error).
    pub fn rollout_status(&self) -> Result<(String, bool), String> {
        let name = &self.meta.name;
        if self.meta.generation > self.status.observed_generation {
            return Ok(("Waiting for deployment spec update to be observed...\n".to_owned(), false));
        }
        if self.condition("Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
            return Err(format!("deployment {name:?} exceeded its progress deadline"));
        }
        let s = &self.status;
        let replicas = self.replicas();
        Ok(if s.updated_replicas < replicas {
            (format!("Waiting for deployment {name:?} rollout to finish: {} out of {replicas} new replicas have been updated...\n", s.updated_replicas), false)
        } else if s.replicas > s.updated_replicas {
            (format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas), false)
        } else if s.available_replicas < s.updated_replicas {
            (format!("Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas), false)
        } else {
            (format!("deployment {name:?} successfully rolled out\n"), true)
        })
    }
}

/// `SetDefaults_Deployment` and the template's pod defaults.
fn default_spec(spec: &mut DeploymentSpec) {
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    spec.min_ready_seconds.get_or_insert(0);
    let strategy = spec.strategy.get_or_insert_with(DeploymentStrategy::default);
    let type_ = strategy.type_.get_or_insert_with(|| "RollingUpdate".to_owned()).clone();
    if type_ == "RollingUpdate" {
        let ru = strategy.rolling_update.get_or_insert_with(RollingUpdateDeployment::default);
        ru.max_unavailable.get_or_insert(IntOrString::String("25%".to_owned()));
        ru.max_surge.get_or_insert(IntOrString::String("25%".to_owned()));
    }
    apiserver::defaults::pod_template(&mut spec.template);
}

/// `ValidateDeploymentSpec` on a defaulted spec.
fn validate(d: &K8sDeployment, spec: &DeploymentSpec, out: &mut Vec<FieldError>) {
    let sel = Some(&spec.selector).filter(|s| !apiserver::selector::is_absent(s));
    apps::selector_and_template(apps::Workload::Deployment, &d.metadata, sel, &spec.template, out);
    apps::nonneg(spec.replicas, "spec.replicas", out);
    apps::nonneg(spec.min_ready_seconds, "spec.minReadySeconds", out);
    apps::nonneg(spec.revision_history_limit, "spec.revisionHistoryLimit", out);
    let strategy = spec.strategy.clone().unwrap_or_default();
    match strategy.type_.as_deref().unwrap_or("") {
        "Recreate" => {
            if strategy.rolling_update.is_some() {
                out.push(FieldError::forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
            }
        }
        "RollingUpdate" => {
            let ru = strategy.rolling_update.unwrap_or_default();
            let at = "spec.strategy.rollingUpdate";
            let unavailable = ru.max_unavailable.as_ref().and_then(|v| apps::int_or_percent(v, &format!("{at}.maxUnavailable"), out));
            let surge = ru.max_surge.as_ref().and_then(|v| apps::int_or_percent(v, &format!("{at}.maxSurge"), out));
            if let (Some(0), Some(0), Some(v)) = (unavailable, surge, ru.max_unavailable.as_ref()) {
                out.push(FieldError::invalid(format!("{at}.maxUnavailable"), apps::int_or_string_text(v), "may not be 0 when `maxSurge` is 0"));
            }
        }
        other => out.push(FieldError::not_supported("spec.strategy.type", other, &["Recreate", "RollingUpdate"])),
    }
    if let Some(deadline) = spec.progress_deadline_seconds {
        apps::nonneg(Some(deadline), "spec.progressDeadlineSeconds", out);
        if deadline <= spec.min_ready_seconds.unwrap_or(0) {
            out.push(FieldError::invalid("spec.progressDeadlineSeconds", deadline.to_string(), "must be greater than minReadySeconds"));
        }
    }
}

fn decode(doc: &Value, verb: &'static str) -> Result<(K8sDeployment, DeploymentSpec), (&'static str, WorkloadError)> {
    let d: K8sDeployment = apiserver::decode_as("Deployment", doc).map_err(|e| (verb, WorkloadError::Decode(e)))?;
    let mut spec = d.spec.clone().unwrap_or_default();
    default_spec(&mut spec);
    let mut errors = Vec::new();
    validate(&d, &spec, &mut errors);
    workload::refuse("Deployment", d.metadata.name.as_deref().unwrap_or(""), verb, errors)?;
    Ok((d, spec))
}

/// `kubectl apply` of a Deployment: created, or its spec replaced by the applied one (the
/// selector cannot change).
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> Result<String, (&'static str, WorkloadError)> {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let Some(existing) = w.state.deployments.get(&key).cloned() else {
        let (d, spec) = decode(&doc, "creating")?;
        let meta = workload::new_meta(w, namespace, &d.metadata);
        w.put_deployment(Deployment { meta, spec, status: DeploymentStatus::default(), applied: doc }, Actor::User);
        return Ok(workload::applied_line("deployment", &name, "created"));
    };
    if existing.applied == doc {
        return Ok(workload::applied_line("deployment", &name, "unchanged"));
    }
    let (d, spec) = decode(&doc, "applying patch")?;
    let changed = store(w, &existing, spec, d.metadata.labels.unwrap_or_default(), "applying patch")?;
    if let Some(dep) = w.state.deployments.get_mut(&key) {
        dep.applied = doc;
    }
    Ok(workload::applied_line("deployment", &name, if changed { "configured" } else { "unchanged" }))
}

/// Stores a new spec (apply, scale, set image, undo): the selector is immutable; the
/// generation moves when the spec changed. Returns whether it did.
fn store(w: &mut World, existing: &Deployment, spec: DeploymentSpec, labels: std::collections::BTreeMap<String, String>, verb: &'static str) -> Result<bool, (&'static str, WorkloadError)> {
    workload::selector_unchanged("Deployment", &existing.meta.name, &spec.selector, &existing.spec.selector, verb)?;
    if spec == existing.spec && labels == existing.meta.labels {
        return Ok(false);
    }
    let bump = spec != existing.spec;
    let mut d = existing.clone();
    d.spec = spec;
    d.meta.labels = labels;
    if bump {
        d.meta.generation += 1;
    }
    w.put_deployment(d, Actor::User);
    Ok(true)
}

/// An edit of the spec from kubectl (`scale`, `set image`, `rollout undo`), validated as an
/// update. `Ok(false)`: nothing changed.
pub(crate) fn edit(w: &mut World, key: &ObjectKey, f: impl FnOnce(&mut DeploymentSpec) -> Result<(), String>) -> Result<bool, EditError> {
    let Some(existing) = w.state.deployments.get(key).cloned() else { return Err(EditError::NotFound) };
    let mut spec = existing.spec.clone();
    f(&mut spec).map_err(EditError::Client)?;
    let mut errors = Vec::new();
    let probe = K8sDeployment { metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some(key.name.clone()), namespace: Some(key.namespace.clone()), ..Default::default() }, ..Default::default() };
    validate(&probe, &spec, &mut errors);
    if !errors.is_empty() {
        return Err(EditError::Invalid(crate::apiserver::InvalidError::new("Deployment", &key.name, errors)));
    }
    let labels = existing.meta.labels.clone();
    store(w, &existing, spec, labels, "patching").map_err(|(_, e)| match e {
        WorkloadError::Invalid(e) => EditError::Invalid(e),
        WorkloadError::Decode(e) => EditError::Client(e.to_string()),
    })
}

/// `kubectl delete deployment NAME`: it goes; the garbage collector deletes its ReplicaSets,
/// then their pods.
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(d) = w.state.deployments.remove(key) else { return false };
    w.gc_queue.push_back(super::world::GcTask::OwnerGone { namespace: key.namespace.clone(), uid: d.meta.uid });
    w.touch();
    true
}

/// The ReplicaSets this Deployment controls, oldest first.
pub fn replicasets_of<'a>(state: &'a ClusterState, d: &Deployment) -> Vec<&'a ReplicaSet> {
    let mut out: Vec<&ReplicaSet> = ClusterState::in_namespace(&state.replicasets, &d.meta.namespace).map(|(_, rs)| rs).filter(|rs| rs.meta.controller().is_some_and(|o| o.uid == d.meta.uid)).collect();
    out.sort_by(|a, b| a.meta.created.cmp(&b.meta.created).then(a.meta.name.cmp(&b.meta.name)));
    out
}

/// The ReplicaSet whose template is the Deployment's (`FindNewReplicaSet`, `EqualIgnoreHash`).
pub fn new_replicaset<'a>(state: &'a ClusterState, d: &Deployment) -> Option<&'a ReplicaSet> {
    replicasets_of(state, d).into_iter().find(|rs| rs.spec.template.as_ref().is_some_and(|t| workload::same_ignoring_hash(t, &d.spec.template)))
}

/// Syncs every Deployment when something was written since the last pass.
pub(crate) fn run(w: &mut World) {
    let keys: Vec<ObjectKey> = w.state.deployments.keys().cloned().collect();
    w.sync_apps(|w| &mut w.deploy_seen, keys, sync);
}

fn event(w: &mut World, d: &Deployment, reason: &str, message: String) {
    w.record(&d.meta.namespace, "Deployment", &d.meta.name, &d.meta.uid, EventType::Normal, reason, message, SOURCE);
}

/// `scaleReplicaSet`: a new size and the replica annotations; the event when the size moved.
fn scale_rs(w: &mut World, d: &Deployment, rs: &ReplicaSet, to: i32) -> bool {
    let from = rs.replicas();
    if from == to {
        return false;
    }
    let (surge, _) = d.fenceposts();
    let (desired, max) = (d.replicas().to_string(), (d.replicas() + surge).to_string());
    w.update_replicaset(&rs.meta.key(), Actor::DeploymentController, |r| {
        r.spec.replicas = Some(to);
        r.meta.generation += 1;
        r.meta.annotations.insert("deployment.kubernetes.io/desired-replicas".to_owned(), desired);
        r.meta.annotations.insert("deployment.kubernetes.io/max-replicas".to_owned(), max);
    });
    let way = if to > from { "up" } else { "down" };
    event(w, d, "ScalingReplicaSet", format!("Scaled {way} replica set {} from {from} to {to}", rs.meta.name));
    true
}

/// `NewRSNewReplicas`.
fn new_rs_replicas(d: &Deployment, all: &[&ReplicaSet], new_rs: Option<&ReplicaSet>) -> i32 {
    if d.recreate() {
        return d.replicas();
    }
    let (surge, _) = d.fenceposts();
    let current: i32 = all.iter().map(|rs| rs.replicas()).sum();
    let new_current = new_rs.map_or(0, ReplicaSet::replicas);
    let max_total = d.replicas() + surge;
    if current >= max_total {
        return new_current;
    }
    new_current + (max_total - current).min(d.replicas() - new_current).max(0)
}

/// `getNewReplicaSet` when there is none: `<deployment>-<hash>`, its revision one more than
/// the highest of the others.
fn create_new_rs(w: &mut World, d: &Deployment, all: &[&ReplicaSet], revision: i64) -> ObjectKey {
    let hash = workload::template_hash(&d.spec.template, None);
    let name = format!("{}-{hash}", d.meta.name);
    let mut template = d.spec.template.clone();
    template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(Default::default).insert("pod-template-hash".to_owned(), hash.clone());
    let mut selector = d.spec.selector.clone();
    selector.match_labels.get_or_insert_with(Default::default).insert("pod-template-hash".to_owned(), hash);
    let replicas = new_rs_replicas(d, all, None);
    let (surge, _) = d.fenceposts();
    let mut meta = w.new_meta(&d.meta.namespace, &name);
    meta.generation = 1;
    meta.labels = template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    meta.annotations = d.meta.annotations.iter().filter(|(k, _)| !k.starts_with("kubectl.kubernetes.io/") && k.as_str() != REVISION).map(|(k, v)| (k.clone(), v.clone())).collect();
    meta.annotations.insert(REVISION.to_owned(), revision.to_string());
    meta.annotations.insert("deployment.kubernetes.io/desired-replicas".to_owned(), d.replicas().to_string());
    meta.annotations.insert("deployment.kubernetes.io/max-replicas".to_owned(), (d.replicas() + surge).to_string());
    meta.owners.push(workload::controller_ref("Deployment", &d.meta));
    let spec = ReplicaSetSpec { replicas: Some(replicas), min_ready_seconds: d.spec.min_ready_seconds, selector, template: Some(template) };
    let key = meta.key();
    w.create_replicaset(ReplicaSet { meta, spec, status: ReplicaSetStatus::default(), applied: Value::Null }, Actor::DeploymentController);
    if replicas > 0 {
        event(w, d, "ScalingReplicaSet", format!("Scaled up replica set {name} from 0 to {replicas}"));
    }
    key
}

/// What a Deployment's sync reads, hashed: its spec's generation and annotations, and each of
/// its ReplicaSets' size, status, revision and pods still running. A sync whose inputs have
/// not changed since the last one (and no timer of its own fired) would write nothing.
fn inputs(state: &ClusterState, d: &Deployment) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (d.meta.generation, &d.meta.uid, d.meta.annotations.get(REVISION), d.meta.terminating()).hash(&mut h);
    for rs in replicasets_of(state, d) {
        let s = &rs.status;
        (&rs.meta.name, rs.replicas(), s.replicas, s.ready_replicas, s.available_replicas, s.observed_generation, rs.revision()).hash(&mut h);
        state.pods_controlled_by(&rs.meta.namespace, &rs.meta.uid).iter().filter(|p| !p.status.phase.is_terminal()).count().hash(&mut h);
    }
    h.finish()
}

/// `syncDeployment`: the rollout, then the status.
fn sync(w: &mut World, key: &ObjectKey) {
    let Some(fingerprint) = w.state.deployments.get(key).map(|d| inputs(&w.state, d)) else { return };
    if w.deploy_inputs.get(key) == Some(&fingerprint) {
        return;
    }
    w.deploy_inputs.insert(key.clone(), fingerprint);
    let Some(d) = w.state.deployments.get(key).cloned() else { return };
    if d.meta.terminating() {
        return;
    }
    let all: Vec<ReplicaSet> = replicasets_of(&w.state, &d).into_iter().cloned().collect();
    let all_refs: Vec<&ReplicaSet> = all.iter().collect();
    let new_rs = new_replicaset(&w.state, &d).cloned();
    let old: Vec<&ReplicaSet> = all.iter().filter(|rs| Some(&rs.meta.name) != new_rs.as_ref().map(|n| &n.meta.name)).collect();
    let max_old_revision = old.iter().filter_map(|rs| rs.revision()).max().unwrap_or(0);
    let mut created = None;
    // the new ReplicaSet's revision: one more than any old one's (also after `rollout undo`)
    let new_key = match &new_rs {
        Some(rs) => {
            if rs.revision().unwrap_or(0) <= max_old_revision {
                let revision = (max_old_revision + 1).to_string();
                w.update_replicaset(&rs.meta.key(), Actor::DeploymentController, |r| {
                    r.meta.annotations.insert(REVISION.to_owned(), revision);
                });
            }
            Some(rs.meta.key())
        }
        None if !d.recreate() || old.iter().all(|rs| rs.replicas() == 0 && rs.status.replicas == 0 && !pods_running(&w.state, rs)) => {
            let k = create_new_rs(w, &d, &all_refs, max_old_revision + 1);
            created = Some(k.name.clone());
            None
        }
        None => None,
    };
    if d.recreate() {
        let mut scaled = false;
        for rs in &old {
            scaled |= scale_rs(w, &d, rs, 0);
        }
        if !scaled && !old.iter().any(|rs| pods_running(&w.state, rs)) {
            if let Some(rs) = new_key.as_ref().and_then(|k| w.state.replicasets.get(k)).cloned() {
                scale_rs(w, &d, &rs, d.replicas());
            }
        }
    } else if let Some(rs) = new_key.as_ref().and_then(|k| w.state.replicasets.get(k)).cloned() {
        // reconcileNewReplicaSet
        let target = if rs.replicas() > d.replicas() { d.replicas() } else { new_rs_replicas(&d, &all_refs, Some(&rs)) };
        let scaled_up = target > rs.replicas() && scale_rs(w, &d, &rs, target);
        if rs.replicas() > d.replicas() {
            scale_rs(w, &d, &rs, d.replicas());
        }
        if !scaled_up {
            reconcile_old(w, &d);
        }
    } else if created.is_some() {
        // the new ReplicaSet was just made: the old ones shrink on the next pass
        w.deploy_seen = u64::MAX;
    }
    let complete = cleanup_if_complete(w, key);
    sync_status(w, key, created.as_deref(), complete);
}

/// Whether any pod of the ReplicaSet is still running (`oldPodsRunning`).
fn pods_running(state: &ClusterState, rs: &ReplicaSet) -> bool {
    state.pods_controlled_by(&rs.meta.namespace, &rs.meta.uid).iter().any(|p| !p.status.phase.is_terminal())
}

/// `reconcileOldReplicaSets`: unhealthy pods of old ReplicaSets first, then as many as the
/// availability allows.
fn reconcile_old(w: &mut World, d: &Deployment) {
    let all: Vec<ReplicaSet> = replicasets_of(&w.state, d).into_iter().cloned().collect();
    let Some(new_rs) = new_replicaset(&w.state, d).cloned() else { return };
    let old: Vec<&ReplicaSet> = all.iter().filter(|rs| rs.meta.name != new_rs.meta.name).collect();
    let old_pods: i32 = old.iter().map(|rs| rs.replicas()).sum();
    if old_pods == 0 {
        return;
    }
    let all_pods: i32 = all.iter().map(|rs| rs.replicas()).sum();
    let min_available = d.replicas() - d.max_unavailable();
    let new_unavailable = new_rs.replicas() - new_rs.status.available_replicas;
    let max_scaled_down = all_pods - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return;
    }
    // cleanupUnhealthyReplicas
    let mut cleaned = 0;
    for rs in &old {
        if cleaned >= max_scaled_down {
            break;
        }
        if rs.replicas() == 0 {
            continue;
        }
        let unhealthy = rs.replicas() - rs.status.available_replicas;
        if unhealthy <= 0 {
            continue;
        }
        let down = (max_scaled_down - cleaned).min(unhealthy);
        scale_rs(w, d, rs, rs.replicas() - down);
        cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate, on the ReplicaSets as they are now
    let all: Vec<ReplicaSet> = replicasets_of(&w.state, d).into_iter().cloned().collect();
    let available: i32 = all.iter().map(|rs| rs.status.available_replicas).sum();
    if available <= min_available {
        return;
    }
    let total = available - min_available;
    let mut done = 0;
    for rs in all.iter().filter(|rs| rs.meta.name != new_rs.meta.name) {
        if done >= total {
            break;
        }
        if rs.replicas() == 0 {
            continue;
        }
        let down = rs.replicas().min(total - done);
        scale_rs(w, d, rs, rs.replicas() - down);
        done += down;
    }
}

/// `DeploymentComplete` on the status as the ReplicaSets now give it; when complete, old
/// ReplicaSets beyond `revisionHistoryLimit` are deleted (`cleanupDeployment`).
fn cleanup_if_complete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(d) = w.state.deployments.get(key).cloned() else { return false };
    let status = calculate(&w.state, &d);
    let complete = status.updated_replicas == d.replicas() && status.replicas == d.replicas() && status.available_replicas == d.replicas();
    if !complete {
        return false;
    }
    let new_name = new_replicaset(&w.state, &d).map(|rs| rs.meta.name.clone());
    let mut old: Vec<ReplicaSet> = replicasets_of(&w.state, &d).into_iter().filter(|rs| Some(&rs.meta.name) != new_name.as_ref()).cloned().collect();
    old.sort_by_key(|rs| rs.revision().unwrap_or(0));
    let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let deletable: Vec<&ReplicaSet> = old.iter().filter(|rs| rs.replicas() == 0 && rs.status.replicas == 0).collect();
    if deletable.len() > limit {
        for rs in &deletable[..deletable.len() - limit] {
            super::replicaset::delete(w, &rs.meta.key());
        }
    }
    true
}

/// `calculateStatus` (without conditions).
fn calculate(state: &ClusterState, d: &Deployment) -> DeploymentStatus {
    let all = replicasets_of(state, d);
    let new_name = new_replicaset(state, d).map(|rs| rs.meta.name.clone());
    let mut s = DeploymentStatus { observed_generation: d.meta.generation, ..Default::default() };
    for rs in &all {
        s.replicas += rs.status.replicas;
        s.ready_replicas += rs.status.ready_replicas;
        s.available_replicas += rs.status.available_replicas;
        if Some(&rs.meta.name) == new_name.as_ref() {
            s.updated_replicas = rs.status.replicas;
        }
    }
    s.unavailable_replicas = (d.replicas() - s.available_replicas).max(0);
    s
}

fn set_condition(conditions: &mut Vec<DeploymentCondition>, type_: &str, status: bool, reason: &str, message: String, now: SimTime) {
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != status {
                c.last_transition = now;
            }
            if c.status != status || c.reason != reason || c.message != message {
                c.last_update = now;
            }
            c.status = status;
            c.reason = reason.to_owned();
            c.message = message;
        }
        None => conditions.push(DeploymentCondition { type_: type_.to_owned(), status, reason: reason.to_owned(), message, last_update: now, last_transition: now }),
    }
}

/// `syncRolloutStatus`: the status, `Available`, `Progressing` (with the progress deadline's
/// timer), and the revision annotation.
fn sync_status(w: &mut World, key: &ObjectKey, created: Option<&str>, complete: bool) {
    let Some(d) = w.state.deployments.get(key).cloned() else { return };
    let now = w.now();
    let mut status = calculate(&w.state, &d);
    status.conditions = d.status.conditions.clone();
    if status.available_replicas >= d.replicas() - d.max_unavailable() {
        set_condition(&mut status.conditions, "Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.".to_owned(), now);
    } else {
        set_condition(&mut status.conditions, "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.".to_owned(), now);
    }
    let new_rs = new_replicaset(&w.state, &d).cloned();
    let rs_name = new_rs.as_ref().map(|rs| rs.meta.name.clone()).unwrap_or_default();
    let old_replicas = |s: &DeploymentStatus| s.replicas - s.updated_replicas;
    let progressed = status.updated_replicas > d.status.updated_replicas
        || old_replicas(&status) < old_replicas(&d.status)
        || status.ready_replicas > d.status.ready_replicas
        || status.available_replicas > d.status.available_replicas;
    let deadline_ms = d.progress_deadline_s().max(0) as u64 * 1000;
    if let Some(name) = created {
        set_condition(&mut status.conditions, "Progressing", true, "NewReplicaSetCreated", format!("Created new replica set {name:?}"), now);
    } else if complete && d.meta.generation <= status.observed_generation {
        set_condition(&mut status.conditions, "Progressing", true, "NewReplicaSetAvailable", format!("ReplicaSet {rs_name:?} has successfully progressed."), now);
    } else if progressed || d.meta.generation != d.status.observed_generation {
        set_condition(&mut status.conditions, "Progressing", true, "ReplicaSetUpdated", format!("ReplicaSet {rs_name:?} is progressing."), now);
        // a new update restarts the clock
        if let Some(c) = status.conditions.iter_mut().find(|c| c.type_ == "Progressing") {
            c.last_update = now;
        }
    } else if let Some(c) = status.conditions.iter().find(|c| c.type_ == "Progressing").cloned() {
        if c.reason != "NewReplicaSetAvailable" && c.reason != "ProgressDeadlineExceeded" && now.since(c.last_update) > deadline_ms {
            set_condition(&mut status.conditions, "Progressing", false, "ProgressDeadlineExceeded", format!("ReplicaSet {rs_name:?} has timed out progressing."), now);
        }
    }
    if !complete {
        if let Some(c) = status.conditions.iter().find(|c| c.type_ == "Progressing" && c.status) {
            if c.reason != "NewReplicaSetAvailable" {
                w.schedule(c.last_update.plus_ms(deadline_ms + 1000), Timer::Apps { key: key.clone(), uid: d.meta.uid.clone() });
            }
        }
    }
    let revision = new_rs.and_then(|rs| rs.revision());
    let rv = w.next_rv();
    if let Some(dep) = w.state.deployments.get_mut(key) {
        let mut changed = dep.status != status;
        if let Some(r) = revision {
            changed |= dep.meta.annotations.insert(REVISION.to_owned(), r.to_string()).as_deref() != Some(r.to_string().as_str());
        }
        if changed {
            dep.status = status;
            dep.meta.resource_version = rv;
            w.touch();
        }
    }
}

/// `kubectl rollout history deployment/NAME`: each revision and its change cause.
pub fn history(state: &ClusterState, d: &Deployment) -> String {
    let mut revisions: Vec<(i64, String)> = replicasets_of(state, d)
        .iter()
        .filter_map(|rs| rs.revision().map(|r| (r, rs.meta.annotations.get("kubernetes.io/change-cause").cloned().unwrap_or_else(|| "<none>".to_owned()))))
        .collect();
    revisions.sort();
    let rows: Vec<Vec<String>> = revisions.into_iter().map(|(r, cause)| vec![r.to_string(), cause]).collect();
    // kubectl's `tabbedString`: a tabwriter with padding 2
    let text: String = std::iter::once("REVISION\tCHANGE-CAUSE\n".to_owned()).chain(rows.iter().map(|r| format!("{}\t{}\n", r[0], r[1]))).collect();
    let table = super::views::tabwriter::align(&text, 0, 2);
    format!("deployment.apps/{} \n{table}\n", d.meta.name)
}

/// `kubectl rollout undo deployment/NAME [--to-revision=N]`: the template of that revision
/// (the previous one by default) written back into the Deployment.
pub(crate) fn undo(w: &mut World, key: &ObjectKey, to_revision: Option<i64>) -> Result<String, String> {
    let Some(d) = w.state.deployments.get(key).cloned() else { return Err(format!("Error from server (NotFound): deployments.apps {:?} not found", key.name)) };
    let mut by_revision: Vec<(i64, ReplicaSet)> = replicasets_of(&w.state, &d).into_iter().filter_map(|rs| rs.revision().map(|r| (r, rs.clone()))).collect();
    by_revision.sort_by_key(|(r, _)| *r);
    let target = match to_revision.filter(|r| *r != 0) {
        Some(r) => by_revision.iter().find(|(rev, _)| *rev == r).map(|(_, rs)| rs.clone()).ok_or_else(|| format!("error: unable to find specified revision {r} in history"))?,
        None => match by_revision.len() {
            0 | 1 => return Err(format!("error: no rollout history found for deployment {:?}", d.meta.name)),
            n => by_revision[n - 2].1.clone(),
        },
    };
    let template = workload::without_hash(&target.spec.template.clone().unwrap_or_default());
    if workload::same_ignoring_hash(&template, &d.spec.template) {
        return Ok(format!("deployment.apps/{} skipped rollback (current template already matches revision {})\n", d.meta.name, target.revision().unwrap_or(0)));
    }
    edit(w, key, |spec| {
        spec.template = template;
        Ok(())
    })
    .map_err(|e| match e {
        EditError::NotFound => format!("Error from server (NotFound): deployments.apps {:?} not found", key.name),
        EditError::Invalid(e) => format!("Error from server (Invalid): {}", e.message()),
        EditError::Client(m) => format!("error: {m}"),
    })?;
    Ok(format!("deployment.apps/{} rolled back\n", d.meta.name))
}

/// What must hold of every Deployment: its ReplicaSets are named after it with the hash of
/// their template, at most one has its template, and a complete rollout leaves no old pods.
pub(crate) fn invariants(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    for d in state.deployments.values() {
        let all = replicasets_of(state, d);
        let current = all.iter().filter(|rs| rs.spec.template.as_ref().is_some_and(|t| workload::same_ignoring_hash(t, &d.spec.template))).count();
        if current > 1 {
            out.push(format!("deployment: {} has {current} ReplicaSets with its template", d.meta.name));
        }
        for rs in &all {
            let hash = rs.meta.labels.get("pod-template-hash").cloned().unwrap_or_default();
            if rs.meta.name != format!("{}-{hash}", d.meta.name) {
                out.push(format!("deployment: {} owns {}, not named <deployment>-<pod-template-hash>", d.meta.name, rs.meta.name));
            }
        }
    }
    out
}
