//! POD016: a Secret or ConfigMap reference that the files given do not satisfy.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{bool_of, did_you_mean};
use crate::rules::workspace::{items_with_paths, Object, Workspace};
use crate::rules::{Related, Severity, Sink, Tier};
use crate::yaml::{Node, Path};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD016",
    name: "env-ref-not-found",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "no {Secret|ConfigMap} `{name}` in the files given: {consequence} | the {Secret|ConfigMap} `{name}` has no key `{key}`: {consequence}",
    checks_md_id: Some("SS-29"),
    other_tools: &[("kube-linter", "env-value-from"), ("Monokle", "LNK001"), ("Monokle", "LNK002")],
    check: Check::Files(run),
    ..BASE
};

/// An object a reference may resolve to: its keys, unless they cannot be known.
struct Target<'w, 'a> {
    obj: &'w Object<'a>,
    name: &'a str,
    keys: Option<Vec<&'a str>>,
}

/// The keys of the data maps; `None` when there is no data map at all (a placeholder that
/// something else fills, such as a service-account token Secret).
fn keys_of<'a>(nodes: &[Option<&'a Node>]) -> Option<Vec<&'a str>> {
    let maps: Vec<&Node> = nodes.iter().flatten().filter(|n| n.entries().is_some()).copied().collect();
    if maps.is_empty() {
        return None;
    }
    Some(maps.iter().flat_map(|n| n.entries().unwrap_or(&[])).filter_map(|e| e.key.as_str()).collect())
}

/// The Secrets (`secret == true`) or ConfigMaps the files define.
fn targets<'w, 'a>(ws: &'w Workspace<'a>, secret: bool) -> Vec<Target<'w, 'a>> {
    let mut out = Vec::new();
    for obj in &ws.objects {
        match (obj.kind, secret) {
            ("Secret", true) => {
                if let Some(name) = obj.name {
                    out.push(Target { obj, name, keys: keys_of(&[obj.root.get("data"), obj.root.get("stringData")]) });
                }
            }
            ("SealedSecret", true) => {
                let name = obj.at("spec.template.metadata.name").and_then(|n| n.as_str()).or(obj.name);
                if let Some(name) = name {
                    out.push(Target { obj, name, keys: keys_of(&[obj.at("spec.encryptedData"), obj.at("spec.template.data")]) });
                }
            }
            ("ExternalSecret", true) => {
                let name = obj.at("spec.target.name").and_then(|n| n.as_str()).or(obj.name);
                if let Some(name) = name {
                    out.push(Target { obj, name, keys: None });
                }
            }
            ("ConfigMap", false) => {
                if let Some(name) = obj.name {
                    out.push(Target { obj, name, keys: keys_of(&[obj.root.get("data"), obj.root.get("binaryData")]) });
                }
            }
            ("Role" | "ClusterRole", _) => {
                // RBAC for a named Secret or ConfigMap means a program creates or reads it at
                // run time (argo-cd's `argocd-redis`, created by a Job): it will exist.
                let resource = if secret { "secrets" } else { "configmaps" };
                for rule in obj.root.get("rules").and_then(Node::items).unwrap_or(&[]) {
                    let names = |key: &str| rule.get(key).and_then(Node::items).unwrap_or(&[]).iter().filter_map(|n| n.as_str()).collect::<Vec<_>>();
                    if names("resources").contains(&resource) {
                        out.extend(names("resourceNames").into_iter().map(|name| Target { obj, name, keys: None }));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// One reference: the node naming the object, the key node if a single key is read, where
/// it is, and what happens if it does not resolve.
struct Reference<'a> {
    secret: bool,
    name: &'a Node,
    name_path: Path,
    key: Option<(&'a Node, Path)>,
    volume: bool,
}

fn optional(node: &Node) -> bool {
    node.get("optional").and_then(bool_of) == Some(true)
}

fn references<'a>(t: &crate::rules::workspace::PodTemplate<'a>) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    for c in t.containers() {
        for (path, item) in c.env() {
            let Some(from) = item.get("valueFrom") else { continue };
            for (key, secret) in [("secretKeyRef", true), ("configMapKeyRef", false)] {
                let Some(r) = from.get(key).filter(|r| !optional(r)) else { continue };
                let Some(name) = r.get("name") else { continue };
                let base = path.key("valueFrom").key(key);
                out.push(Reference { secret, name, name_path: base.key("name"), key: r.get("key").map(|k| (k, base.key("key"))), volume: false });
            }
        }
        for (path, item) in items_with_paths(c.node.get("envFrom"), &c.path.key("envFrom")) {
            for (key, secret) in [("secretRef", true), ("configMapRef", false)] {
                let Some(r) = item.get(key).filter(|r| !optional(r)) else { continue };
                let Some(name) = r.get("name") else { continue };
                out.push(Reference { secret, name, name_path: path.key(key).key("name"), key: None, volume: false });
            }
        }
    }
    for (path, v) in t.volumes() {
        for (key, name_key, secret) in [("secret", "secretName", true), ("configMap", "name", false)] {
            let Some(src) = v.get(key).filter(|s| !optional(s)) else { continue };
            let Some(name) = src.get(name_key) else { continue };
            let base = path.key(key);
            out.push(Reference { secret, name, name_path: base.key(name_key), key: None, volume: true });
            for (i, item) in items_with_paths(src.get("items"), &base.key("items")) {
                if let Some(k) = item.get("key") {
                    out.push(Reference { secret, name, name_path: base.key(name_key), key: Some((k, i.key("key"))), volume: true });
                }
            }
        }
    }
    out
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    let secrets = targets(ws, true);
    let config_maps = targets(ws, false);
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for r in references(&t) {
            let pool = if r.secret { &secrets } else { &config_maps };
            if !pool.iter().any(|p| !matches!(p.obj.kind, "Role" | "ClusterRole")) {
                continue; // managed elsewhere: nothing to compare with
            }
            let Some(name) = r.name.as_str().filter(|n| !n.is_empty()) else { continue };
            let kind = if r.secret { "Secret" } else { "ConfigMap" };
            let consequence = if r.volume { "the pod stays `ContainerCreating` (`FailedMount`)" } else { "the container cannot start (`CreateContainerConfigError`)" };
            let near: Vec<&Target<'_, '_>> = pool.iter().filter(|p| ws.same_namespace(p.obj, obj)).collect();
            let Some(target) = near.iter().find(|p| p.name == name) else {
                if r.key.is_some() && r.volume {
                    continue; // the volume itself is reported once
                }
                let d = sink.report(obj.file, r.name.range, r.name_path.clone(), format!("no {kind} `{name}` in the files given: {consequence}"));
                d.help = Some(match did_you_mean(name, near.iter().map(|p| p.name)) {
                    Some(g) => format!("did you mean `{g}`?"),
                    None => format!("add the {kind}, or mark the reference `optional: true` if the pod can run without it"),
                });
                continue;
            };
            let (Some((key_node, key_path)), Some(keys)) = (&r.key, &target.keys) else { continue };
            let Some(key) = key_node.as_str() else { continue };
            if keys.contains(&key) {
                continue;
            }
            let d = sink.report(obj.file, key_node.range, key_path.clone(), format!("the {kind} `{name}` has no key `{key}`: {consequence}"));
            d.help = Some(match did_you_mean(key, keys.iter().copied()) {
                Some(g) => format!("did you mean `{g}`?"),
                None if keys.is_empty() => format!("the {kind} has no keys at all"),
                None => format!("its keys are {}", keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
            });
            let (range, _) = target.obj.anchor();
            d.related.push(Related { file: target.obj.file, range, message: format!("the {kind}") });
        }
    }
}
