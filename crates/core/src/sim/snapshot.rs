//! VolumeSnapshots: the snapshot CRDs the simulated cluster serves (`snapshot.storage.k8s.io/v1`),
//! the VolumeSnapshotClass `csi-snapclass` on the default StorageClass's CSI driver, and the
//! snapshot controller with the CSI driver's sidecar, which take a volume's data as it is at
//! that instant; and the restore: a claim whose `dataSource` is a VolumeSnapshot is provisioned
//! with the snapshot's data ([`super::storage`]).
//!
//! Reference (kubernetes-csi/external-snapshotter, `pkg/common-controller/snapshot_controller.go`):
//! - `syncUnreadySnapshot` → `createSnapshotContent`: first `ensurePVCFinalizer`, which needs
//!   the claim in the snapshot's namespace (`getClaimFromVolumeSnapshot`); without it the
//!   snapshot's `status.error` and a Warning event `SnapshotContentCreationFailed` say `Failed to
//!   create snapshot content with error snapshot controller failed to update NAME on API server:
//!   cannot get claim from snapshot`. Then `getCreateSnapshotInput`: a class that does not exist
//!   (`volumesnapshotclass.snapshot.storage.k8s.io "X" not found`) or a claim not yet bound
//!   (`the PVC X is not yet bound to a PV, will not attempt to take a snapshot`), quoted after
//!   `failed to get input parameters to create snapshot NAME: `.
//! - The content is named `snapcontent-<snapshot uid>` (`utils.GetDynamicSnapshotContentNameForSnapshot`);
//!   events `CreatingSnapshot` (`Waiting for a snapshot NS/NAME to be created by the CSI
//!   driver.`), `SnapshotCreated` (`Snapshot NS/NAME was successfully created by the CSI
//!   driver.`), `SnapshotReady` (`Snapshot NS/NAME is ready to use.`). An error already set is not
//!   set (nor reported) again (`updateSnapshotErrorStatusWithEvent`).
//! - No class named: the default class of the claim's driver is written into the snapshot
//!   (`SetDefaultSnapshotClass`); `csi-snapclass` is annotated as the default.
//! - `kubectl get volumesnapshot` and `volumesnapshotcontent` print the CRDs'
//!   `additionalPrinterColumns` (`client/config/crd/snapshot.storage.k8s.io_*.yaml`).
//!
//! The CSI driver's snapshot is cut at once and is ready at once; it holds the database's rows
//! crash-consistently (a running server did not stop, so a restore starts with crash recovery)
//! and the files on the volume.

use super::client::StoredFile;
use super::model::*;
use super::postgres::Data;
use super::time::SimTime;
use super::world::World;
use serde_json::Value;

const SOURCE: &str = "snapshot-controller";
/// The class the cluster comes with (the guide's name).
pub const CLASS: &str = "csi-snapclass";

/// A VolumeSnapshotClass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotClass {
    /// Its name.
    pub name: String,
    /// `driver`.
    pub driver: String,
    /// `deletionPolicy`.
    pub deletion_policy: String,
    /// Annotated `snapshot.storage.kubernetes.io/is-default-class: "true"`.
    pub is_default: bool,
    /// When it was created.
    pub created: SimTime,
}

/// A VolumeSnapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeSnapshot {
    /// Metadata.
    pub meta: Meta,
    /// `spec.volumeSnapshotClassName`.
    pub class: Option<String>,
    /// `spec.source.persistentVolumeClaimName`.
    pub source_claim: Option<String>,
    /// `status.boundVolumeSnapshotContentName`.
    pub content: Option<String>,
    /// `status.readyToUse`.
    pub ready: Option<bool>,
    /// `status.creationTime`: when the driver cut it.
    pub creation_time: Option<SimTime>,
    /// `status.restoreSize`.
    pub restore_size: Option<String>,
    /// `status.error`: (message, time).
    pub error: Option<(String, SimTime)>,
    /// The object as applied.
    pub applied: Value,
}

/// A VolumeSnapshotContent: the driver's snapshot, with what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotContent {
    /// `snapcontent-<snapshot uid>`.
    pub name: String,
    /// `spec.driver`.
    pub driver: String,
    /// `spec.deletionPolicy`.
    pub deletion_policy: String,
    /// `spec.volumeSnapshotClassName`.
    pub class: String,
    /// `spec.volumeSnapshotRef`: the snapshot's key and uid.
    pub snapshot: (ObjectKey, String),
    /// `spec.source.volumeHandle`: the PersistentVolume it was cut from.
    pub volume: String,
    /// `status.restoreSize`, in bytes.
    pub restore_bytes: u64,
    /// The capacity it was cut from, as written (`1Gi`).
    pub restore_size: String,
    /// The database's data at that instant, if a database ever wrote to the volume.
    pub data: Option<Data>,
    /// The files on the volume at that instant.
    pub files: Vec<StoredFile>,
    /// When it was created.
    pub created: SimTime,
}

