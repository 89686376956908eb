//! `PVC`: volumes, volumeClaimTemplates and where the data really goes.

pub(crate) mod claim_template_not_mounted;
pub(crate) mod claims_outlive_statefulset;
pub(crate) mod host_path_volume;
pub(crate) mod pgdata_is_mount_root;
pub(crate) mod pgdata_not_on_volume;
pub(crate) mod retention_policy_deletes_claims;
pub(crate) mod rwx_on_block_storage;
pub(crate) mod shared_claim_in_template;
pub(crate) mod storage_class_unset;
pub(crate) mod pgdata_not_writable;
pub(crate) mod snapshot_claim_elsewhere;
pub(crate) mod storage_request_missing;
pub(crate) mod storage_size_suspect;
pub(crate) mod volume_mount_not_found;

use super::workspace::{items_with_paths, Object, Workspace};
use crate::yaml::{Node, Path};

/// A claim: a volumeClaimTemplate of a StatefulSet or a PersistentVolumeClaim object.
pub(crate) struct Claim<'w, 'a> {
    pub obj: &'w Object<'a>,
    /// The claim's mapping (with `metadata` and `spec`).
    pub node: &'a Node,
    pub path: Path,
    /// Whether it is a volumeClaimTemplate (else a PersistentVolumeClaim object).
    pub template: bool,
}

impl<'a> Claim<'_, 'a> {
    pub fn name(&self) -> Option<&'a str> {
        self.node.get("metadata").and_then(|m| m.get_str("name"))
    }

    pub fn spec(&self) -> Option<&'a Node> {
        self.node.get("spec")
    }

    /// Where to point for the claim as a whole: its name, else its first key.
    pub fn anchor(&self) -> crate::yaml::TextRange {
        self.node.get("metadata").and_then(|m| m.get("name")).map(|n| n.range).or_else(|| self.node.entries().and_then(|e| e.first()).map(|e| e.key.range)).unwrap_or(self.node.range)
    }

    /// `volumeClaimTemplate \`data\`` or `PersistentVolumeClaim \`data\``.
    pub fn label(&self) -> String {
        let what = if self.template { "volumeClaimTemplate" } else { "PersistentVolumeClaim" };
        format!("the {what} `{}`", self.name().unwrap_or("?"))
    }
}

/// Every claim of the input.
pub(crate) fn claims<'w, 'a>(ws: &'w Workspace<'a>) -> Vec<Claim<'w, 'a>> {
    let mut out = Vec::new();
    for obj in &ws.objects {
        match obj.kind {
            "StatefulSet" => {
                for (path, node) in items_with_paths(obj.at("spec.volumeClaimTemplates"), &obj.path("spec.volumeClaimTemplates")) {
                    out.push(Claim { obj, node, path, template: true });
                }
            }
            "PersistentVolumeClaim" => out.push(Claim { obj, node: obj.root, path: obj.base.clone(), template: false }),
            _ => {}
        }
    }
    out
}

/// The mounts of a container that carry `volume`, with their `mountPath` and `subPath`.
pub(crate) fn mount_paths<'a>(mounts: &[(Path, &'a Node)]) -> Vec<(&'a str, Option<&'a str>, &'a str, &'a Node)> {
    mounts
        .iter()
        .filter_map(|(_, m)| Some((m.get_str("name")?, m.get_str("subPath").filter(|s| !s.is_empty()), m.get_str("mountPath")?, *m)))
        .collect()
}
