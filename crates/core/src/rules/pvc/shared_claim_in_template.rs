//! PVC007: a StatefulSet's pod template mounts one PersistentVolumeClaim for every replica.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::bool_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC007",
    name: "shared-claim-in-template",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "every replica of StatefulSet `{name}` mounts the same claim `{claim}`: give each its own with a volumeClaimTemplate",
    checks_md_id: Some("SS-23"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in crate::rules::sts::statefulsets(ws) {
        let Some(t) = &sts.template else { continue };
        let containers = t.containers();
        let templates: Vec<&str> = sts.obj.at("spec.volumeClaimTemplates").and_then(|v| v.items()).unwrap_or(&[]).iter().filter_map(|c| c.get("metadata").and_then(|m| m.get_str("name"))).collect();
        for (path, volume) in t.volumes() {
            // the controller replaces a volume named like a claim template by the pod's own claim
            if volume.get_str("name").is_some_and(|n| templates.contains(&n)) {
                continue;
            }
            let Some(pvc) = volume.get("persistentVolumeClaim") else { continue };
            let Some(claim_node) = pvc.get("claimName") else { continue };
            let Some(claim) = claim_node.as_str().filter(|c| !c.is_empty()) else { continue };
            if pvc.get("readOnly").and_then(bool_of) == Some(true) {
                continue;
            }
            let name = volume.get_str("name");
            let mounts: Vec<_> = containers.iter().flat_map(|c| c.mounts()).filter(|(_, m)| m.get_str("name") == name && name.is_some()).collect();
            if !mounts.is_empty() && mounts.iter().all(|(_, m)| m.get("readOnly").and_then(bool_of) == Some(true)) {
                continue;
            }
            let defined = ws.find_named("PersistentVolumeClaim", claim, sts.obj).next();
            let shared_mode = defined.and_then(|(_, o)| o.at("spec.accessModes")).and_then(|m| m.items()).is_some_and(|modes| modes.iter().any(|m| m.as_str() == Some("ReadWriteMany")));
            let d = sink.report(
                sts.obj.file,
                claim_node.range,
                path.key("persistentVolumeClaim").key("claimName"),
                format!("every replica of StatefulSet `{}` mounts the same claim `{claim}`: give each its own with a volumeClaimTemplate", sts.obj.name.unwrap_or("")),
            );
            d.help = Some("move the volume into `spec.volumeClaimTemplates` under the same name and copy the data over".into());
            if let Some((_, o)) = defined {
                let (range, _) = o.anchor();
                d.related.push(Related { file: o.file, range, message: "the shared claim".into() });
            }
            if shared_mode {
                d.severity = Severity::Info;
            }
        }
    }
}
