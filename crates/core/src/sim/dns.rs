//! Cluster DNS as a pure function of Services and EndpointSlices (reference §4.2–4.6, the
//! Kubernetes DNS specification and CoreDNS's `kubernetes` plugin): A records for ready
//! endpoints, per-pod names from `hostname`/`subdomain`, SRV for named ports, PTR.

use super::model::*;
use super::time::WallClock;
use std::net::Ipv4Addr;

/// The TTL CoreDNS's `kubernetes` plugin gives its answers.
pub const TTL_S: u32 = 5;
/// The cluster DNS Service's address.
pub const DNS_SERVER: &str = "10.96.0.10";

/// A record type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordType {
    /// An IPv4 address.
    A,
    /// A service location: `priority weight port target.`
    Srv,
    /// A reverse-lookup name.
    Ptr,
    /// An alias: an `ExternalName` Service's name points at another name.
    Cname,
}

impl RecordType {
    /// `A`, `SRV`, `PTR`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Srv => "SRV",
            RecordType::Ptr => "PTR",
            RecordType::Cname => "CNAME",
        }
    }

    /// Parses `A`, `SRV`, `PTR`, `CNAME` (any case).
    pub fn parse(s: &str) -> Option<RecordType> {
        match s.to_ascii_uppercase().as_str() {
            "A" => Some(RecordType::A),
            "SRV" => Some(RecordType::Srv),
            "PTR" => Some(RecordType::Ptr),
            "CNAME" => Some(RecordType::Cname),
            _ => None,
        }
    }
}

/// All records of one name and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsRecord {
    /// The fully qualified name, without the trailing dot.
    pub name: String,
    /// The type.
    pub type_: RecordType,
    /// The values: IPs for A, `0 33 80 web-0.nginx.default.svc.cluster.local.` for SRV,
    /// a name with a trailing dot for PTR and CNAME.
    pub values: Vec<String>,
}

fn dashed(ip: Ipv4Addr) -> String {
    ip.to_string().replace('.', "-")
}

/// Every A and SRV record the cluster DNS serves, sorted by name then type.
pub fn records(state: &ClusterState, domain: &str) -> Vec<DnsRecord> {
    let mut out: Vec<DnsRecord> = Vec::new();
    for (key, svc) in &state.services {
        let base = format!("{}.{}.svc.{domain}", key.name, key.namespace);
        let named_ports: Vec<(&str, i32, String)> = svc
            .spec
            .ports
            .iter()
            .flatten()
            .filter(|p| p.name.as_deref().is_some_and(|n| !n.is_empty()))
            .map(|p| (p.name.as_deref().unwrap_or(""), p.port, p.protocol.clone().unwrap_or_else(|| "TCP".to_owned()).to_lowercase()))
            .collect();
        if svc.spec.type_.as_deref() == Some("ExternalName") {
            // CoreDNS answers every query for the Service's name with this alias
            if let Some(target) = svc.spec.external_name.as_deref().filter(|t| !t.is_empty()) {
                out.push(DnsRecord { name: base, type_: RecordType::Cname, values: vec![format!("{}.", target.trim_end_matches('.'))] });
            }
            continue;
        }
        if !svc.headless() {
            let Some(ip) = svc.spec.cluster_ip.clone().filter(|ip| !ip.is_empty()) else { continue };
            out.push(DnsRecord { name: base.clone(), type_: RecordType::A, values: vec![ip] });
            for (name, port, proto) in &named_ports {
                out.push(DnsRecord { name: format!("_{name}._{proto}.{base}"), type_: RecordType::Srv, values: vec![format!("0 100 {port} {base}.")] });
            }
            continue;
        }
        let ready: Vec<&Endpoint> = state.endpoint_slices.get(key).into_iter().flatten().flat_map(|s| &s.endpoints).filter(|e| e.ready).collect();
        if ready.is_empty() {
            continue;
        }
        let mut ips: Vec<String> = Vec::new();
        for e in &ready {
            let ip = e.address.to_string();
            if !ips.contains(&ip) {
                ips.push(ip);
            }
        }
        out.push(DnsRecord { name: base.clone(), type_: RecordType::A, values: ips });
        let mut targets = Vec::new();
        for e in &ready {
            let label = e.hostname.clone().unwrap_or_else(|| dashed(e.address));
            let name = format!("{label}.{base}");
            match out.iter_mut().find(|r| r.name == name && r.type_ == RecordType::A) {
                Some(r) => r.values.push(e.address.to_string()),
                None => out.push(DnsRecord { name: name.clone(), type_: RecordType::A, values: vec![e.address.to_string()] }),
            }
            targets.push(name);
        }
        let slice_ports: Vec<EndpointPort> = state.endpoint_slices.get(key).and_then(|s| s.first()).map(|s| s.ports.clone()).unwrap_or_default();
        let weight = 100 / targets.len().max(1);
        for (name, _, proto) in &named_ports {
            let Some(port) = slice_ports.iter().find(|p| p.name == *name).map(|p| p.port) else { continue };
            let values = targets.iter().map(|t| format!("0 {weight} {port} {t}.")).collect();
            out.push(DnsRecord { name: format!("_{name}._{proto}.{base}"), type_: RecordType::Srv, values });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.type_.cmp(&b.type_)));
    out
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Records of the asked type.
    Records(Vec<String>),
    /// The name exists, but has no record of that type.
    NoData,
    /// No such name.
    NxDomain,
    /// The name is an alias (CNAME) of this name (with a trailing dot), whatever was asked.
    Alias(String),
}

