//! Why a pod is stuck, and what would free it: the sentences the cluster view puts on a pod
//! card when a node failure, a volume that cannot move, a PodDisruptionBudget or the
//! scheduler holds it. Each reason has a stable code and a title (data, checked by a tidy
//! test); the message names the objects and times of this pod, and `frees` lists the ways
//! out, each as a learner would do it.
//!
//! The rules behind each reason are those of `shared/reference/disruptions.md`: §2–§6 (the
//! pod of a node that stopped answering), §9 (how that ends), §10.2–§10.3 (Multi-Attach and
//! the force detach), §12–§14 (the Eviction API and `kubectl drain`).

use super::model::*;
use super::time::SimTime;
use super::Simulation;

/// Why a pod does not move on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// Its node's kubelet stopped reporting; the pod is not deleted yet.
    NodeUnreachable,
    /// Deleted, on a node that does not answer: nothing can confirm its end.
    TerminatingOnDeadNode,
    /// Its ReadWriteOnce volume is still attached to another node.
    MultiAttach,
    /// A drain wants it gone, and the PodDisruptionBudget refuses.
    EvictionRefused,
    /// The scheduler finds no node for it.
    Unschedulable,
    /// The kubelet cannot create its container: its environment names a Secret or ConfigMap,
    /// or a key, that does not exist.
    CreateContainerConfigError,
    /// Its postgres exits 1 at every start (the image's entrypoint or initdb refuses).
    EntrypointFails,
    /// An init container fails (a non-zero exit, or a program its image lacks), so the app
    /// containers never start.
    InitContainerFails,
    /// Its liveness or startup probe fails until the kubelet kills the container, and the
    /// restart fails the same way.
    ProbeKills,
    /// The container passes its memory limit and the OOM killer ends it.
    OomKilled,
    /// Its readiness probe's command outlives `timeoutSeconds`: the pod runs, unready.
    ProbeTimesOut,
}

/// Every code, for the tidy test and the documentation.
pub const CODES: &[Code] = &[Code::NodeUnreachable, Code::TerminatingOnDeadNode, Code::MultiAttach, Code::EvictionRefused, Code::Unschedulable, Code::CreateContainerConfigError, Code::EntrypointFails, Code::InitContainerFails, Code::ProbeKills, Code::OomKilled, Code::ProbeTimesOut];

impl Code {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NodeUnreachable => "NodeUnreachable",
            Code::TerminatingOnDeadNode => "TerminatingOnDeadNode",
            Code::MultiAttach => "MultiAttach",
            Code::EvictionRefused => "EvictionRefused",
            Code::Unschedulable => "Unschedulable",
            Code::CreateContainerConfigError => "CreateContainerConfigError",
            Code::EntrypointFails => "EntrypointFails",
            Code::InitContainerFails => "InitContainerFails",
            Code::ProbeKills => "ProbeKills",
            Code::OomKilled => "OomKilled",
            Code::ProbeTimesOut => "ProbeTimesOut",
        }
    }

    /// A short title for the pod card.
    pub fn title(self) -> &'static str {
        match self {
            Code::NodeUnreachable => "its node stopped answering",
            Code::TerminatingOnDeadNode => "stuck Terminating: its node does not answer",
            Code::MultiAttach => "waiting for its volume to detach",
            Code::EvictionRefused => "eviction refused by the budget",
            Code::Unschedulable => "no node can take it",
            Code::CreateContainerConfigError => "its container cannot be created",
            Code::EntrypointFails => "postgres exits at every start",
            Code::InitContainerFails => "an init container fails",
            Code::ProbeKills => "killed by its own probe",
            Code::OomKilled => "out of memory",
            Code::ProbeTimesOut => "unready: its readiness probe times out",
        }
    }
}

/// A stuck pod's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stuck {
    /// The reason.
    pub code: Code,
    /// What holds it, for this pod, in a sentence or two.
    pub message: String,
    /// What would free it.
    pub frees: Vec<String>,
}

/// How long a new claim may wait for its volume before a pod held by it counts as stuck (the
/// simulated provisioner takes 0.8–2.5 s).
const PROVISIONING_GRACE_MS: u64 = 30_000;

