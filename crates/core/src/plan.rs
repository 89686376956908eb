//! What applying a manifest over one already applied will do, before it is applied: `ordinal
//! plan --applied OLD.yaml NEW.yaml` and the cluster view's preview.
//!
//! The answer comes from the simulator itself: a fresh cluster (auto mode, the given seed) gets
//! the namespaces the manifests use and the applied manifest, settles, then gets the new one and
//! settles again, while the controllers' writes are recorded. So the plan follows the same rules
//! as the run: the API server's validation (an update of a field other than `replicas`,
//! `template`, `updateStrategy`, `persistentVolumeClaimRetentionPolicy`, `minReadySeconds`,
//! `ordinals` and `revisionHistoryLimit` is refused), the update pass (highest ordinal first,
//! `partition`, `OnDelete`), the scale passes and the claims' retention policy. The same two
//! applies on every simulated server version say where the verdict differs (a v1.33 server
//! accepts a pod template it cannot run; v1.34 and later refuse it).

use crate::apiserver::ServerVersion;
use crate::sim::api::Input;
use crate::sim::events::{Kind, SimEvent, Verb};
use crate::sim::model::ObjectKey;
use crate::sim::{SimConfig, Simulation};
use std::collections::{BTreeMap, BTreeSet};

/// What an apply will do.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Plan {
    /// The server refuses the new manifest: kubectl's message (`null` when it is accepted).
    pub rejected: Option<String>,
    /// Pods replaced for the new revision, in the order the controller replaces them.
    pub rolls: Vec<String>,
    /// Pods that keep the old revision (`partition`, `OnDelete`).
    pub held: Vec<String>,
    /// Pods created and deleted (besides those replaced).
    pub pods: Changes,
    /// Claims created, kept and deleted.
    pub claims: ClaimChanges,
    /// For a refused update, the way to get there anyway (an immutable field: delete the set
    /// with `--cascade=orphan`, then apply).
    pub fix: Option<String>,
    /// The verdict on each simulated server version.
    pub versions: Vec<Verdict>,
}

/// Pods created and deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Changes {
    /// Created.
    pub create: Vec<String>,
    /// Deleted.
    pub delete: Vec<String>,
}

/// Claims created, kept, deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClaimChanges {
    /// Created.
    pub create: Vec<String>,
    /// Kept (they existed and still do).
    pub keep: Vec<String>,
    /// Deleted.
    pub delete: Vec<String>,
}

/// The verdict of one server version.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    /// `1.33`, `1.34`, `1.35`.
    pub server: String,
    /// Its refusal, or `null`.
    pub rejected: Option<String>,
}

/// The namespaces the manifests name (created first, as `kubectl create namespace` would).
pub(crate) fn namespaces(texts: &[&str]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for text in texts {
        for d in &crate::yaml::parse(text).documents {
            if let Some(ns) = d.root.as_ref().and_then(|r| r.get("metadata")).and_then(|m| m.get("namespace")).and_then(|n| n.as_str()) {
                out.insert(ns.to_owned());
            }
        }
    }
    out.into_iter().collect()
}

fn apply(sim: &mut Simulation, text: &str, source: &str) -> Option<String> {
    let r = sim.handle(Input::Apply { manifest: text.to_owned(), source: source.to_owned(), namespace: None, validate: Default::default() });
    (!r.errors.is_empty()).then(|| r.errors.iter().map(|e| e.kubectl.clone()).collect::<Vec<_>>().join("\n"))
}

fn fresh(old: &str, new: &str, version: ServerVersion, seed: u64) -> Simulation {
    let mut config = SimConfig::auto();
    config.api.version = version;
    for ns in namespaces(&[old, new]) {
        if !config.namespaces.contains(&ns) {
            config.namespaces.push(ns);
        }
    }
    Simulation::new(config, seed)
}

