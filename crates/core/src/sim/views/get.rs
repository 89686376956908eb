//! `kubectl get` rows and lists, in kubectl's columns.

use super::objects;
use super::table;
use super::{Output, Resource};
use crate::sim::model::*;
use crate::sim::time::{human_duration, SimTime, WallClock};
use std::collections::BTreeMap;

fn age(now: SimTime, since: SimTime) -> String {
    human_duration(now.since(since))
}

/// kubectl's STATUS of a pod (`printPod`): the phase, then `status.reason`, then a waiting or
/// terminated container reason; `Terminating` for a deleted pod that has not ended.
///
/// Init containers come first, as in `printPod`: the first one that has not completed gives
/// `Init:REASON` (a termination's or a waiting reason other than `PodInitializing`) or
/// `Init:N/M`; the app containers' state counts only once they all completed.
pub fn pod_status(pod: &Pod) -> String {
    let mut reason = pod.status.reason.clone().unwrap_or_else(|| pod.status.phase.as_str().to_owned());
    let total = pod.spec.init_containers.as_ref().map_or(0, Vec::len);
    let mut initializing = false;
    for (i, c) in pod.status.init.iter().enumerate() {
        match &c.state {
            ContainerState::Terminated { exit_code: 0, .. } => continue,
            ContainerState::Terminated { reason: r, exit_code, .. } => reason = if r.is_empty() { format!("Init:ExitCode:{exit_code}") } else { format!("Init:{r}") },
            ContainerState::Waiting { reason: r, .. } if !r.is_empty() && r != "PodInitializing" => reason = format!("Init:{r}"),
            _ => reason = format!("Init:{i}/{total}"),
        }
        initializing = true;
        break;
    }
    if !initializing {
        match &pod.status.container {
            Some(ContainerState::Waiting { reason: r, .. }) if !r.is_empty() => reason = r.clone(),
            Some(ContainerState::Terminated { reason: r, .. }) if !r.is_empty() => reason = r.clone(),
            _ => {}
        }
    }
    if pod.meta.terminating() && !pod.status.phase.is_terminal() {
        reason = "Terminating".to_owned();
    }
    reason
}

/// RESTARTS: the restarts of every container, init containers included, with the time since
/// the latest termination that led to one (`printPod`: `lastRestartDate`).
fn restarts(pod: &Pod, now: SimTime) -> String {
    let n = pod.status.restarts + pod.status.init.iter().map(|i| i.restarts).sum::<u32>();
    let last = |t: &Option<ContainerState>| match t {
        Some(ContainerState::Terminated { finished, .. }) => Some(*finished),
        _ => None,
    };
    let latest = std::iter::once(last(&pod.status.last_termination).filter(|_| pod.status.restarts > 0))
        .chain(pod.status.init.iter().map(|i| last(&i.last_termination).filter(|_| i.restarts > 0)))
        .flatten()
        .max();
    match latest {
        Some(finished) if n > 0 => format!("{n} ({} ago)", age(now, finished)),
        _ => n.to_string(),
    }
}

/// `kubectl get pods` columns: NAME READY STATUS RESTARTS AGE.
pub fn pod_row(pod: &Pod, now: SimTime) -> Vec<String> {
    let (ready, total) = pod.ready_counts();
    vec![pod.meta.name.clone(), format!("{ready}/{total}"), pod_status(pod), restarts(pod, now), age(now, pod.meta.created)]
}

fn pod_row_wide(pod: &Pod, now: SimTime) -> Vec<String> {
    let mut row = pod_row(pod, now);
    row.push(pod.status.ip.map(|ip| ip.to_string()).unwrap_or_else(|| "<none>".to_owned()));
    row.push(pod.status.node.clone().unwrap_or_else(|| "<none>".to_owned()));
    row.push("<none>".to_owned());
    row.push("<none>".to_owned());
    row
}

