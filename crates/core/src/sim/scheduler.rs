//! The scheduler: binds pending pods to nodes once their claims allow it, spreading the pods
//! of one owner across nodes, ties broken by the seed.

use super::events::Actor;
use super::model::*;
use super::world::World;

const SOURCE: &str = "default-scheduler";

/// Why a pod cannot be bound yet.
enum Blocked {
    /// A FailedScheduling event with this message; retried when nodes free up.
    Failed(String),
    /// A FailedScheduling event because of a claim; retried when the claim changes.
    Claim(ObjectKey, String),
    /// Waiting for a WaitForFirstConsumer volume to be provisioned (no event).
    WaitingForVolume(ObjectKey),
}

/// Binds every queued pod that can be bound.
pub(crate) fn run(w: &mut World) {
    while let Some(key) = w.sched_queue.pop_first() {
        let Some(pod) = w.state.pods.get(&key) else { continue };
        if pod.status.node.is_some() || pod.meta.terminating() || pod.status.phase.is_terminal() {
            continue;
        }
        match place(w, &key) {
            Ok(node) => bind(w, &key, &node),
            Err(Blocked::WaitingForVolume(claim)) => {
                w.claim_waiters.entry(claim).or_default().insert(key);
            }
            Err(Blocked::Claim(claim, message)) => {
                let uid = w.state.pods[&key].meta.uid.clone();
                w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Warning, "FailedScheduling", message, SOURCE);
                w.claim_waiters.entry(claim).or_default().insert(key);
            }
            Err(Blocked::Failed(message)) => {
                let uid = w.state.pods[&key].meta.uid.clone();
                w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Warning, "FailedScheduling", message, SOURCE);
                w.unschedulable.insert(key);
            }
        }
    }
}

fn preemption(n: usize, reason: &str) -> String {
    format!("preemption: 0/{n} nodes are available: {n} {reason}.")
}

