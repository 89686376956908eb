//! DaemonSets: the API server's side and the DaemonSet controller, which runs one pod of its
//! template on every node that can take it, and follows the nodes as they come and go.
//!
//! Reference (Kubernetes v1.35):
//! - `pkg/apis/apps/v1/defaults.go :: SetDefaults_DaemonSet`: `updateStrategy` `RollingUpdate`
//!   with `maxUnavailable` 1 and `maxSurge` 0, `revisionHistoryLimit` 10.
//! - `pkg/controller/daemon/daemon_controller.go :: podsShouldBeOnNode, syncNodes`: a node gets
//!   a pod when the pod's tolerations (with those the controller adds) tolerate the node's
//!   NoSchedule and NoExecute taints; a pod on a node that should not run one is deleted, and
//!   so are the extra pods of a node that has several; failed pods are deleted and replaced.
//!   Events `SuccessfulCreate` "Created pod: NAME", `SuccessfulDelete` "Deleted pod: NAME".
//! - `pkg/controller/daemon/util/daemonset_util.go :: AddOrUpdateDaemonPodTolerations`:
//!   `node.kubernetes.io/not-ready` and `unreachable` (NoExecute, no time limit),
//!   `disk-pressure`, `memory-pressure`, `pid-pressure` and `unschedulable` (NoSchedule): a
//!   DaemonSet's pod stays on, and goes to, a cordoned node. `ReplaceDaemonSetPodNodeNameNodeAffinity`:
//!   each pod is pinned to its node by a required node affinity on `metadata.name`, which the
//!   scheduler honours.
//! - `pkg/controller/daemon/update.go :: rollingUpdate`: with `maxSurge` 0, old pods are deleted
//!   while no more than `maxUnavailable` nodes lack an available pod; the new pods follow.
//! - `pkg/controller/daemon/daemon_controller.go :: updateDaemonSetStatus`: DESIRED, CURRENT,
//!   READY, UP-TO-DATE, AVAILABLE, `numberMisscheduled`.
//! - kubectl `drain` refuses DaemonSet-managed pods without `--ignore-daemonsets`
//!   (`pkg/drain/filters.go :: daemonSetFilter`: "cannot delete DaemonSet-managed Pods (use
//!   --ignore-daemonsets to ignore): …"), and with it leaves them running.
//!
//! Not modelled: the DaemonSet's ControllerRevisions (the template's hash is on its pods as
//! `controller-revision-hash`, which is what the rollout compares), `maxSurge` above 0, node
//! selectors and affinities of the template, the back-off before a failed pod is replaced.

use super::events::Actor;
use super::model::*;
use super::workload::{self, WorkloadError};
use super::world::{Timer, World};
use crate::apiserver::{self, validate::apps, FieldError};
use k8s_openapi::api::apps::v1::{DaemonSet as K8sDaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use k8s_openapi::api::core::v1::{Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Toleration};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

const SOURCE: &str = "daemonset-controller";

/// A DaemonSet (`apps/v1`).
#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSet {
    /// Metadata.
    pub meta: Meta,
    /// The spec, defaulted.
    pub spec: DaemonSetSpec,
    /// The controller's status.
    pub status: DaemonSetStatus,
    /// The object as applied.
    pub applied: Value,
    /// The template's hash, on its pods as `controller-revision-hash` (kept with the spec: a
    /// sync compares it with every pod).
    pub template_hash: String,
}

/// `status` of a DaemonSet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaemonSetStatus {
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// `desiredNumberScheduled`: nodes that should run a pod.
    pub desired: i32,
    /// `currentNumberScheduled`: of those, nodes that run one.
    pub current: i32,
    /// `numberReady`.
    pub ready: i32,
    /// `updatedNumberScheduled`: nodes whose pod has the current template.
    pub updated: i32,
    /// `numberAvailable`.
    pub available: i32,
    /// `numberMisscheduled`: nodes that run one but should not.
    pub misscheduled: i32,
}

impl DaemonSet {
    /// The template's hash, on its pods as `controller-revision-hash`.
    pub fn hash(&self) -> String {
        self.template_hash.clone()
    }

