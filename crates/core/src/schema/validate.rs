//! Checking a document against the schema.

use super::{did_you_mean, lookup_kind, quantity, type_def, FieldType, KindMatch};
use crate::yaml::{Document, Node, NodeKind, Path, ScalarStyle, ScalarValue, TextRange};

/// A place where a document does not fit the API schema.
///
/// The lint layer turns these into findings: `kind` says what is wrong (and has a stable
/// [`SchemaIssueKind::code`]), `message` says it in one line for the reader (lower case, code in
/// backticks, no final period), and `suggestion`, when present, is the replacement text for
/// `range` that fixes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaIssue {
    /// Where: the value's own range for a type error or an unsupported value, the key's range
    /// for an unknown or duplicate field, the parent key for a missing field.
    pub range: TextRange,
    /// The path of the field concerned.
    pub path: Path,
    /// What is wrong.
    pub kind: SchemaIssueKind,
    /// The message, e.g. "expected an integer, found a string".
    pub message: String,
    /// Text that replaces `range` to fix the problem, when there is an obvious one
    /// (`replicas` for `replica`, `"yes"` for `yes`, `1Gi` for `1GB`).
    pub suggestion: Option<String>,
}

/// The kinds of [`SchemaIssue`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaIssueKind {
    /// The value has the wrong type (`replicas: three`).
    TypeMismatch {
        /// What the schema expects: "an integer", "a string", "a list", …
        expected: &'static str,
        /// What the document has: "a string", "a boolean", …
        found: &'static str,
    },
    /// A plain `yes`/`no`/`on`/`off`/`y`/`n` where a string is expected: YAML 1.1 (which the
    /// API machinery follows) reads it as a boolean.
    Yaml11Boolean,
    /// A key the type does not have.
    UnknownField {
        /// The closest field name, if one is close enough to be a typo.
        did_you_mean: Option<String>,
    },
    /// A key written twice in the same mapping (the API rejects it; only the last would count).
    DuplicateField,
    /// A field the API requires is absent.
    MissingField,
    /// A string outside the field's enumeration (`protocol: tcp`).
    UnsupportedValue {
        /// The accepted values.
        allowed: Vec<&'static str>,
    },
    /// A string that is not a resource quantity (`storage: 1GB`).
    InvalidQuantity,
    /// A Secret `data` value that is not valid base64.
    InvalidBase64,
    /// A mapping key that is not a string (a list or a mapping used as a key).
    NonStringKey,
    /// The document is not a mapping (a list or a scalar at the top).
    NotAnObject,
    /// `apiVersion` is missing.
    MissingApiVersion,
    /// `kind` is missing.
    MissingKind,
    /// A known kind with another `apiVersion` than the one the app knows.
    WrongApiVersion {
        /// The apiVersion the app knows for this kind.
        expected: &'static str,
    },
    /// The typed decoder ([`crate::objects::read`]) rejected a value that validation let
    /// through; the message is the decoder's.
    Decode,
}

impl SchemaIssueKind {
    /// A stable kebab-case identifier, e.g. `unknown-field`.
    pub fn code(&self) -> &'static str {
        match self {
            SchemaIssueKind::TypeMismatch { .. } => "type-mismatch",
            SchemaIssueKind::Yaml11Boolean => "yaml11-boolean",
            SchemaIssueKind::UnknownField { .. } => "unknown-field",
            SchemaIssueKind::DuplicateField => "duplicate-field",
            SchemaIssueKind::MissingField => "missing-field",
            SchemaIssueKind::UnsupportedValue { .. } => "unsupported-value",
            SchemaIssueKind::InvalidQuantity => "invalid-quantity",
            SchemaIssueKind::InvalidBase64 => "invalid-base64",
            SchemaIssueKind::NonStringKey => "non-string-key",
            SchemaIssueKind::NotAnObject => "not-an-object",
            SchemaIssueKind::MissingApiVersion => "missing-api-version",
            SchemaIssueKind::MissingKind => "missing-kind",
            SchemaIssueKind::WrongApiVersion { .. } => "wrong-api-version",
            SchemaIssueKind::Decode => "decode",
        }
    }
}

