//! `ValidateObjectMeta`, labels, annotations and label selectors.

use super::path;
use crate::apiserver::errors::{go, FieldError};
use crate::apiserver::names;
use super::super::kinds::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

/// Which name rule a kind's `metadata.name` follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// DNS-1123 label (StatefulSet since v1.26, Namespace).
    Dns1123Label,
    /// DNS-1035 label (Service).
    Dns1035Label,
    /// DNS-1123 subdomain (Pod, PersistentVolumeClaim, most kinds).
    Dns1123Subdomain,
}

/// The largest total size of an object's annotations, in bytes.
pub const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES: usize = 256 * 1024;

/// `ValidateObjectMeta` for a namespaced object: name, namespace, labels, annotations.
pub fn object_meta(meta: &ObjectMeta, rule: NameRule, namespaced: bool, out: &mut Vec<FieldError>) {
    let name = meta.name.as_deref().unwrap_or("");
    if name.is_empty() {
        out.push(FieldError::required("metadata.name", "name or generateName is required"));
    } else {
        let msgs = match rule {
            NameRule::Dns1123Label => names::is_dns1123_label(name),
            NameRule::Dns1035Label => names::is_dns1035_label(name),
            NameRule::Dns1123Subdomain => names::is_dns1123_subdomain(name),
        };
        for m in msgs {
            out.push(FieldError::invalid("metadata.name", go::quote(name), m));
        }
    }
    if namespaced {
        if let Some(ns) = meta.namespace.as_deref().filter(|ns| !ns.is_empty()) {
            for m in names::is_dns1123_label(ns) {
                out.push(FieldError::invalid("metadata.namespace", go::quote(ns), m));
            }
        }
    }
    labels(meta.labels.as_ref(), "metadata.labels", out);
    annotations(meta.annotations.as_ref(), "metadata.annotations", out);
}

/// `ValidateLabels`: every key a qualified name, every value a label value.
pub fn labels(labels: Option<&BTreeMap<String, String>>, at: &str, out: &mut Vec<FieldError>) {
    for (k, v) in labels.into_iter().flatten() {
        for m in names::is_qualified_name(k) {
            out.push(FieldError::invalid(at, go::quote(k), m));
        }
        for m in names::is_valid_label_value(v) {
            out.push(FieldError::invalid(at, go::quote(v), m));
        }
    }
}

/// `ValidateAnnotations`: keys are qualified names (lower-cased first), total size bounded.
pub fn annotations(annotations: Option<&BTreeMap<String, String>>, at: &str, out: &mut Vec<FieldError>) {
    let mut total = 0usize;
    for (k, v) in annotations.into_iter().flatten() {
        for m in names::is_qualified_name(&k.to_lowercase()) {
            out.push(FieldError::invalid(at, go::quote(k), m));
        }
        total += k.len() + v.len();
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES {
        out.push(FieldError::too_long(at, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
    }
}

/// `ValidateLabelSelector` (strict: label values in `matchLabels` must be valid).
pub fn label_selector(sel: &LabelSelector, at: &str, out: &mut Vec<FieldError>) {
    for (i, req) in sel.match_expressions.iter().flatten().enumerate() {
        let p = path::index(&path::child(at, "matchExpressions"), i);
        let values = req.values.as_deref().unwrap_or(&[]);
        match req.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    out.push(FieldError::required(
                        path::child(&p, "values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    out.push(FieldError::forbidden(
                        path::child(&p, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            other => out.push(FieldError::invalid(path::child(&p, "operator"), go::quote(other), "not a valid selector operator")),
        }
        for m in names::is_qualified_name(&req.key) {
            out.push(FieldError::invalid(path::child(&p, "key"), go::quote(&req.key), m));
        }
    }
    labels(sel.match_labels.as_ref(), &path::child(at, "matchLabels"), out);
}

/// A `*metav1.LabelSelector` as `%#v` prints it in field errors.
pub fn go_selector(sel: &LabelSelector) -> String {
    let exprs = match &sel.match_expressions {
        None => "[]v1.LabelSelectorRequirement(nil)".to_owned(),
        Some(list) => format!(
            "[]v1.LabelSelectorRequirement{{{}}}",
            list.iter()
                .map(|r| format!(
                    "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                    go::quote(&r.key),
                    go::quote(&r.operator),
                    go::string_slice(r.values.as_deref().unwrap_or(&[]))
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // `selector: {}` decodes with an empty (not nil) matchLabels to stay distinguishable from
    // a missing selector; Go holds a nil map there, so an empty one is printed as nil.
    let labels = sel.match_labels.as_ref().filter(|m| !m.is_empty());
    format!("v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}", go::string_map(labels))
}