/// The class the cluster starts with: on the default StorageClass's CSI driver, if it is one
/// (kind's local-path cannot take snapshots, so that cluster has none).
pub(crate) fn default_class(provisioner: &str) -> Option<SnapshotClass> {
    provisioner.contains(".csi.").then(|| SnapshotClass { name: CLASS.to_owned(), driver: provisioner.to_owned(), deletion_policy: "Delete".to_owned(), is_default: true, created: SimTime::ZERO })
}

/// `kubectl apply` of a VolumeSnapshot.
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> String {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let resource = format!("volumesnapshot.snapshot.storage.k8s.io/{name}");
    if let Some(existing) = w.state.snapshots.get(&key) {
        return if existing.applied == doc { format!("{resource} unchanged") } else { format!("{resource} configured") };
    }
    let mut meta = w.new_meta(namespace, &name);
    meta.generation = 1;
    meta.labels = doc.pointer("/metadata/labels").and_then(Value::as_object).map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect()).unwrap_or_default();
    let text = |p: &str| doc.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let snapshot = VolumeSnapshot {
        meta,
        class: text("/spec/volumeSnapshotClassName"),
        source_claim: text("/spec/source/persistentVolumeClaimName"),
        content: None,
        ready: None,
        creation_time: None,
        restore_size: None,
        error: None,
        applied: doc,
    };
    w.state.snapshots.insert(key, snapshot);
    w.snapshot_seen = u64::MAX;
    w.touch();
    format!("{resource} created")
}

/// `kubectl apply` of a VolumeSnapshotClass.
pub(crate) fn apply_class(w: &mut World, doc: &Value, name: &str) -> String {
    let class = SnapshotClass {
        name: name.to_owned(),
        driver: doc.pointer("/driver").and_then(Value::as_str).unwrap_or_default().to_owned(),
        deletion_policy: doc.pointer("/deletionPolicy").and_then(Value::as_str).unwrap_or("Delete").to_owned(),
        is_default: doc.pointer("/metadata/annotations/snapshot.storage.kubernetes.io~1is-default-class").and_then(Value::as_str) == Some("true"),
        created: w.now(),
    };
    let resource = format!("volumesnapshotclass.snapshot.storage.k8s.io/{name}");
    let line = match w.state.snapshot_classes.insert(name.to_owned(), class.clone()) {
        None => format!("{resource} created"),
        Some(old) if SnapshotClass { created: class.created, ..old.clone() } == class => format!("{resource} unchanged"),
        Some(_) => format!("{resource} configured"),
    };
    w.snapshot_seen = u64::MAX;
    w.touch();
    line
}

/// `kubectl delete volumesnapshot NAME`: the snapshot goes, and its content with it
/// (`deletionPolicy: Delete`) or not (`Retain`).
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(snapshot) = w.state.snapshots.remove(key) else { return false };
    if let Some(content) = snapshot.content {
        if w.state.snapshot_contents.get(&content).is_some_and(|c| c.deletion_policy == "Delete") {
            w.state.snapshot_contents.remove(&content);
        }
    }
    w.touch();
    true
}

/// Syncs every snapshot that is not ready yet, when anything was written since the last pass.
pub(crate) fn run(w: &mut World) {
    let keys: Vec<ObjectKey> = w.state.snapshots.iter().filter(|(_, s)| s.ready != Some(true)).map(|(k, _)| k.clone()).collect();
    w.sync_when_written(|w| &mut w.snapshot_seen, keys, sync);
}

fn event(w: &mut World, s: &VolumeSnapshot, type_: EventType, reason: &str, message: String) {
    w.record(&s.meta.namespace, "VolumeSnapshot", &s.meta.name, &s.meta.uid, type_, reason, message, SOURCE);
}

/// `updateSnapshotErrorStatusWithEvent`: the error and a Warning event, once per message.
fn fail(w: &mut World, key: &ObjectKey, reason: &str, message: String) {
    let Some(s) = w.state.snapshots.get(key).cloned() else { return };
    if s.error.as_ref().is_some_and(|(m, _)| *m == message) {
        return;
    }
    let now = w.now();
    event(w, &s, EventType::Warning, reason, message.clone());
    if let Some(s) = w.state.snapshots.get_mut(key) {
        s.error = Some((message, now));
        s.ready = Some(false);
    }
    w.touch();
}

