//! JSON to YAML the way `kubectl get -o yaml` prints it (sigs.k8s.io/yaml over go-yaml):
//! keys sorted, sequences at their parent key's indentation, strings quoted only when they
//! would read as something else, multi-line strings as literal blocks.

use serde_json::Value;

/// Renders a value as a YAML document (no leading `---`).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_seq(items, 0, &mut out),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn indent(n: usize, out: &mut String) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn write_map(map: &serde_json::Map<String, Value>, level: usize, out: &mut String) {
    for (k, v) in sorted(map) {
        indent(level, out);
        out.push_str(&key(k));
        out.push(':');
        write_value_after_key(v, level, out);
    }
}

fn write_value_after_key(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, level + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(items, level, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, level + 2));
            out.push('\n');
        }
    }
}

fn write_seq(items: &[Value], level: usize, out: &mut String) {
    for item in items {
        indent(level, out);
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => {
                let entries = sorted(m);
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        indent(level + 2, out);
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    write_value_after_key(v, level + 2, out);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(inner, level + 2, out);
            }
            other => {
                out.push_str(&scalar(other, level + 2));
                out.push('\n');
            }
        }
    }
}

fn key(k: &str) -> String {
    if needs_quotes(k) {
        quote(k)
    } else {
        k.to_owned()
    }
}

fn scalar(v: &Value, block_indent: usize) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, block_indent),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
    }
}

fn string(s: &str, block_indent: usize) -> String {
    if s.contains('\n') && !s.chars().any(|c| c != '\n' && c.is_control()) && !s.starts_with(' ') {
        let chomp = if s.ends_with('\n') { "" } else { "-" };
        let mut out = format!("|{chomp}");
        for line in s.trim_end_matches('\n').split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&" ".repeat(block_indent));
                out.push_str(line);
            }
        }
        return out;
    }
    if needs_quotes(s) {
        quote(s)
    } else {
        s.to_owned()
    }
}

/// Whether a plain scalar would be read back as something other than this string.
pub fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    const SPECIAL_WORDS: [&str; 14] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf", "+.inf"];
    if SPECIAL_WORDS.contains(&lower.as_str()) {
        return true;
    }
    if looks_numeric(s) || looks_like_timestamp(s) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "?:,[]{}#&*!|>'\"%@`".contains(first) {
        return true;
    }
    if first == '-' && (s.len() == 1 || s.starts_with("- ") || s.starts_with("---")) {
        return true;
    }
    s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(|c| c.is_control()) || s.contains('\t')
}

fn looks_numeric(s: &str) -> bool {
    let t = s.trim_start_matches(['+', '-']);
    if t.is_empty() {
        return false;
    }
    if t.starts_with("0x") || t.starts_with("0o") {
        return t.len() > 2 && t[2..].chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    let mut digits = 0;
    let mut ok = true;
    let mut seen_e = false;
    for (i, c) in t.char_indices() {
        match c {
            '0'..='9' => digits += 1,
            '.' | '_' => {}
            'e' | 'E' if !seen_e && i > 0 => seen_e = true,
            '+' | '-' if seen_e => {}
            ':' => {}
            _ => {
                ok = false;
                break;
            }
        }
    }
    ok && digits > 0
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5].is_ascii_digit() && b[7] == b'-' && b[8].is_ascii_digit()
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prints_like_kubectl() {
        let v = json!({
            "metadata": {"name": "web-0", "labels": {"apps.kubernetes.io/pod-index": "0", "app": "nginx"}, "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}]}], "hostname": "web-0", "x": "", "y": true, "z": "yes"},
            "apiVersion": "v1"
        });
        expect_test::expect![[r#"
            apiVersion: v1
            metadata:
              creationTimestamp: "2026-01-01T00:00:00Z"
              labels:
                app: nginx
                apps.kubernetes.io/pod-index: "0"
              name: web-0
            spec:
              containers:
              - image: nginx:1.25
                name: nginx
                ports:
                - containerPort: 80
                  protocol: TCP
              hostname: web-0
              x: ""
              "y": true
              z: "yes"
        "#]]
        .assert_eq(&to_yaml(&v));
    }

    #[test]
    fn round_trips_through_our_parser() {
        let v = json!({"a": ["-x", "- y", "a: b", "#c", "1.5", "0644", "on", "null", "line1\nline2\n", "tail\nno newline", {}, [], {"k": [1, 2]}],
                       "empty": {}, "list": [], "odd key: x": 1, "t": "x\ty"});
        let text = to_yaml(&v);
        let parsed = crate::yaml::parse(&text);
        assert!(parsed.errors.is_empty(), "{text}\n{:?}", parsed.errors);
        assert_eq!(parsed.documents[0].root.as_ref().unwrap().to_json(), v, "{text}");
    }
}