    /// `OnDelete` rather than `RollingUpdate`.
    pub fn on_delete(&self) -> bool {
        self.spec.update_strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("OnDelete")
    }

    /// `maxUnavailable` of `desired` pods (rounded up, at least 1 as upstream's
    /// `unavailableCount`).
    pub fn max_unavailable(&self, desired: i32) -> i32 {
        let v = self.spec.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref()).and_then(|r| r.max_unavailable.clone()).unwrap_or(IntOrString::Int(1));
        apps::scaled(&v, desired, true).unwrap_or(1).max(1)
    }

    /// What `kubectl rollout status daemonset/NAME` prints now, and whether it is done.
    pub fn rollout_status(&self) -> Result<(String, bool), String> {
        if self.on_delete() {
            return Err("error: rollout status is only available for RollingUpdate strategy type".to_owned());
        }
        let name = &self.meta.name;
        let s = &self.status;
        Ok(if self.meta.generation > s.observed_generation {
            ("Waiting for daemon set spec update to be observed...\n".to_owned(), false)
        } else if s.updated < s.desired {
            (format!("Waiting for daemon set {name:?} rollout to finish: {} out of {} new pods have been updated...\n", s.updated, s.desired), false)
        } else if s.available < s.desired {
            (format!("Waiting for daemon set {name:?} rollout to finish: {} of {} updated pods are available...\n", s.available, s.desired), false)
        } else {
            (format!("daemon set {name:?} successfully rolled out\n"), true)
        })
    }
}

fn default_spec(spec: &mut DaemonSetSpec) {
    spec.revision_history_limit.get_or_insert(10);
    spec.min_ready_seconds.get_or_insert(0);
    let strategy = spec.update_strategy.get_or_insert_with(DaemonSetUpdateStrategy::default);
    if strategy.type_.get_or_insert_with(|| "RollingUpdate".to_owned()) == "RollingUpdate" {
        let ru = strategy.rolling_update.get_or_insert_with(RollingUpdateDaemonSet::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    apiserver::defaults::pod_template(&mut spec.template);
}

fn validate(d: &K8sDaemonSet, spec: &DaemonSetSpec, out: &mut Vec<FieldError>) {
    let sel = Some(&spec.selector).filter(|s| !apiserver::selector::is_absent(s));
    apps::selector_and_template(apps::Workload::DaemonSet, &d.metadata, sel, &spec.template, out);
    apps::nonneg(spec.min_ready_seconds, "spec.minReadySeconds", out);
    apps::nonneg(spec.revision_history_limit, "spec.revisionHistoryLimit", out);
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    match strategy.type_.as_deref().unwrap_or("") {
        "OnDelete" => {}
        "RollingUpdate" => {
            let ru = strategy.rolling_update.unwrap_or_default();
            for (field, v) in [("maxUnavailable", &ru.max_unavailable), ("maxSurge", &ru.max_surge)] {
                if let Some(v) = v {
                    apps::int_or_percent(v, &format!("spec.updateStrategy.rollingUpdate.{field}"), out);
                }
            }
        }
        other => out.push(FieldError::not_supported("spec.updateStrategy", other, &["RollingUpdate", "OnDelete"])),
    }
}

fn decode(doc: &Value, verb: &'static str) -> Result<(K8sDaemonSet, DaemonSetSpec), (&'static str, WorkloadError)> {
    let d: K8sDaemonSet = apiserver::decode_as("DaemonSet", doc).map_err(|e| (verb, WorkloadError::Decode(e)))?;
    let mut spec = d.spec.clone().unwrap_or_default();
    default_spec(&mut spec);
    let mut errors = Vec::new();
    validate(&d, &spec, &mut errors);
    workload::refuse("DaemonSet", d.metadata.name.as_deref().unwrap_or(""), verb, errors)?;
    Ok((d, spec))
}

/// `kubectl apply` of a DaemonSet.
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> Result<String, (&'static str, WorkloadError)> {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    if let Some(existing) = w.state.daemonsets.get(&key).cloned() {
        if existing.applied == doc {
            return Ok(workload::applied_line("daemonset", &name, "unchanged"));
        }
        let (_, spec) = decode(&doc, "applying patch")?;
        workload::selector_unchanged("DaemonSet", &name, &spec.selector, &existing.spec.selector, "applying patch")?;
        let changed = spec != existing.spec;
        let rv = w.next_rv();
        if let Some(d) = w.state.daemonsets.get_mut(&key) {
            if changed {
                d.template_hash = workload::template_hash(&spec.template, None);
                d.spec = spec;
                d.meta.generation += 1;
            }
            d.applied = doc;
            d.meta.resource_version = rv;
        }
        w.touch();
        return Ok(workload::applied_line("daemonset", &name, if changed { "configured" } else { "unchanged" }));
    }
    let (d, spec) = decode(&doc, "creating")?;
    let meta = workload::new_meta(w, namespace, &d.metadata);
    let template_hash = workload::template_hash(&spec.template, None);
    w.state.daemonsets.insert(key, DaemonSet { meta, spec, status: DaemonSetStatus::default(), applied: doc, template_hash });
    w.touch();
    Ok(workload::applied_line("daemonset", &name, "created"))
}

/// `kubectl set image daemonset/NAME`: the template's image of one container (`*`: all).
pub(crate) fn set_image(w: &mut World, key: &ObjectKey, container: &str, image: &str) -> Result<bool, workload::EditError> {
    let Some(d) = w.state.daemonsets.get_mut(key) else { return Err(workload::EditError::NotFound) };
    let mut found = false;
    let mut changed = false;
    for c in d.spec.template.spec.iter_mut().flat_map(|s| s.containers.iter_mut()) {
        if container == "*" || c.name == container {
            found = true;
            changed |= c.image.as_deref() != Some(image);
            c.image = Some(image.to_owned());
        }
    }
    if !found {
        return Err(workload::EditError::Client(format!("unable to find container named {container:?}")));
    }
    if changed {
        d.template_hash = workload::template_hash(&d.spec.template, None);
        d.meta.generation += 1;
        w.touch();
    }
    Ok(changed)
}

/// `kubectl delete daemonset NAME`: it goes, the garbage collector deletes its pods.
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(d) = w.state.daemonsets.remove(key) else { return false };
    w.gc_queue.push_back(super::world::GcTask::OwnerGone { namespace: key.namespace.clone(), uid: d.meta.uid });
    w.touch();
    true
}