/// `syncUnreadySnapshot` with the sidecar's `CreateSnapshot`.
fn sync(w: &mut World, key: &ObjectKey) {
    let Some(s) = w.state.snapshots.get(key).cloned() else { return };
    let full = format!("{}/{}", key.namespace, key.name);
    let Some(claim_name) = s.source_claim.clone() else {
        return fail(w, key, "SnapshotPVCSourceMissing", format!("PVC source for snapshot {full} is missing"));
    };
    let claim = w.state.claims.get(&ObjectKey::new(&key.namespace, &claim_name)).cloned();
    let Some(claim) = claim else {
        return fail(w, key, "SnapshotContentCreationFailed", format!("Failed to create snapshot content with error snapshot controller failed to update {} on API server: cannot get claim from snapshot", key.name));
    };
    let input_error = |detail: String| format!("Failed to create snapshot content with error failed to get input parameters to create snapshot {}: {:?}", key.name, detail);
    // no class named: the driver's default class is written into the snapshot
    let class_name = match &s.class {
        Some(c) => c.clone(),
        None => match w.state.snapshot_classes.values().find(|c| c.is_default) {
            Some(c) => c.name.clone(),
            None => return fail(w, key, "SnapshotContentCreationFailed", format!("Failed to create snapshot content with error failed to take snapshot {} without a snapshot class", key.name)),
        },
    };
    let Some(class) = w.state.snapshot_classes.get(&class_name).cloned() else {
        return fail(w, key, "SnapshotContentCreationFailed", input_error(format!("volumesnapshotclass.snapshot.storage.k8s.io \"{class_name}\" not found")));
    };
    let (Some(pv), ClaimPhase::Bound) = (claim.volume.clone(), claim.phase) else {
        return fail(w, key, "SnapshotContentCreationFailed", input_error(format!("the PVC {claim_name} is not yet bound to a PV, will not attempt to take a snapshot")));
    };
    let now = w.now();
    let content_name = format!("snapcontent-{}", s.meta.uid);
    event(w, &s, EventType::Normal, "CreatingSnapshot", format!("Waiting for a snapshot {full} to be created by the CSI driver."));
    let restore_size = claim.capacity.clone().unwrap_or_else(|| "1Gi".to_owned());
    let restore_bytes = crate::apiserver::quantity::parse(&restore_size).map_or(0, |b| b as u64);
    let content = SnapshotContent {
        name: content_name.clone(),
        driver: class.driver.clone(),
        deletion_policy: class.deletion_policy.clone(),
        class: class.name.clone(),
        snapshot: (key.clone(), s.meta.uid.clone()),
        volume: pv.clone(),
        restore_bytes,
        restore_size: restore_size.clone(),
        data: w.db.snapshot_data(&pv, now),
        files: w.state.files.get(&format!("pv/{pv}")).cloned().unwrap_or_default(),
        created: now,
    };
    w.state.snapshot_contents.insert(content_name.clone(), content);
    event(w, &s, EventType::Normal, "SnapshotCreated", format!("Snapshot {full} was successfully created by the CSI driver."));
    event(w, &s, EventType::Normal, "SnapshotReady", format!("Snapshot {full} is ready to use."));
    if let Some(s) = w.state.snapshots.get_mut(key) {
        s.class = Some(class_name);
        s.content = Some(content_name);
        s.ready = Some(true);
        s.creation_time = Some(now);
        s.restore_size = Some(restore_size);
        s.error = None;
    }
    w.touch();
}

/// The provisioner's check of a claim's `dataSource` snapshot (`getSnapshotSource`): the
/// content to restore from, or the error the provisioner reports.
pub(crate) fn source_for(w: &World, namespace: &str, name: &str, requested_bytes: u64) -> Result<SnapshotContent, String> {
    let Some(s) = w.state.snapshots.get(&ObjectKey::new(namespace, name)) else {
        return Err(format!("error getting snapshot {name} from api server: volumesnapshots.snapshot.storage.k8s.io \"{name}\" not found"));
    };
    let Some(content) = s.content.as_ref().and_then(|c| w.state.snapshot_contents.get(c)) else { return Err(format!("snapshot {name} not bound")) };
    if s.ready != Some(true) {
        return Err(format!("snapshot {name} is not Ready"));
    }
    if requested_bytes < content.restore_bytes {
        return Err(format!("requested volume size {requested_bytes} is less than the size {} for the source snapshot {name}", content.restore_bytes));
    }
    Ok(content.clone())
}

/// What must hold of every snapshot: a ready one is bound to a content that points back at it.
pub(crate) fn invariants(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    for (key, s) in &state.snapshots {
        if s.ready == Some(true) {
            match s.content.as_ref().and_then(|c| state.snapshot_contents.get(c)) {
                Some(c) if c.snapshot == (key.clone(), s.meta.uid.clone()) => {}
                _ => out.push(format!("snapshot: {} is ready without a content bound to it", key.name)),
            }
        }
    }
    out
}
