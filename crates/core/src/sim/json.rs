//! JSON helpers for the API server's write paths: merge patches (`kubectl patch
//! --type=merge`) and the three-way merge of `kubectl apply`.

use serde_json::{Map, Value};

/// Applies an RFC 7386 JSON merge patch: objects merge key by key, `null` deletes, anything
/// else (arrays included) replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(target_map) = target else { return };
    for (k, v) in patch_map {
        if v.is_null() {
            target_map.remove(k);
        } else {
            merge_patch(target_map.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// The three-way merge `kubectl apply` performs, simplified to JSON merge semantics (lists
/// are replaced whole): fields in `desired` are set; fields that were in `last_applied` but
/// are gone from `desired` are removed; every other field of `live` is kept (so a replica
/// count changed by `kubectl scale` survives an apply of a manifest that does not set it).
pub fn three_way(live: &Value, last_applied: Option<&Value>, desired: &Value) -> Value {
    match (live, desired) {
        (Value::Object(live_map), Value::Object(desired_map)) => {
            let last_map = last_applied.and_then(Value::as_object);
            let mut out = Map::new();
            for (k, v) in live_map {
                if desired_map.contains_key(k) {
                    continue;
                }
                let was_applied = last_map.is_some_and(|m| m.contains_key(k));
                if !was_applied {
                    out.insert(k.clone(), v.clone());
                }
            }
            for (k, dv) in desired_map {
                let lv = live_map.get(k);
                let last_v = last_map.and_then(|m| m.get(k));
                let merged = match lv {
                    Some(lv) => three_way(lv, last_v, dv),
                    None => dv.clone(),
                };
                if !merged.is_null() {
                    out.insert(k.clone(), merged);
                }
            }
            Value::Object(out)
        }
        _ => desired.clone(),
    }
}

/// Removes `null` values from objects, recursively (what the server does with them on
/// create).
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// The 32-bit FNV-1 hash (`hash/fnv.New32`), which `controller/history` uses for revision
/// names.
pub fn fnv32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in bytes {
        hash = hash.wrapping_mul(0x0100_0193);
        hash ^= u32::from(*b);
    }
    hash
}

/// `rand.SafeEncodeString`: maps each character onto an alphabet without vowels (nor
/// confusable digits), as Kubernetes does for generated names and hashes.
pub fn safe_encode(text: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    text.bytes().map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc7386() {
        let mut t = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2]});
        merge_patch(&mut t, &json!({"a": null, "b": {"c": 9}, "e": [3], "f": "x"}));
        assert_eq!(t, json!({"b": {"c": 9, "d": 3}, "e": [3], "f": "x"}));
    }

    #[test]
    fn three_way_keeps_fields_others_changed() {
        let last = json!({"spec": {"template": "t1"}});
        let live = json!({"spec": {"template": "t1", "replicas": 5}, "status": {"x": 1}});
        let desired = json!({"spec": {"template": "t2"}});
        assert_eq!(three_way(&live, Some(&last), &desired), json!({"spec": {"template": "t2", "replicas": 5}, "status": {"x": 1}}));
        let last = json!({"spec": {"template": "t1", "replicas": 3}});
        let live = json!({"spec": {"template": "t1", "replicas": 3}});
        assert_eq!(three_way(&live, Some(&last), &desired), json!({"spec": {"template": "t2"}}), "a field removed from the manifest is removed");
    }

    #[test]
    fn fnv_and_safe_encoding() {
        assert_eq!(fnv32(b""), 0x811c_9dc5);
        assert_eq!(fnv32(b"a"), 0x050c_5d7e);
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }
}
