//! The guide's production checklist, judged against the manifests.
//!
//! Eight of the thirteen items can be read from YAML: each passes or fails with the reason,
//! the rule whose finding failed it (and whose quick fix may fix it) and the lesson that
//! teaches it. The other five (monitoring and alerts, the three "tested …"
//! items and a written disaster-recovery plan) are [`Status::Manual`] unless there is
//! evidence: what the learner did in the simulated cluster ([`Practice::of`]: a set scaled down
//! and up, a pod recreated with its claim, the database it found there) passes a "tested …"
//! item with that evidence, and otherwise the stress test's report ([`Practice::drill`],
//! `ordinal drill`) judges the three when it ran. Monitoring and the written plan stay ticked
//! by hand, and the web app keeps those ticks.
//!
//! ```
//! use ordinal_core::checklist::{evaluate, Status};
//! use ordinal_core::rules::SourceFile;
//! let items = evaluate(&[SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)]);
//! assert_eq!(items.len(), 13);
//! assert!(matches!(items.iter().find(|i| i.id == "headless-service").unwrap().status, Status::Pass { .. }));
//! assert!(matches!(items.iter().find(|i| i.id == "secrets").unwrap().status, Status::Fail { rule: Some("SEC001"), .. }));
//! ```

use crate::rules::{self, Diagnostic, SourceFile};
use crate::yaml;

/// How an item stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The manifests meet it.
    Pass {
        /// What was found, in a sentence.
        reason: String,
    },
    /// They do not.
    Fail {
        /// Why, in a sentence (a finding's message, or what is missing).
        reason: String,
        /// The rule whose finding failed the item (its quick fix, when it has one, fixes it).
        rule: Option<&'static str>,
        /// The lesson that teaches how to fix it.
        lesson: Option<&'static str>,
    },
    /// It cannot be judged from YAML; the learner ticks it.
    Manual,
}

impl Status {
    /// Whether the item passes.
    pub fn passed(&self) -> bool {
        matches!(self, Status::Pass { .. })
    }
}

/// One item of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    /// A stable kebab-case id (the web app keeps manual ticks under it).
    pub id: &'static str,
    /// The item, as the guide lists it.
    pub text: &'static str,
    /// How it stands.
    pub status: Status,
    /// The lesson that teaches it.
    pub lesson: &'static str,
}

/// An item: its id, text, the lesson that teaches it, and how it is judged.
struct Item {
    id: &'static str,
    text: &'static str,
    lesson: &'static str,
    judge: Judge,
}

enum Judge {
    /// Fails on the first finding of any of these rules.
    Rules(&'static [&'static str], &'static str),
    /// The governing Service: the rules, then the order of the documents.
    HeadlessService,
    /// No literal password in an env var (SEC001), and no Secret written with its values in
    /// the manifests: a Secret in the same file is still a password in Git.
    Secrets,
    /// A CronJob or Job that runs pg_dump, or a VolumeSnapshot, with none of the defects that
    /// keep it from working (the guide's CronJob has four).
    Backups,
    /// Ticked by the learner.
    Manual,
}

/// The thirteen items, in the guide's order.
const ITEMS: &[Item] = &[
    Item { id: "resources", text: "Resource requests and limits configured", lesson: "best-practices", judge: Judge::Rules(&["POD011", "POD012", "API010"], "every container requests CPU and memory and has limits") },
    Item { id: "secrets", text: "Secrets used for passwords (not hardcoded)", lesson: "best-practices", judge: Judge::Secrets },
    Item { id: "probes", text: "Liveness and readiness probes configured", lesson: "best-practices", judge: Judge::Rules(&["POD004", "POD005", "POD007"], "every container has a readiness and a liveness probe") },
    Item { id: "pdb", text: "PodDisruptionBudget created", lesson: "best-practices", judge: Judge::Rules(&["PDB001", "PDB002", "PDB003"], "a PodDisruptionBudget covers the pods and still allows a disruption") },
    Item { id: "backups", text: "Backup strategy implemented (snapshots, pg_dump, CronJob)", lesson: "best-practices", judge: Judge::Backups },
    Item { id: "monitoring", text: "Monitoring and alerts configured", lesson: "best-practices", judge: Judge::Manual },
    Item { id: "storage-class", text: "StorageClass configured with an appropriate performance tier", lesson: "best-practices", judge: Judge::Rules(&["PVC006"], "every claim template names its StorageClass") },
    Item {
        id: "storage-size",
        text: "Sufficient storage requested (2–3× the expected data size)",
        lesson: "deletion-and-recovery",
        judge: Judge::Rules(&["PVC004", "PVC005"], "every claim template requests a size; check it is 2–3× the data you expect"),
    },
    Item { id: "headless-service", text: "Headless Service created before the StatefulSet", lesson: "headless-service", judge: Judge::HeadlessService },
    Item { id: "tested-scaling", text: "Scale-up and scale-down operations tested", lesson: "scaling", judge: Judge::Manual },
    Item { id: "tested-recovery", text: "Pod deletion and recovery tested", lesson: "deletion-and-recovery", judge: Judge::Manual },
    Item { id: "tested-persistence", text: "Data persistence through restarts tested", lesson: "deletion-and-recovery", judge: Judge::Manual },
    Item { id: "dr-plan", text: "Disaster recovery plan documented", lesson: "best-practices", judge: Judge::Manual },
];