/// The tolerations `AddOrUpdateDaemonPodTolerations` adds.
pub fn added_tolerations() -> Vec<Toleration> {
    let t = |key: &str, effect: &str| Toleration { key: Some(key.to_owned()), operator: Some("Exists".to_owned()), effect: Some(effect.to_owned()), value: None, toleration_seconds: None };
    vec![
        t(super::nodes::NOT_READY, "NoExecute"),
        t(super::nodes::UNREACHABLE, "NoExecute"),
        t("node.kubernetes.io/disk-pressure", "NoSchedule"),
        t("node.kubernetes.io/memory-pressure", "NoSchedule"),
        t("node.kubernetes.io/pid-pressure", "NoSchedule"),
        t(super::nodes::UNSCHEDULABLE, "NoSchedule"),
    ]
}

/// The template's tolerations with the controller's.
fn tolerations(d: &DaemonSet) -> Vec<Toleration> {
    let mut out = d.spec.template.spec.as_ref().and_then(|s| s.tolerations.clone()).unwrap_or_default();
    for t in added_tolerations() {
        if !out.iter().any(|o| o.key == t.key && o.effect == t.effect) {
            out.push(t);
        }
    }
    out
}

/// `podsShouldBeOnNode`'s predicates: a new pod needs every NoSchedule and NoExecute taint
/// tolerated (`shouldRun`); a running one only the NoExecute ones (`shouldContinueRunning`).
pub fn should_run(d: &DaemonSet, node: &Node) -> bool {
    tolerated(d, node, &["NoSchedule", "NoExecute"])
}

/// `shouldContinueRunning`.
pub fn should_continue(d: &DaemonSet, node: &Node) -> bool {
    tolerated(d, node, &["NoExecute"])
}

