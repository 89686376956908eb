//! `kubectl describe pod|sts|pvc|svc`.

use super::objects::{access_modes_short, qos_class};
use crate::sim::resources::{pod_amounts, Amount};
use super::tabwriter::align;
use crate::sim::model::*;
use crate::sim::time::{human_duration, SimTime, WallClock};
use std::collections::BTreeMap;
use std::fmt::Write;

fn map_lines(out: &mut String, label: &str, map: &BTreeMap<String, String>, sep: &str) {
    if map.is_empty() {
        let _ = writeln!(out, "{label}\t<none>");
        return;
    }
    for (i, (k, v)) in map.iter().enumerate() {
        let head = if i == 0 { label } else { "" };
        let _ = writeln!(out, "{head}\t{k}{sep}{v}");
    }
}

fn annotations(meta: &Meta) -> BTreeMap<String, String> {
    meta.annotations.iter().filter(|(k, _)| *k != "kubectl.kubernetes.io/last-applied-configuration").map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The reasons the kubelet records against a container (its event's `involvedObject.fieldPath`
/// is `spec.containers{NAME}`): `kuberuntime_container.go`, `kuberuntime_image.go`, the prober.
const CONTAINER_REASONS: &[&str] = &["Pulling", "Pulled", "Created", "Started", "Killing", "BackOff", "Failed", "Unhealthy", "ErrImageNeverPull", "InspectFailed"];

/// The `fieldPath` of a kubelet event about a pod's container (`spec.containers{postgres}`).
fn field_path(state: &ClusterState, e: &Event) -> Option<String> {
    if e.kind != "Pod" || e.source != "kubelet" || !CONTAINER_REASONS.contains(&e.reason.as_str()) {
        return None;
    }
    let pod = state.pods.values().find(|p| p.meta.uid == e.uid)?;
    let inits = pod.spec.init_containers.as_deref().unwrap_or(&[]);
    let all = || inits.iter().map(|c| ("initContainers", c)).chain(pod.spec.containers.iter().map(|c| ("containers", c)));
    let m = &e.message;
    // the container the message names, then the one whose image it names, then (a start
    // that failed before the process existed) an init container in RunContainerError
    let named = all().find(|(_, c)| [format!("container: {}", c.name), format!("container {}", c.name), format!("container={}", c.name)].iter().any(|n| m.contains(n.as_str())));
    let by_image = || all().find(|(_, c)| c.image.as_deref().is_some_and(|i| m.contains(&format!("\"{i}\""))));
    let failed_start = || {
        let i = pod.status.init.iter().position(|s| matches!(&s.last_termination, Some(ContainerState::Terminated { reason, .. }) if reason == "StartError"))?;
        (e.reason == "Failed" && m.contains("OCI runtime")).then(|| ("initContainers", &inits[i]))
    };
    let (field, c) = named.or_else(by_image).or_else(failed_start).or_else(|| pod.spec.containers.first().map(|c| ("containers", c)))?;
    Some(format!("spec.{field}{{{}}}", c.name))
}

/// The `Events:` section for one object (by uid), as kubectl's `DescribeEvents` writes it:
/// sorted by last timestamp (seconds; `event.SortableEvents`, ties in the API's order, which is
/// the order they were created in), a container's field path before the message (v1.35). With
/// no events the line `Events:\t<none>` joins the aligned block above it, so `Ok` is that
/// line to add before aligning; `Err` is the table, aligned on its own (kubectl flushes first).
fn events_section(state: &ClusterState, uid: &str, now: SimTime) -> Result<&'static str, String> {
    let mut events: Vec<(usize, &Event)> = state.events.iter().enumerate().filter(|(_, e)| e.uid == uid).collect();
    if events.is_empty() {
        return Ok("Events:\t<none>\n");
    }
    events.sort_by_key(|(i, e)| (e.last.0 / 1000, e.first, *i));
    let mut body = String::from("  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for (_, e) in events {
        let age = if e.count > 1 {
            format!("{} (x{} over {})", human_duration(now.since(e.last)), e.count, human_duration(now.since(e.first)))
        } else {
            human_duration(now.since(e.first))
        };
        let message = match field_path(state, e) {
            Some(path) => format!("{path}: {}", e.message.trim()),
            None => e.message.trim().to_owned(),
        };
        let _ = writeln!(body, "  {}\t{}\t{age}\t{}\t{message}", e.type_.as_str(), e.reason, e.source);
    }
    Err(format!("Events:\n{}", align(&body, 0, 2)))
}

/// The describe text `out` (tab-separated) with its events, aligned as kubectl aligns them.
fn with_events(mut out: String, state: &ClusterState, uid: &str, now: SimTime) -> String {
    match events_section(state, uid, now) {
        Ok(none) => {
            out.push_str(none);
            align(&out, 0, 2)
        }
        Err(table) => {
            let mut text = align(&out, 0, 2);
            text.push_str(&table);
            text
        }
    }
}

fn container_state_lines(out: &mut String, label: &str, state: &ContainerState, clock: &WallClock) {
    match state {
        ContainerState::Waiting { reason, .. } => {
            let _ = writeln!(out, "    {label}:\tWaiting");
            let _ = writeln!(out, "      Reason:\t{reason}");
        }
        ContainerState::Running { since } => {
            let _ = writeln!(out, "    {label}:\tRunning");
            let _ = writeln!(out, "      Started:\t{}", clock.rfc1123z(*since));
        }
        ContainerState::Terminated { reason, exit_code, started, finished } => {
            let _ = writeln!(out, "    {label}:\tTerminated");
            let _ = writeln!(out, "      Reason:\t{reason}");
            let _ = writeln!(out, "      Exit Code:\t{exit_code}");
            let _ = writeln!(out, "      Started:\t{}", clock.rfc1123z(*started));
            let _ = writeln!(out, "      Finished:\t{}", clock.rfc1123z(*finished));
        }
    }
}

fn ports_of(c: &k8s_openapi::api::core::v1::Container) -> (String, String) {
    let ports = c.ports.clone().unwrap_or_default();
    if ports.is_empty() {
        return ("<none>".to_owned(), "<none>".to_owned());
    }
    let fmt = |n: i32, p: &k8s_openapi::api::core::v1::ContainerPort| {
        let proto = p.protocol.clone().unwrap_or_else(|| "TCP".to_owned());
        match &p.name {
            Some(name) => format!("{n}/{proto} ({name})"),
            None => format!("{n}/{proto}"),
        }
    };
    (
        ports.iter().map(|p| fmt(p.container_port, p)).collect::<Vec<_>>().join(", "),
        ports.iter().map(|p| fmt(p.host_port.unwrap_or(0), p)).collect::<Vec<_>>().join(", "),
    )
}

fn env_lines(out: &mut String, c: &k8s_openapi::api::core::v1::Container, indent: &str) {
    let env = c.env.clone().unwrap_or_default();
    if env.is_empty() {
        let _ = writeln!(out, "{indent}Environment:\t<none>");
        return;
    }
    let _ = writeln!(out, "{indent}Environment:");
    for e in env {
        // `describeContainerEnvVars`
        let value = match (&e.value, &e.value_from) {
            (Some(v), _) => v.clone(),
            (None, Some(from)) => match (&from.secret_key_ref, &from.config_map_key_ref) {
                (Some(s), _) => format!("<set to the key '{}' in secret '{}'>\tOptional: {}", s.key, s.name, s.optional.unwrap_or(false)),
                (None, Some(c)) => format!("<set to the key '{}' of config map '{}'>\tOptional: {}", c.key, c.name, c.optional.unwrap_or(false)),
                _ => "<set from a source>".to_owned(),
            },
            _ => String::new(),
        };
        let _ = writeln!(out, "{indent}  {}:\t{value}", e.name);
    }
}

fn mounts_lines(out: &mut String, c: &k8s_openapi::api::core::v1::Container, indent: &str) {
    let mounts = c.volume_mounts.clone().unwrap_or_default();
    if mounts.is_empty() {
        let _ = writeln!(out, "{indent}Mounts:\t<none>");
        return;
    }
    let _ = writeln!(out, "{indent}Mounts:");
    for m in mounts {
        let mode = if m.read_only.unwrap_or(false) { "ro" } else { "rw" };
        let sub = m.sub_path.map(|s| format!(",path=\"{s}\"")).unwrap_or_default();
        let _ = writeln!(out, "{indent}  {} from {} ({mode}{sub})", m.mount_path, m.name);
    }
}

fn volume_lines(out: &mut String, volumes: &[k8s_openapi::api::core::v1::Volume], indent: &str) {
    if volumes.is_empty() {
        let _ = writeln!(out, "{indent}Volumes:\t<none>");
        return;
    }
    let _ = writeln!(out, "{indent}Volumes:");
    for v in volumes {
        let _ = writeln!(out, "{indent}  {}:", v.name);
        if let Some(pvc) = &v.persistent_volume_claim {
            let _ = writeln!(out, "{indent}    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
            let _ = writeln!(out, "{indent}    ClaimName:\t{}", pvc.claim_name);
            let _ = writeln!(out, "{indent}    ReadOnly:\t{}", pvc.read_only.unwrap_or(false));
        } else if v.projected.is_some() {
            let _ = writeln!(out, "{indent}    Type:\tProjected (a volume that contains injected data from multiple sources)");
            let _ = writeln!(out, "{indent}    TokenExpirationSeconds:\t3607");
            let _ = writeln!(out, "{indent}    ConfigMapName:\tkube-root-ca.crt");
            let _ = writeln!(out, "{indent}    Optional:\tfalse");
            let _ = writeln!(out, "{indent}    DownwardAPI:\ttrue");
        } else if let Some(cm) = &v.config_map {
            let _ = writeln!(out, "{indent}    Type:\tConfigMap (a volume populated by a ConfigMap)");
            let _ = writeln!(out, "{indent}    Name:\t{}", cm.name);
            let _ = writeln!(out, "{indent}    Optional:\t{}", cm.optional.unwrap_or(false));
        } else if v.empty_dir.is_some() {
            let _ = writeln!(out, "{indent}    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
            let _ = writeln!(out, "{indent}    Medium:\t");
            let _ = writeln!(out, "{indent}    SizeLimit:\t<unset>");
        } else {
            let _ = writeln!(out, "{indent}    Type:\tother");
        }
    }
}

/// One container of `describe pod` (`describeContainers`): identity, command, state, last
/// state, readiness, restarts, resources, probes, environment and mounts.
#[allow(clippy::too_many_arguments)]
fn container_lines(out: &mut String, p: &Pod, c: &k8s_openapi::api::core::v1::Container, state: Option<&ContainerState>, last: Option<&ContainerState>, ready: bool, restarts: u32, clock: &WallClock) {
    let _ = writeln!(out, "  {}:", c.name);
    let started = matches!(state, Some(ContainerState::Running { .. } | ContainerState::Terminated { .. })) || last.is_some();
    if started {
        let _ = writeln!(out, "    Container ID:\t{}", super::objects::container_id(p, &c.name));
    }
    let image = c.image.clone().unwrap_or_default();
    let _ = writeln!(out, "    Image:\t{image}");
    let _ = writeln!(out, "    Image ID:\t{}", if started { super::objects::image_id(&image) } else { String::new() });
    let (port, host_port) = ports_of(c);
    let _ = writeln!(out, "    Port:\t{port}");
    let _ = writeln!(out, "    Host Port:\t{host_port}");
    command_lines(out, c, "    ");
    match state {
        Some(s) => container_state_lines(out, "State", s, clock),
        None => {
            let _ = writeln!(out, "    State:\tWaiting");
            let _ = writeln!(out, "      Reason:\tPending");
        }
    }
    if let Some(last) = last {
        container_state_lines(out, "Last State", last, clock);
    }
    let _ = writeln!(out, "    Ready:\t{}", if ready { "True" } else { "False" });
    let _ = writeln!(out, "    Restart Count:\t{restarts}");
    // `describeResources`: limits, then requests, names sorted, values canonical
    let resources = c.resources.clone().unwrap_or_default();
    for (label, map) in [("Limits", resources.limits), ("Requests", resources.requests)] {
        let Some(map) = map.filter(|m| !m.is_empty()) else { continue };
        let _ = writeln!(out, "    {label}:");
        for (name, q) in &map {
            let mut a = Amount::default();
            a.add(&q.0);
            let _ = writeln!(out, "      {name}:\t{}", a.canonical());
        }
    }
    // `describeContainerProbe`: liveness, readiness, startup
    for (label, probe) in [("Liveness", &c.liveness_probe), ("Readiness", &c.readiness_probe), ("Startup", &c.startup_probe)] {
        let Some(probe) = probe else { continue };
        let kind = if let Some(h) = &probe.http_get {
            format!("http-get http://:{}{}", port_text(&h.port), h.path.clone().unwrap_or_else(|| "/".to_owned()))
        } else if let Some(t) = &probe.tcp_socket {
            format!("tcp-socket :{}", port_text(&t.port))
        } else if let Some(e) = &probe.exec {
            format!("exec [{}]", e.command.clone().unwrap_or_default().join(" "))
        } else {
            "grpc".to_owned()
        };
        let _ = writeln!(
            out,
            "    {label}:\t{kind} delay={}s timeout={}s period={}s #success={} #failure={}",
            probe.initial_delay_seconds.unwrap_or(0),
            probe.timeout_seconds.unwrap_or(1),
            probe.period_seconds.unwrap_or(10),
            probe.success_threshold.unwrap_or(1),
            probe.failure_threshold.unwrap_or(3)
        );
    }
    env_lines(out, c, "    ");
    mounts_lines(out, c, "    ");
}

/// `kubectl describe pod`.
pub fn pod(state: &ClusterState, clock: &WallClock, p: &Pod) -> String {
    let now = state.now;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", p.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", p.meta.namespace);
    let _ = writeln!(out, "Priority:\t0");
    let _ = writeln!(out, "Service Account:\t{}", p.spec.service_account_name.clone().unwrap_or_else(|| "default".to_owned()));
    match &p.status.node {
        Some(n) => {
            let idx: u8 = n.trim_start_matches("node-").parse().unwrap_or(1);
            let _ = writeln!(out, "Node:\t{n}/172.18.0.{}", idx + 1);
        }
        None => {
            let _ = writeln!(out, "Node:\t<none>");
        }
    }
    if let Some(t) = p.status.started_at {
        let _ = writeln!(out, "Start Time:\t{}", clock.rfc1123z(t));
    }
    map_lines(&mut out, "Labels:", &p.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&p.meta), ": ");
    let status = if p.meta.terminating() && !p.status.phase.is_terminal() {
        format!("Terminating (lasts {})", human_duration(now.since(p.meta.deletion.unwrap_or(now))))
    } else {
        p.status.phase.as_str().to_owned()
    };
    let _ = writeln!(out, "Status:\t{status}");
    if let Some(g) = p.meta.deletion_grace_s.filter(|_| p.meta.terminating()) {
        let _ = writeln!(out, "Termination Grace Period:\t{g}s");
    }
    if let Some(reason) = &p.status.reason {
        let _ = writeln!(out, "Reason:\t{reason}");
    }
    if let Some(message) = &p.status.message {
        let _ = writeln!(out, "Message:\t{message}");
    }
    let _ = writeln!(out, "IP:\t{}", p.status.ip.map(|i| i.to_string()).unwrap_or_default());
    match p.status.ip {
        Some(ip) => {
            let _ = writeln!(out, "IPs:\n  IP:\t{ip}");
        }
        None => {
            let _ = writeln!(out, "IPs:\t<none>");
        }
    }
    if let Some(o) = p.meta.controller() {
        let _ = writeln!(out, "Controlled By:\t{}/{}", o.kind, o.name);
    }
    if let Some(inits) = p.spec.init_containers.as_ref().filter(|i| !i.is_empty()) {
        let _ = writeln!(out, "Init Containers:");
        for (i, c) in inits.iter().enumerate() {
            let status = p.status.init.get(i);
            let state = status.map(|s| s.state.clone());
            let last = status.and_then(|s| s.last_termination.clone());
            let ready = status.is_some_and(InitStatus::completed);
            container_lines(&mut out, p, c, state.as_ref(), last.as_ref(), ready, status.map_or(0, |s| s.restarts), clock);
        }
    }
    let _ = writeln!(out, "Containers:");
    for c in &p.spec.containers {
        container_lines(&mut out, p, c, p.status.container.as_ref(), p.status.last_termination.as_ref(), p.status.containers_ready(), p.status.restarts, clock);
    }
    if p.status.scheduled_at.is_some() {
        let _ = writeln!(out, "Conditions:");
        let _ = writeln!(out, "  Type\tStatus");
        let sandbox = p.status.ip.is_some() && !p.status.phase.is_terminal();
        for (t, s) in [("PodReadyToStartContainers", sandbox), ("Initialized", !p.status.initializing()), ("Ready", p.status.ready), ("ContainersReady", p.status.containers_ready()), ("PodScheduled", true)] {
            let _ = writeln!(out, "  {t} \t{}", if s { "True " } else { "False " });
        }
    } else {
        let _ = writeln!(out, "Conditions:");
        let _ = writeln!(out, "  Type\tStatus");
        let _ = writeln!(out, "  PodScheduled \tFalse ");
    }
    volume_lines(&mut out, p.spec.volumes.as_deref().unwrap_or(&[]), "");
    let _ = writeln!(out, "QoS Class:\t{}", qos_class(&p.spec));
    let _ = writeln!(out, "Node-Selectors:\t<none>");
    let _ = writeln!(out, "Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s");
    let _ = writeln!(out, "\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s");
    with_events(out, state, &p.meta.uid, now)
}

fn port_text(p: &k8s_openapi::apimachinery::pkg::util::intstr::IntOrString) -> String {
    match p {
        k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => n.to_string(),
        k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
    }
}


/// A container's `Command:` and `Args:`, one word a line.
fn command_lines(out: &mut String, c: &k8s_openapi::api::core::v1::Container, indent: &str) {
    for (label, words) in [("Command", &c.command), ("Args", &c.args)] {
        if let Some(words) = words.as_ref().filter(|w| !w.is_empty()) {
            let _ = writeln!(out, "{indent}{label}:");
            for word in words {
                let _ = writeln!(out, "{indent}  {word}");
            }
        }
    }
}

/// The `Pod Template:` block of a workload's description (`DescribePodTemplate`).
fn pod_template(out: &mut String, template: &k8s_openapi::api::core::v1::PodTemplateSpec) {
    let _ = writeln!(out, "Pod Template:");
    let tmeta = template.metadata.clone().unwrap_or_default();
    map_lines(out, "  Labels:", &tmeta.labels.unwrap_or_default(), "=");
    let tspec = template.spec.clone().unwrap_or_default();
    let _ = writeln!(out, "  Containers:");
    for c in &tspec.containers {
        let _ = writeln!(out, "   {}:", c.name);
        let _ = writeln!(out, "    Image:\t{}", c.image.clone().unwrap_or_default());
        let (port, host_port) = ports_of(c);
        let _ = writeln!(out, "    Port:\t{port}");
        let _ = writeln!(out, "    Host Port:\t{host_port}");
        command_lines(out, c, "    ");
        env_lines(out, c, "    ");
        mounts_lines(out, c, "    ");
    }
    volume_lines(out, tspec.volumes.as_deref().unwrap_or(&[]), "  ");
    let _ = writeln!(out, "  Node-Selectors:\t<none>");
    let _ = writeln!(out, "  Tolerations:\t<none>");
}

/// `kubectl describe volumesnapshot`: kubectl's generic describer of a custom resource (the
/// object's fields as YAML-like lines under `Spec:` and `Status:`), then its events.
pub fn volume_snapshot(state: &ClusterState, clock: &WallClock, v: &crate::sim::snapshot::VolumeSnapshot) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", v.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", v.meta.namespace);
    map_lines(&mut out, "Labels:", &v.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&v.meta), ": ");
    let _ = writeln!(out, "API Version:\tsnapshot.storage.k8s.io/v1");
    let _ = writeln!(out, "Kind:\tVolumeSnapshot");
    let _ = writeln!(out, "Metadata:");
    let _ = writeln!(out, "  Creation Timestamp:\t{}", clock.rfc3339(v.meta.created));
    let _ = writeln!(out, "Spec:");
    let _ = writeln!(out, "  Source:");
    let _ = writeln!(out, "    Persistent Volume Claim Name:\t{}", v.source_claim.clone().unwrap_or_default());
    if let Some(class) = &v.class {
        let _ = writeln!(out, "  Volume Snapshot Class Name:\t{class}");
    }
    let _ = writeln!(out, "Status:");
    if let Some(c) = &v.content {
        let _ = writeln!(out, "  Bound Volume Snapshot Content Name:\t{c}");
    }
    if let Some(t) = v.creation_time {
        let _ = writeln!(out, "  Creation Time:\t{}", clock.rfc3339(t));
    }
    if let Some((message, at)) = &v.error {
        let _ = writeln!(out, "  Error:");
        let _ = writeln!(out, "    Message:\t{message}");
        let _ = writeln!(out, "    Time:\t{}", clock.rfc3339(*at));
    }
    if let Some(r) = v.ready {
        let _ = writeln!(out, "  Ready To Use:\t{r}");
    }
    if let Some(size) = &v.restore_size {
        let _ = writeln!(out, "  Restore Size:\t{size}");
    }
    with_events(out, state, &v.meta.uid, state.now)
}