/// The ids of the items, in order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    ITEMS.iter().map(|i| i.id)
}

/// Judges every item against the manifests (linted together, as `ordinal lint` does).
pub fn evaluate(files: &[SourceFile]) -> Vec<ChecklistItem> {
    let diagnostics = rules::check(files);
    evaluate_with(files, &diagnostics)
}

/// [`evaluate`] with the findings already computed (the web app has them).
pub fn evaluate_with(files: &[SourceFile], diagnostics: &[Diagnostic]) -> Vec<ChecklistItem> {
    evaluate_practised(files, diagnostics, &Practice::default())
}

/// What the learner did in a simulated cluster that counts for the checklist: the backups they
/// took and the restores they made, each a sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Practice {
    /// Backups that worked: a snapshot ready to use, a dump on a claim or on the learner's side.
    pub backups: Vec<String>,
    /// Data brought back: a claim provisioned from a snapshot, a dump read back by psql.
    pub restores: Vec<String>,
    /// The stress test's report (`ordinal drill`), when it ran: it judges the three "tested …"
    /// items the learner has not tested in the cluster.
    pub drill: Option<crate::drill::Report>,
    /// The "tested …" items the learner tested in the simulated cluster: the item's id and the
    /// evidence, a sentence. They pass the item, before the stress test's verdict.
    pub tested: Vec<(&'static str, String)>,
}

impl Practice {
    /// What the simulation shows the learner did.
    pub fn of(sim: &crate::sim::Simulation) -> Practice {
        let state = sim.snapshot();
        let mut p = Practice::default();
        for (k, v) in &state.snapshots {
            if v.ready == Some(true) {
                p.backups.push(format!("VolumeSnapshot `{}` of `{}` is ready to use", k.name, v.source_claim.clone().unwrap_or_default()));
            }
        }
        for (store, files) in &state.files {
            let claim = store.strip_prefix("pv/").and_then(|pv| state.volumes.get(pv)).and_then(|v| v.claim.as_ref()).map(|(k, _)| k.name.clone());
            for f in files.iter().filter(|f| f.rows.is_some()) {
                p.backups.push(format!("`{}` ({} rows) was dumped onto claim `{}`", f.name, f.rows.unwrap_or(0), claim.clone().unwrap_or_else(|| "a deleted claim".to_owned())));
            }
        }
        for f in sim.local_files().values().filter(|f| f.rows.is_some()) {
            p.backups.push(format!("`{}` ({} rows) was saved on your side with `kubectl exec … pg_dump`", f.name, f.rows.unwrap_or(0)));
        }
        for (k, c) in &state.claims {
            if let Some(ds) = c.spec.data_source.as_ref().filter(|d| d.kind == "VolumeSnapshot" && c.volume.is_some()) {
                p.restores.push(format!("claim `{}` was restored from snapshot `{}`", k.name, ds.name));
            }
        }
        p.restores.extend(sim.restores().iter().cloned());
        p.tested = tested_in(sim);
        p
    }
}

