//! Nodes as objects, and the node lifecycle controller (`pkg/controller/nodelifecycle/
//! node_lifecycle_controller.go :: monitorNodeHealth, tryUpdateNodeHealth,
//! doNoScheduleTaintingPass, doNoExecuteTaintingPass, handleDisruption`) with the machines'
//! kubelets as the API sees them (reference `disruptions.md` §1–§3, §9.1).
//!
//! `node-down` stops a node's kubelet from reaching the API server (a network partition: its
//! containers keep running). Nothing changes in the API until the node monitor grace period
//! (50 s) is over; then the controller sets the node's conditions `Unknown`, marks its pods not
//! Ready (`MarkPodsNotReady`) and taints it `node.kubernetes.io/unreachable` (`NoSchedule` and,
//! through the per-zone rate limiter, `NoExecute`). `node-up` brings the kubelet back: `Ready`
//! again, the controller's taints removed, the pods' real status reported, and what was deleted
//! meanwhile stopped ([`super::kubelet::node_up`]). `kubectl delete node` removes the object
//! (PodGC then collects its pods, [`super::podgc`]); the machine stays, and `node-up`
//! registers it again.

use super::events::Actor;
use super::model::*;
use super::time::SimTime;
use super::world::{Timer, World};

/// `--node-monitor-grace-period` (v1.32+; 40 s before, kubernetes#126287).
pub const MONITOR_GRACE_MS: u64 = 50_000;
/// The NoExecute tainting rate limiter: 0.1 node/s per zone, burst 1.
pub const TAINT_INTERVAL_MS: u64 = 10_000;
/// `node.kubernetes.io/not-ready`.
pub const NOT_READY: &str = "node.kubernetes.io/not-ready";
/// `node.kubernetes.io/unreachable`.
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// `node.kubernetes.io/unschedulable`.
pub const UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// `node.kubernetes.io/out-of-service` (non-graceful node shutdown).
pub const OUT_OF_SERVICE: &str = "node.kubernetes.io/out-of-service";
/// The kubelet version the simulated nodes run.
pub const KUBELET_VERSION: &str = "v1.35.4";

const CONTROLLER: &str = "node-controller";

/// The memory the kubelet keeps back from allocatable: its default hard eviction threshold
/// `memory.available<100Mi` (`pkg/kubelet/eviction/defaults_linux.go :: DefaultEvictionHard`;
/// `pkg/kubelet/cm/node_container_manager_linux.go :: GetNodeAllocatableAbsolute`, with no
/// system or kube reservations). Capacity is allocatable plus this.
pub const EVICTION_MEMORY: i128 = 100 << 20;
/// The node's filesystem, in bytes (100 GiB).
pub const CAPACITY_EPHEMERAL: i128 = 100 << 30;
/// `status.allocatable` ephemeral storage: capacity less `nodefs.available<10%`.
pub const ALLOCATABLE_EPHEMERAL: i128 = CAPACITY_EPHEMERAL - CAPACITY_EPHEMERAL / 10;
/// The kubelet renews its Lease every 10 s (a quarter of the 40 s lease duration,
/// `pkg/kubelet/nodelease`), and posts an unchanged status every 5 minutes
/// (`nodeStatusReportFrequency`).
pub const LEASE_RENEW_MS: u64 = 10_000;
/// `nodeStatusReportFrequency`.
pub const STATUS_REPORT_MS: u64 = 5 * 60_000;

/// The last time before `now` that the node's kubelet did something every `period` since it
/// registered (renewing its Lease, posting its status), stopping when it went down.
pub fn last_beat(n: &Node, now: SimTime, period: u64) -> SimTime {
    let until = n.down_since.map_or(now, |d| if d.0 < now.0 { d } else { now });
    let since = until.since(n.created);
    n.created.plus_ms(since - since % period)
}

