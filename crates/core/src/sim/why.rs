//! Why a StatefulSet is not complete: at any moment, for each set, what keeps it from having
//! every pod of its range existing, Running and Ready (available, with `minReadySeconds`), at
//! the update revision and with its DNS name, as stable codes, the pods concerned and a
//! sentence. A specific code comes beside the general one for the same pod (`CrashLoop` with
//! `PodNotReady`, `NodeUnreachable` with `PodTerminating`). An empty list: the set is complete.
//!
//! The reasons follow the StatefulSet controller's rules (`pkg/controller/statefulset/
//! stateful_set_control.go`, reference `statefulset-semantics.md` §3):
//! - `PodNotReady`, `PodTerminating`: `updateStatefulSet`'s replica pass under `OrderedReady`
//!   (`monotonic`) returns at the first pod that is not Running and Ready, or is terminating,
//!   so no higher ordinal is created or replaced until it is.
//! - `PodNotAvailable`: the same pass waits for `minReadySeconds` (`isRunningAndAvailable`).
//! - `UnhealthyPodBlocksScaleDown`: the condemned pass deletes nothing while a pod is
//!   unhealthy under `OrderedReady` (`if monotonic && !isHealthy(firstUnhealthyPod)`).
//! - `RollbackStuck`: the update pass replaces pods from the highest ordinal down, and waits for
//!   each to be Running and Ready first; a pod of an old revision that never becomes Ready is
//!   never replaced (the "forced rollback" of the StatefulSet documentation: delete it).
//! - `PartitionHolds`: pods whose ordinal is below `rollingUpdate.partition` keep their
//!   revision (`updateStatefulSet`: `for target := len(replicas) - 1; target >= updateMin`).
//! - `OnDeleteWaitsForDelete`: `OnDelete` never replaces a pod; a deleted pod comes back at the
//!   update revision.
//! - `ClaimPending`, `Unschedulable`: the pod exists, its claim is not Bound or no node fits
//!   (kube-scheduler's `FailedScheduling` message).
//! - `CreateFailed`: the API server refused the controller's create (`FailedCreate`); the sync
//!   is retried with back-off.
//! - `ServiceMissing`, `ServiceSelectsNothing`: the pods' DNS names come from the headless
//!   Service named by `serviceName`, which must exist and select them (reference §5).
//! - The pod's own trouble, from [`super::stuck`]: `NodeUnreachable`, `MultiAttach`,
//!   `CreateContainerConfigError`, `InitContainerFailing`, `CrashLoop`, `OomKilled`,
//!   `ProbeKills`, `ProbeTimesOut`, `EntrypointFails`.

use super::model::*;
use super::stuck::Code as StuckCode;
use super::Simulation;

/// A reason a set is not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// OrderedReady: the next ordinal waits for this pod to be Running and Ready.
    PodNotReady,
    /// `minReadySeconds`: the pod is Ready, not yet available.
    PodNotAvailable,
    /// An identity's old pod must be gone before its replacement is created.
    PodTerminating,
    /// OrderedReady: no pod beyond the replicas is deleted while a pod is unhealthy.
    UnhealthyPodBlocksScaleDown,
    /// A pod of an old revision is not Ready, and the controller will not replace it.
    RollbackStuck,
    /// `partition`: pods below it keep the old revision.
    PartitionHolds,
    /// `OnDelete`: pods are replaced only when deleted.
    OnDeleteWaitsForDelete,
    /// The pod's claim is not Bound.
    ClaimPending,
    /// No node can take the pod.
    Unschedulable,
    /// The API server refused the controller's create.
    CreateFailed,
    /// No Service of the `serviceName` exists: no DNS names.
    ServiceMissing,
    /// The Service of the `serviceName` selects none of the pods.
    ServiceSelectsNothing,
    /// The pod's node stopped answering.
    NodeUnreachable,
    /// The pod's volume is still attached to another node.
    MultiAttach,
    /// The kubelet cannot create the container (a missing Secret or key).
    CreateContainerConfigError,
    /// An init container fails.
    InitContainerFailing,
    /// The container keeps exiting and is restarted with back-off.
    CrashLoop,
    /// postgres exits at every start (its entrypoint or initdb refuses).
    EntrypointFails,
    /// The OOM killer ends the container.
    OomKilled,
    /// A liveness or startup probe kills the container again and again.
    ProbeKills,
    /// The readiness probe's command outlives its `timeoutSeconds`.
    ProbeTimesOut,
}

