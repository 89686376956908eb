//! Typed objects: a document read into the k8s-openapi type of its kind.
//!
//! [`read`] validates the document against the schema ([`crate::schema::validate`]) and then
//! decodes it (`serde_json::from_value` over [`Node::to_json`], through `serde_path_to_error`
//! so that a decoding error is located at its node). StatefulSet, Service, Secret,
//! PodDisruptionBudget, CronJob and PersistentVolumeClaim become k8s-openapi types;
//! VolumeSnapshot, a CRD no crate ships, becomes the small [`VolumeSnapshot`] type below.

use crate::schema::{self, KindMatch, SchemaIssue, SchemaIssueKind};
use crate::yaml::{Document, Node, Path, Segment, TextRange};
use k8s_openapi::api::{apps::v1 as apps, batch::v1 as batch, core::v1 as core, policy::v1 as policy};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A document read into its type.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    /// `apps/v1` StatefulSet.
    StatefulSet(Box<apps::StatefulSet>),
    /// `v1` Service.
    Service(Box<core::Service>),
    /// `v1` Secret.
    Secret(Box<core::Secret>),
    /// `policy/v1` PodDisruptionBudget.
    PodDisruptionBudget(Box<policy::PodDisruptionBudget>),
    /// `batch/v1` CronJob.
    CronJob(Box<batch::CronJob>),
    /// `v1` PersistentVolumeClaim.
    PersistentVolumeClaim(Box<core::PersistentVolumeClaim>),
    /// `snapshot.storage.k8s.io/v1` VolumeSnapshot.
    VolumeSnapshot(Box<VolumeSnapshot>),
    /// Any other kind: not decoded (the schema may still describe it).
    Other {
        /// The document's `apiVersion`, if it has one.
        api_version: Option<String>,
        /// The document's `kind`, if it has one.
        kind: Option<String>,
    },
}

impl Object {
    /// The kind's name (`StatefulSet`, …), or the written kind for [`Object::Other`].
    pub fn kind(&self) -> Option<&str> {
        Some(match self {
            Object::StatefulSet(_) => "StatefulSet",
            Object::Service(_) => "Service",
            Object::Secret(_) => "Secret",
            Object::PodDisruptionBudget(_) => "PodDisruptionBudget",
            Object::CronJob(_) => "CronJob",
            Object::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
            Object::VolumeSnapshot(_) => "VolumeSnapshot",
            Object::Other { kind, .. } => return kind.as_deref(),
        })
    }
}

/// The result of [`read`].
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectRead {
    /// The object, when the document could be decoded (`None` for an empty or broken document,
    /// or one whose values do not fit its kind's types).
    pub object: Option<Object>,
    /// Schema problems, each at its own range (see [`SchemaIssue`]).
    pub issues: Vec<SchemaIssue>,
}

/// Reads a document into its typed object and reports every schema problem.
pub fn read(doc: &Document) -> ObjectRead {
    let mut issues = schema::validate(doc);
    let Some(root) = doc.root.as_ref().filter(|r| r.entries().is_some()) else {
        return ObjectRead { object: None, issues };
    };
    let mut json = root.to_json();
    // An older apiVersion of a known kind is reported by validation; decode it as the known one.
    let def = match schema::lookup_kind(doc.api_version(), doc.kind()) {
        KindMatch::Known(def) => Some(def),
        KindMatch::OtherVersion(def) => {
            json["apiVersion"] = serde_json::Value::String(def.api_version.to_owned());
            Some(def)
        }
        KindMatch::Unknown => None,
    };
    let other = || Object::Other { api_version: doc.api_version().map(str::to_owned), kind: doc.kind().map(str::to_owned) };
    let decoded = match def.map(|d| d.kind) {
        Some("StatefulSet") => decode(json, root, &mut issues).map(Object::StatefulSet),
        Some("Service") => decode(json, root, &mut issues).map(Object::Service),
        Some("Secret") => decode(json, root, &mut issues).map(Object::Secret),
        Some("PodDisruptionBudget") => decode(json, root, &mut issues).map(Object::PodDisruptionBudget),
        Some("CronJob") => decode(json, root, &mut issues).map(Object::CronJob),
        Some("PersistentVolumeClaim") => decode(json, root, &mut issues).map(Object::PersistentVolumeClaim),
        Some("VolumeSnapshot") => decode(json, root, &mut issues).map(Object::VolumeSnapshot),
        _ => Some(other()),
    };
    ObjectRead { object: decoded, issues }
}

/// Decodes `json` into `T`. On failure, adds the error at its node unless validation already
/// reported a problem at or under the same path.
fn decode<T: DeserializeOwned>(json: serde_json::Value, root: &Node, issues: &mut Vec<SchemaIssue>) -> Option<Box<T>> {
    match serde_path_to_error::deserialize::<_, T>(json) {
        Ok(v) => Some(Box::new(v)),
        Err(err) => {
            let path = Path(
                err.path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                        serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                        _ => None,
                    })
                    .collect(),
            );
            let covered = issues.iter().any(|i| i.path.0.starts_with(&path.0) || path.0.starts_with(&i.path.0) && !i.path.is_root());
            if !covered {
                let range = located_range(root, &path);
                issues.push(SchemaIssue {
                    range,
                    path,
                    kind: SchemaIssueKind::Decode,
                    message: err.inner().to_string(),
                    suggestion: None,
                });
            }
            None
        }
    }
}