/// The conditions a healthy kubelet posts (`pkg/kubelet/nodestatus/setters.go ::
/// MemoryPressureCondition, DiskPressureCondition, PIDPressureCondition, ReadyCondition`), in
/// the order it posts them.
pub(crate) fn healthy_conditions(now: SimTime) -> Vec<NodeCondition> {
    [
        ("MemoryPressure", ConditionStatus::False, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", ConditionStatus::False, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", ConditionStatus::False, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", ConditionStatus::True, "KubeletReady", "kubelet is posting ready status"),
    ]
    .into_iter()
    .map(|(type_, status, reason, message)| NodeCondition { type_: type_.to_owned(), status, reason: reason.to_owned(), message: message.to_owned(), heartbeat: now, transition: now })
    .collect()
}

/// A node object, registered and Ready at `now`.
pub(crate) fn new_node(name: String, ip: std::net::Ipv4Addr, cidr_octet: u8, next_host: u8, cfg: &super::SimConfig, now: SimTime) -> Node {
    Node {
        name,
        ip,
        cidr_octet,
        next_host,
        images: Default::default(),
        max_pods: cfg.max_pods_per_node,
        allocatable_cpu_milli: cfg.node_cpu_milli,
        allocatable_memory: cfg.node_memory,
        created: now,
        unschedulable: false,
        conditions: healthy_conditions(now),
        taints: Vec::new(),
        down_since: None,
    }
}

/// Whether the node's kubelet reaches the API server (`false` for an unknown node). The
/// machine of a deleted Node object keeps its kubelet state.
pub fn kubelet_up(w_state: &ClusterState, removed: &std::collections::BTreeMap<String, Node>, node: &str) -> bool {
    match w_state.nodes.iter().find(|n| n.name == node).or_else(|| removed.get(node)) {
        Some(n) => n.down_since.is_none(),
        None => false,
    }
}

/// Whether the kubelet of this node can act on its pods now.
pub(crate) fn up(w: &World, node: &str) -> bool {
    kubelet_up(&w.state, &w.removed_nodes, node)
}

/// `nodeIsHealthy` of the attach/detach controller and PodGC: the Node object exists and its
/// `Ready` condition is `True`.
pub fn healthy(state: &ClusterState, node: &str) -> bool {
    state.nodes.iter().any(|n| n.name == node && n.ready() == ConditionStatus::True)
}

/// Whether the node carries the `node.kubernetes.io/out-of-service` taint (any effect): the
/// attach/detach controller detaches its volumes at once (`reconciler.go ::
/// hasOutOfServiceTaint`), PodGC force-deletes its terminating pods while it is not Ready.
pub fn out_of_service(state: &ClusterState, node: &str) -> bool {
    state.nodes.iter().any(|n| n.name == node && n.taints.iter().any(|t| t.key == OUT_OF_SERVICE))
}

fn index(w: &World, node: &str) -> Option<usize> {
    w.state.nodes.iter().position(|n| n.name == node)
}

/// Something about a node changed that other components watch: the taint-eviction
/// controller, PodGC, the scheduler's retries.
pub(crate) fn changed(w: &mut World, node: &str) {
    w.tec_nodes.insert(node.to_owned());
    w.adc_full = true;
    w.podgc_check = true;
    let retry: Vec<ObjectKey> = std::mem::take(&mut w.unschedulable).into_iter().collect();
    w.sched_queue.extend(retry);
    w.touch();
}

fn not_found(node: &str) -> String {
    format!("nodes \"{node}\" not found")
}

/// `node-down NODE`: the kubelet stops renewing its lease and posting status.
pub(crate) fn down(w: &mut World, node: &str) -> Result<(), String> {
    let now = w.now();
    let n = match index(w, node) {
        Some(i) => &mut w.state.nodes[i],
        None => w.removed_nodes.get_mut(node).ok_or_else(|| not_found(node))?,
    };
    if n.down_since.is_some() {
        return Err(format!("node {node} is already down (node-up brings it back)"));
    }
    n.down_since = Some(now);
    w.adc_full = true;
    let epoch = w.node_epoch.entry(node.to_owned()).or_default();
    *epoch += 1;
    let epoch = *epoch;
    w.schedule(now.plus_ms(MONITOR_GRACE_MS), Timer::NodeMonitor { node: node.to_owned(), epoch });
    w.touch();
    Ok(())
}

/// The node monitor grace period of a node that went down is over (N2–N4, T1–T2).
pub(crate) fn grace_over(w: &mut World, node: &str, epoch: u64) {
    if w.node_epoch.get(node) != Some(&epoch) {
        return;
    }
    let now = w.now();
    let Some(i) = index(w, node) else { return };
    if w.state.nodes[i].down_since.is_none() {
        return;
    }
    let was_ready = w.state.nodes[i].ready() == ConditionStatus::True;
    w.adc_full = true;
    for c in &mut w.state.nodes[i].conditions {
        if c.status != ConditionStatus::Unknown {
            c.status = ConditionStatus::Unknown;
            c.reason = "NodeStatusUnknown".to_owned();
            c.message = "Kubelet stopped posting node status.".to_owned();
            c.transition = now;
        }
    }
    if was_ready {
        record_status(w, node, "NodeNotReady");
        mark_pods_not_ready(w, node);
    }
    sync_taints(w, node);
}

fn record_status(w: &mut World, node: &str, status: &str) {
    let source = if status == "NodeReady" { "kubelet" } else { CONTROLLER };
    w.record("", "Node", node, node, EventType::Normal, status, format!("Node {node} status is now: {status}"), source);
}

/// `MarkPodsNotReady`: the Ready condition of every pod bound to the node turns False (only
/// where it was not False already), with a Warning event on each.
pub(crate) fn mark_pods_not_ready(w: &mut World, node: &str) {
    let now = w.now();
    let pods: Vec<ObjectKey> = w.state.pods.iter().filter(|(_, p)| p.status.node.as_deref() == Some(node) && p.status.ready).map(|(k, _)| k.clone()).collect();
    for key in pods {
        w.update_pod(&key, Actor::NodeController, |p| {
            p.status.containers_ready_frozen = Some(p.status.containers_ready());
            p.status.ready = false;
            p.status.ready_changed_at = now;
        });
        let uid = w.state.pods[&key].meta.uid.clone();
        w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Warning, "NodeNotReady", "Node is not ready".to_owned(), CONTROLLER);
    }
}

