//! `ValidateService` and `ValidateServiceUpdate` (reference §2.3).

use super::meta::{self, NameRule};
use super::path;
use crate::apiserver::errors::{go, FieldError};
use crate::apiserver::names;
use super::super::kinds::{IntOrString, Service, ServiceSpec};
use std::collections::BTreeSet;

const TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

/// Whether `clusterIP: None`.
pub fn is_headless(spec: &ServiceSpec) -> bool {
    spec.cluster_ip.as_deref() == Some("None")
}

/// Validates a (defaulted) Service.
pub fn service(svc: &Service, out: &mut Vec<FieldError>) {
    meta::object_meta(&svc.metadata, NameRule::Dns1035Label, true, out);
    let empty = ServiceSpec::default();
    let spec = svc.spec.as_ref().unwrap_or(&empty);
    let type_ = spec.type_.as_deref().unwrap_or("");
    let ports = spec.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() && !is_headless(spec) && type_ != "ExternalName" {
        out.push(FieldError::required("spec.ports", ""));
    }
    let mut names_seen = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let at = path::index("spec.ports", i);
        let name = p.name.as_deref().unwrap_or("");
        if ports.len() > 1 && name.is_empty() {
            out.push(FieldError::required(path::child(&at, "name"), ""));
        } else if !name.is_empty() {
            for m in names::is_dns1123_label(name) {
                out.push(FieldError::invalid(path::child(&at, "name"), go::quote(name), m));
            }
            if !names_seen.insert(name.to_owned()) {
                out.push(FieldError::duplicate(path::child(&at, "name"), go::quote(name)));
            }
        }
        for m in names::is_valid_port_num(p.port.into()) {
            out.push(FieldError::invalid(path::child(&at, "port"), p.port.to_string(), m));
        }
        match p.protocol.as_deref().unwrap_or("") {
            "" => out.push(FieldError::required(path::child(&at, "protocol"), "")),
            "SCTP" | "TCP" | "UDP" => {}
            other => out.push(FieldError::not_supported(path::child(&at, "protocol"), other, &["SCTP", "TCP", "UDP"])),
        }
        match &p.target_port {
            Some(IntOrString::Int(n)) => {
                for m in names::is_valid_port_num((*n).into()) {
                    out.push(FieldError::invalid(path::child(&at, "targetPort"), n.to_string(), m));
                }
            }
            Some(IntOrString::String(s)) => {
                for m in names::is_valid_port_name(s) {
                    out.push(FieldError::invalid(path::child(&at, "targetPort"), go::quote(s), m));
                }
            }
            None => {}
        }
    }
    meta::labels(spec.selector.as_ref(), "spec.selector", out);
    match spec.session_affinity.as_deref().unwrap_or("") {
        "" => out.push(FieldError::required("spec.sessionAffinity", "")),
        "ClientIP" | "None" => {}
        other => out.push(FieldError::not_supported("spec.sessionAffinity", other, &["ClientIP", "None"])),
    }
    if let Some(ip) = spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty()) {
        if ip == "None" {
            if matches!(type_, "NodePort" | "LoadBalancer") {
                out.push(FieldError::invalid(
                    "spec.clusterIPs[0]",
                    go::quote(ip),
                    format!("may not be set to 'None' for {type_} services"),
                ));
            }
        } else if ip.parse::<std::net::Ipv4Addr>().is_err() && ip.parse::<std::net::Ipv6Addr>().is_err() {
            out.push(FieldError::invalid(
                "spec.clusterIPs[0]",
                go::quote(ip),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ));
        }
    }
    if type_.is_empty() {
        out.push(FieldError::required("spec.type", ""));
    } else if !TYPES.contains(&type_) {
        out.push(FieldError::not_supported("spec.type", type_, &TYPES));
    }
    let mut keys = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let protocol = p.protocol.clone().unwrap_or_default();
        if !keys.insert((p.port, protocol.clone())) {
            out.push(FieldError::duplicate(
                path::index("spec.ports", i),
                format!(
                    "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
                    go::quote(&protocol),
                    p.port
                ),
            ));
        }
    }
}

/// Validates an update: the new object as on create, and `clusterIP` may not change once set.
pub fn service_update(old: &Service, new: &Service, out: &mut Vec<FieldError>) {
    service(new, out);
    let old_ip = old.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()).unwrap_or("");
    let new_ip = new.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()).unwrap_or("");
    if !old_ip.is_empty() && !new_ip.is_empty() && old_ip != new_ip {
        out.push(FieldError::invalid("spec.clusterIP", go::quote(new_ip), "field is immutable"));
    }
}
