//! The attach/detach controller (disruptions.md §10; `pkg/controller/volume/attachdetach`:
//! `reconciler.go :: reconcile, attachDesiredVolumes, reportMultiAttachError, nodeIsHealthy`)
//! and the CSI attacher's VolumeAttachments.
//!
//! A volume is *attachable* when its PV has no node affinity (the default class's network
//! disks); node-local volumes (a WaitForFirstConsumer class) have no attach step. Desired
//! state: the attachable volumes of every pod bound to a node that has not ended. Each round
//! the controller first detaches what is no longer desired, then attaches what is desired.
//! A volume is detached when the node's kubelet has unmounted it (a running kubelet does so
//! as soon as no pod on it uses the volume; a dead one keeps reporting it in
//! `volumesInUse`), or, while it is still reported mounted, when more than 6 minutes have
//! passed since the first detach request and the node is not healthy (force detach), or at
//! once when the node carries the out-of-service taint (`reconciler.go :: reconcile`:
//! `attachedVolume.MountedByNode && !forceDetach && !hasOutOfServiceTaint` skips). A ReadWriteOnce volume still attached elsewhere is
//! not attached: the pod gets one `FailedAttachVolume` Multi-Attach event and waits in
//! `ContainerCreating`. Attach and detach themselves are instantaneous (a learner note).

use super::model::*;
use super::world::{Timer, World};
use std::collections::BTreeMap;

const SOURCE: &str = "attachdetach-controller";
/// `reconcilerMaxWaitForUnmountDuration`.
pub const MAX_WAIT_FOR_UNMOUNT_MS: u64 = 6 * 60 * 1000;

/// The VolumeAttachment's name: `csi-` and the SHA-256 of volume handle, attacher and node
/// (`pkg/volume/csi/csi_attacher.go :: getAttachmentName`). The volume handle of a
/// provisioned disk is the PV's name here.
pub fn attachment_name(pv: &str, attacher: &str, node: &str) -> String {
    format!("csi-{}", super::json::sha256_hex(format!("{pv}{attacher}{node}").as_bytes()))
}

/// Whether a volume is attached to nodes (a network disk) rather than living on one.
pub fn attachable(v: &Volume) -> bool {
    v.node_affinity.is_none()
}

fn read_write_once(v: &Volume) -> bool {
    !v.access_modes.iter().any(|m| m == "ReadWriteMany" || m == "ReadOnlyMany")
}

/// Whether the node still reports the volume mounted (`node.status.volumesInUse`): only a
/// kubelet that does not reach the API server leaves a volume no pod wants listed there.
fn still_mounted(w: &World, node: &str) -> bool {
    !super::nodes::up(w, node)
}

/// The attachable PVs a pod needs, by name.
fn pod_volumes(state: &ClusterState, pod: &Pod) -> Vec<String> {
    pod.claim_names()
        .into_iter()
        .filter_map(|c| state.claims.get(&ObjectKey::new(&pod.meta.namespace, &c)).and_then(|c| c.volume.clone()))
        .filter(|v| state.volumes.get(v).is_some_and(attachable))
        .collect()
}

/// Whether every attachable volume of the pod is attached to its node (the kubelet may mount
/// and start it).
pub fn volumes_attached(state: &ClusterState, pod: &Pod) -> Result<(), String> {
    let Some(node) = pod.status.node.as_deref() else { return Ok(()) };
    for pv in pod_volumes(state, pod) {
        // the attachment's name is known: no need to look through them all
        let attacher = state.volumes.get(&pv).and_then(|v| state.storage_classes.get(&v.storage_class)).map(|c| c.provisioner.as_str()).unwrap_or_default();
        let here = state.volume_attachments.get(&attachment_name(&pv, attacher, node)).is_some_and(|va| va.pv == pv && va.node == node && va.attached);
        if !here {
            let elsewhere = state.volume_attachments.values().find(|va| va.pv == pv && va.node != node);
            return Err(match elsewhere {
                Some(va) => format!("volume {pv} is not attached to {node}: it is still attached to {} (Multi-Attach)", va.node),
                None => format!("volume {pv} is not attached to {node} yet"),
            });
        }
    }
    Ok(())
}

/// A pod was created or updated: the volumes it uses are looked at in the next pass.
pub(crate) fn pod_written(w: &mut World, key: &ObjectKey) {
    let Some(pod) = w.state.pods.get(key) else { return };
    if pod.status.node.is_none() {
        return;
    }
    for pv in pod_volumes(&w.state, pod) {
        w.adc_users.entry(pv.clone()).or_default().insert(key.clone());
        w.adc_pvs.insert(pv);
    }
}