/// The taints the controller keeps on a node, from its conditions and `spec.unschedulable`
/// (`doNoScheduleTaintingPass`; `doNoExecuteTaintingPass` through the rate limiter, and none
/// while every node is down: `handleDisruption`'s full disruption).
pub(crate) fn sync_taints(w: &mut World, node: &str) {
    let Some(i) = index(w, node) else { return };
    let now = w.now();
    let n = &w.state.nodes[i];
    let ready = n.ready();
    let mut want_noschedule: Vec<&str> = Vec::new();
    match ready {
        ConditionStatus::False => want_noschedule.push(NOT_READY),
        ConditionStatus::Unknown => want_noschedule.push(UNREACHABLE),
        ConditionStatus::True => {}
    }
    if n.unschedulable {
        want_noschedule.push(UNSCHEDULABLE);
    }
    let want_noexecute = match ready {
        ConditionStatus::False => Some(NOT_READY),
        ConditionStatus::Unknown => Some(UNREACHABLE),
        ConditionStatus::True => None,
    };
    let full_disruption = w.state.nodes.iter().all(|n| n.ready() != ConditionStatus::True);
    let mut changed_any = false;
    {
        let n = &mut w.state.nodes[i];
        let before = n.taints.len();
        n.taints.retain(|t| {
            let controller_noschedule = t.effect == "NoSchedule" && [NOT_READY, UNREACHABLE, UNSCHEDULABLE].contains(&t.key.as_str());
            let controller_noexecute = t.effect == "NoExecute" && [NOT_READY, UNREACHABLE].contains(&t.key.as_str());
            (!controller_noschedule || want_noschedule.contains(&t.key.as_str())) && (!controller_noexecute || (!full_disruption && want_noexecute == Some(t.key.as_str())))
        });
        changed_any |= n.taints.len() != before;
        for key in &want_noschedule {
            if !n.has_taint(key, "NoSchedule") {
                n.taints.push(Taint { key: (*key).to_owned(), value: None, effect: "NoSchedule".to_owned(), time_added: None });
                changed_any = true;
            }
        }
    }
    if let Some(key) = want_noexecute.filter(|_| !full_disruption) {
        if !w.state.nodes[i].has_taint(key, "NoExecute") {
            // the per-zone rate limiter: one node every 10 s, burst 1
            let at = w.nlc_next_taint.max(now);
            if at <= now {
                w.state.nodes[i].taints.push(Taint { key: key.to_owned(), value: None, effect: "NoExecute".to_owned(), time_added: Some(now) });
                w.nlc_next_taint = now.plus_ms(TAINT_INTERVAL_MS);
                changed_any = true;
            } else if w.nlc_taint_waiting.insert(node.to_owned()) {
                w.nlc_next_taint = at.plus_ms(TAINT_INTERVAL_MS);
                w.schedule(at, Timer::NodeTaint { node: node.to_owned() });
            }
        }
    }
    if changed_any {
        changed(w, node);
    }
    if full_disruption && !w.nlc_full_disruption {
        w.nlc_full_disruption = true;
        let others: Vec<String> = w.state.nodes.iter().map(|n| n.name.clone()).filter(|n| n != node).collect();
        for other in others {
            sync_taints(w, &other);
        }
    } else if !full_disruption && w.nlc_full_disruption {
        w.nlc_full_disruption = false;
        let others: Vec<String> = w.state.nodes.iter().map(|n| n.name.clone()).filter(|n| n != node).collect();
        for other in others {
            sync_taints(w, &other);
        }
    }
}