/// Answers one query for a fully qualified name (no trailing dot needed).
pub fn resolve(state: &ClusterState, domain: &str, name: &str, type_: RecordType) -> Answer {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if type_ == RecordType::Ptr || name.ends_with(".in-addr.arpa") {
        return match reverse(state, domain, &name) {
            Some(target) => Answer::Records(vec![target]),
            None => Answer::NxDomain,
        };
    }
    let all = records(state, domain);
    let mut exists = false;
    for r in &all {
        if r.name == name {
            exists = true;
            if r.type_ == type_ {
                return Answer::Records(r.values.clone());
            }
            if r.type_ == RecordType::Cname {
                return Answer::Alias(r.values[0].clone());
            }
        }
    }
    if exists {
        Answer::NoData
    } else {
        Answer::NxDomain
    }
}

/// The PTR target of an `a.b.c.d.in-addr.arpa` name.
fn reverse(state: &ClusterState, domain: &str, name: &str) -> Option<String> {
    let octets: Vec<&str> = name.trim_end_matches(".in-addr.arpa").split('.').collect();
    if octets.len() != 4 {
        return None;
    }
    let ip: Ipv4Addr = format!("{}.{}.{}.{}", octets[3], octets[2], octets[1], octets[0]).parse().ok()?;
    for (key, slices) in &state.endpoint_slices {
        if !state.services.get(key).is_some_and(Service::headless) {
            continue;
        }
        for e in slices.iter().flat_map(|s| &s.endpoints) {
            if e.ready && e.address == ip {
                let label = e.hostname.clone().unwrap_or_else(|| dashed(ip));
                return Some(format!("{label}.{}.{}.svc.{domain}.", key.name, key.namespace));
            }
        }
    }
    for (key, svc) in &state.services {
        if svc.spec.cluster_ip.as_deref() == Some(&ip.to_string()) {
            return Some(format!("{}.{}.svc.{domain}.", key.name, key.namespace));
        }
    }
    None
}

/// The names a pod in `namespace` tries for `query` (`ndots:5` and the search path).
pub fn candidates(query: &str, namespace: &str, domain: &str) -> Vec<String> {
    let q = query.trim();
    if q.ends_with('.') {
        return vec![q.trim_end_matches('.').to_owned()];
    }
    let mut out: Vec<String> = [format!("{namespace}.svc.{domain}"), format!("svc.{domain}"), domain.to_owned()]
        .iter()
        .map(|suffix| format!("{q}.{suffix}"))
        .collect();
    if q.matches('.').count() >= 5 {
        out.insert(0, q.to_owned());
    } else {
        out.push(q.to_owned());
    }
    out
}

fn reverse_name(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
}

/// `nslookup NAME` as busybox prints it from a pod in `namespace`.
pub fn nslookup(state: &ClusterState, domain: &str, query: &str, namespace: &str) -> String {
    let mut out = format!("Server:\t\t{DNS_SERVER}\nAddress:\t{DNS_SERVER}:53\n\n");
    if let Ok(ip) = query.parse::<Ipv4Addr>() {
        let rname = reverse_name(ip);
        match resolve(state, domain, &rname, RecordType::Ptr) {
            Answer::Records(v) => out.push_str(&format!("{rname}\tname = {}\n\n", v[0].trim_end_matches('.'))),
            _ => out.push_str(&format!("** server can't find {rname}: NXDOMAIN\n\n")),
        }
        return out;
    }
    for name in candidates(query, namespace, domain) {
        match resolve(state, domain, &name, RecordType::A) {
            Answer::Records(values) => {
                for v in values {
                    out.push_str(&format!("Name:\t{name}\nAddress: {v}\n"));
                }
                out.push('\n');
                return out;
            }
            Answer::Alias(target) => {
                // the simulated cluster has no outside world to resolve the target in
                out.push_str(&format!("{name}\tcanonical name = {}\n\n", target.trim_end_matches('.')));
                return out;
            }
            Answer::NoData | Answer::NxDomain => {}
        }
    }
    let shown = if query.ends_with('.') { query.trim_end_matches('.').to_owned() } else { query.to_owned() };
    out.push_str(&format!("** server can't find {shown}: NXDOMAIN\n\n"));
    out
}

