//! PodDisruptionBudgets: the API server's side (decode, validate, store) and the disruption
//! controller that keeps each budget's status (disruptions.md §13;
//! `pkg/apis/policy/validation/validation.go :: ValidatePodDisruptionBudgetSpec`,
//! `pkg/controller/disruption/disruption.go :: trySync, getExpectedPodCount,
//! getExpectedScale, countHealthyPods, buildDisruptedPodMap, updatePdbStatus`).
//!
//! The controller runs in every reconcile round (the status is never stale, so the Eviction
//! API's "still being processed" 429 does not arise here).

use super::model::*;
use super::time::SimTime;
use super::world::{Timer, World};
use crate::apiserver::{self, go, names, FieldError, InvalidError};
use k8s_openapi::api::policy::v1::PodDisruptionBudget as K8sPdb;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

/// `DeletionTimeout`: how long an entry of `disruptedPods` waits for its pod's deletion.
pub const DELETION_TIMEOUT_MS: u64 = 2 * 60 * 1000;
const SOURCE: &str = "controllermanager";
const POLICIES: &[&str] = &["AlwaysAllow", "IfHealthyBudget"];

/// Why a PodDisruptionBudget was refused.
pub(crate) enum PdbError {
    Decode(apiserver::DecodeError),
    Invalid(InvalidError),
}

/// `kubectl apply` of a PodDisruptionBudget: creates or replaces its spec. Returns the line
/// kubectl prints.
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> Result<String, (&'static str, PdbError)> {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let verb = if w.state.pdbs.contains_key(&key) { "applying patch" } else { "creating" };
    let decoded: K8sPdb = apiserver::decode_as("PodDisruptionBudget", &doc).map_err(|e| (verb, PdbError::Decode(e)))?;
    let spec = decoded.spec.unwrap_or_default();
    let errors = validate(&spec);
    if !errors.is_empty() {
        return Err((verb, PdbError::Invalid(InvalidError::new("PodDisruptionBudget", &name, errors))));
    }
    let resource = format!("poddisruptionbudget.policy/{name}");
    if let Some(existing) = w.state.pdbs.get_mut(&key) {
        if existing.applied == doc {
            return Ok(format!("{resource} unchanged"));
        }
        existing.min_available = spec.min_available;
        existing.max_unavailable = spec.max_unavailable;
        existing.selector = spec.selector;
        existing.unhealthy_pod_eviction_policy = spec.unhealthy_pod_eviction_policy;
        existing.applied = doc;
        existing.meta.generation += 1;
        existing.meta.labels = decoded.metadata.labels.unwrap_or_default();
        w.touch();
        return Ok(format!("{resource} configured"));
    }
    let mut meta = w.new_meta(namespace, &name);
    meta.generation = 1;
    meta.labels = decoded.metadata.labels.unwrap_or_default();
    let now = w.now();
    let pdb = Pdb {
        meta,
        min_available: spec.min_available,
        max_unavailable: spec.max_unavailable,
        selector: spec.selector,
        unhealthy_pod_eviction_policy: spec.unhealthy_pod_eviction_policy,
        status: PdbStatus { condition_changed_at: now, ..Default::default() },
        applied: doc,
    };
    w.state.pdbs.insert(key, pdb);
    w.touch();
    Ok(format!("{resource} created"))
}

/// `ValidatePodDisruptionBudgetSpec`.
fn validate(spec: &k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec) -> Vec<FieldError> {
    let mut out = Vec::new();
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        // The value is the Go struct, pointers and all (`%#v`); the addresses differ on every
        // real server, the message's tail does not.
        let value = "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a1e2a0), MaxUnavailable:(*intstr.IntOrString)(0xc000a1e2c0), Selector:(*v1.LabelSelector)(0xc000b3c1e0), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}";
        out.push(FieldError::invalid("spec", value.to_owned(), "minAvailable and maxUnavailable cannot be both set"));
    }
    for (field, v) in [("spec.minAvailable", &spec.min_available), ("spec.maxUnavailable", &spec.max_unavailable)] {
        match v {
            Some(IntOrString::Int(n)) if *n < 0 => out.push(FieldError::invalid(field, n.to_string(), "must be greater than or equal to 0")),
            Some(IntOrString::String(s)) => {
                for m in names::is_valid_percent(s) {
                    out.push(FieldError::invalid(field, go::quote(s), m));
                }
                if s.strip_suffix('%').and_then(|d| d.parse::<i64>().ok()).is_some_and(|p| p > 100) {
                    out.push(FieldError::invalid(field, go::quote(s), "must not be greater than 100%"));
                }
            }
            _ => {}
        }
    }
    if let Some(sel) = &spec.selector {
        crate::apiserver::validate::meta::label_selector(sel, "spec.selector", &mut out);
    }
    if let Some(p) = &spec.unhealthy_pod_eviction_policy {
        if !POLICIES.contains(&p.as_str()) {
            out.push(FieldError::not_supported("spec.unhealthyPodEvictionPolicy", p, POLICIES));
        }
    }
    out
}