/// `kubectl get pvc` columns.
pub fn claim_row(c: &Claim, now: SimTime) -> Vec<String> {
    let status = if c.meta.terminating() { "Terminating".to_owned() } else { c.phase.as_str().to_owned() };
    let bound = c.volume.is_some();
    vec![
        c.meta.name.clone(),
        status,
        c.volume.clone().unwrap_or_default(),
        if bound { c.capacity.clone().unwrap_or_default() } else { String::new() },
        if bound { objects::access_modes_short(c.spec.access_modes.as_deref().unwrap_or(&[])) } else { String::new() },
        c.spec.storage_class_name.clone().unwrap_or_default(),
        "<unset>".to_owned(),
        age(now, c.meta.created),
    ]
}

/// `kubectl get pdb` columns (`printPodDisruptionBudget`): the unset bound prints `N/A`.
pub fn pdb_row(p: &Pdb, now: SimTime) -> Vec<String> {
    let bound = |v: &Option<k8s_openapi::apimachinery::pkg::util::intstr::IntOrString>| match v {
        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n)) => n.to_string(),
        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s)) => s.clone(),
        None => "N/A".to_owned(),
    };
    vec![p.meta.name.clone(), bound(&p.min_available), bound(&p.max_unavailable), p.status.disruptions_allowed.to_string(), age(now, p.meta.created)]
}

fn volume_row(v: &Volume, now: SimTime) -> Vec<String> {
    vec![
        v.meta.name.clone(),
        v.capacity.clone(),
        objects::access_modes_short(&v.access_modes),
        v.reclaim_policy.clone(),
        v.phase.clone(),
        v.claim.as_ref().map(|(k, _)| format!("{}/{}", k.namespace, k.name)).unwrap_or_default(),
        v.storage_class.clone(),
        "<unset>".to_owned(),
        String::new(),
        age(now, v.meta.created),
    ]
}

/// `kubectl get sts` columns: NAME READY AGE.
pub fn statefulset_row(s: &StatefulSet, now: SimTime) -> Vec<String> {
    vec![s.meta.name.clone(), format!("{}/{}", s.status.ready_replicas, s.spec.replicas.unwrap_or(1)), age(now, s.meta.created)]
}

fn statefulset_row_wide(s: &StatefulSet, now: SimTime) -> Vec<String> {
    let mut row = statefulset_row(s, now);
    let containers = s.spec.template.spec.as_ref().map(|p| p.containers.clone()).unwrap_or_default();
    row.push(containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","));
    row.push(containers.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","));
    row
}

fn service_ports(s: &Service) -> String {
    let ports: Vec<String> = s
        .spec
        .ports
        .iter()
        .flatten()
        .map(|p| match p.node_port {
            Some(np) => format!("{}:{np}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")),
            None => format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")),
        })
        .collect();
    if ports.is_empty() {
        "<none>".to_owned()
    } else {
        ports.join(",")
    }
}

fn service_row(s: &Service, now: SimTime, wide: bool) -> Vec<String> {
    let mut row = vec![
        s.meta.name.clone(),
        s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned()),
        s.spec.cluster_ip.clone().unwrap_or_else(|| "<none>".to_owned()),
        match s.spec.type_.as_deref() {
            // no cloud load balancer in the simulated cluster, as on kind
            Some("LoadBalancer") => "<pending>".to_owned(),
            Some("ExternalName") => s.spec.external_name.clone().unwrap_or_else(|| "<none>".to_owned()),
            _ => "<none>".to_owned(),
        },
        service_ports(s),
        age(now, s.meta.created),
    ];
    if wide {
        let sel = s.spec.selector.as_ref().map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")).unwrap_or_default();
        row.push(if sel.is_empty() { "<none>".to_owned() } else { sel });
    }
    row
}

fn first_three(items: &[String], none: &str) -> String {
    match items.len() {
        0 => none.to_owned(),
        1..=3 => items.join(","),
        n => format!("{} + {} more...", items[..3].join(","), n - 3),
    }
}

