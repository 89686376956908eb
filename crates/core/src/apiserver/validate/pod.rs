//! Pod spec validation (`pkg/apis/core/validation :: ValidatePodSpec` and the container
//! checks), the subset a StatefulSet learner meets: volumes, containers, ports, environment,
//! mounts, probes, resources, restart and DNS policy.

use super::path;
use crate::apiserver::errors::{go, FieldError};
use crate::apiserver::{names, quantity};
use super::super::kinds::{volume_source_count, Container, IntOrString, PodSpec, Probe, Volume};
use std::collections::{BTreeMap, BTreeSet};

/// `ValidatePodSpec` at `at` (`spec` for a Pod, `spec.template.spec` for a template).
/// `claim_volumes` are the names of the StatefulSet's claim templates: each counts as a volume
/// of the template and hides a template volume of the same name (`volumesToAddForTemplates`).
pub fn pod_spec(spec: &PodSpec, at: &str, claim_volumes: &[String], out: &mut Vec<FieldError>) {
    let volumes = volumes(spec.volumes.as_deref().unwrap_or(&[]), &path::child(at, "volumes"), claim_volumes, out);
    let mut container_names = BTreeSet::new();
    let mut port_names = BTreeSet::new();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let p = path::index(&path::child(at, "initContainers"), i);
        container(c, &p, &volumes, &mut container_names, &mut port_names, out);
    }
    if spec.containers.is_empty() {
        out.push(FieldError::required(path::child(at, "containers"), ""));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        let p = path::index(&path::child(at, "containers"), i);
        container(c, &p, &volumes, &mut container_names, &mut port_names, out);
    }
    if let Some(rp) = spec.restart_policy.as_deref() {
        if !["Always", "OnFailure", "Never"].contains(&rp) {
            out.push(FieldError::not_supported(path::child(at, "restartPolicy"), rp, &["Always", "OnFailure", "Never"]));
        }
    }
    if let Some(dns) = spec.dns_policy.as_deref() {
        let ok = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
        if !ok.contains(&dns) {
            out.push(FieldError::not_supported(path::child(at, "dnsPolicy"), dns, &ok));
        }
    }
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        for m in names::is_dns1123_subdomain(sa) {
            out.push(FieldError::invalid(path::child(at, "serviceAccountName"), go::quote(sa), m));
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = value.as_deref().filter(|s| !s.is_empty()) {
            for m in names::is_dns1123_label(v) {
                out.push(FieldError::invalid(path::child(at, field), go::quote(v), m));
            }
        }
    }
}

/// Validates the volumes and returns every volume name a mount may use.
fn volumes(list: &[Volume], at: &str, claim_volumes: &[String], out: &mut Vec<FieldError>) -> BTreeSet<String> {
    let mut names_seen: BTreeSet<String> = claim_volumes.iter().cloned().collect();
    let mut declared = BTreeSet::new();
    for (i, v) in list.iter().enumerate() {
        if claim_volumes.contains(&v.name) {
            continue;
        }
        let p = path::index(at, i);
        if v.name.is_empty() {
            out.push(FieldError::required(path::child(&p, "name"), ""));
        } else {
            for m in names::is_dns1123_label(&v.name) {
                out.push(FieldError::invalid(path::child(&p, "name"), go::quote(&v.name), m));
            }
            if !declared.insert(v.name.clone()) {
                out.push(FieldError::duplicate(path::child(&p, "name"), go::quote(&v.name)));
            }
        }
        let sources = volume_source_count(v);
        if sources == 0 {
            out.push(FieldError::required(p.clone(), "must specify a volume type"));
        } else if sources > 1 {
            out.push(FieldError::forbidden(p.clone(), "may not specify more than 1 volume type"));
        }
        if let Some(pvc) = &v.persistent_volume_claim {
            if pvc.claim_name.is_empty() {
                out.push(FieldError::required(path::child(&path::child(&p, "persistentVolumeClaim"), "claimName"), ""));
            }
        }
        names_seen.insert(v.name.clone());
    }
    names_seen
}