/// `dig [TYPE] NAME` (or `+short`) as dig 9.18 prints it. Names are not searched, as dig does
/// not use the search path by default.
pub fn dig(state: &ClusterState, domain: &str, clock: &WallClock, now: super::time::SimTime, name: &str, type_: RecordType, short: bool) -> String {
    let fqdn = name.trim_end_matches('.').to_ascii_lowercase();
    let answer = resolve(state, domain, &fqdn, type_);
    // (type, value) of each answer line
    let lines: Vec<(RecordType, String)> = match &answer {
        Answer::Records(v) => v.iter().map(|v| (type_, v.clone())).collect(),
        Answer::Alias(target) => vec![(RecordType::Cname, target.clone())],
        Answer::NoData | Answer::NxDomain => Vec::new(),
    };
    let values: Vec<String> = lines.iter().map(|(_, v)| v.clone()).collect();
    if short {
        return values.iter().map(|v| format!("{v}\n")).collect();
    }
    let status = if answer == Answer::NxDomain { "NXDOMAIN" } else { "NOERROR" };
    let mut additional = Vec::new();
    if type_ == RecordType::Srv {
        for v in &values {
            let target = v.rsplit(' ').next().unwrap_or("").trim_end_matches('.');
            if let Answer::Records(ips) = resolve(state, domain, target, RecordType::A) {
                for ip in ips {
                    additional.push(format!("{target}.\t{TTL_S}\tIN\tA\t{ip}"));
                }
            }
        }
    }
    let id = super::json::fnv32(format!("{fqdn}{}", now.0).as_bytes()) % 65536;
    let authority = usize::from(values.is_empty());
    let mut out = String::new();
    let asked = if type_ == RecordType::A { fqdn.clone() } else { format!("{} {fqdn}", type_.as_str()) };
    out.push_str(&format!("; <<>> DiG 9.18.33 <<>> {asked}\n"));
    out.push_str(";; global options: +cmd\n;; Got answer:\n");
    out.push_str(&format!(";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n"));
    out.push_str(&format!(
        ";; flags: qr aa rd; QUERY: 1, ANSWER: {}, AUTHORITY: {authority}, ADDITIONAL: {}\n",
        values.len(),
        additional.len() + 1
    ));
    out.push_str(";; WARNING: recursion requested but not available\n\n");
    out.push_str(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n");
    out.push_str(&format!(";; QUESTION SECTION:\n;{fqdn}.\t\t\tIN\t{}\n\n", type_.as_str()));
    if !values.is_empty() {
        out.push_str(";; ANSWER SECTION:\n");
        for (t, v) in &lines {
            out.push_str(&format!("{fqdn}.\t{TTL_S}\tIN\t{}\t{v}\n", t.as_str()));
        }
        out.push('\n');
    } else {
        out.push_str(&format!(
            ";; AUTHORITY SECTION:\n{domain}.\t\t{TTL_S}\tIN\tSOA\tns.dns.{domain}. hostmaster.{domain}. {} 7200 1800 86400 {TTL_S}\n\n",
            clock.epoch_unix_s
        ));
    }
    if !additional.is_empty() {
        out.push_str(";; ADDITIONAL SECTION:\n");
        for a in &additional {
            out.push_str(a);
            out.push('\n');
        }
        out.push('\n');
    }
    let size = 12 + fqdn.len() + 6 + values.iter().map(|v| fqdn.len() + 12 + v.len()).sum::<usize>() + additional.len() * 40 + 11;
    out.push_str(&format!(";; Query time: 0 msec\n;; SERVER: {DNS_SERVER}#53({DNS_SERVER}) (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {size}\n", when(clock, now)));
    out
}

fn when(clock: &WallClock, now: super::time::SimTime) -> String {
    let rfc = clock.rfc1123z(now);
    let parts: Vec<&str> = rfc.split(' ').collect();
    if parts.len() < 5 {
        return rfc;
    }
    format!("{} {} {} {} UTC {}", parts[0].trim_end_matches(','), parts[2], parts[1], parts[4], parts[3])
}
