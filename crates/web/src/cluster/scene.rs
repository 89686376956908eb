//! What the cluster view draws, as plain data derived from the simulation: one group per
//! StatefulSet (or per set that is gone but left pods or claims behind), each a row of
//! columns by ordinal — the pod, its claims, their volumes — and the Services with the DNS
//! names they serve.

use std::collections::{BTreeMap, BTreeSet};

use ordinal_core::sim::dns::{DnsRecord, RecordType};
use ordinal_core::sim::model::{Claim, ClusterState, ContainerState, ObjectKey, Pod, PodPhase, StatefulSet};
use ordinal_core::sim::views::get::pod_status;
use ordinal_core::sim::SimTime;

use ordinal_core::sim::postgres::{self, DbStatus, Postgres};
use super::session::Session;
use super::{ObjKind, ObjRef};

/// Everything drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// The simulated time it shows.
    pub now: SimTime,
    /// StatefulSets and what they left behind.
    pub groups: Vec<Group>,
    /// Services, and the Services that sets name but that do not exist.
    pub services: Vec<ServiceCard>,
    /// The nodes, with what runs on them and what is attached to them.
    pub nodes: Vec<NodeCard>,
    /// PodDisruptionBudgets.
    pub pdbs: Vec<PdbCard>,
    /// Secrets (never their values).
    pub secrets: Vec<SecretCard>,
    /// What backs the data up: CronJobs, Jobs, snapshots, and the files on volumes.
    pub backups: Vec<BackupCard>,
}

/// A card of the backups row.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupCard {
    /// `CronJob`, `Job`, `VolumeSnapshot`, `Files` (on a claim), `Local` (on the learner's side
    /// of the terminal).
    pub kind: &'static str,
    /// The namespace and name (for files: the claim holding them).
    pub namespace: String,
    /// The name.
    pub name: String,
    /// The state in a word or two: `Complete`, `Failed`, `ready`, `next in 5m`.
    pub state: String,
    /// Whether the state is a trouble (a failed Job, a snapshot with an error).
    pub trouble: bool,
    /// Lines of detail, each shown as it is.
    pub lines: Vec<String>,
}

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeHealth {
    /// `Ready`.
    Ready,
    /// Its kubelet stopped answering; the cluster has not noticed yet (grace period).
    Silent,
    /// `NotReady` (its Ready condition is Unknown or False).
    NotReady,
}

/// A node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCard {
    /// The object.
    pub obj: ObjRef,
    /// `Ready`, `NotReady,SchedulingDisabled`, … as `kubectl get nodes` prints it.
    pub status: String,
    /// How it is drawn.
    pub health: NodeHealth,
    /// `spec.unschedulable`.
    pub cordoned: bool,
    /// Its kubelet does not reach the API server (`node-down`).
    pub down: bool,
    /// Its taints, `key:Effect` with the `node.kubernetes.io/` prefix dropped.
    pub taints: Vec<String>,
    /// It carries the out-of-service taint.
    pub out_of_service: bool,
    /// The pods bound to it: (pod, state).
    pub pods: Vec<(ObjRef, PodState)>,
    /// The volumes attached to it: (PV, the claim it belongs to).
    pub volumes: Vec<(String, String)>,
    /// A drain of it is running: what it last printed.
    pub draining: Option<String>,
}

/// A PodDisruptionBudget, as `kubectl get pdb` shows it, with the evictions it refused.
#[derive(Clone, Debug, PartialEq)]
pub struct PdbCard {
    /// The object.
    pub obj: ObjRef,
    /// `maxUnavailable 1`, `minAvailable 2`.
    pub budget: String,
    /// `disruptionsAllowed`.
    pub allowed: i32,
    /// `currentHealthy`.
    pub healthy: i32,
    /// `desiredHealthy`.
    pub desired: i32,
    /// `expectedPods`.
    pub expected: i32,
    /// The selector, `app=recovery-demo`.
    pub selector: String,
    /// Pods it selects (in its namespace).
    pub selects: usize,
    /// Evictions it refused (429) so far, and the pod of the last one.
    pub refused: usize,
    /// The pod the last refusal was for.
    pub last_refused: Option<String>,
}

/// A Secret: its name, type and keys, never its values.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretCard {
    /// The object.
    pub obj: ObjRef,
    /// `Opaque`, …
    pub type_: String,
    /// Its keys.
    pub keys: Vec<String>,
}

/// A StatefulSet's pods and claims, by ordinal.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The namespace.
    pub namespace: String,
    /// The set's name (also when it is gone).
    pub name: String,
    /// The set, when it exists.
    pub set: Option<SetCard>,
    /// One column per ordinal that has a pod or a claim.
    pub columns: Vec<Column>,
}