/// kubectl's `formatEndpoints` of the v1 Endpoints the endpoints controller derives: its
/// addresses are the ready endpoints sorted by IP as text (`RepackSubsets`, `addrsByIPAndUID`),
/// listed port by port, the first three and `+ N more...`.
fn endpoints_row(state: &ClusterState, key: &ObjectKey, s: &Service, now: SimTime) -> Vec<String> {
    let slices = state.endpoint_slices.get(key).map(Vec::as_slice).unwrap_or(&[]);
    let mut ips: Vec<String> = slices.iter().flat_map(|sl| &sl.endpoints).filter(|e| e.ready).map(|e| e.address.to_string()).collect();
    ips.sort();
    ips.dedup();
    let mut ports: Vec<i32> = slices.iter().flat_map(|sl| sl.ports.iter().map(|p| p.port)).collect();
    ports.dedup();
    let addrs: Vec<String> = if ports.is_empty() { ips } else { ports.iter().flat_map(|p| ips.iter().map(move |ip| format!("{ip}:{p}"))).collect() };
    vec![s.meta.name.clone(), first_three(&addrs, "<none>"), age(now, s.meta.created)]
}

fn slice_row(slice: &EndpointSlice, now: SimTime) -> Vec<String> {
    let ports: Vec<String> = slice.ports.iter().map(|p| p.port.to_string()).collect();
    let addrs: Vec<String> = slice.endpoints.iter().map(|e| e.address.to_string()).collect();
    vec![
        slice.meta.name.clone(),
        "IPv4".to_owned(),
        if ports.is_empty() { "<unset>".to_owned() } else { ports.join(",") },
        first_three(&addrs, "<unset>"),
        age(now, slice.meta.created),
    ]
}

/// kubectl's secret row (`printSecret`): NAME TYPE DATA AGE, DATA counting the keys of `data`
/// and `stringData` together (the server merges them).
fn secret_row(o: &OtherObject, now: SimTime) -> Vec<String> {
    let type_ = o.body.get("type").and_then(|t| t.as_str()).unwrap_or("Opaque");
    let mut keys: Vec<&String> = ["data", "stringData"].iter().filter_map(|f| o.body.get(*f).and_then(|d| d.as_object())).flat_map(|m| m.keys()).collect();
    keys.sort();
    keys.dedup();
    vec![o.meta.name.clone(), type_.to_owned(), keys.len().to_string(), age(now, o.meta.created)]
}

/// A Secret as the server returns it: `stringData` merged into `data`, base64-encoded.
fn secret_value(body: &serde_json::Value) -> serde_json::Value {
    let mut v = body.clone();
    if let Some(string_data) = v.as_object_mut().and_then(|m| m.remove("stringData")) {
        let data = v.as_object_mut().map(|m| m.entry("data").or_insert_with(|| serde_json::json!({})));
        if let (Some(serde_json::Value::Object(data)), serde_json::Value::Object(strings)) = (data, string_data) {
            for (k, val) in strings {
                data.insert(k, crate::share::base64(val.as_str().unwrap_or("").as_bytes()).into());
            }
        }
    }
    if v.get("type").is_none() {
        v["type"] = "Opaque".into();
    }
    v
}

/// kubectl's PodDisruptionBudget row (`printPodDisruptionBudget`): `N/A` for the bound not
/// set; ALLOWED DISRUPTIONS is `status.disruptionsAllowed`, 0 until a disruption controller
/// computes it.
/// The resource prefix of an event's object, as `kubectl get events` prints it.
pub fn event_object(e: &Event) -> String {
    let kind = match e.kind.as_str() {
        "Pod" => "pod",
        "StatefulSet" => "statefulset",
        "PersistentVolumeClaim" => "persistentvolumeclaim",
        "Service" => "service",
        other => return format!("{}/{}", other.to_lowercase(), e.name),
    };
    format!("{kind}/{}", e.name)
}

/// `kubectl get events` columns at `now`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.
pub fn event_row(e: &Event, now: SimTime) -> Vec<String> {
    vec![age(now, e.last), e.type_.as_str().to_owned(), e.reason.clone(), event_object(e), e.message.clone()]
}

