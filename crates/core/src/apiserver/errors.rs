//! Field errors and the API server's `Invalid` status, rendered exactly as the server renders
//! them (`k8s.io/apimachinery/pkg/util/validation/field`, `k8s.io/apimachinery/pkg/api/errors`).

use std::collections::BTreeMap;
use std::fmt;

/// The kind of a [`FieldError`], as the API server names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// A required field is missing (`Required value`).
    Required,
    /// A field has a value it may not have (`Invalid value`).
    Invalid,
    /// A value outside a closed set (`Unsupported value`).
    Unsupported,
    /// A field that may not be set, or changed, here (`Forbidden`).
    Forbidden,
    /// A value that must be unique appears twice (`Duplicate value`).
    Duplicate,
    /// A reference to something that does not exist (`Not found`).
    NotFound,
    /// A value longer than allowed (`Too long`).
    TooLong,
}

impl ErrorType {
    /// The words the server prints for this type, e.g. `Required value`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::Unsupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::NotFound => "Not found",
            ErrorType::TooLong => "Too long",
        }
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One validation error, as the API server reports it.
///
/// `Display` gives the server's text, e.g. `spec.selector: Required value` or
/// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// The field's path as the server writes it, e.g. `spec.template.metadata.labels` or
    /// `spec.template.spec.containers[0].volumeMounts[0].name`.
    pub path: String,
    /// What is wrong.
    pub error_type: ErrorType,
    /// The offending value, already rendered as Go renders it (`"Web"` with quotes for a
    /// string, `-1` for a number, `map[string]string{"app":"web"}` for a map). `None` when
    /// the server prints no value (always for `Required`, `Forbidden` and `TooLong`).
    pub value: Option<String>,
    /// The explanation after the value; may be empty.
    pub detail: String,
}

impl FieldError {
    /// `Required value`, with an optional detail.
    pub fn required(path: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), error_type: ErrorType::Required, value: None, detail: detail.into() }
    }

    /// `Invalid value: <value>: <detail>`; `value` is already Go-rendered (see [`go`]).
    pub fn invalid(path: impl Into<String>, value: String, detail: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), error_type: ErrorType::Invalid, value: Some(value), detail: detail.into() }
    }

    /// `Unsupported value: "<value>": supported values: "a", "b"`.
    pub fn not_supported(path: impl Into<String>, value: &str, supported: &[&str]) -> FieldError {
        let list = supported.iter().map(|s| go::quote(s)).collect::<Vec<_>>().join(", ");
        FieldError {
            path: path.into(),
            error_type: ErrorType::Unsupported,
            value: Some(go::quote(value)),
            detail: format!("supported values: {list}"),
        }
    }

    /// `Forbidden: <detail>`.
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), error_type: ErrorType::Forbidden, value: None, detail: detail.into() }
    }

    /// `Duplicate value: <value>`; `value` is already Go-rendered.
    pub fn duplicate(path: impl Into<String>, value: String) -> FieldError {
        FieldError { path: path.into(), error_type: ErrorType::Duplicate, value: Some(value), detail: String::new() }
    }

    /// `Not found: <value>`; `value` is already Go-rendered.
    pub fn not_found(path: impl Into<String>, value: String) -> FieldError {
        FieldError { path: path.into(), error_type: ErrorType::NotFound, value: Some(value), detail: String::new() }
    }

    /// `Too long: may not be more than <max> bytes`.
    pub fn too_long(path: impl Into<String>, max_bytes: usize) -> FieldError {
        FieldError {
            path: path.into(),
            error_type: ErrorType::TooLong,
            value: None,
            detail: format!("may not be more than {max_bytes} bytes"),
        }
    }

    /// The text after `<path>: `, as the server's `ErrorBody`.
    pub fn body(&self) -> String {
        let mut s = self.error_type.as_str().to_owned();
        let prints_value = !matches!(self.error_type, ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong);
        if prints_value {
            if let Some(v) = &self.value {
                s.push_str(": ");
                s.push_str(v);
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.body())
    }
}

/// An object the API server refused (HTTP 422, reason `Invalid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidError {
    /// The object's kind, e.g. `StatefulSet`.
    pub kind: String,
    /// The API group, empty for the core group (`apps` for a StatefulSet).
    pub group: String,
    /// The object's name.
    pub name: String,
    /// Every cause, in the order the server found them.
    pub causes: Vec<FieldError>,
}

impl InvalidError {
    /// Builds the error for a kind (`StatefulSet`, `Service`, `Pod`, …); the group is derived.
    pub fn new(kind: &str, name: &str, causes: Vec<FieldError>) -> InvalidError {
        InvalidError { kind: kind.to_owned(), group: group_of(kind).to_owned(), name: name.to_owned(), causes }
    }