/// Every code, for the tidy tests and the documentation.
pub const CODES: &[Code] = &[
    Code::PodNotReady,
    Code::PodNotAvailable,
    Code::PodTerminating,
    Code::UnhealthyPodBlocksScaleDown,
    Code::RollbackStuck,
    Code::PartitionHolds,
    Code::OnDeleteWaitsForDelete,
    Code::ClaimPending,
    Code::Unschedulable,
    Code::CreateFailed,
    Code::ServiceMissing,
    Code::ServiceSelectsNothing,
    Code::NodeUnreachable,
    Code::MultiAttach,
    Code::CreateContainerConfigError,
    Code::InitContainerFailing,
    Code::CrashLoop,
    Code::EntrypointFails,
    Code::OomKilled,
    Code::ProbeKills,
    Code::ProbeTimesOut,
];

impl Code {
    /// The stable name (the JSON's `code`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::PodNotReady => "PodNotReady",
            Code::PodNotAvailable => "PodNotAvailable",
            Code::PodTerminating => "PodTerminating",
            Code::UnhealthyPodBlocksScaleDown => "UnhealthyPodBlocksScaleDown",
            Code::RollbackStuck => "RollbackStuck",
            Code::PartitionHolds => "PartitionHolds",
            Code::OnDeleteWaitsForDelete => "OnDeleteWaitsForDelete",
            Code::ClaimPending => "ClaimPending",
            Code::Unschedulable => "Unschedulable",
            Code::CreateFailed => "CreateFailed",
            Code::ServiceMissing => "ServiceMissing",
            Code::ServiceSelectsNothing => "ServiceSelectsNothing",
            Code::NodeUnreachable => "NodeUnreachable",
            Code::MultiAttach => "MultiAttach",
            Code::CreateContainerConfigError => "CreateContainerConfigError",
            Code::InitContainerFailing => "InitContainerFailing",
            Code::CrashLoop => "CrashLoop",
            Code::EntrypointFails => "EntrypointFails",
            Code::OomKilled => "OomKilled",
            Code::ProbeKills => "ProbeKills",
            Code::ProbeTimesOut => "ProbeTimesOut",
        }
    }

    /// The controller rule (or the component) the reason comes from.
    pub fn rule(self) -> &'static str {
        match self {
            Code::PodNotReady | Code::PodTerminating => "updateStatefulSet, replica pass: under OrderedReady the sync returns at the first pod that is not Running and Ready, or is terminating",
            Code::PodNotAvailable => "updateStatefulSet, replica pass: isRunningAndAvailable waits minReadySeconds",
            Code::UnhealthyPodBlocksScaleDown => "updateStatefulSet, condemned pass: nothing is deleted while the first unhealthy pod is unhealthy (OrderedReady)",
            Code::RollbackStuck => "updateStatefulSet, update pass: a pod is replaced only once the pods above it are Running and Ready; a pod that never becomes Ready blocks the rollout",
            Code::PartitionHolds => "updateStatefulSet, update pass: ordinals below rollingUpdate.partition are not updated",
            Code::OnDeleteWaitsForDelete => "OnDelete: the controller replaces a pod only after it is deleted",
            Code::ClaimPending => "kube-scheduler, VolumeBinding: a pod waits for its claim to be Bound",
            Code::Unschedulable => "kube-scheduler: FailedScheduling",
            Code::CreateFailed => "the API server refused the controller's create (FailedCreate); the sync is retried with back-off",
            Code::ServiceMissing | Code::ServiceSelectsNothing => "DNS: a pod's name is published by the headless Service named by serviceName, for the pods it selects",
            Code::NodeUnreachable => "node lifecycle controller: the node's lease is not renewed",
            Code::MultiAttach => "attach/detach controller: a ReadWriteOnce volume attached elsewhere",
            Code::CreateContainerConfigError | Code::InitContainerFailing | Code::CrashLoop | Code::EntrypointFails | Code::OomKilled | Code::ProbeKills | Code::ProbeTimesOut => {
                "kubelet: the pod's containers"
            }
        }
    }
}

