//! UPD001: an edit changes a StatefulSet field that cannot be updated.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{entry_range, first_difference};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use serde_json::Value;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD001",
    name: "immutable-field-changed",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.{field}` cannot be changed once the StatefulSet exists (applied: {old})",
    checks_md_id: Some("SS-79"),
    other_tools: &[],
    check: Check::Update(run),
    ..BASE
};

const MUTABLE: &[&str] = &["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

/// The server's message for a forbidden StatefulSet spec update.
pub(crate) const FORBIDDEN: &str = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/// A spec field's value with the API's defaults applied where they hide no change.
fn normalized(field: &str, value: Option<Value>) -> Value {
    match (field, value) {
        ("podManagementPolicy", None) => Value::String("OrderedReady".into()),
        ("serviceName", None) => Value::String(String::new()),
        ("volumeClaimTemplates", None) => Value::Array(Vec::new()),
        (_, v) => v.unwrap_or(Value::Null),
    }
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) if s.is_empty() => "unset".to_owned(),
        Value::String(s) => format!("`{s}`"),
        Value::Null => "unset".to_owned(),
        Value::Array(_) | Value::Object(_) => "a different value".to_owned(),
        other => format!("`{other}`"),
    };
    if s.len() > 60 {
        format!("{}…`", &s[..s.char_indices().nth(57).map(|(i, _)| i).unwrap_or(s.len())])
    } else {
        s
    }
}

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in new.of_kind("StatefulSet") {
        let Some((_, before)) = old.of_kind("StatefulSet").find(|(_, o)| o.name == obj.name && o.namespace == obj.namespace && o.name.is_some()) else { continue };
        let (Some(new_spec), Some(old_spec)) = (obj.root.get("spec"), before.root.get("spec")) else { continue };
        let mut fields: Vec<&str> = new_spec.entries().unwrap_or(&[]).iter().chain(old_spec.entries().unwrap_or(&[])).filter_map(|e| e.key.as_str()).collect();
        fields.dedup();
        let mut seen = Vec::new();
        for field in fields {
            if MUTABLE.contains(&field) || seen.contains(&field) {
                continue;
            }
            seen.push(field);
            let a = normalized(field, old_spec.get(field).map(|n| n.to_json()));
            let b = normalized(field, new_spec.get(field).map(|n| n.to_json()));
            if a == b {
                continue;
            }
            let changed = match (new_spec.get(field), old_spec.get(field)) {
                (Some(n), Some(o)) => first_difference(n, o, &obj.path(&format!("spec.{field}"))).map(|(r, _)| r),
                _ => None,
            };
            let range = changed.or_else(|| new_spec.entry(field).map(entry_range)).unwrap_or_else(|| obj.anchor().0);
            let d = sink.report(obj.file, range, obj.path(&format!("spec.{field}")), format!("`spec.{field}` cannot be changed once the StatefulSet exists (applied: {})", short(&a)));
            d.api_error = Some(FORBIDDEN.into());
            d.help = Some(match field {
                "volumeClaimTemplates" => "resize the existing PersistentVolumeClaims, or recreate the StatefulSet with `kubectl delete sts --cascade=orphan`".into(),
                _ => "revert this change, or delete the StatefulSet with `--cascade=orphan` and create it again".into(),
            });
        }
    }
}
