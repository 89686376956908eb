//! The stored objects in Kubernetes' own shapes (k8s-openapi types), for `-o yaml`.

use crate::sim::model::*;
use crate::sim::time::{SimTime, WallClock};
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::discovery::v1 as discovery;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use std::collections::BTreeMap;

/// A simulated instant as a Kubernetes `Time` (whole seconds).
pub fn time(clock: &WallClock, t: SimTime) -> Time {
    let secs = clock.epoch_unix_s + (t.0 / 1000) as i64;
    Time(k8s_openapi::jiff::Timestamp::from_second(secs).unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH))
}

/// Metadata in Kubernetes' shape.
pub fn meta(m: &Meta, clock: &WallClock) -> ObjectMeta {
    let opt_map = |map: &BTreeMap<String, String>| if map.is_empty() { None } else { Some(map.clone()) };
    ObjectMeta {
        name: Some(m.name.clone()),
        namespace: if m.namespace.is_empty() { None } else { Some(m.namespace.clone()) },
        uid: Some(m.uid.clone()),
        creation_timestamp: Some(time(clock, m.created)),
        labels: opt_map(&m.labels),
        annotations: opt_map(&m.annotations),
        owner_references: if m.owners.is_empty() {
            None
        } else {
            Some(
                m.owners
                    .iter()
                    .map(|o| OwnerReference {
                        api_version: o.api_version.clone(),
                        kind: o.kind.clone(),
                        name: o.name.clone(),
                        uid: o.uid.clone(),
                        controller: Some(o.controller),
                        block_owner_deletion: Some(o.block_owner_deletion),
                    })
                    .collect(),
            )
        },
        finalizers: if m.finalizers.is_empty() { None } else { Some(m.finalizers.clone()) },
        deletion_timestamp: m.deletion.map(|d| time(clock, d.plus_ms(m.deletion_grace_s.unwrap_or(0).max(0) as u64 * 1000))),
        deletion_grace_period_seconds: m.deletion.and(m.deletion_grace_s),
        generation: if m.generation > 0 { Some(m.generation) } else { None },
        resource_version: Some(m.resource_version.to_string()),
        ..Default::default()
    }
}

