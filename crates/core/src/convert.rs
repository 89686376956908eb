//! One workload kind written as another: a StatefulSet as the nearest Deployment and DaemonSet
//! (the comparison "why not a Deployment?"), and a Deployment as the StatefulSet it should have
//! been (the fix of the lint rules that find a database or a peer group in a Deployment). Each
//! conversion lists what the other kind cannot say, a sentence each.

use serde_json::{json, Map, Value};

/// The objects of a conversion and what was lost on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// The new objects, in apply order (claims first).
    pub objects: Vec<Value>,
    /// What the source says that the target kind cannot, one sentence each.
    pub dropped: Vec<String>,
}

impl Converted {
    /// The objects as one YAML stream (`---` between documents).
    pub fn yaml(&self) -> String {
        self.objects.iter().map(crate::sim::views::yaml::to_yaml).collect::<Vec<_>>().join("---\n")
    }
}

fn name_of(v: &Value) -> String {
    v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned()
}

fn metadata(source: &Value, name: &str) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), name.into());
    for field in ["namespace", "labels"] {
        if let Some(v) = source.pointer(&format!("/metadata/{field}")) {
            meta.insert(field.into(), v.clone());
        }
    }
    Value::Object(meta)
}

/// The claim templates of a StatefulSet as volumes of its pod template: one shared claim each,
/// `<template>-<set>` (what a Deployment's pods can mount), and those claims.
fn shared_claims(sts: &Value, set: &str, template: &mut Value) -> Vec<Value> {
    let mut claims = Vec::new();
    for t in sts.pointer("/spec/volumeClaimTemplates").and_then(Value::as_array).into_iter().flatten() {
        let volume = name_of(t);
        let claim = format!("{volume}-{set}");
        let mut meta = json!({"name": claim});
        if let Some(ns) = sts.pointer("/metadata/namespace") {
            meta["namespace"] = ns.clone();
        }
        claims.push(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta, "spec": t.get("spec").cloned().unwrap_or(json!({}))}));
        if let Some(spec) = template.get_mut("spec").and_then(Value::as_object_mut) {
            let volumes = spec.entry("volumes").or_insert_with(|| json!([]));
            if let Some(list) = volumes.as_array_mut() {
                list.push(json!({"name": volume, "persistentVolumeClaim": {"claimName": claim}}));
            }
        }
    }
    claims
}

/// A StatefulSet as the nearest Deployment: the same pods, one claim per claim template shared
/// by every replica, no identity.
pub fn statefulset_to_deployment(sts: &Value) -> Converted {
    let set = name_of(sts);
    let spec = sts.get("spec").cloned().unwrap_or(json!({}));
    let mut template = spec.get("template").cloned().unwrap_or(json!({}));
    let claims = shared_claims(sts, &set, &mut template);
    let mut out = Map::new();
    for field in ["replicas", "selector", "minReadySeconds", "revisionHistoryLimit"] {
        if let Some(v) = spec.get(field) {
            out.insert(field.into(), v.clone());
        }
    }
    out.insert("template".into(), template);
    let mut dropped = Vec::new();
    if spec.get("serviceName").is_some() {
        dropped.push("`serviceName`: a Deployment's pods get no DNS name of their own, only the Service's.".to_owned());
    }
    if spec.get("podManagementPolicy").and_then(Value::as_str) != Some("Parallel") {
        dropped.push("`podManagementPolicy: OrderedReady`: a Deployment creates and deletes its pods all at once, in no order.".to_owned());
    }
    if !claims.is_empty() {
        dropped.push(format!("`volumeClaimTemplates`: one claim per pod becomes one claim for all, {}.", claims.iter().map(name_of).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")));
    }
    match spec.pointer("/updateStrategy/type").and_then(Value::as_str) {
        Some("OnDelete") => dropped.push("`updateStrategy: OnDelete`: a Deployment always rolls a new template out by itself.".to_owned()),
        _ if spec.pointer("/updateStrategy/rollingUpdate/partition").is_some() => dropped.push("`partition`: a Deployment cannot hold some pods at the old template.".to_owned()),
        _ => {}
    }
    if spec.get("persistentVolumeClaimRetentionPolicy").is_some() {
        dropped.push("`persistentVolumeClaimRetentionPolicy`: a Deployment owns no claims.".to_owned());
    }
    if spec.get("ordinals").is_some() {
        dropped.push("`ordinals`: a Deployment's pods have no ordinal.".to_owned());
    }
    let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata(sts, &set), "spec": out});
    let mut objects = claims;
    objects.push(deployment);
    Converted { objects, dropped }
}

