//! "Why not a Deployment?": the StatefulSet of a manifest, the nearest Deployment and the
//! nearest DaemonSet ([`crate::convert`]) played side by side on one simulated cluster, each in
//! a namespace of its own, with the same moves on both (delete a pod, scale up and down, lose a node, roll an
//! image). After each move the comparison says what each controller did, in the order it did
//! it, and names the difference from what happened, not from a script.

use crate::sim::events::{Kind, SimEvent, Verb};
use crate::sim::model::{ObjectKey, Pod};
use crate::sim::views::Resource;
use crate::sim::{Input, SimConfig, SimTime, Simulation};
use serde_json::Value;

/// The namespace of the StatefulSet's lane.
pub const SET_NAMESPACE: &str = "as-statefulset";
/// The namespace of the Deployment's lane.
pub const DEPLOYMENT_NAMESPACE: &str = "as-deployment";
/// The namespace of the DaemonSet's lane.
pub const DAEMONSET_NAMESPACE: &str = "as-daemonset";
/// The lanes: the StatefulSet's, the Deployment's, the DaemonSet's.
pub const LANES: usize = 3;

/// One side of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// `StatefulSet`, `Deployment` or `DaemonSet`.
    pub kind: &'static str,
    /// Its namespace in the shared cluster.
    pub namespace: &'static str,
    /// The workload's name.
    pub name: String,
    /// The manifest applied, as YAML.
    pub manifest: String,
    /// What the StatefulSet says that this kind cannot (empty for the StatefulSet).
    pub dropped: Vec<String>,
}

/// A move played on both lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Delete the first pod of each (the StatefulSet's lowest ordinal, the Deployment's oldest).
    DeletePod,
    /// Two replicas more.
    ScaleUp,
    /// Two replicas fewer (at least one stays).
    ScaleDown,
    /// A node that runs pods of both lanes (else one of the StatefulSet's) stops answering;
    /// seven minutes pass.
    LoseNode,
    /// A new image tag for every container.
    RollImage,
}

impl Move {
    /// Every move, in the order the view offers them.
    pub const ALL: [Move; 5] = [Move::DeletePod, Move::ScaleUp, Move::ScaleDown, Move::LoseNode, Move::RollImage];

    /// The button's words.
    pub fn title(self) -> &'static str {
        match self {
            Move::DeletePod => "Delete a pod",
            Move::ScaleUp => "Scale up by 2",
            Move::ScaleDown => "Scale down by 2",
            Move::LoseNode => "Lose a node",
            Move::RollImage => "Roll a new image",
        }
    }

    /// The move with this id.
    pub fn parse(id: &str) -> Option<Move> {
        Move::ALL.into_iter().find(|m| m.id() == id)
    }

    /// A stable id (for the page, its tests and the lessons' checks).
    pub fn id(self) -> &'static str {
        match self {
            Move::DeletePod => "delete-pod",
            Move::ScaleUp => "scale-up",
            Move::ScaleDown => "scale-down",
            Move::LoseNode => "lose-node",
            Move::RollImage => "roll-image",
        }
    }
}

/// A pod as the view draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodView {
    /// Name.
    pub name: String,
    /// `kubectl get pods` STATUS.
    pub status: String,
    /// Running and Ready.
    pub ready: bool,
    /// Being deleted.
    pub terminating: bool,
    /// The node it is bound to.
    pub node: Option<String>,
    /// The claims it mounts.
    pub claims: Vec<String>,
}

/// What one move did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The move.
    pub played: Move,
    /// What each lane's pods went through, in order, a line each (StatefulSet, Deployment,
    /// DaemonSet).
    pub lanes: [Vec<String>; LANES],
    /// The difference, in a sentence or two, from what happened.
    pub difference: String,
}

/// The two lanes on one cluster.
#[derive(Clone)]
pub struct Comparison {
    sim: Simulation,
    /// The StatefulSet's lane, the Deployment's and the DaemonSet's.
    pub lanes: [Lane; LANES],
    /// Every move played so far, oldest first.
    pub log: Vec<Entry>,
    replicas: i32,
    image_tag: u32,
}

fn documents(text: &str) -> Vec<Value> {
    crate::yaml::parse(text).documents.iter().filter_map(|d| d.root.as_ref()).map(|r| r.to_json()).filter(Value::is_object).collect()
}

fn in_namespace(mut doc: Value, namespace: &str) -> Value {
    if let Some(meta) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("namespace".into(), namespace.into());
    }
    doc
}

