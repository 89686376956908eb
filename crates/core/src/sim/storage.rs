//! Volumes: the DefaultStorageClass admission plugin, the provisioner and binder (Immediate
//! and WaitForFirstConsumer), `kubernetes.io/pvc-protection`, and reclaiming a released
//! volume (reference §3.3, §5.2).

use super::events::Actor;
use super::model::*;
use super::world::{Timer, World};
use crate::apiserver::{self, InvalidError};
use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use std::collections::BTreeMap;

const BINDER: &str = "persistentvolume-controller";

/// Builds the claim of a StatefulSet pod from a claim template (`getPersistentVolumeClaims`):
/// labels are the template's plus the selector's `matchLabels`. The server's defaulting,
/// admission and validation apply as to any created claim.
pub(crate) fn new_claim_from_template(
    w: &mut World,
    selector_labels: BTreeMap<String, String>,
    template: PersistentVolumeClaim,
    key: &ObjectKey,
) -> Result<Claim, InvalidError> {
    let mut object = template;
    object.metadata.name = Some(key.name.clone());
    object.metadata.namespace = Some(key.namespace.clone());
    let mut labels = object.metadata.labels.take().unwrap_or_default();
    labels.extend(selector_labels);
    object.metadata.labels = Some(labels);
    object.status = None;
    admit_claim(w, object)
}

/// Defaulting, the DefaultStorageClass admission plugin and validation of a new claim.
pub(crate) fn admit_claim(w: &mut World, mut object: PersistentVolumeClaim) -> Result<Claim, InvalidError> {
    apiserver::defaults::pvc(&mut object);
    let name = object.metadata.name.clone().unwrap_or_default();
    let mut errors = Vec::new();
    apiserver::validate::meta::object_meta(&object.metadata, apiserver::validate::meta::NameRule::Dns1123Subdomain, true, &mut errors);
    if let Some(spec) = &object.spec {
        apiserver::validate::pvc::pvc_spec(spec, "spec", &mut errors);
    }
    if !errors.is_empty() {
        return Err(InvalidError::new("PersistentVolumeClaim", &name, errors));
    }
    let namespace = object.metadata.namespace.clone().unwrap_or_default();
    let mut spec = object.spec.unwrap_or_default();
    if spec.storage_class_name.is_none() {
        if let Some(default) = w.state.storage_classes.values().find(|c| c.is_default) {
            spec.storage_class_name = Some(default.name.clone());
        }
    }
    let mut meta = w.new_meta(&namespace, &name);
    meta.labels = object.metadata.labels.unwrap_or_default();
    meta.annotations = object.metadata.annotations.unwrap_or_default();
    meta.finalizers.push("kubernetes.io/pvc-protection".to_owned());
    Ok(Claim { meta, spec, phase: ClaimPhase::Pending, volume: None, capacity: None, provisioning: false })
}

/// The `From` of a provisioner's events. kind's local-path provisioner names itself
/// `rancher.io/local-path_local-path-provisioner`; a CSI driver's external-provisioner
/// (`sig-storage-lib-external-provisioner :: NewProvisionController`) uses
/// `<driver>_<hostname>_<uuid>`, its hostname the controller pod's name (one made up here,
/// in the form a Deployment gives it).
fn provisioner_source(provisioner: &str) -> String {
    match provisioner {
        "rancher.io/local-path" => "rancher.io/local-path_local-path-provisioner".to_owned(),
        "ebs.csi.aws.com" => "ebs.csi.aws.com_ebs-csi-controller-6f8c9d7b5-x2k4p_3f1c9a52-8d0e-4b7a-9c61-2e5d7f0a4b18".to_owned(),
        other => format!("{other}_csi-controller-6f8c9d7b5-x2k4p_3f1c9a52-8d0e-4b7a-9c61-2e5d7f0a4b18"),
    }
}

fn event(w: &mut World, key: &ObjectKey, type_: EventType, reason: &str, message: String, source: &str) {
    let Some(uid) = w.state.claims.get(key).map(|c| c.meta.uid.clone()) else { return };
    w.record(&key.namespace, "PersistentVolumeClaim", &key.name, &uid, type_, reason, message, source);
}

/// Whether a pod that has not ended uses the claim.
/// pvc-protection counts only pods bound to a node (`pvc_protection_controller.go ::
/// podUsesPVC`: the kubelet will not start a pod whose claim is being deleted).
fn in_use(w: &World, key: &ObjectKey) -> bool {
    ClusterState::in_namespace(&w.state.pods, &key.namespace)
        .any(|(_, p)| p.status.node.is_some() && !p.status.phase.is_terminal() && p.claim_names().contains(&key.name))
}

