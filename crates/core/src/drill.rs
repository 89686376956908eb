//! A stress test of any manifest (`ordinal drill`): a fixed set of faults, each played on a
//! fresh simulated cluster from the same seed in auto mode, after the namespaces the manifests
//! use are created, the StatefulSet has become complete and a minute has passed (its databases
//! up). Each drill reports whether the
//! service stayed up (the least number of Ready pods, the seconds with fewer than the replicas,
//! the seconds without a Ready pod 0), whether data was lost (the rows each pod's database held
//! before the fault and after recovery), whether it was blocked, and the causes, tied to the
//! lines that cause them.
//!
//! The drills: delete each pod; drain each node (then uncordon it); lose each node for ten
//! minutes; scale to 1 and back; roll to an image that cannot be pulled and back (under
//! OrderedReady the rollout then waits for a pod that will never be Ready, the forced-rollback
//! trap: the drill reports it, applies the documented fix, deleting the stuck pod, and says
//! whether the set recovers); delete the StatefulSet and apply it again; and, where the
//! manifests take VolumeSnapshots, snapshot each claim, delete the set and its claims, restore
//! the claims from the snapshots and apply the set again.
//!
//! Outcomes, worst first: `blocked` (the set is not complete again within the drill's time),
//! `data-lost` (a pod's database holds fewer rows after than before), `degraded` (at some
//! moment no pod of the set was Ready: the service was down), `ok`.

use crate::rules::{self, SourceFile};
use crate::sim::api::{Cascade, Input};
use crate::sim::drain::DrainOptions;
use crate::sim::model::{ObjectKey, Pod};
use crate::sim::views::Resource;
use crate::sim::{SimConfig, Simulation};
use std::collections::BTreeMap;

/// An image no registry serves (the drill's bad rollout).
pub const UNPULLABLE: &str = "registry.invalid/ordinal/does-not-exist:0";
/// How long a drill watches the cluster after its last fault, at most.
const HORIZON_MS: u64 = 15 * 60 * 1000;
/// How long the set may take to become complete before the drills.
const SETTLE_MS: u64 = 10 * 60 * 1000;

/// What a cause points at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cause {
    /// The lint rule that flags it, when one does.
    pub rule: Option<&'static str>,
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What happened, and why.
    pub message: String,
}

/// One drill's result.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DrillResult {
    /// What was done.
    pub name: String,
    /// `ok`, `degraded`, `blocked` or `data-lost`.
    pub outcome: &'static str,
    /// The least number of Ready pods of the set during the drill.
    pub min_ready: usize,
    /// Seconds with fewer Ready pods than replicas.
    pub seconds_degraded: u64,
    /// Seconds without a Ready pod at the first ordinal.
    pub seconds_without_pod0: u64,
    /// Per pod: the rows its database held before the fault and after recovery (`null`: no
    /// database, or the pod is gone).
    pub rows: BTreeMap<String, [Option<u64>; 2]>,
    /// Why it went as it did.
    pub causes: Vec<Cause>,
}

/// Every drill, or why none could run.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The drills, in order.
    pub drills: Vec<DrillResult>,
    /// Set when the manifests could not be brought to a complete StatefulSet first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Runs every drill on the manifests.
pub fn run(files: &[SourceFile], seed: u64) -> Report {
    match Prepared::new(files, seed) {
        Ok(p) => Report { drills: (0..p.len()).map(|i| p.run(i)).collect(), error: None },
        Err(report) => report,
    }
}

/// One fault.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fault {
    DeletePod(String),
    Drain(String),
    Lose(String),
    Scale,
    BadImage,
    Recreate,
    /// The manifests take snapshots: snapshot each claim, lose the set and its claims, restore
    /// the claims from the snapshots and apply the set again (the guide's disaster-recovery
    /// drill). The class is the manifests' own.
    Snapshots(String),
    /// The manifests back up with a CronJob running pg_dump: run it once, lose the set and its
    /// claims, apply it again, and read the dump back into the pod it came from (copied to this
    /// side, `kubectl cp`, then `kubectl exec -i POD -- psql -U USER < FILE`).
    CronBackup(String),
}