/// What to list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetRequest {
    /// The resource.
    pub resource: Resource,
    /// The namespace; `None` for all namespaces (`-A`).
    pub namespace: Option<String>,
    /// Names asked for (all when empty).
    pub names: Vec<String>,
    /// Output format.
    pub output: Output,
    /// `-l` requirements: (key, Some(value)) for `k=v`, (key, None) for `k`; negated when the
    /// bool is true.
    pub selector: Vec<(String, Option<String>, bool)>,
    /// `--field-selector` pairs (events: `involvedObject.name`, `involvedObject.kind`,
    /// `type`, `reason`).
    pub field_selector: Vec<(String, String)>,
}

fn labels_match(req: &GetRequest, labels: &BTreeMap<String, String>) -> bool {
    requirements_match(&req.selector, labels)
}

/// Whether labels meet kubectl-style requirements (`-l`, `--pod-selector`): (key,
/// Some(value)) for `k=v`, (key, None) for `k`, negated when the bool is true.
pub fn requirements_match(selector: &[(String, Option<String>, bool)], labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(k, v, negated)| {
        let ok = match v {
            Some(v) => labels.get(k) == Some(v),
            None => labels.contains_key(k),
        };
        ok != *negated
    })
}

fn wanted(req: &GetRequest, key: &ObjectKey, labels: &BTreeMap<String, String>) -> bool {
    req.namespace.as_ref().is_none_or(|ns| key.namespace.is_empty() || *ns == key.namespace)
        && (req.names.is_empty() || req.names.contains(&key.name))
        && labels_match(req, labels)
}

/// One object listed: its key, its table row (wide or not) and its YAML form.
struct Item {
    key: ObjectKey,
    row: Vec<String>,
    value: serde_json::Value,
}

fn to_value<T: serde::Serialize>(t: &T) -> serde_json::Value {
    serde_json::to_value(t).unwrap_or(serde_json::Value::Null)
}

/// `kubectl get`: a table, `-o wide`, `-o yaml` or `-o name`. Errors read like kubectl's.
pub fn get(state: &ClusterState, clock: &WallClock, req: &GetRequest) -> Result<String, String> {
    let items = items(state, clock, req)?;
    Ok(render(req, items))
}

/// `kubectl get all`: the kinds of kubectl's `all` category that the simulator has (pods,
/// services, daemonsets, deployments, replicasets, statefulsets, cronjobs, jobs), each a table
/// of its own with `KIND/NAME` names, blank lines between.
pub fn get_all(state: &ClusterState, clock: &WallClock, namespace: Option<&str>) -> String {
    let requests: Vec<GetRequest> = [Resource::Pods, Resource::Services, Resource::DaemonSets, Resource::Deployments, Resource::ReplicaSets, Resource::StatefulSets, Resource::CronJobs, Resource::Jobs]
        .into_iter()
        .map(|resource| GetRequest { resource, namespace: namespace.map(str::to_owned), names: Vec::new(), output: Output::Table, selector: Vec::new(), field_selector: Vec::new() })
        .collect();
    get_kinds(state, clock, &requests)
}

/// `kubectl get KIND,KIND`: a table for each kind that has objects, names as `KIND/NAME`, a
/// blank line between tables.
pub fn get_kinds(state: &ClusterState, clock: &WallClock, requests: &[GetRequest]) -> String {
    let mut tables = Vec::new();
    for req in requests {
        let Ok(mut items) = items(state, clock, req) else { continue };
        if items.is_empty() {
            continue;
        }
        for i in &mut items {
            let prefix = if req.output == Output::Name { String::new() } else { format!("{}/", req.resource.name_prefix()) };
            i.row[0] = format!("{prefix}{}", i.row[0]);
        }
        tables.push(render(req, items));
    }
    if tables.is_empty() {
        return match requests.first().and_then(|r| r.namespace.as_deref()) {
            Some(ns) => format!("No resources found in {ns} namespace.\n"),
            None => "No resources found\n".to_owned(),
        };
    }
    if requests.first().is_some_and(|r| r.output == Output::Name) {
        return tables.concat();
    }
    tables.join("\n")
}