/// Works through the claims queue: release deleted claims nobody uses, provision and bind
/// pending ones.
pub(crate) fn run(w: &mut World) {
    while let Some(key) = w.claim_queue.pop_first() {
        let Some(claim) = w.state.claims.get(&key) else { continue };
        if claim.meta.terminating() {
            if !in_use(w, &key) {
                w.remove_claim(&key);
            }
            continue;
        }
        if claim.phase != ClaimPhase::Pending || claim.provisioning {
            continue;
        }
        let class_name = claim.spec.storage_class_name.clone().unwrap_or_default();
        if class_name.is_empty() {
            event(w, &key, EventType::Normal, "FailedBinding", "no persistent volumes available for this claim and no storage class is set".to_owned(), BINDER);
            continue;
        }
        let Some(class) = w.state.storage_classes.get(&class_name).cloned() else {
            event(w, &key, EventType::Warning, "ProvisioningFailed", format!("storageclass.storage.k8s.io \"{class_name}\" not found"), BINDER);
            continue;
        };
        let selected = claim.meta.annotations.get("volume.kubernetes.io/selected-node").cloned();
        if class.binding_mode == "WaitForFirstConsumer" && selected.is_none() {
            event(w, &key, EventType::Normal, "WaitForFirstConsumer", "waiting for first consumer to be created before binding".to_owned(), BINDER);
            continue;
        }
        event(
            w,
            &key,
            EventType::Normal,
            "ExternalProvisioning",
            format!("Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.", class.provisioner),
            BINDER,
        );
        event(
            w,
            &key,
            EventType::Normal,
            "Provisioning",
            format!("External provisioner is provisioning volume for claim \"{}/{}\"", key.namespace, key.name),
            &provisioner_source(&class.provisioner),
        );
        let provisioner = class.provisioner.clone();
        w.update_claim(&key, Actor::VolumeController, |c| {
            c.provisioning = true;
            c.meta.annotations.insert("volume.beta.kubernetes.io/storage-provisioner".to_owned(), provisioner.clone());
            c.meta.annotations.insert("volume.kubernetes.io/storage-provisioner".to_owned(), provisioner);
        });
        w.claim_queue.remove(&key);
        if w.auto() && w.cfg.delays.provision_ms != (0, 0) {
            let uid = w.state.claims[&key].meta.uid.clone();
            let d = w.rng.between(w.cfg.delays.provision_ms.0, w.cfg.delays.provision_ms.1);
            w.schedule_in(d, Timer::Provisioned { claim: key.clone(), uid });
        } else {
            provision(w, &key);
        }
    }
}

/// How long the provisioner waits before it tries a claim whose provisioning failed again.
pub const PROVISION_RETRY_MS: u64 = 15_000;

/// The provisioner created the volume: bind it to the claim.
pub(crate) fn provision(w: &mut World, key: &ObjectKey) {
    let Some(claim) = w.state.claims.get(key) else { return };
    if claim.phase != ClaimPhase::Pending || claim.meta.terminating() {
        return;
    }
    let class_name = claim.spec.storage_class_name.clone().unwrap_or_default();
    let Some(class) = w.state.storage_classes.get(&class_name).cloned() else { return };
    let pv_name = format!("pvc-{}", claim.meta.uid);
    let capacity = claim
        .spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
        .map(|q| q.0.clone())
        .unwrap_or_else(|| "1Gi".to_owned());
    let access_modes = claim.spec.access_modes.clone().unwrap_or_default();
    let node = claim.meta.annotations.get("volume.kubernetes.io/selected-node").cloned();
    // a claim restored from a snapshot (`getSnapshotSource`): the provisioner reports what is
    // wrong and tries again later
    let mut restore = None;
    if let Some(ds) = claim.spec.data_source.as_ref().filter(|d| d.kind == "VolumeSnapshot") {
        let requested = crate::apiserver::quantity::parse(&capacity).map_or(0, |b| b as u64);
        match super::snapshot::source_for(w, &key.namespace, &ds.name, requested) {
            Ok(content) => restore = Some(content),
            Err(e) => {
                let message = format!("failed to provision volume with StorageClass \"{}\": error getting handle for DataSource Type VolumeSnapshot by Name {}: {e}", class.name, ds.name);
                let uid = claim.meta.uid.clone();
                event(w, key, EventType::Warning, "ProvisioningFailed", message, &provisioner_source(&class.provisioner));
                w.schedule_in(PROVISION_RETRY_MS, Timer::ProvisionRetry { claim: key.clone(), uid });
                return;
            }
        }
    }
    let claim_ref = (key.clone(), claim.meta.uid.clone());
    let mut meta = w.new_meta("", &pv_name);
    meta.annotations.insert("pv.kubernetes.io/provisioned-by".to_owned(), class.provisioner.clone());
    meta.finalizers.push("kubernetes.io/pv-protection".to_owned());
    w.state.volumes.insert(
        pv_name.clone(),
        Volume {
            meta,
            capacity: capacity.clone(),
            access_modes,
            reclaim_policy: class.reclaim_policy.clone(),
            storage_class: class.name.clone(),
            phase: "Bound".to_owned(),
            claim: Some(claim_ref),
            node_affinity: if class.binding_mode == "WaitForFirstConsumer" { node } else { None },
            mounts: 0,
            owner: 0,
        },
    );
    if let Some(content) = restore {
        if let Some(data) = content.data {
            w.db.restore_data(&pv_name, data);
        }
        if !content.files.is_empty() {
            w.state.files.insert(format!("pv/{pv_name}"), content.files);
        }
    }
    w.touch();
    event(
        w,
        key,
        EventType::Normal,
        "ProvisioningSucceeded",
        format!("Successfully provisioned volume {pv_name}"),
        &provisioner_source(&class.provisioner),
    );
    w.update_claim(key, Actor::VolumeController, |c| {
        c.phase = ClaimPhase::Bound;
        c.volume = Some(pv_name);
        c.capacity = Some(capacity);
        c.provisioning = false;
        c.meta.annotations.insert("pv.kubernetes.io/bind-completed".to_owned(), "yes".to_owned());
        c.meta.annotations.insert("pv.kubernetes.io/bound-by-controller".to_owned(), "yes".to_owned());
    });
    w.wake_claim_waiters(key);
}

/// A claim is gone: its volume is released, then deleted or kept by its reclaim policy.
pub(crate) fn claim_removed(w: &mut World, claim: &Claim) {
    let Some(volume) = claim.volume.clone() else { return };
    let Some(pv) = w.state.volumes.get_mut(&volume) else { return };
    if pv.reclaim_policy == "Delete" {
        w.state.volumes.remove(&volume);
    } else {
        pv.phase = "Released".to_owned();
    }
    w.touch();
}