/// A StatefulSet.
#[derive(Clone, Debug, PartialEq)]
pub struct SetCard {
    /// The object.
    pub obj: ObjRef,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `status.readyReplicas`.
    pub ready: i32,
    /// `status.replicas` (pods that exist).
    pub existing: i32,
    /// `OrderedReady` or `Parallel`.
    pub policy: String,
    /// `RollingUpdate` or `OnDelete`.
    pub strategy: String,
    /// `rollingUpdate.partition`.
    pub partition: Option<i32>,
    /// `ordinals.start`.
    pub start: i32,
    /// `status.currentRevision`.
    pub current_revision: String,
    /// `status.updateRevision`.
    pub update_revision: String,
    /// `(container, image)` of the template.
    pub images: Vec<(String, String)>,
    /// `serviceName`.
    pub service_name: String,
    /// Whether a Service of that name exists in the namespace.
    pub service_found: bool,
    /// The set is being deleted.
    pub terminating: bool,
    /// `persistentVolumeClaimRetentionPolicy` (whenDeleted, whenScaled).
    pub retention: (String, String),
    /// Why the set is not complete ([`ordinal_core::sim::why`]): code, sentence, pods, and the
    /// manifest's field behind it.
    pub waiting: Vec<(&'static str, String, Vec<String>, Option<&'static str>)>,
}

/// One ordinal.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The ordinal.
    pub ordinal: i32,
    /// Whether the set wants a pod at this ordinal (`start ≤ ordinal < start + replicas`).
    pub wanted: bool,
    /// The pod, if there is one.
    pub pod: Option<PodCard>,
    /// Its claims (one per claim template), present or not.
    pub claims: Vec<ClaimCard>,
}

/// How a pod is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodState {
    /// Not on a node yet, or waiting for its claim.
    Pending,
    /// On a node: sandbox, image pull, container start.
    Creating,
    /// Running, not Ready (0/1).
    Running,
    /// Running and Ready (1/1).
    Ready,
    /// Deletion requested.
    Terminating,
    /// An error state: image pull failure, crash loop.
    Trouble,
    /// Ended: Failed (evicted, killed) or Succeeded.
    Ended,
}

impl PodState {
    /// The CSS modifier.
    pub fn class(self) -> &'static str {
        match self {
            PodState::Pending => "is-pending",
            PodState::Creating => "is-creating",
            PodState::Running => "is-running",
            PodState::Ready => "is-ready",
            PodState::Terminating => "is-terminating",
            PodState::Trouble => "is-trouble",
            PodState::Ended => "is-ended",
        }
    }
}

/// A pod.
#[derive(Clone, Debug, PartialEq)]
pub struct PodCard {
    /// The object.
    pub obj: ObjRef,
    /// Its uid (a recreated pod is a new card).
    pub uid: String,
    /// How it is drawn.
    pub state: PodState,
    /// The big label: `Pending`, `ContainerCreating`, `Running 0/1`, `Ready 1/1`,
    /// `Terminating`, `CrashLoopBackOff`, …
    pub label: String,
    /// Container restarts.
    pub restarts: u32,
    /// The node it runs on.
    pub node: Option<String>,
    /// Its IP.
    pub ip: Option<String>,
    /// Its `controller-revision-hash`.
    pub revision: String,
    /// Its revision is not the set's update revision.
    pub outdated: bool,
    /// A reason its set is not complete names it.
    pub waited_on: bool,
    /// Its DNS name, when the cluster DNS answers it.
    pub dns: Option<String>,
    /// Its database, for postgres pods.
    pub db: Option<DbStatus>,
    /// No StatefulSet owns it.
    pub orphan: bool,
    /// Why it is stuck, and what would free it ([`ordinal_core::sim::stuck`]).
    pub stuck: Option<StuckNote>,
    /// The rows of its database when `PGDATA` is on no volume: in the container's own
    /// filesystem, lost with it.
    pub container_rows: Option<u64>,
}

/// A stuck pod's reason, for its card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StuckNote {
    /// The short title.
    pub title: String,
    /// The sentence.
    pub message: String,
    /// The ways out.
    pub frees: Vec<String>,
}

/// A claim (present or not yet created).
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimCard {
    /// The object.
    pub obj: ObjRef,
    /// `Pending`, `Bound`, `Lost`, `Terminating`, or `Missing` when it does not exist.
    pub phase: String,
    /// The capacity of its volume.
    pub capacity: Option<String>,
    /// Its volume.
    pub volume: Option<VolumeCard>,
    /// Rows of the database on its volume.
    pub rows: Option<u64>,
    /// A pod that exists mounts it.
    pub in_use: bool,
}

/// A PersistentVolume.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeCard {
    /// The object.
    pub obj: ObjRef,
    /// `Bound`, `Released`, …
    pub phase: String,
    /// `Delete` or `Retain`.
    pub reclaim: String,
    /// The nodes it is attached to (VolumeAttachments).
    pub attached: Vec<String>,
    /// A node-local volume: the node whose disk holds it (it never attaches elsewhere).
    pub local_to: Option<String>,
}

/// A Service, or a Service a set names that does not exist.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceCard {
    /// The object.
    pub obj: ObjRef,
    /// It does not exist (a set's `serviceName` names it).
    pub missing: bool,
    /// Its own DNS name: `web.default.svc.cluster.local`.
    pub fqdn: String,
    /// `clusterIP: None`.
    pub headless: bool,
    /// The cluster IP (`None` for headless).
    pub cluster_ip: String,
    /// `app=recovery-demo`.
    pub selector: String,
    /// `5432/TCP`.
    pub ports: String,
    /// The per-pod names the DNS answers, with their address.
    pub names: Vec<DnsName>,
    /// The addresses of the Service's own name.
    pub addresses: Vec<String>,
    /// SRV records it serves.
    pub srv: usize,
    /// The sets whose `serviceName` it is.
    pub sets: Vec<String>,
}