/// `kubectl describe cronjob` (`pkg/describe/describe.go :: describeCronJob`, kubectl v1.35).
pub fn cronjob(state: &ClusterState, clock: &WallClock, c: &crate::sim::cronjob::CronJob) -> String {
    let now = state.now;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", c.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", c.meta.namespace);
    map_lines(&mut out, "Labels:", &c.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&c.meta), ": ");
    let _ = writeln!(out, "Schedule:\t{}", c.spec.schedule);
    let _ = writeln!(out, "Concurrency Policy:\t{}", c.spec.concurrency_policy.as_deref().unwrap_or("Allow"));
    let _ = writeln!(out, "Suspend:\t{}", if c.suspended() { "True" } else { "False" });
    let _ = writeln!(out, "Successful Job History Limit:\t{}", c.spec.successful_jobs_history_limit.unwrap_or(3));
    let _ = writeln!(out, "Failed Job History Limit:\t{}", c.spec.failed_jobs_history_limit.unwrap_or(1));
    match c.spec.starting_deadline_seconds {
        Some(d) => {
            let _ = writeln!(out, "Starting Deadline Seconds:\t{d}s");
        }
        None => {
            let _ = writeln!(out, "Starting Deadline Seconds:\t<unset>");
        }
    }
    let _ = writeln!(out, "Selector:\t<unset>");
    let job = c.spec.job_template.spec.clone().unwrap_or_default();
    let _ = writeln!(out, "Parallelism:\t{}", job.parallelism.map_or("<unset>".to_owned(), |p| p.to_string()));
    let _ = writeln!(out, "Completions:\t{}", job.completions.map_or("<unset>".to_owned(), |p| p.to_string()));
    pod_template(&mut out, &job.template);
    match c.last_schedule {
        Some(t) => {
            let _ = writeln!(out, "Last Schedule Time:\t{}", clock.rfc1123z(t));
        }
        None => {
            let _ = writeln!(out, "Last Schedule Time:\t<unset>");
        }
    }
    let _ = writeln!(out, "Active Jobs:\t{}", if c.active.is_empty() { "<none>".to_owned() } else { c.active.join(", ") });
    with_events(out, state, &c.meta.uid, now)
}

