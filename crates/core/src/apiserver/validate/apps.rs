//! `ValidateReplicaSetSpec`, `ValidateDeploymentSpec` and `ValidateDaemonSetSpec`
//! (`pkg/apis/apps/validation/validation.go`): the workloads beside the StatefulSet.
//!
//! Reference (Kubernetes v1.35, `pkg/apis/apps/validation/validation.go`):
//! - `ValidateReplicaSetSpec` / `ValidatePodTemplateSpecForReplicaSet`: `replicas` and
//!   `minReadySeconds` not negative; a selector is required and may not be empty (`empty
//!   selector is invalid for deployment`, the ReplicaSet's own wording too); it must match the
//!   template's labels; `restartPolicy` must be `Always`; `activeDeadlineSeconds` is forbidden.
//! - `ValidateDeploymentSpec` / `ValidateDeploymentStrategy` / `ValidateRollingUpdateDeployment`:
//!   `rollingUpdate` may not be given with `Recreate`; `maxUnavailable` is at most 100 %; it may
//!   not be 0 when `maxSurge` is 0; `progressDeadlineSeconds` must be greater than
//!   `minReadySeconds`.
//! - `ValidateDaemonSetSpec`: the same selector and template rules (`empty selector is invalid
//!   for daemonset`), `activeDeadlineSeconds in DaemonSet is not Supported`.

use super::meta::{self, NameRule};
use super::pod;
use crate::apiserver::errors::{go, FieldError};
use super::super::kinds::{IntOrString, LabelSelector, ObjectMeta, PodTemplateSpec};
use super::super::selector;
use crate::apiserver::names;

const NONNEG: &str = "must be greater than or equal to 0";

/// The workload kinds validated here; `word` is the one their messages use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// `apps/v1` ReplicaSet.
    ReplicaSet,
    /// `apps/v1` Deployment.
    Deployment,
    /// `apps/v1` DaemonSet.
    DaemonSet,
}

impl Workload {
    fn kind(self) -> &'static str {
        match self {
            Workload::ReplicaSet => "ReplicaSet",
            Workload::Deployment => "Deployment",
            Workload::DaemonSet => "DaemonSet",
        }
    }

    /// The word of `empty selector is invalid for …` (the ReplicaSet shares the Deployment's).
    fn selector_word(self) -> &'static str {
        match self {
            Workload::ReplicaSet | Workload::Deployment => "deployment",
            Workload::DaemonSet => "daemonset",
        }
    }
}

/// The object's metadata, its selector and its pod template, as every one of these kinds
/// checks them.
pub fn selector_and_template(kind: Workload, metadata: &ObjectMeta, sel: Option<&LabelSelector>, template: &PodTemplateSpec, out: &mut Vec<FieldError>) {
    meta::object_meta(metadata, NameRule::Dns1123Subdomain, true, out);
    match sel {
        None => out.push(FieldError::required("spec.selector", "")),
        Some(sel) => {
            meta::label_selector(sel, "spec.selector", out);
            if selector::is_empty(sel) {
                out.push(FieldError::invalid("spec.selector", meta::go_selector(sel), format!("empty selector is invalid for {}", kind.selector_word())));
            }
        }
    }
    let labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref());
    if let Some(sel) = sel.filter(|s| !selector::is_empty(s)) {
        let empty = Default::default();
        if !selector::matches(sel, labels.unwrap_or(&empty)) {
            out.push(FieldError::invalid("spec.template.metadata.labels", go::string_map(labels), "`selector` does not match template `labels`"));
        }
    }
    meta::labels(labels, "spec.template.labels", out);
    meta::annotations(template.metadata.as_ref().and_then(|m| m.annotations.as_ref()), "spec.template.annotations", out);
    let pod_spec = template.spec.clone().unwrap_or_default();
    pod::pod_spec(&pod_spec, "spec.template.spec", &[], out);
    let restart = pod_spec.restart_policy.as_deref().unwrap_or("");
    if restart != "Always" {
        out.push(FieldError::not_supported("spec.template.spec.restartPolicy", restart, &["Always"]));
    }
    if pod_spec.active_deadline_seconds.is_some() {
        out.push(FieldError::forbidden("spec.template.spec.activeDeadlineSeconds", format!("activeDeadlineSeconds in {} is not Supported", kind.kind())));
    }
}

/// A field that may not be negative.
pub fn nonneg(value: Option<i32>, at: &str, out: &mut Vec<FieldError>) {
    if let Some(v) = value.filter(|v| *v < 0) {
        out.push(FieldError::invalid(at, v.to_string(), NONNEG));
    }
}

/// An int-or-percent as the validation messages print it: `0`, `"110%"`.
pub fn int_or_string_text(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => go::quote(s),
    }
}

/// `intstr.GetScaledValueFromIntOrPercent`: an int as it is, a percentage of `total` rounded
/// up or down; `None` for a string that is not a percentage.
pub fn scaled(v: &IntOrString, total: i32, round_up: bool) -> Option<i32> {
    match v {
        IntOrString::Int(n) => Some(*n),
        IntOrString::String(s) => {
            let percent: i64 = s.strip_suffix('%')?.parse().ok()?;
            let product = percent * total as i64;
            Some(if round_up { (product + 99).div_euclid(100) } else { product.div_euclid(100) } as i32)
        }
    }
}

/// `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent` of one field; the value it
/// stands for at 100 replicas, when it is valid.
pub fn int_or_percent(v: &IntOrString, at: &str, out: &mut Vec<FieldError>) -> Option<i32> {
    if let IntOrString::String(s) = v {
        let messages = names::is_valid_percent(s);
        if !messages.is_empty() {
            out.extend(messages.into_iter().map(|m| FieldError::invalid(at, go::quote(s), m)));
            return None;
        }
    }
    let n = scaled(v, 100, false)?;
    if n < 0 {
        out.push(FieldError::invalid(at, n.to_string(), NONNEG));
        return None;
    }
    if matches!(v, IntOrString::String(_)) && n > 100 {
        out.push(FieldError::invalid(at, int_or_string_text(v), "must not be greater than 100%"));
    }
    Some(n)
}
