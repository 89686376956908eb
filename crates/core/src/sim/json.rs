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

/// SHA-256 as lowercase hex (FIPS 180-4), for names Kubernetes derives from a digest
/// (VolumeAttachments: `csi-<sha256>`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut h: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut msg = bytes.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((bytes.len() as u64) * 8).to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
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
    fn sha256_test_vectors() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(&[b'a'; 100]), "2816597888e4a0d3a36b82b83316ab32680eb8f00f8cd3b904d681246d285a0e");
    }

    #[test]
    fn fnv_and_safe_encoding() {
        assert_eq!(fnv32(b""), 0x811c_9dc5);
        assert_eq!(fnv32(b"a"), 0x050c_5d7e);
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }
}
