//! PVC003: ReadWriteMany or ReadOnlyMany on a block-storage class.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC003",
    name: "rwx-on-block-storage",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`{mode}` is not supported by block storage (StorageClass `{class}`): the claim stays `Pending`",
    checks_md_id: Some("SS-19"),
    other_tools: &[("KICS", "3878dc92 Incorrect Volume Claim Access Mode ReadWriteOnce"), ("kubesec", "VolumeClaimAccessModeReadWriteOnce")],
    check: Check::Files(run),
    ..BASE
};

/// Provisioners of block storage.
const BLOCK_PROVISIONERS: &[&str] = &[
    "ebs.csi.aws.com",
    "kubernetes.io/aws-ebs",
    "pd.csi.storage.gke.io",
    "kubernetes.io/gce-pd",
    "disk.csi.azure.com",
    "kubernetes.io/azure-disk",
    "rbd.csi.ceph.com",
    "kubernetes.io/rbd",
    "cinder.csi.openstack.org",
    "kubernetes.io/cinder",
    "csi.vsphere.vmware.com",
    "kubernetes.io/vsphere-volume",
    "dobs.csi.digitalocean.com",
    "pd.csi.storage.gke.io",
];

/// Default class names of managed clusters that are block storage.
const BLOCK_CLASS_NAMES: &[&str] = &[
    "gp2", "gp3", "io1", "io2", "st1", "sc1", "standard-rwo", "premium-rwo", "pd-standard", "pd-ssd", "pd-balanced",
    "managed-csi", "managed-csi-premium", "managed-premium", "managed", "default", "do-block-storage",
];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for claim in super::claims(ws) {
        let Some(spec) = claim.spec() else { continue };
        let Some(class) = spec.get_str("storageClassName").filter(|c| !c.is_empty()) else { continue };
        let defined = ws.find_named("StorageClass", class, claim.obj).next();
        let block = match defined {
            Some((_, sc)) => sc.root.get_str("provisioner").is_some_and(|p| BLOCK_PROVISIONERS.contains(&p)),
            None => BLOCK_CLASS_NAMES.contains(&class),
        };
        if !block {
            continue;
        }
        for (i, mode) in spec.get("accessModes").and_then(|m| m.items()).unwrap_or(&[]).iter().enumerate() {
            let Some(m) = mode.as_str() else { continue };
            if m != "ReadWriteMany" && m != "ReadOnlyMany" {
                continue;
            }
            sink.report(
                claim.obj.file,
                mode.range,
                claim.path.key("spec").key("accessModes").index(i),
                format!("`{m}` is not supported by block storage (StorageClass `{class}`): the claim stays `Pending`"),
            )
            .help = Some("use `ReadWriteOnce` (one disk per replica), or a file-storage class for shared access".into());
        }
    }
}
