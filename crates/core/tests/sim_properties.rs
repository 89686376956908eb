//! Property tests of the simulator: random operation sequences (seeded; the seed is in every
//! failure message) and an exhaustive sweep of small cases, with the invariant checkers after
//! every step and convergence checked at the end.
//!
//! `cargo test -p ordinal-core --test sim_properties` runs 300 random sequences of 40
//! operations (a few seconds in a debug build); the full 10,000 run in about 30 s with
//! `ORDINAL_SIM_CASES=10000 cargo test --release -p ordinal-core --test sim_properties`.
//! `ORDINAL_SIM_SEED=N ORDINAL_SIM_CASES=1` replays one failing seed.

use ordinal_core::sim::kubelet::KubeletAction;
use ordinal_core::sim::model::{ObjectKey, PodPhase};
use ordinal_core::sim::rng::Rng;
use ordinal_core::sim::views::Resource;
use ordinal_core::sim::drain::DrainOptions;
use ordinal_core::sim::nodes::parse_taints;

/// The non-graceful node shutdown taint, as `kubectl taint` takes it.
const OUT_OF_SERVICE: &str = "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute";
use ordinal_core::sim::{Cascade, Input, SimConfig, Simulation};
use serde_json::json;

const NS: &str = "default";

/// A StatefulSet manifest drawn from the seed.
#[derive(Clone, Debug)]
struct SetShape {
    replicas: i32,
    parallel: bool,
    on_delete: bool,
    partition: Option<i32>,
    when_scaled_delete: bool,
    when_deleted_delete: bool,
    min_ready_s: i32,
    start: i32,
    max_unavailable: Option<i32>,
    /// The container reads `TOKEN` from the Secret `web-secret` (key `token`).
    secret_env: bool,
    /// An init container (busybox) gives the volume to uid 999 before nginx starts. (Init
    /// containers that fail hold their pods until the template changes and the pod is
    /// deleted; the fixtures I02–I04 play those.)
    init: bool,
}

impl SetShape {
    fn draw(rng: &mut Rng) -> SetShape {
        let on_delete = rng.chance(1, 4);
        SetShape {
            replicas: rng.below(5) as i32,
            parallel: rng.chance(1, 3),
            on_delete,
            partition: if on_delete || rng.chance(1, 3) { None } else { Some(rng.below(3) as i32) },
            when_scaled_delete: rng.chance(1, 3),
            when_deleted_delete: rng.chance(1, 3),
            min_ready_s: if rng.chance(1, 4) { 5 } else { 0 },
            start: if rng.chance(1, 4) { 3 } else { 0 },
            max_unavailable: if rng.chance(1, 4) { Some(1 + rng.below(3) as i32) } else { None },
            secret_env: rng.chance(1, 4),
            init: rng.chance(1, 4),
        }
    }