/// A rate-limited NoExecute taint is due.
pub(crate) fn taint_due(w: &mut World, node: &str) {
    w.nlc_taint_waiting.remove(node);
    let Some(i) = index(w, node) else { return };
    let full_disruption = w.state.nodes.iter().all(|n| n.ready() != ConditionStatus::True);
    let key = match w.state.nodes[i].ready() {
        ConditionStatus::False => NOT_READY,
        ConditionStatus::Unknown => UNREACHABLE,
        ConditionStatus::True => return,
    };
    if full_disruption || w.state.nodes[i].has_taint(key, "NoExecute") {
        return;
    }
    let now = w.now();
    w.state.nodes[i].taints.push(Taint { key: key.to_owned(), value: None, effect: "NoExecute".to_owned(), time_added: Some(now) });
    changed(w, node);
}

/// `node-up NODE`: the kubelet reaches the API server again (§9.1). A deleted Node object is
/// registered again (a real kubelet needs a restart for that, R5).
pub(crate) fn node_up(w: &mut World, node: &str) -> Result<(), String> {
    let now = w.now();
    if index(w, node).is_none() {
        let Some(mut n) = w.removed_nodes.remove(node) else { return Err(not_found(node)) };
        n.down_since = None;
        n.created = now;
        n.unschedulable = false;
        n.taints.clear();
        n.conditions = healthy_conditions(now);
        w.state.nodes.push(n);
        w.state.nodes.sort_by(|a, b| a.name.cmp(&b.name));
        w.record("", "Node", node, node, EventType::Normal, "RegisteredNode", format!("Node {node} event: Registered Node {node} in Controller"), CONTROLLER);
        w.node_epoch.entry(node.to_owned()).and_modify(|e| *e += 1);
        changed(w, node);
        super::kubelet::node_up(w, node);
        return Ok(());
    }
    let i = index(w, node).unwrap_or(0);
    if w.state.nodes[i].down_since.is_none() {
        return Err(format!("node {node} is up already"));
    }
    w.state.nodes[i].down_since = None;
    w.node_epoch.entry(node.to_owned()).and_modify(|e| *e += 1);
    let was_ready = w.state.nodes[i].ready() == ConditionStatus::True;
    let fresh = healthy_conditions(now);
    for c in &mut w.state.nodes[i].conditions {
        c.heartbeat = now;
        if let Some(f) = fresh.iter().find(|f| f.type_ == c.type_) {
            if c.status != f.status {
                c.status = f.status;
                c.reason = f.reason.clone();
                c.message = f.message.clone();
                c.transition = now;
            }
        }
    }
    if !was_ready {
        record_status(w, node, "NodeReady");
    }
    sync_taints(w, node);
    w.touch();
    super::kubelet::node_up(w, node);
    Ok(())
}

/// `kubectl delete node NODE`: the object goes (`RemovingNode`); the machine stays.
pub(crate) fn delete(w: &mut World, node: &str) -> Result<(), String> {
    let Some(i) = index(w, node) else { return Err(not_found(node)) };
    let n = w.state.nodes.remove(i);
    w.record("", "Node", node, node, EventType::Normal, "RemovingNode", format!("Node {node} event: Removing Node {node} from Controller"), CONTROLLER);
    w.removed_nodes.insert(node.to_owned(), n);
    changed(w, node);
    // the other nodes' zone state may change (one node fewer)
    let others: Vec<String> = w.state.nodes.iter().map(|n| n.name.clone()).collect();
    for other in others {
        sync_taints(w, &other);
    }
    Ok(())
}

/// `spec.unschedulable` changed (`kubectl cordon|uncordon`): the controller's
/// `node.kubernetes.io/unschedulable:NoSchedule` taint follows.
pub(crate) fn unschedulable_changed(w: &mut World, node: &str) {
    sync_taints(w, node);
    changed(w, node);
}

/// A taint as `kubectl taint` writes it: `KEY[=VALUE]:EFFECT`, or `KEY[:EFFECT]-` to remove.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaintSpec {
    /// The key.
    pub key: String,
    /// The value (empty: none).
    pub value: String,
    /// The effect (empty only in a removal of every effect of the key).
    pub effect: String,
    /// A removal (`…-`).
    pub remove: bool,
}

