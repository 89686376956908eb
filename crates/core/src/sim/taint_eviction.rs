//! The taint-eviction controller (`pkg/controller/tainteviction/taint_eviction.go ::
//! handleNodeUpdate, handlePodUpdate, processPodOnNode, getMinTolerationTime,
//! deletePodHandler, addConditionAndDeletePod`; reference `disruptions.md` §5).
//!
//! For each pod bound to a node with `NoExecute` taints: a taint the pod does not tolerate
//! deletes it at once; otherwise the deletion is scheduled at the smallest `tolerationSeconds`
//! of the tolerations that match (none with seconds: never). A scheduled deletion keeps its
//! time when the node or pod changes again, and is cancelled (with an event) when the taints
//! go or the pod does. The deletion is graceful, after the `DisruptionTarget` condition.

use super::events::Actor;
use super::model::*;
use super::world::{Timer, World};
use k8s_openapi::api::core::v1::Toleration;

const SOURCE: &str = "taint-eviction-controller";
const REASON: &str = "DeletionByTaintManager";
const MESSAGE: &str = "Taint manager: deleting due to NoExecute taint";

/// `Toleration.ToleratesTaint` (k8s.io/api core/v1 toleration.go).
pub fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    if t.effect.as_deref().is_some_and(|e| !e.is_empty() && e != taint.effect) {
        return false;
    }
    if t.key.as_deref().is_some_and(|k| !k.is_empty() && k != taint.key) {
        return false;
    }
    match t.operator.as_deref().unwrap_or("") {
        "" | "Equal" => t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
        "Exists" => true,
        _ => false,
    }
}

/// `GetMatchingTolerations` then `getMinTolerationTime`: `None` when some taint is not
/// tolerated (delete now), `Some(None)` when it is tolerated forever, `Some(Some(ms))`.
fn toleration_time(tolerations: &[Toleration], taints: &[&Taint]) -> Option<Option<u64>> {
    let mut used: Vec<&Toleration> = Vec::new();
    for taint in taints {
        used.push(tolerations.iter().find(|t| tolerates(t, taint))?);
    }
    if used.is_empty() {
        return Some(Some(0));
    }
    let mut min: Option<i64> = None;
    for t in used {
        if let Some(s) = t.toleration_seconds {
            if s <= 0 {
                return Some(Some(0));
            }
            min = Some(min.map_or(s, |m| m.min(s)));
        }
    }
    Some(min.map(|s| s as u64 * 1000))
}

/// Looks again at the pods of every node that changed and at every pod (re)bound to a node.
pub(crate) fn run(w: &mut World) {
    let nodes = std::mem::take(&mut w.tec_nodes);
    let mut pods = std::mem::take(&mut w.tec_pods);
    for node in &nodes {
        pods.extend(w.state.pods.iter().filter(|(_, p)| p.status.node.as_deref() == Some(node.as_str())).map(|(k, _)| k.clone()));
        // pods of a node that went (deleted): their taints are gone with it
        pods.extend(w.tec_pending.keys().filter(|k| w.state.pods.get(*k).is_some_and(|p| p.status.node.as_deref() == Some(node.as_str()))).cloned());
    }
    for key in pods {
        process(w, &key);
    }
}

/// `processPodOnNode`.
fn process(w: &mut World, key: &ObjectKey) {
    let now = w.now();
    let Some(pod) = w.state.pods.get(key) else { return };
    let Some(node) = pod.status.node.as_deref().and_then(|n| w.state.nodes.iter().find(|x| x.name == n)) else {
        cancel(w, key);
        return;
    };
    let taints: Vec<&Taint> = node.taints.iter().filter(|t| t.effect == "NoExecute").collect();
    if taints.is_empty() {
        cancel(w, key);
        return;
    }
    let uid = pod.meta.uid.clone();
    match toleration_time(pod.spec.tolerations.as_deref().unwrap_or(&[]), &taints) {
        None => {
            cancel(w, key);
            delete(w, key);
        }
        Some(None) => cancel(w, key),
        Some(Some(ms)) => {
            if w.tec_pending.get(key).is_some_and(|(_, created, due)| *created < now || *due == now.plus_ms(ms)) {
                // an earlier schedule stands (it is neither postponed nor brought forward)
                return;
            }
            let due = now.plus_ms(ms);
            if due <= now {
                delete(w, key);
            } else {
                w.tec_pending.insert(key.clone(), (uid.clone(), now, due));
                w.schedule(due, Timer::TaintEviction { pod: key.clone(), uid });
            }
        }
    }
}