/// A DNS name and its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsName {
    /// The fully qualified name.
    pub name: String,
    /// Its A record.
    pub ip: String,
    /// The pod it belongs to.
    pub pod: String,
}

/// The big label and state of a pod.
pub fn pod_label(pod: &Pod) -> (PodState, String) {
    let status = pod_status(pod);
    let (ready, total) = pod.ready_counts();
    if pod.meta.terminating() && !pod.status.phase.is_terminal() {
        return (PodState::Terminating, "Terminating".to_owned());
    }
    match pod.status.phase {
        PodPhase::Failed | PodPhase::Succeeded => (PodState::Ended, status),
        PodPhase::Running if status == "Running" => {
            if pod.status.ready {
                (PodState::Ready, format!("Ready {ready}/{total}"))
            } else {
                (PodState::Running, format!("Running {ready}/{total}"))
            }
        }
        PodPhase::Running => (PodState::Trouble, status),
        PodPhase::Pending => match &pod.status.container {
            Some(ContainerState::Waiting { reason, .. }) if reason == "ContainerCreating" => (PodState::Creating, status),
            Some(ContainerState::Waiting { .. }) => (PodState::Trouble, status),
            _ if pod.status.node.is_some() => (PodState::Creating, "ContainerCreating".to_owned()),
            _ => (PodState::Pending, status),
        },
    }
}

/// The claims that pods use: (namespace, claim).
type InUse = BTreeSet<(String, String)>;

fn claim_card(state: &ClusterState, db: &Postgres, in_use: &InUse, namespace: &str, name: &str) -> ClaimCard {
    let obj = ObjRef::new(ObjKind::Claim, namespace, name);
    let in_use = in_use.contains(&(namespace.to_owned(), name.to_owned()));
    let Some(c) = state.claims.get(&ObjectKey::new(namespace, name)) else {
        return ClaimCard { obj, phase: "Missing".to_owned(), capacity: None, volume: None, rows: None, in_use };
    };
    let volume = c.volume.as_ref().and_then(|v| state.volumes.get(v)).map(|v| VolumeCard {
        obj: ObjRef::new(ObjKind::Volume, "", &v.meta.name),
        phase: v.phase.clone(),
        reclaim: v.reclaim_policy.clone(),
        attached: state.volume_attachments.values().filter(|va| va.pv == v.meta.name).map(|va| va.node.clone()).collect(),
        local_to: v.node_affinity.clone(),
    });
    let rows = c.volume.as_ref().and_then(|v| db.data(v)).filter(|d| d.initialized).map(|d| d.rows());
    ClaimCard { obj, phase: claim_phase(c), capacity: c.capacity.clone(), volume, rows, in_use }
}

fn claim_phase(c: &Claim) -> String {
    if c.meta.terminating() {
        "Terminating".to_owned()
    } else {
        c.phase.as_str().to_owned()
    }
}

fn pod_card(pod: &Pod, set: Option<&StatefulSet>, db: &Postgres, names: &BTreeMap<String, String>, domain: &str, now: SimTime) -> PodCard {
    let (state, label) = pod_label(pod);
    let fqdn = match (&pod.spec.hostname, &pod.spec.subdomain) {
        (Some(h), Some(s)) => Some(format!("{h}.{s}.{}.svc.{domain}", pod.meta.namespace)),
        _ => None,
    };
    let key = pod.meta.key();
    PodCard {
        obj: ObjRef::new(ObjKind::Pod, &pod.meta.namespace, &pod.meta.name),
        uid: pod.meta.uid.clone(),
        state,
        label,
        restarts: pod.status.restarts,
        node: pod.status.node.clone(),
        ip: pod.status.ip.map(|ip| ip.to_string()),
        revision: pod.revision().to_owned(),
        outdated: set.is_some_and(|s| !s.status.update_revision.is_empty() && pod.revision() != s.status.update_revision),
        waited_on: false,
        dns: fqdn.filter(|n| names.contains_key(n)),
        db: postgres::is_postgres(pod).then(|| db.status(&key, &pod.meta.uid, now)),
        orphan: pod.meta.controller().is_none(),
        stuck: None,
        container_rows: db.container_rows(pod),
    }
}

fn set_card(state: &ClusterState, s: &StatefulSet) -> SetCard {
    let f = s.facts();
    let spec = &s.spec;
    let images = spec.template.spec.as_ref().map(|p| p.containers.iter().map(|c| (c.name.clone(), c.image.clone().unwrap_or_default())).collect()).unwrap_or_default();
    let retention = spec.persistent_volume_claim_retention_policy.as_ref();
    SetCard {
        obj: ObjRef::new(ObjKind::StatefulSet, &s.meta.namespace, &s.meta.name),
        replicas: f.replicas,
        ready: s.status.ready_replicas,
        existing: s.status.replicas,
        policy: spec.pod_management_policy.clone().unwrap_or_else(|| "OrderedReady".to_owned()),
        strategy: if f.on_delete { "OnDelete".to_owned() } else { "RollingUpdate".to_owned() },
        partition: f.partition,
        start: f.start,
        current_revision: s.status.current_revision.clone(),
        update_revision: s.status.update_revision.clone(),
        images,
        service_found: state.services.contains_key(&ObjectKey::new(&s.meta.namespace, &f.service_name)),
        service_name: f.service_name,
        terminating: s.meta.terminating(),
        retention: (
            retention.and_then(|r| r.when_deleted.clone()).unwrap_or_else(|| "Retain".to_owned()),
            retention.and_then(|r| r.when_scaled.clone()).unwrap_or_else(|| "Retain".to_owned()),
        ),
        waiting: Vec::new(),
    }
}