    fn manifest(&self, image: &str) -> String {
        let mut strategy = if self.on_delete { json!({"type": "OnDelete"}) } else { json!({"type": "RollingUpdate"}) };
        if let Some(p) = self.partition {
            strategy["rollingUpdate"] = json!({"partition": p});
            if let Some(m) = self.max_unavailable {
                strategy["rollingUpdate"]["maxUnavailable"] = json!(m);
            }
        }
        let policy = |d: bool| if d { "Delete" } else { "Retain" };
        let sts = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web", "namespace": NS},
            "spec": {
                "serviceName": "nginx", "replicas": self.replicas,
                "podManagementPolicy": if self.parallel { "Parallel" } else { "OrderedReady" },
                "updateStrategy": strategy,
                "persistentVolumeClaimRetentionPolicy": {"whenScaled": policy(self.when_scaled_delete), "whenDeleted": policy(self.when_deleted_delete)},
                "minReadySeconds": self.min_ready_s,
                "ordinals": {"start": self.start},
                "selector": {"matchLabels": {"app": "nginx"}},
                "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"terminationGracePeriodSeconds": 10,
                    "containers": [{"name": "nginx", "image": image, "ports": [{"name": "web", "containerPort": 80}],
                                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
                "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
            }
        });
        let mut sts = sts;
        if self.secret_env {
            sts["spec"]["template"]["spec"]["containers"][0]["env"] = json!([{"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "web-secret", "key": "token"}}}]);
        }
        if self.init {
            sts["spec"]["template"]["spec"]["initContainers"] =
                json!([{"name": "prepare", "image": "busybox:1.36", "command": ["sh", "-c", "chown -R 999:999 /usr/share/nginx/html"], "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]);
        }
        serde_json::to_string(&sts).unwrap()
    }
}

const SERVICE: &str = r#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx", "namespace": "default"},
  "spec": {"clusterIP": "None", "selector": {"app": "nginx"}, "ports": [{"name": "web", "port": 80}]}}"#;

struct Harness {
    sim: Simulation,
    seed: u64,
    trace: Vec<String>,
}

impl Harness {
    fn new(seed: u64, gate: bool) -> Harness {
        let mut config = SimConfig::manual();
        config.api.max_unavailable_gate = gate;
        Harness { sim: Simulation::new(config, seed), seed, trace: Vec::new() }
    }

    fn fail(&self, what: &str) -> String {
        format!("seed {}: {what}\n  after: {}", self.seed, self.trace.join("\n         "))
    }

    /// Applies an input, settles, and checks the invariants.
    fn step(&mut self, label: String, input: Input) -> Result<(), String> {
        self.trace.push(label);
        self.sim.handle(input);
        self.settle()
    }

    fn settle(&mut self) -> Result<(), String> {
        self.sim.settle();
        while self.sim.poll_event().is_some() {}
        let v = self.sim.violations();
        if v.is_empty() {
            Ok(())
        } else {
            Err(self.fail(&format!("invariants violated: {v:#?}")))
        }
    }

    fn advance(&mut self, ms: u64) -> Result<(), String> {
        self.trace.push(format!("advance {ms}ms"));
        let t = self.sim.now().plus_ms(ms);
        self.sim.advance_to(t);
        self.settle()
    }

    fn apply(&mut self, text: &str, label: &str) -> Result<(), String> {
        self.step(format!("apply {label}"), Input::Apply { manifest: text.to_owned(), source: label.to_owned(), namespace: None, validate: Default::default() })
    }

    fn pods(&self) -> Vec<String> {
        self.sim.snapshot().pods.keys().map(|k| k.name.clone()).collect()
    }

    fn kubelet(&mut self, pod: &str, action: KubeletAction) -> Result<(), String> {
        self.step(format!("{} {pod}", action.as_str()), Input::Kubelet { namespace: NS.into(), pod: pod.into(), action })
    }

    /// Plays the kubelet's part until nothing moves: finish terminations, make pods ready,
    /// let timers run. Then the set must have converged to its spec.
    fn converge(&mut self) -> Result<(), String> {
        self.step("gc-release".into(), Input::HoldGc(false))?;
        // a CronJob starts Jobs for ever: the cluster converges once it is gone (its Jobs go
        // with it)
        self.step("delete cronjob cj".into(), Input::Delete { resource: Resource::CronJobs, namespace: NS.into(), name: "cj".into(), cascade: Cascade::Background, grace_period_s: None })?;
        // the Secret the pods may read, with the key they read
        let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-secret", "namespace": NS}, "stringData": {"token": "x"}});
        self.apply(&secret.to_string(), "secret web-secret token")?;
        for node in ["node-1", "node-2", "node-3"] {
            self.step(format!("uncordon {node}"), Input::Cordon { node: node.into(), on: false })?;
            self.step(format!("node-up {node}"), Input::NodeUp { node: node.into() })?;
            let taints = parse_taints(&[format!("{OUT_OF_SERVICE}-")]).unwrap();
            self.step(format!("untaint {node}"), Input::Taint { node: node.into(), taints, overwrite: false })?;
        }
        for _ in 0..300 {
            let mut acted = false;
            for name in self.pods() {
                let key = ObjectKey::new(NS, &name);
                let Some(pod) = self.sim.snapshot().pods.get(&key) else { continue };
                if pod.meta.terminating() {
                    self.kubelet(&name, KubeletAction::Finish)?;
                    acted = true;
                } else if pod.status.phase.is_terminal() {
                    // A Failed pod outside the ordinal range blocks an OrderedReady scale-down
                    // unless it is the lowest unhealthy one (as in Kubernetes): an operator
                    // deletes it.
                    self.step(format!("delete pod {name}"), Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: name.clone(), cascade: Cascade::Background, grace_period_s: None })?;
                    acted = true;
                } else if !pod.status.ready && pod.status.node.is_some() {
                    self.kubelet(&name, KubeletAction::Ready)?;
                    acted = true;
                }
            }
            if !acted && self.check_converged().is_ok() {
                return Ok(());
            }
            // Let timers run: minReadySeconds, grace periods, and retries after errors (which
            // back off exponentially, up to 1000 s).
            let next = self.sim.poll_timeout().map(|t| t.since(self.sim.now())).unwrap_or(0);
            self.advance(next.clamp(1_000, 1_000_000))?;
        }
        self.check_converged()
    }

    fn check_converged(&self) -> Result<(), String> {
        let state = self.sim.snapshot();
        let Some(set) = state.statefulsets.get(&ObjectKey::new(NS, "web")) else {
            return Ok(());
        };
        let f = set.facts();
        let expected: Vec<String> = (f.start..f.start + f.replicas).map(|o| format!("web-{o}")).collect();
        let mut got: Vec<String> = state.pods_of(set).iter().map(|p| p.meta.name.clone()).collect();
        got.sort();
        let mut want = expected.clone();
        want.sort();
        if got != want {
            return Err(self.fail(&format!("did not converge: pods {got:?}, expected {want:?}")));
        }
        for p in state.pods_of(set) {
            if !p.running_and_ready() || p.meta.terminating() || p.status.phase != PodPhase::Running {
                return Err(self.fail(&format!("did not converge: {} is {:?}", p.meta.name, p.status)));
            }
            for claim in p.claim_names() {
                let c = state.claims.get(&ObjectKey::new(NS, &claim));
                if c.is_none_or(|c| c.volume.is_none()) {
                    return Err(self.fail(&format!("{} has no bound claim {claim}", p.meta.name)));
                }
            }
            let ordinal = p.parent_ordinal.as_ref().unwrap().1;
            let idx = ordinal - f.start;
            if !f.on_delete && idx >= f.partition.unwrap_or(0) && p.revision() != set.status.update_revision {
                return Err(self.fail(&format!("{} is at {} but the update revision is {}", p.meta.name, p.revision(), set.status.update_revision)));
            }
        }
        if set.status.ready_replicas != f.replicas || set.status.replicas != f.replicas {
            return Err(self.fail(&format!("status {:?} does not match {} replicas", set.status, f.replicas)));
        }
        if !f.on_delete && f.partition.unwrap_or(0) == 0 && set.status.current_revision != set.status.update_revision {
            return Err(self.fail(&format!("rolling update did not complete: {:?}", set.status)));
        }
        let dns = self.sim.dns_records();
        let a = dns.iter().find(|r| r.name == "nginx.default.svc.cluster.local");
        let count = a.map(|r| r.values.len()).unwrap_or(0);
        if state.services.contains_key(&ObjectKey::new(NS, "nginx")) && count != f.replicas as usize {
            return Err(self.fail(&format!("DNS lists {count} pods for {} ready replicas", f.replicas)));
        }
        Ok(())
    }
}

/// One random sequence of `ops` operations.
fn random_sequence(seed: u64, ops: usize) -> Result<(), String> {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut h = Harness::new(seed, rng.chance(1, 4));
    let mut shape = SetShape::draw(&mut rng);
    let images = ["registry.k8s.io/nginx-slim:0.8", "registry.k8s.io/nginx-slim:0.9"];
    let mut image = 0;
    h.apply(SERVICE, "service")?;
    h.apply(&shape.manifest(images[image]), &format!("statefulset {shape:?}"))?;
    let mut deleted = false;
    for _ in 0..ops {
        let pods = h.pods();
        let pick = |rng: &mut Rng| pods.get(rng.below(pods.len().max(1) as u64) as usize).cloned();
        match rng.below(123) {
            0..=29 => {
                if let Some(p) = pick(&mut rng) {
                    h.kubelet(&p, KubeletAction::Ready)?;
                }
            }
            30..=39 => {
                if let Some(p) = pick(&mut rng) {
                    h.kubelet(&p, KubeletAction::Finish)?;
                }
            }
            40..=45 => {
                if let Some(p) = pick(&mut rng) {
                    let action = [KubeletAction::Start, KubeletAction::Unready, KubeletAction::Crash, KubeletAction::Evict, KubeletAction::ImgFail][rng.below(5) as usize];
                    h.kubelet(&p, action)?;
                }
            }
            46..=55 => {
                let replicas = rng.below(6) as i32;
                h.step(format!("scale {replicas}"), Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: "web".into(), replicas })?;
                if !deleted {
                    shape.replicas = replicas;
                }
            }
            56..=61 => {
                image = 1 - image;
                h.step(format!("set image {}", images[image]), Input::SetImage { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: "web".into(), container: "nginx".into(), image: images[image].into() })?;
            }
            62..=65 => {
                let partition = rng.below(4);
                h.step(format!("partition {partition}"), Input::Patch {
                    resource: Resource::StatefulSets,
                    namespace: NS.into(),
                    name: "web".into(),
                    patch: json!({"spec": {"updateStrategy": {"rollingUpdate": {"partition": partition}}}}),
                })?;
            }
            66..=71 => {
                if let Some(p) = pick(&mut rng) {
                    h.step(format!("delete pod {p}"), Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: p, cascade: Cascade::Background, grace_period_s: None })?;
                }
            }
            72..=81 => h.advance(rng.between(0, 40_000))?,
            82..=84 => {
                let cascade = [Cascade::Background, Cascade::Orphan, Cascade::Foreground][rng.below(3) as usize];
                h.step(format!("delete statefulset ({cascade:?})"), Input::Delete { resource: Resource::StatefulSets, namespace: NS.into(), name: "web".into(), cascade, grace_period_s: None })?;
                deleted = true;
            }
            85..=88 => {
                shape = SetShape { start: shape.start, ..SetShape::draw(&mut rng) };
                h.apply(&shape.manifest(images[image]), &format!("statefulset {shape:?}"))?;
                deleted = false;
            }
            89..=91 => {
                let hold = rng.chance(1, 2);
                h.step(if hold { "gc-hold".into() } else { "gc-release".into() }, Input::HoldGc(hold))?;
            }
            92..=94 => {
                let start = if rng.chance(1, 2) { 0 } else { 3 };
                h.step(format!("ordinals.start {start}"), Input::Patch {
                    resource: Resource::StatefulSets,
                    namespace: NS.into(),
                    name: "web".into(),
                    patch: json!({"spec": {"ordinals": {"start": start}}}),
                })?;
            }
            100..=103 => {
                let node = format!("node-{}", 1 + rng.below(3));
                let on = rng.chance(1, 2);
                h.step(format!("{} {node}", if on { "cordon" } else { "uncordon" }), Input::Cordon { node, on })?;
            }
            104..=107 => {
                let node = format!("node-{}", 1 + rng.below(3));
                let options = DrainOptions {
                    ignore_daemonsets: true,
                    grace_period_s: rng.chance(1, 4).then_some(0),
                    timeout_ms: rng.chance(1, 2).then(|| rng.between(1, 120) * 1000),
                    disable_eviction: rng.chance(1, 8),
                    ..DrainOptions::default()
                };
                h.step(format!("drain {node} {options:?}"), Input::Drain { node, options })?;
            }
            110..=111 => {
                // a node stops answering (its kubelet and lease go quiet); later lines advance
                // time through the grace period, the taints and the taint manager's eviction
                let node = format!("node-{}", 1 + rng.below(3));
                h.step(format!("node-down {node}"), Input::NodeDown { node })?;
            }
            112..=113 => {
                let node = format!("node-{}", 1 + rng.below(3));
                h.step(format!("node-up {node}"), Input::NodeUp { node })?;
            }
            114..=115 => {
                // non-graceful node shutdown: the operator marks a node out of service, or
                // takes the mark off
                let node = format!("node-{}", 1 + rng.below(3));
                let off = if rng.chance(1, 2) { "-" } else { "" };
                let taints = parse_taints(&[format!("{OUT_OF_SERVICE}{off}")]).unwrap();
                h.step(format!("taint {node} {OUT_OF_SERVICE}{off}"), Input::Taint { node, taints, overwrite: false })?;
            }
            119..=120 => {
                // a Job beside the set, in the same namespace: it succeeds or fails, restarts
                // in place or makes new pods, and its pods share the nodes
                let (command, policy) = [("true", "Never"), ("exit 3", "Never"), ("exit 1", "OnFailure"), ("sleep 20", "OnFailure")][rng.below(4) as usize];
                let name = format!("job-{}", rng.below(3));
                let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name, "namespace": NS}, "spec": {
                    "backoffLimit": 2, "activeDeadlineSeconds": 600, "ttlSecondsAfterFinished": 300,
                    "template": {"spec": {"restartPolicy": policy, "containers": [{"name": "work", "image": "busybox:1.36", "command": ["sh", "-c", command]}]}}}});
                h.apply(&job.to_string(), &format!("job {name}: {command} ({policy})"))?;
            }
            121..=122 => {
                // a CronJob beside the set: every few minutes, with a policy, a deadline, or
                // suspended; later `advance`s pass its schedules and start its Jobs
                let (schedule, policy) = [("*/2 * * * *", "Allow"), ("* * * * *", "Forbid"), ("*/3 * * * *", "Replace"), ("@every 90s", "Allow")][rng.below(4) as usize];
                let command = ["true", "exit 1", "sleep 200"][rng.below(3) as usize];
                let cronjob = json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cj", "namespace": NS}, "spec": {
                    "schedule": schedule, "concurrencyPolicy": policy, "suspend": rng.chance(1, 5),
                    "startingDeadlineSeconds": if rng.chance(1, 3) { json!(30) } else { json!(null) },
                    "jobTemplate": {"spec": {"backoffLimit": 1, "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "work", "image": "busybox:1.36", "command": ["sh", "-c", command]}]}}}}}});
                h.apply(&cronjob.to_string(), &format!("cronjob {schedule} {policy}: {command}"))?;
            }
            118 => {
                // the Secret the pods may read, with the right key or a wrong one
                let key = if rng.chance(1, 2) { "token" } else { "other" };
                h.step(format!("create secret web-secret {key}"), Input::CreateSecret { namespace: Some(NS.into()), name: "web-secret".into(), literals: vec![(key.into(), "x".into())] })?;
            }
            116 => {
                let node = format!("node-{}", 1 + rng.below(3));
                h.step(format!("delete node {node}"), Input::Delete { resource: Resource::Nodes, namespace: String::new(), name: node, cascade: Cascade::Background, grace_period_s: None })?;
            }
            117 => {
                if let Some(p) = pick(&mut rng) {
                    h.step(format!("force delete pod {p}"), Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: p, cascade: Cascade::Background, grace_period_s: Some(0) })?;
                }
            }
            108..=109 => {
                let budget = [json!({"maxUnavailable": 1}), json!({"minAvailable": 2}), json!({"maxUnavailable": "50%"}), json!({"minAvailable": "34%"})][rng.below(4) as usize].clone();
                let mut spec = budget;
                spec["selector"] = json!({"matchLabels": {"app": "nginx"}});
                if rng.chance(1, 3) {
                    spec["unhealthyPodEvictionPolicy"] = json!("AlwaysAllow");
                }
                let pdb = json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web", "namespace": NS}, "spec": spec});
                h.apply(&pdb.to_string(), &format!("pdb {spec}"))?;
            }
            _ => {
                let policy = if rng.chance(1, 2) { "Delete" } else { "Retain" };
                h.step(format!("whenScaled {policy}"), Input::Patch {
                    resource: Resource::StatefulSets,
                    namespace: NS.into(),
                    name: "web".into(),
                    patch: json!({"spec": {"persistentVolumeClaimRetentionPolicy": {"whenScaled": policy}}}),
                })?;
            }
        }
    }
    h.converge()
}