/// The table rows `kubectl get` prints for the request (no header), as the first batch of a
/// `kubectl get -w` prints them.
pub fn rows(state: &ClusterState, clock: &WallClock, req: &GetRequest) -> Result<Vec<Vec<String>>, String> {
    Ok(items(state, clock, req)?.into_iter().map(|i| i.row).collect())
}

fn items(state: &ClusterState, clock: &WallClock, req: &GetRequest) -> Result<Vec<Item>, String> {
    let now = state.now;
    let wide = req.output == Output::Wide;
    let r = req.resource;
    let mut items: Vec<Item> = Vec::new();
    match r {
        Resource::Pods => {
            for (k, p) in &state.pods {
                if wanted(req, k, &p.meta.labels) {
                    let row = if wide { pod_row_wide(p, now) } else { pod_row(p, now) };
                    items.push(Item { key: k.clone(), row, value: to_value(&objects::pod(p, clock)) });
                }
            }
        }
        Resource::Claims => {
            for (k, c) in &state.claims {
                if wanted(req, k, &c.meta.labels) {
                    let mut row = claim_row(c, now);
                    if wide {
                        row.push("Filesystem".to_owned());
                    }
                    items.push(Item { key: k.clone(), row, value: to_value(&objects::claim(c, clock)) });
                }
            }
        }
        Resource::Volumes => {
            for (name, v) in &state.volumes {
                let k = ObjectKey::new("", name);
                if wanted(&GetRequest { namespace: None, ..req.clone() }, &k, &v.meta.labels) {
                    let mut row = volume_row(v, now);
                    if wide {
                        row.push("Filesystem".to_owned());
                    }
                    items.push(Item { key: k, row, value: to_value(&objects::volume(v, clock)) });
                }
            }
        }
        Resource::StatefulSets => {
            for (k, s) in &state.statefulsets {
                if wanted(req, k, &s.meta.labels) {
                    let row = if wide { statefulset_row_wide(s, now) } else { statefulset_row(s, now) };
                    let mut value = to_value(&objects::statefulset(s, clock));
                    add_kind(&mut value, "apps/v1", "StatefulSet");
                    items.push(Item { key: k.clone(), row, value });
                }
            }
        }
        Resource::Services => {
            for (k, s) in &state.services {
                if wanted(req, k, &s.meta.labels) {
                    items.push(Item { key: k.clone(), row: service_row(s, now, wide), value: to_value(&objects::service(s, clock)) });
                }
            }
        }
        Resource::Endpoints => {
            for (k, s) in &state.services {
                if wanted(req, k, &s.meta.labels) {
                    let row = endpoints_row(state, k, s, now);
                    let value = serde_json::json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": k.name, "namespace": k.namespace}});
                    items.push(Item { key: k.clone(), row, value });
                }
            }
        }
        Resource::EndpointSlices => {
            for (k, slices) in &state.endpoint_slices {
                for s in slices {
                    let key = ObjectKey::new(&k.namespace, &s.meta.name);
                    if wanted(req, &key, &s.meta.labels) {
                        let mut value = to_value(&objects::endpoint_slice(s, &k.namespace, clock));
                        add_kind(&mut value, "discovery.k8s.io/v1", "EndpointSlice");
                        items.push(Item { key, row: slice_row(s, now), value });
                    }
                }
            }
        }
        Resource::ControllerRevisions => {
            for (k, rev) in &state.revisions {
                if wanted(req, k, &rev.meta.labels) {
                    let controller = rev.meta.controller().map(|o| format!("statefulset.apps/{}", o.name)).unwrap_or_else(|| "<none>".to_owned());
                    let row = vec![k.name.clone(), controller, rev.revision.to_string(), age(now, rev.meta.created)];
                    let mut value = to_value(&objects::revision(rev, clock));
                    add_kind(&mut value, "apps/v1", "ControllerRevision");
                    items.push(Item { key: k.clone(), row, value });
                }
            }
        }
        Resource::Events => {
            let mut events: Vec<(usize, &Event)> = state.events.iter().enumerate().collect();
            events.sort_by_key(|(i, e)| (e.last, *i));
            for (i, e) in events {
                let key = ObjectKey::new(&e.namespace, &e.name);
                let ns_ok = req.namespace.as_ref().is_none_or(|ns| *ns == e.namespace);
                let fields_ok = req.field_selector.iter().all(|(f, v)| match f.as_str() {
                    "involvedObject.name" => e.name == *v,
                    "involvedObject.kind" => e.kind == *v,
                    "type" => e.type_.as_str() == v,
                    "reason" => e.reason == *v,
                    _ => false,
                });
                if ns_ok && fields_ok {
                    let row = event_row(e, now);
                    let mut value = to_value(&objects::event(e, i, clock));
                    add_kind(&mut value, "v1", "Event");
                    items.push(Item { key, row, value });
                }
            }
        }
        Resource::Nodes => {
            for n in &state.nodes {
                let k = ObjectKey::new("", &n.name);
                if req.names.is_empty() || req.names.contains(&n.name) {
                    let mut row = vec![n.name.clone(), n.status_text(), "<none>".to_owned(), age(now, n.created), super::super::nodes::KUBELET_VERSION.to_owned()];
                    if wide {
                        row.extend([n.ip.to_string(), "<none>".to_owned(), "Debian GNU/Linux 12 (bookworm)".to_owned(), "6.8.0".to_owned(), "containerd://2.1.1".to_owned()]);
                    }
                    let value = objects::node(n, clock);
                    items.push(Item { key: k, row, value });
                }
            }
        }
        Resource::Secrets => {
            for ((kind, k), o) in &state.others {
                if kind == r.kind() && wanted(req, k, &o.meta.labels) {
                    items.push(Item { key: k.clone(), row: secret_row(o, now), value: secret_value(&o.body) });
                }
            }
        }
        Resource::PodDisruptionBudgets => {
            for (k, p) in &state.pdbs {
                if wanted(req, k, &p.meta.labels) {
                    items.push(Item { key: k.clone(), row: pdb_row(p, now), value: objects::pdb(p, state, clock) });
                }
            }
        }
        Resource::Deployments => {
            for (k, d) in &state.deployments {
                if wanted(req, k, &d.meta.labels) {
                    let s = &d.status;
                    let mut row = vec![d.meta.name.clone(), format!("{}/{}", s.ready_replicas, d.replicas()), s.updated_replicas.to_string(), s.available_replicas.to_string(), age(now, d.meta.created)];
                    if wide {
                        row.extend(wide_template_columns(&d.spec.template, &d.spec.selector));
                    }
                    items.push(Item { key: k.clone(), row, value: objects::deployment(d, clock) });
                }
            }
        }
        Resource::ReplicaSets => {
            for (k, rs) in &state.replicasets {
                if wanted(req, k, &rs.meta.labels) {
                    let s = &rs.status;
                    let mut row = vec![rs.meta.name.clone(), rs.replicas().to_string(), s.replicas.to_string(), s.ready_replicas.to_string(), age(now, rs.meta.created)];
                    if wide {
                        row.extend(wide_template_columns(rs.spec.template.as_ref().unwrap_or(&Default::default()), &rs.spec.selector));
                    }
                    items.push(Item { key: k.clone(), row, value: objects::replicaset(rs, clock) });
                }
            }
        }
        Resource::DaemonSets => {
            for (k, d) in &state.daemonsets {
                if wanted(req, k, &d.meta.labels) {
                    let s = &d.status;
                    let selector = d.spec.template.spec.as_ref().and_then(|p| p.node_selector.as_ref()).filter(|m| !m.is_empty()).map_or_else(|| "<none>".to_owned(), |m| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","));
                    let mut row = vec![d.meta.name.clone(), s.desired.to_string(), s.current.to_string(), s.ready.to_string(), s.updated.to_string(), s.available.to_string(), selector, age(now, d.meta.created)];
                    if wide {
                        row.extend(wide_template_columns(&d.spec.template, &d.spec.selector));
                    }
                    items.push(Item { key: k.clone(), row, value: objects::daemonset(d, clock) });
                }
            }
        }
        Resource::Jobs => {
            for (k, j) in &state.jobs {
                if wanted(req, k, &j.meta.labels) {
                    items.push(Item { key: k.clone(), row: job_row(j, now, wide), value: objects::job(j, clock) });
                }
            }
        }
        Resource::CronJobs => {
            for (k, c) in &state.cronjobs {
                if wanted(req, k, &c.meta.labels) {
                    let last = c.last_schedule.map_or_else(|| "<none>".to_owned(), |t| age(now, t));
                    let mut row = vec![
                        c.meta.name.clone(),
                        c.spec.schedule.clone(),
                        c.spec.time_zone.clone().unwrap_or_else(|| "<none>".to_owned()),
                        c.suspended().to_string(),
                        c.active.len().to_string(),
                        last,
                        age(now, c.meta.created),
                    ];
                    if wide {
                        let containers = c.spec.job_template.spec.as_ref().and_then(|s| s.template.spec.as_ref()).map(|s| s.containers.clone()).unwrap_or_default();
                        row.push(containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","));
                        row.push(containers.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","));
                        row.push("<none>".to_owned());
                    }
                    items.push(Item { key: k.clone(), row, value: objects::cronjob(c, clock) });
                }
            }
        }
        Resource::VolumeSnapshots => {
            for (k, v) in &state.snapshots {
                if wanted(req, k, &v.meta.labels) {
                    let row = vec![
                        k.name.clone(),
                        v.ready.map(|r| r.to_string()).unwrap_or_default(),
                        v.source_claim.clone().unwrap_or_default(),
                        String::new(),
                        v.restore_size.clone().unwrap_or_default(),
                        v.class.clone().unwrap_or_default(),
                        v.content.clone().unwrap_or_default(),
                        v.creation_time.map(|t| age(now, t)).unwrap_or_default(),
                        age(now, v.meta.created),
                    ];
                    items.push(Item { key: k.clone(), row, value: objects::volume_snapshot(v, clock) });
                }
            }
        }
        Resource::VolumeSnapshotContents => {
            for c in state.snapshot_contents.values() {
                if req.names.is_empty() || req.names.contains(&c.name) {
                    let row = vec![c.name.clone(), "true".to_owned(), c.restore_bytes.to_string(), c.deletion_policy.clone(), c.driver.clone(), c.class.clone(), c.snapshot.0.name.clone(), c.snapshot.0.namespace.clone(), age(now, c.created)];
                    items.push(Item { key: ObjectKey::new("", &c.name), row, value: objects::snapshot_content(c, clock) });
                }
            }
        }
        Resource::VolumeSnapshotClasses => {
            for c in state.snapshot_classes.values() {
                if req.names.is_empty() || req.names.contains(&c.name) {
                    let row = vec![c.name.clone(), c.driver.clone(), c.deletion_policy.clone(), age(now, c.created)];
                    let mut value = serde_json::json!({"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshotClass", "metadata": {"name": c.name}, "driver": c.driver, "deletionPolicy": c.deletion_policy});
                    if c.is_default {
                        value["metadata"]["annotations"] = serde_json::json!({"snapshot.storage.kubernetes.io/is-default-class": "true"});
                    }
                    items.push(Item { key: ObjectKey::new("", &c.name), row, value });
                }
            }
        }
        Resource::VolumeAttachments => {
            for va in state.volume_attachments.values() {
                if req.names.is_empty() || req.names.contains(&va.name) {
                    let row = vec![va.name.clone(), va.attacher.clone(), va.pv.clone(), va.node.clone(), va.attached.to_string(), age(now, va.created)];
                    items.push(Item { key: ObjectKey::new("", &va.name), row, value: objects::volume_attachment(va, clock) });
                }
            }
        }
        Resource::StorageClasses => {
            for c in state.storage_classes.values() {
                let k = ObjectKey::new("", &c.name);
                if req.names.is_empty() || req.names.contains(&c.name) {
                    let name = if c.is_default { format!("{} (default)", c.name) } else { c.name.clone() };
                    let row = vec![name, c.provisioner.clone(), c.reclaim_policy.clone(), c.binding_mode.clone(), c.allow_expansion.to_string(), age(now, c.created)];
                    let mut value = serde_json::json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": c.name},
                        "provisioner": c.provisioner, "reclaimPolicy": c.reclaim_policy, "volumeBindingMode": c.binding_mode});
                    if c.allow_expansion {
                        value["allowVolumeExpansion"] = serde_json::Value::Bool(true);
                    }
                    items.push(Item { key: k, row, value });
                }
            }
        }
    }
    for name in &req.names {
        if !items.iter().any(|i| &i.key.name == name) {
            return Err(format!("Error from server (NotFound): {} \"{name}\" not found", r.plural()));
        }
    }
    Ok(items)
}