impl Fault {
    fn name(&self) -> String {
        match self {
            Fault::DeletePod(p) => format!("delete pod {p}"),
            Fault::Drain(n) => format!("drain {n}, then uncordon it"),
            Fault::Lose(n) => format!("lose {n} for ten minutes"),
            Fault::Scale => "scale to 1 and back".to_owned(),
            Fault::BadImage => "roll to an image that cannot be pulled, and back".to_owned(),
            Fault::Recreate => "delete the StatefulSet and apply it again".to_owned(),
            Fault::Snapshots(_) => "snapshot each claim, delete the set and its claims, restore them from the snapshots".to_owned(),
            Fault::CronBackup(c) => format!("back up with cronjob/{c}, delete the set and its claims, read the dump back"),
        }
    }

    fn play(&self, d: &mut Run<'_>) {
        match self {
            Fault::DeletePod(p) => d.input(Input::Delete { resource: Resource::Pods, namespace: d.ns(), name: p.clone(), cascade: Cascade::Background, grace_period_s: None }),
            Fault::Drain(n) => {
                let options = DrainOptions { ignore_daemonsets: true, delete_emptydir_data: true, timeout_ms: Some(5 * 60 * 1000), ..DrainOptions::default() };
                d.input(Input::Drain { node: n.clone(), options });
                d.run_while(6 * 60 * 1000, |sim| sim.drains().last().is_some_and(|c| c.running));
                if d.sim.drains().last().is_some_and(|c| c.error.is_some()) {
                    d.blocked_drain = true;
                }
                d.input(Input::Cordon { node: n.clone(), on: false });
            }
            Fault::Lose(n) => {
                d.input(Input::NodeDown { node: n.clone() });
                d.run_for(10 * 60 * 1000);
                d.input(Input::NodeUp { node: n.clone() });
            }
            Fault::Scale => {
                d.input(Input::Scale { resource: crate::sim::views::Resource::StatefulSets, namespace: d.ns(), name: d.set.name.clone(), replicas: 1 });
                let set = d.set.clone();
                d.tick();
                d.run_while(5 * 60 * 1000, move |sim| !settled(sim, &set));
                d.input(Input::Scale { resource: crate::sim::views::Resource::StatefulSets, namespace: d.ns(), name: d.set.name.clone(), replicas: d.replicas as i32 });
            }
            Fault::BadImage => {
                let images = d.images();
                d.input(Input::SetImage { resource: crate::sim::views::Resource::StatefulSets, namespace: d.ns(), name: d.set.name.clone(), container: "*".into(), image: UNPULLABLE.into() });
                d.run_for(2 * 60 * 1000);
                for (container, image) in images {
                    d.input(Input::SetImage { resource: crate::sim::views::Resource::StatefulSets, namespace: d.ns(), name: d.set.name.clone(), container, image });
                }
                d.run_for(2 * 60 * 1000);
                let stuck: Vec<String> = crate::sim::why::of(&d.sim, &d.set).into_iter().filter(|w| w.code == crate::sim::why::Code::RollbackStuck).flat_map(|w| w.pods).collect();
                if !stuck.is_empty() {
                    d.rollback_stuck = stuck.clone();
                    // the documented fix: delete the pod the controller will not replace
                    for p in stuck {
                        d.input(Input::Delete { resource: Resource::Pods, namespace: d.ns(), name: p, cascade: Cascade::Background, grace_period_s: None });
                    }
                }
            }
            Fault::Recreate => {
                d.input(Input::Delete { resource: Resource::StatefulSets, namespace: d.ns(), name: d.set.name.clone(), cascade: Cascade::Background, grace_period_s: None });
                d.run_for(60 * 1000);
                for f in d.files {
                    d.input(Input::Apply { manifest: f.text.clone(), source: f.name.clone(), namespace: None, validate: Default::default() });
                }
            }
            Fault::CronBackup(cronjob) => {
                let ns = d.ns();
                let started = d.sim.now();
                d.input(Input::CreateJobFrom { namespace: Some(ns.clone()), name: "drill-backup".into(), cronjob: cronjob.clone() });
                let done = |sim: &Simulation| sim.snapshot().jobs.get(&ObjectKey::new(&ns, "drill-backup")).is_some_and(|j| matches!(j.status_text(), "Complete" | "Failed"));
                d.run_while(5 * 60 * 1000, |sim| !done(sim));
                // the newest dump written since, on any claim
                let dump = {
                    let state = d.sim.snapshot();
                    state.files.values().flatten().filter(|f| f.rows.is_some() && f.written >= started).max_by_key(|f| f.written).cloned()
                };
                let Some(dump) = dump else {
                    d.backup_failed = Some(format!("cronjob/{cronjob} wrote no dump: its Job ended {}", d.sim.snapshot().jobs.get(&ObjectKey::new(&ns, "drill-backup")).map_or("not at all", |j| j.status_text())));
                    return;
                };
                let claims: Vec<String> = {
                    let state = d.sim.snapshot();
                    state.statefulsets.get(&d.set).map(|s| state.pods_of(s).iter().flat_map(|p| p.claim_names()).collect()).unwrap_or_default()
                };
                d.input(Input::Delete { resource: Resource::StatefulSets, namespace: ns.clone(), name: d.set.name.clone(), cascade: Cascade::Background, grace_period_s: None });
                d.run_for(30 * 1000);
                for c in claims {
                    d.input(Input::Delete { resource: Resource::Claims, namespace: ns.clone(), name: c, cascade: Cascade::Background, grace_period_s: None });
                }
                d.run_for(30 * 1000);
                for f in d.files {
                    d.input(Input::Apply { manifest: f.text.clone(), source: f.name.clone(), namespace: None, validate: Default::default() });
                }
                let set = d.set.clone();
                d.run_while(5 * 60 * 1000, move |sim| !settled(sim, &set));
                d.run_for(30 * 1000);
                // the dump's pod: the one its pg_dump named (`-h POD.SERVICE`), else the first
                let pod = format!("{}-{}", d.set.name, d.start);
                let name = "drill-restore.sql".to_owned();
                // the Job's pg_dump is the image's, as the server's (a plain dump of `readings`)
                let major = d.images().first().map_or(13, |(_, image)| crate::sim::postgres::PgImage::parse(image).major);
                let content = crate::sim::postgres::Dump { rows: dump.rows.unwrap_or(0), major, owner: "postgres".into(), table: true };
                d.sim.put_local_file(crate::sim::client::StoredFile { name: name.clone(), dump: Some(content), ..dump });
                let redirect = crate::sim::exec::Redirect { stdin: true, input: Some(name), ..Default::default() };
                d.input(Input::Exec { namespace: ns, pod, command: vec!["psql".into(), "-U".into(), "postgres".into()], redirect });
            }
            Fault::Snapshots(class) => {
                let ns = d.ns();
                let claims: Vec<(String, String, String)> = {
                    let state = d.sim.snapshot();
                    let Some(set) = state.statefulsets.get(&d.set) else { return };
                    state
                        .pods_of(set)
                        .iter()
                        .flat_map(|p| p.claim_names())
                        .filter_map(|c| {
                            let claim = state.claims.get(&ObjectKey::new(&ns, &c))?;
                            Some((c, claim.capacity.clone().unwrap_or_else(|| "1Gi".into()), claim.spec.storage_class_name.clone().unwrap_or_default()))
                        })
                        .collect()
                };
                let apply = |d: &mut Run<'_>, text: String, source: &str| d.input(Input::Apply { manifest: text, source: source.to_owned(), namespace: None, validate: Default::default() });
                let snapshots: String = claims
                    .iter()
                    .map(|(c, _, _)| format!("---\napiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata:\n  name: {c}-drill\n  namespace: {ns}\nspec:\n  volumeSnapshotClassName: {class}\n  source:\n    persistentVolumeClaimName: {c}\n"))
                    .collect();
                apply(d, snapshots, "drill-snapshots.yaml");
                d.run_for(30 * 1000);
                d.input(Input::Delete { resource: Resource::StatefulSets, namespace: ns.clone(), name: d.set.name.clone(), cascade: Cascade::Background, grace_period_s: None });
                d.run_for(30 * 1000);
                for (c, _, _) in &claims {
                    d.input(Input::Delete { resource: Resource::Claims, namespace: ns.clone(), name: c.clone(), cascade: Cascade::Background, grace_period_s: None });
                }
                d.run_for(30 * 1000);
                let restores: String = claims
                    .iter()
                    .map(|(c, size, sc)| format!("---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {c}\n  namespace: {ns}\nspec:\n  accessModes: [\"ReadWriteOnce\"]\n  storageClassName: {sc}\n  resources:\n    requests:\n      storage: {size}\n  dataSource:\n    apiGroup: snapshot.storage.k8s.io\n    kind: VolumeSnapshot\n    name: {c}-drill\n"))
                    .collect();
                apply(d, restores, "drill-restore.yaml");
                d.run_for(10 * 1000);
                for f in d.files {
                    d.input(Input::Apply { manifest: f.text.clone(), source: f.name.clone(), namespace: None, validate: Default::default() });
                }
            }
        }
    }
}