/// The two manifests: the one applied and the new one, each with its file name (for kubectl's
/// messages).
#[derive(Clone, Copy, Debug)]
pub struct Manifests<'a> {
    /// The applied manifest.
    pub old: &'a str,
    /// Its file name.
    pub old_name: &'a str,
    /// The manifest about to be applied.
    pub new: &'a str,
    /// Its file name.
    pub new_name: &'a str,
}

/// What applying the new manifest over the old one (already applied, the set complete) does on
/// `version`.
pub fn plan(m: Manifests<'_>, version: ServerVersion, seed: u64) -> Plan {
    let (old, new) = (m.old, m.new);
    let plan = Plan { versions: verdicts(m, seed), ..Plan::default() };
    let mut sim = fresh(old, new, version, seed);
    if let Some(e) = apply(&mut sim, old, m.old_name) {
        return Plan { rejected: Some(format!("the applied manifest is itself refused: {e}")), ..plan };
    }
    sim.settle();
    Plan { versions: plan.versions, ..explain(&sim, new, m.new_name) }
}

/// What applying `new` to a running simulated cluster will do, worked out on a copy of it (the
/// cluster itself is left alone): the cluster view's preview before Apply. `versions` says what
/// each simulated server version would answer to the same apply on the same cluster.
pub fn preview(sim: &Simulation, new: &str, new_name: &str) -> Plan {
    Plan { versions: preview_verdicts(sim, new, new_name), ..explain(sim, new, new_name) }
}

fn preview_verdicts(sim: &Simulation, new: &str, new_name: &str) -> Vec<Verdict> {
    [ServerVersion::V1_33, ServerVersion::V1_34, ServerVersion::V1_35]
        .into_iter()
        .map(|v| {
            let mut copy = sim.clone();
            copy.set_server_version(v);
            Verdict { server: v.as_str().trim_start_matches('v').to_owned(), rejected: apply(&mut copy, new, new_name) }
        })
        .collect()
}

/// The plan of `new` on a copy of `sim`, without the versions.
fn explain(sim: &Simulation, new: &str, new_name: &str) -> Plan {
    let mut sim = sim.clone();
    let mut plan = Plan::default();
    while sim.poll_event().is_some() {}
    let before_pods: BTreeMap<ObjectKey, String> = sim.snapshot().pods.iter().map(|(k, p)| (k.clone(), p.revision().to_owned())).collect();
    let before_claims: BTreeSet<ObjectKey> = sim.snapshot().claims.keys().cloned().collect();
    if let Some(e) = apply(&mut sim, new, new_name) {
        plan.fix = fix_for(&e, new, new_name);
        plan.rejected = Some(e);
        return plan;
    }
    sim.settle();
    let mut deleted: Vec<ObjectKey> = Vec::new();
    let mut created: Vec<ObjectKey> = Vec::new();
    while let Some(e) = sim.poll_event() {
        if let SimEvent::Write { verb, kind: Kind::Pod, namespace, name, .. } = e {
            let key = ObjectKey::new(&namespace, &name);
            match verb {
                Verb::Delete if !deleted.contains(&key) => deleted.push(key),
                Verb::Create if !created.contains(&key) => created.push(key),
                _ => {}
            }
        }
    }
    let state = sim.snapshot();
    let after: BTreeSet<&ObjectKey> = state.pods.keys().collect();
    for k in &deleted {
        if created.contains(k) && after.contains(k) && before_pods.contains_key(k) {
            plan.rolls.push(k.name.clone());
        } else if !after.contains(k) {
            plan.pods.delete.push(k.name.clone());
        }
    }
    for k in &created {
        if !before_pods.contains_key(k) && after.contains(k) {
            plan.pods.create.push(k.name.clone());
        }
    }
    for set in state.statefulsets.values() {
        for p in state.pods_of(set) {
            if !set.status.update_revision.is_empty() && p.revision() != set.status.update_revision {
                plan.held.push(p.meta.name.clone());
            }
        }
    }
    let after_claims: BTreeSet<&ObjectKey> = state.claims.keys().collect();
    for k in &after_claims {
        if before_claims.contains(*k) {
            plan.claims.keep.push(k.name.clone());
        } else {
            plan.claims.create.push(k.name.clone());
        }
    }
    plan.claims.delete = before_claims.iter().filter(|k| !after_claims.contains(k)).map(|k| k.name.clone()).collect();
    plan
}