fn cases() -> u64 {
    std::env::var("ORDINAL_SIM_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

#[test]
fn random_operation_sequences_keep_the_invariants_and_converge() {
    let n = cases();
    let first = std::env::var("ORDINAL_SIM_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    for seed in first..first + n {
        if let Err(e) = random_sequence(seed, 40) {
            panic!("{e}\n(replay with ORDINAL_SIM_SEED={seed} ORDINAL_SIM_CASES=1)");
        }
    }
}

/// Every small case (matklad's "generate all the things"): replicas 0..=3 × pod management ×
/// update strategy × one fault × one change, driven to convergence.
#[test]
fn exhaustive_small_cases() {
    let faults: [Option<(usize, KubeletAction)>; 6] = [
        None,
        Some((0, KubeletAction::Unready)),
        Some((usize::MAX, KubeletAction::Crash)),
        Some((1, KubeletAction::Evict)),
        Some((0, KubeletAction::ImgFail)),
        Some((usize::MAX, KubeletAction::Start)),
    ];
    let mut count = 0;
    for replicas in 0..=3 {
        for parallel in [false, true] {
            for on_delete in [false, true] {
                for (fi, fault) in faults.iter().enumerate() {
                    for change in 0..4 {
                        count += 1;
                        let seed = (replicas * 1000 + usize::from(parallel) * 100 + usize::from(on_delete) * 10 + fi) as u64 * 10 + change;
                        let mut h = Harness::new(seed, false);
                        let shape = SetShape {
                            replicas: replicas as i32,
                            parallel,
                            on_delete,
                            partition: if on_delete { None } else { Some(0) },
                            when_scaled_delete: change == 1,
                            when_deleted_delete: false,
                            min_ready_s: 0,
                            start: 0,
                            max_unavailable: None,
                            secret_env: false,
                            init: false,
                        };
                        let mut run = || -> Result<(), String> {
                            h.apply(SERVICE, "service")?;
                            h.apply(&shape.manifest("registry.k8s.io/nginx-slim:0.8"), &format!("{shape:?}"))?;
                            h.converge()?;
                            if let Some((which, action)) = fault {
                                let pods = h.pods();
                                if let Some(p) = pods.get((*which).min(pods.len().saturating_sub(1))) {
                                    if *action == KubeletAction::ImgFail {
                                        h.step(format!("delete pod {p}"), Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: p.clone(), cascade: Cascade::Background, grace_period_s: None })?;
                                        h.kubelet(p, KubeletAction::Finish)?;
                                    }
                                    h.kubelet(p, *action)?;
                                }
                            }
                            match change {
                                0 => h.step("scale +2".into(), Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: "web".into(), replicas: replicas as i32 + 2 })?,
                                1 => h.step("scale 1".into(), Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: "web".into(), replicas: 1 })?,
                                2 => h.step("set image".into(), Input::SetImage { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: "web".into(), container: "nginx".into(), image: "registry.k8s.io/nginx-slim:0.9".into() })?,
                                _ => h.step("delete statefulset".into(), Input::Delete { resource: Resource::StatefulSets, namespace: NS.into(), name: "web".into(), cascade: Cascade::Orphan, grace_period_s: None })?,
                            }
                            h.converge()?;
                            if change == 3 {
                                h.apply(&shape.manifest("registry.k8s.io/nginx-slim:0.8"), "re-apply")?;
                                h.converge()?;
                            }
                            Ok(())
                        };
                        if let Err(e) = run() {
                            panic!("{e}");
                        }
                    }
                }
            }
        }
    }
    assert_eq!(count, 4 * 2 * 2 * 6 * 4);
}

