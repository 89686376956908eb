//! Every scenario of `shared/reference/scenarios.md` as a script fixture in `tests/scenarios`,
//! run through the same code path as `ordinal simulate --kubelet manual --format json`
//! (`sim::script::Runner`), with the scenario's expectations written next to each command as
//! `#=` lines, the invariant checkers after every step, and the whole JSON result compared to
//! `Sxx-*.json` (regenerate with `UPDATE_EXPECT=1`).
//!
//! Expectation lines (`#= KEY: VALUE`), checked after the command above them settled:
//! - `actions: a, b` (or `-`): the controllers' writes, revision names written `web-r1`…
//! - `error: TEXT`, `error contains: TEXT`, `output contains: TEXT`, `no output contains: TEXT`,
//!   `stderr contains: TEXT`, `output:` + `#|` lines
//! - `rows data-db-0: 80` (`-` for none, `>N` / `<N` for more / fewer than N), `restarts db-0: 1`
//! - `pods: web-0 Running ready r1, web-1 Pending` (the exact set; `-` for none)
//! - `pvcs: www-web-0 Bound, www-web-1 terminating`
//! - `sts web: replicas=3 ready=3 available=3 current=r1 update=r1 currentReplicas=3 updatedReplicas=3`
//! - `dns A web-0.nginx: ip(web-0)`, `dns SRV _web._tcp.nginx: web-0.nginx:80`, `nx: NAME`
//! - `new-ip: web-0`, `events contain: REASON MESSAGE` (`pv(CLAIM)` stands for the claim's PV),
//!   `no events: REASON`
//! - `pdb NS/NAME: expected=3 desired=2 healthy=3 allowed=1`, `node NODE: cordoned|schedulable`,
//!   `on NODE: pod, pod` (the pods bound there), `attached CLAIM: node` (its PV's attachments),
//!   `condition: NS/POD DisruptionTarget REASON`
//! - `drain output contains|no output contains|stderr contains|error|running: …`,
//!   `drain output count|stderr count: N TEXT`: the last `kubectl drain` started
//! - `pod web-0: label k=v, hostname=…, subdomain=…, volume www=www-web-0, owner=StatefulSet/web`
//! - `claim www-web-0: label k=v, owners=Pod/web-2` (`owners=-` for none)
//! - `endpoint nginx web-0: ready=true serving=false terminating=false hostname=web-0`
//! - `stored sts web: /spec/replicas = 1` (a JSON pointer into the stored object)
//! - `revisions web: r1=1 r2=3` (revision numbers), `no sts: web`, `svc: nginx`, `no svc: nginx`
//!
//! Header lines `#! version: 1.33`, `#! gates: MaxUnavailableStatefulSet`, `#! seed: N`,
//! `#! start-time: 2026-01-01T01:55:00Z` (the CLI's `--start-time`)
//! configure the run.

use ordinal_core::apiserver::ServerVersion;
use ordinal_core::sim::model::ObjectKey;
use ordinal_core::sim::script::{self, Command, Runner, Step, Summary};
use ordinal_core::sim::views::objects;
use ordinal_core::sim::{SimConfig, Simulation};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// Per-command expectations and the run's configuration, read from the script's comments.
struct Fixture {
    config: SimConfig,
    seed: u64,
    commands: Vec<Command>,
    expectations: BTreeMap<usize, Vec<(usize, String)>>,
}