/// The ordinal at the end of `<prefix>-<ordinal>`.
fn ordinal_after(name: &str, prefix: &str) -> Option<i32> {
    let rest = name.strip_prefix(prefix)?.strip_prefix('-')?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || (rest.len() > 1 && rest.starts_with('0')) {
        return None;
    }
    rest.parse().ok()
}

/// A set the session has seen: enough to keep drawing its claims once it is gone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct KnownSet {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Its claim templates' names.
    pub templates: Vec<String>,
}

impl KnownSet {
    /// The sets of a cluster state.
    pub fn of(state: &ClusterState) -> impl Iterator<Item = KnownSet> + '_ {
        state.statefulsets.values().map(|set| KnownSet { namespace: set.meta.namespace.clone(), name: set.meta.name.clone(), templates: set.claim_template_names() })
    }
}

impl Scene {
    /// The scene of a session now.
    pub fn of(session: &Session) -> Scene {
        Scene::of_sim(session.sim(), session.known_sets())
    }

    /// The scene of a lesson's lab now, which keeps no history of the sets it has seen: those
    /// that exist are the ones drawn.
    pub fn of_lab(sim: &ordinal_core::sim::Simulation) -> Scene {
        Scene::of_sim(sim, &KnownSet::of(sim.snapshot()).collect())
    }

    /// The scene of a simulation now, `known` the sets whose claims stay drawn under their name
    /// once they are gone.
    pub fn of_sim(sim: &ordinal_core::sim::Simulation, known: &BTreeSet<KnownSet>) -> Scene {
        let mut scene = Scene::build(sim.snapshot(), &sim.dns_records(), sim.databases(), known, &sim.config().cluster_domain);
        let state = sim.snapshot();
        scene.backups = backup_cards(state, &sim.clock(), sim.local_files());
        for g in &mut scene.groups {
            // what keeps the set from being complete, and the pods it names
            if let Some(set) = g.set.as_mut() {
                set.waiting = ordinal_core::sim::why::of(sim, &ObjectKey::new(&g.namespace, &g.name)).into_iter().map(|w| (w.code.as_str(), w.message, w.pods, w.field)).collect();
            }
            let named: BTreeSet<String> = g.set.iter().flat_map(|s| s.waiting.iter().flat_map(|(_, _, pods, _)| pods.iter().cloned())).collect();
            for c in &mut g.columns {
                let Some(card) = c.pod.as_mut() else { continue };
                card.waited_on = named.contains(&card.obj.name);
                let Some(pod) = state.pods.get(&ObjectKey::new(&card.obj.namespace, &card.obj.name)) else { continue };
                card.stuck = ordinal_core::sim::stuck::why(sim, pod).map(|s| StuckNote { title: s.code.title().to_owned(), message: s.message, frees: s.frees });
            }
        }
        // what the drains printed: the evictions each budget refused, each node's drain
        let refusal = "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.";
        for d in sim.drains() {
            for line in d.stderr.iter().filter(|l| l.ends_with(refusal)) {
                let Some((pod, namespace)) = refused_pod(line) else { continue };
                let Some(p) = state.pods.get(&ObjectKey::new(&namespace, &pod)) else { continue };
                for card in scene.pdbs.iter_mut().filter(|c| c.obj.namespace == namespace) {
                    let pdb = &state.pdbs[&ObjectKey::new(&card.obj.namespace, &card.obj.name)];
                    if ordinal_core::sim::disruption::selects(pdb, p) {
                        card.refused += 1;
                        card.last_refused = Some(pod.clone());
                    }
                }
            }
            if d.running {
                if let Some(card) = scene.nodes.iter_mut().find(|n| n.obj.name == d.node) {
                    let last = d.stderr.last().filter(|_| d.stdout.lines().count() <= d.stderr.len()).cloned().or_else(|| d.stdout.lines().last().map(str::to_owned));
                    card.draining = Some(last.unwrap_or_else(|| format!("node/{} cordoned", d.node)));
                }
            }
        }
        scene
    }