/// The "tested …" items the simulation shows the learner tested, with the evidence: a
/// StatefulSet scaled down, then up again, and complete now; a pod of a set that was recreated
/// (its name had another pod before), is Ready, and whose claim's database served connections
/// before it was created (an earlier pod used it: the same claim came back, and its data
/// outlived the restart).
fn tested_in(sim: &crate::sim::Simulation) -> Vec<(&'static str, String)> {
    let state = sim.snapshot();
    let mut out = Vec::new();
    for (key, set) in &state.statefulsets {
        let changes: Vec<(i32, i32)> = sim.scalings().iter().filter(|(k, _, _)| k == key).map(|(_, a, b)| (*a, *b)).collect();
        let down = changes.iter().position(|(a, b)| b < a);
        let up_after = down.and_then(|d| changes[d..].iter().find(|(a, b)| b > a).map(|_| ()));
        let replicas = set.spec.replicas.unwrap_or(1);
        let ready = state.pods_of(set).iter().filter(|p| p.running_and_ready() && !p.meta.terminating()).count();
        if let (Some(d), Some(())) = (down, up_after) {
            if ready == replicas as usize && replicas > 0 && out.iter().all(|(id, _)| *id != "tested-scaling") {
                let (from, to) = changes[d];
                out.push(("tested-scaling", format!("In the cluster you scaled `{}` down from {from} to {to} and up again, and it is complete: {ready} pods Ready.", key.name)));
            }
        }
        for pod in state.pods_of(set) {
            let incarnations = state.ip_history.get(&pod.meta.key()).map_or(0, Vec::len);
            if incarnations < 2 || !pod.running_and_ready() || pod.meta.terminating() {
                continue;
            }
            let claims = pod.claim_names();
            let Some(claim) = claims.first().and_then(|c| state.claims.get(&crate::sim::model::ObjectKey::new(&key.namespace, c))) else { continue };
            // the volume's database served longer than this pod has lived: an earlier pod used
            // it, so this is the same claim come back, not a new one of the same name
            let data = claim.volume.as_deref().and_then(|v| sim.databases().data(v)).filter(|d| d.initialized && d.up_ms > state.now.since(pod.meta.created));
            if data.is_some() && out.iter().all(|(id, _)| *id != "tested-recovery") {
                out.push(("tested-recovery", format!("In the cluster `{}` was deleted and came back under its name with its claim `{}`, and is Ready.", pod.meta.name, claim.meta.name)));
            }
            if let Some(d) = data {
                if out.iter().all(|(id, _)| *id != "tested-persistence") {
                    out.push(("tested-persistence", format!("In the cluster the new `{}` found the database its claim `{}` kept ({} rows in `readings`).", pod.meta.name, claim.meta.name, d.rows())));
                }
            }
        }
    }
    out
}