/// The verdict of every simulated server version on the same two applies.
fn verdicts(m: Manifests<'_>, seed: u64) -> Vec<Verdict> {
    [ServerVersion::V1_33, ServerVersion::V1_34, ServerVersion::V1_35]
        .into_iter()
        .map(|v| {
            let mut sim = fresh(m.old, m.new, v, seed);
            let rejected = match apply(&mut sim, m.old, m.old_name) {
                Some(e) => Some(format!("the applied manifest is itself refused: {e}")),
                None => {
                    sim.settle();
                    apply(&mut sim, m.new, m.new_name)
                }
            };
            Verdict { server: v.as_str().trim_start_matches('v').to_owned(), rejected }
        })
        .collect()
}

/// The way past a refusal, when there is one: an update of an immutable field of a
/// StatefulSet is done by deleting the set without its pods and applying the new one, which
/// adopts them.
fn fix_for(error: &str, new: &str, new_name: &str) -> Option<String> {
    if !error.contains("updates to statefulset spec for fields other than") {
        return None;
    }
    let doc = crate::yaml::parse(new).documents.into_iter().find(|d| d.kind() == Some("StatefulSet"))?;
    let name = doc.name()?.to_owned();
    let ns = doc.root.as_ref().and_then(|r| r.get("metadata")).and_then(|m| m.get("namespace")).and_then(|n| n.as_str()).map(|n| format!(" -n {n}")).unwrap_or_default();
    Some(format!(
        "The field cannot change on a live StatefulSet. Delete the set but not its pods and claims, then apply the new one, which adopts them: kubectl delete statefulset {name}{ns} --cascade=orphan, then kubectl apply -f {new_name}. The pods keep running; the new set replaces them as its update strategy says."
    ))
}