/// The image reference as the container runtime reports it (`docker.io/library/nginx:latest`).
pub fn normalized_image(image: &str) -> String {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let first = name.split('/').next().unwrap_or("");
    let has_registry = name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let mut full = if has_registry {
        name.to_owned()
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    let last = full.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && digest.is_none() {
        full.push_str(":latest");
    }
    if let Some(d) = digest {
        full.push('@');
        full.push_str(d);
    }
    full
}

/// `containerd://<64 hex digits>` of a container of a pod incarnation (stable for a seed).
pub fn container_id(pod: &Pod, container: &str) -> String {
    format!("containerd://{}", hex64(&format!("{}{}{}", pod.meta.uid, container, pod.status.restarts)))
}

/// `<repository>@sha256:<digest>` of an image (stable for a reference).
pub fn image_id(image: &str) -> String {
    format!("{}@sha256:{}", normalized_image(image).split(':').next().unwrap_or(""), hex64(image))
}

fn hex64(seed: &str) -> String {
    let mut out = String::new();
    let mut h = crate::sim::json::fnv32(seed.as_bytes());
    while out.len() < 64 {
        h = h.wrapping_mul(0x0100_0193) ^ 0x9e37;
        out.push_str(&format!("{h:08x}"));
    }
    out.truncate(64);
    out
}

/// The pod's QoS class from its containers' resources.
pub fn qos_class(spec: &core::PodSpec) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    for c in &spec.containers {
        let r = c.resources.clone().unwrap_or_default();
        let requests = r.requests.unwrap_or_default();
        let limits = r.limits.unwrap_or_default();
        if !requests.is_empty() || !limits.is_empty() {
            any = true;
        }
        for res in ["cpu", "memory"] {
            let l = limits.get(res);
            let q = requests.get(res).or(l);
            if l.is_none() || q != l {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn container_state(s: &ContainerState, clock: &WallClock) -> core::ContainerState {
    match s {
        ContainerState::Waiting { reason, message } => core::ContainerState {
            waiting: Some(core::ContainerStateWaiting { reason: Some(reason.clone()), message: message.clone() }),
            ..Default::default()
        },
        ContainerState::Running { since } => {
            core::ContainerState { running: Some(core::ContainerStateRunning { started_at: Some(time(clock, *since)) }), ..Default::default() }
        }
        ContainerState::Terminated { reason, exit_code, started, finished } => core::ContainerState {
            terminated: Some(core::ContainerStateTerminated {
                reason: Some(reason.clone()),
                exit_code: *exit_code,
                started_at: Some(time(clock, *started)),
                finished_at: Some(time(clock, *finished)),
                ..Default::default()
            }),
            ..Default::default()
        },
    }
}

fn condition(type_: &str, status: bool, at: SimTime, clock: &WallClock) -> core::PodCondition {
    core::PodCondition {
        type_: type_.to_owned(),
        status: if status { "True" } else { "False" }.to_owned(),
        last_transition_time: Some(time(clock, at)),
        ..Default::default()
    }
}

/// A pod as `kubectl get pod -o yaml` shows it.
pub fn pod(p: &Pod, clock: &WallClock) -> core::Pod {
    let s = &p.status;
    let mut conditions = Vec::new();
    if let Some(scheduled) = s.scheduled_at {
        let sandbox = s.ip.is_some();
        let at = s.started_at.unwrap_or(scheduled);
        conditions.push(condition("PodReadyToStartContainers", sandbox && !s.phase.is_terminal(), at, clock));
        conditions.push(condition("Initialized", true, scheduled, clock));
        conditions.push(condition("Ready", s.ready, s.ready_changed_at, clock));
        conditions.push(condition("ContainersReady", s.containers_ready(), s.ready_changed_at, clock));
        conditions.push(condition("PodScheduled", true, scheduled, clock));
    }
    if let Some((reason, message, at)) = &s.disruption_target {
        conditions.insert(0, core::PodCondition { reason: Some(reason.clone()), message: Some(message.clone()), ..condition("DisruptionTarget", true, *at, clock) });
    }
    let container_statuses = if s.node.is_some() && s.container.is_some() {
        Some(
            p.spec
                .containers
                .iter()
                .map(|c| {
                    let image = c.image.clone().unwrap_or_default();
                    let running = matches!(s.container, Some(ContainerState::Running { .. }));
                    let pulled = running || matches!(s.container, Some(ContainerState::Terminated { .. }));
                    core::ContainerStatus {
                        name: c.name.clone(),
                        image: normalized_image(&image),
                        image_id: if pulled { image_id(&image) } else { String::new() },
                        container_id: if pulled { Some(container_id(p, &c.name)) } else { None },
                        ready: s.containers_ready(),
                        started: Some(running),
                        restart_count: s.restarts as i32,
                        state: s.container.as_ref().map(|st| container_state(st, clock)),
                        last_state: Some(s.last_termination.as_ref().map(|st| container_state(st, clock)).unwrap_or_default()),
                        ..Default::default()
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    let node_ip = s.node.as_ref().map(|n| {
        let idx: u8 = n.trim_start_matches("node-").parse().unwrap_or(1);
        format!("172.18.0.{}", idx + 1)
    });
    let mut spec = p.spec.clone();
    spec.node_name = s.node.clone();
    core::Pod {
        metadata: meta(&p.meta, clock),
        spec: Some(spec.clone()),
        status: Some(core::PodStatus {
            phase: Some(s.phase.as_str().to_owned()),
            conditions: if conditions.is_empty() { None } else { Some(conditions) },
            container_statuses,
            host_ip: node_ip.clone(),
            host_ips: node_ip.map(|ip| vec![core::HostIP { ip }]),
            pod_ip: s.ip.map(|ip| ip.to_string()),
            pod_ips: s.ip.map(|ip| vec![core::PodIP { ip: ip.to_string() }]),
            start_time: s.started_at.map(|t| time(clock, t)),
            qos_class: Some(qos_class(&spec).to_owned()),
            reason: s.reason.clone(),
            message: s.message.clone(),
            ..Default::default()
        }),
    }
}

fn access_short(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `RWO`, `RWX,ROX` …
pub fn access_modes_short(modes: &[String]) -> String {
    access_short(modes)
}

/// A claim as `-o yaml` shows it.
pub fn claim(c: &Claim, clock: &WallClock) -> core::PersistentVolumeClaim {
    let mut spec = c.spec.clone();
    spec.volume_name = c.volume.clone();
    core::PersistentVolumeClaim {
        metadata: meta(&c.meta, clock),
        spec: Some(spec),
        status: Some(core::PersistentVolumeClaimStatus {
            phase: Some(c.phase.as_str().to_owned()),
            access_modes: c.volume.as_ref().and(c.spec.access_modes.clone()),
            capacity: c.capacity.as_ref().map(|q| BTreeMap::from([("storage".to_owned(), Quantity(q.clone()))])),
            ..Default::default()
        }),
    }
}

/// A volume as `-o yaml` shows it.
pub fn volume(v: &Volume, clock: &WallClock) -> core::PersistentVolume {
    core::PersistentVolume {
        metadata: meta(&v.meta, clock),
        spec: Some(core::PersistentVolumeSpec {
            access_modes: Some(v.access_modes.clone()),
            capacity: Some(BTreeMap::from([("storage".to_owned(), Quantity(v.capacity.clone()))])),
            claim_ref: v.claim.as_ref().map(|(k, uid)| core::ObjectReference {
                api_version: Some("v1".to_owned()),
                kind: Some("PersistentVolumeClaim".to_owned()),
                name: Some(k.name.clone()),
                namespace: Some(k.namespace.clone()),
                uid: Some(uid.clone()),
                ..Default::default()
            }),
            host_path: Some(core::HostPathVolumeSource {
                path: format!("/var/local-path-provisioner/{}_{}", v.meta.name, v.claim.as_ref().map(|(k, _)| format!("{}_{}", k.namespace, k.name)).unwrap_or_default()),
                type_: Some("DirectoryOrCreate".to_owned()),
            }),
            node_affinity: v.node_affinity.as_ref().map(|n| core::VolumeNodeAffinity {
                required: Some(core::NodeSelector {
                    node_selector_terms: vec![core::NodeSelectorTerm {
                        match_expressions: Some(vec![core::NodeSelectorRequirement {
                            key: "kubernetes.io/hostname".to_owned(),
                            operator: "In".to_owned(),
                            values: Some(vec![n.clone()]),
                        }]),
                        ..Default::default()
                    }],
                }),
            }),
            persistent_volume_reclaim_policy: Some(v.reclaim_policy.clone()),
            storage_class_name: Some(v.storage_class.clone()),
            volume_mode: Some("Filesystem".to_owned()),
            ..Default::default()
        }),
        status: Some(core::PersistentVolumeStatus { phase: Some(v.phase.clone()), ..Default::default() }),
    }
}

/// A StatefulSet as `-o yaml` shows it.
pub fn statefulset(s: &StatefulSet, clock: &WallClock) -> apps::StatefulSet {
    let st = &s.status;
    let opt = |n: i32| if n == 0 { None } else { Some(n) };
    apps::StatefulSet {
        metadata: meta(&s.meta, clock),
        spec: Some(s.spec.clone()),
        status: Some(apps::StatefulSetStatus {
            observed_generation: Some(st.observed_generation),
            replicas: st.replicas,
            ready_replicas: opt(st.ready_replicas),
            available_replicas: Some(st.available_replicas),
            current_replicas: opt(st.current_replicas),
            updated_replicas: opt(st.updated_replicas),
            current_revision: if st.current_revision.is_empty() { None } else { Some(st.current_revision.clone()) },
            update_revision: if st.update_revision.is_empty() { None } else { Some(st.update_revision.clone()) },
            collision_count: Some(st.collision_count),
            ..Default::default()
        }),
    }
}

/// A Service as `-o yaml` shows it.
pub fn service(s: &Service, clock: &WallClock) -> core::Service {
    core::Service { metadata: meta(&s.meta, clock), spec: Some(s.spec.clone()), status: Some(core::ServiceStatus { load_balancer: Some(Default::default()), ..Default::default() }) }
}

/// An EndpointSlice as `-o yaml` shows it.
pub fn endpoint_slice(s: &EndpointSlice, namespace: &str, clock: &WallClock) -> discovery::EndpointSlice {
    discovery::EndpointSlice {
        metadata: meta(&s.meta, clock),
        address_type: "IPv4".to_owned(),
        endpoints: s
            .endpoints
            .iter()
            .map(|e| discovery::Endpoint {
                addresses: vec![e.address.to_string()],
                conditions: Some(discovery::EndpointConditions { ready: Some(e.ready), serving: Some(e.serving), terminating: Some(e.terminating) }),
                hostname: e.hostname.clone(),
                node_name: e.node.clone(),
                target_ref: Some(core::ObjectReference {
                    kind: Some("Pod".to_owned()),
                    name: Some(e.pod.clone()),
                    namespace: Some(namespace.to_owned()),
                    uid: Some(e.pod_uid.clone()),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect(),
        ports: Some(
            s.ports
                .iter()
                .map(|p| discovery::EndpointPort { name: Some(p.name.clone()), port: Some(p.port), protocol: Some(p.protocol.clone()), app_protocol: None })
                .collect(),
        ),
    }
}

/// A ControllerRevision as `-o yaml` shows it.
pub fn revision(r: &Revision, clock: &WallClock) -> apps::ControllerRevision {
    apps::ControllerRevision { metadata: meta(&r.meta, clock), data: Some(RawExtension(r.data.clone())), revision: r.revision }
}

/// An Event as `-o yaml` shows it.
pub fn event(e: &Event, index: usize, clock: &WallClock) -> core::Event {
    let api_version = match e.kind.as_str() {
        "StatefulSet" => "apps/v1",
        _ => "v1",
    };
    core::Event {
        metadata: ObjectMeta {
            name: Some(format!("{}.{:016x}", e.name, 0x1870_0000_0000_0000u64 + index as u64)),
            namespace: Some(e.namespace.clone()),
            creation_timestamp: Some(time(clock, e.first)),
            ..Default::default()
        },
        involved_object: core::ObjectReference {
            api_version: Some(api_version.to_owned()),
            kind: Some(e.kind.clone()),
            name: Some(e.name.clone()),
            namespace: Some(e.namespace.clone()),
            uid: Some(e.uid.clone()),
            ..Default::default()
        },
        reason: Some(e.reason.clone()),
        message: Some(e.message.clone()),
        type_: Some(e.type_.as_str().to_owned()),
        count: Some(e.count as i32),
        first_timestamp: Some(time(clock, e.first)),
        last_timestamp: Some(time(clock, e.last)),
        source: Some(core::EventSource { component: Some(e.source.clone()), host: None }),
        reporting_component: Some(e.source.clone()),
        ..Default::default()
    }
}


/// A VolumeSnapshot as the API server returns it.
pub fn volume_snapshot(v: &crate::sim::snapshot::VolumeSnapshot, clock: &WallClock) -> serde_json::Value {
    let mut spec = serde_json::json!({"source": {"persistentVolumeClaimName": v.source_claim}});
    if let Some(class) = &v.class {
        spec["volumeSnapshotClassName"] = class.clone().into();
    }
    let mut status = serde_json::Map::new();
    if let Some(c) = &v.content {
        status.insert("boundVolumeSnapshotContentName".into(), c.clone().into());
    }
    if let Some(t) = v.creation_time {
        status.insert("creationTime".into(), clock.rfc3339(t).into());
    }
    if let Some((message, at)) = &v.error {
        status.insert("error".into(), serde_json::json!({"message": message, "time": clock.rfc3339(*at)}));
    }
    if let Some(r) = v.ready {
        status.insert("readyToUse".into(), r.into());
    }
    if let Some(size) = &v.restore_size {
        status.insert("restoreSize".into(), size.clone().into());
    }
    serde_json::json!({
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshot",
        "metadata": serde_json::to_value(meta(&v.meta, clock)).unwrap_or_default(),
        "spec": spec,
        "status": status,
    })
}

/// A VolumeSnapshotContent as the API server returns it.
pub fn snapshot_content(c: &crate::sim::snapshot::SnapshotContent, clock: &WallClock) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotContent",
        "metadata": {"name": c.name, "creationTimestamp": clock.rfc3339(c.created)},
        "spec": {
            "deletionPolicy": c.deletion_policy,
            "driver": c.driver,
            "source": {"volumeHandle": c.volume},
            "volumeSnapshotClassName": c.class,
            "volumeSnapshotRef": {"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot", "name": c.snapshot.0.name, "namespace": c.snapshot.0.namespace, "uid": c.snapshot.1},
        },
        "status": {"creationTime": (clock.unix(c.created) as i128) * 1_000_000_000, "readyToUse": true, "restoreSize": c.restore_bytes, "snapshotHandle": format!("snap-{}", &c.name["snapcontent-".len().min(c.name.len())..])},
    })
}

/// A CronJob as the API server returns it.
pub fn cronjob(c: &crate::sim::cronjob::CronJob, clock: &WallClock) -> serde_json::Value {
    let mut status = serde_json::Map::new();
    if !c.active.is_empty() {
        let active: Vec<serde_json::Value> = c.active.iter().map(|n| serde_json::json!({"apiVersion": "batch/v1", "kind": "Job", "name": n, "namespace": c.meta.namespace})).collect();
        status.insert("active".into(), active.into());
    }
    if let Some(t) = c.last_schedule {
        status.insert("lastScheduleTime".into(), clock.rfc3339(t).into());
    }
    if let Some(t) = c.last_successful {
        status.insert("lastSuccessfulTime".into(), clock.rfc3339(t).into());
    }
    serde_json::json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": serde_json::to_value(meta(&c.meta, clock)).unwrap_or_default(),
        "spec": serde_json::to_value(&c.spec).unwrap_or_default(),
        "status": status,
    })
}

/// A Job as the API server returns it.
pub fn job(j: &crate::sim::job::Job, clock: &WallClock) -> serde_json::Value {
    let s = &j.status;
    let mut status = serde_json::Map::new();
    let t = |at: crate::sim::time::SimTime| serde_json::Value::String(clock.rfc3339(at));
    if s.active > 0 {
        status.insert("active".into(), s.active.into());
    }
    if let Some(at) = s.completion_time {
        status.insert("completionTime".into(), t(at));
    }
    if !s.conditions.is_empty() {
        let conditions: Vec<serde_json::Value> = s
            .conditions
            .iter()
            .map(|c| serde_json::json!({"lastProbeTime": t(c.at), "lastTransitionTime": t(c.at), "message": c.message, "reason": c.reason, "status": "True", "type": c.type_}))
            .collect();
        status.insert("conditions".into(), conditions.into());
    }
    if s.failed > 0 {
        status.insert("failed".into(), s.failed.into());
    }
    status.insert("ready".into(), 0.into());
    if let Some(at) = s.start_time {
        status.insert("startTime".into(), t(at));
    }
    if s.succeeded > 0 {
        status.insert("succeeded".into(), s.succeeded.into());
    }
    status.insert("terminating".into(), 0.into());
    status.insert("uncountedTerminatedPods".into(), serde_json::json!({}));
    serde_json::json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": serde_json::to_value(meta(&j.meta, clock)).unwrap_or_default(),
        "spec": serde_json::to_value(&j.spec).unwrap_or_default(),
        "status": status,
    })
}

/// A PodDisruptionBudget as `kubectl get pdb -o yaml` shows it (spec as applied, the
/// disruption controller's status).
pub fn pdb(p: &Pdb, state: &ClusterState, clock: &WallClock) -> serde_json::Value {
    let mut spec = serde_json::Map::new();
    let bound = |v: &k8s_openapi::apimachinery::pkg::util::intstr::IntOrString| serde_json::to_value(v).unwrap_or_default();
    if let Some(v) = &p.max_unavailable {
        spec.insert("maxUnavailable".into(), bound(v));
    }
    if let Some(v) = &p.min_available {
        spec.insert("minAvailable".into(), bound(v));
    }
    if let Some(sel) = &p.selector {
        spec.insert("selector".into(), serde_json::to_value(sel).unwrap_or_default());
    }
    if let Some(policy) = &p.unhealthy_pod_eviction_policy {
        spec.insert("unhealthyPodEvictionPolicy".into(), policy.clone().into());
    }
    let s = &p.status;
    let reason = crate::sim::disruption::condition_reason(p, state);
    let mut status = serde_json::json!({
        "conditions": [{
            "lastTransitionTime": serde_json::to_value(time(clock, s.condition_changed_at)).unwrap_or_default(),
            "message": "",
            "observedGeneration": s.observed_generation,
            "reason": reason,
            "status": if reason == "SufficientPods" { "True" } else { "False" },
            "type": "DisruptionAllowed",
        }],
        "currentHealthy": s.current_healthy,
        "desiredHealthy": s.desired_healthy,
        "disruptionsAllowed": s.disruptions_allowed,
        "expectedPods": s.expected_pods,
        "observedGeneration": s.observed_generation,
    });
    if !s.disrupted_pods.is_empty() {
        let pods: serde_json::Map<String, serde_json::Value> =
            s.disrupted_pods.iter().map(|(name, at)| (name.clone(), serde_json::to_value(time(clock, *at)).unwrap_or_default())).collect();
        status["disruptedPods"] = pods.into();
    }
    serde_json::json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": serde_json::to_value(meta(&p.meta, clock)).unwrap_or_default(),
        "spec": spec,
        "status": status,
    })
}

/// A VolumeAttachment as `kubectl get volumeattachment -o yaml` shows it.
pub fn volume_attachment(va: &VolumeAttachment, clock: &WallClock) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "storage.k8s.io/v1",
        "kind": "VolumeAttachment",
        "metadata": {"creationTimestamp": serde_json::to_value(time(clock, va.created)).unwrap_or_default(), "name": va.name},
        "spec": {"attacher": va.attacher, "nodeName": va.node, "source": {"persistentVolumeName": va.pv}},
        "status": {"attached": va.attached},
    })
}

/// A Node as `kubectl get node -o yaml` shows it (the fields the simulator models).
pub fn node(n: &Node, clock: &WallClock) -> serde_json::Value {
    let mut spec = serde_json::json!({"podCIDR": format!("10.244.{}.0/24", n.cidr_octet), "podCIDRs": [format!("10.244.{}.0/24", n.cidr_octet)]});
    if !n.taints.is_empty() {
        let taints: Vec<serde_json::Value> = n
            .taints
            .iter()
            .map(|t| {
                let mut v = serde_json::json!({"effect": t.effect, "key": t.key});
                if let Some(value) = &t.value {
                    v["value"] = serde_json::Value::String(value.clone());
                }
                if let Some(at) = t.time_added {
                    v["timeAdded"] = serde_json::to_value(time(clock, at)).unwrap_or_default();
                }
                v
            })
            .collect();
        spec["taints"] = serde_json::Value::Array(taints);
    }
    if n.unschedulable {
        spec["unschedulable"] = serde_json::Value::Bool(true);
    }
    let conditions: Vec<serde_json::Value> = n
        .conditions
        .iter()
        .map(|c| {
            serde_json::json!({
                "lastHeartbeatTime": time(clock, c.heartbeat),
                "lastTransitionTime": time(clock, c.transition),
                "message": c.message,
                "reason": c.reason,
                "status": c.status.as_str(),
                "type": c.type_,
            })
        })
        .collect();
    serde_json::json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "creationTimestamp": time(clock, n.created),
            "labels": {
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": n.name,
                "kubernetes.io/os": "linux",
            },
            "name": n.name,
        },
        "spec": spec,
        "status": {
            "addresses": [{"address": n.ip.to_string(), "type": "InternalIP"}, {"address": n.name, "type": "Hostname"}],
            "conditions": conditions,
            "nodeInfo": {"kubeletVersion": super::super::nodes::KUBELET_VERSION, "containerRuntimeVersion": "containerd://2.1.1", "osImage": "Debian GNU/Linux 12 (bookworm)", "kernelVersion": "6.8.0", "operatingSystem": "linux", "architecture": "amd64"},
        },
    })
}