/// `kubectl describe job` (`pkg/describe/describe.go :: describeJob`, kubectl v1.35).
pub fn job(state: &ClusterState, clock: &WallClock, j: &crate::sim::job::Job) -> String {
    let now = state.now;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", j.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", j.meta.namespace);
    let _ = writeln!(out, "Selector:\tbatch.kubernetes.io/controller-uid={}", j.meta.uid);
    map_lines(&mut out, "Labels:", &j.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&j.meta), ": ");
    let _ = writeln!(out, "Parallelism:\t{}", j.parallelism());
    let _ = writeln!(out, "Completions:\t{}", j.completions());
    let _ = writeln!(out, "Completion Mode:\tNonIndexed");
    let _ = writeln!(out, "Suspend:\tfalse");
    let _ = writeln!(out, "Backoff Limit:\t{}", j.backoff_limit());
    if let Some(ttl) = j.spec.ttl_seconds_after_finished {
        let _ = writeln!(out, "TTL Seconds After Finished:\t{ttl}");
    }
    if let Some(start) = j.status.start_time {
        let _ = writeln!(out, "Start Time:\t{}", clock.rfc1123z(start));
    }
    if let (Some(start), Some(end)) = (j.status.start_time, j.status.completion_time) {
        let _ = writeln!(out, "Completed At:\t{}", clock.rfc1123z(end));
        let _ = writeln!(out, "Duration:\t{}", crate::sim::time::human_duration(end.since(start)));
    }
    if let Some(d) = j.spec.active_deadline_seconds {
        let _ = writeln!(out, "Active Deadline Seconds:\t{d}s");
    }
    let _ = writeln!(out, "Pods Statuses:\t{} Active (0 Ready) / {} Succeeded / {} Failed", j.status.active, j.status.succeeded, j.status.failed);
    pod_template(&mut out, &j.spec.template);
    with_events(out, state, &j.meta.uid, now)
}