/// `cancelWorkWithEvent`: only a pending deletion is cancelled, with an event.
fn cancel(w: &mut World, key: &ObjectKey) {
    let Some((uid, _, _)) = w.tec_pending.remove(key) else { return };
    if w.state.pods.get(key).is_some_and(|p| p.meta.uid == uid) {
        w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Normal, "TaintManagerEviction", format!("Cancelling deletion of Pod {}/{}", key.namespace, key.name), SOURCE);
    }
}

/// The pod object is gone: its pending deletion with it (the event names the object).
pub(crate) fn pod_removed(w: &mut World, key: &ObjectKey) {
    if let Some((uid, _, _)) = w.tec_pending.remove(key) {
        w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Normal, "TaintManagerEviction", format!("Cancelling deletion of Pod {}/{}", key.namespace, key.name), SOURCE);
    }
}

/// A scheduled deletion is due.
pub(crate) fn fire(w: &mut World, key: &ObjectKey, uid: &str) {
    let now = w.now();
    let due = matches!(w.tec_pending.get(key), Some((u, _, at)) if u == uid && *at <= now);
    if due {
        w.tec_pending.remove(key);
        delete(w, key);
    }
}

/// `deletePodHandler` + `addConditionAndDeletePod`: the event, the `DisruptionTarget`
/// condition, a graceful delete.
fn delete(w: &mut World, key: &ObjectKey) {
    let now = w.now();
    let Some(pod) = w.state.pods.get(key) else { return };
    let uid = pod.meta.uid.clone();
    let has = pod.status.disruption_target.as_ref().is_some_and(|(r, _, _)| r == REASON);
    let terminal = pod.status.phase.is_terminal();
    w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Normal, "TaintManagerEviction", format!("Marking for deletion Pod {}/{}", key.namespace, key.name), SOURCE);
    if !has && !terminal {
        w.update_pod(key, Actor::TaintEvictionController, |p| p.status.disruption_target = Some((REASON.to_owned(), MESSAGE.to_owned(), now)));
    }
    w.delete_pod(key, Actor::TaintEvictionController, None);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tol(key: &str, effect: &str, secs: Option<i64>) -> Toleration {
        Toleration { key: Some(key.to_owned()), operator: Some("Exists".to_owned()), effect: Some(effect.to_owned()), toleration_seconds: secs, value: None }
    }

    fn taint(key: &str) -> Taint {
        Taint { key: key.to_owned(), value: None, effect: "NoExecute".to_owned(), time_added: None }
    }

    #[test]
    fn the_smallest_matching_toleration_wins_and_forever_means_never() {
        let unreachable = taint("node.kubernetes.io/unreachable");
        let defaults = [tol("node.kubernetes.io/not-ready", "NoExecute", Some(300)), tol("node.kubernetes.io/unreachable", "NoExecute", Some(300))];
        assert_eq!(toleration_time(&defaults, &[&unreachable]), Some(Some(300_000)));
        let short = [tol("node.kubernetes.io/unreachable", "NoExecute", Some(30)), tol("", "", Some(600))];
        assert_eq!(toleration_time(&short, &[&unreachable]), Some(Some(30_000)), "the first matching toleration of each taint counts");
        assert_eq!(toleration_time(&[tol("node.kubernetes.io/unreachable", "NoExecute", None)], &[&unreachable]), Some(None));
        let oos = taint("node.kubernetes.io/out-of-service");
        assert_eq!(toleration_time(&defaults, &[&unreachable, &oos]), None, "the out-of-service taint is not tolerated");
        assert_eq!(toleration_time(&[tol("node.kubernetes.io/unreachable", "NoExecute", Some(-5))], &[&unreachable]), Some(Some(0)));
    }

    #[test]
    fn equal_tolerations_compare_values() {
        let t = Taint { key: "k".into(), value: Some("v".into()), effect: "NoSchedule".into(), time_added: None };
        let eq = |v: &str| Toleration { key: Some("k".into()), operator: Some("Equal".into()), value: Some(v.into()), effect: None, toleration_seconds: None };
        assert!(tolerates(&eq("v"), &t));
        assert!(!tolerates(&eq("w"), &t));
        let wildcard = Toleration { operator: Some("Exists".into()), ..Default::default() };
        assert!(tolerates(&wildcard, &t));
    }
}
