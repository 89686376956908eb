//! ControllerRevisions (`pkg/controller/history`, `stateful_set_utils.go :: newRevision`):
//! what a revision stores, how it is named and how a rollback reuses one.

use super::json::{fnv32, safe_encode};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use serde_json::{json, Value};

/// The data a StatefulSet revision stores: a strategic-merge patch that replaces
/// `spec.template` (`getPatch`).
pub fn revision_data(template: &PodTemplateSpec) -> Value {
    let mut t = serde_json::to_value(template).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut t {
        map.insert("$patch".to_owned(), Value::String("replace".to_owned()));
    }
    json!({"spec": {"template": t}})
}

/// `HashControllerRevision`: FNV-32 of the serialized data and the collision count, encoded
/// with `rand.SafeEncodeString`.
pub fn revision_hash(data: &Value, collision_count: i32) -> String {
    let mut bytes = serde_json::to_vec(data).unwrap_or_default();
    bytes.extend_from_slice(collision_count.to_string().as_bytes());
    safe_encode(&fnv32(&bytes).to_string())
}

/// `ControllerRevisionName`: `<prefix>-<hash>`, the prefix cut to 223 characters.
pub fn revision_name(set_name: &str, hash: &str) -> String {
    let prefix: String = set_name.chars().take(223).collect();
    format!("{prefix}-{hash}")
}

/// The template stored in a revision's data.
pub fn template_of(data: &Value) -> PodTemplateSpec {
    let mut t = data.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    if let Value::Object(map) = &mut t {
        map.remove("$patch");
    }
    serde_json::from_value(t).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_template_round_trips() {
        let template: PodTemplateSpec = serde_json::from_value(json!({
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1"}]}
        }))
        .unwrap();
        let data = revision_data(&template);
        let h = revision_hash(&data, 0);
        assert_eq!(h, revision_hash(&data, 0));
        assert_ne!(h, revision_hash(&data, 1));
        assert!(h.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)));
        assert!(h.len() <= 10);
        assert_eq!(template_of(&data), template);
        assert_eq!(revision_name("web", &h), format!("web-{h}"));
    }
}