    /// The scene of a cluster state.
    pub fn build(state: &ClusterState, records: &[DnsRecord], db: &Postgres, known: &BTreeSet<KnownSet>, domain: &str) -> Scene {
        let now = state.now;
        let names: BTreeMap<String, String> = records.iter().filter(|r| r.type_ == RecordType::A).map(|r| (r.name.clone(), r.values.first().cloned().unwrap_or_default())).collect();
        let in_use: InUse = state.pods.values().flat_map(|p| p.claim_names().into_iter().map(|c| (p.meta.namespace.clone(), c))).collect();
        let mut used_pods: BTreeSet<ObjectKey> = BTreeSet::new();
        let mut used_claims: BTreeSet<ObjectKey> = BTreeSet::new();
        let mut groups = Vec::new();

        // Live sets, then sets that are gone, each with their pods and claims by ordinal.
        let mut sets: Vec<(String, String, Vec<String>, Option<&StatefulSet>)> =
            state.statefulsets.values().map(|s| (s.meta.namespace.clone(), s.meta.name.clone(), s.claim_template_names(), Some(s))).collect();
        for k in known {
            if !state.statefulsets.contains_key(&ObjectKey::new(&k.namespace, &k.name)) {
                sets.push((k.namespace.clone(), k.name.clone(), k.templates.clone(), None));
            }
        }
        for (namespace, name, templates, set) in sets {
            let mut columns: BTreeMap<i32, (Option<&Pod>, Vec<String>)> = BTreeMap::new();
            let pods: Vec<&Pod> = match set {
                Some(s) => state.pods_of(s),
                None => Vec::new(),
            };
            for p in pods {
                if let Some((_, o)) = &p.parent_ordinal {
                    columns.entry(*o).or_default().0 = Some(p);
                    used_pods.insert(p.meta.key());
                }
            }
            // Pods without an owner that carry the set's name (orphaned, or not yet adopted).
            for (key, p) in ClusterState::in_namespace(&state.pods, &namespace) {
                if p.meta.controller().is_none() && !used_pods.contains(key) {
                    if let Some(o) = ordinal_after(&p.meta.name, &name) {
                        columns.entry(o).or_default().0 = Some(p);
                        used_pods.insert(key.clone());
                    }
                }
            }
            for (key, c) in ClusterState::in_namespace(&state.claims, &namespace) {
                if used_claims.contains(key) {
                    continue;
                }
                for t in &templates {
                    if let Some(o) = ordinal_after(&c.meta.name, &format!("{t}-{name}")) {
                        columns.entry(o).or_default();
                        used_claims.insert(key.clone());
                    }
                }
            }
            let facts = set.map(|s| s.facts());
            if let Some(f) = &facts {
                for o in f.start..f.start + f.replicas.min(500) {
                    columns.entry(o).or_default();
                }
            }
            if columns.is_empty() && set.is_none() {
                continue;
            }
            let columns = columns
                .into_iter()
                .map(|(ordinal, (pod, _))| Column {
                    ordinal,
                    wanted: facts.as_ref().is_some_and(|f| ordinal >= f.start && ordinal < f.start + f.replicas),
                    pod: pod.map(|p| pod_card(p, set, db, &names, domain, now)),
                    claims: templates.iter().map(|t| claim_card(state, db, &in_use, &namespace, &format!("{t}-{name}-{ordinal}"))).collect(),
                })
                .collect();
            groups.push(Group { namespace, name, set: set.map(|s| set_card(state, s)), columns });
        }

        // Whatever no set accounts for: stand-alone pods and claims.
        let loose_pods: Vec<&Pod> = state.pods.iter().filter(|(k, _)| !used_pods.contains(*k)).map(|(_, p)| p).collect();
        let loose_claims: Vec<&Claim> = state.claims.iter().filter(|(k, _)| !used_claims.contains(*k)).map(|(_, c)| c).collect();
        if !loose_pods.is_empty() || !loose_claims.is_empty() {
            let mut columns = Vec::new();
            for (i, p) in loose_pods.iter().enumerate() {
                let claims = p.claim_names().iter().map(|c| claim_card(state, db, &in_use, &p.meta.namespace, c)).collect();
                columns.push(Column { ordinal: i as i32, wanted: false, pod: Some(pod_card(p, None, db, &names, domain, now)), claims });
            }
            for c in loose_claims {
                if !loose_pods.iter().any(|p| p.meta.namespace == c.meta.namespace && p.claim_names().contains(&c.meta.name)) {
                    let ordinal = columns.len() as i32;
                    columns.push(Column { ordinal, wanted: false, pod: None, claims: vec![claim_card(state, db, &in_use, &c.meta.namespace, &c.meta.name)] });
                }
            }
            groups.push(Group { namespace: String::new(), name: String::new(), set: None, columns });
        }

        let mut services: Vec<ServiceCard> = Vec::new();
        for (key, svc) in &state.services {
            let base = format!("{}.{}.svc.{domain}", key.name, key.namespace);
            let mut dns_names: Vec<DnsName> = Vec::new();
            for slice in state.endpoint_slices.get(key).into_iter().flatten() {
                for e in slice.endpoints.iter().filter(|e| e.ready) {
                    let Some(h) = &e.hostname else { continue };
                    let name = format!("{h}.{base}");
                    if let Some(ip) = names.get(&name) {
                        dns_names.push(DnsName { name, ip: ip.clone(), pod: e.pod.clone() });
                    }
                }
            }
            dns_names.sort_by_key(|a| natural(&a.pod));
            let selector = svc.spec.selector.as_ref().map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")).unwrap_or_default();
            let ports = svc
                .spec
                .ports
                .iter()
                .flatten()
                .map(|p| match &p.name {
                    Some(n) if !n.is_empty() => format!("{n}:{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")),
                    _ => format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")),
                })
                .collect::<Vec<_>>()
                .join(",");
            services.push(ServiceCard {
                obj: ObjRef::new(ObjKind::Service, &key.namespace, &key.name),
                missing: false,
                fqdn: base.clone(),
                headless: svc.headless(),
                cluster_ip: svc.spec.cluster_ip.clone().unwrap_or_default(),
                selector,
                ports,
                addresses: records.iter().find(|r| r.type_ == RecordType::A && r.name == base).map(|r| r.values.clone()).unwrap_or_default(),
                srv: records.iter().filter(|r| r.type_ == RecordType::Srv && r.name.ends_with(&format!(".{base}"))).count(),
                names: dns_names,
                sets: state.statefulsets.values().filter(|s| s.meta.namespace == key.namespace && s.facts().service_name == key.name).map(|s| s.meta.name.clone()).collect(),
            });
        }
        for s in state.statefulsets.values() {
            let f = s.facts();
            if f.service_name.is_empty() || state.services.contains_key(&ObjectKey::new(&s.meta.namespace, &f.service_name)) {
                continue;
            }
            let obj = ObjRef::new(ObjKind::Service, &s.meta.namespace, &f.service_name);
            match services.iter_mut().find(|c| c.obj == obj) {
                Some(c) => c.sets.push(s.meta.name.clone()),
                None => services.push(ServiceCard {
                    fqdn: format!("{}.{}.svc.{domain}", obj.name, obj.namespace),
                    obj,
                    missing: true,
                    headless: true,
                    cluster_ip: String::new(),
                    selector: String::new(),
                    ports: String::new(),
                    names: Vec::new(),
                    addresses: Vec::new(),
                    srv: 0,
                    sets: vec![s.meta.name.clone()],
                }),
            }
        }
        let mut nodes: Vec<NodeCard> = state.nodes.iter().map(|n| node_card(state, n, &groups)).collect();
        nodes.sort_by_key(|n| natural(&n.obj.name));
        let pdbs = state.pdbs.iter().map(|(k, p)| pdb_card(state, k, p)).collect();
        let secrets = state
            .others
            .iter()
            .filter(|((kind, _), _)| kind == "Secret")
            .map(|((_, k), o)| SecretCard { obj: ObjRef::new(ObjKind::Secret, &k.namespace, &k.name), type_: o.body.get("type").and_then(|t| t.as_str()).unwrap_or("Opaque").to_owned(), keys: o.data_keys() })
            .collect();
        Scene { now, groups, services, nodes, pdbs, secrets, backups: Vec::new() }
    }

    /// Every object drawn, for checking that a link has a target.
    pub fn objects(&self) -> Vec<ObjRef> {
        let mut out = Vec::new();
        for g in &self.groups {
            out.extend(g.set.as_ref().map(|s| s.obj.clone()));
            for c in &g.columns {
                out.extend(c.pod.as_ref().map(|p| p.obj.clone()));
                for claim in &c.claims {
                    out.push(claim.obj.clone());
                    out.extend(claim.volume.as_ref().map(|v| v.obj.clone()));
                }
            }
        }
        out.extend(self.services.iter().map(|s| s.obj.clone()));
        out.extend(self.nodes.iter().map(|n| n.obj.clone()));
        out.extend(self.pdbs.iter().map(|p| p.obj.clone()));
        out.extend(self.secrets.iter().map(|s| s.obj.clone()));
        out
    }
}