/// The range of the deepest node along `path` that exists.
fn located_range(root: &Node, path: &Path) -> TextRange {
    let mut node = root;
    for seg in path.segments() {
        let next = match seg {
            Segment::Key(k) => node.get(k),
            Segment::Index(i) => node.items().and_then(|items| items.get(*i)),
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.range
}

/// A `snapshot.storage.k8s.io/v1` VolumeSnapshot: a request to snapshot a PersistentVolumeClaim
/// (fields from the external-snapshotter CRD).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeSnapshot {
    /// Standard object metadata.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// What to snapshot and with which class.
    pub spec: VolumeSnapshotSpec,
    /// Filled in by the snapshot controller.
    #[serde(default)]
    pub status: Option<VolumeSnapshotStatus>,
}

/// `VolumeSnapshot.spec`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeSnapshotSpec {
    /// Where the snapshot comes from (exactly one member set).
    pub source: VolumeSnapshotSource,
    /// The VolumeSnapshotClass to use (the CSI driver's default when absent).
    #[serde(default)]
    pub volume_snapshot_class_name: Option<String>,
}

/// `VolumeSnapshot.spec.source`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeSnapshotSource {
    /// The PVC (same namespace) to take a new snapshot of.
    #[serde(default)]
    pub persistent_volume_claim_name: Option<String>,
    /// An existing VolumeSnapshotContent to bind to.
    #[serde(default)]
    pub volume_snapshot_content_name: Option<String>,
}

/// `VolumeSnapshot.status`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeSnapshotStatus {
    /// The VolumeSnapshotContent this snapshot is bound to.
    #[serde(default)]
    pub bound_volume_snapshot_content_name: Option<String>,
    /// When the storage system took the snapshot (RFC 3339).
    #[serde(default)]
    pub creation_time: Option<String>,
    /// Whether the snapshot can be restored from.
    #[serde(default)]
    pub ready_to_use: Option<bool>,
    /// The smallest volume the snapshot can be restored into.
    #[serde(default)]
    pub restore_size: Option<Quantity>,
    /// The last error met while taking the snapshot.
    #[serde(default)]
    pub error: Option<VolumeSnapshotError>,
}

/// `VolumeSnapshot.status.error`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeSnapshotError {
    /// What went wrong.
    #[serde(default)]
    pub message: Option<String>,
    /// When (RFC 3339).
    #[serde(default)]
    pub time: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn read_first(text: &str) -> ObjectRead {
        read(&yaml::parse(text).documents[0])
    }

    #[test]
    fn reads_the_guide() {
        let parse = yaml::parse(crate::examples::GUIDE);
        let service = read(&parse.documents[0]);
        let sts = read(&parse.documents[1]);
        assert!(service.issues.is_empty() && sts.issues.is_empty());
        let Some(Object::StatefulSet(sts)) = sts.object else { panic!("not a StatefulSet") };
        let spec = sts.spec.unwrap();
        assert_eq!(spec.replicas, Some(3));
        assert_eq!(spec.service_name.as_deref(), Some("recovery-demo-headless"));
        let Some(Object::Service(svc)) = service.object else { panic!("not a Service") };
        assert_eq!(svc.spec.unwrap().cluster_ip.as_deref(), Some("None"));
    }

    #[test]
    fn reads_the_other_guide_kinds() {
        let snapshot = read_first(
            "apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata: {name: b}\nspec:\n  volumeSnapshotClassName: csi-snapclass\n  source: {persistentVolumeClaimName: data-recovery-demo-db-0}\n",
        );
        let Some(Object::VolumeSnapshot(s)) = snapshot.object else { panic!("{snapshot:?}") };
        assert_eq!(s.spec.source.persistent_volume_claim_name.as_deref(), Some("data-recovery-demo-db-0"));
        let pdb = read_first("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: x}}}\n");
        assert!(matches!(pdb.object, Some(Object::PodDisruptionBudget(_))), "{pdb:?}");
        let cron = read_first("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '0 2 * * *'\n  jobTemplate: {spec: {template: {spec: {containers: [{name: b, image: x}]}}}}\n");
        assert!(matches!(cron.object, Some(Object::CronJob(_))), "{cron:?}");
        let secret = read_first("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: x}\n");
        assert!(matches!(secret.object, Some(Object::Secret(_))));
        let pvc = read_first("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec: {accessModes: [ReadWriteOnce]}\n");
        assert!(matches!(pvc.object, Some(Object::PersistentVolumeClaim(_))));
        let other = read_first("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        assert_eq!(other.object.as_ref().and_then(Object::kind), Some("ConfigMap"));
    }

    #[test]
    fn type_errors_are_located_once() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replicas: three\n  selector: {matchLabels: {app: web}}\n  template: {metadata: {labels: {app: web}}}\n";
        let r = read_first(text);
        assert!(r.object.is_none());
        assert_eq!(r.issues.len(), 1, "{:?}", r.issues);
        assert_eq!(&text[r.issues[0].range.as_range()], "three");
        assert_eq!(r.issues[0].message, "expected an integer, found a string");
    }

    #[test]
    fn old_api_versions_still_decode() {
        let r = read_first("apiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata: {name: web}\nspec: {selector: {matchLabels: {a: b}}, template: {}}\n");
        assert!(matches!(r.object, Some(Object::StatefulSet(_))));
        assert_eq!(r.issues[0].kind.code(), "wrong-api-version");
    }
}
