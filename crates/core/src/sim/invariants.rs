//! Invariant checkers, TigerBeetle-style: the simulator checks the controller's guarantees at
//! the moment of each write (when `SimConfig::check_invariants` is on), and
//! [`check_state`] checks the cluster between steps. A violation is a bug in the simulator.

use super::dns;
use super::model::*;
use crate::apiserver::selector;

/// Under OrderedReady, creating pod `ordinal` requires every lower ordinal of the set to
/// exist, be Running and Ready (and available) and not be terminating.
pub fn ordered_creation(state: &ClusterState, set: &StatefulSet, ordinal: i32) -> Option<String> {
    let f = set.facts();
    if f.parallel || ordinal < f.start || ordinal >= f.start + f.replicas {
        return None;
    }
    for lower in f.start..ordinal {
        let key = ObjectKey::new(&set.meta.namespace, &format!("{}-{lower}", set.meta.name));
        let ok = state
            .pods
            .get(&key)
            .is_some_and(|p| p.available(f.min_ready_s, state.now) && !p.meta.terminating() && p.meta.controller().is_some_and(|o| o.uid == set.meta.uid));
        if !ok {
            return Some(format!(
                "OrderedReady: {}-{ordinal} created while {}-{lower} is not Running and Ready",
                set.meta.name, set.meta.name
            ));
        }
    }
    None
}

/// Under OrderedReady, a condemned pod (outside the ordinal range) may be deleted only when no
/// condemned pod with a higher ordinal is left: scale-down goes in reverse order, one at a
/// time.
pub fn reverse_scale_down(state: &ClusterState, set: &StatefulSet, ordinal: i32) -> Option<String> {
    let f = set.facts();
    let condemned = |o: i32| o < f.start || o >= f.start + f.replicas;
    if f.parallel || !condemned(ordinal) {
        return None;
    }
    let higher = state.pods_of(set).into_iter().filter_map(|p| p.parent_ordinal.as_ref().map(|(_, o)| *o)).find(|&o| o > ordinal && condemned(o));
    higher.map(|h| format!("scale-down: {}-{ordinal} deleted while {}-{h} still exists", set.meta.name, set.meta.name))
}

/// "No PVC is deleted under Retain", checked where it is decided: the controller may give a
/// claim an owner reference only when the retention policy in force says `Delete` for it (a
/// pod reference needs `whenScaled: Delete`, a StatefulSet reference `whenDeleted: Delete`),
/// and the garbage collector deletes only claims that have owners ([`claim_deletion`]).
pub fn claim_owner_added(claim: &str, added: &OwnerRef, facts: &SetFacts) -> Option<String> {
    let (allowed, which) = match added.kind.as_str() {
        "Pod" => (facts.when_scaled_delete, "whenScaled"),
        "StatefulSet" => (facts.when_deleted_delete, "whenDeleted"),
        _ => return None,
    };
    (!allowed).then(|| format!("retention: claim {claim} got an owner reference to {} {} under {which}: Retain", added.kind, added.name))
}

/// The garbage collector deletes a claim only when something owned it.
pub fn claim_deletion(claim: &str, owners: &[OwnerRef]) -> Option<String> {
    owners.is_empty().then(|| format!("retention: claim {claim} deleted by the garbage collector although nothing owns it"))
}

