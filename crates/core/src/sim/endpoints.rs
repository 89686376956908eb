//! The EndpointSlice controller (reference §4.1): for each Service with a selector, one
//! endpoint per matching pod that has an IP and has not ended; at most 100 per slice. Kept
//! up to date incrementally on every pod write.

use super::model::*;
use super::world::World;
use crate::apiserver::selector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Endpoints per slice (the controller's `--max-endpoints-per-slice` default).
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// The endpoint a pod contributes to a Service, if any (`podToEndpoint`,
/// `ShouldPodBeInEndpoints`).
pub fn endpoint_for(service: &Service, pod: &Pod) -> Option<Endpoint> {
    let sel = service.spec.selector.as_ref()?;
    if !selector::map_matches(sel, &pod.meta.labels) || pod.status.phase.is_terminal() || pod.meta.namespace != service.meta.namespace {
        return None;
    }
    let address = pod.status.ip?;
    let serving = pod.status.ready;
    let terminating = pod.meta.terminating();
    let publish = service.spec.publish_not_ready_addresses.unwrap_or(false);
    let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
        (Some(h), Some(sub)) if !h.is_empty() && *sub == service.meta.name => Some(h.clone()),
        _ => None,
    };
    Some(Endpoint {
        address,
        ready: publish || (serving && !terminating),
        serving,
        terminating,
        hostname,
        pod: pod.meta.name.clone(),
        pod_uid: pod.meta.uid.clone(),
        node: pod.status.node.clone(),
    })
}

/// The slice ports of a Service: each port with its target port resolved against `pod`'s
/// container ports when it is a name.
pub fn ports_for(service: &Service, pod: Option<&Pod>) -> Vec<EndpointPort> {
    let mut out = Vec::new();
    for p in service.spec.ports.iter().flatten() {
        let port = match &p.target_port {
            Some(IntOrString::Int(n)) => Some(*n),
            Some(IntOrString::String(name)) => pod.and_then(|pod| {
                pod.spec.containers.iter().flat_map(|c| c.ports.iter().flatten()).find(|cp| cp.name.as_deref() == Some(name)).map(|cp| cp.container_port)
            }),
            None => Some(p.port),
        };
        if let Some(port) = port {
            out.push(EndpointPort { name: p.name.clone().unwrap_or_default(), port, protocol: p.protocol.clone().unwrap_or_else(|| "TCP".to_owned()) });
        }
    }
    out
}

fn new_slice(w: &mut World, service: &Service) -> EndpointSlice {
    let suffix = w.rng.name_suffix(5);
    let mut meta = w.new_meta(&service.meta.namespace, &format!("{}-{suffix}", service.meta.name));
    meta.labels.insert("kubernetes.io/service-name".to_owned(), service.meta.name.clone());
    meta.labels.insert("endpointslice.kubernetes.io/managed-by".to_owned(), "endpointslice-controller.k8s.io".to_owned());
    if service.headless() {
        meta.labels.insert("service.kubernetes.io/headless".to_owned(), String::new());
    }
    meta.owners.push(OwnerRef {
        api_version: "v1".to_owned(),
        kind: "Service".to_owned(),
        name: service.meta.name.clone(),
        uid: service.meta.uid.clone(),
        controller: true,
        block_owner_deletion: true,
    });
    meta.generation = 1;
    EndpointSlice { meta, service: service.meta.name.clone(), ports: ports_for(service, None), endpoints: Vec::new() }
}