fn tolerated(d: &DaemonSet, node: &Node, effects: &[&str]) -> bool {
    let tolerations = tolerations(d);
    node.taints.iter().filter(|t| effects.contains(&t.effect.as_str())).all(|taint| tolerations.iter().any(|tol| super::taint_eviction::tolerates(tol, taint)))
}

/// The node a DaemonSet's pod is pinned to (its required node affinity on `metadata.name`).
pub fn pinned_node(spec: &k8s_openapi::api::core::v1::PodSpec) -> Option<&str> {
    let terms = &spec.affinity.as_ref()?.node_affinity.as_ref()?.required_during_scheduling_ignored_during_execution.as_ref()?.node_selector_terms;
    terms.iter().flat_map(|t| t.match_fields.iter().flatten()).find(|r| r.key == "metadata.name" && r.operator == "In").and_then(|r| r.values.as_ref()?.first().map(String::as_str))
}

/// What `syncNodes` and the rolling update would do: the pods to delete and the nodes to put a
/// pod on.
fn plan(d: &DaemonSet, pods: &[&Pod], nodes: &[Node], now: super::time::SimTime) -> (Vec<ObjectKey>, Vec<String>) {
    let hash = &d.template_hash;
    let mut to_delete: Vec<ObjectKey> = Vec::new();
    let mut to_create: Vec<String> = Vec::new();
    for node in nodes {
        let mut here: Vec<&Pod> = pods.iter().copied().filter(|p| !p.meta.terminating() && pinned_node(&p.spec) == Some(node.name.as_str())).collect();
        // failed pods are deleted (and replaced below)
        for p in here.iter().filter(|p| p.status.phase == PodPhase::Failed) {
            to_delete.push(p.meta.key());
        }
        here.retain(|p| p.status.phase != PodPhase::Failed);
        if should_run(d, node) || !here.is_empty() && should_continue(d, node) {
            if here.is_empty() {
                to_create.push(node.name.clone());
            } else if here.len() > 1 {
                // the oldest stays
                here.sort_by_key(|p| p.meta.created);
                to_delete.extend(here[1..].iter().map(|p| p.meta.key()));
            }
        } else {
            to_delete.extend(here.iter().map(|p| p.meta.key()));
        }
    }
    // the rolling update: old pods go while few enough nodes lack an available pod
    if !d.on_delete() {
        let min_ready = d.spec.min_ready_seconds.unwrap_or(0);
        let desired: Vec<&Node> = nodes.iter().filter(|n| should_run(d, n)).collect();
        let mut unavailable = 0;
        let mut old_available: Vec<ObjectKey> = Vec::new();
        for node in &desired {
            let here: Vec<&Pod> = pods.iter().copied().filter(|p| workload::active(p) && pinned_node(&p.spec) == Some(node.name.as_str())).collect();
            let available = here.iter().any(|p| workload::available_at(p, min_ready).is_some_and(|at| at <= now));
            if !available {
                unavailable += 1;
            }
            for p in here.iter().filter(|p| p.revision() != hash.as_str()) {
                if available {
                    old_available.push(p.meta.key());
                } else {
                    // an old pod that is not available anyway goes at once
                    to_delete.push(p.meta.key());
                }
            }
        }
        let max = d.max_unavailable(desired.len() as i32);
        let room = (max - unavailable).max(0) as usize;
        to_delete.extend(old_available.into_iter().take(room));
    }
    (to_delete, to_create)
}

/// Syncs every DaemonSet when something was written since the last pass.
pub(crate) fn run(w: &mut World) {
    let keys: Vec<ObjectKey> = w.state.daemonsets.keys().cloned().collect();
    w.sync_apps(|w| &mut w.ds_seen, keys, sync);
}

fn event(w: &mut World, d: &DaemonSet, reason: &str, message: String) {
    w.record(&d.meta.namespace, "DaemonSet", &d.meta.name, &d.meta.uid, EventType::Normal, reason, message, SOURCE);
}

