//! The StatefulSet controller (`pkg/controller/statefulset`), one sync at a time, reference
//! §3: claim pods and revisions, compute the current and update revisions, then the replica
//! pass (create, replace, wait), the scale-down pass (reverse order) and the update pass
//! (RollingUpdate with partition, OnDelete, `maxUnavailable` behind its gate), and finally
//! the status.
//!
//! The sync reads a snapshot of the pods taken when it starts, as the real controller reads
//! its informer cache, and writes through the API ([`World`]'s write helpers).

use super::events::Actor;
use super::history;
use super::model::*;
use super::time::SimTime;
use super::world::{Backoff, Timer, World};
use crate::apiserver::{self, selector, InvalidError};
use k8s_openapi::api::core::v1::{PersistentVolumeClaimVolumeSource, PodSpec, Volume as K8sVolume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

const SOURCE: &str = "statefulset-controller";

/// What one sync decided to wait for, if anything (for traces and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Nothing blocks.
    None,
    /// A pod is terminating (OrderedReady waits for it to be gone).
    Terminating(String),
    /// A pod is not Running and Ready.
    NotReady(String),
    /// A pod is Ready but not yet available (`minReadySeconds`).
    NotAvailable(String),
    /// A claim still carries a reference to an older pod of the same name.
    StaleClaim(String),
    /// Too many pods are unavailable for the update to go on.
    Update(String),
}

/// The StatefulSet as one sync sees it.
struct SetView {
    key: ObjectKey,
    uid: String,
    name: String,
    generation: i64,
    f: SetFacts,
    selector: LabelSelector,
    status: StatefulSetStatus,
    claim_templates: Vec<String>,
    max_unavailable: Option<IntOrString>,
    deleting: bool,
}

impl SetView {
    fn load(w: &World, key: &ObjectKey) -> Option<SetView> {
        let set = w.state.statefulsets.get(key)?;
        Some(SetView {
            key: key.clone(),
            uid: set.meta.uid.clone(),
            name: set.meta.name.clone(),
            generation: set.meta.generation,
            f: set.facts(),
            selector: set.spec.selector.clone(),
            status: set.status.clone(),
            claim_templates: set.claim_template_names(),
            max_unavailable: set
                .spec
                .update_strategy
                .as_ref()
                .and_then(|u| u.rolling_update.as_ref())
                .and_then(|r| r.max_unavailable.clone()),
            deleting: set.meta.terminating(),
        })
    }

    fn pod_key(&self, ordinal: i32) -> ObjectKey {
        ObjectKey { namespace: self.key.namespace.clone(), name: format!("{}-{ordinal}", self.name) }
    }

    fn claim_name(&self, template: &str, ordinal: i32) -> String {
        format!("{template}-{}-{ordinal}", self.name)
    }

    fn in_range(&self, ordinal: i32) -> bool {
        ordinal >= self.f.start && ordinal < self.f.start + self.f.replicas.max(0)
    }

    /// The controller reference to this set (`metav1.NewControllerRef`).
    fn owner_ref(&self) -> OwnerRef {
        OwnerRef {
            api_version: "apps/v1".to_owned(),
            kind: "StatefulSet".to_owned(),
            name: self.name.clone(),
            uid: self.uid.clone(),
            controller: true,
            block_owner_deletion: true,
        }
    }

    fn retention_is_default(&self) -> bool {
        !self.f.when_scaled_delete && !self.f.when_deleted_delete
    }
}

/// One pod as the sync sees it, or a placeholder for a missing ordinal.
#[derive(Clone, Copy, Debug)]
struct Slot {
    ordinal: i32,
    created: bool,
    phase: PodPhase,
    ready: bool,
    available: bool,
    terminating: bool,
    at_update: bool,
    at_current: bool,
    identity_ok: bool,
    /// For a placeholder: created at the current revision (else at the update revision).
    use_current: bool,
}

impl Slot {
    fn healthy(&self) -> bool {
        self.created && self.ready && !self.terminating
    }
}

/// The revisions this sync works with.
struct Revisions {
    current: String,
    update: String,
    collision_count: i32,
    /// The set's revisions before this sync's changes, oldest first: (key, revision).
    listed: Vec<(ObjectKey, i64)>,
}