/// A Deployment as `kubectl get deploy -o yaml` shows it.
pub fn deployment(d: &crate::sim::deployment::Deployment, clock: &WallClock) -> serde_json::Value {
    let s = &d.status;
    let t = |at: crate::sim::time::SimTime| serde_json::Value::String(clock.rfc3339(at));
    let conditions: Vec<serde_json::Value> = s
        .conditions
        .iter()
        .map(|c| serde_json::json!({"lastTransitionTime": t(c.last_transition), "lastUpdateTime": t(c.last_update), "message": c.message, "reason": c.reason, "status": if c.status { "True" } else { "False" }, "type": c.type_}))
        .collect();
    let mut status = serde_json::json!({"observedGeneration": s.observed_generation, "conditions": conditions});
    for (field, v) in [("availableReplicas", s.available_replicas), ("readyReplicas", s.ready_replicas), ("replicas", s.replicas), ("unavailableReplicas", s.unavailable_replicas), ("updatedReplicas", s.updated_replicas)] {
        if v != 0 {
            status[field] = v.into();
        }
    }
    serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": serde_json::to_value(meta(&d.meta, clock)).unwrap_or_default(), "spec": serde_json::to_value(&d.spec).unwrap_or_default(), "status": status})
}

/// A ReplicaSet as `kubectl get rs -o yaml` shows it.
pub fn replicaset(rs: &crate::sim::replicaset::ReplicaSet, clock: &WallClock) -> serde_json::Value {
    let s = &rs.status;
    let mut status = serde_json::json!({"observedGeneration": s.observed_generation, "replicas": s.replicas});
    for (field, v) in [("availableReplicas", s.available_replicas), ("fullyLabeledReplicas", s.fully_labeled_replicas), ("readyReplicas", s.ready_replicas)] {
        if v != 0 {
            status[field] = v.into();
        }
    }
    serde_json::json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": serde_json::to_value(meta(&rs.meta, clock)).unwrap_or_default(), "spec": serde_json::to_value(&rs.spec).unwrap_or_default(), "status": status})
}

/// A DaemonSet as `kubectl get ds -o yaml` shows it.
pub fn daemonset(d: &crate::sim::daemonset::DaemonSet, clock: &WallClock) -> serde_json::Value {
    let s = &d.status;
    let status = serde_json::json!({"currentNumberScheduled": s.current, "desiredNumberScheduled": s.desired, "numberAvailable": s.available, "numberMisscheduled": s.misscheduled, "numberReady": s.ready, "observedGeneration": s.observed_generation, "updatedNumberScheduled": s.updated});
    serde_json::json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": serde_json::to_value(meta(&d.meta, clock)).unwrap_or_default(), "spec": serde_json::to_value(&d.spec).unwrap_or_default(), "status": status})
}