/// The drills ready to run one at a time (the browser runs one per slice, so the editor never
/// waits for the whole set): the settled base cluster and the faults.
pub struct Prepared {
    files: Vec<SourceFile>,
    set: ObjectKey,
    replicas: usize,
    start: i32,
    diagnostics: Vec<rules::Diagnostic>,
    base: Simulation,
    faults: Vec<Fault>,
}

impl Prepared {
    /// Brings the manifests to a complete StatefulSet and lists the drills; `Err` with the
    /// report that says why none can run.
    pub fn new(files: &[SourceFile], seed: u64) -> Result<Prepared, Report> {
        let fail = |e: String| Report { drills: Vec::new(), error: Some(e) };
        let (set, replicas, start) = first_set(files).ok_or_else(|| fail("no StatefulSet in the manifests".into()))?;
        let diagnostics = rules::check_with(files, &rules::Config::all());
        let base = base(files, &set, seed).map_err(fail)?;
        let mut faults: Vec<Fault> = (0..replicas).map(|i| Fault::DeletePod(format!("{}-{}", set.name, start + i as i32))).collect();
        let nodes: Vec<String> = base.snapshot().nodes.iter().map(|n| n.name.clone()).collect();
        faults.extend(nodes.iter().cloned().map(Fault::Drain));
        faults.extend(nodes.into_iter().map(Fault::Lose));
        faults.extend([Fault::Scale, Fault::BadImage, Fault::Recreate]);
        // where the manifests take snapshots, the backup is taken and restored
        if let Some(class) = snapshot_class(files) {
            faults.push(Fault::Snapshots(class));
        }
        if let Some(cronjob) = backup_cronjob(files) {
            faults.push(Fault::CronBackup(cronjob));
        }
        Ok(Prepared { files: files.to_vec(), set, replicas, start, diagnostics, base, faults })
    }