/// Syncs one StatefulSet. An error (a create the API refused) stops the sync; the caller
/// retries later with back-off.
pub(crate) fn sync(w: &mut World, key: &ObjectKey) -> Result<Wait, String> {
    let Some(view) = SetView::load(w, key) else { return Ok(Wait::None) };
    let revs = revisions(w, &view)?;
    let now = w.now();
    let set_id = w.intern(&view.uid);
    let update_id = w.intern(&revs.update);
    let current_id = w.intern(&revs.current);

    // Ordinals beyond the pod quota could never be created: they are not materialised.
    let replica_count = (view.f.replicas.max(0) as usize).min(w.cfg.max_pods.saturating_add(1));
    let same_revision = revs.current == revs.update;
    let mut replicas: Vec<Slot> = placeholders(&view, same_revision, replica_count);
    let mut condemned: Vec<Slot> = Vec::new();
    let mut live_revisions: Vec<u32> = Vec::new();
    let mut next_available: Option<SimTime> = None;
    let mut adopt: Vec<ObjectKey> = Vec::new();
    let mut release: Vec<ObjectKey> = Vec::new();
    let mut slot_of = |pod: &Pod, ordinal: i32, replicas: &mut Vec<Slot>, condemned: &mut Vec<Slot>| {
        let d = pod.derived;
        if !live_revisions.contains(&d.revision) {
            live_revisions.push(d.revision);
        }
        let ready = pod.running_and_ready();
        let available = pod.available(view.f.min_ready_s, now);
        if ready && !available {
            let at = pod.status.ready_changed_at.plus_ms(view.f.min_ready_s.max(0) as u64 * 1000);
            next_available = Some(next_available.map_or(at, |n| n.min(at)));
        }
        let slot = Slot {
            ordinal,
            created: true,
            phase: pod.status.phase,
            ready,
            available,
            terminating: pod.meta.terminating(),
            at_update: d.revision == update_id,
            at_current: d.revision == current_id,
            identity_ok: d.identity_ok,
            use_current: false,
        };
        if view.in_range(ordinal) {
            replicas[(ordinal - view.f.start) as usize] = slot;
        } else {
            condemned.push(slot);
        }
    };
    // `ClaimPods`: the pods it owns whose labels still match are its members; orphans named
    // `<set>-<n>` whose labels match are adopted; owned pods that stopped matching are released.
    for (key, pod) in ClusterState::in_namespace(&w.state.pods, &view.key.namespace) {
        let d = pod.derived;
        if d.controller == set_id {
            if !d.selector_ok {
                release.push(key.clone());
            } else if let (true, Some((_, ordinal))) = (d.member, &pod.parent_ordinal) {
                slot_of(pod, *ordinal, &mut replicas, &mut condemned);
            }
        } else if d.controller == 0 {
            let is_member_name = pod.parent_ordinal.as_ref().is_some_and(|(p, _)| *p == view.name);
            if !view.deleting && is_member_name && !pod.meta.terminating() && selector::matches(&view.selector, &pod.meta.labels) {
                adopt.push(key.clone());
            }
        }
    }
    for key in release {
        let uid = view.uid.clone();
        w.update_pod(&key, Actor::StatefulSetController, |p| p.meta.owners.retain(|o| o.uid != uid));
    }
    for key in adopt {
        let owner = view.owner_ref();
        w.update_pod(&key, Actor::StatefulSetController, |p| p.meta.owners.push(owner));
        if let Some(pod) = w.state.pods.get(&key) {
            if let Some((_, ordinal)) = pod.parent_ordinal {
                slot_of(pod, ordinal, &mut replicas, &mut condemned);
            }
        }
    }
    condemned.sort_by_key(|s| std::cmp::Reverse(s.ordinal));

    let first_unhealthy: Option<(bool, i32)> = replicas
        .iter()
        .find(|s| !s.healthy())
        .map(|s| (false, s.ordinal))
        .or_else(|| condemned.iter().rev().find(|s| !s.healthy()).map(|s| (true, s.ordinal)));

    let mut status = compute_status(&view, &revs, &replicas, &condemned);
    let result = if view.deleting { Ok(Wait::None) } else { act(w, &view, &revs, &replicas, &condemned, first_unhealthy, &mut status) };

    complete_rolling_update(&view, &mut status);
    w.update_set_status(key, status.clone());
    let truncated = truncate_history(w, &view, &revs, &live_revisions);
    requeue_for_availability(w, &view, next_available);
    match (&result, &truncated) {
        (Err(e), _) | (Ok(_), Err(e)) => {
            let e = e.clone();
            let failures = w.sts_backoff.get(key).map(|b| b.failures + 1).unwrap_or(1);
            let delay_ms = (5u64 << failures.min(30)).min(1_000_000);
            let until = now.plus_ms(delay_ms);
            w.sts_backoff.insert(key.clone(), Backoff { until, failures, write_seq: w.write_seq });
            w.schedule(until, Timer::Resync { set: key.clone(), after_error: true });
            Err(e)
        }
        (Ok(wait), Ok(())) => {
            w.sts_backoff.remove(key);
            Ok(wait.clone())
        }
    }
}