/// The backups row: each CronJob (its schedule, last and next run), each Job (its status and its
/// pods'), each VolumeSnapshot (its source, when, and the rows it holds), and the files
/// containers wrote on each claim's volume (the dumps).
pub(crate) fn backup_cards(state: &ClusterState, clock: &ordinal_core::sim::time::WallClock, local: &std::collections::BTreeMap<String, ordinal_core::sim::client::StoredFile>) -> Vec<BackupCard> {
    use ordinal_core::sim::time::human_duration;
    let now = state.now;
    let mut out = Vec::new();
    for (k, c) in &state.cronjobs {
        let next = ordinal_core::sim::cronjob::next_run(clock, c, now);
        let mut lines = vec![format!("schedule {} (UTC)", c.spec.schedule)];
        lines.push(match c.last_schedule {
            Some(t) => format!("last run {} ago", human_duration(now.since(t))),
            None => "no run yet".to_owned(),
        });
        if !c.active.is_empty() {
            lines.push(format!("running: {}", c.active.join(", ")));
        }
        let state_text = match next {
            _ if c.suspended() => "suspended".to_owned(),
            Some(t) => format!("next in {}", human_duration(t.since(now))),
            None => "no next run".to_owned(),
        };
        out.push(BackupCard { kind: "CronJob", namespace: k.namespace.clone(), name: k.name.clone(), state: state_text, trouble: false, lines });
    }
    for (k, j) in &state.jobs {
        let pods: Vec<String> = state.pods_controlled_by(&k.namespace, &j.meta.uid).into_iter().map(|p| format!("{} {}", p.meta.name, ordinal_core::sim::views::get::pod_status(p))).collect();
        let mut lines = vec![format!("{} succeeded, {} failed", j.completions_text(), j.status.failed)];
        lines.extend(pods);
        let status = j.status_text();
        out.push(BackupCard { kind: "Job", namespace: k.namespace.clone(), name: k.name.clone(), state: status.to_owned(), trouble: status == "Failed", lines });
    }
    for (k, v) in &state.snapshots {
        let rows = v.content.as_ref().and_then(|c| state.snapshot_contents.get(c)).and_then(|c| c.data.as_ref()).map(|d| d.rows());
        let mut lines = vec![format!("of {}", v.source_claim.clone().unwrap_or_default())];
        if let Some(t) = v.creation_time {
            lines.push(format!("taken {} ago", human_duration(now.since(t))));
        }
        if let Some(rows) = rows {
            lines.push(format!("{rows} rows"));
        }
        if let Some((message, _)) = &v.error {
            lines.push(message.clone());
        }
        let ready = v.ready == Some(true);
        out.push(BackupCard { kind: "VolumeSnapshot", namespace: k.namespace.clone(), name: k.name.clone(), state: if ready { "ready".to_owned() } else { "not ready".to_owned() }, trouble: v.error.is_some(), lines });
    }
    for (store, files) in &state.files {
        let Some(pv) = store.strip_prefix("pv/") else { continue };
        let Some((claim_key, _)) = state.volumes.get(pv).and_then(|v| v.claim.clone()) else { continue };
        let lines = files.iter().map(|f| format!("{} {} bytes", f.name, f.bytes)).collect();
        out.push(BackupCard { kind: "Files", namespace: claim_key.namespace.clone(), name: claim_key.name.clone(), state: format!("{} file{}", files.len(), if files.len() == 1 { "" } else { "s" }), trouble: false, lines });
    }
    if !local.is_empty() {
        // what `kubectl exec … > FILE` left on the learner's side: outside the cluster, so
        // deleting claims, volumes or the whole namespace leaves it
        let lines = local
            .values()
            .map(|f| match (&f.dump, f.rows) {
                (Some(_), Some(rows)) => format!("{}: a dump of {rows} rows, {} bytes, {} ago", f.name, f.bytes, human_duration(now.since(f.written))),
                (Some(_), None) => format!("{}: a dump with no table in it, {} bytes", f.name, f.bytes),
                _ => format!("{}: {} bytes", f.name, f.bytes),
            })
            .collect();
        let files = local.len();
        out.push(BackupCard { kind: "Local", namespace: String::new(), name: "your side of the terminal".to_owned(), state: format!("{files} file{}", if files == 1 { "" } else { "s" }), trouble: local.values().any(|f| f.bytes == 0), lines });
    }
    out
}