fn load_fixture(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).unwrap();
    let commands = script::parse(&text).unwrap_or_else(|e| panic!("{}: {}", path.display(), e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")));
    let mut config = SimConfig::manual();
    let mut seed = 1;
    let mut expectations: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
    let mut current = 0;
    let command_lines: Vec<usize> = commands.iter().map(|c| c.line).collect();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if command_lines.contains(&n) {
            current = n;
        }
        let t = line.trim();
        if let Some(h) = t.strip_prefix("#! ") {
            let (k, v) = h.split_once(": ").unwrap_or_else(|| panic!("{}:{n}: bad header", path.display()));
            match k {
                "version" => config.api.version = ServerVersion::parse(v).expect("version"),
                "gates" => config.api.max_unavailable_gate = v.contains("MaxUnavailableStatefulSet"),
                "seed" => seed = v.parse().expect("seed"),
                "start-time" => config.set_start_time(v).expect("start-time"),
                "kubelet" => {
                    let (api, epoch) = (config.api.clone(), config.epoch_unix_s);
                    config = if v == "auto" { SimConfig::auto() } else { SimConfig::manual() };
                    config.api = api;
                    config.epoch_unix_s = epoch;
                }
                other => panic!("{}:{n}: unknown header {other}", path.display()),
            }
        } else if let Some(e) = t.strip_prefix("#= ") {
            assert!(current > 0, "{}:{n}: expectation before any command", path.display());
            expectations.entry(current).or_default().push((n, e.to_owned()));
        } else if let Some(e) = t.strip_prefix("#|") {
            let list = expectations.get_mut(&current).unwrap_or_else(|| panic!("{}:{n}: `#|` without `#= output:`", path.display()));
            let last = list.last_mut().unwrap();
            last.1.push('\n');
            last.1.push_str(e.strip_prefix(' ').unwrap_or(e));
        }
    }
    Fixture { config, seed, commands, expectations }
}

/// Names revisions `<set>-r1`, `<set>-r2` … in the order they were created.
#[derive(Default)]
struct Revisions(Vec<(String, String)>);

impl Revisions {
    fn learn(&mut self, actions: &[String]) {
        for a in actions {
            if let Some(name) = a.strip_prefix("create controllerrevision ") {
                if !self.0.iter().any(|(real, _)| real == name) {
                    let set = name.rsplit_once('-').map(|(s, _)| s).unwrap_or(name);
                    let n = self.0.iter().filter(|(_, alias)| alias.starts_with(&format!("{set}-r"))).count() + 1;
                    self.0.push((name.to_owned(), format!("{set}-r{n}")));
                }
            }
        }
    }

    fn alias(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (real, alias) in &self.0 {
            out = out.replace(real.as_str(), alias);
        }
        out
    }
}

fn fqdn(name: &str) -> String {
    if name.ends_with(".cluster.local") {
        name.to_owned()
    } else {
        format!("{name}.default.svc.cluster.local")
    }
}

struct Ctx<'a> {
    sim: &'a Simulation,
    step: &'a Step,
    revs: &'a Revisions,
    ips_before: &'a BTreeMap<String, Vec<String>>,
    at: String,
}

impl Ctx<'_> {
    fn fail(&self, msg: String) -> ! {
        panic!("{}\n  step: {}\n  actions: {:?}\n  error: {:?}\n  output:\n{}", msg, self.step.command, self.step.actions.iter().map(|a| self.revs.alias(a)).collect::<Vec<_>>(), self.step.error, self.step.output.clone().unwrap_or_default())
    }

    fn pod_ip(&self, pod: &str) -> String {
        self.sim.snapshot().pods.get(&ObjectKey::new("default", pod)).and_then(|p| p.status.ip).map(|ip| ip.to_string()).unwrap_or_else(|| self.fail(format!("{}: pod {pod} has no IP", self.at)))
    }
}