/// A placeholder for every index (`newVersionedStatefulSetPod`): indexes below the partition
/// (or below `status.currentReplicas` when `rollingUpdate` is absent) get the current
/// revision, the others the update revision; OnDelete always the update revision.
fn placeholders(view: &SetView, same_revision: bool, count: usize) -> Vec<Slot> {
    let below = if view.f.on_delete {
        0
    } else {
        match view.f.partition {
            Some(partition) => partition,
            None => view.status.current_replicas,
        }
    };
    let below = (below.max(0) as usize).min(count);
    let template = |at_current: bool| Slot {
        ordinal: 0,
        created: false,
        phase: PodPhase::Pending,
        ready: false,
        available: false,
        terminating: false,
        at_update: !at_current || same_revision,
        at_current: at_current || same_revision,
        identity_ok: true,
        use_current: at_current,
    };
    let mut slots = vec![template(true); below];
    slots.resize(count, template(false));
    for (i, slot) in slots.iter_mut().enumerate() {
        slot.ordinal = view.f.start + i as i32;
    }
    slots
}

/// The replica pass, the condemned passes and the update pass.
fn act(
    w: &mut World,
    view: &SetView,
    revs: &Revisions,
    replicas: &[Slot],
    condemned: &[Slot],
    first_unhealthy: Option<(bool, i32)>,
    status: &mut StatefulSetStatus,
) -> Result<Wait, String> {
    let monotonic = !view.f.parallel;
    let mut wait = Wait::None;

    // Replicas with nothing to do (Running, Ready, available, their identity right, no
    // retention work) are skipped without the full `processReplica`.
    let quiet = |s: &Slot| s.created && s.ready && s.available && !s.terminating && s.identity_ok && s.phase == PodPhase::Running;
    let retention_quiet = view.claim_templates.is_empty() || (view.retention_is_default() && w.claims_with_owners == 0);
    let outcome = run_for_all(replicas.len(), monotonic, |i| {
        if retention_quiet && quiet(&replicas[i]) {
            return (false, None);
        }
        process_replica(w, view, revs, &replicas[i], monotonic, &mut wait)
    });
    if let Some(end) = stopped(outcome, &wait) {
        return end;
    }

    let outcome = run_for_all(condemned.len(), monotonic, |i| {
        let slot = &condemned[i];
        match update_claims_for_policy(w, view, slot.ordinal) {
            Ok(()) => (false, None),
            Err(e) => (true, Some(e)),
        }
    });
    if let Some(end) = stopped(outcome, &wait) {
        return end;
    }

    let outcome = run_for_all(condemned.len(), monotonic, |i| {
        let slot = &condemned[i];
        let name = view.pod_key(slot.ordinal).name;
        if slot.terminating {
            wait = Wait::Terminating(name);
            return (monotonic, None);
        }
        let is_first_unhealthy = first_unhealthy == Some((true, slot.ordinal));
        if monotonic && !slot.ready && !is_first_unhealthy {
            wait = Wait::NotReady(name);
            return (true, None);
        }
        if monotonic && !slot.available && !is_first_unhealthy {
            wait = Wait::NotAvailable(name);
            return (true, None);
        }
        delete_pod(w, view, slot.ordinal);
        (monotonic, None)
    });
    if let Some(end) = stopped(outcome, &wait) {
        return end;
    }

    if view.f.on_delete {
        return Ok(wait);
    }
    let update_min = view.f.partition.unwrap_or(0).max(0) as usize;
    if w.cfg.api.max_unavailable_gate {
        let max_unavailable = match (&view.f.partition, &view.max_unavailable) {
            (Some(_), Some(mu)) => scaled_max_unavailable(mu, view.f.replicas),
            _ => 1,
        };
        let unavailable = replicas.iter().filter(|s| !s.healthy() || !s.available).count();
        if unavailable >= max_unavailable {
            if let Some(s) = replicas.iter().rev().find(|s| !s.healthy() || !s.available) {
                wait = Wait::Update(view.pod_key(s.ordinal).name);
            }
            return Ok(wait);
        }
        let mut to_delete = max_unavailable - unavailable;
        for target in (update_min..replicas.len()).rev() {
            if to_delete == 0 {
                break;
            }
            let slot = &replicas[target];
            if !slot.at_update && !slot.terminating {
                delete_pod(w, view, slot.ordinal);
                status.current_replicas -= 1;
                to_delete -= 1;
            }
        }
        return Ok(wait);
    }
    for target in (update_min..replicas.len()).rev() {
        let slot = &replicas[target];
        if !slot.at_update && !slot.terminating {
            delete_pod(w, view, slot.ordinal);
            status.current_replicas -= 1;
            return Ok(wait);
        }
        if !slot.healthy() || !slot.available {
            return Ok(Wait::Update(view.pod_key(slot.ordinal).name));
        }
    }
    Ok(wait)
}

/// How a sync ends after a pass that exited early or failed, as `updateStatefulSet` returns
/// after such a pass (`None`: go on to the next pass).
fn stopped(outcome: (bool, Option<String>), wait: &Wait) -> Option<Result<Wait, String>> {
    match outcome {
        (_, Some(e)) => Some(Err(e)),
        (true, None) => Some(Ok(wait.clone())),
        (false, None) => None,
    }
}