/// [`evaluate_with`], counting what the learner did in a simulated cluster: a backup taken
/// there passes the backups item even when the manifest has none.
pub fn evaluate_practised(files: &[SourceFile], diagnostics: &[Diagnostic], practice: &Practice) -> Vec<ChecklistItem> {
    // documents in apply order: file by file, top to bottom
    let mut kinds = Vec::new();
    let mut syntax = None;
    let mut written_secret: Option<(String, String)> = None;
    let mut backups: Vec<String> = Vec::new();
    for f in files {
        let parse = yaml::parse(&f.text);
        if syntax.is_none() {
            syntax = parse.errors.first().map(|e| format!("{} does not parse (line {}, column {}: {})", f.name, e.line, e.column, e.message));
        }
        for d in &parse.documents {
            if written_secret.is_none() && d.kind() == Some("Secret") {
                // the first key with a value under `stringData` or `data`
                written_secret = ["stringData", "data"].iter().find_map(|field| {
                    let map = d.root.as_ref()?.get(field)?;
                    let (key, _) = map.entries()?.iter().find_map(|e| Some((e.key.as_str()?, e.value.as_str().filter(|v| !v.is_empty())?)))?;
                    Some((d.name().unwrap_or("").to_owned(), format!("{field}.{key}")))
                });
            }
            kinds.push((d.kind().map(str::to_owned), d.name().map(str::to_owned), d.root.as_ref().and_then(|r| r.at(&yaml::Path::parse("spec.serviceName"))).and_then(|n| n.as_str().map(str::to_owned))));
            if let Some(found) = backup_of(d) {
                backups.push(found);
            }
        }
    }
    let has_set = kinds.iter().any(|(k, _, _)| k.as_deref() == Some("StatefulSet"));
    ITEMS
        .iter()
        .map(|item| {
            let status = match (&item.judge, &syntax, has_set) {
                (Judge::Manual, _, _) => match practice.tested.iter().find(|(id, _)| *id == item.id) {
                    Some((_, evidence)) => Status::Pass { reason: evidence.clone() },
                    None => match practice.drill.as_ref().filter(|r| r.error.is_none()).and_then(|r| tested(item.id, r)) {
                        Some(status) => status,
                        None => Status::Manual,
                    },
                },
                (_, Some(why), _) => Status::Fail { reason: format!("cannot be judged: {why}"), rule: Some("YAML001"), lesson: None },
                (_, None, false) => Status::Fail { reason: "there is no StatefulSet in the manifest".into(), rule: None, lesson: Some(item.lesson) },
                (Judge::Rules(codes, pass), None, true) => match diagnostics.iter().find(|d| codes.contains(&d.code)) {
                    Some(d) => Status::Fail { reason: sentence(&d.message), rule: Some(d.code), lesson: Some(item.lesson) },
                    None => Status::Pass { reason: sentence(pass) },
                },
                (Judge::HeadlessService, None, true) => headless(diagnostics, &kinds, item.lesson),
                (Judge::Backups, None, true) => {
                    let restored = practice.restores.first().map(|r| format!(", and {r}"));
                    let practised = practice.backups.first().map(|b| format!("In the cluster, {b}{}", restored.clone().unwrap_or_default()));
                    match (backups.first(), diagnostics.iter().find(|d| BACKUP_DEFECTS.contains(&d.code) && (d.code != "API006" || d.message.contains("restartPolicy`: Required"))), practised) {
                        (None, _, Some(done)) => Status::Pass { reason: sentence(&format!("{done}; the manifest schedules none yet: add the guide's backup CronJob (corrected) so it happens every night")) },
                        (None, _, None) => Status::Fail {
                            reason: "No CronJob or Job runs pg_dump and no VolumeSnapshot is taken: add the guide's backup CronJob (corrected), or snapshots of the claims.".into(),
                            rule: None,
                            lesson: Some(item.lesson),
                        },
                        (Some(_), Some(d), _) => Status::Fail { reason: sentence(&d.message), rule: Some(d.code), lesson: Some(item.lesson) },
                        (Some(what), None, _) => Status::Pass {
                            reason: sentence(&match restored {
                                Some(r) => format!("{what}, with none of the defects that keep a backup from running{r}"),
                                None => format!("{what}, with none of the defects that keep a backup from running; restore it once to know it works"),
                            }),
                        },
                    }
                }
                (Judge::Secrets, None, true) => match diagnostics.iter().find(|d| d.code == "SEC001") {
                    Some(d) => Status::Fail { reason: sentence(&d.message), rule: Some(d.code), lesson: Some(item.lesson) },
                    None => match &written_secret {
                        Some((name, key)) => Status::Fail {
                            reason: format!(
                                "Secret `{name}` is written in the manifest with its values (`{key}`): a Secret in the same file is still a password in Git. Create it with `kubectl create secret generic {name} --from-literal=…` or a secret manager, and keep it out of the repository."
                            ),
                            rule: None,
                            lesson: Some(item.lesson),
                        },
                        None => Status::Pass { reason: sentence("no password is written in the manifest, neither in an env var nor in a Secret") },
                    },
                },
            };
            ChecklistItem { id: item.id, text: item.text, status, lesson: item.lesson }
        })
        .collect()
}

