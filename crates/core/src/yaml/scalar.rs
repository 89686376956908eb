//! Scalar styles and how Kubernetes reads a scalar's value.

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

impl ScalarStyle {
    /// Whether the scalar was quoted or written as a block (so it is always a string).
    pub fn is_quoted_or_block(self) -> bool {
        !matches!(self, ScalarStyle::Plain)
    }
}

impl From<saphyr_parser::ScalarStyle> for ScalarStyle {
    fn from(s: saphyr_parser::ScalarStyle) -> Self {
        match s {
            saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
            saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
            saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
        }
    }
}

/// The value of a scalar as the Kubernetes API machinery reads it.
///
/// `kubectl` and the API server read YAML with `sigs.k8s.io/yaml`, which follows YAML 1.1 for
/// plain scalars: besides `true`/`false`, the words `yes`, `no`, `on`, `off`, `y` and `n` (in
/// any of their usual cases) are booleans. That is why `value: yes` in an env var is rejected
/// as "a bool where a string is expected". We resolve scalars the same way.
#[derive(Clone, Debug, PartialEq)]
pub enum ScalarValue {
    /// `null`, `~`, or nothing.
    Null,
    /// `true`, `yes`, `on`, …
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Anything else, and every quoted or block scalar.
    Str(String),
}

impl ScalarValue {
    /// Resolves `text` written in `style` (and with an optional explicit `tag`).
    pub fn resolve(text: &str, style: ScalarStyle, tag: Option<&str>) -> ScalarValue {
        if let Some(tag) = tag {
            let suffix = tag.rsplit([':', '!']).next().unwrap_or(tag);
            match suffix {
                "str" => return ScalarValue::Str(text.to_owned()),
                "int" => {
                    if let Some(i) = parse_int(text) {
                        return ScalarValue::Int(i);
                    }
                }
                "bool" => {
                    if let Some(b) = parse_bool(text) {
                        return ScalarValue::Bool(b);
                    }
                }
                "null" => return ScalarValue::Null,
                _ => {}
            }
        }
        if style.is_quoted_or_block() {
            return ScalarValue::Str(text.to_owned());
        }
        if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
            return ScalarValue::Null;
        }
        if let Some(b) = parse_bool(text) {
            return ScalarValue::Bool(b);
        }
        if let Some(i) = parse_int(text) {
            return ScalarValue::Int(i);
        }
        if let Some(f) = parse_float(text) {
            return ScalarValue::Float(f);
        }
        ScalarValue::Str(text.to_owned())
    }

    /// A short name of the value's type, as Kubernetes error messages say it.
    pub fn type_name(&self) -> &'static str {
        match self {
            ScalarValue::Null => "null",
            ScalarValue::Bool(_) => "boolean",
            ScalarValue::Int(_) => "integer",
            ScalarValue::Float(_) => "number",
            ScalarValue::Str(_) => "string",
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ScalarValue::Null => serde_json::Value::Null,
            ScalarValue::Bool(b) => serde_json::Value::Bool(*b),
            ScalarValue::Int(i) => serde_json::Value::from(*i),
            ScalarValue::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            ScalarValue::Str(s) => serde_json::Value::String(s.clone()),
        }
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => Some(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => Some(false),
        _ => None,
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let body = body.replace('_', "");
    if body.is_empty() {
        return None;
    }
    let magnitude = if let Some(hex) = body.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = body.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if let Some(bin) = body.strip_prefix("0b") {
        // go-yaml v2 reads YAML 1.1 binary integers
        i64::from_str_radix(bin, 2).ok()?
    } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
        // YAML 1.1 octal, as sigs.k8s.io/yaml reads `0644`
        i64::from_str_radix(&body[1..], 8).ok()?
    } else if body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -magnitude } else { magnitude })
}

fn parse_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    let ok = !t.is_empty()
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-' | b'_'))
        && (t.contains('.') || t.contains('e') || t.contains('E'))
        && t.as_bytes()[0] != b'e'
        && t.as_bytes()[0] != b'E';
    if !ok {
        return None;
    }
    text.replace('_', "").parse::<f64>().ok()
}