/// One reason a set is not complete.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Waiting {
    /// The code.
    #[serde(serialize_with = "code_name")]
    pub code: Code,
    /// A sentence a learner understands.
    pub message: String,
    /// The pods concerned.
    pub pods: Vec<String>,
    /// The field of the StatefulSet's manifest responsible, when one is (a YAML path such as
    /// `spec.serviceName`; [`field_range`] finds it in a text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl Code {
    /// The field of the StatefulSet's manifest behind the reason, when one line is.
    pub fn field(self) -> Option<&'static str> {
        Some(match self {
            Code::PodNotAvailable => "spec.minReadySeconds",
            Code::PartitionHolds => "spec.updateStrategy.rollingUpdate.partition",
            Code::OnDeleteWaitsForDelete => "spec.updateStrategy.type",
            Code::ClaimPending => "spec.volumeClaimTemplates[0].spec.storageClassName",
            Code::Unschedulable => "spec.template.spec.containers[0].resources.requests",
            Code::ServiceMissing | Code::ServiceSelectsNothing => "spec.serviceName",
            Code::CreateContainerConfigError | Code::EntrypointFails => "spec.template.spec.containers[0].env",
            Code::InitContainerFailing => "spec.template.spec.initContainers[0].command",
            Code::OomKilled => "spec.template.spec.containers[0].resources.limits.memory",
            Code::ProbeKills => "spec.template.spec.containers[0].livenessProbe",
            Code::ProbeTimesOut => "spec.template.spec.containers[0].readinessProbe",
            _ => return None,
        })
    }
}

/// Where `field` of the StatefulSet `set` is written in a manifest text (its nearest written
/// ancestor when the field itself is not, below `spec`): byte offsets of the value.
pub fn field_range(text: &str, set: &ObjectKey, field: &str) -> Option<(usize, usize)> {
    let parse = crate::yaml::parse(text);
    let doc = parse.documents.iter().find(|d| d.kind() == Some("StatefulSet") && d.name() == Some(set.name.as_str()))?;
    let root = doc.root.as_ref()?;
    let mut path = field.to_owned();
    loop {
        if let Some(node) = root.at(&crate::yaml::Path::parse(&path)) {
            return Some((node.range.start as usize, node.range.end as usize));
        }
        let cut = path.rfind(['.', '['])?;
        path.truncate(cut);
        if path == "spec" || path.is_empty() {
            return None;
        }
    }
}