/// Checks the whole cluster between steps. Each string describes one violation.
pub fn check_state(state: &ClusterState, domain: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut ips = std::collections::BTreeMap::new();
    for (key, pod) in &state.pods {
        if let Some(ip) = pod.status.ip {
            if let Some(other) = ips.insert(ip, key.name.clone()) {
                out.push(format!("ip: {ip} is used by both {other} and {}", key.name));
            }
            if let Some(history) = state.ip_history.get(key) {
                if history.iter().rev().skip(1).any(|old| *old == ip) {
                    out.push(format!("ip: {} got {ip} again, an IP of one of its earlier incarnations", key.name));
                }
            }
        }
        if pod.status.ready && pod.status.phase != PodPhase::Running {
            out.push(format!("kubelet: {} is Ready in phase {}", key.name, pod.status.phase.as_str()));
        }
    }
    out.extend(attachments(state));
    out.extend(super::job::invariants(state));
    out.extend(super::cronjob::invariants(state));
    out.extend(super::replicaset::invariants(state));
    out.extend(super::deployment::invariants(state));
    out.extend(super::daemonset::invariants(state));
    out.extend(super::snapshot::invariants(state));
    for set in state.statefulsets.values() {
        let mut seen = std::collections::BTreeSet::new();
        for pod in state.pods_of(set) {
            match &pod.parent_ordinal {
                Some((parent, o)) if *parent == set.meta.name => {
                    if !seen.insert(*o) {
                        out.push(format!("identity: two pods with ordinal {o} in {}", set.meta.name));
                    }
                }
                _ => out.push(format!("identity: {} owns {}, whose name has no ordinal of it", set.meta.name, pod.meta.name)),
            }
            if !selector::matches(&set.spec.selector, &pod.meta.labels) {
                out.push(format!("ownership: {} owns {} although its labels do not match", set.meta.name, pod.meta.name));
            }
        }
        let pods = state.pods_of(set);
        let ready = pods.iter().filter(|p| p.running_and_ready()).count() as i32;
        if set.status.ready_replicas != ready && !set.meta.terminating() {
            out.push(format!("status: {} says readyReplicas {} but {ready} pods are Running and Ready", set.meta.name, set.status.ready_replicas));
        }
        if set.status.replicas != pods.len() as i32 && !set.meta.terminating() {
            out.push(format!("status: {} says replicas {} but it has {} pods", set.meta.name, set.status.replicas, pods.len()));
        }
    }
    for record in dns::records(state, domain) {
        if record.type_ != dns::RecordType::A {
            continue;
        }
        let labels: Vec<&str> = record.name.split('.').collect();
        if labels.len() != 5 + domain.matches('.').count() {
            continue;
        }
        let (host, service, namespace) = (labels[0], labels[1], labels[2]);
        let Some(svc) = state.services.get(&ObjectKey::new(namespace, service)) else { continue };
        if host.contains('-') && host.chars().all(|c| c.is_ascii_digit() || c == '-') {
            continue;
        }
        let Some(pod) = state.pods.get(&ObjectKey::new(namespace, host)) else {
            out.push(format!("dns: {} resolves but pod {host} does not exist", record.name));
            continue;
        };
        let ip = pod.status.ip.map(|i| i.to_string()).unwrap_or_default();
        if record.values != [ip.clone()] {
            out.push(format!("dns: {} → {:?}, but the pod's IP is {ip}", record.name, record.values));
        }
        let publish = svc.spec.publish_not_ready_addresses.unwrap_or(false);
        if !publish && (!pod.status.ready || pod.meta.terminating()) {
            out.push(format!("dns: {} resolves although {host} is not a ready endpoint", record.name));
        }
    }
    out
}

/// An eviction that uses a PodDisruptionBudget's budget may not take it below its
/// `desiredHealthy`: counted afresh from the pods (Ready, not being deleted, not already
/// disrupted), not from the status the Eviction API decided on. Evictions the policy lets go
/// without the budget (an unready pod, `AlwaysAllow`) are not checked here.
pub fn eviction_within_budget(state: &ClusterState, pdb: &Pdb, pod: &Pod) -> Option<String> {
    if !pod.status.ready || pod.meta.terminating() {
        return None;
    }
    let healthy = ClusterState::in_namespace(&state.pods, &pdb.meta.namespace)
        .map(|(_, p)| p)
        .filter(|p| super::disruption::selects(pdb, p) && p.status.ready && !p.meta.terminating() && !pdb.status.disrupted_pods.contains_key(&p.meta.name))
        .count() as i32;
    (healthy - 1 < pdb.status.desired_healthy).then(|| {
        format!(
            "eviction: {} would take PodDisruptionBudget {}/{} to {} healthy, below its desiredHealthy {}",
            pod.meta.name,
            pdb.meta.namespace,
            pdb.meta.name,
            healthy - 1,
            pdb.status.desired_healthy
        )
    })
}

/// A ReadWriteOnce volume is attached to one node at a time, and a running pod's attachable
/// volumes are attached to its node.
pub fn attachments(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    let mut nodes: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for va in state.volume_attachments.values() {
        nodes.entry(va.pv.as_str()).or_default().push(va.node.as_str());
    }
    for (pv, on) in nodes {
        let rwo = state.volumes.get(pv).is_none_or(|v| !v.access_modes.iter().any(|m| m == "ReadWriteMany" || m == "ReadOnlyMany"));
        if rwo && on.len() > 1 {
            out.push(format!("attach: ReadWriteOnce volume {pv} is attached to {}", on.join(" and ")));
        }
    }
    for pod in state.pods.values() {
        let started = pod.status.ip.is_some() && !pod.status.phase.is_terminal() && !pod.meta.terminating();
        if started {
            if let Err(e) = super::attachdetach::volumes_attached(state, pod) {
                out.push(format!("attach: {} runs although {e}", pod.meta.name));
            }
        }
    }
    out
}
