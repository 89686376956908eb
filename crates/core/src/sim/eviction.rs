//! The Eviction API: a POST to a pod's `eviction` subresource, which deletes the pod only if
//! its PodDisruptionBudget allows it (disruptions.md §12;
//! `pkg/registry/core/pod/storage/eviction.go :: Create, canIgnorePDB, checkAndDecrement,
//! addConditionAndDeletePod, getPodDisruptionBudgets, createTooManyRequestsError`).

use super::disruption;
use super::events::Actor;
use super::model::*;
use super::world::World;

/// The `DisruptionTarget` condition the Eviction API puts on the pods it deletes.
pub const REASON: &str = "EvictionByEvictionAPI";
/// Its message.
pub const MESSAGE: &str = "Eviction API: evicting";

/// Why an eviction was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// 404: no such pod.
    NotFound(String),
    /// 429 TooManyRequests: the budget allows no disruption now (kubectl retries).
    TooManyRequests {
        /// What kubectl prints.
        message: String,
        /// The cause in the response body (`The disruption budget web-pdb needs 2 healthy pods
        /// and has 2 currently`).
        cause: String,
    },
    /// 403 Forbidden (a budget whose `disruptionsAllowed` went negative).
    Forbidden(String),
    /// 500: more than one budget selects the pod.
    InternalError(String),
}

impl Refused {
    /// The message kubectl shows.
    pub fn message(&self) -> &str {
        match self {
            Refused::NotFound(m) | Refused::Forbidden(m) | Refused::InternalError(m) => m,
            Refused::TooManyRequests { message, .. } => message,
        }
    }
}

/// What the API server did with an eviction that was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evicted {
    /// The budget was checked and decremented.
    Budgeted(ObjectKey),
    /// No budget was consulted (pod not running, no budget, or an unhealthy pod the policy
    /// lets go).
    Free,
}

/// The message of the 429 an eviction gets when a PodDisruptionBudget forbids it
/// (`pkg/registry/core/pod/storage/eviction.go`: `createTooManyRequestsError`).
pub const BUDGET_REFUSAL: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

/// Evicts a pod: `grace_period_s` is the eviction's DeleteOptions (kubectl drain's
/// `--grace-period`; `None`: the pod's own).
pub(crate) fn evict(w: &mut World, key: &ObjectKey, grace_period_s: Option<i64>) -> Result<Evicted, Refused> {
    let Some(pod) = w.state.pods.get(key) else {
        return Err(Refused::NotFound(format!("pods \"{}\" not found", key.name)));
    };
    // EV2: a pod that is not running, or already being deleted, needs no budget.
    if pod.status.phase.is_terminal() || pod.status.phase == PodPhase::Pending || pod.meta.terminating() {
        delete(w, key, grace_period_s);
        return Ok(Evicted::Free);
    }
    disruption::refresh(w);
    let pod = &w.state.pods[key];
    let pdbs: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.pdbs, &key.namespace).filter(|(_, b)| disruption::selects(b, pod)).map(|(k, _)| k.clone()).collect();
    if pdbs.len() > 1 {
        return Err(Refused::InternalError("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.".to_owned()));
    }
    let Some(pdb_key) = pdbs.into_iter().next() else {
        delete(w, key, grace_period_s);
        return Ok(Evicted::Free);
    };
    let pdb = &w.state.pdbs[&pdb_key];
    // EV4: an unready pod may go without the budget when the policy says so.
    if !pod.status.ready {
        let always = pdb.unhealthy_pod_eviction_policy.as_deref() == Some("AlwaysAllow");
        let budget_met = pdb.status.current_healthy >= pdb.status.desired_healthy && pdb.status.desired_healthy > 0;
        if always || budget_met {
            delete(w, key, grace_period_s);
            return Ok(Evicted::Free);
        }
    }
    let s = &pdb.status;
    if s.observed_generation < pdb.meta.generation {
        return Err(Refused::TooManyRequests {
            message: BUDGET_REFUSAL.to_owned(),
            cause: format!("The disruption budget {} is still being processed by the server.", pdb_key.name),
        });
    }
    if s.disruptions_allowed < 0 {
        return Err(Refused::Forbidden("pdb disruptions allowed is negative".to_owned()));
    }
    if s.disrupted_pods.len() > 2000 {
        return Err(Refused::Forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller".to_owned()));
    }
    if s.disruptions_allowed == 0 {
        return Err(Refused::TooManyRequests {
            message: BUDGET_REFUSAL.to_owned(),
            cause: format!("The disruption budget {} needs {} healthy pods and has {} currently", pdb_key.name, s.desired_healthy, s.current_healthy),
        });
    }
    if w.cfg.check_invariants {
        if let Some(v) = super::invariants::eviction_within_budget(&w.state, pdb, pod) {
            w.violations.push(v);
        }
    }
    disruption::decrement(w, &pdb_key, &key.name);
    delete(w, key, grace_period_s);
    Ok(Evicted::Budgeted(pdb_key))
}

/// `addConditionAndDeletePod`: the `DisruptionTarget` condition, then a graceful delete.
fn delete(w: &mut World, key: &ObjectKey, grace_period_s: Option<i64>) {
    let now = w.now();
    if w.state.pods.get(key).is_some_and(|p| !p.meta.terminating() && !p.status.phase.is_terminal()) {
        w.update_pod(key, Actor::User, |p| p.status.disruption_target = Some((REASON.to_owned(), MESSAGE.to_owned(), now)));
    }
    w.delete_pod(key, Actor::User, grace_period_s);
}