fn code_name<S: serde::Serializer>(c: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

/// Why each StatefulSet is not complete, by set.
pub fn all(sim: &Simulation) -> Vec<(ObjectKey, Vec<Waiting>)> {
    sim.world.state.statefulsets.keys().map(|k| (k.clone(), of(sim, k))).collect()
}

/// Why the set is not complete; empty when it is (or does not exist).
pub fn of(sim: &Simulation, key: &ObjectKey) -> Vec<Waiting> {
    let w = &sim.world;
    let state = &w.state;
    let Some(set) = state.statefulsets.get(key) else { return Vec::new() };
    let f = set.facts();
    let now = state.now;
    let pods = state.pods_of(set);
    let ordinal = |p: &Pod| p.parent_ordinal.as_ref().map_or(i32::MIN, |(_, o)| *o);
    let in_range = |o: i32| o >= f.start && o < f.start + f.replicas;
    let mut out: Vec<Waiting> = Vec::new();
    let mut push = |code: Code, message: String, pods: Vec<String>| {
        if !out.iter().any(|x| x.code == code && x.pods == pods) {
            out.push(Waiting { code, message, pods, field: code.field() });
        }
    };
    let update = &set.status.update_revision;

    // the pods of the range, lowest first: the first one that holds OrderedReady back
    let mut blocked_at: Option<String> = None;
    let mut refused: Vec<String> = Vec::new();
    for o in f.start..f.start + f.replicas {
        let Some(p) = pods.iter().find(|p| ordinal(p) == o) else {
            // a missing pod after one that holds OrderedReady back is that pod's reason
            if blocked_at.is_some() {
                continue;
            }
            let name = format!("{}-{o}", set.meta.name);
            // a pod of that name the set does not own (an orphan, or the pod of a deleted set)
            // still terminating
            if let Some(other) = state.pods.get(&ObjectKey::new(&key.namespace, &name)).filter(|p| p.meta.terminating()) {
                push(
                    Code::PodTerminating,
                    format!("An older pod named {name}, not this set's, is terminating: the controller can create its {name} only once it is gone (one pod per name)."),
                    vec![name.clone()],
                );
                specific(&mut push, super::stuck::why(sim, other).as_ref(), other);
                if !f.parallel {
                    blocked_at = Some(name);
                }
            } else if w.set_errors.contains_key(key) {
                refused.push(name);
            }
            continue;
        };
        let name = p.meta.name.clone();
        if blocked_at.is_some() {
            continue;
        }
        let stuck = super::stuck::why(sim, p);
        if p.meta.terminating() {
            push(
                Code::PodTerminating,
                format!("{name} is terminating: the controller creates its replacement, with the same name and claims, only once it is gone (one pod per identity){}.", if f.parallel { "" } else { ", and under OrderedReady nothing after it moves meanwhile" }),
                vec![name.clone()],
            );
            specific(&mut push, stuck.as_ref(), p);
            if !f.parallel {
                blocked_at = Some(name);
            }
            continue;
        }
        if !p.running_and_ready() {
            let next_exists = pods.iter().any(|q| ordinal(q) == o + 1);
            let next = if f.parallel || o + 1 >= f.start + f.replicas {
                String::new()
            } else if next_exists {
                ", and acts on no higher ordinal meanwhile".to_owned()
            } else {
                format!(" before it creates {}-{}", set.meta.name, o + 1)
            };
            let what = if p.status.phase == PodPhase::Pending && p.status.node.is_none() {
                "not scheduled yet"
            } else if p.status.phase == PodPhase::Running {
                "Running but not Ready"
            } else {
                "not Running yet"
            };
            if f.parallel {
                push(Code::PodNotReady, format!("{name} is {what}."), vec![name.clone()]);
            } else {
                push(Code::PodNotReady, format!("{name} is {what}: under OrderedReady the controller waits for it to be Running and Ready{next}."), vec![name.clone()]);
            }
            for claim in p.claim_names() {
                if let Some(c) = state.claims.get(&ObjectKey::new(&p.meta.namespace, &claim)).filter(|c| c.phase != ClaimPhase::Bound) {
                    push(Code::ClaimPending, format!("Its claim {} is {}: the pod cannot be scheduled until the claim is Bound.", claim, c.phase.as_str()), vec![name.clone()]);
                }
            }
            specific(&mut push, stuck.as_ref(), p);
            if !f.parallel {
                blocked_at = Some(name);
            }
            continue;
        }
        if !p.available(f.min_ready_s, now) {
            let left = (f.min_ready_s as u64 * 1000).saturating_sub(now.since(p.status.ready_changed_at));
            push(
                Code::PodNotAvailable,
                format!("{name} is Ready, and counts as available after minReadySeconds ({} s; {} s to go){}.", f.min_ready_s, left.div_ceil(1000), if f.parallel { "" } else { ": the controller waits for that before the next ordinal" }),
                vec![name.clone()],
            );
            if !f.parallel {
                blocked_at = Some(name);
            }
        }
    }

    if let Some(error) = w.set_errors.get(key).filter(|_| !refused.is_empty()) {
        push(Code::CreateFailed, format!("The API server refuses the pods the controller creates, so it retries with back-off: {error}"), refused);
    }

    // pods beyond the range: deleted highest first, and not while a pod is unhealthy
    let condemned: Vec<&&Pod> = pods.iter().filter(|p| !in_range(ordinal(p)) && !p.meta.terminating()).collect();
    if !condemned.is_empty() && !f.parallel {
        if let Some(unhealthy) = pods.iter().find(|p| !p.running_and_ready() || p.meta.terminating()) {
            push(
                Code::UnhealthyPodBlocksScaleDown,
                format!(
                    "{} must go (scale-down), but {} is not Running and Ready: under OrderedReady the controller deletes nothing until it is.",
                    condemned.iter().map(|p| p.meta.name.as_str()).collect::<Vec<_>>().join(", "),
                    unhealthy.meta.name
                ),
                vec![unhealthy.meta.name.clone()],
            );
        }
    }

    // revisions
    let old: Vec<&&Pod> = pods.iter().filter(|p| in_range(ordinal(p)) && !p.meta.terminating() && !update.is_empty() && p.revision() != update).collect();
    if !old.is_empty() {
        let names = |ps: &[&&Pod]| ps.iter().map(|p| p.meta.name.clone()).collect::<Vec<_>>();
        if f.on_delete {
            push(
                Code::OnDeleteWaitsForDelete,
                format!("{} run{} the old template: with updateStrategy OnDelete the controller replaces a pod only after you delete it.", names(&old).join(", "), if old.len() == 1 { "s" } else { "" }),
                names(&old),
            );
        } else {
            let partition = f.partition.unwrap_or(0);
            let held: Vec<&&Pod> = old.iter().copied().filter(|p| ordinal(p) < partition).collect();
            if !held.is_empty() {
                push(
                    Code::PartitionHolds,
                    format!("{} keep{} the old template by design: rollingUpdate.partition is {partition}, and only ordinals from {partition} up are updated.", names(&held).join(", "), if held.len() == 1 { "s" } else { "" }),
                    names(&held),
                );
            }
            let stuck_old: Vec<&&Pod> = old.iter().copied().filter(|p| ordinal(p) >= partition && !p.running_and_ready()).collect();
            if !stuck_old.is_empty() && !f.parallel {
                let p = stuck_old[stuck_old.len() - 1];
                push(
                    Code::RollbackStuck,
                    format!(
                        "{} runs an old revision and is not Ready: the controller replaces a pod only once it is Running and Ready, which it will never be. Delete it; it comes back at the update revision.",
                        p.meta.name
                    ),
                    vec![p.meta.name.clone()],
                );
            }
        }
    }

    // DNS
    let live: Vec<&&Pod> = pods.iter().filter(|p| !p.meta.terminating()).collect();
    if !live.is_empty() && !f.service_name.is_empty() {
        match state.services.get(&ObjectKey::new(&key.namespace, &f.service_name)) {
            None => push(
                Code::ServiceMissing,
                format!("No Service {} exists in {}: the pods run, but none has a DNS name (<pod>.{}). Create the headless Service.", f.service_name, key.namespace, f.service_name),
                live.iter().map(|p| p.meta.name.clone()).collect(),
            ),
            Some(svc) => {
                let selects = |p: &Pod| svc.spec.selector.as_ref().is_some_and(|s| !s.is_empty() && s.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v)));
                if !live.iter().any(|p| selects(p)) {
                    push(
                        Code::ServiceSelectsNothing,
                        format!("The Service {} selects none of the pods (its selector does not match their labels): they have no DNS names.", f.service_name),
                        live.iter().map(|p| p.meta.name.clone()).collect(),
                    );
                }
            }
        }
    }
    out
}