/// `kubectl describe statefulset`.
pub fn statefulset(state: &ClusterState, clock: &WallClock, s: &StatefulSet) -> String {
    let now = state.now;
    let f = s.facts();
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", s.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", s.meta.namespace);
    let _ = writeln!(out, "CreationTimestamp:\t{}", clock.rfc1123z(s.meta.created));
    let _ = writeln!(out, "Selector:\t{}", crate::apiserver::selector::to_string(&s.spec.selector));
    map_lines(&mut out, "Labels:", &s.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&s.meta), ": ");
    let _ = writeln!(out, "Replicas:\t{} desired | {} total", f.replicas, s.status.replicas);
    let strategy = if f.on_delete { "OnDelete" } else { "RollingUpdate" };
    let _ = writeln!(out, "Update Strategy:\t{strategy}");
    if let Some(p) = f.partition {
        let _ = writeln!(out, "  Partition:\t{p}");
    }
    pods_status(&mut out, &state.pods_of(s));
    pod_template(&mut out, &s.spec.template);
    let templates = s.spec.volume_claim_templates.clone().unwrap_or_default();
    if templates.is_empty() {
        let _ = writeln!(out, "Volume Claims:\t<none>");
    } else {
        let _ = writeln!(out, "Volume Claims:");
        for t in templates {
            let spec = t.spec.clone().unwrap_or_default();
            let _ = writeln!(out, "  Name:\t{}", t.metadata.name.clone().unwrap_or_default());
            let _ = writeln!(out, "  StorageClass:\t{}", spec.storage_class_name.clone().unwrap_or_default());
            map_lines(&mut out, "  Labels:", &t.metadata.labels.clone().unwrap_or_default(), "=");
            map_lines(&mut out, "  Annotations:", &t.metadata.annotations.clone().unwrap_or_default(), ": ");
            let capacity = spec.resources.and_then(|r| r.requests).and_then(|r| r.get("storage").map(|q| q.0.clone())).unwrap_or_default();
            let _ = writeln!(out, "  Capacity:\t{capacity}");
            let _ = writeln!(out, "  Access Modes:\t[{}]", spec.access_modes.unwrap_or_default().join(" "));
        }
    }
    with_events(out, state, &s.meta.uid, now)
}