/// `error when evicting pods/"db-1" -n "scenarios" (will retry …` → (`db-1`, `scenarios`).
fn refused_pod(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("error when evicting pods/\"")?;
    let (pod, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(" -n \"")?;
    let (namespace, _) = rest.split_once('"')?;
    Some((pod.to_owned(), namespace.to_owned()))
}

fn node_card(state: &ClusterState, n: &ordinal_core::sim::model::Node, groups: &[Group]) -> NodeCard {
    use ordinal_core::sim::model::ConditionStatus;
    let health = if n.ready() != ConditionStatus::True {
        NodeHealth::NotReady
    } else if n.down_since.is_some() {
        NodeHealth::Silent
    } else {
        NodeHealth::Ready
    };
    let card_state = |key: &ObjectKey| {
        groups.iter().flat_map(|g| &g.columns).filter_map(|c| c.pod.as_ref()).find(|p| p.obj.namespace == key.namespace && p.obj.name == key.name).map(|p| p.state)
    };
    let mut pods: Vec<(ObjRef, PodState)> = state
        .pods
        .iter()
        .filter(|(_, p)| p.status.node.as_deref() == Some(n.name.as_str()))
        .map(|(k, p)| (ObjRef::new(ObjKind::Pod, &k.namespace, &k.name), card_state(k).unwrap_or_else(|| pod_label(p).0)))
        .collect();
    pods.sort_by_key(|(o, _)| natural(&o.name));
    let volumes = state
        .volume_attachments
        .values()
        .filter(|va| va.node == n.name)
        .map(|va| (va.pv.clone(), state.volumes.get(&va.pv).and_then(|v| v.claim.as_ref()).map(|(k, _)| k.name.clone()).unwrap_or_default()))
        .collect();
    NodeCard {
        obj: ObjRef::new(ObjKind::Node, "", &n.name),
        status: n.status_text(),
        health,
        cordoned: n.unschedulable,
        down: n.down_since.is_some(),
        taints: n.taints.iter().map(|t| format!("{}:{}", t.key.trim_start_matches("node.kubernetes.io/"), t.effect)).collect(),
        out_of_service: n.taints.iter().any(|t| t.key == ordinal_core::sim::nodes::OUT_OF_SERVICE),
        pods,
        volumes,
        draining: None,
    }
}

fn pdb_card(state: &ClusterState, key: &ObjectKey, p: &ordinal_core::sim::model::Pdb) -> PdbCard {
    let budget = p.budget().map(|(k, v)| format!("{k} {v}")).unwrap_or_else(|| "no budget".to_owned());
    let selector = p.selector.as_ref().map(ordinal_core::apiserver::selector::to_string).unwrap_or_default();
    PdbCard {
        obj: ObjRef::new(ObjKind::Pdb, &key.namespace, &key.name),
        budget,
        allowed: p.status.disruptions_allowed,
        healthy: p.status.current_healthy,
        desired: p.status.desired_healthy,
        expected: p.status.expected_pods,
        selector: if selector.is_empty() { "<none>".to_owned() } else { selector },
        selects: ClusterState::in_namespace(&state.pods, &key.namespace).filter(|(_, pod)| ordinal_core::sim::disruption::selects(p, pod)).count(),
        refused: 0,
        last_refused: None,
    }
}

/// Sort key that puts `db-2` before `db-10`.
fn natural(name: &str) -> (String, u64) {
    match name.rsplit_once('-') {
        Some((p, n)) if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() => (p.to_owned(), n.parse().unwrap_or(0)),
        _ => (name.to_owned(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::sim::api::Cascade;
    use ordinal_core::sim::views::Resource;
    use ordinal_core::sim::Input;

    fn session_with(text: &str) -> Session {
        let mut s = Session::default();
        let r = s.run("kubectl apply -f manifest.yaml", Input::Apply { manifest: text.to_owned(), source: "manifest.yaml".into(), namespace: None, validate: Default::default() });
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        s
    }

    fn guide() -> String {
        ordinal_core::examples::GUIDE.replace("namespace: scenarios", "namespace: default")
    }

    #[test]
    fn draws_the_guide_set_with_claims_volumes_and_dns_for_ready_pods_only() {
        let mut s = session_with(&guide());
        s.play_to(SimTime::from_secs(1));
        let scene = Scene::of(&s);
        assert_eq!(scene.groups.len(), 1);
        let g = &scene.groups[0];
        assert_eq!(g.columns.iter().map(|c| c.ordinal).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(g.columns[0].pod.is_some() && g.columns[1].pod.is_none(), "OrderedReady: one pod at a time");
        assert_eq!(g.columns[1].claims[0].phase, "Missing");
        let svc = &scene.services[0];
        assert!(svc.headless && !svc.missing && svc.names.is_empty());

        s.play_to(SimTime::from_secs(120));
        let scene = Scene::of(&s);
        let g = &scene.groups[0];
        let set = g.set.as_ref().unwrap();
        assert_eq!((set.replicas, set.ready, set.policy.as_str()), (3, 3, "OrderedReady"));
        for c in &g.columns {
            let pod = c.pod.as_ref().unwrap();
            assert_eq!(pod.label, "Ready 1/1");
            assert!(pod.node.is_some() && pod.ip.is_some());
            assert_eq!(pod.dns.as_deref(), Some(format!("recovery-demo-db-{}.recovery-demo-headless.default.svc.cluster.local", c.ordinal).as_str()));
            assert_eq!(pod.db, Some(DbStatus::Accepting));
            let claim = &c.claims[0];
            assert_eq!((claim.phase.as_str(), claim.in_use), ("Bound", true));
            assert!(claim.volume.is_some() && claim.rows.unwrap() > 0);
        }
        assert_eq!(scene.services[0].names.len(), 3);
        assert_eq!(scene.services[0].names[0].pod, "recovery-demo-db-0");
        assert_eq!(scene.services[0].sets, ["recovery-demo-db"]);
    }

    #[test]
    fn keeps_claims_after_a_scale_down_and_after_the_set_is_gone() {
        let mut s = session_with(&guide());
        s.play_to(SimTime::from_secs(120));
        s.run("scale", Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: "default".into(), name: "recovery-demo-db".into(), replicas: 1 });
        s.play_to(SimTime::from_secs(200));
        let scene = Scene::of(&s);
        let g = &scene.groups[0];
        assert_eq!(g.columns.len(), 3);
        assert!(g.columns[1].pod.is_none() && !g.columns[1].wanted);
        assert_eq!(g.columns[2].claims[0].phase, "Bound");
        assert!(!g.columns[2].claims[0].in_use && g.columns[2].claims[0].rows.unwrap() > 0);

        s.run("delete", Input::Delete { resource: Resource::StatefulSets, namespace: "default".into(), name: "recovery-demo-db".into(), cascade: Cascade::Background, grace_period_s: None });
        s.play_to(SimTime::from_secs(300));
        let scene = Scene::of(&s);
        let g = &scene.groups[0];
        assert!(g.set.is_none());
        assert_eq!(g.name, "recovery-demo-db");
        assert!(g.columns.iter().all(|c| c.pod.is_none() && c.claims[0].phase == "Bound"));
    }

    #[test]
    fn a_missing_service_is_drawn_as_missing_and_serves_no_names() {
        let text = ordinal_core::examples::GUIDE_STATEFULSET.replace("namespace: scenarios", "namespace: default");
        let mut s = session_with(&text);
        s.play_to(SimTime::from_secs(120));
        let scene = Scene::of(&s);
        let svc = &scene.services[0];
        assert!(svc.missing);
        assert_eq!(svc.obj.name, "recovery-demo-headless");
        assert!(!scene.groups[0].set.as_ref().unwrap().service_found);
        assert!(scene.groups[0].columns.iter().all(|c| c.pod.as_ref().unwrap().dns.is_none()));
    }

    #[test]
    fn labels_pods_as_the_view_names_their_states() {
        let mut s = session_with(&guide());
        let mut seen: Vec<String> = Vec::new();
        for t in (0..60_000).step_by(100) {
            s.play_to(SimTime(t));
            let scene = Scene::of(&s);
            if let Some(p) = scene.groups[0].columns[0].pod.as_ref() {
                if seen.last() != Some(&p.label) {
                    seen.push(p.label.clone());
                }
            }
        }
        assert_eq!(seen, ["Pending", "ContainerCreating", "Ready 1/1"], "no readiness probe: Ready as soon as it runs");
        assert_eq!(ordinal_after("db-12", "db"), Some(12));
        assert_eq!(ordinal_after("db-012", "db"), None);
        assert_eq!(ordinal_after("data-db-3", "data-db"), Some(3));
    }
}