impl TaintSpec {
    /// `Taint.ToString`.
    fn to_text(&self) -> String {
        match (self.value.is_empty(), self.effect.is_empty()) {
            (true, true) => self.key.clone(),
            (false, true) => format!("{}={}:", self.key, self.value),
            (true, false) => format!("{}:{}", self.key, self.effect),
            (false, false) => format!("{}={}:{}", self.key, self.value, self.effect),
        }
    }
}

/// The effects a taint may have.
pub const EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// Parses the taint arguments of `kubectl taint` (`pkg/cmd/taint/utils.go :: parseTaints,
/// parseTaint, validateTaintEffect`).
pub fn parse_taints(specs: &[String]) -> Result<Vec<TaintSpec>, String> {
    let mut out: Vec<TaintSpec> = Vec::new();
    for spec in specs {
        let (text, remove) = match spec.strip_suffix('-') {
            Some(t) => (t, true),
            None => (spec.as_str(), false),
        };
        let mut t = parse_taint(text)?;
        t.remove = remove;
        if !remove {
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {spec}"));
            }
            if out.iter().any(|o| !o.remove && o.key == t.key && o.effect == t.effect) {
                return Err(format!("duplicated taints with the same key and effect: {{{} {} {} <nil>}}", t.key, t.value, t.effect));
            }
        }
        out.push(t);
    }
    // Validate: a taint both added and removed
    let mut conflicts = Vec::new();
    for add in out.iter().filter(|t| !t.remove) {
        for rm in out.iter().filter(|t| t.remove && t.key == add.key) {
            if rm.effect.is_empty() || rm.effect == add.effect {
                conflicts.push(format!("{}={}", rm.key, rm.effect));
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(format!("can not both modify and remove the following taint(s) in the same command: {}", conflicts.join(", ")));
    }
    Ok(out)
}

fn parse_taint(st: &str) -> Result<TaintSpec, String> {
    let parts: Vec<&str> = st.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => ((*key).to_owned(), String::new(), String::new()),
        [kv, effect] => {
            if !EFFECTS.contains(effect) {
                return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            if kv.len() > 2 {
                return Err(format!("invalid taint spec: {st}"));
            }
            let value = kv.get(1).map(|v| (*v).to_owned()).unwrap_or_default();
            let errs = crate::apiserver::names::is_valid_label_value(&value);
            if !errs.is_empty() {
                return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
            }
            (kv[0].to_owned(), value, (*effect).to_owned())
        }
        _ => return Err(format!("invalid taint spec: {st}")),
    };
    let errs = crate::apiserver::names::is_qualified_name(&key);
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
    }
    Ok(TaintSpec { key, value, effect, remove: false })
}

/// `kubectl taint nodes NODE SPEC… [--overwrite]` (`pkg/cmd/taint/taint.go :: updateTaints;
/// utils.go :: checkIfTaintsAlreadyExists, reorganizeTaints`): the line kubectl prints, or
/// its error. The new taints come first in `spec.taints`, as kubectl writes them.
pub(crate) fn taint(w: &mut World, node: &str, specs: &[TaintSpec], overwrite: bool) -> Result<String, String> {
    let Some(i) = index(w, node) else { return Err(not_found(node)) };
    let old = w.state.nodes[i].taints.clone();
    let to_add: Vec<&TaintSpec> = specs.iter().filter(|s| !s.remove).collect();
    if !overwrite {
        let exists: Vec<&str> = to_add.iter().filter(|a| old.iter().any(|o| o.key == a.key && o.effect == a.effect)).map(|a| a.key.as_str()).collect();
        if !exists.is_empty() {
            return Err(format!("node {node} already has {} taint(s) with same effect(s) and --overwrite is false", exists.join(",")));
        }
    }
    let mut new: Vec<Taint> = to_add.iter().map(|a| Taint { key: a.key.clone(), value: (!a.value.is_empty()).then(|| a.value.clone()), effect: a.effect.clone(), time_added: None }).collect();
    for o in &old {
        if !new.iter().any(|n| n.key == o.key && n.effect == o.effect) {
            new.push(o.clone());
        }
    }
    let added = old.len() != new.len();
    let mut deleted = false;
    for rm in specs.iter().filter(|s| s.remove) {
        let before = new.len();
        new.retain(|t| !(t.key == rm.key && (rm.effect.is_empty() || t.effect == rm.effect)));
        deleted = new.len() != before;
        if !deleted {
            return Err(format!("taint {:?} not found", rm.to_text()));
        }
    }
    let word = if (added && deleted) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    w.state.nodes[i].taints = new;
    changed(w, node);
    Ok(format!("node/{node} {word}"))
}
