//! The API server of the simulated cluster: decoding, defaulting (reference §1) and
//! validation (reference §2), with the server's own field paths and messages.
//!
//! Everything here is pure. The `validate_*` functions are what the lint rules wrap as
//! findings: each takes an object as written in a manifest, applies the server's defaults to
//! its own copy (defaulting is idempotent, so an already defaulted object works too) and
//! returns every [`FieldError`] the server would return, in the server's order.
//!
//! ```
//! use ordinal_core::apiserver;
//! let sts = apiserver::decode_statefulset(&serde_json::json!({
//!     "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
//!     "spec": {"template": {"metadata": {"labels": {"app": "nginx"}},
//!              "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}
//! })).unwrap();
//! let errors = apiserver::validate_statefulset(&sts);
//! assert_eq!(errors[0].to_string(), "spec.selector: Required value");
//! ```

pub mod base64;
pub mod defaults;
mod errors;
pub mod names;
pub mod quantity;
pub mod selector;
// The checks' files are compiled a second time, over slim types, in `slim` (see there).
#[allow(clippy::duplicate_mod)]
pub mod slim;
pub mod validate;

mod checks;
mod kinds;

pub use checks::*;

pub use errors::{go, group_of, ErrorType, FieldError, InvalidError};

use kinds::StatefulSet;
use std::fmt;

/// Which Kubernetes minor version's API server to imitate where behaviour changed
/// (reference §0 and §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServerVersion {
    /// v1.33: `serviceName` and `revisionHistoryLimit` are validated, but neither the pod
    /// template nor the claim templates are: mistakes there surface as `FailedCreate` events.
    V1_33,
    /// v1.34: the pod template and claim templates are validated on create and update.
    V1_34,
    /// v1.35 (patch ≥ 4): the baseline.
    V1_35,
}

impl ServerVersion {
    /// The version as `v1.35`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerVersion::V1_33 => "v1.33",
            ServerVersion::V1_34 => "v1.34",
            ServerVersion::V1_35 => "v1.35",
        }
    }

    /// Parses `1.33`, `v1.34`, `1.35.4` …
    pub fn parse(text: &str) -> Option<ServerVersion> {
        let t = text.trim().trim_start_matches('v');
        let minor = t.strip_prefix("1.")?.split('.').next()?;
        match minor {
            "33" => Some(ServerVersion::V1_33),
            "34" => Some(ServerVersion::V1_34),
            "35" => Some(ServerVersion::V1_35),
            _ => None,
        }
    }
}

/// The API server's version-dependent behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ApiOptions {
    /// The version imitated.
    pub version: ServerVersion,
    /// Whether the `MaxUnavailableStatefulSet` feature gate is on (off by default: the
    /// registry then drops `rollingUpdate.maxUnavailable`).
    pub max_unavailable_gate: bool,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions { version: ServerVersion::V1_35, max_unavailable_gate: false }
    }
}

/// An object the server could not decode into its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The kind being decoded, e.g. `StatefulSet`.
    pub kind: String,
    /// The version, e.g. `v1`.
    pub version: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in version \"{}\" cannot be handled as a {}: {}", self.kind, self.version, self.kind, self.message)
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    fn new(kind: &str, version: &str, message: String) -> DecodeError {
        DecodeError { kind: kind.to_owned(), version: version.to_owned(), message }
    }
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(kind: &str, version: &str, value: &serde_json::Value) -> Result<T, DecodeError> {
    precheck(kind, version, value)?;
    serde_json::from_value(value.clone()).map_err(|e| DecodeError::new(kind, version, e.to_string()))
}

/// What the server refuses before decoding into the kind's type: a document that is not an
/// object, and a malformed quantity.
pub(crate) fn precheck(kind: &str, version: &str, value: &serde_json::Value) -> Result<(), DecodeError> {
    if !value.is_object() {
        return Err(DecodeError::new(kind, version, format!("json: cannot unmarshal {} into Go value of type struct", json_type(value))));
    }
    check_quantities(value).map_err(|message| DecodeError::new(kind, version, message))
}

/// The version part of a document's `apiVersion` (`v1` for `batch/v1`), `v1` when it has none.
pub(crate) fn version_of(value: &serde_json::Value) -> &str {
    value.get("apiVersion").and_then(|v| v.as_str()).map(|v| v.rsplit('/').next().unwrap_or(v)).unwrap_or("v1")
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Quantities are checked where the server checks them: every value under `requests`,
/// `limits` and `capacity`, and `sizeLimit`.
fn check_quantities(value: &serde_json::Value) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let is_quantity_map = matches!(k.as_str(), "requests" | "limits" | "capacity");
                if is_quantity_map {
                    if let serde_json::Value::Object(q) = v {
                        for qv in q.values() {
                            check_quantity(qv)?;
                        }
                        continue;
                    }
                }
                if k == "sizeLimit" {
                    check_quantity(v)?;
                    continue;
                }
                check_quantities(v)?;
            }
            Ok(())
        }
        serde_json::Value::Array(items) => items.iter().try_for_each(check_quantities),
        _ => Ok(()),
    }
}

fn check_quantity(v: &serde_json::Value) -> Result<(), String> {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Ok(()),
    };
    if quantity::parse(&text).is_none() {
        return Err(quantity::QUANTITY_FORMAT_MSG.to_owned());
    }
    Ok(())
}

/// Decodes any k8s-openapi type (for kinds the simulator only stores).
pub fn decode_as<T: serde::de::DeserializeOwned>(kind: &str, value: &serde_json::Value) -> Result<T, DecodeError> {
    decode(kind, version_of(value), value)
}

/// What the registry does before validating a create (`PrepareForCreate`): status cleared,
/// `generation: 1`, and `maxUnavailable` dropped when the gate is off.
pub fn prepare_statefulset_create(sts: &mut StatefulSet, opts: &ApiOptions) {
    sts.status = None;
    sts.metadata.generation = Some(1);
    if !opts.max_unavailable_gate {
        drop_max_unavailable(sts);
    }
}

/// What the registry does before validating an update (`PrepareForUpdate`): status kept from
/// the stored object, `generation` bumped when the spec changed, and `maxUnavailable` dropped
/// when the gate is off unless the stored object already used it.
pub fn prepare_statefulset_update(new: &mut StatefulSet, old: &StatefulSet, opts: &ApiOptions) {
    new.status = old.status.clone();
    let old_uses = old
        .spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|u| u.rolling_update.as_ref())
        .is_some_and(|r| r.max_unavailable.is_some());
    if !opts.max_unavailable_gate && !old_uses {
        drop_max_unavailable(new);
    }
    let generation = old.metadata.generation.unwrap_or(1);
    new.metadata.generation = Some(if new.spec != old.spec { generation + 1 } else { generation });
}

fn drop_max_unavailable(sts: &mut StatefulSet) {
    if let Some(ru) = sts.spec.as_mut().and_then(|s| s.update_strategy.as_mut()).and_then(|u| u.rolling_update.as_mut()) {
        ru.max_unavailable = None;
    }
}

#[cfg(test)]
mod tests;