impl Plan {
    /// The plan as text, for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        match &self.rejected {
            Some(e) => {
                out.push_str(&format!("refused:\n  {}\n", e.replace('\n', "\n  ")));
                if let Some(fix) = &self.fix {
                    out.push_str(&format!("fix:\n  {fix}\n"));
                }
            }
            None => {
                let list = |v: &[String]| if v.is_empty() { "none".to_owned() } else { v.join(", ") };
                out.push_str(&format!("pods replaced, in order: {}\n", list(&self.rolls)));
                out.push_str(&format!("pods kept at the old revision: {}\n", list(&self.held)));
                out.push_str(&format!("pods created: {}\n", list(&self.pods.create)));
                out.push_str(&format!("pods deleted: {}\n", list(&self.pods.delete)));
                out.push_str(&format!("claims created: {}\n", list(&self.claims.create)));
                out.push_str(&format!("claims kept: {}\n", list(&self.claims.keep)));
                out.push_str(&format!("claims deleted: {}\n", list(&self.claims.delete)));
            }
        }
        let differ = self.versions.iter().any(|v| v.rejected.is_some() != self.versions[0].rejected.is_some());
        if differ {
            out.push_str("on other versions:\n");
            for v in &self.versions {
                out.push_str(&format!("  {}: {}\n", v.server, v.rejected.as_deref().map_or("accepted".to_owned(), |e| format!("refused: {}", e.lines().next().unwrap_or("")))));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(old: &str, new: &str, version: ServerVersion, seed: u64) -> Plan {
        super::plan(Manifests { old, old_name: "old.yaml", new, new_name: "new.yaml" }, version, seed)
    }

    const SET: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: nginx, namespace: web}\nspec: {clusterIP: None, selector: {app: nginx}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web, namespace: web}\nspec:\n  serviceName: nginx\n  replicas: 3\n  selector: {matchLabels: {app: nginx}}\n  template:\n    metadata: {labels: {app: nginx}}\n    spec:\n      containers:\n      - {name: nginx, image: registry.k8s.io/nginx-slim:0.8, volumeMounts: [{name: www, mountPath: /www}]}\n  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";

    #[test]
    fn an_image_change_rolls_every_pod_from_the_highest_ordinal() {
        let new = SET.replace("nginx-slim:0.8", "nginx-slim:0.9");
        let p = plan(SET, &new, ServerVersion::V1_35, 1);
        assert_eq!(p.rejected, None);
        assert_eq!(p.rolls, ["web-2", "web-1", "web-0"]);
        assert!(p.held.is_empty() && p.pods.create.is_empty() && p.pods.delete.is_empty());
        assert_eq!(p.claims.keep, ["www-web-0", "www-web-1", "www-web-2"]);
    }

    #[test]
    fn a_partition_holds_the_lower_ordinals() {
        let new = SET.replace("nginx-slim:0.8", "nginx-slim:0.9").replace("  replicas: 3\n", "  replicas: 3\n  updateStrategy: {rollingUpdate: {partition: 2}}\n");
        let p = plan(SET, &new, ServerVersion::V1_35, 1);
        assert_eq!((p.rolls.as_slice(), p.held.as_slice()), (&["web-2".to_owned()][..], &["web-0".to_owned(), "web-1".to_owned()][..]));
    }

    #[test]
    fn scaling_creates_and_deletes_pods_and_keeps_claims() {
        let up = plan(SET, &SET.replace("replicas: 3", "replicas: 5"), ServerVersion::V1_35, 1);
        assert_eq!((up.pods.create.as_slice(), up.claims.create.as_slice()), (&["web-3".to_owned(), "web-4".to_owned()][..], &["www-web-3".to_owned(), "www-web-4".to_owned()][..]));
        let down = plan(SET, &SET.replace("replicas: 3", "replicas: 1"), ServerVersion::V1_35, 1);
        assert_eq!(down.pods.delete, ["web-2", "web-1"]);
        assert!(down.claims.delete.is_empty(), "whenScaled: Retain keeps them");
    }

    #[test]
    fn an_immutable_field_is_refused_with_the_orphan_recipe() {
        let p = plan(SET, &SET.replace("  replicas: 3\n", "  replicas: 3\n  podManagementPolicy: Parallel\n"), ServerVersion::V1_35, 1);
        assert!(p.rejected.as_deref().is_some_and(|e| e.contains("updates to statefulset spec for fields other than")), "{p:?}");
        assert!(p.fix.as_deref().is_some_and(|f| f.contains("kubectl delete statefulset web -n web --cascade=orphan")));
        assert!(p.versions.iter().all(|v| v.rejected.is_some()));
    }

    #[test]
    fn a_preview_on_a_running_cluster_names_each_versions_verdict() {
        let mut sim = fresh(SET, SET, ServerVersion::V1_35, 1);
        assert_eq!(apply(&mut sim, SET, "old.yaml"), None);
        sim.settle();
        let p = preview(&sim, &SET.replace("volumeMounts: [{name: www,", "volumeMounts: [{name: wwx,"), "new.yaml");
        let v: Vec<(&str, bool)> = p.versions.iter().map(|v| (v.server.as_str(), v.rejected.is_some())).collect();
        assert_eq!(v, [("1.33", false), ("1.34", true), ("1.35", true)]);
        assert_eq!(sim.config().api.version, ServerVersion::V1_35, "the cluster itself is left alone");
    }

    #[test]
    fn a_template_v1_33_accepts_is_refused_from_v1_34() {
        let new = SET.replace("volumeMounts: [{name: www,", "volumeMounts: [{name: wwx,");
        let p = plan(SET, &new, ServerVersion::V1_35, 1);
        assert!(p.rejected.is_some());
        let v: Vec<bool> = p.versions.iter().map(|v| v.rejected.is_some()).collect();
        assert_eq!(v, [false, true, true], "{:?}", p.versions);
        assert!(p.to_text().contains("on other versions:\n  1.33: accepted\n"));
    }
}