/// A pod left the API: the volumes it used are looked at in the next pass.
pub(crate) fn pod_removed(w: &mut World, key: &ObjectKey, pod: &Pod) {
    if pod.status.node.is_none() {
        return;
    }
    for pv in pod_volumes(&w.state, pod) {
        if let Some(users) = w.adc_users.get_mut(&pv) {
            users.remove(key);
            if users.is_empty() {
                w.adc_users.remove(&pv);
            }
        }
        w.adc_pvs.insert(pv);
    }
}

/// The controller's pass over the volumes that may have changed: every volume when a node
/// changed or a timer fired, else those of the pods written since the last pass, and those
/// waiting to be detached. (The real controller is driven the same way, by its informers.)
pub(crate) fn run(w: &mut World) {
    let full = std::mem::take(&mut w.adc_full);
    if !full && w.adc_pvs.is_empty() {
        return;
    }
    let mut pvs = std::mem::take(&mut w.adc_pvs);
    if full {
        w.adc_users.clear();
        let keys: Vec<ObjectKey> = w.state.pods.keys().cloned().collect();
        for key in &keys {
            pod_written(w, key);
        }
        pvs.append(&mut w.adc_pvs);
        w.adc_attached.clear();
        for va in w.state.volume_attachments.values() {
            w.adc_attached.entry(va.pv.clone()).or_default().insert(va.name.clone());
            pvs.insert(va.pv.clone());
        }
    }
    pvs.extend(w.detach_requested.keys().map(|(pv, _)| pv.clone()));
    let now = w.now();
    // desired: (pv, node) → the pods that want it there
    let mut desired: BTreeMap<(String, String), Vec<ObjectKey>> = BTreeMap::new();
    for pv in &pvs {
        for key in w.adc_users.get(pv).into_iter().flatten() {
            let Some(pod) = w.state.pods.get(key) else { continue };
            let Some(node) = &pod.status.node else { continue };
            if pod.status.phase.is_terminal() || !pod_volumes(&w.state, pod).contains(pv) {
                continue;
            }
            desired.entry((pv.clone(), node.clone())).or_default().push(key.clone());
        }
    }
    // detach what is no longer desired
    let attachments: Vec<VolumeAttachment> = attachments_of(w, &pvs).cloned().collect();
    for va in &attachments {
        let k = (va.pv.clone(), va.node.clone());
        if desired.contains_key(&k) {
            w.detach_requested.remove(&k);
            continue;
        }
        let since = *w.detach_requested.entry(k.clone()).or_insert(now);
        // `nodeIsHealthy`: the Node object exists and its Ready condition is True
        let healthy = super::nodes::healthy(&w.state, &va.node);
        let forced = !healthy && now.since(since) > MAX_WAIT_FOR_UNMOUNT_MS;
        if !still_mounted(w, &va.node) || forced || super::nodes::out_of_service(&w.state, &va.node) {
            w.detach_requested.remove(&k);
            w.state.volume_attachments.remove(&va.name);
            if let Some(names) = w.adc_attached.get_mut(&va.pv) {
                names.remove(&va.name);
            }
            w.touch();
        } else if now.since(since) <= MAX_WAIT_FOR_UNMOUNT_MS {
            // past the wait, the node's health changing brings us back
            w.schedule(since.plus_ms(MAX_WAIT_FOR_UNMOUNT_MS + 1), Timer::ForceDetach);
        }
    }
    // attach what is desired
    let mut on: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for va in attachments_of(w, &pvs) {
        on.entry(va.pv.clone()).or_default().push(va.node.clone());
    }
    for ((pv, node), pods) in desired {
        let nodes = on.get(&pv).cloned().unwrap_or_default();
        if nodes.contains(&node) {
            continue;
        }
        let Some(volume) = w.state.volumes.get(&pv) else { continue };
        let others = nodes;
        if read_write_once(volume) && !others.is_empty() {
            multi_attach(w, &pv, &others, &pods);
            continue;
        }
        let attacher = w.state.storage_classes.get(&volume.storage_class).map(|c| c.provisioner.clone()).unwrap_or_default();
        let name = attachment_name(&pv, &attacher, &node);
        w.adc_attached.entry(pv.clone()).or_default().insert(name.clone());
        w.state.volume_attachments.insert(name.clone(), VolumeAttachment { name, attacher, pv: pv.clone(), node: node.clone(), attached: true, created: now });
        on.entry(pv.clone()).or_default().push(node.clone());
        w.touch();
        for key in &pods {
            if let Some(uid) = w.state.pods.get(key).map(|p| p.meta.uid.clone()) {
                w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Normal, "SuccessfulAttachVolume", format!("AttachVolume.Attach succeeded for volume \"{pv}\""), SOURCE);
            }
            super::kubelet::volumes_ready(w, key);
        }
    }
}

