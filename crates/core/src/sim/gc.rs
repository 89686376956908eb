//! The garbage collector: dependents whose owners are all gone are deleted (pods gracefully,
//! claims through pvc-protection), dangling references are dropped, and `--cascade=orphan`
//! or `foreground` deletions are carried out (reference §3.10–3.11). Deletion by the GC has
//! no ordering: all dependents are deleted in the same pass.

use super::events::Actor;
use super::model::*;
use super::world::{GcTask, World};

/// Works through the GC queue, unless the GC is held (`gc-hold`).
pub(crate) fn run(w: &mut World) {
    if w.gc_hold {
        return;
    }
    while let Some(task) = w.gc_queue.pop_front() {
        match task {
            GcTask::OwnerGone { namespace, uid } => owner_gone(w, &namespace, &uid),
            GcTask::Orphan { set } => orphan(w, &set),
            GcTask::Foreground { set } => {
                foreground(w, &set);
            }
        }
        let pending: Vec<ObjectKey> = w.foreground_pending.iter().cloned().collect();
        for set in pending {
            foreground(w, &set);
        }
    }
}

/// Whether the object an owner reference points at still exists (same uid).
fn owner_exists(w: &World, namespace: &str, owner: &OwnerRef) -> bool {
    let key = ObjectKey::new(namespace, &owner.name);
    match owner.kind.as_str() {
        "StatefulSet" => w.state.statefulsets.get(&key).is_some_and(|s| s.meta.uid == owner.uid),
        "Pod" => w.state.pods.get(&key).is_some_and(|p| p.meta.uid == owner.uid),
        "PersistentVolumeClaim" => w.state.claims.get(&key).is_some_and(|c| c.meta.uid == owner.uid),
        "ControllerRevision" => w.state.revisions.get(&key).is_some_and(|r| r.meta.uid == owner.uid),
        "Job" => w.state.jobs.get(&key).is_some_and(|j| j.meta.uid == owner.uid),
        "CronJob" => w.state.cronjobs.get(&key).is_some_and(|c| c.meta.uid == owner.uid),
        "ReplicaSet" => w.state.replicasets.get(&key).is_some_and(|r| r.meta.uid == owner.uid),
        "Deployment" => w.state.deployments.get(&key).is_some_and(|d| d.meta.uid == owner.uid),
        "DaemonSet" => w.state.daemonsets.get(&key).is_some_and(|d| d.meta.uid == owner.uid),
        _ => w.state.others.values().any(|o| o.meta.uid == owner.uid),
    }
}

/// What to do with a dependent of a vanished owner.
enum Fate {
    Delete,
    Keep(Vec<OwnerRef>),
}

fn fate(w: &World, namespace: &str, owners: &[OwnerRef]) -> Fate {
    let remaining: Vec<OwnerRef> = owners.iter().filter(|o| owner_exists(w, namespace, o)).cloned().collect();
    if remaining.is_empty() {
        Fate::Delete
    } else {
        Fate::Keep(remaining)
    }
}

fn owner_gone(w: &mut World, namespace: &str, uid: &str) {
    let refs = |m: &Meta| m.owners.iter().any(|o| o.uid == uid);
    let pods: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.pods, namespace).filter(|(_, p)| refs(&p.meta)).map(|(k, _)| k.clone()).collect();
    let claims: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.claims, namespace).filter(|(_, c)| refs(&c.meta)).map(|(k, _)| k.clone()).collect();
    let revisions: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.revisions, namespace).filter(|(_, r)| refs(&r.meta)).map(|(k, _)| k.clone()).collect();
    let replicasets: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.replicasets, namespace).filter(|(_, r)| refs(&r.meta)).map(|(k, _)| k.clone()).collect();
    for key in replicasets {
        let owners = w.state.replicasets[&key].meta.owners.clone();
        match fate(w, namespace, &owners) {
            // its own pods follow through another pass of the queue
            Fate::Delete => {
                super::replicaset::delete(w, &key);
            }
            Fate::Keep(owners) => {
                w.update_replicaset(&key, Actor::GarbageCollector, |r| r.meta.owners = owners);
            }
        }
    }
    for key in pods {
        let owners = w.state.pods[&key].meta.owners.clone();
        match fate(w, namespace, &owners) {
            Fate::Delete => {
                w.delete_pod(&key, Actor::GarbageCollector, None);
            }
            Fate::Keep(owners) => {
                w.update_pod(&key, Actor::GarbageCollector, |p| p.meta.owners = owners);
            }
        }
    }
    for key in claims {
        let owners = w.state.claims[&key].meta.owners.clone();
        match fate(w, namespace, &owners) {
            Fate::Delete => {
                w.delete_claim(&key, Actor::GarbageCollector);
            }
            Fate::Keep(owners) => {
                w.update_claim(&key, Actor::GarbageCollector, |c| c.meta.owners = owners);
            }
        }
    }
    for key in revisions {
        let owners = w.state.revisions[&key].meta.owners.clone();
        match fate(w, namespace, &owners) {
            Fate::Delete => w.delete_revision(&key, Actor::GarbageCollector),
            Fate::Keep(owners) => w.update_revision(&key, Actor::GarbageCollector, |r| r.meta.owners = owners),
        }
    }
}