fn yaml(docs: &[Value]) -> String {
    docs.iter().map(crate::sim::views::yaml::to_yaml).collect::<Vec<_>>().join("---\n")
}

impl Comparison {
    /// The first StatefulSet of `manifest` and its Deployment and DaemonSet, each with the
    /// Services, Secrets, ConfigMaps and StorageClasses of the manifest, applied and settled. `Err`: why there is nothing to
    /// compare (no StatefulSet, or the server refused it).
    pub fn new(manifest: &str, seed: u64) -> Result<Comparison, String> {
        let docs = documents(manifest);
        let set = docs.iter().find(|d| d["kind"] == "StatefulSet").cloned().ok_or("the editor holds no StatefulSet to compare")?;
        let name = set.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
        let around: Vec<Value> = docs.iter().filter(|d| matches!(d["kind"].as_str(), Some("Service" | "Secret" | "ConfigMap" | "StorageClass"))).cloned().collect();
        let lane = |kind: &'static str, namespace: &'static str, objects: Vec<Value>, dropped: Vec<String>| {
            let mut docs: Vec<Value> = around.iter().cloned().map(|d| in_namespace(d, namespace)).collect();
            docs.extend(objects.into_iter().map(|d| in_namespace(d, namespace)));
            Lane { kind, namespace, name: name.clone(), manifest: yaml(&docs), dropped }
        };
        let deployment = crate::convert::statefulset_to_deployment(&set);
        let daemonset = crate::convert::statefulset_to_daemonset(&set);
        let lanes = [
            lane("StatefulSet", SET_NAMESPACE, vec![set.clone()], Vec::new()),
            lane("Deployment", DEPLOYMENT_NAMESPACE, deployment.objects, deployment.dropped),
            lane("DaemonSet", DAEMONSET_NAMESPACE, daemonset.objects, daemonset.dropped),
        ];
        // each move is watched for at most five minutes of simulated time after it settles
        // what it started (a node failure: seven minutes first); a pod that waits for ever (a
        // missing Secret) does not hold the page longer
        let mut config = SimConfig::auto();
        config.settle_limit_ms = 5 * 60 * 1000;
        let mut sim = Simulation::new(config, seed);
        for lane in &lanes {
            sim.handle(Input::CreateNamespace { name: lane.namespace.to_owned() });
            let r = sim.handle(Input::Apply { manifest: lane.manifest.clone(), source: format!("{}.yaml", lane.kind.to_lowercase()), namespace: None, validate: Default::default() });
            if let Some(e) = r.errors.first() {
                return Err(format!("the {} was refused: {}", lane.kind, e.message));
            }
        }
        let replicas = set.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1) as i32;
        let mut c = Comparison { sim, lanes, log: Vec::new(), replicas, image_tag: 0 };
        c.sim.settle();
        while c.sim.poll_event().is_some() {}
        Ok(c)
    }

    /// The simulation both lanes run on.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// What the storage does to a lane now, a sentence each: where a claim that several pods
    /// share keeps them (a node-local volume pins every pod to its node; a network disk attaches
    /// to one node at a time, and the pods elsewhere wait).
    pub fn storage_notes(&self, lane: usize) -> Vec<String> {
        let state = self.sim.snapshot();
        let ns = self.lanes[lane].namespace;
        let pods: Vec<&Pod> = crate::sim::model::ClusterState::in_namespace(&state.pods, ns).map(|(_, p)| p).filter(|p| !p.meta.terminating()).collect();
        let mut claims: Vec<String> = pods.iter().flat_map(|p| p.claim_names()).collect();
        claims.sort();
        claims.dedup();
        let mut out = Vec::new();
        for claim in claims {
            let users: Vec<&&Pod> = pods.iter().filter(|p| p.claim_names().contains(&claim)).collect();
            if users.len() < 2 {
                continue;
            }
            let volume = state.claims.get(&ObjectKey::new(ns, &claim)).and_then(|c| c.volume.as_ref()).and_then(|v| state.volumes.get(v));
            match volume.and_then(|v| v.node_affinity.clone()) {
                Some(node) => out.push(format!(
                    "The {} pods sharing {claim} all run on {node}: its volume lives on that node's disk, so the scheduler can put them nowhere else, and they write one data directory together.",
                    users.len()
                )),
                None => {
                    let waiting: Vec<&str> = users.iter().filter(|p| !p.running_and_ready() && p.status.node.is_some()).map(|p| p.meta.name.as_str()).collect();
                    let attached: Vec<&str> = state.volume_attachments.values().filter(|a| volume.is_some_and(|v| v.meta.name == a.pv) && a.attached).map(|a| a.node.as_str()).collect();
                    if !waiting.is_empty() {
                        out.push(format!(
                            "{} pods share the ReadWriteOnce claim {claim}; its disk is attached to {} and can be attached to one node at a time, so {} wait{} on other nodes (Multi-Attach).",
                            users.len(),
                            if attached.is_empty() { "no node yet".to_owned() } else { attached.join(", ") },
                            waiting.join(", "),
                            if waiting.len() == 1 { "s" } else { "" }
                        ));
                    }
                }
            }
        }
        out
    }

    /// The pods of a lane (0: the StatefulSet's, 1: the Deployment's, 2: the DaemonSet's), by
    /// name.
    pub fn pods(&self, lane: usize) -> Vec<PodView> {
        let ns = self.lanes[lane].namespace;
        crate::sim::model::ClusterState::in_namespace(&self.sim.snapshot().pods, ns)
            .map(|(_, p)| PodView {
                name: p.meta.name.clone(),
                status: crate::sim::views::get::pod_status(p),
                ready: p.running_and_ready(),
                terminating: p.meta.terminating(),
                node: p.status.node.clone(),
                claims: p.claim_names(),
            })
            .collect()
    }

    fn first_pod(&self, lane: usize) -> Option<Pod> {
        let ns = self.lanes[lane].namespace;
        let pods: Vec<&Pod> = crate::sim::model::ClusterState::in_namespace(&self.sim.snapshot().pods, ns).map(|(_, p)| p).filter(|p| !p.meta.terminating()).collect();
        if lane == 0 {
            pods.into_iter().min_by_key(|p| p.parent_ordinal.as_ref().map_or(i32::MAX, |(_, o)| *o)).cloned()
        } else {
            pods.into_iter().min_by_key(|p| (p.meta.created, p.meta.name.clone())).cloned()
        }
    }

    /// Plays a move on both lanes and says what happened.
    pub fn play(&mut self, played: Move) -> &Entry {
        let start = self.sim.now();
        let mut lost_node = None;
        let mut deleted: [Option<String>; LANES] = [None, None, None];
        match played {
            Move::DeletePod => {
                for lane in 0..LANES {
                    if let Some(p) = self.first_pod(lane) {
                        deleted[lane] = Some(p.meta.name.clone());
                        self.sim.handle(Input::Delete { resource: Resource::Pods, namespace: self.lanes[lane].namespace.to_owned(), name: p.meta.name, cascade: crate::sim::Cascade::Background, grace_period_s: None });
                    }
                }
            }
            Move::ScaleUp | Move::ScaleDown => {
                self.replicas = if played == Move::ScaleUp { self.replicas + 2 } else { (self.replicas - 2).max(1) };
                // a DaemonSet has no replicas: one pod per node, whatever is asked
                for (lane, resource) in [(0, Resource::StatefulSets), (1, Resource::Deployments)] {
                    self.sim.handle(Input::Scale { resource, namespace: self.lanes[lane].namespace.to_owned(), name: self.lanes[lane].name.clone(), replicas: self.replicas });
                }
            }
            Move::LoseNode => {
                let nodes_of = |lane: usize| self.pods(lane).into_iter().filter(|p| !p.terminating).filter_map(|p| p.node).collect::<Vec<_>>();
                let (set_nodes, deploy_nodes) = (nodes_of(0), nodes_of(1));
                let shared = set_nodes.iter().find(|n| deploy_nodes.contains(n)).cloned();
                if let Some(node) = shared.or_else(|| set_nodes.first().cloned()) {
                    self.sim.handle(Input::NodeDown { node: node.clone() });
                    lost_node = Some(node);
                }
            }
            Move::RollImage => {
                self.image_tag += 1;
                for (lane, resource) in [(0, Resource::StatefulSets), (1, Resource::Deployments), (2, Resource::DaemonSets)] {
                    let images: Vec<(String, String)> = self
                        .sim
                        .snapshot()
                        .pods
                        .values()
                        .find(|p| p.meta.namespace == self.lanes[lane].namespace)
                        .map(|p| p.spec.containers.iter().map(|c| (c.name.clone(), retag(c.image.as_deref().unwrap_or(""), self.image_tag))).collect())
                        .unwrap_or_default();
                    for (container, image) in images {
                        self.sim.handle(Input::SetImage { resource, namespace: self.lanes[lane].namespace.to_owned(), name: self.lanes[lane].name.clone(), container, image });
                    }
                }
            }
        }
        if lost_node.is_some() {
            self.sim.advance_to(start.plus_ms(7 * 60 * 1000));
        }
        self.sim.settle();
        let writes = self.pod_writes(start);
        let lanes = [self.describe(0, &writes[0], start), self.describe(1, &writes[1], start), self.describe(2, &writes[2], start)];
        let difference = self.difference(played, &writes, &deleted, lost_node.as_deref());
        self.log.push(Entry { played, lanes, difference });
        self.log.last().expect("just pushed")
    }

    /// The pods each lane's controllers created and deleted since `start`, in order.
    fn pod_writes(&mut self, start: SimTime) -> [Vec<(SimTime, Verb, String)>; LANES] {
        let mut out: [Vec<(SimTime, Verb, String)>; LANES] = [Vec::new(), Vec::new(), Vec::new()];
        while let Some(e) = self.sim.poll_event() {
            if let SimEvent::Write { at, verb, kind: Kind::Pod, namespace, name, .. } = e {
                if at < start || verb == Verb::Update {
                    continue;
                }
                if let Some(lane) = self.lanes.iter().position(|l| l.namespace == namespace) {
                    out[lane].push((at, verb, name));
                }
            }
        }
        out
    }

    fn describe(&self, lane: usize, writes: &[(SimTime, Verb, String)], start: SimTime) -> Vec<String> {
        let state = self.sim.snapshot();
        let ns = self.lanes[lane].namespace;
        let mut lines: Vec<String> = writes
            .iter()
            .map(|(at, verb, name)| {
                let when = crate::sim::time::format_duration_ms(at.since(start));
                match verb {
                    Verb::Create => {
                        let pod = state.pods.get(&ObjectKey::new(ns, name));
                        let claims = pod.map(Pod::claim_names).unwrap_or_default();
                        let on = if claims.is_empty() { String::new() } else { format!(" on claim {}", claims.join(", ")) };
                        format!("+{when}: created {name}{on}")
                    }
                    _ => format!("+{when}: deleted {name}"),
                }
            })
            .collect();
        for p in self.pods(lane).iter().filter(|p| !p.ready) {
            let why = if p.terminating { "stuck Terminating".to_owned() } else { format!("not Ready ({})", p.status) };
            lines.push(format!("now: {} is {why}", p.name));
        }
        if lines.is_empty() {
            lines.push("nothing changed".to_owned());
        }
        lines
    }

    fn difference(&self, played: Move, writes: &[Vec<(SimTime, Verb, String)>; LANES], deleted: &[Option<String>; LANES], lost_node: Option<&str>) -> String {
        let both = self.difference_of_two(played, writes, deleted, lost_node);
        let daemon = self.daemonset_part(played, writes, lost_node);
        format!("{both} {daemon}")
    }

    /// What the DaemonSet did, in a sentence.
    fn daemonset_part(&self, played: Move, writes: &[Vec<(SimTime, Verb, String)>; LANES], lost_node: Option<&str>) -> String {
        let created: Vec<&String> = writes[2].iter().filter(|w| w.1 == Verb::Create).map(|w| &w.2).collect();
        let on = |name: &str| self.pods(2).into_iter().find(|p| p.name == name).and_then(|p| p.node).unwrap_or_default();
        match played {
            Move::DeletePod => match created.first() {
                Some(n) => format!("The DaemonSet put a new pod, {n}, back on the same node, {}: one per node, under a new name.", on(n)),
                None => "The DaemonSet has not replaced its pod yet.".to_owned(),
            },
            Move::ScaleUp | Move::ScaleDown => format!("The DaemonSet has no replicas to change: it runs one pod on each of the {} nodes, whatever the count.", self.sim.snapshot().nodes.len()),
            Move::LoseNode => format!(
                "The DaemonSet's pod on {} stays there, tolerating the unreachable node for as long as it lasts, and nothing replaces it elsewhere: its place is that node.",
                lost_node.unwrap_or("the node")
            ),
            Move::RollImage => format!("The DaemonSet replaced its pods node by node ({}), each under a new name.", plural(created.len(), "new pod")),
        }
    }

    fn difference_of_two(&self, played: Move, writes: &[Vec<(SimTime, Verb, String)>; LANES], deleted: &[Option<String>; LANES], lost_node: Option<&str>) -> String {
        let created = |lane: usize| -> Vec<&(SimTime, Verb, String)> { writes[lane].iter().filter(|w| w.1 == Verb::Create).collect() };
        let removed = |lane: usize| -> Vec<&(SimTime, Verb, String)> { writes[lane].iter().filter(|w| w.1 == Verb::Delete).collect() };
        let spread = |lane: usize| -> u64 {
            let c = created(lane);
            match (c.first(), c.last()) {
                (Some(a), Some(b)) => b.0.since(a.0),
                _ => 0,
            }
        };
        match played {
            Move::DeletePod => {
                let set_back = deleted[0].as_ref().is_some_and(|d| created(0).iter().any(|c| &c.2 == d));
                let new_name = created(1).first().map(|c| c.2.clone()).unwrap_or_default();
                let old = deleted[1].clone().unwrap_or_default();
                let set_part = if set_back {
                    format!("The StatefulSet brought {} back under the same name, on the same claim.", deleted[0].clone().unwrap_or_default())
                } else {
                    "The StatefulSet has not brought its pod back yet.".to_owned()
                };
                format!("{set_part} The Deployment replaced {old} with {new_name}: a name nobody knew, so anything that pointed at the old pod points at nothing.")
            }
            Move::ScaleUp => format!(
                "The StatefulSet made its {} one after another, each only once the one before was Ready ({} between the first and the last), each with a claim of its own. The Deployment made its {} at once ({}), all on the one shared claim.",
                plural(created(0).len(), "new pod"),
                crate::sim::time::format_duration_ms(spread(0)),
                created(1).len(),
                crate::sim::time::format_duration_ms(spread(1))
            ),
            Move::ScaleDown => {
                let names = |lane: usize| removed(lane).iter().map(|w| w.2.clone()).collect::<Vec<_>>().join(", ");
                format!("The StatefulSet removed its highest ordinals first, one at a time ({}), and kept their claims for a scale up. The Deployment removed {} in one go, chosen by state and age, not by name.", names(0), names(1))
            }
            Move::LoseNode => {
                let node = lost_node.unwrap_or("the node");
                let set_stuck = self.pods(0).iter().filter(|p| p.terminating).map(|p| p.name.clone()).collect::<Vec<_>>();
                let hanging = self.pods(1).iter().filter(|p| !p.ready && !p.terminating).map(|p| format!("{} ({})", p.name, p.status)).collect::<Vec<_>>();
                let set_part = if set_stuck.is_empty() {
                    format!("{node} went silent; the StatefulSet lost no pod there.")
                } else {
                    format!("{node} went silent. The StatefulSet will not replace {} while it may still run there: two copies of one identity must never run at once, so it waits (delete the Node or force-delete the pod to let it go).", set_stuck.join(", "))
                };
                let made = created(1).len();
                let deploy_part = match (made, hanging.is_empty()) {
                    (0, true) => "The Deployment lost no pod there.".to_owned(),
                    (0, false) => format!("The Deployment lost no pod there; its pods still wait: {}.", hanging.join(", ")),
                    (n, true) => format!("The Deployment replaced what it lost at once, {} elsewhere, and {} running.", plural(n, "new pod"), if n == 1 { "it is" } else { "they are" }),
                    (n, false) => format!("The Deployment replaced what it lost at once, {} elsewhere, but its pods wait: {}.", plural(n, "new pod"), hanging.join(", ")),
                };
                format!("{set_part} {deploy_part}")
            }
            Move::RollImage => {
                let set_part = match created(0).len() {
                    0 => {
                        let key = ObjectKey::new(SET_NAMESPACE, &self.lanes[0].name);
                        let why = crate::sim::why::of(&self.sim, &key).into_iter().next().map(|w| format!(": {}", w.message.trim_end_matches('.'))).unwrap_or_default();
                        format!("The StatefulSet replaced no pod yet: it updates one pod at a time, highest ordinal first, and waits while one is not Ready{why}.")
                    }
                    n => format!("The StatefulSet replaced {} in place, highest ordinal first, one at a time, each under its old name.", plural(n, "pod")),
                };
                format!("{set_part} The Deployment started a new ReplicaSet: {} with new names, the old ones removed as the new ones became available.", plural(created(1).len(), "new pod"))
            }
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The image with a new tag: `postgres:16` → `postgres:16-r1` (the simulator pulls any tag).
fn retag(image: &str, n: u32) -> String {
    let base = image.split('@').next().unwrap_or(image);
    let (repo, tag) = match base.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
        Some((r, t)) => (r, t.split("-r").next().unwrap_or(t).to_owned()),
        None => (base, "latest".to_owned()),
    };
    format!("{repo}:{tag}-r{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide() -> Comparison {
        Comparison::new(crate::examples::GUIDE, 7).expect("the guide compares")
    }

    #[test]
    fn both_lanes_run_the_guides_replicas() {
        let c = guide();
        let ready = |lane| c.pods(lane).iter().filter(|p| p.ready).count();
        assert_eq!(ready(0), 3, "{:?}", c.pods(0));
        assert_eq!(ready(1), 1, "the shared claim lets one replica run: {:?}", c.pods(1));
        assert_eq!(c.pods(2).len(), 3, "one DaemonSet pod per node: {:?}", c.pods(2));
        let notes = c.storage_notes(1);
        assert!(notes.iter().any(|n| n.contains("share the ReadWriteOnce claim data-recovery-demo-db") && n.contains("Multi-Attach")), "{notes:?}");
        assert!(c.storage_notes(0).is_empty(), "the StatefulSet's pods share no claim");
        assert!(c.lanes[2].dropped.iter().any(|d| d.contains("replicas")));
        assert!(c.lanes[1].dropped.iter().any(|d| d.contains("volumeClaimTemplates")));
    }

    #[test]
    fn a_deleted_pod_comes_back_under_its_name_only_in_the_statefulset() {
        let mut c = guide();
        let e = c.play(Move::DeletePod).clone();
        assert!(e.difference.contains("back under the same name"), "{e:?}");
        assert!(e.lanes[0].iter().any(|l| l.contains("created recovery-demo-db-0")), "{e:?}");
        assert!(!e.lanes[1].iter().any(|l| l.contains("created recovery-demo-db-0")), "{e:?}");
    }

    #[test]
    fn scaling_up_is_ordered_in_the_statefulset_and_at_once_in_the_deployment() {
        let mut c = guide();
        let e = c.play(Move::ScaleUp).clone();
        assert!(e.difference.contains("one after another"), "{e:?}");
        let created = |lane: usize| e.lanes[lane].iter().filter(|l| l.contains("created")).count();
        assert_eq!((created(0), created(1)), (2, 2), "{e:?}");
        assert!(e.lanes[1].iter().all(|l| !l.contains("created") || l.starts_with("+0")), "the Deployment's pods come at once: {e:?}");
    }

    #[test]
    fn losing_a_node_strands_the_statefulset_pod_and_every_move_says_something() {
        let mut c = guide();
        for m in Move::ALL {
            let e = c.play(m).clone();
            assert!(!e.difference.is_empty() && e.lanes.iter().all(|l| !l.is_empty()), "{m:?}: {e:?}");
        }
        assert!(c.sim().violations().is_empty(), "{:?}", c.sim().violations());
        let lost = c.log.iter().find(|e| e.played == Move::LoseNode).unwrap();
        assert!(lost.difference.contains("went silent"), "{lost:?}");
    }

    #[test]
    fn a_manifest_without_a_statefulset_has_nothing_to_compare() {
        assert!(Comparison::new("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n", 1).is_err());
        assert_eq!(retag("postgres:16", 1), "postgres:16-r1");
        assert_eq!(retag("postgres:16-r1", 2), "postgres:16-r2");
        assert_eq!(retag("nginx", 1), "nginx:latest-r1");
    }

    #[test]
    fn on_a_node_local_class_the_shared_claim_pins_every_replica_to_one_node() {
        let class = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: local}\nprovisioner: rancher.io/local-path\nvolumeBindingMode: WaitForFirstConsumer\n---\n";
        let guide = crate::examples::GUIDE.replace("      accessModes:", "      storageClassName: local\n      accessModes:");
        assert!(guide.contains("storageClassName: local"));
        let c = Comparison::new(&format!("{class}{guide}"), 7).expect("compares");
        let notes = c.storage_notes(1);
        let nodes: std::collections::BTreeSet<String> = c.pods(1).into_iter().filter_map(|p| p.node).collect();
        assert!(notes.iter().any(|n| n.contains("all run on")), "{notes:?} {:?}", c.pods(1));
        assert_eq!(nodes.len(), 1, "{:?}", c.pods(1));
    }
}