/// `runForAll`: OrderedReady stops at the first `true`; Parallel runs everything in
/// slow-start batches (1, 2, 4, …) and stops after a batch that had an error.
fn run_for_all(n: usize, monotonic: bool, mut f: impl FnMut(usize) -> (bool, Option<String>)) -> (bool, Option<String>) {
    if monotonic {
        for i in 0..n {
            let (exit, err) = f(i);
            if exit || err.is_some() {
                return (true, err);
            }
        }
        return (false, None);
    }
    let mut i = 0;
    let mut batch = 1;
    while i < n {
        let end = (i + batch).min(n);
        let mut errors = Vec::new();
        for j in i..end {
            if let (_, Some(e)) = f(j) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return (true, Some(aggregate(&errors)));
        }
        i = end;
        batch = (batch * 2).min(500);
    }
    (false, None)
}

/// `utilerrors.NewAggregate(...).Error()`.
fn aggregate(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

fn process_replica(w: &mut World, view: &SetView, revs: &Revisions, slot: &Slot, monotonic: bool, wait: &mut Wait) -> (bool, Option<String>) {
    let ordinal = slot.ordinal;
    if slot.created && slot.phase.is_terminal() {
        if !slot.terminating {
            delete_pod(w, view, ordinal);
        }
        *wait = Wait::Terminating(view.pod_key(ordinal).name);
        return (true, None);
    }
    if !slot.created {
        if view.f.when_scaled_delete {
            if let Some(claim) = stale_claim(w, view, ordinal) {
                *wait = Wait::StaleClaim(claim);
                return (true, None);
            }
        }
        let revision = if slot.use_current { &revs.current } else { &revs.update };
        if let Err(e) = create_stateful_pod(w, view, revs, ordinal, revision) {
            return (true, Some(e));
        }
        *wait = Wait::NotReady(view.pod_key(ordinal).name);
        return (monotonic, None);
    }
    if slot.phase == PodPhase::Pending {
        let pod_name = view.pod_key(ordinal).name;
        if let Err(e) = create_claims(w, view, ordinal, &pod_name) {
            return (true, Some(e));
        }
    }
    let name = || view.pod_key(ordinal).name;
    if slot.terminating && monotonic {
        *wait = Wait::Terminating(name());
        return (true, None);
    }
    if !slot.ready && monotonic {
        *wait = Wait::NotReady(name());
        return (true, None);
    }
    if !slot.available && monotonic {
        *wait = Wait::NotAvailable(name());
        return (true, None);
    }
    let retention_ok = claims_match_policy(w, view, ordinal);
    if slot.identity_ok && retention_ok {
        return (false, None);
    }
    if !slot.identity_ok {
        let key = view.pod_key(ordinal);
        let pod_name = key.name.clone();
        w.update_pod(&key, Actor::StatefulSetController, |p| {
            p.meta.labels.insert("statefulset.kubernetes.io/pod-name".to_owned(), pod_name.clone());
            p.meta.labels.insert("apps.kubernetes.io/pod-index".to_owned(), ordinal.to_string());
        });
        record_pod_event(w, view, &key, "update", None);
    }
    if let Err(e) = update_claims_for_policy(w, view, ordinal) {
        return (true, Some(e));
    }
    (false, None)
}

// -------------------------------------------------------------------------------------------
// Pods and claims

fn record_pod_event(w: &mut World, view: &SetView, pod: &ObjectKey, verb: &str, err: Option<&str>) {
    let (type_, reason, message) = match err {
        None => (
            EventType::Normal,
            format!("Successful{}", capitalize(verb)),
            format!("{verb} Pod {} in StatefulSet {} successful", pod.name, view.name),
        ),
        Some(e) => (
            EventType::Warning,
            format!("Failed{}", capitalize(verb)),
            format!("{verb} Pod {} in StatefulSet {} failed error: {e}", pod.name, view.name),
        ),
    };
    w.record(&view.key.namespace, "StatefulSet", &view.name, &view.uid, type_, &reason, message, SOURCE);
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn delete_pod(w: &mut World, view: &SetView, ordinal: i32) {
    let key = view.pod_key(ordinal);
    if w.delete_pod(&key, Actor::StatefulSetController, None) {
        record_pod_event(w, view, &key, "delete", None);
    }
}

/// `createPersistentVolumeClaims`: create every missing claim; a claim being deleted is an
/// error (the pod is not created this sync).
fn create_claims(w: &mut World, view: &SetView, ordinal: i32, pod_name: &str) -> Result<(), String> {
    if view.claim_templates.is_empty() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for tname in &view.claim_templates {
        let name = view.claim_name(tname, ordinal);
        let key = ObjectKey::new(&view.key.namespace, &name);
        match w.state.claims.get(&key) {
            Some(c) if c.meta.terminating() => errors.push(format!("pvc {name} is being deleted")),
            Some(_) => {}
            None => match super::storage::new_claim_from_template(w, view_selector_labels(&view.selector), claim_template(w, view, tname), &key) {
                Ok(claim) => {
                    w.create_claim(claim, Actor::StatefulSetController);
                    w.record(
                        &view.key.namespace,
                        "StatefulSet",
                        &view.name,
                        &view.uid,
                        EventType::Normal,
                        "SuccessfulCreate",
                        format!("create Claim {name} Pod {pod_name} in StatefulSet {} success", view.name),
                        SOURCE,
                    );
                }
                Err(e) => {
                    w.record(
                        &view.key.namespace,
                        "StatefulSet",
                        &view.name,
                        &view.uid,
                        EventType::Warning,
                        "FailedCreate",
                        format!("create Claim {name} for Pod {pod_name} in StatefulSet {} failed error: {}", view.name, e.message()),
                        SOURCE,
                    );
                    errors.push(format!("failed to create PVC {name}: {}", e.message()));
                }
            },
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(aggregate(&errors))
    }
}

fn claim_template(w: &World, view: &SetView, name: &str) -> k8s_openapi::api::core::v1::PersistentVolumeClaim {
    w.state
        .statefulsets
        .get(&view.key)
        .and_then(|s| s.spec.volume_claim_templates.as_ref())
        .and_then(|t| t.iter().find(|c| c.metadata.name.as_deref() == Some(name)).cloned())
        .unwrap_or_default()
}

fn view_selector_labels(sel: &LabelSelector) -> BTreeMap<String, String> {
    sel.match_labels.clone().unwrap_or_default()
}

/// `CreateStatefulPod`: claims first, then the pod, then the claims' owner references.
fn create_stateful_pod(w: &mut World, view: &SetView, revs: &Revisions, ordinal: i32, revision: &str) -> Result<(), String> {
    let key = view.pod_key(ordinal);
    if let Err(e) = create_claims(w, view, ordinal, &key.name) {
        record_pod_event(w, view, &key, "create", Some(&e));
        return Err(e);
    }
    if w.state.pods.len() >= w.cfg.max_pods {
        let used = w.state.pods.len();
        let e = format!(
            "pods \"{}\" is forbidden: exceeded quota: simulator-pods, requested: pods=1, used: pods={used}, limited: pods={}",
            key.name, w.cfg.max_pods
        );
        record_pod_event(w, view, &key, "create", Some(&e));
        return Err(e);
    }
    if w.state.pods.contains_key(&key) {
        // A pod of that name the set does not own (an orphan still terminating): the API
        // refuses the create, and the sync is retried.
        return Err(format!("pods \"{}\" already exists", key.name));
    }
    let pod = match build_pod(w, view, revs, ordinal, revision) {
        Ok(pod) => pod,
        Err(e) => {
            let msg = e.message();
            record_pod_event(w, view, &key, "create", Some(&msg));
            return Err(msg);
        }
    };
    w.create_pod(pod, Actor::StatefulSetController);
    let result = update_claims_for_policy(w, view, ordinal);
    record_pod_event(w, view, &key, "create", None);
    result
}

/// `newStatefulSetPod` at a revision: the revision's template, identity and storage, plus
/// what admission adds to every pod (service account token volume, default tolerations).
fn build_pod(w: &mut World, view: &SetView, revs: &Revisions, ordinal: i32, revision: &str) -> Result<Pod, InvalidError> {
    let _ = revs;
    let rev_key = ObjectKey::new(&view.key.namespace, revision);
    let template = w.state.revisions.get(&rev_key).map(|r| r.template.clone()).unwrap_or_default();
    let key = view.pod_key(ordinal);
    let mut meta = w.new_meta(&key.namespace, &key.name);
    let tmeta = template.metadata.unwrap_or_default();
    meta.labels = tmeta.labels.unwrap_or_default();
    meta.annotations = tmeta.annotations.unwrap_or_default();
    meta.labels.insert("statefulset.kubernetes.io/pod-name".to_owned(), key.name.clone());
    meta.labels.insert("apps.kubernetes.io/pod-index".to_owned(), ordinal.to_string());
    meta.labels.insert("controller-revision-hash".to_owned(), revision.to_owned());
    meta.owners.push(view.owner_ref());
    let mut spec: PodSpec = template.spec.unwrap_or_default();
    spec.hostname = Some(key.name.clone());
    spec.subdomain = if view.f.service_name.is_empty() { None } else { Some(view.f.service_name.clone()) };
    let mut volumes: Vec<K8sVolume> = view
        .claim_templates
        .iter()
        .map(|t| K8sVolume {
            name: t.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource { claim_name: view.claim_name(t, ordinal), read_only: None }),
            ..Default::default()
        })
        .collect();
    volumes.extend(spec.volumes.take().unwrap_or_default().into_iter().filter(|v| !view.claim_templates.contains(&v.name)));
    spec.volumes = Some(volumes);
    let errors = pod_create_errors(w, &meta, &spec, revision);
    if !errors.is_empty() {
        return Err(InvalidError::new("Pod", &key.name, errors));
    }
    super::admission::admit_pod(w, &mut meta, &mut spec);
    let status = super::kubelet::initial_status(w.now());
    Ok(Pod { meta, spec, status, parent_ordinal: Some((view.name.clone(), ordinal)), derived: Default::default() })
}

/// What the API server's pod validation says about a pod about to be created: the template
/// part is validated once per revision, the name and hostname per pod.
fn pod_create_errors(w: &mut World, meta: &Meta, spec: &PodSpec, revision: &str) -> Vec<apiserver::FieldError> {
    let cache_key = format!("{}/{revision}", meta.namespace);
    let template_errors = match w.pod_validation_cache.get(&cache_key) {
        Some(errors) => errors.clone(),
        None => {
            let pod = k8s_openapi::api::core::v1::Pod {
                metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                    name: Some("p".to_owned()),
                    namespace: Some(meta.namespace.clone()),
                    labels: Some(meta.labels.iter().filter(|(k, _)| !k.starts_with("statefulset.kubernetes.io/") && !k.starts_with("apps.kubernetes.io/")).map(|(k, v)| (k.clone(), v.clone())).collect()),
                    annotations: Some(meta.annotations.clone()),
                    ..Default::default()
                },
                spec: Some(PodSpec { hostname: None, ..spec.clone() }),
                status: None,
            };
            let errors = apiserver::validate_pod(&pod);
            w.pod_validation_cache.insert(cache_key, errors.clone());
            errors
        }
    };
    let mut errors = Vec::new();
    for m in apiserver::names::is_dns1123_subdomain(&meta.name) {
        errors.push(apiserver::FieldError::invalid("metadata.name", apiserver::go::quote(&meta.name), m));
    }
    errors.extend(template_errors);
    for (k, v) in &meta.labels {
        if k.starts_with("statefulset.kubernetes.io/") || k.starts_with("apps.kubernetes.io/") {
            for m in apiserver::names::is_valid_label_value(v) {
                errors.push(apiserver::FieldError::invalid("metadata.labels", apiserver::go::quote(v), m));
            }
        }
    }
    if let Some(h) = spec.hostname.as_deref() {
        for m in apiserver::names::is_dns1123_label(h) {
            errors.push(apiserver::FieldError::invalid("spec.hostname", apiserver::go::quote(h), m));
        }
    }
    errors
}

// -------------------------------------------------------------------------------------------
// Retention policy (reference §3.10)

/// Whether a claim still references an older pod of this name (`PodClaimIsStale`).
fn stale_claim(w: &World, view: &SetView, ordinal: i32) -> Option<String> {
    let pod_name = view.pod_key(ordinal).name;
    let current_uid = w.state.pods.get(&view.pod_key(ordinal)).map(|p| p.meta.uid.clone()).unwrap_or_default();
    for t in &view.claim_templates {
        let name = view.claim_name(t, ordinal);
        let Some(claim) = w.state.claims.get(&ObjectKey::new(&view.key.namespace, &name)) else { continue };
        if claim.meta.owners.iter().any(|o| o.kind == "Pod" && o.name == pod_name && o.uid != current_uid) {
            return Some(name);
        }
    }
    None
}

/// The owner references a claim should have under the policy, or `None` when it is already
/// right (`updateClaimOwnerRefForSetAndPod`). `Err` carries a conflicting controller.
fn desired_owners(view: &SetView, claim: &Claim, pod: Option<(&str, &str)>, in_range: bool) -> Result<Option<Vec<OwnerRef>>, ()> {
    let mut owners = claim.meta.owners.clone();
    let set_ref = view.owner_ref();
    let pod_ref = pod.map(|(name, uid)| OwnerRef {
        api_version: "v1".to_owned(),
        kind: "Pod".to_owned(),
        name: name.to_owned(),
        uid: uid.to_owned(),
        controller: true,
        block_owner_deletion: true,
    });
    let unexpected_controller = owners
        .iter()
        .any(|o| o.controller && o.uid != view.uid && pod.is_none_or(|(_, uid)| o.uid != uid) && !(o.kind == "Pod" && pod.is_some_and(|(n, _)| n == o.name)));
    let set = |owners: &mut Vec<OwnerRef>, r: &OwnerRef| {
        if !owners.iter().any(|o| o.uid == r.uid) {
            owners.push(r.clone());
        }
    };
    let remove = |owners: &mut Vec<OwnerRef>, uid: &str| owners.retain(|o| o.uid != uid);
    let (ws, wd) = (view.f.when_scaled_delete, view.f.when_deleted_delete);
    if !ws && unexpected_controller {
        return Err(());
    }
    match (ws, wd) {
        (false, false) => {
            remove(&mut owners, &view.uid);
            if let Some(p) = &pod_ref {
                remove(&mut owners, &p.uid);
            }
        }
        (false, true) => {
            set(&mut owners, &set_ref);
            if let Some(p) = &pod_ref {
                remove(&mut owners, &p.uid);
            }
        }
        (true, false) => {
            remove(&mut owners, &view.uid);
            if let Some(p) = &pod_ref {
                if in_range {
                    remove(&mut owners, &p.uid);
                } else {
                    set(&mut owners, p);
                }
            }
        }
        (true, true) => {
            if in_range {
                set(&mut owners, &set_ref);
                if let Some(p) = &pod_ref {
                    remove(&mut owners, &p.uid);
                }
            } else {
                remove(&mut owners, &view.uid);
                if let Some(p) = &pod_ref {
                    set(&mut owners, p);
                }
            }
        }
    }
    Ok(if owners == claim.meta.owners { None } else { Some(owners) })
}

fn pod_identity(w: &World, view: &SetView, ordinal: i32) -> Option<(String, String)> {
    w.state.pods.get(&view.pod_key(ordinal)).map(|p| (p.meta.name.clone(), p.meta.uid.clone()))
}

/// `ClaimsMatchRetentionPolicy`.
fn claims_match_policy(w: &World, view: &SetView, ordinal: i32) -> bool {
    if view.claim_templates.is_empty() || (view.retention_is_default() && w.claims_with_owners == 0) {
        return true;
    }
    let pod = pod_identity(w, view, ordinal);
    let in_range = view.in_range(ordinal);
    view.claim_templates.iter().all(|t| {
        let key = ObjectKey::new(&view.key.namespace, &view.claim_name(t, ordinal));
        match w.state.claims.get(&key) {
            None => true,
            Some(claim) => matches!(desired_owners(view, claim, pod.as_ref().map(|(n, u)| (n.as_str(), u.as_str())), in_range), Ok(None) | Err(())),
        }
    })
}

/// `UpdatePodClaimForRetentionPolicy`.
fn update_claims_for_policy(w: &mut World, view: &SetView, ordinal: i32) -> Result<(), String> {
    if view.claim_templates.is_empty() || (view.retention_is_default() && w.claims_with_owners == 0) {
        return Ok(());
    }
    let pod = pod_identity(w, view, ordinal);
    let in_range = view.in_range(ordinal);
    for t in &view.claim_templates {
        let key = ObjectKey::new(&view.key.namespace, &view.claim_name(t, ordinal));
        let Some(claim) = w.state.claims.get(&key) else { continue };
        match desired_owners(view, claim, pod.as_ref().map(|(n, u)| (n.as_str(), u.as_str())), in_range) {
            Ok(None) => {}
            Ok(Some(owners)) => {
                w.update_claim(&key, Actor::StatefulSetController, |c| c.meta.owners = owners);
            }
            Err(()) => {
                let uid = claim.meta.uid.clone();
                w.record(
                    &view.key.namespace,
                    "PersistentVolumeClaim",
                    &key.name,
                    &uid,
                    EventType::Warning,
                    "ConflictingController",
                    format!(
                        "PersistentVolumeClaim {} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim",
                        key.name
                    ),
                    SOURCE,
                );
            }
        }
    }
    Ok(())
}

// -------------------------------------------------------------------------------------------
// Ownership, revisions, status

/// `getStatefulSetRevisions`, with orphan revisions adopted first.
fn revisions(w: &mut World, view: &SetView) -> Result<Revisions, String> {
    let ns = view.key.namespace.clone();
    let mut orphans = Vec::new();
    let mut listed: Vec<(ObjectKey, i64)> = Vec::new();
    for (key, rev) in ClusterState::in_namespace(&w.state.revisions, &ns) {
        match rev.meta.controller() {
            Some(o) if o.uid == view.uid => listed.push((key.clone(), rev.revision)),
            None if !view.deleting && selector::matches(&view.selector, &rev.meta.labels) => orphans.push(key.clone()),
            _ => {}
        }
    }
    for key in orphans {
        let owner = view.owner_ref();
        w.update_revision(&key, Actor::StatefulSetController, |r| r.meta.owners.push(owner));
        let revision = w.state.revisions[&key].revision;
        listed.push((key, revision));
    }
    listed.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut collision_count = view.status.collision_count;
    let next = listed.last().map(|(_, r)| r + 1).unwrap_or(1);

    let cached = w.revision_cache.get(&view.key).filter(|(g, _)| *g == view.generation).map(|(_, name)| name.clone());
    let update = match cached.filter(|name| listed.last().is_some_and(|(k, _)| &k.name == name)) {
        Some(name) => name,
        None => {
            let template = w.state.statefulsets.get(&view.key).map(|s| s.spec.template.clone()).unwrap_or_default();
            let data = history::revision_data(&template);
            let equal: Vec<&(ObjectKey, i64)> = listed.iter().filter(|(k, _)| w.state.revisions.get(k).is_some_and(|r| r.data == data)).collect();
            let name = match (equal.last(), listed.last()) {
                (Some(eq), Some(last)) if eq.0 == last.0 => last.0.name.clone(),
                (Some(eq), _) => {
                    let key = eq.0.clone();
                    w.update_revision(&key, Actor::StatefulSetController, |r| r.revision = next);
                    if let Some(entry) = listed.iter_mut().find(|(k, _)| *k == key) {
                        entry.1 = next;
                    }
                    key.name
                }
                (None, _) => loop {
                    let hash = history::revision_hash(&data, collision_count);
                    let name = history::revision_name(&view.name, &hash);
                    let key = ObjectKey::new(&ns, &name);
                    match w.state.revisions.get(&key) {
                        Some(existing) if existing.data == data => break name,
                        Some(_) => collision_count += 1,
                        None => {
                            let mut meta = w.new_meta(&ns, &name);
                            meta.labels = template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
                            meta.labels.insert("controller.kubernetes.io/hash".to_owned(), hash);
                            meta.owners.push(view.owner_ref());
                            w.create_revision(Revision { meta, revision: next, data: data.clone(), template: template.clone() }, Actor::StatefulSetController);
                            break name;
                        }
                    }
                    if collision_count > 1000 {
                        return Err("too many revision hash collisions".to_owned());
                    }
                },
            };
            w.revision_cache.insert(view.key.clone(), (view.generation, name.clone()));
            name
        }
    };
    let current = if listed.iter().any(|(k, _)| k.name == view.status.current_revision) || view.status.current_revision == update {
        view.status.current_revision.clone()
    } else {
        update.clone()
    };
    let current = if current.is_empty() { update.clone() } else { current };
    Ok(Revisions { current, update, collision_count, listed })
}

fn compute_status(view: &SetView, revs: &Revisions, replicas: &[Slot], condemned: &[Slot]) -> StatefulSetStatus {
    let mut s = StatefulSetStatus {
        observed_generation: view.generation,
        current_revision: revs.current.clone(),
        update_revision: revs.update.clone(),
        collision_count: revs.collision_count,
        ..Default::default()
    };
    for slot in replicas.iter().chain(condemned).filter(|s| s.created) {
        s.replicas += 1;
        if slot.ready {
            s.ready_replicas += 1;
            if slot.available {
                s.available_replicas += 1;
            }
        }
        if !slot.terminating {
            if slot.at_current {
                s.current_replicas += 1;
            }
            if slot.at_update {
                s.updated_replicas += 1;
            }
        }
    }
    s
}

/// `completeRollingUpdate` (never for OnDelete, ≤ v1.35).
fn complete_rolling_update(view: &SetView, s: &mut StatefulSetStatus) {
    if !view.f.on_delete && s.updated_replicas == s.replicas && s.ready_replicas == s.replicas && s.replicas == view.f.replicas {
        s.current_replicas = s.updated_replicas;
        s.current_revision = s.update_revision.clone();
    }
}

/// `truncateHistory`: delete the oldest revisions no pod uses, beyond `revisionHistoryLimit`.
fn truncate_history(w: &mut World, view: &SetView, revs: &Revisions, pod_revisions: &[u32]) -> Result<(), String> {
    let mut history: Vec<ObjectKey> = Vec::new();
    for (k, _) in &revs.listed {
        let live = k.name == revs.current || k.name == revs.update || pod_revisions.contains(&w.intern(&k.name));
        if !live {
            history.push(k.clone());
        }
    }
    let limit = view.f.history_limit.max(0) as usize;
    if history.len() > limit {
        for key in &history[..history.len() - limit] {
            w.delete_revision(key, Actor::StatefulSetController);
        }
    }
    Ok(())
}

/// Re-syncs the set when its next pod becomes available (`minReadySeconds`).
fn requeue_for_availability(w: &mut World, view: &SetView, next: Option<SimTime>) {
    if let Some(at) = next {
        if w.requeue_at.get(&view.key) != Some(&at) {
            w.requeue_at.insert(view.key.clone(), at);
            w.schedule(at, Timer::Resync { set: view.key.clone(), after_error: false });
        }
    }
}

/// `getStatefulSetMaxUnavailable`: an int or a percentage of replicas (rounded down), at
/// least 1.
fn scaled_max_unavailable(mu: &IntOrString, replicas: i32) -> usize {
    let v = match mu {
        IntOrString::Int(n) => i64::from(*n),
        IntOrString::String(s) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            pct * i64::from(replicas) / 100
        }
    };
    v.max(1) as usize
}