/// The `Pods Status:` line of a controller's describe: its pods by phase.
fn pods_status(out: &mut String, pods: &[&Pod]) {
    let count = |phase: PodPhase| pods.iter().filter(|p| p.status.phase == phase).count();
    let _ = writeln!(out, "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed", count(PodPhase::Running), count(PodPhase::Pending), count(PodPhase::Succeeded), count(PodPhase::Failed));
}

/// `kubectl describe pvc`.
pub fn claim(state: &ClusterState, clock: &WallClock, c: &Claim) -> String {
    let now = state.now;
    let _ = clock;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", c.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", c.meta.namespace);
    let _ = writeln!(out, "StorageClass:\t{}", c.spec.storage_class_name.clone().unwrap_or_default());
    let status = if c.meta.terminating() { format!("Terminating (lasts {})", human_duration(now.since(c.meta.deletion.unwrap_or(now)))) } else { c.phase.as_str().to_owned() };
    let _ = writeln!(out, "Status:\t{status}");
    let _ = writeln!(out, "Volume:\t{}", c.volume.clone().unwrap_or_default());
    map_lines(&mut out, "Labels:", &c.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&c.meta), ": ");
    let _ = writeln!(out, "Finalizers:\t[{}]", c.meta.finalizers.join(" "));
    let _ = writeln!(out, "Capacity:\t{}", c.capacity.clone().unwrap_or_default());
    let _ = writeln!(out, "Access Modes:\t{}", if c.volume.is_some() { access_modes_short(c.spec.access_modes.as_deref().unwrap_or(&[])) } else { String::new() });
    let _ = writeln!(out, "VolumeMode:\t{}", c.spec.volume_mode.clone().unwrap_or_else(|| "Filesystem".to_owned()));
    let users: Vec<String> = ClusterState::in_namespace(&state.pods, &c.meta.namespace)
        .filter(|(_, p)| p.claim_names().contains(&c.meta.name))
        .map(|(k, _)| k.name.clone())
        .collect();
    let _ = writeln!(out, "Used By:\t{}", if users.is_empty() { "<none>".to_owned() } else { users.join(", ") });
    if let Some(o) = c.meta.owners.first() {
        let _ = writeln!(out, "Controlled By:\t{}/{}", o.kind, o.name);
    }
    with_events(out, state, &c.meta.uid, now)
}