/// The CONTAINERS, IMAGES and SELECTOR columns of `-o wide` for a workload.
fn wide_template_columns(template: &k8s_openapi::api::core::v1::PodTemplateSpec, selector: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector) -> [String; 3] {
    let containers = template.spec.as_ref().map(|s| s.containers.as_slice()).unwrap_or_default();
    [
        containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
        containers.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","),
        crate::apiserver::selector::to_string(selector),
    ]
}

/// A row of `kubectl get jobs` (`printJob`): DURATION runs from the start to the completion,
/// or to now while the Job has not completed.
fn job_row(j: &crate::sim::job::Job, now: SimTime, wide: bool) -> Vec<String> {
    let duration = match (j.status.start_time, j.status.completion_time) {
        (None, _) => String::new(),
        (Some(start), None) => human_duration(now.since(start)),
        (Some(start), Some(end)) => human_duration(end.since(start)),
    };
    let mut row = vec![j.meta.name.clone(), j.status_text().to_owned(), j.completions_text(), duration, age(now, j.meta.created)];
    if wide {
        let containers = j.spec.template.spec.as_ref().map(|s| s.containers.as_slice()).unwrap_or_default();
        row.push(containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","));
        row.push(containers.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","));
        row.push(format!("batch.kubernetes.io/controller-uid={}", j.meta.uid));
    }
    row
}