fn check(ctx: &Ctx, expectation: &str) {
    let (key, value) = expectation.split_once(':').unwrap_or((expectation, ""));
    let value = value.trim();
    let state = ctx.sim.snapshot();
    let summary = Summary::of(ctx.sim);
    let at = &ctx.at;
    let list = |v: &str| -> Vec<String> {
        if v == "-" {
            Vec::new()
        } else {
            v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
        }
    };
    match key.trim() {
        "actions" => {
            let got: Vec<String> = ctx.step.actions.iter().map(|a| ctx.revs.alias(a)).collect();
            if got != list(value) {
                ctx.fail(format!("{at}: actions\n  expected {:?}\n  got      {got:?}", list(value)));
            }
        }
        "error" => {
            if ctx.step.error.as_deref().map(|e| ctx.revs.alias(e)).as_deref() != Some(value) {
                ctx.fail(format!("{at}: error\n  expected {value}\n  got      {:?}", ctx.step.error));
            }
        }
        "error contains" => {
            if !ctx.step.error.as_deref().is_some_and(|e| e.contains(value)) {
                ctx.fail(format!("{at}: error should contain {value:?}"));
            }
        }
        "output contains" => {
            if !ctx.step.output.as_deref().is_some_and(|o| o.contains(value)) {
                ctx.fail(format!("{at}: output should contain {value:?}"));
            }
        }
        "stderr contains" => {
            if !ctx.step.stderr.iter().any(|l| l.contains(value)) {
                ctx.fail(format!("{at}: stderr should contain {value:?}, got {:?}", ctx.step.stderr));
            }
        }
        "remark contains" => {
            if !ctx.step.remarks.iter().any(|r| r.contains(value)) {
                ctx.fail(format!("{at}: no remark contains {value:?}: {:?}", ctx.step.remarks));
            }
        }
        "no remarks" => {
            if !ctx.step.remarks.is_empty() {
                ctx.fail(format!("{at}: unexpected remarks {:?}", ctx.step.remarks));
            }
        }
        "no output contains" => {
            if ctx.step.output.as_deref().is_some_and(|o| o.contains(value)) {
                ctx.fail(format!("{at}: output should not contain {value:?}"));
            }
        }
        k if k.starts_with("rows ") => {
            let claim = k["rows ".len()..].trim();
            let got = summary.pvcs.iter().find(|c| c.name == claim).unwrap_or_else(|| panic!("{at}: no claim {claim}")).rows;
            let ok = match value {
                "-" => got.is_none(),
                v if v.starts_with('>') => got.is_some_and(|r| r > v[1..].trim().parse::<u64>().unwrap()),
                v if v.starts_with('<') => got.is_some_and(|r| r < v[1..].trim().parse::<u64>().unwrap()),
                v => got == Some(v.parse().unwrap()),
            };
            if !ok {
                ctx.fail(format!("{at}: rows {claim}: expected {value}, got {got:?}"));
            }
        }
        k if k.starts_with("restarts ") => {
            let pod = k["restarts ".len()..].trim();
            let got = summary.pods.iter().find(|p| p.name == pod).unwrap_or_else(|| panic!("{at}: no pod {pod}")).restarts;
            if got.to_string() != value {
                ctx.fail(format!("{at}: restarts {pod}: expected {value}, got {got}"));
            }
        }
        "output" => {
            let expected = value.trim_start_matches('\n');
            let got = ctx.revs.alias(ctx.step.output.as_deref().unwrap_or(""));
            if got.trim_end() != expected.trim_end() {
                ctx.fail(format!("{at}: output\n--- expected\n{expected}\n--- got\n{got}"));
            }
        }
        "pods" => {
            let expected = list(value);
            let names: Vec<String> = expected.iter().map(|e| e.split_whitespace().next().unwrap().to_owned()).collect();
            let got: Vec<String> = summary.pods.iter().map(|p| p.name.clone()).collect();
            if names != got {
                ctx.fail(format!("{at}: pods\n  expected {names:?}\n  got      {got:?}"));
            }
            for e in expected {
                let mut words = e.split_whitespace();
                let name = words.next().unwrap();
                let p = summary.pods.iter().find(|p| p.name == name).unwrap();
                for w in words {
                    let ok = match w {
                        "Pending" | "Running" | "Succeeded" | "Failed" => p.phase == w,
                        "ready" => p.ready,
                        "unready" => !p.ready,
                        "terminating" => p.terminating,
                        r if r.starts_with('r') => p.revision.as_deref().map(|x| ctx.revs.alias(x)).is_some_and(|x| x.ends_with(&format!("-{r}"))),
                        other => ctx.fail(format!("{at}: unknown pod attribute {other}")),
                    };
                    if !ok {
                        ctx.fail(format!("{at}: pod {name} is not {w}: {p:?}"));
                    }
                }
                if !e.contains("terminating") && p.terminating {
                    ctx.fail(format!("{at}: pod {name} is terminating"));
                }
            }
        }
        "pvcs" => {
            let expected = list(value);
            let names: Vec<String> = expected.iter().map(|e| e.split_whitespace().next().unwrap().to_owned()).collect();
            let mut got: Vec<String> = summary.pvcs.iter().map(|p| p.name.clone()).collect();
            let mut sorted = names.clone();
            sorted.sort();
            got.sort();
            if sorted != got {
                ctx.fail(format!("{at}: pvcs\n  expected {sorted:?}\n  got      {got:?}"));
            }
            for e in expected {
                let mut words = e.split_whitespace();
                let name = words.next().unwrap();
                let c = summary.pvcs.iter().find(|c| c.name == name).unwrap();
                for w in words {
                    let ok = if w == "terminating" { c.terminating } else { c.phase == w };
                    if !ok {
                        ctx.fail(format!("{at}: pvc {name} is not {w}: {c:?}"));
                    }
                }
            }
        }
        k if k.starts_with("sts ") => {
            let name = &k[4..];
            let set = state.statefulsets.get(&ObjectKey::new("default", name)).unwrap_or_else(|| ctx.fail(format!("{at}: no statefulset {name}")));
            for pair in value.split_whitespace() {
                let (f, v) = pair.split_once('=').unwrap();
                let got = match f {
                    "replicas" => set.spec.replicas.unwrap_or(1).to_string(),
                    "statusReplicas" => set.status.replicas.to_string(),
                    "ready" => set.status.ready_replicas.to_string(),
                    "available" => set.status.available_replicas.to_string(),
                    "currentReplicas" => set.status.current_replicas.to_string(),
                    "updatedReplicas" => set.status.updated_replicas.to_string(),
                    "current" => ctx.revs.alias(&set.status.current_revision).trim_start_matches(&format!("{name}-")).to_owned(),
                    "update" => ctx.revs.alias(&set.status.update_revision).trim_start_matches(&format!("{name}-")).to_owned(),
                    other => ctx.fail(format!("{at}: unknown sts field {other}")),
                };
                if got != v {
                    ctx.fail(format!("{at}: sts {name} {f}: expected {v}, got {got}"));
                }
            }
        }
        k if k.starts_with("dns ") => {
            let mut parts = k[4..].split_whitespace();
            let type_ = parts.next().unwrap();
            let name = fqdn(parts.next().unwrap());
            let record = summary.dns.iter().find(|r| r.name == name && r.type_.as_str() == type_);
            let Some(record) = record else { ctx.fail(format!("{at}: no {type_} record for {name}")) };
            let mut expected: Vec<String> = value
                .split_whitespace()
                .map(|v| {
                    if let Some(pod) = v.strip_prefix("ip(").and_then(|v| v.strip_suffix(')')) {
                        ctx.pod_ip(pod)
                    } else if let Some((target, port)) = v.rsplit_once(':') {
                        format!("{port} {}.", fqdn(target))
                    } else {
                        v.to_owned()
                    }
                })
                .collect();
            let mut got: Vec<String> = if type_ == "SRV" {
                record.values.iter().map(|v| v.splitn(3, ' ').nth(2).unwrap_or("").to_owned()).collect()
            } else {
                record.values.clone()
            };
            expected.sort();
            got.sort();
            if expected != got {
                ctx.fail(format!("{at}: {type_} {name}\n  expected {expected:?}\n  got      {got:?}"));
            }
        }
        "nx" => {
            let name = fqdn(value);
            if let Some(r) = summary.dns.iter().find(|r| r.name == name) {
                ctx.fail(format!("{at}: {name} should not resolve, has {r:?}"));
            }
        }
        "new-ip" => {
            let ip = ctx.pod_ip(value);
            if ctx.ips_before.get(value).is_some_and(|old| old.contains(&ip)) {
                ctx.fail(format!("{at}: {value} reuses an earlier IP {ip}"));
            }
        }
        "events contain" => {
            // `REASON MESSAGE` (the whole message), or `REASON` alone
            let (reason, message) = value.split_once(' ').unwrap_or((value, ""));
            // `pv(CLAIM)`: the name of the claim's PersistentVolume
            let mut message = message.to_owned();
            while let Some(start) = message.find("pv(") {
                let end = start + message[start..].find(')').unwrap();
                let claim = &message[start + 3..end];
                let pv = state.claims.values().find(|c| c.meta.name == claim).and_then(|c| c.volume.clone()).unwrap_or_else(|| ctx.fail(format!("{at}: claim {claim} has no volume")));
                message.replace_range(start..=end, &pv);
            }
            let message = message.as_str();
            if !state.events.iter().any(|e| e.reason == reason && (value == reason || ctx.revs.alias(&e.message) == message)) {
                ctx.fail(format!("{at}: no event {reason} {message:?}; events: {:#?}", state.events.iter().map(|e| format!("{} {}", e.reason, e.message)).collect::<Vec<_>>()));
            }
        }
        "no events" => {
            if let Some(e) = state.events.iter().find(|e| e.reason == value) {
                ctx.fail(format!("{at}: unexpected event {} {}", e.reason, e.message));
            }
        }
        k if k.starts_with("pod ") => {
            let name = &k[4..];
            let pod = state.pods.get(&ObjectKey::new("default", name)).unwrap_or_else(|| ctx.fail(format!("{at}: no pod {name}")));
            for item in list(value) {
                let ok = if let Some(l) = item.strip_prefix("label ") {
                    let (lk, lv) = l.split_once('=').unwrap();
                    pod.meta.labels.get(lk).map(|v| ctx.revs.alias(v)).is_some_and(|v| v == lv || v.ends_with(&format!("-{lv}")))
                } else if let Some(h) = item.strip_prefix("hostname=") {
                    pod.spec.hostname.as_deref() == Some(h)
                } else if let Some(s) = item.strip_prefix("subdomain=") {
                    pod.spec.subdomain.as_deref() == Some(s)
                } else if let Some(v) = item.strip_prefix("volume ") {
                    let (vn, claim) = v.split_once('=').unwrap();
                    pod.spec.volumes.iter().flatten().any(|vol| vol.name == vn && vol.persistent_volume_claim.as_ref().is_some_and(|p| p.claim_name == claim))
                } else if let Some(o) = item.strip_prefix("owner=") {
                    pod.meta.owners.iter().any(|r| format!("{}/{}", r.kind, r.name) == o && r.controller && r.block_owner_deletion)
                } else if let Some(img) = item.strip_prefix("image=") {
                    pod.spec.containers[0].image.as_deref() == Some(img)
                } else if item == "bound" {
                    pod.status.node.is_some()
                } else if item == "unbound" {
                    pod.status.node.is_none()
                } else {
                    ctx.fail(format!("{at}: unknown pod check {item}"))
                };
                if !ok {
                    ctx.fail(format!("{at}: pod {name}: {item} does not hold: labels {:?} spec {:?}", pod.meta.labels, pod.spec.volumes));
                }
            }
        }
        k if k.starts_with("claim ") => {
            let name = &k[6..];
            let claim = state.claims.get(&ObjectKey::new("default", name)).unwrap_or_else(|| ctx.fail(format!("{at}: no pvc {name}")));
            for item in list(value) {
                let ok = if let Some(l) = item.strip_prefix("label ") {
                    let (lk, lv) = l.split_once('=').unwrap();
                    claim.meta.labels.get(lk).map(String::as_str) == Some(lv)
                } else if let Some(o) = item.strip_prefix("owners=") {
                    let got: Vec<String> = claim.meta.owners.iter().map(|r| format!("{}/{}", r.kind, r.name)).collect();
                    let expected: Vec<String> = if o == "-" { Vec::new() } else { o.split('+').map(str::to_owned).collect() };
                    got == expected && claim.meta.owners.iter().all(|r| r.controller)
                } else {
                    ctx.fail(format!("{at}: unknown claim check {item}"))
                };
                if !ok {
                    ctx.fail(format!("{at}: pvc {name}: {item} does not hold: {:?} {:?}", claim.meta.labels, claim.meta.owners));
                }
            }
        }
        k if k.starts_with("endpoint ") => {
            let mut parts = k[9..].split_whitespace();
            let (svc, pod) = (parts.next().unwrap(), parts.next().unwrap());
            let e = state
                .endpoint_slices
                .get(&ObjectKey::new("default", svc))
                .into_iter()
                .flatten()
                .flat_map(|s| &s.endpoints)
                .find(|e| e.pod == pod)
                .unwrap_or_else(|| ctx.fail(format!("{at}: no endpoint for {pod} in {svc}")));
            for pair in value.split_whitespace() {
                let (f, v) = pair.split_once('=').unwrap();
                let got = match f {
                    "ready" => e.ready.to_string(),
                    "serving" => e.serving.to_string(),
                    "terminating" => e.terminating.to_string(),
                    "hostname" => e.hostname.clone().unwrap_or_else(|| "-".to_owned()),
                    other => ctx.fail(format!("{at}: unknown endpoint field {other}")),
                };
                if got != v {
                    ctx.fail(format!("{at}: endpoint {pod} {f}: expected {v}, got {got}"));
                }
            }
        }
        k if k.starts_with("stored ") => {
            let mut parts = k[7..].split_whitespace();
            let (kind, name) = (parts.next().unwrap(), parts.next().unwrap());
            let key = ObjectKey::new("default", name);
            let clock = ctx.sim.clock();
            let object = match kind {
                "sts" => serde_json::to_value(objects::statefulset(&state.statefulsets[&key], &clock)).unwrap(),
                "svc" => serde_json::to_value(objects::service(&state.services[&key], &clock)).unwrap(),
                "pod" => serde_json::to_value(objects::pod(&state.pods[&key], &clock)).unwrap(),
                other => ctx.fail(format!("{at}: unknown kind {other}")),
            };
            let (pointer, expected) = value.split_once(" = ").unwrap();
            let expected: serde_json::Value = serde_json::from_str(expected).unwrap_or(serde_json::Value::String(expected.to_owned()));
            let got = object.pointer(pointer).cloned().unwrap_or(serde_json::Value::Null);
            if got != expected {
                ctx.fail(format!("{at}: {kind} {name} {pointer}: expected {expected}, got {got}"));
            }
        }
        k if k.starts_with("revisions ") => {
            let set = &k[10..];
            for pair in value.split_whitespace() {
                let (alias, n) = pair.split_once('=').unwrap();
                let full = format!("{set}-{alias}");
                let real = ctx.revs.0.iter().find(|(_, a)| *a == full).map(|(r, _)| r.clone()).unwrap_or_else(|| ctx.fail(format!("{at}: unknown revision {full}")));
                let rev = state.revisions.get(&ObjectKey::new("default", &real));
                let got = rev.map(|r| r.revision.to_string()).unwrap_or_else(|| "gone".to_owned());
                if got != n {
                    ctx.fail(format!("{at}: revision {full}: expected {n}, got {got}"));
                }
            }
        }
        "no sts" => {
            if state.statefulsets.contains_key(&ObjectKey::new("default", value)) {
                ctx.fail(format!("{at}: statefulset {value} should not exist"));
            }
        }
        "no svc" => {
            if !state.services.contains_key(&ObjectKey::new("default", value)) {
                return;
            }
            ctx.fail(format!("{at}: service {value} should not exist"));
        }
        "svc" => {
            if !state.services.contains_key(&ObjectKey::new("default", value)) {
                ctx.fail(format!("{at}: service {value} should exist"));
            }
        }
        k if k.starts_with("pdb ") => {
            let (ns, name) = k[4..].split_once('/').unwrap_or(("default", &k[4..]));
            let p = summary.pdbs.iter().find(|p| p.namespace == ns && p.name == name).unwrap_or_else(|| ctx.fail(format!("{at}: no pdb {ns}/{name}")));
            for pair in value.split_whitespace() {
                let (f, v) = pair.split_once('=').unwrap();
                let got = match f {
                    "expected" => p.expected_pods,
                    "desired" => p.desired_healthy,
                    "healthy" => p.current_healthy,
                    "allowed" => p.disruptions_allowed,
                    other => ctx.fail(format!("{at}: unknown pdb field {other}")),
                };
                if got.to_string() != v {
                    ctx.fail(format!("{at}: pdb {name} {f}: expected {v}, got {got} ({p:?})"));
                }
            }
        }
        k if k.starts_with("node ") => {
            // `node NAME: cordoned|schedulable|missing|Ready=True|Ready=Unknown|taint KEY|no taint KEY`
            let name = &k[5..];
            let found = state.nodes.iter().find(|n| n.name == name);
            if value == "missing" {
                if found.is_some() {
                    ctx.fail(format!("{at}: node {name} should not exist"));
                }
                return;
            }
            let node = found.unwrap_or_else(|| ctx.fail(format!("{at}: no node {name}")));
            let has_taint = |key: &str| node.taints.iter().any(|t| t.key == key);
            let ok = match value {
                "cordoned" => node.unschedulable,
                "schedulable" => !node.unschedulable,
                v if v.starts_with("Ready=") => format!("Ready={:?}", node.ready()) == v,
                v if v.starts_with("taint ") => has_taint(&v[6..]),
                v if v.starts_with("no taint ") => !has_taint(&v[9..]),
                other => ctx.fail(format!("{at}: unknown node state {other}")),
            };
            if !ok {
                ctx.fail(format!("{at}: node {name} is not {value}"));
            }
        }
        k if k.starts_with("on ") => {
            // `on NODE: pod, pod` — the pods bound to the node (all namespaces), `-` for none
            let node = &k[3..];
            let got: Vec<String> = state.pods.values().filter(|p| p.status.node.as_deref() == Some(node)).map(|p| p.meta.name.clone()).collect();
            if got != list(value) {
                ctx.fail(format!("{at}: pods on {node}\n  expected {:?}\n  got      {got:?}", list(value)));
            }
        }
        k if k.starts_with("drain ") => {
            let d = ctx.sim.drains().last().unwrap_or_else(|| ctx.fail(format!("{at}: no drain started")));
            let ok = match &k[6..] {
                "output contains" => d.stdout.contains(value),
                "no output contains" => !d.stdout.contains(value),
                "stderr contains" => d.stderr.iter().any(|l| l.contains(value)),
                "stderr count" => {
                    let (n, text) = value.split_once(' ').unwrap();
                    d.stderr.iter().filter(|l| l.contains(text)).count() == n.parse::<usize>().unwrap()
                }
                "output count" => {
                    let (n, text) = value.split_once(' ').unwrap();
                    d.stdout.matches(text).count() == n.parse::<usize>().unwrap()
                }
                "error" => d.error.as_deref() == Some(value),
                "running" => d.running.to_string() == value,
                other => ctx.fail(format!("{at}: unknown drain check {other}")),
            };
            if !ok {
                ctx.fail(format!("{at}: drain {} {value:?} does not hold:\n--- stdout\n{}--- stderr\n{}\n--- error {:?} running {}", &k[6..], d.stdout, d.stderr.join("\n"), d.error, d.running));
            }
        }
        k if k.starts_with("attached ") => {
            // `attached www-web-0: node-1` (the claim's PV attached there; `-` for nowhere)
            let claim = &k[9..];
            let pv = state.claims.values().find(|c| c.meta.name == claim).and_then(|c| c.volume.clone()).unwrap_or_else(|| ctx.fail(format!("{at}: claim {claim} has no volume")));
            let mut got: Vec<String> = summary.volumeattachments.iter().filter(|v| v.pv == pv).map(|v| if v.attached { v.node.clone() } else { format!("{} detached", v.node) }).collect();
            got.sort();
            if got != list(value) {
                ctx.fail(format!("{at}: attachments of {claim}\n  expected {:?}\n  got      {got:?}", list(value)));
            }
        }
        "condition" => {
            // `condition: NS/POD DisruptionTarget REASON`
            let mut words = value.split_whitespace();
            let (pod, _type, reason) = (words.next().unwrap(), words.next().unwrap(), words.next().unwrap());
            let (ns, name) = pod.split_once('/').unwrap_or(("default", pod));
            let p = state.pods.get(&ObjectKey::new(ns, name)).unwrap_or_else(|| ctx.fail(format!("{at}: no pod {pod}")));
            if p.status.disruption_target.as_ref().map(|(r, _, _)| r.as_str()) != Some(reason) {
                ctx.fail(format!("{at}: pod {pod} DisruptionTarget {:?}", p.status.disruption_target));
            }
        }
        other => ctx.fail(format!("{at}: unknown expectation {other:?}")),
    }
}