/// kubectl's `formatEndpointSlices`: the ready endpoints of the slices, port by port (the
/// Service port of that name), the first three and `+ N more...`; `<none>` without slices.
fn slice_endpoints(slices: &[EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".to_owned();
    }
    let mut list = Vec::new();
    let mut count = 0;
    for slice in slices {
        let ready = slice.endpoints.iter().filter(|e| e.ready);
        if slice.ports.is_empty() {
            for e in ready {
                list.push(e.address.to_string());
                count += 1;
            }
            continue;
        }
        for port in slice.ports.iter().filter(|p| p.name == port_name) {
            for e in ready.clone() {
                list.push(format!("{}:{}", e.address, port.port));
                count += 1;
            }
        }
    }
    if count > 3 {
        format!("{} + {} more...", list[..3].join(","), count - 3)
    } else {
        list.join(",")
    }
}

/// `kubectl describe service`.
pub fn service(state: &ClusterState, s: &Service) -> String {
    let now = state.now;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", s.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", s.meta.namespace);
    map_lines(&mut out, "Labels:", &s.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&s.meta), ": ");
    let sel = s.spec.selector.clone().unwrap_or_default();
    let _ = writeln!(out, "Selector:\t{}", if sel.is_empty() { "<none>".to_owned() } else { sel.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",") });
    let _ = writeln!(out, "Type:\t{}", s.spec.type_.clone().unwrap_or_default());
    let _ = writeln!(out, "IP Family Policy:\tSingleStack");
    let _ = writeln!(out, "IP Families:\tIPv4");
    let _ = writeln!(out, "IP:\t{}", s.spec.cluster_ip.clone().unwrap_or_default());
    let _ = writeln!(out, "IPs:\t{}", s.spec.cluster_ip.clone().unwrap_or_default());
    let slices = state.endpoint_slices.get(&s.meta.key()).map(Vec::as_slice).unwrap_or(&[]);
    for p in s.spec.ports.iter().flatten() {
        let name = p.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "<unset>".to_owned());
        let _ = writeln!(out, "Port:\t{name}\t{}/{}", p.port, p.protocol.clone().unwrap_or_default());
        let target = p.target_port.as_ref().map(port_text).unwrap_or_default();
        let _ = writeln!(out, "TargetPort:\t{target}/{}", p.protocol.clone().unwrap_or_default());
        let _ = writeln!(out, "Endpoints:\t{}", slice_endpoints(slices, p.name.as_deref().unwrap_or("")));
    }
    let _ = writeln!(out, "Session Affinity:\t{}", s.spec.session_affinity.clone().unwrap_or_default());
    let _ = writeln!(out, "Internal Traffic Policy:\t{}", s.spec.internal_traffic_policy.clone().unwrap_or_default());
    with_events(out, state, &s.meta.uid, now)
}

/// `kubectl describe secret` (`describeSecret`): the sizes of the values, never the values;
/// `stringData` counts as the `data` the server makes of it.
pub fn secret(o: &OtherObject) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", o.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", o.meta.namespace);
    map_lines(&mut out, "Labels:", &o.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&o.meta), ": ");
    let _ = writeln!(out, "\nType:\t{}", o.body.get("type").and_then(|t| t.as_str()).unwrap_or("Opaque"));
    let _ = writeln!(out, "\nData\n====");
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(data) = o.body.get("data").and_then(|d| d.as_object()) {
        for (k, v) in data {
            let text = v.as_str().unwrap_or("").trim_end_matches('=');
            sizes.insert(k.clone(), text.len() * 3 / 4);
        }
    }
    if let Some(data) = o.body.get("stringData").and_then(|d| d.as_object()) {
        for (k, v) in data {
            sizes.insert(k.clone(), v.as_str().map_or(0, str::len));
        }
    }
    for (k, n) in sizes {
        let _ = writeln!(out, "{k}:\t{n} bytes");
    }
    align(&out, 0, 2)
}

/// `kubectl describe pdb` (`describePodDisruptionBudgetV1`).
pub fn pdb(state: &ClusterState, p: &Pdb) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", p.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", p.meta.namespace);
    match p.budget() {
        Some(("minAvailable", v)) => {
            let _ = writeln!(out, "Min available:\t{v}");
        }
        Some((_, v)) => {
            let _ = writeln!(out, "Max unavailable:\t{v}");
        }
        None => {}
    }
    match &p.selector {
        Some(sel) => {
            let s = crate::apiserver::selector::to_string(sel);
            let _ = writeln!(out, "Selector:\t{}", if s.is_empty() { "<none>".to_owned() } else { s });
        }
        None => {
            let _ = writeln!(out, "Selector:\t<unset>");
        }
    }
    let _ = writeln!(out, "Status:");
    let _ = writeln!(out, "    Allowed disruptions:\t{}", p.status.disruptions_allowed);
    let _ = writeln!(out, "    Current:\t{}", p.status.current_healthy);
    let _ = writeln!(out, "    Desired:\t{}", p.status.desired_healthy);
    let _ = writeln!(out, "    Total:\t{}", p.status.expected_pods);
    with_events(out, state, &p.meta.uid, state.now)
}

