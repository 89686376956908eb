//! `ValidatePersistentVolumeClaimSpec`.

use super::path;
use crate::apiserver::errors::{go, FieldError};
use crate::apiserver::{names, quantity};
use super::super::kinds::PersistentVolumeClaimSpec;

const ACCESS_MODES: [&str; 4] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

/// Validates a claim's spec at `at` (`spec`, or `spec.volumeClaimTemplates[0].spec`).
pub fn pvc_spec(spec: &PersistentVolumeClaimSpec, at: &str, out: &mut Vec<FieldError>) {
    let modes = spec.access_modes.as_deref().unwrap_or(&[]);
    let modes_path = path::child(at, "accessModes");
    if modes.is_empty() {
        out.push(FieldError::required(&modes_path, "at least 1 access mode is required"));
    }
    for m in modes {
        if !ACCESS_MODES.contains(&m.as_str()) {
            out.push(FieldError::not_supported(&modes_path, m, &ACCESS_MODES));
        }
    }
    if modes.len() > 1 && modes.iter().any(|m| m == "ReadWriteOncePod") {
        out.push(FieldError::forbidden(&modes_path, "may not use ReadWriteOncePod with other access modes"));
    }
    let storage_path = format!("{}[storage]", path::child(at, "resources"));
    match spec.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")) {
        None => out.push(FieldError::required(&storage_path, "")),
        Some(q) => {
            if quantity::parse(&q.0).is_some_and(|v| v <= 0.0) {
                out.push(FieldError::invalid(&storage_path, go::quote(&q.0), "must be greater than zero"));
            }
        }
    }
    if let Some(mode) = spec.volume_mode.as_deref() {
        if !["Block", "Filesystem"].contains(&mode) {
            out.push(FieldError::not_supported(path::child(at, "volumeMode"), mode, &["Block", "Filesystem"]));
        }
    }
    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        for m in names::is_dns1123_subdomain(class) {
            out.push(FieldError::invalid(path::child(at, "storageClassName"), go::quote(class), m));
        }
    }
}