/// The pod's own trouble beside the general reason.
fn specific(push: &mut impl FnMut(Code, String, Vec<String>), stuck: Option<&super::stuck::Stuck>, p: &Pod) {
    let name = p.meta.name.clone();
    let crash_looping = matches!(&p.status.container, Some(ContainerState::Waiting { reason, .. }) if reason == "CrashLoopBackOff");
    if let Some(s) = stuck {
        let code = match s.code {
            StuckCode::NodeUnreachable | StuckCode::TerminatingOnDeadNode => Some(Code::NodeUnreachable),
            StuckCode::MultiAttach => Some(Code::MultiAttach),
            StuckCode::Unschedulable => Some(Code::Unschedulable),
            StuckCode::CreateContainerConfigError => Some(Code::CreateContainerConfigError),
            StuckCode::InitContainerFails => Some(Code::InitContainerFailing),
            StuckCode::EntrypointFails => Some(Code::EntrypointFails),
            StuckCode::OomKilled => Some(Code::OomKilled),
            StuckCode::ProbeKills => Some(Code::ProbeKills),
            StuckCode::ProbeTimesOut => Some(Code::ProbeTimesOut),
            // a drain's reason, not the set's
            StuckCode::EvictionRefused => None,
        };
        if let Some(code) = code {
            push(code, s.message.clone(), vec![name.clone()]);
        }
    }
    if crash_looping {
        push(Code::CrashLoop, format!("{name}'s container keeps exiting: the kubelet restarts it with a growing back-off (CrashLoopBackOff, {} restart{} so far).", p.status.restarts, if p.status.restarts == 1 { "" } else { "s" }), vec![name]);
    }
}