/// `kubectl describe node` (`pkg/describe/describe.go :: describeNode, describeNodeLease,
/// describeNodeResource, printNodeTaintsMultiline`, kubectl v1.35).
pub fn node(state: &ClusterState, clock: &WallClock, n: &Node) -> String {
    use crate::sim::nodes::{last_beat, ALLOCATABLE_EPHEMERAL, CAPACITY_EPHEMERAL, EVICTION_MEMORY, LEASE_RENEW_MS, STATUS_REPORT_MS};
    let (cpu_alloc, mem_alloc) = (n.allocatable_cpu_milli, n.allocatable_memory);
    let now = state.now;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", n.name);
    let _ = writeln!(out, "Roles:\t<none>");
    let labels: BTreeMap<String, String> = [("beta.kubernetes.io/arch", "amd64"), ("beta.kubernetes.io/os", "linux"), ("kubernetes.io/arch", "amd64"), ("kubernetes.io/hostname", n.name.as_str()), ("kubernetes.io/os", "linux")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    map_lines(&mut out, "Labels:", &labels, "=");
    let annotations: BTreeMap<String, String> = [("node.alpha.kubernetes.io/ttl", "0"), ("volumes.kubernetes.io/controller-managed-attach-detach", "true")].into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    map_lines(&mut out, "Annotations:", &annotations, ": ");
    let _ = writeln!(out, "CreationTimestamp:\t{}", clock.rfc1123z(n.created));
    let mut taints: Vec<&Taint> = n.taints.iter().collect();
    taints.sort_by(|a, b| (a.effect.as_str(), a.key.as_str()).cmp(&(b.effect.as_str(), b.key.as_str())));
    if taints.is_empty() {
        let _ = writeln!(out, "Taints:\t<none>");
    }
    for (i, t) in taints.iter().enumerate() {
        let text = match &t.value {
            Some(v) => format!("{}={v}:{}", t.key, t.effect),
            None => format!("{}:{}", t.key, t.effect),
        };
        let _ = writeln!(out, "{}\t{text}", if i == 0 { "Taints:" } else { "" });
    }
    let _ = writeln!(out, "Unschedulable:\t{}", n.unschedulable);
    let _ = writeln!(out, "Lease:");
    let _ = writeln!(out, "  HolderIdentity:\t{}", n.name);
    let _ = writeln!(out, "  AcquireTime:\t<unset>");
    let _ = writeln!(out, "  RenewTime:\t{}", clock.rfc1123z(last_beat(n, now, LEASE_RENEW_MS)));
    let _ = writeln!(out, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
    let _ = writeln!(out, "  ----\t------\t-----------------\t------------------\t------\t-------");
    let reported = last_beat(n, now, STATUS_REPORT_MS);
    for c in &n.conditions {
        // an unknown condition keeps the kubelet's last heartbeat; a posted one, the last report
        let heartbeat = if c.status == ConditionStatus::Unknown { reported.min(c.transition) } else { reported.max(c.heartbeat) };
        let _ = writeln!(out, "  {} \t{} \t{} \t{} \t{} \t{}", c.type_, c.status.as_str(), clock.rfc1123z(heartbeat), clock.rfc1123z(c.transition), c.reason, c.message);
    }
    let _ = writeln!(out, "Addresses:");
    let _ = writeln!(out, "  InternalIP:\t{}", n.ip);
    let _ = writeln!(out, "  Hostname:\t{}", n.name);
    let bytes = |b: i128| Amount { milli: b * 1000, binary: Some(true) }.canonical();
    let cpu = Amount { milli: cpu_alloc, binary: Some(false) }.canonical();
    for (label, memory, ephemeral) in [("Capacity:", mem_alloc + EVICTION_MEMORY, CAPACITY_EPHEMERAL), ("Allocatable:", mem_alloc, ALLOCATABLE_EPHEMERAL)] {
        let _ = writeln!(out, "{label}");
        let _ = writeln!(out, "  cpu:\t{cpu}");
        let _ = writeln!(out, "  ephemeral-storage:\t{}", bytes(ephemeral));
        let _ = writeln!(out, "  memory:\t{}", bytes(memory));
        let _ = writeln!(out, "  pods:\t{}", n.max_pods);
    }
    let id = |what: &str| crate::sim::json::sha256_hex(format!("{what}{}", n.name).as_bytes())[..32].to_owned();
    let _ = writeln!(out, "System Info:");
    let _ = writeln!(out, "  Machine ID:\t{}", id("machine"));
    let uuid = id("uuid");
    let _ = writeln!(out, "  System UUID:\t{}-{}-{}-{}-{}", &uuid[..8], &uuid[8..12], &uuid[12..16], &uuid[16..20], &uuid[20..]);
    let boot = id(&format!("boot{}", n.created.0));
    let _ = writeln!(out, "  Boot ID:\t{}-{}-{}-{}-{}", &boot[..8], &boot[8..12], &boot[12..16], &boot[16..20], &boot[20..]);
    let _ = writeln!(out, "  Kernel Version:\t6.8.0");
    let _ = writeln!(out, "  OS Image:\tDebian GNU/Linux 12 (bookworm)");
    let _ = writeln!(out, "  Operating System:\tlinux");
    let _ = writeln!(out, "  Architecture:\tamd64");
    let _ = writeln!(out, "  Container Runtime Version:\tcontainerd://2.1.1");
    let _ = writeln!(out, "  Kubelet Version:\t{}", crate::sim::nodes::KUBELET_VERSION);
    let _ = writeln!(out, "  Kube-Proxy Version:\t");
    let _ = writeln!(out, "PodCIDR:\t10.244.{}.0/24", n.cidr_octet);
    let _ = writeln!(out, "PodCIDRs:\t10.244.{}.0/24", n.cidr_octet);
    let pods: Vec<&Pod> = state.pods.values().filter(|p| p.status.node.as_deref() == Some(n.name.as_str()) && !p.status.phase.is_terminal()).collect();
    let _ = writeln!(out, "Non-terminated Pods:\t({} in total)", pods.len());
    let _ = writeln!(out, "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge");
    let _ = writeln!(out, "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---");
    let (mut cpu_req, mut cpu_lim, mut mem_req, mut mem_lim, mut eph_req, mut eph_lim) = Default::default();
    let add = |total: &mut Amount, a: Amount| {
        total.milli += a.milli;
        if total.binary.is_none() {
            total.binary = a.binary;
        }
    };
    for p in &pods {
        let (cr, cl) = pod_amounts(p, "cpu");
        let (mr, ml) = pod_amounts(p, "memory");
        let (er, el) = pod_amounts(p, "ephemeral-storage");
        let _ = writeln!(
            out,
            "  {}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}",
            p.meta.namespace,
            p.meta.name,
            cr.canonical(),
            cr.percent_of(cpu_alloc),
            cl.canonical(),
            cl.percent_of(cpu_alloc),
            mr.canonical(),
            mr.percent_of(mem_alloc * 1000),
            ml.canonical(),
            ml.percent_of(mem_alloc * 1000),
            human_duration(now.since(p.meta.created))
        );
        add(&mut cpu_req, cr);
        add(&mut cpu_lim, cl);
        add(&mut mem_req, mr);
        add(&mut mem_lim, ml);
        add(&mut eph_req, er);
        add(&mut eph_lim, el);
    }
    let _ = writeln!(out, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)");
    let _ = writeln!(out, "  Resource\tRequests\tLimits");
    let _ = writeln!(out, "  --------\t--------\t------");
    for (name, r, l, of) in [("cpu", cpu_req, cpu_lim, cpu_alloc), ("memory", mem_req, mem_lim, mem_alloc * 1000), ("ephemeral-storage", eph_req, eph_lim, ALLOCATABLE_EPHEMERAL * 1000)] {
        let _ = writeln!(out, "  {name}\t{} ({}%)\t{} ({}%)", r.canonical(), r.percent_of(of), l.canonical(), l.percent_of(of));
    }
    with_events(out, state, &n.name, now)
}

fn int_or_percent(v: Option<&k8s_openapi::apimachinery::pkg::util::intstr::IntOrString>) -> String {
    match v {
        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n)) => n.to_string(),
        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s)) => s.clone(),
        None => "0".to_owned(),
    }
}