/// Whether the budget selects this pod (same namespace; a missing selector selects nothing,
/// `{}` every pod: policy/v1).
pub fn selects(pdb: &Pdb, pod: &Pod) -> bool {
    pod.meta.namespace == pdb.meta.namespace && pdb.selector.as_ref().is_some_and(|s| crate::apiserver::selector::matches(s, &pod.meta.labels))
}

/// `GetScaledValueFromIntOrPercent(…, roundUp=true)`.
pub fn scaled(v: &IntOrString, total: i32) -> i32 {
    match v {
        IntOrString::Int(n) => *n,
        IntOrString::String(s) => {
            let p: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            ((p * i64::from(total) + 99) / 100) as i32
        }
    }
}

/// The status the controller computes for a budget now, and whether the pods' controllers
/// could all be found (a failed sync forces `disruptionsAllowed` to 0). Also returns the
/// `disruptedPods` entries that expired (the pods get a `NotDeleted` event).
fn compute(state: &ClusterState, pdb: &Pdb, now: SimTime) -> (PdbStatus, bool, Vec<String>) {
    let pods: Vec<&Pod> = ClusterState::in_namespace(&state.pods, &pdb.meta.namespace).map(|(_, p)| p).filter(|p| selects(pdb, p)).collect();
    let mut ok = true;
    let controllers_scale = || -> (i32, bool) {
        let mut seen: Vec<&str> = Vec::new();
        let mut total = 0;
        let mut found_all = true;
        for p in &pods {
            let Some(owner) = p.meta.controller() else { continue };
            if seen.contains(&owner.uid.as_str()) {
                continue;
            }
            seen.push(&owner.uid);
            let set = (owner.kind == "StatefulSet")
                .then(|| state.statefulsets.get(&ObjectKey::new(&pdb.meta.namespace, &owner.name)))
                .flatten()
                .filter(|s| s.meta.uid == owner.uid);
            match set {
                Some(s) => total += s.spec.replicas.unwrap_or(1),
                None => found_all = false,
            }
        }
        (total, found_all)
    };
    let (expected, desired) = match (&pdb.max_unavailable, &pdb.min_available) {
        (Some(max), _) => {
            let (scale, found) = controllers_scale();
            ok &= found;
            (scale, (scale - scaled(max, scale)).max(0))
        }
        (None, Some(IntOrString::Int(n))) => (pods.len() as i32, *n),
        (None, Some(min @ IntOrString::String(_))) => {
            let (scale, found) = controllers_scale();
            ok &= found;
            (scale, scaled(min, scale))
        }
        (None, None) => (0, 0),
    };
    let mut disrupted = std::collections::BTreeMap::new();
    let mut expired = Vec::new();
    for p in &pods {
        if p.meta.terminating() {
            continue;
        }
        if let Some(at) = pdb.status.disrupted_pods.get(&p.meta.name) {
            if at.plus_ms(DELETION_TIMEOUT_MS) < now {
                expired.push(p.meta.name.clone());
            } else {
                disrupted.insert(p.meta.name.clone(), *at);
            }
        }
    }
    let healthy = pods.iter().filter(|p| !p.meta.terminating() && !disrupted.contains_key(&p.meta.name) && p.status.ready).count() as i32;
    let allowed = if expected <= 0 || !ok { 0 } else { (healthy - desired).max(0) };
    let status = PdbStatus {
        observed_generation: pdb.meta.generation,
        expected_pods: expected,
        desired_healthy: desired,
        current_healthy: healthy,
        disruptions_allowed: allowed,
        disrupted_pods: disrupted,
        condition_changed_at: pdb.status.condition_changed_at,
    };
    (status, ok, expired)
}