/// `--cascade=orphan`: dependents lose their reference to the set, then the set goes.
fn orphan(w: &mut World, set: &ObjectKey) {
    let Some(uid) = w.state.statefulsets.get(set).filter(|s| s.meta.finalizers.iter().any(|f| f == "orphan")).map(|s| s.meta.uid.clone()) else { return };
    let ns = set.namespace.clone();
    let refs = |m: &Meta| m.owners.iter().any(|o| o.uid == uid);
    let pods: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.pods, &ns).filter(|(_, p)| refs(&p.meta)).map(|(k, _)| k.clone()).collect();
    let claims: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.claims, &ns).filter(|(_, c)| refs(&c.meta)).map(|(k, _)| k.clone()).collect();
    let revisions: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.revisions, &ns).filter(|(_, r)| refs(&r.meta)).map(|(k, _)| k.clone()).collect();
    for key in pods {
        w.update_pod(&key, Actor::GarbageCollector, |p| p.meta.owners.retain(|o| o.uid != uid));
    }
    for key in claims {
        w.update_claim(&key, Actor::GarbageCollector, |c| c.meta.owners.retain(|o| o.uid != uid));
    }
    for key in revisions {
        w.update_revision(&key, Actor::GarbageCollector, |r| r.meta.owners.retain(|o| o.uid != uid));
    }
    w.remove_statefulset(set);
}

/// `--cascade=foreground`: delete the blocking dependents; the set goes once they are gone.
fn foreground(w: &mut World, set: &ObjectKey) {
    let deleting = w.state.statefulsets.get(set).filter(|s| s.meta.finalizers.iter().any(|f| f == "foregroundDeletion"));
    let Some(uid) = deleting.map(|s| s.meta.uid.clone()) else {
        w.foreground_pending.remove(set);
        return;
    };
    let ns = set.namespace.clone();
    let blocks = |m: &Meta| m.owners.iter().any(|o| o.uid == uid && o.block_owner_deletion);
    let pods: Vec<(ObjectKey, bool)> = ClusterState::in_namespace(&w.state.pods, &ns)
        .filter(|(_, p)| blocks(&p.meta))
        .map(|(k, p)| (k.clone(), p.meta.terminating()))
        .collect();
    let claims: Vec<(ObjectKey, bool)> = ClusterState::in_namespace(&w.state.claims, &ns)
        .filter(|(_, c)| blocks(&c.meta))
        .map(|(k, c)| (k.clone(), c.meta.terminating()))
        .collect();
    let revisions: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.revisions, &ns).filter(|(_, r)| blocks(&r.meta)).map(|(k, _)| k.clone()).collect();
    if pods.is_empty() && claims.is_empty() && revisions.is_empty() {
        w.foreground_pending.remove(set);
        w.remove_statefulset(set);
        return;
    }
    w.foreground_pending.insert(set.clone());
    for (key, terminating) in pods {
        if !terminating {
            w.delete_pod(&key, Actor::GarbageCollector, None);
        }
    }
    for (key, terminating) in claims {
        if !terminating {
            w.delete_claim(&key, Actor::GarbageCollector);
        }
    }
    for key in revisions {
        w.delete_revision(&key, Actor::GarbageCollector);
    }
}