fn container(
    c: &Container,
    at: &str,
    volumes: &BTreeSet<String>,
    container_names: &mut BTreeSet<String>,
    port_names: &mut BTreeSet<String>,
    out: &mut Vec<FieldError>,
) {
    let name_path = path::child(at, "name");
    if c.name.is_empty() {
        out.push(FieldError::required(&name_path, ""));
    } else {
        for m in names::is_dns1123_label(&c.name) {
            out.push(FieldError::invalid(&name_path, go::quote(&c.name), m));
        }
        if !container_names.insert(c.name.clone()) {
            out.push(FieldError::duplicate(&name_path, go::quote(&c.name)));
        }
    }
    if c.image.as_deref().unwrap_or("").trim().is_empty() {
        out.push(FieldError::required(path::child(at, "image"), ""));
    }
    for (field, probe) in [("livenessProbe", &c.liveness_probe), ("readinessProbe", &c.readiness_probe), ("startupProbe", &c.startup_probe)] {
        if let Some(pr) = probe {
            self::probe(pr, &path::child(at, field), field != "readinessProbe", out);
        }
    }
    for (i, port) in c.ports.iter().flatten().enumerate() {
        let p = path::index(&path::child(at, "ports"), i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            for m in names::is_valid_port_name(name) {
                out.push(FieldError::invalid(path::child(&p, "name"), go::quote(name), m));
            }
            if !port_names.insert(name.to_owned()) {
                out.push(FieldError::duplicate(path::child(&p, "name"), go::quote(name)));
            }
        }
        if port.container_port == 0 {
            out.push(FieldError::required(path::child(&p, "containerPort"), ""));
        } else {
            for m in names::is_valid_port_num(port.container_port.into()) {
                out.push(FieldError::invalid(path::child(&p, "containerPort"), port.container_port.to_string(), m));
            }
        }
        if let Some(hp) = port.host_port.filter(|&hp| hp != 0) {
            for m in names::is_valid_port_num(hp.into()) {
                out.push(FieldError::invalid(path::child(&p, "hostPort"), hp.to_string(), m));
            }
        }
        if let Some(proto) = port.protocol.as_deref() {
            if !["SCTP", "TCP", "UDP"].contains(&proto) {
                out.push(FieldError::not_supported(path::child(&p, "protocol"), proto, &["SCTP", "TCP", "UDP"]));
            }
        }
    }
    for (i, env) in c.env.iter().flatten().enumerate() {
        let p = path::index(&path::child(at, "env"), i);
        if env.name.is_empty() {
            out.push(FieldError::required(path::child(&p, "name"), ""));
        } else {
            for m in names::is_env_var_name(&env.name) {
                out.push(FieldError::invalid(path::child(&p, "name"), go::quote(&env.name), m));
            }
        }
        if env.value_from.is_some() && !env.value.as_deref().unwrap_or("").is_empty() {
            out.push(FieldError::invalid(
                path::child(&p, "valueFrom"),
                go::quote(""),
                "may not be specified when `value` is not empty",
            ));
        }
    }
    let mut mount_paths = BTreeSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let p = path::index(&path::child(at, "volumeMounts"), i);
        if m.name.is_empty() {
            out.push(FieldError::required(path::child(&p, "name"), ""));
        } else if !volumes.contains(&m.name) {
            out.push(FieldError::not_found(path::child(&p, "name"), go::quote(&m.name)));
        }
        if m.mount_path.is_empty() {
            out.push(FieldError::required(path::child(&p, "mountPath"), ""));
        } else if !mount_paths.insert(m.mount_path.clone()) {
            out.push(FieldError::invalid(path::child(&p, "mountPath"), go::quote(&m.mount_path), "must be unique"));
        }
    }
    if let Some(policy) = c.image_pull_policy.as_deref() {
        let ok = ["Always", "IfNotPresent", "Never"];
        if !ok.contains(&policy) {
            out.push(FieldError::not_supported(path::child(at, "imagePullPolicy"), policy, &ok));
        }
    }
    if let Some(res) = &c.resources {
        let rp = path::child(at, "resources");
        let empty = BTreeMap::new();
        let limits = res.limits.as_ref().unwrap_or(&empty);
        let requests = res.requests.as_ref().unwrap_or(&empty);
        for (kind, map) in [("limits", limits), ("requests", requests)] {
            for (res_name, q) in map {
                if let Some(v) = quantity::parse(&q.0) {
                    if v < 0.0 {
                        out.push(FieldError::invalid(
                            format!("{}[{res_name}]", path::child(&rp, kind)),
                            go::quote(&q.0),
                            "must be greater than or equal to 0",
                        ));
                    }
                }
            }
        }
        for (res_name, req) in requests {
            let (Some(limit_q), Some(rv)) = (limits.get(res_name), quantity::parse(&req.0)) else { continue };
            if let Some(lv) = quantity::parse(&limit_q.0) {
                if rv > lv {
                    out.push(FieldError::invalid(
                        format!("{}[{res_name}]", path::child(&rp, "requests")),
                        go::quote(&req.0),
                        format!("must be less than or equal to {res_name} limit of {}", limit_q.0),
                    ));
                }
            }
        }
    }
}

fn probe(p: &Probe, at: &str, success_must_be_one: bool, out: &mut Vec<FieldError>) {
    let handlers = [p.exec.is_some(), p.http_get.is_some(), p.tcp_socket.is_some(), p.grpc.is_some()]
        .into_iter()
        .filter(|h| *h)
        .count();
    if handlers == 0 {
        out.push(FieldError::required(at.to_owned(), "must specify a handler type"));
    } else if handlers > 1 {
        out.push(FieldError::forbidden(at.to_owned(), "may not specify more than 1 handler type"));
    }
    for (field, value) in [
        ("initialDelaySeconds", p.initial_delay_seconds),
        ("timeoutSeconds", p.timeout_seconds),
        ("periodSeconds", p.period_seconds),
        ("successThreshold", p.success_threshold),
        ("failureThreshold", p.failure_threshold),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            out.push(FieldError::invalid(path::child(at, field), v.to_string(), "must be greater than or equal to 0"));
        }
    }
    if success_must_be_one {
        if let Some(v) = p.success_threshold.filter(|v| *v != 1) {
            out.push(FieldError::invalid(path::child(at, "successThreshold"), v.to_string(), "must be 1"));
        }
    }
    let port = p.http_get.as_ref().map(|h| (&h.port, "httpGet")).or(p.tcp_socket.as_ref().map(|t| (&t.port, "tcpSocket")));
    if let Some((port, handler)) = port {
        let pp = path::child(&path::child(at, handler), "port");
        match port {
            IntOrString::Int(n) => {
                for m in names::is_valid_port_num((*n).into()) {
                    out.push(FieldError::invalid(&pp, n.to_string(), m));
                }
            }
            IntOrString::String(s) => {
                for m in names::is_valid_port_name(s) {
                    out.push(FieldError::invalid(&pp, go::quote(s), m));
                }
            }
        }
    }
}