/// Runs one fixture; returns the JSON of the run.
fn run_fixture(path: &Path) -> String {
    let fixture = load_fixture(path);
    let dir = path.parent().unwrap().to_owned();
    let mut load = |file: &str| std::fs::read_to_string(dir.join(file)).map_err(|_| format!("the path \"{file}\" does not exist"));
    let mut runner = Runner::new(fixture.config.clone(), fixture.seed);
    let mut revs = Revisions::default();
    let mut steps = Vec::new();
    for cmd in &fixture.commands {
        let ips_before: BTreeMap<String, Vec<String>> =
            runner.sim().snapshot().ip_history.iter().map(|(k, v)| (k.name.clone(), v.iter().map(ToString::to_string).collect())).collect();
        let step = runner.run(cmd, &mut load);
        revs.learn(&step.actions);
        let at = format!("{}:{}", path.file_name().unwrap().to_string_lossy(), cmd.line);
        let violations = runner.sim().violations();
        assert!(violations.is_empty(), "{at}: invariants violated after `{}`: {violations:#?}", cmd.text);
        let ctx = Ctx { sim: runner.sim(), step: &step, revs: &revs, ips_before: &ips_before, at: at.clone() };
        for (line, e) in fixture.expectations.get(&cmd.line).into_iter().flatten() {
            let ctx = Ctx { at: format!("{}:{line}", path.file_name().unwrap().to_string_lossy()), ..ctx };
            check(&ctx, e);
            let _ = &ctx;
        }
        steps.push(step);
    }
    script::refresh_steps(runner.sim(), &mut steps);
    let summary = Summary::of(runner.sim());
    let run = script::Run { steps, summary, at: runner.sim().now(), violations: Vec::new() };
    run.to_json_pretty()
}