/// The stress test's verdict on a "tested …" item: scaling (`scale to 1 and back`), pod
/// deletion and recovery (each `delete pod` drill), data persistence (no drill that deletes or
/// recreates pods lost a row).
fn tested(id: &str, report: &crate::drill::Report) -> Option<Status> {
    let of = |prefix: &'static str| report.drills.iter().filter(move |d| d.name.starts_with(prefix));
    let fail = |d: &crate::drill::DrillResult, what: &str| {
        let cause = d.causes.first().map(|c| format!(": {} (line {})", c.message, c.line)).unwrap_or_default();
        Status::Fail { reason: format!("The stress test's drill \"{}\" {what}{cause}.", d.name), rule: d.causes.first().and_then(|c| c.rule), lesson: None }
    };
    Some(match id {
        "tested-scaling" => {
            let d = of("scale to 1 and back").next()?;
            match d.outcome {
                "blocked" | "data-lost" => fail(d, if d.outcome == "blocked" { "did not get back to its replicas" } else { "lost rows" }),
                _ => Status::Pass { reason: format!("The stress test scaled the set to 1 and back: it came back complete, with at least {} pod{} Ready throughout.", d.min_ready, if d.min_ready == 1 { "" } else { "s" }) },
            }
        }
        "tested-recovery" => {
            let drills: Vec<_> = of("delete pod ").collect();
            match drills.iter().find(|d| d.outcome == "blocked") {
                Some(d) => fail(d, "did not recover"),
                None if drills.is_empty() => return None,
                None => Status::Pass {
                    reason: format!(
                        "The stress test deleted each pod ({}): each came back with its name and claims, at most {} s without it.",
                        drills.len(),
                        drills.iter().map(|d| d.seconds_degraded).max().unwrap_or(0)
                    ),
                },
            }
        }
        "tested-persistence" => {
            let drills: Vec<_> = of("delete ").collect();
            match drills.iter().find(|d| d.outcome == "data-lost") {
                Some(d) => fail(d, "lost rows"),
                None if drills.is_empty() => return None,
                None => Status::Pass { reason: "The stress test deleted each pod, and the whole set, and recreated them: no database lost a row.".to_owned() },
            }
        }
        _ => return None,
    })
}

/// The findings that keep a backup from running: a Job template that may not finish, a mount of
/// no volume, a database name that does not resolve from the Job's namespace, no password for
/// pg_dump, a snapshot of a claim of another namespace.
const BACKUP_DEFECTS: [&str; 5] = ["API006", "PVC001", "POD029", "POD028", "PVC015"];

/// What in a document backs the data up: a CronJob or Job whose containers run pg_dump, or a
/// VolumeSnapshot.
fn backup_of(d: &yaml::Document) -> Option<String> {
    let root = d.root.as_ref()?;
    let name = d.name().unwrap_or("?");
    match d.kind()? {
        "VolumeSnapshot" => Some(format!("VolumeSnapshot `{name}` snapshots a claim")),
        kind @ ("CronJob" | "Job") => {
            let at = if kind == "CronJob" { "spec.jobTemplate.spec.template.spec.containers" } else { "spec.template.spec.containers" };
            let runs_dump = root.at(&yaml::Path::parse(at))?.items()?.iter().any(|c| {
                ["command", "args"].iter().filter_map(|k| c.get(k)?.items()).flatten().filter_map(|w| w.as_str()).any(|w| w.split_whitespace().any(|w| matches!(w.rsplit('/').next().unwrap_or(w), "pg_dump" | "pg_dumpall")))
            });
            runs_dump.then(|| format!("{kind} `{name}` runs pg_dump"))
        }
        _ => None,
    }
}

type DocInfo = (Option<String>, Option<String>, Option<String>);

fn headless(diagnostics: &[Diagnostic], kinds: &[DocInfo], lesson: &'static str) -> Status {
    const CODES: [&str; 5] = ["STS003", "STS004", "STS005", "STS006", "STS007"];
    if let Some(d) = diagnostics.iter().find(|d| CODES.contains(&d.code)) {
        return Status::Fail { reason: sentence(&d.message), rule: Some(d.code), lesson: Some(lesson) };
    }
    // every StatefulSet's Service comes before it
    for (i, (kind, name, service)) in kinds.iter().enumerate() {
        if kind.as_deref() != Some("StatefulSet") {
            continue;
        }
        let Some(service) = service else { continue };
        let at = kinds.iter().position(|(k, n, _)| k.as_deref() == Some("Service") && n.as_deref() == Some(service.as_str()));
        if at.is_some_and(|at| at > i) {
            return Status::Fail {
                reason: format!(
                    "Service `{service}` comes after StatefulSet `{}`: move it first, so that it is applied first",
                    name.as_deref().unwrap_or("?")
                ),
                rule: None,
                lesson: Some(lesson),
            };
        }
    }
    Status::Pass { reason: "the governing Service is headless, selects the pods and comes first".into() }
}

/// A finding's message as a sentence: capitalised, with a final period.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