/// `m:ss` of a simulated time.
fn at(t: SimTime) -> String {
    let s = t.0 / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

fn force_delete(pod: &Pod) -> String {
    format!("force-delete it, if you know {} is really off: kubectl delete pod {} -n {} --grace-period=0 --force", pod.status.node.as_deref().unwrap_or("the node"), pod.meta.name, pod.meta.namespace)
}

fn out_of_service(node: &str) -> String {
    format!("tell the cluster {node} is shut down: kubectl taint nodes {node} {}=nodeshutdown:NoExecute", super::nodes::OUT_OF_SERVICE)
}

/// Why the pod is stuck, if it is.
pub fn why(sim: &Simulation, pod: &Pod) -> Option<Stuck> {
    let w = &sim.world;
    let state = &w.state;
    let now = state.now;
    let name = &pod.meta.name;
    if let Some(node) = pod.status.node.as_deref().filter(|n| !super::nodes::kubelet_up(state, &w.removed_nodes, n)) {
        if pod.status.phase.is_terminal() {
            return None;
        }
        let since = state.nodes.iter().find(|n| n.name == node).or_else(|| w.removed_nodes.get(node)).and_then(|n| n.down_since).unwrap_or(now);
        let detected = since.plus_ms(super::nodes::MONITOR_GRACE_MS);
        let back = format!("bring {node} back: the kubelet reports again and finishes what was asked of it");
        if pod.meta.terminating() {
            let message = format!(
                "{node} stopped answering at {}. {name} was deleted, but only its kubelet can confirm that the containers stopped, so the object stays Terminating, \
                 and the StatefulSet controller will not create a new {name} while it exists (one pod per identity).",
                at(since)
            );
            let mut frees = vec![back, force_delete(pod), format!("delete the Node object (PodGC then removes its pods): kubectl delete node {node}")];
            if !super::nodes::out_of_service(state, node) {
                frees.push(out_of_service(node));
            }
            return Some(Stuck { code: Code::TerminatingOnDeadNode, message, frees });
        }
        let eviction = eviction_time(state, pod, node);
        let message = if now < detected {
            format!("{node} stopped answering at {}. The node lifecycle controller notices only after its grace period, at {}: until then the pod still counts as Ready.", at(since), at(detected))
        } else {
            match eviction {
                Some(e) => format!("{node} stopped answering at {}; at {} the cluster marked it NotReady and this pod not Ready. Its toleration of the unreachable taint runs out at {}: then it is deleted, and stays Terminating.", at(since), at(detected), at(e)),
                None => format!("{node} stopped answering at {}; at {} the cluster marked it NotReady and this pod not Ready. It tolerates the unreachable taint without limit, so nothing deletes it.", at(since), at(detected)),
            }
        };
        return Some(Stuck { code: Code::NodeUnreachable, message, frees: vec![back, force_delete(pod), out_of_service(node)] });
    }
    if pod.meta.terminating() {
        return None;
    }
    if let (Some(node), Err(reason)) = (pod.status.node.as_deref(), super::attachdetach::volumes_attached(state, pod)) {
        if pod.status.ip.is_some() {
            return None;
        }
        let other = state.volume_attachments.values().find(|va| reason.contains(&va.pv) && va.node != node).map(|va| (va.node.clone(), va.pv.clone()));
        let Some((old, pv)) = other else {
            return None;
        };
        let healthy = super::nodes::healthy(state, &old);
        let since = w.detach_requested.get(&(pv.clone(), old.clone())).copied();
        let message = match (healthy, since) {
            (true, _) => format!("Its volume {pv} is still attached to {old}. The kubelet of {old} unmounts it once no pod there uses it; then it detaches and attaches to {node}."),
            (false, Some(s)) => format!(
                "Its volume {pv} is still attached to {old}, which does not answer, so nothing confirms it is unmounted (Multi-Attach). The attach/detach controller force-detaches it more than 6 minutes after it first wanted to, at {}.",
                at(s.plus_ms(super::attachdetach::MAX_WAIT_FOR_UNMOUNT_MS))
            ),
            (false, None) => format!("Its volume {pv} is still attached to {old}, which does not answer, so nothing confirms it is unmounted (Multi-Attach)."),
        };
        let mut frees = vec![format!("wait for the force detach"), format!("bring {old} back: its kubelet unmounts the volume")];
        if !healthy && !super::nodes::out_of_service(state, &old) {
            frees.push(out_of_service(&old));
        }
        return Some(Stuck { code: Code::MultiAttach, message, frees });
    }
    if let Some(stuck) = refused_eviction(sim, pod) {
        return Some(stuck);
    }
    if let (Some(_), Some(error)) = (pod.status.node.as_ref(), super::kubelet::env_error(state, pod)) {
        let message = format!(
            "The kubelet cannot create the container: {error}. Its environment (env, envFrom) needs it, so the container is never created; the kubelet tries again every 10–15 s."
        );
        let ns = &pod.meta.namespace;
        let frees = if let Some(name) = error.strip_prefix("secret \"").and_then(|r| r.strip_suffix("\" not found")) {
            vec![format!("create the Secret: kubectl create secret generic {name} --from-literal=KEY=VALUE -n {ns}"), "or mark the reference optional: true (the variable is then left out)".to_owned()]
        } else if error.starts_with("couldn't find key") {
            vec!["add the key to the Secret or ConfigMap (kubectl apply it again with the key)".to_owned(), "or reference a key it has".to_owned()]
        } else {
            vec![format!("create the ConfigMap in namespace {ns}"), "or mark the reference optional: true".to_owned()]
        };
        return Some(Stuck { code: Code::CreateContainerConfigError, message, frees });
    }
    if let Some(i) = pod.status.init_running().filter(|&i| pod.status.init[i].last_termination.is_some() || matches!(pod.status.init[i].state, ContainerState::Terminated { .. })) {
        let s = &pod.status.init[i];
        let total = pod.status.init.len();
        let what = match (&s.state, &s.last_termination) {
            (ContainerState::Terminated { exit_code, .. }, _) | (_, Some(ContainerState::Terminated { exit_code, .. })) if *exit_code == 128 => {
                "its program is not in its image, so the runtime cannot start it (StartError, exit code 128)".to_owned()
            }
            (ContainerState::Terminated { exit_code, .. }, _) | (_, Some(ContainerState::Terminated { exit_code, .. })) => format!("it exits with code {exit_code}"),
            _ => "it fails".to_owned(),
        };
        let message = format!(
            "Init container {} ({} of {total}) must complete before postgres starts, but {what}. The kubelet runs it again after a growing back-off (restarted {} time{} so far); the app containers wait, and the pod never turns Ready.",
            s.name,
            i + 1,
            s.restarts,
            if s.restarts == 1 { "" } else { "s" }
        );
        let frees = vec![
            format!("read what it printed: kubectl logs {name} -n {} -c {}", pod.meta.namespace, s.name),
            format!("read its state and events: kubectl describe pod {name} -n {}", pod.meta.namespace),
            "fix its command (busybox has sh, not bash) and apply the StatefulSet again; under OrderedReady delete the stuck pod so that it is recreated from the new template".to_owned(),
        ];
        return Some(Stuck { code: Code::InitContainerFails, message, frees });
    }
    if pod.status.restarts > 0 && !pod.status.ready && matches!(&pod.status.last_termination, Some(ContainerState::Terminated { reason, .. }) if reason == "OOMKilled") {
        let limit = super::postgres::memory_limit(pod).map_or_else(|| "its limit".to_owned(), |b| format!("its limit of {} MiB", b / (1024 * 1024)));
        let message = format!(
            "The container passed {limit} and the kernel's OOM killer ended it (OOMKilled, exit code 137), {} time{} so far. postgres uses about {} MiB once its clients connect, plus up to 128 MiB of shared buffers as rows pass through them. Each kill is an unclean stop: the next start runs crash recovery.",
            pod.status.restarts,
            if pod.status.restarts == 1 { "" } else { "s" },
            super::postgres::memory_when_accepting() / (1024 * 1024)
        );
        let frees = vec![
            "raise limits.memory (the guide's 2Gi), and apply the StatefulSet again; under OrderedReady delete the stuck pod so that it is recreated from the new template".to_owned(),
            format!("read what it was doing: kubectl describe pod {name} -n {}", pod.meta.namespace),
        ];
        return Some(Stuck { code: Code::OomKilled, message, frees });
    }
    if matches!(pod.status.container, Some(ContainerState::Running { .. })) && !pod.status.ready && !pod.meta.terminating() {
        let timed_out = state.events.iter().rev().find(|e| e.uid == pod.meta.uid && e.reason == "Unhealthy").filter(|e| e.message.starts_with("Readiness probe failed:") && e.message.ends_with(" timed out"));
        if let Some(e) = timed_out {
            let timeout = pod.spec.containers.iter().find_map(|c| c.readiness_probe.as_ref()).map_or(1, |p| p.timeout_seconds.unwrap_or(1).max(1));
            let message = format!(
                "Its readiness probe's command takes longer than timeoutSeconds ({timeout} s), and the container runtime ends it: {} ({} time{}). postgres is fine, and answers psql; but the pod counts as unready, so it has no DNS name and the Service sends it no clients. The probe's query reads the whole table, which only grows.",
                e.message,
                e.count,
                if e.count == 1 { "" } else { "s" }
            );
            let frees = vec![
                "probe with pg_isready -U postgres: it asks whether the server accepts connections and reads no data".to_owned(),
                "or give the probe a timeoutSeconds that the query can meet".to_owned(),
                format!("see the failures: kubectl describe pod {name} -n {}", pod.meta.namespace),
            ];
            return Some(Stuck { code: Code::ProbeTimesOut, message, frees });
        }
    }
    if pod.status.restarts > 0 && !pod.status.ready {
        let killed = state.events.iter().rev().find(|e| e.uid == pod.meta.uid && e.reason == "Killing" && e.message.contains("probe, will be restarted"));
        if let Some(kill) = killed {
            let probe = if kill.message.contains("startup probe") { "startup" } else { "liveness" };
            let container = pod.spec.containers.iter().find(|c| kill.message.starts_with(&format!("Container {} ", c.name)));
            let recovery = w.db.data_of(state, pod).map_or(0, |d| super::postgres::recovery_ms(d.wal_bytes));
            let window = container.and_then(|c| if probe == "startup" { c.startup_probe.as_ref() } else { c.liveness_probe.as_ref() }).map(|p| {
                p.initial_delay_seconds.unwrap_or(0).max(0) as u64 + p.period_seconds.unwrap_or(10).max(1) as u64 * (p.failure_threshold.unwrap_or(3).max(1) as u64 - 1)
            });
            // a time-out among the probe's failures is the cause (the failures right after a
            // restart, while postgres starts, are its consequence)
            let unhealthy = |timed_out: bool| state.events.iter().rev().find(|e| e.uid == pod.meta.uid && e.reason == "Unhealthy" && e.message.contains(&format!("{}{} probe failed", probe[..1].to_uppercase(), &probe[1..])) && (!timed_out || e.message.ends_with(" timed out")));
            let last = unhealthy(true).or_else(|| unhealthy(false)).map(|e| e.message.clone()).unwrap_or_default();
            let mut message = format!(
                "The kubelet killed its container {} time{} because its {probe} probe kept failing ({last}), and restarts it with a growing back-off.",
                kill.count,
                if kill.count == 1 { "" } else { "s" }
            );
            if last.contains(" timed out") {
                message.push_str(" postgres is not hung: the probe's query reads the whole table, which has grown until it takes longer than the probe's timeoutSeconds, and the container runtime ends it. Every restart meets the same table.");
                let frees = vec![
                    "probe with pg_isready -U postgres: it asks whether the server accepts connections and reads no data".to_owned(),
                    "or give the probe a timeoutSeconds that the query can meet, knowing the table keeps growing".to_owned(),
                ];
                return Some(Stuck { code: Code::ProbeKills, message, frees });
            }
            if recovery > 0 {
                message.push_str(&format!(
                    " postgres is not hung: after an unclean stop it replays its write-ahead log first, about {} s here, and refuses connections meanwhile{}. Each kill interrupts the recovery, and the next start begins it again.",
                    recovery.div_ceil(1000),
                    window.map(|w| format!("; the probe gives up after about {w} s")).unwrap_or_default()
                ));
            }
            let frees = vec![
                "add a startupProbe with the same check that allows minutes (periodSeconds: 10, failureThreshold: 30): liveness waits until it passes once".to_owned(),
                "or loosen the liveness probe (a larger initialDelaySeconds or failureThreshold)".to_owned(),
                format!("see the recovery in its log: kubectl logs {name} -n {} --previous", pod.meta.namespace),
            ];
            return Some(Stuck { code: Code::ProbeKills, message, frees });
        }
    }
    if pod.status.node.is_some() && pod.status.restarts > 0 {
        if let Some(lines) = super::postgres::startup_failure(state, &w.db, pod) {
            let error = lines.iter().find(|l| l.contains("rror") || l.contains("Permission denied")).cloned().unwrap_or_default();
            if error.contains("Permission denied") {
                let uid = pod.spec.containers.iter().find(|c| super::postgres::is_postgres_container(c)).map_or(0, |c| super::init::run_as_user(&pod.spec, c));
                let message = format!(
                    "Its postgres container runs as uid {uid} (runAsUser), and the image's entrypoint cannot create PGDATA: the volume's root belongs to root, as the driver formatted it ({error}). It exits 1 at every start (restarted {} time{} so far).",
                    pod.status.restarts,
                    if pod.status.restarts == 1 { "" } else { "s" }
                );
                let frees = vec![
                    format!("set the pod's securityContext.fsGroup: {uid}: the kubelet makes the volume group-writable for it"),
                    format!("or give the volume to {uid} first, as the guide's init container does: chown -R {uid}:{uid} /data (as root)"),
                    "or leave runAsUser out: the entrypoint starts as root, chowns PGDATA and drops to the postgres user itself".to_owned(),
                ];
                return Some(Stuck { code: Code::EntrypointFails, message, frees });
            }
            let password = error.contains("password");
            let message = format!(
                "Its postgres container exits 1 at every start (restarted {} time{} so far), and the kubelet restarts it with a growing back-off (CrashLoopBackOff): {}",
                pod.status.restarts,
                if pod.status.restarts == 1 { "" } else { "s" },
                if password {
                    "the data directory holds no database yet, and without POSTGRES_PASSWORD the image's entrypoint refuses to create one."
                } else {
                    "PGDATA is the root of a freshly formatted volume, which holds lost+found, and initdb refuses a directory that is not empty."
                }
            );
            let frees = if password {
                vec!["set POSTGRES_PASSWORD (from a Secret: valueFrom.secretKeyRef) and apply the StatefulSet again".to_owned(), "see what it printed: kubectl logs POD --previous".to_owned()]
            } else {
                vec!["set PGDATA to a subdirectory of the mount (the guide's /data/pgdata) and apply again".to_owned(), "or mount the volume with subPath".to_owned()]
            };
            return Some(Stuck { code: Code::EntrypointFails, message, frees });
        }
    }
    if pod.status.node.is_none() && pod.status.phase == PodPhase::Pending {
        let event = state.events.iter().rev().find(|e| e.uid == pod.meta.uid && e.reason == "FailedScheduling")?;
        // claims made a moment ago that the provisioner is still working on: a wait of a
        // second or two, not something that holds the pod
        let provisioning = pod.claim_names().iter().all(|c| {
            state.claims.get(&ObjectKey::new(&pod.meta.namespace, c)).is_some_and(|c| c.volume.is_none() && now.since(c.meta.created) < PROVISIONING_GRACE_MS)
        });
        if event.message.contains("unbound immediate PersistentVolumeClaims") && provisioning {
            return None;
        }
        let message = format!("The scheduler says: {}", event.message);
        let m = &event.message;
        let mut frees = Vec::new();
        if m.contains("were unschedulable") {
            frees.push("uncordon a node: kubectl uncordon NODE".to_owned());
        }
        if m.contains("untolerated taint") {
            frees.push("bring the tainted node back, or remove its taint".to_owned());
        }
        if m.contains("volume node affinity conflict") {
            frees.push("its volume lives on one node: make that node schedulable again, or delete the claim (and its data) so a new one is made elsewhere".to_owned());
        }
        if m.contains("Insufficient") || m.contains("Too many pods") {
            frees.push("ask for less (resources.requests), or free room on a node".to_owned());
        }
        if m.contains("unbound immediate PersistentVolumeClaims") || m.contains("persistentvolumeclaim") {
            frees.push("its claim must exist and be Bound first".to_owned());
        }
        if frees.is_empty() {
            frees.push("a node that passes every filter of the scheduler".to_owned());
        }
        return Some(Stuck { code: Code::Unschedulable, message, frees });
    }
    None
}

/// When the taint-eviction controller deletes a pod of this unreachable node: the unreachable
/// NoExecute taint's time plus the pod's toleration of it, if the node has the taint and the
/// toleration is limited.
fn eviction_time(state: &ClusterState, pod: &Pod, node: &str) -> Option<SimTime> {
    let n = state.nodes.iter().find(|n| n.name == node)?;
    let taint = n.taints.iter().find(|t| t.effect == "NoExecute" && (t.key == super::nodes::UNREACHABLE || t.key == super::nodes::NOT_READY))?;
    let added = taint.time_added?;
    let toleration = pod.spec.tolerations.iter().flatten().find(|t| super::taint_eviction::tolerates(t, taint))?;
    let seconds = toleration.toleration_seconds?;
    Some(added.plus_ms(seconds.max(0) as u64 * 1000))
}

/// A running drain's last refused eviction of this pod, with the budget that refused it.
fn refused_eviction(sim: &Simulation, pod: &Pod) -> Option<Stuck> {
    let w = &sim.world;
    let line = format!("error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s)", pod.meta.name, pod.meta.namespace);
    let drain = w.drains.iter().rev().find(|d| d.running && d.stderr.iter().any(|l| l.starts_with(&line)))?;
    let pdb = w.state.pdbs.values().find(|p| super::disruption::selects(p, pod));
    let message = match pdb {
        Some(p) => format!(
            "The drain of {} asks the Eviction API to evict it every 5 s, and PodDisruptionBudget {} refuses (429): {} of the {} pods it protects are healthy and {} must stay, so it allows {} disruption(s) now.",
            drain.node, p.meta.name, p.status.current_healthy, p.status.expected_pods, p.status.desired_healthy, p.status.disruptions_allowed
        ),
        None => format!("The drain of {} asks the Eviction API to evict it every 5 s, and a PodDisruptionBudget refuses (429).", drain.node),
    };
    let frees = vec![
        "a replica evicted earlier becomes Ready again elsewhere: the budget allows the next eviction".to_owned(),
        "the drain's --timeout ends it (the node stays cordoned)".to_owned(),
    ];
    Some(Stuck { code: Code::EvictionRefused, message, frees })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::kubelet::KubeletAction;
    use crate::sim::{Input, SimConfig};

    #[test]
    fn every_code_has_a_name_and_a_title() {
        let mut names: Vec<&str> = CODES.iter().map(|c| c.as_str()).collect();
        for c in CODES {
            assert!(!c.title().is_empty() && !c.as_str().is_empty());
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CODES.len());
    }

    const SET: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n  replicas: 1\n  selector: {matchLabels: {app: nginx}}\n  template:\n    metadata: {labels: {app: nginx}}\n    spec:\n      containers: [{name: nginx, image: registry.k8s.io/nginx-slim:0.8, volumeMounts: [{name: www, mountPath: /www}]}]\n  volumeClaimTemplates: [{metadata: {name: www}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]\n";

    fn go(sim: &mut Simulation, input: Input) {
        sim.handle(input);
        sim.settle();
    }

    fn web_0(sim: &Simulation) -> Pod {
        sim.snapshot().pods[&ObjectKey::new("default", "web-0")].clone()
    }

    /// The node-failure path, step by step: unreachable (before and after detection),
    /// Terminating forever, then Multi-Attach for the replacement.
    #[test]
    fn a_dead_node_explains_each_stage() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        go(&mut sim, Input::Apply { manifest: SET.into(), source: "web.yaml".into(), namespace: None, validate: Default::default() });
        go(&mut sim, Input::Kubelet { namespace: "default".into(), pod: "web-0".into(), action: KubeletAction::Ready });
        assert_eq!(why(&sim, &web_0(&sim)), None, "a healthy pod is not stuck");
        let node = web_0(&sim).status.node.unwrap();
        go(&mut sim, Input::NodeDown { node: node.clone() });
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert_eq!(s.code, Code::NodeUnreachable);
        assert!(s.message.contains("notices only after its grace period, at 0:50"), "{}", s.message);
        sim.advance_to(sim.now().plus_ms(120_000));
        sim.settle();
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert!(s.message.contains("runs out at 5:"), "{}", s.message);
        sim.advance_to(sim.now().plus_ms(300_000));
        sim.settle();
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert_eq!(s.code, Code::TerminatingOnDeadNode);
        assert!(s.frees.iter().any(|f| f.contains("--grace-period=0 --force")), "{:?}", s.frees);
        assert!(s.frees.iter().any(|f| f.contains("out-of-service")), "{:?}", s.frees);
        go(&mut sim, Input::Delete { resource: crate::sim::views::Resource::Pods, namespace: "default".into(), name: "web-0".into(), cascade: crate::sim::Cascade::Background, grace_period_s: Some(0) });
        let pod = web_0(&sim);
        assert_ne!(pod.status.node.as_deref(), Some(node.as_str()));
        let s = why(&sim, &pod).unwrap();
        assert_eq!(s.code, Code::MultiAttach);
        assert!(s.message.contains(&format!("still attached to {node}")) && s.message.contains("force-detaches"), "{}", s.message);
    }

    /// A pod a drain cannot evict names the budget and its numbers.
    #[test]
    fn a_claim_being_provisioned_is_a_wait_and_one_that_never_binds_holds_the_pod() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        let set = SET.replace("resources: {requests: {storage: 1Gi}}", "storageClassName: nothing, resources: {requests: {storage: 1Gi}}");
        go(&mut sim, Input::Apply { manifest: set, source: "web.yaml".into(), namespace: None, validate: Default::default() });
        assert!(sim.snapshot().events.iter().any(|e| e.reason == "FailedScheduling" && e.message.contains("unbound immediate PersistentVolumeClaims")));
        assert_eq!(why(&sim, &web_0(&sim)), None, "a claim made a moment ago");
        sim.advance_to(sim.now().plus_ms(60_000));
        sim.settle();
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert_eq!(s.code, Code::Unschedulable);
        assert!(s.frees.iter().any(|f| f.contains("Bound first")), "{s:?}");
    }

    #[test]
    fn a_refused_eviction_names_the_budget() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web-pdb}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: nginx}}\n";
        go(&mut sim, Input::Apply { manifest: pdb.into(), source: "pdb.yaml".into(), namespace: None, validate: Default::default() });
        go(&mut sim, Input::Apply { manifest: SET.into(), source: "web.yaml".into(), namespace: None, validate: Default::default() });
        go(&mut sim, Input::Kubelet { namespace: "default".into(), pod: "web-0".into(), action: KubeletAction::Ready });
        let node = web_0(&sim).status.node.unwrap();
        go(&mut sim, Input::Drain { node, options: crate::sim::drain::DrainOptions { ignore_daemonsets: true, ..Default::default() } });
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert_eq!(s.code, Code::EvictionRefused);
        assert!(s.message.contains("PodDisruptionBudget web-pdb refuses (429): 1 of the 1 pods it protects are healthy and 1 must stay, so it allows 0"), "{}", s.message);
    }

    /// A pod whose Secret is missing says which and how to create it.
    #[test]
    fn a_missing_secret_says_how_to_create_it() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        let set = SET.replace("volumeMounts:", "env: [{name: POSTGRES_PASSWORD, valueFrom: {secretKeyRef: {name: postgres-secret, key: password}}}], volumeMounts:");
        go(&mut sim, Input::Apply { manifest: set, source: "web.yaml".into(), namespace: None, validate: Default::default() });
        go(&mut sim, Input::Kubelet { namespace: "default".into(), pod: "web-0".into(), action: KubeletAction::Start });
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert_eq!(s.code, Code::CreateContainerConfigError);
        assert!(s.message.contains("secret \"postgres-secret\" not found"), "{}", s.message);
        assert!(s.frees[0].contains("kubectl create secret generic postgres-secret"), "{:?}", s.frees);
    }

    /// A pod no node can take says what the scheduler said.
    #[test]
    fn an_unschedulable_pod_quotes_the_scheduler() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        for n in ["node-1", "node-2", "node-3"] {
            go(&mut sim, Input::Cordon { node: n.into(), on: true });
        }
        go(&mut sim, Input::Apply { manifest: SET.into(), source: "web.yaml".into(), namespace: None, validate: Default::default() });
        let s = why(&sim, &web_0(&sim)).unwrap();
        assert_eq!(s.code, Code::Unschedulable);
        assert!(s.message.contains("3 node(s) were unschedulable"), "{}", s.message);
        assert!(s.frees[0].contains("uncordon"));
    }
}