/// Picks a node, or says why none fits.
fn place(w: &mut World, key: &ObjectKey) -> Result<String, Blocked> {
    let pod = &w.state.pods[key];
    let n = w.state.nodes.len();
    let mut required_node: Option<String> = None;
    let mut wffc_claims: Vec<ObjectKey> = Vec::new();
    for claim_name in pod.claim_names() {
        let ckey = ObjectKey::new(&key.namespace, &claim_name);
        let Some(claim) = w.state.claims.get(&ckey) else {
            return Err(Blocked::Claim(ckey, format!(
                "0/{n} nodes are available: persistentvolumeclaim \"{claim_name}\" not found. {}",
                preemption(n, "Preemption is not helpful for scheduling")
            )));
        };
        if claim.meta.terminating() {
            return Err(Blocked::Claim(ckey, format!(
                "0/{n} nodes are available: persistentvolumeclaim \"{claim_name}\" is being deleted. {}",
                preemption(n, "Preemption is not helpful for scheduling")
            )));
        }
        match claim.phase {
            ClaimPhase::Bound => {
                let pv_node = claim.volume.as_ref().and_then(|v| w.state.volumes.get(v)).and_then(|pv| pv.node_affinity.clone());
                if let Some(node) = pv_node {
                    required_node = Some(node);
                }
            }
            _ => {
                let class = claim.spec.storage_class_name.as_deref().and_then(|c| w.state.storage_classes.get(c));
                match class {
                    Some(c) if c.binding_mode == "WaitForFirstConsumer" => {
                        if claim.meta.annotations.contains_key("volume.kubernetes.io/selected-node") {
                            return Err(Blocked::WaitingForVolume(ckey));
                        }
                        wffc_claims.push(ckey);
                    }
                    _ => {
                        return Err(Blocked::Claim(ckey, format!(
                            "0/{n} nodes are available: pod has unbound immediate PersistentVolumeClaims. {}",
                            preemption(n, "Preemption is not helpful for scheduling")
                        )))
                    }
                }
            }
        }
    }
    let owner = pod.meta.controller().map(|o| o.uid.clone());
    let counts: Vec<(usize, usize)> = w
        .state
        .nodes
        .iter()
        .map(|node| (owner.as_ref().map(|o| w.spread.get(&(o.clone(), node.name.clone())).copied().unwrap_or(0)).unwrap_or(0), w.pods_on(&node.name)))
        .collect();
    let tolerations = pod.spec.tolerations.as_deref().unwrap_or(&[]);
    let mut full = 0;
    // NodeResourcesFit (`pkg/scheduler/framework/plugins/noderesources/fit.go :: fitsRequest`):
    // each node's reasons; a request above the node's whole allocatable is unresolvable
    let (cpu, memory) = super::resources::pod_requests(pod);
    let mut insufficient_cpu = 0;
    let mut insufficient_memory = 0;
    let mut unresolvable_fit = 0;
    let mut affinity_conflicts = 0;
    let mut unschedulable = 0;
    // NodeAffinity: a DaemonSet's pod is pinned to its node (`metadata.name` in a required term)
    let pinned = super::daemonset::pinned_node(&pod.spec).map(str::to_owned);
    let mut affinity_mismatch = 0;
    // TaintToleration: "{key: value}" of the first untolerated taint → how many nodes
    let mut untolerated: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (i, node) in w.state.nodes.iter().enumerate() {
        // the filters in the default profile's order, the first failure counts
        let untolerated_taint = node
            .taints
            .iter()
            .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
            .find(|t| !tolerations.iter().any(|tol| super::taint_eviction::tolerates(tol, t)));
        let tolerates_unschedulable = tolerations.iter().any(|tol| {
            super::taint_eviction::tolerates(tol, &Taint { key: super::nodes::UNSCHEDULABLE.to_owned(), value: None, effect: "NoSchedule".to_owned(), time_added: None })
        });
        if node.unschedulable && !tolerates_unschedulable {
            unschedulable += 1;
        } else if let Some(t) = untolerated_taint {
            *untolerated.entry(format!("{{{}: {}}}", t.key, t.value.as_deref().unwrap_or(""))).or_default() += 1;
        } else if pinned.as_ref().is_some_and(|p| p != &node.name) {
            affinity_mismatch += 1;
        } else if let Some(reasons) = insufficient(w, node, counts[i].1, cpu, memory) {
            let (too_many, short_cpu, short_memory, unresolvable) = reasons;
            full += usize::from(too_many);
            insufficient_cpu += usize::from(short_cpu);
            insufficient_memory += usize::from(short_memory);
            unresolvable_fit += usize::from(unresolvable);
        } else if required_node.as_ref().is_some_and(|r| r != &node.name) {
            affinity_conflicts += 1;
        } else {
            candidates.push(i);
        }
    }
    if candidates.is_empty() {
        // FitError.Error: the histogram "<count> <reason>" sorted as strings
        let mut reasons = Vec::new();
        if full > 0 {
            reasons.push(format!("{full} Too many pods"));
        }
        if insufficient_cpu > 0 {
            reasons.push(format!("{insufficient_cpu} Insufficient cpu"));
        }
        if insufficient_memory > 0 {
            reasons.push(format!("{insufficient_memory} Insufficient memory"));
        }
        if affinity_conflicts > 0 {
            reasons.push(format!("{affinity_conflicts} node(s) had volume node affinity conflict"));
        }
        if unschedulable > 0 {
            reasons.push(format!("{unschedulable} node(s) were unschedulable"));
        }
        if affinity_mismatch > 0 {
            reasons.push(format!("{affinity_mismatch} node(s) didn't match Pod's node affinity/selector"));
        }
        for (taint, count) in &untolerated {
            reasons.push(format!("{count} node(s) had untolerated taint {taint}"));
        }
        reasons.sort();
        // preemption can help only where the node is full (Unschedulable); the other reasons
        // are UnschedulableAndUnresolvable
        let fit_failed = w.state.nodes.len() - (unschedulable + untolerated.values().sum::<usize>() + affinity_conflicts + affinity_mismatch);
        let resolvable = fit_failed - unresolvable_fit;
        let unresolvable = n - resolvable;
        let mut tail = Vec::new();
        if resolvable > 0 {
            tail.push(format!("{resolvable} No preemption victims found for incoming pod"));
        }
        if unresolvable > 0 {
            tail.push(format!("{unresolvable} Preemption is not helpful for scheduling"));
        }
        tail.sort();
        if n == 0 {
            return Err(Blocked::Failed("no nodes available to schedule pods".to_owned()));
        }
        return Err(Blocked::Failed(format!("0/{n} nodes are available: {}. preemption: 0/{n} nodes are available: {}.", reasons.join(", "), tail.join(", "))));
    }
    let best = candidates.iter().map(|&i| counts[i]).min().unwrap_or((0, 0));
    let tied: Vec<usize> = candidates.into_iter().filter(|&i| counts[i] == best).collect();
    let chosen = tied[w.rng.below(tied.len() as u64) as usize];
    let node = w.state.nodes[chosen].name.clone();
    if let Some(first) = wffc_claims.first().cloned() {
        for ckey in wffc_claims {
            let node = node.clone();
            w.update_claim(&ckey, Actor::Scheduler, |c| {
                c.meta.annotations.insert("volume.kubernetes.io/selected-node".to_owned(), node);
            });
        }
        return Err(Blocked::WaitingForVolume(first));
    }
    Ok(node)
}

/// `fitsRequest` on one node: (too many pods, insufficient cpu, insufficient memory, a
/// request larger than the node's whole allocatable), `None` when the pod fits. Every failing
/// resource is a reason of its own.
fn insufficient(w: &World, node: &Node, pods: usize, cpu: i128, memory: i128) -> Option<(bool, bool, bool, bool)> {
    let (used_cpu, used_memory) = w.node_requested.get(&node.name).copied().unwrap_or((0, 0));
    let too_many = pods + 1 > node.max_pods;
    let short_cpu = cpu > 0 && cpu > node.allocatable_cpu_milli - used_cpu;
    let short_memory = memory > 0 && memory > node.allocatable_memory - used_memory;
    let unresolvable = (short_cpu && cpu > node.allocatable_cpu_milli) || (short_memory && memory > node.allocatable_memory);
    (too_many || short_cpu || short_memory).then_some((too_many, short_cpu, short_memory, unresolvable))
}

fn bind(w: &mut World, key: &ObjectKey, node: &str) {
    let now = w.now();
    let node_name = node.to_owned();
    w.update_pod(key, Actor::Scheduler, |p| {
        p.status.node = Some(node_name);
        p.status.scheduled_at = Some(now);
        p.spec.node_name = Some(node.to_owned());
    });
    let uid = w.state.pods[key].meta.uid.clone();
    w.bind(key, node);
    w.tec_pods.insert(key.clone());
    w.state.first_node.entry(key.clone()).or_insert_with(|| node.to_owned());
    w.record(
        &key.namespace,
        "Pod",
        &key.name,
        &uid,
        EventType::Normal,
        "Scheduled",
        format!("Successfully assigned {}/{} to {node}", key.namespace, key.name),
        SOURCE,
    );
    super::kubelet::bound(w, key);
}