#[test]
fn same_seed_same_trace_and_seeds_differ() {
    let trace = |seed: u64| {
        let mut sim = Simulation::new(SimConfig::auto(), seed);
        sim.handle(Input::Apply { manifest: SERVICE.into(), source: "svc".into(), namespace: None, validate: Default::default() });
        let shape = SetShape { replicas: 3, parallel: false, on_delete: false, partition: Some(0), when_scaled_delete: false, when_deleted_delete: false, min_ready_s: 0, start: 0, max_unavailable: None, secret_env: false, init: false };
        sim.handle(Input::Apply { manifest: shape.manifest("nginx:1.25"), source: "sts".into(), namespace: None, validate: Default::default() });
        sim.settle();
        sim.handle(Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: "web-0".into(), cascade: Cascade::Background, grace_period_s: None });
        sim.settle();
        let mut lines = Vec::new();
        while let Some(e) = sim.poll_event() {
            lines.push(e.to_string());
        }
        lines
    };
    let a = trace(42);
    assert_eq!(a, trace(42));
    assert_ne!(a, trace(43));
    assert!(a.len() > 50, "{a:#?}");
}

/// The workloads beside the StatefulSet: a Deployment (random strategy, surge and
/// unavailability) and a DaemonSet under random scales, image changes, pod deletions, node
/// failures and returns, cordons and time, the invariants after every step (the Deployment's
/// ReplicaSets named by their template, never more active pods than a ReplicaSet wants, one
/// DaemonSet pod per node); then, nodes back and time passed, each converged: the Deployment
/// at its replicas on one ReplicaSet, all available, and a DaemonSet pod Ready on every node.
fn workload_sequence(seed: u64, ops: usize) -> Result<(), String> {
    let mut rng = Rng::new(seed ^ 0x5eed_d3a1);
    let mut h = Harness { sim: Simulation::new(SimConfig::auto(), seed), seed, trace: Vec::new() };
    let recreate = rng.below(4) == 0;
    let (surge, unavailable) = [("25%", "25%"), ("1", "0"), ("0", "1"), ("100%", "0"), ("2", "50%")][rng.below(5) as usize];
    let strategy = if recreate { "{type: Recreate}".to_owned() } else { format!("{{type: RollingUpdate, rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavailable}}}}}") };
    let mut replicas = rng.below(5) as i32;
    let manifest = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: default}}\nspec:\n  replicas: {replicas}\n  strategy: {strategy}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - {{name: nginx, image: \"registry.k8s.io/nginx-slim:0.8\"}}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: agent, namespace: default}}\nspec:\n  selector: {{matchLabels: {{app: agent}}}}\n  template:\n    metadata: {{labels: {{app: agent}}}}\n    spec:\n      containers:\n      - {{name: agent, image: \"registry.k8s.io/nginx-slim:0.8\"}}\n"
    );
    h.apply(&manifest, &format!("deployment ({strategy}, {replicas} replicas) and daemonset"))?;
    let images = ["registry.k8s.io/nginx-slim:0.8", "registry.k8s.io/nginx-slim:0.9", "registry.k8s.io/nginx-slim:0.10"];
    let nodes: Vec<String> = h.sim.snapshot().nodes.iter().map(|n| n.name.clone()).collect();
    for _ in 0..ops {
        match rng.below(7) {
            0 => {
                replicas = rng.below(6) as i32;
                h.step(format!("scale deployment {replicas}"), Input::Scale { resource: Resource::Deployments, namespace: NS.into(), name: "web".into(), replicas })?;
            }
            1 => {
                let image = images[rng.below(3) as usize];
                let resource = if rng.below(2) == 0 { Resource::Deployments } else { Resource::DaemonSets };
                let name = if resource == Resource::Deployments { "web" } else { "agent" };
                h.step(format!("set image {name} {image}"), Input::SetImage { resource, namespace: NS.into(), name: name.into(), container: "*".into(), image: image.into() })?;
            }
            2 => {
                let pods = h.pods();
                if !pods.is_empty() {
                    let pod = pods[rng.below(pods.len() as u64) as usize].clone();
                    h.step(format!("delete pod {pod}"), Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: pod, cascade: Cascade::Background, grace_period_s: None })?;
                }
            }
            3 => {
                let node = nodes[rng.below(nodes.len() as u64) as usize].clone();
                h.step(format!("node-down {node}"), Input::NodeDown { node })?;
            }
            4 => {
                let node = nodes[rng.below(nodes.len() as u64) as usize].clone();
                h.step(format!("node-up {node}"), Input::NodeUp { node })?;
            }
            5 => {
                h.step("rollout undo".into(), Input::RolloutUndo { namespace: NS.into(), name: "web".into(), to_revision: None })?;
            }
            _ => h.advance(rng.between(1_000, 400_000))?,
        }
    }
    for node in &nodes {
        h.step(format!("node-up {node}"), Input::NodeUp { node: node.clone() })?;
    }
    h.advance(15 * 60 * 1000)?;
    let state = h.sim.snapshot();
    let d = state.deployments.get(&ObjectKey::new(NS, "web")).ok_or_else(|| h.fail("the Deployment is gone"))?;
    let live: Vec<_> = state.replicasets.values().filter(|rs| rs.replicas() > 0 || rs.status.replicas > 0).collect();
    let done = d.status.updated_replicas == replicas && d.status.available_replicas == replicas && d.status.replicas == replicas && live.len() <= 1;
    if !done {
        return Err(h.fail(&format!("the Deployment did not converge to {replicas}: {:?}; live ReplicaSets {:?}", d.status, live.iter().map(|r| (&r.meta.name, r.replicas(), r.status.replicas)).collect::<Vec<_>>())));
    }
    let ds = state.daemonsets.get(&ObjectKey::new(NS, "agent")).ok_or_else(|| h.fail("the DaemonSet is gone"))?;
    if ds.status.desired != nodes.len() as i32 || ds.status.available != ds.status.desired || ds.status.updated != ds.status.desired {
        return Err(h.fail(&format!("the DaemonSet did not converge: {:?}", ds.status)));
    }
    Ok(())
}

#[test]
fn random_workload_sequences_keep_the_invariants_and_converge() {
    let n = (cases() / 3).max(1);
    let first = std::env::var("ORDINAL_SIM_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    for seed in first..first + n {
        if let Err(e) = workload_sequence(seed, 30) {
            panic!("{e}\n(replay with ORDINAL_SIM_SEED={seed} ORDINAL_SIM_CASES=3)");
        }
    }
}
