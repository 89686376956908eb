//! `API`: what the API server's validation rejects, with the server's own field paths and
//! messages. The checks themselves are [`crate::apiserver`]'s; each class of its errors is a
//! rule here, and [`classify`] says which. Errors that a more specific rule already explains
//! (selector mismatch STS001, missing selector STS002, unknown mount PVC001, missing storage
//! size PVC004) are left to it.

pub(crate) mod api_validation;
pub(crate) mod container_invalid;
pub(crate) mod invalid_name;
pub(crate) mod label_invalid;
pub(crate) mod negative_value;
pub(crate) mod pod_management_policy;
pub(crate) mod port_invalid;
pub(crate) mod resources_invalid;
pub(crate) mod retention_policy_value;
pub(crate) mod service_invalid;
pub(crate) mod template_forbidden_field;
pub(crate) mod update_strategy_invalid;

use super::util::{entry_range, scalar_text};
use super::workspace::Workspace;
use super::Sink;
use crate::apiserver::{ErrorType, FieldError};
use crate::yaml::{Node, Path, Segment, TextRange};

/// The rule that explains a server error (`None`: another rule family does).
pub(crate) fn classify(e: &FieldError) -> Option<&'static str> {
    let p = e.path.as_str();
    let covered = (p.ends_with("template.metadata.labels") && e.detail.contains("does not match"))
        || (p == "spec.selector" && e.error_type == ErrorType::Required)
        || (p.contains("volumeMounts[") && p.ends_with(".name") && e.error_type == ErrorType::NotFound)
        || (p.contains("volumeClaimTemplates[") && p.ends_with("resources[storage]") && e.error_type == ErrorType::Required);
    if covered {
        return None;
    }
    Some(if e.detail.contains("must be greater than or equal to 0") {
        "API002"
    } else if p == "metadata.name" || p.ends_with(".metadata.name") && !p.contains("template") {
        "API001"
    } else if p == "spec.podManagementPolicy" {
        "API003"
    } else if p.starts_with("spec.updateStrategy") {
        "API004"
    } else if p.starts_with("spec.persistentVolumeClaimRetentionPolicy") {
        "API005"
    } else if p.ends_with("template.spec.restartPolicy") || p.ends_with("template.spec.activeDeadlineSeconds") {
        "API006"
    } else if p.contains("ports[") || p == "spec.ports" {
        "API007"
    } else if p.contains("containers[") && (p.ends_with(".name") || p.ends_with(".image")) || p.ends_with("containers") {
        "API008"
    } else if p.contains("labels") || p.contains("selector") || p.contains("annotations") {
        "API009"
    } else if p.contains(".resources") {
        "API010"
    } else if p.starts_with("spec.") && p.split('.').count() <= 2 && !p.starts_with("spec.template") && !p.starts_with("spec.volumeClaimTemplates") && e.error_type != ErrorType::Required || p.starts_with("spec.clusterIP") || p.starts_with("spec.type") {
        "API011"
    } else {
        "API012"
    })
}

/// Where a server path points in the object: the value of a scalar, the key of a mapping or
/// list, and for a missing field the key of its closest existing parent.
pub(crate) fn locate(root: &Node, path: &Path) -> (TextRange, Path) {
    let segs = path.segments();
    for len in (1..=segs.len()).rev() {
        let prefix = Path(segs[..len].to_vec());
        let Some(node) = root.at(&prefix) else { continue };
        let key_range = match segs[len - 1] {
            Segment::Key(_) => root.entry_at(&prefix).map(|e| e.key.range),
            Segment::Index(_) => None,
        };
        let range = match (node.as_scalar(), key_range) {
            (Some(_), _) if len == segs.len() => node.range,
            (_, Some(k)) => k,
            _ => node.range,
        };
        return (range, prefix);
    }
    (root.entries().and_then(|e| e.first()).map(|e| e.key.range).unwrap_or(root.range), Path::root())
}

/// Reports the server errors of the running rule's class.
pub(crate) fn emit(ws: &Workspace<'_>, sink: &mut Sink, code: &str) {
    for (i, e) in ws.server_errors() {
        if classify(e) != Some(code) {
            continue;
        }
        let obj = &ws.objects[*i];
        let path = Path::parse(&e.path);
        // the server reports `clusterIP` through its plural twin `clusterIPs`
        let written = Path::parse(&e.path.replace("spec.clusterIPs[0]", "spec.clusterIP"));
        let (range, _) = locate(obj.root, if obj.root.at(&path).is_some() { &path } else { &written });
        let range = ws.missing_field_anchor(obj.file, range);
        // a map the server reports whole (`metadata.labels`) for one bad key or value: that entry
        let range = match (obj.root.at(&path).and_then(Node::entries), e.value.as_deref()) {
            (Some(entries), Some(value)) => {
                let value = value.trim_matches('"');
                entries.iter().find(|en| en.key.as_str() == Some(value) || scalar_text(&en.value).as_deref() == Some(value)).map_or(range, entry_range)
            }
            _ => range,
        };
        let full = super::workspace::join(&obj.base, &path);
        let d = sink.report(obj.file, range, full, format!("`{}`: {}", e.path, e.body()));
        d.api_error = Some(e.to_string());
    }
}