/// The `DisruptionAllowed` condition's reason: `SufficientPods`, `InsufficientPods`, or
/// `SyncFailed`.
pub fn condition_reason(pdb: &Pdb, state: &ClusterState) -> &'static str {
    if !sync_ok(state, pdb) {
        "SyncFailed"
    } else if pdb.status.disruptions_allowed > 0 {
        "SufficientPods"
    } else {
        "InsufficientPods"
    }
}

fn sync_ok(state: &ClusterState, pdb: &Pdb) -> bool {
    compute(state, pdb, state.now).1
}

/// The disruption controller: brings every budget's status up to date.
pub(crate) fn run(w: &mut World) {
    if w.pdb_seen == w.write_seq || w.state.pdbs.is_empty() {
        return;
    }
    w.pdb_seen = w.write_seq;
    let now = w.now();
    let keys: Vec<ObjectKey> = w.state.pdbs.keys().cloned().collect();
    for key in keys {
        let pdb = &w.state.pdbs[&key];
        let (mut status, _, expired) = compute(&w.state, pdb, now);
        let no_pods = !w.state.pods.values().any(|p| selects(pdb, p));
        let old = pdb.status.clone();
        if (old.disruptions_allowed > 0) != (status.disruptions_allowed > 0) {
            status.condition_changed_at = now;
        }
        let first_sync = old.observed_generation == 0;
        for name in expired {
            let pod_key = ObjectKey::new(&key.namespace, &name);
            if let Some(uid) = w.state.pods.get(&pod_key).map(|p| p.meta.uid.clone()) {
                // sic: the controller prints the namespace twice (`pdb.Namespace, pdb.Namespace`).
                let message = format!("Pod was expected by PDB {}/{} to be deleted but it wasn't", key.namespace, key.namespace);
                w.record(&key.namespace, "Pod", &name, &uid, EventType::Warning, "NotDeleted", message, SOURCE);
            }
        }
        if let Some(next) = status.disrupted_pods.values().map(|at| at.plus_ms(DELETION_TIMEOUT_MS + 1)).min() {
            w.schedule(next, Timer::Disruption);
        }
        if no_pods && (first_sync || old.expected_pods != 0 || old.current_healthy != 0) {
            let uid = w.state.pdbs[&key].meta.uid.clone();
            w.record(&key.namespace, "PodDisruptionBudget", &key.name, &uid, EventType::Normal, "NoPods", "No matching pods found".to_owned(), SOURCE);
        }
        if status != old {
            let rv = w.next_rv();
            if let Some(p) = w.state.pdbs.get_mut(&key) {
                p.status = status;
                p.meta.resource_version = rv;
            }
            w.touch();
        }
    }
    w.pdb_seen = w.write_seq;
}

/// Brings the budgets up to date now, whatever the controller saw last (the Eviction API
/// reads the status the controller would have written).
pub(crate) fn refresh(w: &mut World) {
    w.pdb_seen = w.write_seq.wrapping_sub(1);
    run(w);
}

/// The Eviction API's decrement (`checkAndDecrement`): one disruption fewer, the pod recorded
/// in `disruptedPods`.
pub(crate) fn decrement(w: &mut World, key: &ObjectKey, pod: &str) {
    let now = w.now();
    let rv = w.next_rv();
    if let Some(p) = w.state.pdbs.get_mut(key) {
        p.status.disruptions_allowed -= 1;
        p.status.disrupted_pods.insert(pod.to_owned(), now);
        p.meta.resource_version = rv;
    }
    w.schedule(now.plus_ms(DELETION_TIMEOUT_MS + 1), Timer::Disruption);
    w.touch();
}

/// `kubectl delete pdb NAME`.
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let gone = w.state.pdbs.remove(key).is_some();
    if gone {
        w.touch();
    }
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up() {
        let p = |s: &str| IntOrString::String(s.to_owned());
        assert_eq!(scaled(&p("50%"), 3), 2);
        assert_eq!(scaled(&p("34%"), 3), 2);
        assert_eq!(scaled(&p("50%"), 7), 4);
        assert_eq!(scaled(&p("0%"), 7), 0);
        assert_eq!(scaled(&IntOrString::Int(1), 3), 1);
    }
}
