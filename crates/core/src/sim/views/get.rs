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
pub fn pod_status(pod: &Pod) -> String {
    let mut reason = pod.status.reason.clone().unwrap_or_else(|| pod.status.phase.as_str().to_owned());
    match &pod.status.container {
        Some(ContainerState::Waiting { reason: r, .. }) if !r.is_empty() => reason = r.clone(),
        Some(ContainerState::Terminated { reason: r, .. }) if !r.is_empty() => reason = r.clone(),
        _ => {}
    }
    if pod.meta.terminating() && !pod.status.phase.is_terminal() {
        reason = "Terminating".to_owned();
    }
    reason
}

fn restarts(pod: &Pod, now: SimTime) -> String {
    match (&pod.status.last_termination, pod.status.restarts) {
        (Some(ContainerState::Terminated { finished, .. }), n) if n > 0 => format!("{n} ({} ago)", age(now, *finished)),
        (_, n) => n.to_string(),
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

fn endpoints_row(state: &ClusterState, key: &ObjectKey, s: &Service, now: SimTime) -> Vec<String> {
    let mut addrs = Vec::new();
    for slice in state.endpoint_slices.get(key).into_iter().flatten() {
        for e in slice.endpoints.iter().filter(|e| e.ready) {
            if slice.ports.is_empty() {
                addrs.push(e.address.to_string());
            }
            for p in &slice.ports {
                addrs.push(format!("{}:{}", e.address, p.port));
            }
        }
    }
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
    req.selector.iter().all(|(k, v, negated)| {
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
                    let mut row = vec![n.name.clone(), "Ready".to_owned(), "<none>".to_owned(), age(now, n.created), "v1.35.4".to_owned()];
                    if wide {
                        row.extend([n.ip.to_string(), "<none>".to_owned(), "Debian GNU/Linux 12 (bookworm)".to_owned(), "6.8.0".to_owned(), "containerd://2.1.1".to_owned()]);
                    }
                    let value = serde_json::json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": n.name}, "spec": {"podCIDR": format!("10.244.{}.0/24", n.cidr_octet)}});
                    items.push(Item { key: k, row, value });
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
    if items.is_empty() {
        return Ok(match &req.namespace {
            Some(ns) if r.namespaced() => format!("No resources found in {ns} namespace.\n"),
            _ => "No resources found\n".to_owned(),
        });
    }
    Ok(match req.output {
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
    })
}

fn add_kind(v: &mut serde_json::Value, api_version: &str, kind: &str) {
    if let serde_json::Value::Object(map) = v {
        map.entry("apiVersion").or_insert_with(|| api_version.into());
        map.entry("kind").or_insert_with(|| kind.into());
    }
}