    /// How many drills.
    pub fn len(&self) -> usize {
        self.faults.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }

    /// Plays drill `i` on a copy of the base cluster.
    pub fn run(&self, i: usize) -> DrillResult {
        self.drill(&self.faults[i])
    }
}

/// The set is complete (nothing in [`crate::sim::why`]) and has exactly its replicas, none
/// terminating: what a drill waits for.
fn settled(sim: &Simulation, set: &ObjectKey) -> bool {
    let state = sim.snapshot();
    let Some(s) = state.statefulsets.get(set) else { return false };
    let pods = state.pods_of(s);
    let replicas = s.spec.replicas.unwrap_or(1).max(0) as usize;
    pods.len() == replicas && pods.iter().all(|p| p.running_and_ready() && !p.meta.terminating()) && crate::sim::why::of(sim, set).is_empty()
}

/// The VolumeSnapshotClass of the manifests' first VolumeSnapshot, when they take one.
fn snapshot_class(files: &[SourceFile]) -> Option<String> {
    files.iter().flat_map(|f| crate::yaml::parse(&f.text).documents).find(|d| d.kind() == Some("VolumeSnapshot")).map(|d| {
        d.root.as_ref().and_then(|r| r.at(&crate::yaml::Path::parse("spec.volumeSnapshotClassName"))).and_then(|n| n.as_str()).unwrap_or("csi-snapclass").to_owned()
    })
}

/// The manifests' first CronJob whose containers run pg_dump.
fn backup_cronjob(files: &[SourceFile]) -> Option<String> {
    files.iter().flat_map(|f| crate::yaml::parse(&f.text).documents).find_map(|d| {
        if d.kind() != Some("CronJob") {
            return None;
        }
        let containers = d.root.as_ref()?.at(&crate::yaml::Path::parse("spec.jobTemplate.spec.template.spec.containers"))?.to_json();
        containers.to_string().contains("pg_dump").then(|| d.name().map(str::to_owned)).flatten()
    })
}