/// A StatefulSet as the nearest DaemonSet: one pod per node instead of `replicas`, the same
/// shared claims.
pub fn statefulset_to_daemonset(sts: &Value) -> Converted {
    let mut converted = statefulset_to_deployment(sts);
    let Some(deployment) = converted.objects.pop() else { return converted };
    let mut spec = deployment.get("spec").cloned().unwrap_or(json!({}));
    if let Some(map) = spec.as_object_mut() {
        map.remove("replicas");
    }
    if sts.pointer("/spec/replicas").is_some() {
        converted.dropped.insert(0, "`replicas`: a DaemonSet runs one pod on every node that can take it.".to_owned());
    }
    converted.objects.push(json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": deployment["metadata"].clone(), "spec": spec}));
    converted
}

/// A Deployment as the StatefulSet it should have been: the claims its pods mount become claim
/// templates (one claim per pod), `serviceName` names the headless Service that gives each pod
/// its DNS name. `claims` are the PersistentVolumeClaims of the input, to copy their spec.
pub fn deployment_to_statefulset(deployment: &Value, claims: &[Value], service: &str) -> Converted {
    let name = name_of(deployment);
    let spec = deployment.get("spec").cloned().unwrap_or(json!({}));
    let mut template = spec.get("template").cloned().unwrap_or(json!({}));
    let mut claim_templates = Vec::new();
    if let Some(volumes) = template.pointer_mut("/spec/volumes").and_then(Value::as_array_mut) {
        volumes.retain(|v| {
            let Some(claim) = v.pointer("/persistentVolumeClaim/claimName").and_then(Value::as_str) else { return true };
            let claim_spec = claims.iter().find(|c| name_of(c) == claim).and_then(|c| c.get("spec").cloned()).unwrap_or(json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}));
            claim_templates.push(json!({"metadata": {"name": v.get("name").cloned().unwrap_or(Value::Null)}, "spec": claim_spec}));
            false
        });
        if volumes.is_empty() {
            if let Some(spec) = template.get_mut("spec").and_then(Value::as_object_mut) {
                spec.remove("volumes");
            }
        }
    }
    let mut out = Map::new();
    out.insert("serviceName".into(), service.into());
    for field in ["replicas", "selector", "minReadySeconds", "revisionHistoryLimit"] {
        if let Some(v) = spec.get(field) {
            out.insert(field.into(), v.clone());
        }
    }
    out.insert("template".into(), template);
    if !claim_templates.is_empty() {
        out.insert("volumeClaimTemplates".into(), Value::Array(claim_templates));
    }
    let mut dropped = Vec::new();
    if spec.get("strategy").is_some() {
        dropped.push("`strategy`: a StatefulSet updates one pod at a time, highest ordinal first (`updateStrategy`).".to_owned());
    }
    if spec.get("progressDeadlineSeconds").is_some() {
        dropped.push("`progressDeadlineSeconds`: a StatefulSet has no progress deadline.".to_owned());
    }
    Converted { objects: vec![json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": metadata(deployment, &name), "spec": out})], dropped }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide_set() -> Value {
        let parse = crate::yaml::parse(crate::examples::GUIDE);
        parse.documents.iter().filter_map(|d| d.root.as_ref()).map(|r| r.to_json()).find(|v| v["kind"] == "StatefulSet").expect("the guide has a StatefulSet")
    }

    #[test]
    fn the_guides_set_as_a_deployment_shares_one_claim_and_names_what_it_loses() {
        let c = statefulset_to_deployment(&guide_set());
        let kinds: Vec<&str> = c.objects.iter().map(|o| o["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["PersistentVolumeClaim", "Deployment"]);
        let claim = name_of(&c.objects[0]);
        let volumes = c.objects[1].pointer("/spec/template/spec/volumes").unwrap().as_array().unwrap();
        assert!(volumes.iter().any(|v| v.pointer("/persistentVolumeClaim/claimName").and_then(Value::as_str) == Some(claim.as_str())), "{volumes:?}");
        assert!(c.objects[1].pointer("/spec/serviceName").is_none());
        assert!(c.dropped.iter().any(|d| d.contains("serviceName")) && c.dropped.iter().any(|d| d.contains("volumeClaimTemplates")), "{:?}", c.dropped);
        // what it prints applies to the simulator as it is
        let mut sim = crate::sim::Simulation::new(crate::sim::SimConfig::auto(), 1);
        let ns = c.objects[1].pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("default").to_owned();
        sim.handle(crate::sim::Input::CreateNamespace { name: ns });
        let r = sim.handle(crate::sim::Input::Apply { manifest: c.yaml(), source: "deployment.yaml".into(), namespace: None, validate: Default::default() });
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn a_daemonset_has_no_replicas() {
        let c = statefulset_to_daemonset(&guide_set());
        let ds = c.objects.last().unwrap();
        assert_eq!(ds["kind"], "DaemonSet");
        assert!(ds.pointer("/spec/replicas").is_none());
        assert!(c.dropped[0].contains("replicas"));
    }

    #[test]
    fn a_deployment_comes_back_as_a_statefulset_with_a_claim_per_pod() {
        let c = statefulset_to_deployment(&guide_set());
        let (claims, deployment) = c.objects.split_at(c.objects.len() - 1);
        let back = deployment_to_statefulset(&deployment[0], claims, "db");
        let set = &back.objects[0];
        assert_eq!(set["kind"], "StatefulSet");
        assert_eq!(set.pointer("/spec/serviceName"), Some(&json!("db")));
        let templates = set.pointer("/spec/volumeClaimTemplates").unwrap().as_array().unwrap();
        assert_eq!(templates.len(), claims.len());
        assert_eq!(templates[0].get("spec"), claims[0].get("spec"));
    }
}