#[test]
fn scenarios() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenarios_dir()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "script")).collect();
    paths.sort();
    assert!(!paths.is_empty());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for path in &paths {
        let text = run_fixture(path);
        let expected_path = path.with_extension("json");
        if update {
            std::fs::write(&expected_path, &text).unwrap();
        } else {
            match std::fs::read_to_string(&expected_path) {
                Ok(expected) if expected == text => {}
                Ok(_) => stale.push(format!("{} differs from the run (UPDATE_EXPECT=1 to accept)", expected_path.display())),
                Err(_) => stale.push(format!("{} is missing (UPDATE_EXPECT=1 to write it)", expected_path.display())),
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

/// Every scenario id of scenarios.md has a fixture (the tidy check).
#[test]
fn every_scenario_has_a_fixture() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/scenarios.md");
    let text = std::fs::read_to_string(&reference).unwrap_or_else(|_| panic!("cannot read {}", reference.display()));
    let fixtures: Vec<String> = std::fs::read_dir(scenarios_dir()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut missing = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## S") {
            let id = format!("S{}", rest.split_whitespace().next().unwrap());
            if !fixtures.iter().any(|f| f.starts_with(&format!("{id}-")) && f.ends_with(".script")) {
                missing.push(id);
            }
        }
    }
    assert!(missing.is_empty(), "scenarios without a fixture: {missing:?}");
}

/// Every reason code of `why` is documented in docs/why.md and reached by a fixture.
#[test]
fn every_waiting_code_is_documented_and_reached() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("../../docs/why.md")).expect("docs/why.md");
    let mut fixtures = String::new();
    for entry in std::fs::read_dir(root.join("tests/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            fixtures.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    for code in ordinal_core::sim::why::CODES {
        let name = code.as_str();
        assert!(doc.contains(&format!("| `{name}` |")), "docs/why.md lacks {name}");
        assert!(fixtures.contains(&format!("\"code\": \"{name}\"")), "no fixture reaches {name}");
    }
}