/// The first StatefulSet of the manifests: its key, replicas and first ordinal.
fn first_set(files: &[SourceFile]) -> Option<(ObjectKey, usize, i32)> {
    for f in files {
        for d in &crate::yaml::parse(&f.text).documents {
            if d.kind() != Some("StatefulSet") {
                continue;
            }
            let root = d.root.as_ref()?;
            let ns = root.get("metadata").and_then(|m| m.get("namespace")).and_then(|n| n.as_str()).unwrap_or("default");
            let replicas = root.at(&crate::yaml::Path::parse("spec.replicas")).and_then(|n| n.as_str()).and_then(|r| r.parse().ok()).unwrap_or(1usize);
            let start = root.at(&crate::yaml::Path::parse("spec.ordinals.start")).and_then(|n| n.as_str()).and_then(|r| r.parse().ok()).unwrap_or(0);
            return Some((ObjectKey::new(ns, d.name()?), replicas, start));
        }
    }
    None
}

/// One drill as it runs: the simulation and what was measured.
struct Run<'a> {
    sim: Simulation,
    set: ObjectKey,
    files: &'a [SourceFile],
    replicas: usize,
    start: i32,
    min_ready: usize,
    degraded_ms: u64,
    without_pod0_ms: u64,
    blocked_drain: bool,
    rollback_stuck: Vec<String>,
    /// The backup drill's backup did not happen, and why.
    backup_failed: Option<String>,
}

impl Run<'_> {
    fn ns(&self) -> String {
        self.set.namespace.clone()
    }

    fn input(&mut self, input: Input) {
        self.sim.handle(input);
    }

    /// The set's template images, `(container, image)`.
    fn images(&self) -> Vec<(String, String)> {
        self.sim
            .snapshot()
            .statefulsets
            .get(&self.set)
            .and_then(|s| s.spec.template.spec.as_ref())
            .map(|p| p.containers.iter().map(|c| (c.name.clone(), c.image.clone().unwrap_or_default())).collect())
            .unwrap_or_default()
    }

    /// Ready pods of the set now, and whether the first ordinal is one of them.
    fn ready(&self) -> (usize, bool) {
        let state = self.sim.snapshot();
        let pods: Vec<&Pod> = state.statefulsets.get(&self.set).map(|s| state.pods_of(s)).unwrap_or_default();
        let ready: Vec<&&Pod> = pods.iter().filter(|p| p.running_and_ready() && !p.meta.terminating()).collect();
        let pod0 = format!("{}-{}", self.set.name, self.start);
        (ready.len(), ready.iter().any(|p| p.meta.name == pod0))
    }

    /// Moves time on by one second, counting.
    fn tick(&mut self) {
        let (ready, pod0) = self.ready();
        self.min_ready = self.min_ready.min(ready);
        if ready < self.replicas {
            self.degraded_ms += 1000;
        }
        if !pod0 {
            self.without_pod0_ms += 1000;
        }
        let t = self.sim.now().plus_ms(1000);
        self.sim.advance_to(t);
    }

    fn run_for(&mut self, ms: u64) {
        for _ in 0..ms / 1000 {
            self.tick();
        }
    }

    /// Runs while `cond` holds, at most `ms`.
    fn run_while(&mut self, ms: u64, cond: impl Fn(&Simulation) -> bool) {
        for _ in 0..ms / 1000 {
            if !cond(&self.sim) {
                return;
            }
            self.tick();
        }
    }
}