/// Checks `doc` against the schema of its kind. Documents of kinds the app does not describe
/// give no issue (the explainer says it does not explain them); an empty document gives none.
pub fn validate(doc: &Document) -> Vec<SchemaIssue> {
    let mut out = Vec::new();
    let Some(root) = &doc.root else { return out };
    if root.entries().is_none() {
        if !root.is_null() {
            out.push(SchemaIssue {
                range: root.range,
                path: Path::root(),
                kind: SchemaIssueKind::NotAnObject,
                message: format!("a Kubernetes object must be a mapping of fields, found {}", found_noun(root)),
                suggestion: None,
            });
        }
        return out;
    }
    let start = TextRange::empty(root.range.start as usize);
    if doc.api_version().is_none() && root.get("apiVersion").is_none() {
        out.push(issue(start, Path::root().key("apiVersion"), SchemaIssueKind::MissingApiVersion, "missing `apiVersion`".into(), None));
    }
    if doc.kind().is_none() && root.get("kind").is_none() {
        out.push(issue(start, Path::root().key("kind"), SchemaIssueKind::MissingKind, "missing `kind`".into(), None));
    }
    let def = match lookup_kind(doc.api_version(), doc.kind()) {
        KindMatch::Unknown => return out,
        KindMatch::Known(def) => def,
        KindMatch::OtherVersion(def) => {
            let path = Path::root().key("apiVersion");
            let (range, written) = match root.get("apiVersion") {
                Some(node) => (node.range, node.as_str().unwrap_or("").to_owned()),
                None => (start, String::new()),
            };
            if !written.is_empty() {
                out.push(issue(
                    range,
                    path,
                    SchemaIssueKind::WrongApiVersion { expected: def.api_version },
                    format!(
                        "`{}` is served as `{}` in Kubernetes {}, not `{written}`",
                        def.kind,
                        def.api_version,
                        super::kubernetes_version()
                    ),
                    Some(def.api_version.to_owned()),
                ));
            }
            def
        }
    };
    let mut walker = Walker { out };
    walker.node(root, &FieldType::Object(def.type_name), &[], &Path::root(), None);
    let mut out = walker.out;
    out.sort_by_key(|i| (i.range.start, i.range.end));
    out
}

fn issue(range: TextRange, path: Path, kind: SchemaIssueKind, message: String, suggestion: Option<String>) -> SchemaIssue {
    SchemaIssue { range, path, kind, message, suggestion }
}

struct Walker {
    out: Vec<SchemaIssue>,
}