/// `syncDaemonSet`: `syncNodes`, the rolling update, the status.
fn sync(w: &mut World, key: &ObjectKey) {
    let now = w.now();
    // decide on borrowed state (a sync runs after every write: no copies of pods or nodes)
    let (mut to_delete, to_create) = {
        let Some(d) = w.state.daemonsets.get(key) else { return };
        plan(d, &w.state.pods_controlled_by(&key.namespace, &d.meta.uid), &w.state.nodes, now)
    };
    to_delete.sort();
    to_delete.dedup();
    let Some(d) = w.state.daemonsets.get(key) else { return };
    let (name, uid) = (d.meta.name.clone(), d.meta.uid.clone());
    for key in &to_delete {
        if w.delete_pod(key, Actor::DaemonSetController, None) {
            w.record(&key.namespace, "DaemonSet", &name, &uid, EventType::Normal, "SuccessfulDelete", format!("Deleted pod: {}", key.name), SOURCE);
        }
    }
    if to_create.is_empty() {
        update_status(w, key);
        return;
    }
    let Some(d) = w.state.daemonsets.get(key).cloned() else { return };
    let hash = d.hash();
    let owner = workload::controller_ref("DaemonSet", &d.meta);
    let mut template = d.spec.template.clone();
    template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(Default::default).insert("controller-revision-hash".to_owned(), hash.clone());
    let tolerations = tolerations(&d);
    for node in to_create {
        let tolerations = tolerations.clone();
        let created = workload::create_pod(w, &owner, &key.namespace, &template, &d.meta.name, Actor::DaemonSetController, |spec| {
            spec.tolerations = Some(tolerations);
            spec.affinity = Some(Affinity {
                node_affinity: Some(NodeAffinity {
                    required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                        node_selector_terms: vec![NodeSelectorTerm { match_fields: Some(vec![NodeSelectorRequirement { key: "metadata.name".to_owned(), operator: "In".to_owned(), values: Some(vec![node.clone()]) }]), match_expressions: None }],
                    }),
                    preferred_during_scheduling_ignored_during_execution: None,
                }),
                ..Default::default()
            });
        });
        if let Some(name) = created {
            event(w, &d, "SuccessfulCreate", format!("Created pod: {name}"));
        }
    }
    update_status(w, key);
}

fn update_status(w: &mut World, key: &ObjectKey) {
    let Some(d) = w.state.daemonsets.get(key) else { return };
    let now = w.now();
    let hash = d.hash();
    let min_ready = d.spec.min_ready_seconds.unwrap_or(0);
    let pods = w.state.pods_controlled_by(&key.namespace, &d.meta.uid);
    let mut s = DaemonSetStatus { observed_generation: d.meta.generation, ..Default::default() };
    let mut next = None;
    for node in &w.state.nodes {
        let here: Vec<&&Pod> = pods.iter().filter(|p| workload::active(p) && pinned_node(&p.spec) == Some(node.name.as_str())).collect();
        let wanted = should_run(d, node);
        if wanted {
            s.desired += 1;
        }
        let Some(p) = here.first() else { continue };
        if !wanted {
            s.misscheduled += 1;
            continue;
        }
        s.current += 1;
        if p.running_and_ready() {
            s.ready += 1;
        }
        if p.revision() == hash {
            s.updated += 1;
        }
        match workload::available_at(p, min_ready) {
            Some(at) if at <= now => s.available += 1,
            Some(at) => next = Some(at),
            None => {}
        }
    }
    let uid = d.meta.uid.clone();
    if let Some(at) = next {
        w.schedule(at, Timer::Apps { key: key.clone(), uid });
    }
    let rv = w.next_rv();
    if let Some(d) = w.state.daemonsets.get_mut(key) {
        if d.status != s {
            d.status = s;
            d.meta.resource_version = rv;
            w.touch();
        }
    }
}

/// What must hold of every DaemonSet once the components settled: at most one active pod on
/// each node, and none on a node it should not run on once the controller synced.
pub(crate) fn invariants(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    for d in state.daemonsets.values() {
        let pods = state.pods_controlled_by(&d.meta.namespace, &d.meta.uid);
        for node in &state.nodes {
            let n = pods.iter().filter(|p| workload::active(p) && pinned_node(&p.spec) == Some(node.name.as_str())).count();
            if n > 1 {
                out.push(format!("daemonset: {} runs {n} pods on {}", d.meta.name, node.name));
            }
        }
    }
    out
}