/// `why [statefulset/NAME]`: the sentences, one set after the other.
pub fn text(sim: &Simulation, namespace: Option<&str>, name: Option<&str>) -> Result<String, String> {
    let sets: Vec<(ObjectKey, Vec<Waiting>)> = all(sim).into_iter().filter(|(k, _)| namespace.is_none_or(|n| n == k.namespace) && name.is_none_or(|n| n == k.name)).collect();
    if sets.is_empty() {
        return Err(match name {
            Some(n) => format!("no StatefulSet {n}{}", namespace.map(|ns| format!(" in {ns}")).unwrap_or_default()),
            None => "no StatefulSet to explain".to_owned(),
        });
    }
    let mut out = String::new();
    for (k, reasons) in sets {
        if reasons.is_empty() {
            out.push_str(&format!("statefulset/{} ({}): complete, nothing to wait for.\n", k.name, k.namespace));
            continue;
        }
        out.push_str(&format!("statefulset/{} ({}) waits:\n", k.name, k.namespace));
        for r in reasons {
            out.push_str(&format!("  {}: {}\n", r.code.as_str(), r.message));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_found_in_the_text_or_its_nearest_ancestor() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  template:\n    spec:\n      containers:\n      - name: db\n        image: postgres\n";
        let set = ObjectKey::new("default", "web");
        let (a, b) = field_range(text, &set, "spec.serviceName").unwrap();
        assert_eq!(&text[a..b], "nginx");
        // no resources written: the container itself
        let (a, _) = field_range(text, &set, "spec.template.spec.containers[0].resources.requests").unwrap();
        assert!(text[a..].starts_with("name: db"));
        assert_eq!(field_range(text, &set, "spec.minReadySeconds"), None);
        assert_eq!(field_range(text, &ObjectKey::new("default", "other"), "spec.serviceName"), None);
    }

    #[test]
    fn every_code_has_a_name_and_a_rule() {
        let mut names: Vec<&str> = CODES.iter().map(|c| c.as_str()).collect();
        for c in CODES {
            assert!(!c.rule().is_empty());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CODES.len());
    }
}