/// A cluster with the manifests applied and the set complete (and a minute more).
fn base(files: &[SourceFile], set: &ObjectKey, seed: u64) -> Result<Simulation, String> {
    let mut config = SimConfig::auto();
    config.unpullable_images.push(UNPULLABLE.to_owned());
    let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
    for ns in crate::plan::namespaces(&texts) {
        if !config.namespaces.contains(&ns) {
            config.namespaces.push(ns);
        }
    }
    let mut sim = Simulation::new(config, seed);
    for f in files {
        let r = sim.handle(Input::Apply { manifest: f.text.clone(), source: f.name.clone(), namespace: None, validate: Default::default() });
        if let Some(e) = r.errors.first() {
            return Err(format!("{}: {}", f.name, e.kubectl));
        }
    }
    for _ in 0..SETTLE_MS / 1000 {
        if settled(&sim, set) {
            // a minute more: a set without a readiness probe is complete before its
            // databases accept connections and hold rows
            let t = sim.now().plus_ms(60_000);
            sim.advance_to(t);
            return Ok(sim);
        }
        let t = sim.now().plus_ms(1000);
        sim.advance_to(t);
    }
    Err(format!("the StatefulSet is not complete after {} minutes, so no drill can start: {}", SETTLE_MS / 60_000, waiting_text(&sim, set)))
}

/// Why the set waits, as one line: `CODE: message` for each reason.
fn waiting_text(sim: &Simulation, set: &ObjectKey) -> String {
    crate::sim::why::of(sim, set).into_iter().map(|w| format!("{}: {}", w.code.as_str(), w.message)).collect::<Vec<_>>().join(" ")
}

