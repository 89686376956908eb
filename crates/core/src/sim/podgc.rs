//! The pod garbage collector (`pkg/controller/podgc/gc_controller.go :: gc, gcOrphaned,
//! discoverDeletedNodes, gcTerminating, markFailedAndDeletePodWithCondition`; reference
//! `disruptions.md` §9.3–§9.4).
//!
//! A pass runs every 20 s (at multiples of 20 s since the simulation started; scheduled only
//! while a pass may find something, and never inside a command that does not advance time).
//! Orphans: pods bound to a node that no longer exists are force-deleted (phase `Failed`,
//! `DisruptionTarget` `DeletionByPodGC`) by the first pass at least 40 s after the pass that
//! first saw the node missing (the quarantine), if the node is still missing then.
//! Out-of-service: terminating pods on a node that is not Ready and carries the
//! `node.kubernetes.io/out-of-service` taint are force-deleted (phase `Failed`, no condition)
//! by the next pass. Both writes are one atomic "mark Failed + remove" for the StatefulSet
//! controller, which never sees the Failed pod.

use super::events::Actor;
use super::model::*;
use super::time::SimTime;
use super::world::{Timer, World};

/// `gcCheckPeriod`.
pub const PERIOD_MS: u64 = 20_000;
/// `quarantineTime`.
pub const QUARANTINE_MS: u64 = 40_000;

const REASON: &str = "DeletionByPodGC";
const MESSAGE: &str = "PodGC: node no longer exists";

/// Schedules the next pass when something changed that a pass may act on.
pub(crate) fn run(w: &mut World) {
    if !w.podgc_check {
        return;
    }
    w.podgc_check = false;
    if w.podgc_next.is_none() && may_act(w) {
        schedule_next(w);
    }
}

fn schedule_next(w: &mut World) {
    let now = w.now().0;
    let at = SimTime((now / PERIOD_MS + 1) * PERIOD_MS);
    w.podgc_next = Some(at);
    w.schedule(at, Timer::PodGc);
}

/// Whether a pass could delete something now or later: a pod bound to a missing node, or a
/// terminating pod on a not-Ready out-of-service node.
fn may_act(w: &World) -> bool {
    w.node_load.keys().any(|n| !w.state.nodes.iter().any(|x| &x.name == n)) || !out_of_service_candidates(w).is_empty()
}

fn out_of_service_candidates(w: &World) -> Vec<ObjectKey> {
    let nodes: Vec<&str> = w
        .state
        .nodes
        .iter()
        .filter(|n| n.ready() != ConditionStatus::True && n.taints.iter().any(|t| t.key == super::nodes::OUT_OF_SERVICE))
        .map(|n| n.name.as_str())
        .collect();
    if nodes.is_empty() {
        return Vec::new();
    }
    w.state.pods.iter().filter(|(_, p)| p.meta.terminating() && p.status.node.as_deref().is_some_and(|n| nodes.contains(&n))).map(|(k, _)| k.clone()).collect()
}

/// A pass.
pub(crate) fn fire(w: &mut World) {
    let now = w.now();
    w.podgc_next = None;
    // gcTerminating
    for key in out_of_service_candidates(w) {
        force_delete(w, &key, None);
    }
    // gcOrphaned: nodes named by pods that do not exist
    let missing: Vec<String> = w.node_load.keys().filter(|n| !w.state.nodes.iter().any(|x| &x.name == *n)).cloned().collect();
    w.podgc_quarantine.retain(|n, _| missing.contains(n));
    for node in missing {
        let since = *w.podgc_quarantine.entry(node.clone()).or_insert(now);
        if now.since(since) >= QUARANTINE_MS {
            w.podgc_quarantine.remove(&node);
            let pods: Vec<ObjectKey> = w.state.pods.iter().filter(|(_, p)| p.status.node.as_deref() == Some(node.as_str())).map(|(k, _)| k.clone()).collect();
            for key in pods {
                force_delete(w, &key, Some((REASON, MESSAGE)));
            }
        }
    }
    if may_act(w) {
        schedule_next(w);
    }
}

/// `markFailedAndDeletePodWithCondition`: phase `Failed` (and the condition) in one status
/// write, then a delete with grace 0.
fn force_delete(w: &mut World, key: &ObjectKey, condition: Option<(&str, &str)>) {
    let now = w.now();
    if !w.state.pods.contains_key(key) {
        return;
    }
    w.update_pod(key, Actor::PodGarbageCollector, |p| {
        if !p.status.phase.is_terminal() {
            p.status.phase = PodPhase::Failed;
        }
        if let Some((reason, message)) = condition {
            p.status.disruption_target = Some((reason.to_owned(), message.to_owned(), now));
        }
    });
    w.remove_pod(key);
}