/// `kubectl describe deployment` (`DeploymentDescriber`).
pub fn deployment(state: &ClusterState, clock: &WallClock, d: &crate::sim::deployment::Deployment) -> String {
    let s = &d.status;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", d.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", d.meta.namespace);
    let _ = writeln!(out, "CreationTimestamp:\t{}", clock.rfc1123z(d.meta.created));
    map_lines(&mut out, "Labels:", &d.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&d.meta), ": ");
    let _ = writeln!(out, "Selector:\t{}", crate::apiserver::selector::to_string(&d.spec.selector));
    let _ = writeln!(out, "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable", d.replicas(), s.updated_replicas, s.replicas, s.available_replicas, s.unavailable_replicas);
    let strategy = d.spec.strategy.clone().unwrap_or_default();
    let _ = writeln!(out, "StrategyType:\t{}", strategy.type_.as_deref().unwrap_or(""));
    let _ = writeln!(out, "MinReadySeconds:\t{}", d.spec.min_ready_seconds.unwrap_or(0));
    if let Some(ru) = strategy.rolling_update.as_ref() {
        let _ = writeln!(out, "RollingUpdateStrategy:\t{} max unavailable, {} max surge", int_or_percent(ru.max_unavailable.as_ref()), int_or_percent(ru.max_surge.as_ref()));
    }
    pod_template(&mut out, &d.spec.template);
    if !s.conditions.is_empty() {
        let _ = writeln!(out, "Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------");
        for c in &s.conditions {
            let _ = writeln!(out, "  {}\t{}\t{}", c.type_, if c.status { "True" } else { "False" }, c.reason);
        }
    }
    let new_rs = crate::sim::deployment::new_replicaset(state, d);
    let olds: Vec<String> = crate::sim::deployment::replicasets_of(state, d)
        .into_iter()
        .filter(|rs| Some(&rs.meta.name) != new_rs.map(|n| &n.meta.name) && rs.status.replicas > 0)
        .map(|rs| format!("{} ({}/{} replicas created)", rs.meta.name, rs.status.replicas, rs.replicas()))
        .collect();
    let _ = writeln!(out, "OldReplicaSets:\t{}", if olds.is_empty() { "<none>".to_owned() } else { olds.join(", ") });
    let _ = writeln!(out, "NewReplicaSet:\t{}", new_rs.map_or_else(|| "<none>".to_owned(), |rs| format!("{} ({}/{} replicas created)", rs.meta.name, rs.status.replicas, rs.replicas())));
    with_events(out, state, &d.meta.uid, state.now)
}

/// `kubectl describe replicaset` (`ReplicaSetDescriber`).
pub fn replicaset(state: &ClusterState, clock: &WallClock, rs: &crate::sim::replicaset::ReplicaSet) -> String {
    let _ = clock;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", rs.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", rs.meta.namespace);
    let _ = writeln!(out, "Selector:\t{}", crate::apiserver::selector::to_string(&rs.spec.selector));
    map_lines(&mut out, "Labels:", &rs.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&rs.meta), ": ");
    if let Some(owner) = rs.meta.controller() {
        let _ = writeln!(out, "Controlled By:\t{}/{}", owner.kind, owner.name);
    }
    let _ = writeln!(out, "Replicas:\t{} current / {} desired", rs.status.replicas, rs.replicas());
    pods_status(&mut out, &state.pods_controlled_by(&rs.meta.namespace, &rs.meta.uid));
    pod_template(&mut out, &rs.spec.template.clone().unwrap_or_default());
    with_events(out, state, &rs.meta.uid, state.now)
}

/// `kubectl describe daemonset` (`DaemonSetDescriber`).
pub fn daemonset(state: &ClusterState, clock: &WallClock, d: &crate::sim::daemonset::DaemonSet) -> String {
    let _ = clock;
    let s = &d.status;
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", d.meta.name);
    let _ = writeln!(out, "Namespace:\t{}", d.meta.namespace);
    let _ = writeln!(out, "Selector:\t{}", crate::apiserver::selector::to_string(&d.spec.selector));
    let _ = writeln!(out, "Node-Selector:\t<none>");
    map_lines(&mut out, "Labels:", &d.meta.labels, "=");
    map_lines(&mut out, "Annotations:", &annotations(&d.meta), ": ");
    let _ = writeln!(out, "Desired Number of Nodes Scheduled: {}", s.desired);
    let _ = writeln!(out, "Current Number of Nodes Scheduled: {}", s.current);
    let _ = writeln!(out, "Number of Nodes Scheduled with Up-to-date Pods: {}", s.updated);
    let _ = writeln!(out, "Number of Nodes Scheduled with Available Pods: {}", s.available);
    let _ = writeln!(out, "Number of Nodes Misscheduled: {}", s.misscheduled);
    pods_status(&mut out, &state.pods_controlled_by(&d.meta.namespace, &d.meta.uid));
    pod_template(&mut out, &d.spec.template);
    with_events(out, state, &d.meta.uid, state.now)
}