impl Walker {
    /// Checks `node` against `ty`. `key_range` is the range of the key that holds the node, if any
    /// (missing fields are reported there).
    fn node(&mut self, node: &Node, ty: &FieldType, enum_values: &[&'static str], path: &Path, key_range: Option<TextRange>) {
        // `null` means "not set" to the API, whatever the type.
        if node.is_null() {
            return;
        }
        match ty {
            FieldType::Any => {}
            FieldType::Object(name) => {
                let Some(def) = type_def(name) else { return };
                let Some(entries) = node.entries() else {
                    return self.mismatch(node, ty, path);
                };
                let mut seen: Vec<&str> = Vec::new();
                for e in entries {
                    let Some(key) = e.key.as_str() else {
                        self.non_string_key(e.key.range, path);
                        continue;
                    };
                    if key == "<<" {
                        // a YAML 1.1 merge key, which go-yaml (kubectl) merges: its keys count as
                        // written here (they are not type-checked a second time)
                        let merged = e.value.items().map_or_else(|| vec![&e.value], |items| items.iter().collect());
                        seen.extend(merged.iter().flat_map(|m| m.entries().unwrap_or(&[])).filter_map(|m| m.key.as_str()));
                        continue;
                    }
                    let child = path.key(key);
                    if seen.contains(&key) {
                        self.out.push(issue(
                            e.key.range,
                            child.clone(),
                            SchemaIssueKind::DuplicateField,
                            format!("duplicate field `{key}`: only the last one would be used, and the API rejects the object"),
                            None,
                        ));
                    }
                    seen.push(key);
                    match def.field(key) {
                        Some(f) => self.node(&e.value, &f.ty, &f.enum_values, &child, Some(e.key.range)),
                        None => {
                            let guess = did_you_mean(key, def.fields.iter().map(|f| f.name).filter(|n| !seen.contains(n)));
                            let message = match guess {
                                Some(g) => format!("unknown field `{key}`: did you mean `{g}`?"),
                                None => format!("unknown field `{key}`: `{}` has no such field", super::short_name(name)),
                            };
                            self.out.push(issue(
                                e.key.range,
                                child,
                                SchemaIssueKind::UnknownField { did_you_mean: guess.map(str::to_owned) },
                                message,
                                guess.map(str::to_owned),
                            ));
                        }
                    }
                }
                for f in def.fields.iter().filter(|f| f.required && !seen.contains(&f.name)) {
                    self.out.push(issue(
                        key_range.unwrap_or(TextRange::empty(node.range.start as usize)),
                        path.key(f.name),
                        SchemaIssueKind::MissingField,
                        format!("missing required field `{}`", f.name),
                        None,
                    ));
                }
            }
            FieldType::List(item) => {
                let Some(items) = node.items() else {
                    // `accessModes: ReadWriteOnce`: a single value where a list is expected.
                    let suggestion = node.as_scalar().filter(|_| matches!(**item, FieldType::String)).map(|s| format!("[\"{}\"]", s.value));
                    let found = found_noun(node);
                    self.out.push(issue(
                        node.range,
                        path.clone(),
                        SchemaIssueKind::TypeMismatch { expected: "a list", found },
                        format!("expected a list, found {found}"),
                        suggestion,
                    ));
                    return;
                };
                for (i, it) in items.iter().enumerate() {
                    self.node(it, item, enum_values, &path.index(i), None);
                }
            }
            FieldType::Map(value) => {
                let Some(entries) = node.entries() else {
                    return self.mismatch(node, ty, path);
                };
                for e in entries {
                    match e.key.as_str() {
                        // a merge key: its mapping's entries are this map's (checked where written)
                        Some("<<") if e.value.entries().is_some() || e.value.items().is_some() => {}
                        Some(key) => self.node(&e.value, value, &[], &path.key(key), Some(e.key.range)),
                        None => self.non_string_key(e.key.range, path),
                    }
                }
            }
            scalar_type => self.scalar(node, scalar_type, enum_values, path),
        }
    }

    fn non_string_key(&mut self, range: TextRange, path: &Path) {
        self.out.push(issue(
            range,
            path.clone(),
            SchemaIssueKind::NonStringKey,
            "a field name must be a string, found a list or a mapping used as a key".into(),
            None,
        ));
    }

    fn mismatch(&mut self, node: &Node, ty: &FieldType, path: &Path) {
        let found = found_noun(node);
        let expected = ty.noun();
        self.out.push(issue(
            node.range,
            path.clone(),
            SchemaIssueKind::TypeMismatch { expected, found },
            format!("expected {expected}, found {found}"),
            None,
        ));
    }

    fn scalar(&mut self, node: &Node, ty: &FieldType, enum_values: &[&'static str], path: &Path) {
        let Some(scalar) = node.as_scalar() else {
            return self.mismatch(node, ty, path);
        };
        let value = scalar.resolved();
        let ok = matches!(
            (ty, &value),
            (FieldType::String | FieldType::DateTime | FieldType::Bytes, ScalarValue::Str(_))
                | (FieldType::Integer, ScalarValue::Int(_))
                | (FieldType::Number, ScalarValue::Int(_) | ScalarValue::Float(_))
                | (FieldType::Boolean, ScalarValue::Bool(_))
                | (FieldType::IntOrString, ScalarValue::Int(_) | ScalarValue::Str(_))
                | (FieldType::Quantity, ScalarValue::Int(_) | ScalarValue::Float(_) | ScalarValue::Str(_))
        );
        if !ok {
            return self.scalar_mismatch(node, &scalar.value, scalar.style, ty, &value, path);
        }
        let ScalarValue::Str(text) = &value else { return };
        match ty {
            FieldType::Quantity => {
                if let Err(e) = quantity::parse(text) {
                    self.out.push(issue(node.range, path.clone(), SchemaIssueKind::InvalidQuantity, e.message, e.suggestion));
                }
            }
            FieldType::Bytes if !is_base64(text) => {
                self.out.push(issue(
                    node.range,
                    path.clone(),
                    SchemaIssueKind::InvalidBase64,
                    "this value is not valid base64: values under `data` must be base64-encoded (use `stringData` for plain text)".into(),
                    None,
                ));
            }
            _ if !enum_values.is_empty() && !enum_values.contains(&text.as_str()) => {
                let guess = did_you_mean(text, enum_values.iter().copied());
                let list = enum_values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
                let message = match guess {
                    Some(g) => format!("unsupported value `{text}`: did you mean `{g}`? (supported values: {list})"),
                    None => format!("unsupported value `{text}`: supported values are {list}"),
                };
                self.out.push(issue(
                    node.range,
                    path.clone(),
                    SchemaIssueKind::UnsupportedValue { allowed: enum_values.to_vec() },
                    message,
                    guess.map(str::to_owned),
                ));
            }
            _ => {}
        }
    }

    fn scalar_mismatch(&mut self, node: &Node, text: &str, style: ScalarStyle, ty: &FieldType, value: &ScalarValue, path: &Path) {
        let expected = ty.noun();
        let found = scalar_noun(value);
        let wants_string = matches!(ty, FieldType::String | FieldType::DateTime | FieldType::Bytes | FieldType::IntOrString | FieldType::Quantity);
        if wants_string && matches!(value, ScalarValue::Bool(_)) && style == ScalarStyle::Plain {
            let yaml11 = !matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
            let (kind, message) = if yaml11 {
                (
                    SchemaIssueKind::Yaml11Boolean,
                    format!(
                        "expected {expected}, found a boolean: Kubernetes reads a plain `{text}` as the boolean {} (YAML 1.1); quote it",
                        matches!(value, ScalarValue::Bool(true))
                    ),
                )
            } else {
                (SchemaIssueKind::TypeMismatch { expected, found }, format!("expected {expected}, found a boolean; quote it to make it a string"))
            };
            self.out.push(issue(node.range, path.clone(), kind, message, Some(format!("\"{text}\""))));
            return;
        }
        // A quoted number where a number is expected: suggest removing the quotes.
        let suggestion = match (ty, ScalarValue::resolve(text, ScalarStyle::Plain, None)) {
            (FieldType::Integer, ScalarValue::Int(_)) | (FieldType::Number, ScalarValue::Int(_) | ScalarValue::Float(_)) | (FieldType::Boolean, ScalarValue::Bool(_))
                if style != ScalarStyle::Plain =>
            {
                Some(text.to_owned())
            }
            // numbers where a string is expected: quote them
            (FieldType::String, ScalarValue::Int(_) | ScalarValue::Float(_)) => Some(format!("\"{text}\"")),
            _ => None,
        };
        let mut message = format!("expected {expected}, found {found}");
        if suggestion.is_some() && style != ScalarStyle::Plain {
            message.push_str(": remove the quotes");
        } else if suggestion.is_some() {
            message.push_str(": quote it to make it a string");
        }
        self.out.push(issue(node.range, path.clone(), SchemaIssueKind::TypeMismatch { expected, found }, message, suggestion));
    }
}

fn scalar_noun(value: &ScalarValue) -> &'static str {
    match value {
        ScalarValue::Null => "null",
        ScalarValue::Bool(_) => "a boolean",
        ScalarValue::Int(_) => "an integer",
        ScalarValue::Float(_) => "a number",
        ScalarValue::Str(_) => "a string",
    }
}

fn found_noun(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Scalar(s) => scalar_noun(&s.resolved()),
        NodeKind::Mapping { .. } => "a mapping",
        NodeKind::Sequence { .. } => "a list",
    }
}

fn is_base64(text: &str) -> bool {
    crate::apiserver::base64::illegal_byte(text).is_none()
}