fn render(req: &GetRequest, items: Vec<Item>) -> String {
    let r = req.resource;
    let wide = req.output == Output::Wide;
    if items.is_empty() {
        return match &req.namespace {
            Some(ns) if r.namespaced() => format!("No resources found in {ns} namespace.\n"),
            _ => "No resources found\n".to_owned(),
        };
    }
    match req.output {
        Output::Name => items.iter().map(|i| format!("{}/{}\n", r.name_prefix(), i.key.name)).collect(),
        Output::Yaml => {
            let mut values: Vec<serde_json::Value> = items.into_iter().map(|i| i.value).collect();
            for v in &mut values {
                add_kind(v, r.api_version(), r.kind());
            }
            if values.len() == 1 && !req.names.is_empty() {
                super::yaml::to_yaml(&values[0])
            } else {
                super::yaml::to_yaml(&serde_json::json!({"apiVersion": "v1", "items": values, "kind": "List", "metadata": {"resourceVersion": ""}}))
            }
        }
        Output::Table | Output::Wide => {
            let mut header: Vec<&str> = r.columns().to_vec();
            if wide {
                header.extend(r.wide_columns());
            }
            if req.namespace.is_none() && r.namespaced() {
                header.insert(0, "NAMESPACE");
                let rows: Vec<Vec<String>> = items
                    .into_iter()
                    .map(|i| {
                        let mut row = i.row;
                        row.insert(0, i.key.namespace);
                        row
                    })
                    .collect();
                table::render(&header, &rows)
            } else {
                table::render(&header, &items.into_iter().map(|i| i.row).collect::<Vec<_>>())
            }
        }
    }
}

fn add_kind(v: &mut serde_json::Value, api_version: &str, kind: &str) {
    if let serde_json::Value::Object(map) = v {
        map.entry("apiVersion").or_insert_with(|| api_version.into());
        map.entry("kind").or_insert_with(|| kind.into());
    }
}