    /// The causes as the server joins them: one cause alone, several as `[a, b]`.
    pub fn causes_text(&self) -> String {
        match self.causes.as_slice() {
            [one] => one.to_string(),
            many => format!("[{}]", many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        }
    }

    /// `StatefulSet.apps "web" is invalid: …` — what `kubectl apply` prints after
    /// `Error from server (Invalid): error when creating "FILE": `.
    pub fn message(&self) -> String {
        let qualified = if self.group.is_empty() { self.kind.clone() } else { format!("{}.{}", self.kind, self.group) };
        format!("{qualified} \"{}\" is invalid: {}", self.name, self.causes_text())
    }

    /// `The StatefulSet "web" is invalid: …` — the form `kubectl create` prints.
    pub fn kubectl_message(&self) -> String {
        format!("The {} \"{}\" is invalid: {}", self.kind, self.name, self.causes_text())
    }
}

impl fmt::Display for InvalidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for InvalidError {}

/// The API group of a kind the simulator knows (empty for the core group).
pub fn group_of(kind: &str) -> &'static str {
    match kind {
        "StatefulSet" | "ControllerRevision" | "Deployment" | "DaemonSet" | "ReplicaSet" => "apps",
        "EndpointSlice" => "discovery.k8s.io",
        "StorageClass" => "storage.k8s.io",
        "PodDisruptionBudget" => "policy",
        "Job" | "CronJob" => "batch",
        "Event" => "",
        _ => "",
    }
}

/// Rendering of Go values the way `fmt` prints them in field errors (`%q`, `%v`, `%#v`).
pub mod go {
    use super::BTreeMap;

    /// A string as Go's `%q` prints it: double-quoted, with `"`, `\` and control characters
    /// escaped.
    pub fn quote(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// A `map[string]string` as `%#v` prints it: `map[string]string{"app":"web"}` (keys
    /// sorted, as Go sorts them).
    pub fn string_map(map: Option<&BTreeMap<String, String>>) -> String {
        let inner = map
            .map(|m| m.iter().map(|(k, v)| format!("{}:{}", quote(k), quote(v))).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        if map.is_none() {
            return "map[string]string(nil)".to_owned();
        }
        format!("map[string]string{{{inner}}}")
    }

    /// A list of strings as `%#v` prints a `[]string`.
    pub fn string_slice(items: &[String]) -> String {
        format!("[]string{{{}}}", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_the_server() {
        assert_eq!(FieldError::required("spec.selector", "").to_string(), "spec.selector: Required value");
        assert_eq!(
            FieldError::invalid("spec.replicas", "-1".into(), "must be greater than or equal to 0").to_string(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            FieldError::not_supported("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Keep", &["Retain", "Delete"])
                .to_string(),
            "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""
        );
        assert_eq!(
            FieldError::duplicate("spec.template.spec.containers[1].name", go::quote("nginx")).to_string(),
            "spec.template.spec.containers[1].name: Duplicate value: \"nginx\""
        );
        assert_eq!(
            FieldError::required("spec.volumeClaimTemplates[0].spec.accessModes", "at least 1 access mode is required")
                .to_string(),
            "spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required"
        );
        let forbidden = FieldError { value: Some("x".into()), ..FieldError::forbidden("spec", "no") };
        assert_eq!(forbidden.to_string(), "spec: Forbidden: no", "Forbidden never prints its value");
    }

    #[test]
    fn status_message_joins_causes() {
        let one = InvalidError::new("StatefulSet", "web", vec![FieldError::required("spec.selector", "")]);
        assert_eq!(one.message(), "StatefulSet.apps \"web\" is invalid: spec.selector: Required value");
        assert_eq!(one.kubectl_message(), "The StatefulSet \"web\" is invalid: spec.selector: Required value");
        let two = InvalidError::new(
            "Service",
            "nginx",
            vec![FieldError::required("spec.ports", ""), FieldError::required("spec.ports[1].name", "")],
        );
        assert_eq!(two.message(), "Service \"nginx\" is invalid: [spec.ports: Required value, spec.ports[1].name: Required value]");
    }

    #[test]
    fn go_rendering() {
        let mut m = BTreeMap::new();
        m.insert("app".to_owned(), "web".to_owned());
        assert_eq!(go::string_map(Some(&m)), "map[string]string{\"app\":\"web\"}");
        assert_eq!(go::string_map(None), "map[string]string(nil)");
        assert_eq!(go::quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(go::string_slice(&["None".to_owned()]), "[]string{\"None\"}");
    }
}