/// Recomputes every slice of a Service (it was created or changed).
pub(crate) fn service_changed(w: &mut World, key: &ObjectKey) {
    let Some(service) = w.state.services.get(key).cloned() else {
        w.state.endpoint_slices.remove(key);
        return;
    };
    if service.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
        w.state.endpoint_slices.remove(key);
        return;
    }
    let mut endpoints: Vec<(Endpoint, Option<Pod>)> = ClusterState::in_namespace(&w.state.pods, &key.namespace)
        .filter_map(|(_, p)| endpoint_for(&service, p).map(|e| (e, Some(p.clone()))))
        .collect();
    endpoints.sort_by(|a, b| a.0.pod.cmp(&b.0.pod));
    let mut slices = w.state.endpoint_slices.remove(key).unwrap_or_default();
    for s in &mut slices {
        s.endpoints.clear();
    }
    if slices.is_empty() {
        slices.push(new_slice(w, &service));
    }
    let first_pod = endpoints.first().and_then(|(_, p)| p.clone());
    let ports = ports_for(&service, first_pod.as_ref());
    let chunks: Vec<Vec<Endpoint>> = endpoints.into_iter().map(|(e, _)| e).collect::<Vec<_>>().chunks(MAX_ENDPOINTS_PER_SLICE).map(<[Endpoint]>::to_vec).collect();
    while slices.len() < chunks.len() {
        slices.push(new_slice(w, &service));
    }
    slices.truncate(chunks.len().max(1));
    for (i, s) in slices.iter_mut().enumerate() {
        s.endpoints = chunks.get(i).cloned().unwrap_or_default();
        s.ports = ports.clone();
        s.meta.generation += 1;
    }
    w.state.endpoint_slices.insert(key.clone(), slices);
}

/// A pod was created or changed: update its endpoint in every Service of its namespace.
pub(crate) fn pod_changed(w: &mut World, pod_key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(pod_key) else { return };
    let mut updates = Vec::new();
    for (svc_key, _) in ClusterState::in_namespace(&w.state.endpoint_slices, &pod_key.namespace) {
        let Some(service) = w.state.services.get(svc_key) else { continue };
        let endpoint = endpoint_for(service, pod);
        let ports = endpoint.as_ref().map(|_| ports_for(service, Some(pod)));
        updates.push((svc_key.clone(), endpoint, ports));
    }
    for (svc_key, endpoint, ports) in updates {
        upsert(w, &svc_key, &pod_key.name, endpoint, ports);
    }
}

/// Where a pod's endpoint sits: (slice, index), found by binary search in each slice.
fn find(slices: &[EndpointSlice], pod: &str) -> Option<(usize, usize)> {
    slices.iter().enumerate().find_map(|(i, s)| s.endpoints.binary_search_by(|e| e.pod.as_str().cmp(pod)).ok().map(|j| (i, j)))
}

fn upsert(w: &mut World, svc_key: &ObjectKey, pod: &str, endpoint: Option<Endpoint>, ports: Option<Vec<EndpointPort>>) {
    let Some(slices) = w.state.endpoint_slices.get(svc_key) else { return };
    let position = find(slices, pod);
    if position.map(|(i, j)| &slices[i].endpoints[j]) == endpoint.as_ref() {
        return;
    }
    let needs_new_slice = position.is_none() && endpoint.is_some() && slices.iter().all(|s| s.endpoints.len() >= MAX_ENDPOINTS_PER_SLICE);
    let extra = match (needs_new_slice, w.state.services.get(svc_key).cloned()) {
        (true, Some(service)) => Some(new_slice(w, &service)),
        _ => None,
    };
    let Some(slices) = w.state.endpoint_slices.get_mut(svc_key) else { return };
    if let Some(s) = extra {
        slices.push(s);
    }
    match (position, endpoint) {
        (Some((i, j)), Some(e)) => slices[i].endpoints[j] = e,
        (Some((i, j)), None) => {
            slices[i].endpoints.remove(j);
            if slices[i].endpoints.is_empty() && slices.len() > 1 {
                slices.remove(i);
            }
        }
        (None, Some(e)) => {
            let i = slices.iter().position(|s| s.endpoints.len() < MAX_ENDPOINTS_PER_SLICE).unwrap_or(0);
            let list = &mut slices[i].endpoints;
            let at = list.partition_point(|x| x.pod < e.pod);
            list.insert(at, e);
            if let Some(ports) = ports {
                if ports.len() > slices[i].ports.len() {
                    for s in slices.iter_mut() {
                        s.ports = ports.clone();
                    }
                }
            }
        }
        (None, None) => return,
    }
    for s in slices.iter_mut() {
        s.meta.generation += 1;
    }
}

/// A pod is gone: remove its endpoints.
pub(crate) fn pod_removed(w: &mut World, pod: &Pod) {
    let services: Vec<ObjectKey> = ClusterState::in_namespace(&w.state.endpoint_slices, &pod.meta.namespace).map(|(k, _)| k.clone()).collect();
    for svc_key in services {
        upsert(w, &svc_key, &pod.meta.name, None, None);
    }
}