/// The VolumeAttachments of these PVs, in PV order.
fn attachments_of<'a>(w: &'a World, pvs: &'a std::collections::BTreeSet<String>) -> impl Iterator<Item = &'a VolumeAttachment> + 'a {
    pvs.iter().flat_map(|pv| w.adc_attached.get(pv).into_iter().flatten()).filter_map(|name| w.state.volume_attachments.get(name))
}

/// `reportMultiAttachError`: once per pod, on the pod that waits.
fn multi_attach(w: &mut World, pv: &str, other_nodes: &[String], pods: &[ObjectKey]) {
    for key in pods {
        let Some(pod) = w.state.pods.get(key) else { continue };
        let uid = pod.meta.uid.clone();
        if !w.multi_attach_reported.insert((uid.clone(), pv.to_owned())) {
            continue;
        }
        // pods on the other nodes that still use the volume, in this namespace and others
        let users: Vec<&Pod> = w
            .state
            .pods
            .values()
            .filter(|p| p.status.node.as_ref().is_some_and(|n| other_nodes.contains(n)) && !p.status.phase.is_terminal() && pod_volumes(&w.state, p).iter().any(|v| v == pv))
            .collect();
        let same: Vec<&str> = users.iter().filter(|p| p.meta.namespace == key.namespace).map(|p| p.meta.name.as_str()).collect();
        let elsewhere = users.len() - same.len();
        let message = match (same.is_empty(), elsewhere) {
            (true, 0) => format!("Multi-Attach error for volume \"{pv}\" Volume is already exclusively attached to one node and can't be attached to another"),
            (false, 0) => format!("Multi-Attach error for volume \"{pv}\" Volume is already used by pod(s) {}", same.join(", ")),
            (false, n) => format!("Multi-Attach error for volume \"{pv}\" Volume is already used by pod(s) {} and {n} pod(s) in different namespaces", same.join(", ")),
            (true, n) => format!("Multi-Attach error for volume \"{pv}\" Volume is already used by {n} pod(s) in different namespaces"),
        };
        w.record(&key.namespace, "Pod", &key.name, &uid, EventType::Warning, "FailedAttachVolume", message, SOURCE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::kubelet::KubeletAction;
    use crate::sim::{Input, SimConfig, Simulation};

    fn input(sim: &mut Simulation, input: Input) -> Vec<String> {
        let r = sim.handle(input);
        sim.settle();
        r.errors.into_iter().map(|e| e.message).collect()
    }

    fn kubelet(sim: &mut Simulation, pod: &str, action: KubeletAction) -> Vec<String> {
        input(sim, Input::Kubelet { namespace: "default".into(), pod: pod.into(), action })
    }

    const SET: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n  replicas: 1\n  selector: {matchLabels: {app: nginx}}\n  template:\n    metadata: {labels: {app: nginx}}\n    spec:\n      containers: [{name: nginx, image: registry.k8s.io/nginx-slim:0.8, volumeMounts: [{name: www, mountPath: /www}]}]\n  volumeClaimTemplates: [{metadata: {name: www}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]\n";

    fn attachments(sim: &Simulation) -> Vec<(String, bool)> {
        sim.snapshot().volume_attachments.values().map(|va| (va.node.clone(), va.attached)).collect()
    }

    /// web-0 on node-3, the other nodes open again; returns the PV's name.
    fn one_pod_on_node_3(sim: &mut Simulation) -> String {
        for node in ["node-1", "node-2"] {
            input(sim, Input::Cordon { node: node.into(), on: true });
        }
        input(sim, Input::Apply { manifest: SET.into(), source: "web.yaml".into(), namespace: None, validate: Default::default() });
        assert!(kubelet(sim, "web-0", KubeletAction::Ready).is_empty());
        assert_eq!(attachments(sim), vec![("node-3".to_owned(), true)]);
        for node in ["node-1", "node-2"] {
            input(sim, Input::Cordon { node: node.into(), on: false });
        }
        sim.snapshot().claims.values().next().and_then(|c| c.volume.clone()).unwrap()
    }

    fn force_delete_web_0(sim: &mut Simulation) {
        let errors = input(sim, Input::Delete { resource: crate::sim::views::Resource::Pods, namespace: "default".into(), name: "web-0".into(), cascade: crate::sim::Cascade::Background, grace_period_s: Some(0) });
        assert!(errors.is_empty(), "{errors:?}");
    }

    fn web_0_node(sim: &Simulation) -> String {
        sim.snapshot().pods[&ObjectKey::new("default", "web-0")].status.node.clone().unwrap()
    }

    /// A volume on a node whose kubelet stopped answering stays attached there (the node
    /// still lists it in use); the replacement pod gets one Multi-Attach event and cannot
    /// start; strictly more than 6 minutes after the first detach request, the node being
    /// NotReady, the controller force-detaches and attaches it to the new node.
    #[test]
    fn multi_attach_then_force_detach_after_six_minutes() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        let pv = one_pod_on_node_3(&mut sim);
        input(&mut sim, Input::NodeDown { node: "node-3".into() });
        sim.advance_to(sim.now().plus_ms(60_000));
        sim.settle();
        assert!(!crate::sim::nodes::healthy(&sim.snapshot(), "node-3"), "NotReady after the grace period");
        force_delete_web_0(&mut sim);
        assert_ne!(web_0_node(&sim), "node-3");
        assert_eq!(attachments(&sim), vec![("node-3".to_owned(), true)]);
        let expected = format!("Multi-Attach error for volume \"{pv}\" Volume is already exclusively attached to one node and can't be attached to another");
        let multi: Vec<&Event> = sim.snapshot().events.iter().filter(|e| e.reason == "FailedAttachVolume").collect();
        assert_eq!(multi.len(), 1);
        assert_eq!((multi[0].message.as_str(), multi[0].source.as_str(), multi[0].type_), (expected.as_str(), SOURCE, EventType::Warning));
        let refused = kubelet(&mut sim, "web-0", KubeletAction::Start);
        assert!(refused.len() == 1 && refused[0].contains("Multi-Attach"), "{refused:?}");
        let start = sim.now();
        sim.advance_to(start.plus_ms(MAX_WAIT_FOR_UNMOUNT_MS));
        sim.settle();
        assert_eq!(attachments(&sim), vec![("node-3".to_owned(), true)], "not before more than 6 minutes");
        assert_eq!(sim.snapshot().events.iter().filter(|e| e.reason == "FailedAttachVolume").map(|e| e.count).sum::<u32>(), 1, "once per pod");
        sim.advance_to(start.plus_ms(MAX_WAIT_FOR_UNMOUNT_MS + 1));
        sim.settle();
        assert_eq!(attachments(&sim), vec![(web_0_node(&sim), true)]);
        assert!(kubelet(&mut sim, "web-0", KubeletAction::Ready).is_empty());
        assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    }

    /// A node whose kubelet stopped answering but that the node lifecycle controller still
    /// counts Ready (inside the grace period) is healthy: no force detach however long the
    /// volume waits, since only an unhealthy node's volumes are force-detached.
    #[test]
    fn no_force_detach_from_a_node_still_ready() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        one_pod_on_node_3(&mut sim);
        input(&mut sim, Input::NodeDown { node: "node-3".into() });
        force_delete_web_0(&mut sim);
        assert!(crate::sim::nodes::healthy(&sim.snapshot(), "node-3"));
        assert_eq!(attachments(&sim), vec![("node-3".to_owned(), true)]);
    }

    /// A live kubelet unmounts as soon as no pod uses the volume: the detach is normal.
    #[test]
    fn a_live_node_detaches_at_once() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        one_pod_on_node_3(&mut sim);
        input(&mut sim, Input::Cordon { node: "node-3".into(), on: true });
        force_delete_web_0(&mut sim);
        assert_eq!(attachments(&sim), vec![(web_0_node(&sim), true)]);
        assert!(!sim.snapshot().events.iter().any(|e| e.reason == "FailedAttachVolume"));
    }

    /// The out-of-service taint on a dead node: no waiting for the 6 minutes.
    #[test]
    fn the_out_of_service_taint_detaches_at_once() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        one_pod_on_node_3(&mut sim);
        input(&mut sim, Input::NodeDown { node: "node-3".into() });
        sim.advance_to(sim.now().plus_ms(60_000));
        sim.settle();
        let taints = crate::sim::nodes::parse_taints(&["node.kubernetes.io/out-of-service=nodeshutdown:NoExecute".to_owned()]).unwrap();
        let errors = input(&mut sim, Input::Taint { node: "node-3".into(), taints, overwrite: false });
        assert!(errors.is_empty(), "{errors:?}");
        // the taint-eviction controller deletes web-0, PodGC's next pass force-deletes it
        sim.advance_to(sim.now().plus_ms(crate::sim::podgc::PERIOD_MS));
        sim.settle();
        let node = web_0_node(&sim);
        assert_ne!(node, "node-3");
        assert_eq!(attachments(&sim), vec![(node, true)]);
        assert!(!sim.snapshot().events.iter().any(|e| e.reason == "FailedAttachVolume"));
    }

    #[test]
    fn attachment_names_are_csi_and_the_sha256() {
        let name = attachment_name("pvc-1", "ebs.csi.aws.com", "node-1");
        assert_eq!(name, format!("csi-{}", crate::sim::json::sha256_hex(b"pvc-1ebs.csi.aws.comnode-1")));
        assert_eq!(name.len(), 4 + 64);
    }
}