impl Prepared {
    /// Plays one drill on a copy of the base cluster.
    fn drill(&self, fault: &Fault) -> DrillResult {
        let name = fault.name();
        let mut run = Run { sim: self.base.clone(), set: self.set.clone(), files: &self.files, replicas: self.replicas, start: self.start, min_ready: usize::MAX, degraded_ms: 0, without_pod0_ms: 0, blocked_drain: false, rollback_stuck: Vec::new(), backup_failed: None };
        let before = rows(&run.sim, &self.set);
        fault.play(&mut run);
        // recovery: until the set is complete again, at most the horizon
        let mut complete = false;
        run.tick();
        for _ in 0..HORIZON_MS / 1000 {
            if settled(&run.sim, &self.set) {
                complete = true;
                break;
            }
            run.tick();
        }
        let after = rows(&run.sim, &self.set);
        let mut result = DrillResult {
            name,
            outcome: "ok",
            min_ready: if run.min_ready == usize::MAX { self.replicas } else { run.min_ready },
            seconds_degraded: run.degraded_ms / 1000,
            seconds_without_pod0: run.without_pod0_ms / 1000,
            rows: before.keys().chain(after.keys()).map(|p| (p.clone(), [before.get(p).copied().flatten(), after.get(p).copied().flatten()])).collect(),
            causes: Vec::new(),
        };
        let lost = result.rows.values().any(|[b, a]| matches!((b, a), (Some(b), Some(a)) if a < b) || (b.is_some_and(|b| b > 0) && a.is_none()));
        if run.blocked_drain {
            result.causes.push(self.cause("PDB003", "the drain could not evict a pod: a PodDisruptionBudget allows no disruption, and the drain gave up after its timeout"));
        }
        if !run.rollback_stuck.is_empty() {
            let message = format!(
                "the rollout stopped at {}: a pod of the bad revision is not Ready, so after the image was set back the controller would not replace it (the forced-rollback trap); deleting it {}",
                run.rollback_stuck.join(", "),
                if complete { "let the set recover" } else { "did not let the set recover" }
            );
            result.causes.push(self.cause_at_field("spec.template.spec.containers[0].image", &message));
        }
        if let Some(why) = &run.backup_failed {
            result.causes.push(self.cause("POD028", why));
        }
        if lost && matches!(fault, Fault::CronBackup(_)) {
            let kept: Vec<&String> = result.rows.iter().filter(|(_, [b, a])| matches!((b, a), (Some(b), Some(a)) if a >= b)).map(|(p, _)| p).collect();
            result.causes.push(self.cause_at_field("metadata.name", &format!("the dump brought back {}; the other pods' databases were not in it (each replica is a database of its own here, and the CronJob dumps one)", if kept.is_empty() { "nothing".to_owned() } else { kept.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ") })));
        } else if lost {
            result.causes.push(self.cause("PVC013", "rows are gone after the pod was recreated: the database did not live on the claim"));
        }
        if let Some((node, pods)) = shared_node(&run.sim, &self.set) {
            result.causes.push(self.cause("POD020", &format!("{} ended up on {node}: nothing keeps the replicas apart, so one node's failure takes them together", pods.join(" and "))));
        }
        result.outcome = if !complete || !run.rollback_stuck.is_empty() || run.blocked_drain || run.backup_failed.is_some() {
            "blocked"
        } else if lost {
            "data-lost"
        } else if result.min_ready == 0 {
            "degraded"
        } else {
            "ok"
        };
        if !complete {
            result.causes.push(Cause { rule: None, file: self.files.first().map(|f| f.name.clone()).unwrap_or_default(), line: 1, column: 1, message: format!("the set was not complete {} minutes later: {}", HORIZON_MS / 60_000, waiting_text(&run.sim, &self.set)) });
        }
        result
    }

    /// A cause at the finding of `rule`, when the manifests have one; else at the set.
    fn cause(&self, rule: &'static str, message: &str) -> Cause {
        match self.diagnostics.iter().find(|d| d.code == rule) {
            Some(d) => {
                let f = &self.files[d.file];
                let lc = crate::yaml::LineIndex::new(&f.text).line_col(d.range.start as usize);
                Cause { rule: Some(rule), file: f.name.clone(), line: lc.line as usize, column: lc.column as usize, message: format!("{message} ({})", d.message) }
            }
            None => self.cause_at_field("metadata.name", message),
        }
    }

    /// A cause at a field of the StatefulSet.
    fn cause_at_field(&self, field: &str, message: &str) -> Cause {
        for f in &self.files {
            if let Some((a, _)) = crate::sim::why::field_range(&f.text, &self.set, field) {
                let lc = crate::yaml::LineIndex::new(&f.text).line_col(a);
                return Cause { rule: None, file: f.name.clone(), line: lc.line as usize, column: lc.column as usize, message: message.to_owned() };
            }
        }
        Cause { rule: None, file: self.files.first().map(|f| f.name.clone()).unwrap_or_default(), line: 1, column: 1, message: message.to_owned() }
    }
}

/// The rows each pod's database holds, by pod name (wherever the database lives).
fn rows(sim: &Simulation, set: &ObjectKey) -> BTreeMap<String, Option<u64>> {
    let state = sim.snapshot();
    let Some(s) = state.statefulsets.get(set) else { return BTreeMap::new() };
    let db = sim.databases();
    state
        .pods_of(s)
        .into_iter()
        .filter(|p| !p.meta.terminating())
        .map(|p| (p.meta.name.clone(), db.container_rows(p).or_else(|| db.data_of(state, p).filter(|d| d.initialized).map(crate::sim::postgres::Data::rows))))
        .collect()
}

/// A node that runs two or more of the set's pods, with them.
fn shared_node(sim: &Simulation, set: &ObjectKey) -> Option<(String, Vec<String>)> {
    let state = sim.snapshot();
    let s = state.statefulsets.get(set)?;
    let mut by_node: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in state.pods_of(s).into_iter().filter(|p| !p.meta.terminating()) {
        if let Some(n) = p.status.node.as_deref() {
            by_node.entry(n).or_default().push(p.meta.name.clone());
        }
    }
    by_node.into_iter().find(|(_, pods)| pods.len() > 1).map(|(n, pods)| (n.to_owned(), pods))
}

impl Report {
    /// The report as text.
    pub fn to_text(&self) -> String {
        if let Some(e) = &self.error {
            return format!("no drill ran: {e}\n");
        }
        let mut out = String::new();
        for d in &self.drills {
            out.push_str(&format!("{:<9} {}: min ready {}, {} s degraded, {} s without pod 0\n", d.outcome, d.name, d.min_ready, d.seconds_degraded, d.seconds_without_pod0));
            for c in &d.causes {
                out.push_str(&format!("          {}:{}:{}: {}{}\n", c.file, c.line, c.column, c.rule.map(|r| format!("{r}: ")).unwrap_or_default(), c.message));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> Report {
        run(&[SourceFile::new("guide.yaml", text)], 1)
    }

    fn drill<'a>(r: &'a Report, name: &str) -> &'a DrillResult {
        r.drills.iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no drill {name}: {r:?}"))
    }

    #[test]
    fn the_guide_survives_all_but_the_rollback_trap_and_a_recreated_set() {
        let r = report(crate::examples::GUIDE);
        assert_eq!(r.error, None);
        assert_eq!(r.drills.len(), 12);
        let d = drill(&r, "delete pod recovery-demo-db-0");
        assert_eq!((d.outcome, d.min_ready), ("ok", 2));
        assert!(d.seconds_without_pod0 > 0);
        assert!(d.rows.values().all(|[b, a]| b.is_some() && a >= b), "{:?}", d.rows);
        assert_eq!(drill(&r, "lose node-1 for ten minutes").outcome, "ok");
        let roll = drill(&r, "roll to an image that cannot be pulled, and back");
        assert_eq!(roll.outcome, "blocked");
        assert!(roll.causes[0].message.contains("forced-rollback trap") && roll.causes[0].message.contains("let the set recover"), "{roll:?}");
        assert_eq!((roll.causes[0].file.as_str(), roll.causes[0].line), ("guide.yaml", 33), "the image line");
        let recreated = drill(&r, "delete the StatefulSet and apply it again");
        assert_eq!((recreated.outcome, recreated.min_ready), ("degraded", 0));
        assert!(recreated.rows.values().all(|[b, a]| a >= b), "the claims keep the data: {:?}", recreated.rows);
    }

    #[test]
    fn pgdata_off_the_volume_loses_the_rows_of_a_deleted_pod() {
        let text = crate::examples::GUIDE.replacen("        - name: PGDATA\n          value: \"/data/pgdata\"\n", "", 1);
        assert_ne!(text, crate::examples::GUIDE);
        let r = report(&text);
        let d = drill(&r, "delete pod recovery-demo-db-1");
        assert_eq!(d.outcome, "data-lost", "{d:?}");
        let [before, after] = d.rows["recovery-demo-db-1"];
        assert!(before.unwrap() > 0 && after.unwrap() < before.unwrap(), "{:?}", d.rows);
        assert!(d.causes.iter().any(|c| c.rule == Some("PVC013")), "{:?}", d.causes);
    }

    #[test]
    fn a_budget_that_allows_nothing_blocks_every_drain() {
        let text = format!("{}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: all\n  namespace: scenarios\nspec:\n  minAvailable: 3\n  selector:\n    matchLabels:\n      app: recovery-demo\n", crate::examples::GUIDE);
        let r = report(&text);
        let d = drill(&r, "drain node-1, then uncordon it");
        assert_eq!(d.outcome, "blocked", "{d:?}");
        let cause = d.causes.iter().find(|c| c.rule == Some("PDB003")).expect("the budget's line");
        assert_eq!((cause.file.as_str(), cause.line), ("guide.yaml", 59), "the budget's minAvailable: {cause:?}");
    }

    #[test]
    fn more_replicas_than_nodes_share_a_node_and_say_so() {
        let r = report(&crate::examples::GUIDE.replace("  replicas: 3\n", "  replicas: 4\n"));
        let d = drill(&r, "delete pod recovery-demo-db-0");
        let cause = d.causes.iter().find(|c| c.message.contains("nothing keeps the replicas apart")).unwrap_or_else(|| panic!("{d:?}"));
        assert_eq!(cause.rule, Some("POD020"), "the missing anti-affinity's finding: {cause:?}");
    }

    #[test]
    fn manifests_that_take_snapshots_get_the_restore_drill_and_keep_their_rows() {
        let snapshot = "---\napiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata:\n  name: data-recovery-demo-db-0-snap\n  namespace: scenarios\nspec:\n  volumeSnapshotClassName: csi-snapclass\n  source:\n    persistentVolumeClaimName: data-recovery-demo-db-0\n";
        let r = report(&format!("{}{snapshot}", crate::examples::GUIDE));
        assert_eq!(r.drills.len(), 13);
        let d = drill(&r, "snapshot each claim, delete the set and its claims, restore them from the snapshots");
        assert_eq!(d.outcome, "degraded", "the set was gone a while, the data came back: {d:?}");
        assert!(d.rows.values().all(|[b, a]| b.is_some() && a >= b), "{:?}", d.rows);
        assert_eq!(report(crate::examples::GUIDE).drills.len(), 12, "no snapshot, no restore drill");
    }

    #[test]
    fn no_statefulset_no_drill() {
        assert_eq!(report("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n").error.as_deref(), Some("no StatefulSet in the manifests"));
    }
}
