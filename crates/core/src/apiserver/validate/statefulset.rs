//! `ValidateStatefulSet`, `ValidateStatefulSetSpec` and `ValidateStatefulSetUpdate`
//! (reference §2.1–2.2), versioned by [`ServerVersion`].

use super::meta::{self, NameRule};
use super::{path, pod, pvc};
use crate::apiserver::errors::{go, FieldError};
use super::super::kinds::{IntOrString, RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetSpec};
use super::super::selector;
use crate::apiserver::{names, ApiOptions, ServerVersion};

const NONNEG: &str = "must be greater than or equal to 0";

/// The `Forbidden` detail for a change to an immutable part of the spec.
pub fn forbidden_update_message(version: ServerVersion) -> &'static str {
    if version >= ServerVersion::V1_34 {
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    } else {
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    }
}

/// `ValidateStatefulSet` on a defaulted object.
pub fn statefulset(sts: &StatefulSet, opts: &ApiOptions, out: &mut Vec<FieldError>) {
    meta::object_meta(&sts.metadata, NameRule::Dns1123Label, true, out);
    let empty = StatefulSetSpec::default();
    spec(sts.spec.as_ref().unwrap_or(&empty), opts, out);
}

/// `ValidateStatefulSetSpec` at `spec`.
pub fn spec(spec: &StatefulSetSpec, opts: &ApiOptions, out: &mut Vec<FieldError>) {
    match spec.pod_management_policy.as_deref().unwrap_or("") {
        "" => out.push(FieldError::required("spec.podManagementPolicy", "")),
        "OrderedReady" | "Parallel" => {}
        other => out.push(FieldError::invalid(
            "spec.podManagementPolicy",
            go::quote(other),
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    match strategy.type_.as_deref().unwrap_or("") {
        "" => out.push(FieldError::required("spec.updateStrategy", "")),
        "OnDelete" => {
            if let Some(ru) = &strategy.rolling_update {
                out.push(FieldError::invalid(
                    "spec.updateStrategy.rollingUpdate",
                    go_rolling_update(ru),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &strategy.rolling_update {
                rolling_update(ru, out);
            }
        }
        other => out.push(FieldError::invalid(
            "spec.updateStrategy",
            format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                go::quote(other),
                if strategy.rolling_update.is_some() {
                    "(*apps.RollingUpdateStatefulSetStrategy)(0xc000a1c2f0)"
                } else {
                    "(*apps.RollingUpdateStatefulSetStrategy)(nil)"
                }
            ),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        for (field, value) in [("whenDeleted", &policy.when_deleted), ("whenScaled", &policy.when_scaled)] {
            let v = value.as_deref().unwrap_or("");
            if v != "Retain" && v != "Delete" {
                out.push(FieldError::not_supported(
                    format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                    v,
                    &["Retain", "Delete"],
                ));
            }
        }
    }
    nonneg(spec.replicas.unwrap_or(0).into(), "spec.replicas", out);
    nonneg(spec.min_ready_seconds.unwrap_or(0).into(), "spec.minReadySeconds", out);
    if let Some(ordinals) = &spec.ordinals {
        nonneg(ordinals.start.unwrap_or(0).into(), "spec.ordinals.start", out);
    }
    let sel = &spec.selector;
    if selector::is_absent(sel) {
        out.push(FieldError::required("spec.selector", ""));
    } else {
        meta::label_selector(sel, "spec.selector", out);
        if selector::is_empty(sel) {
            out.push(FieldError::invalid("spec.selector", meta::go_selector(sel), "empty selector is invalid for statefulset"));
        }
    }
    let template = &spec.template;
    let labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref());
    if !selector::is_empty(sel) || selector::is_absent(sel) {
        let empty = Default::default();
        if !selector::matches(sel, labels.unwrap_or(&empty)) {
            out.push(FieldError::invalid(
                "spec.template.metadata.labels",
                go::string_map(labels),
                "`selector` does not match template `labels`",
            ));
        }
    }
    meta::labels(labels, "spec.template.labels", out);
    meta::annotations(template.metadata.as_ref().and_then(|m| m.annotations.as_ref()), "spec.template.annotations", out);
    let pod_spec = template.spec.clone().unwrap_or_default();
    if opts.version >= ServerVersion::V1_34 {
        pod::pod_spec(&pod_spec, "spec.template.spec", &claim_template_names(spec), out);
    }
    let restart = pod_spec.restart_policy.as_deref().unwrap_or("");
    if restart != "Always" {
        out.push(FieldError::not_supported("spec.template.spec.restartPolicy", restart, &["Always"]));
    }
    if pod_spec.active_deadline_seconds.is_some() {
        out.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
    if opts.version >= ServerVersion::V1_33 {
        if let Some(limit) = spec.revision_history_limit {
            nonneg(limit.into(), "spec.revisionHistoryLimit", out);
        }
        if let Some(svc) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
            for m in names::is_dns1123_label(svc) {
                out.push(FieldError::invalid("spec.serviceName", go::quote(svc), m));
            }
        }
    }
    if opts.version >= ServerVersion::V1_34 {
        for (i, claim) in spec.volume_claim_templates.iter().flatten().enumerate() {
            let at = path::child(&path::index("spec.volumeClaimTemplates", i), "spec");
            pvc::pvc_spec(&claim.spec.clone().unwrap_or_default(), &at, out);
        }
    }
}

/// The names of the claim templates, each a volume of the pod template.
pub fn claim_template_names(spec: &StatefulSetSpec) -> Vec<String> {
    let mut names: Vec<String> = spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|c| c.metadata.name.clone())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn rolling_update(ru: &RollingUpdateStatefulSetStrategy, out: &mut Vec<FieldError>) {
    nonneg(ru.partition.unwrap_or(0).into(), "spec.updateStrategy.rollingUpdate.partition", out);
    let Some(mu) = &ru.max_unavailable else { return };
    let at = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    match mu {
        IntOrString::Int(n) => {
            nonneg((*n).into(), at, out);
            if *n == 0 {
                out.push(FieldError::invalid(at, "0".to_owned(), "cannot be 0"));
            }
        }
        IntOrString::String(s) => {
            for m in names::is_valid_percent(s) {
                out.push(FieldError::invalid(at, go::quote(s), m));
            }
            if let Some(pct) = s.strip_suffix('%').and_then(|d| d.parse::<i64>().ok()) {
                if pct == 0 {
                    out.push(FieldError::invalid(at, go::quote(s), "cannot be 0"));
                }
                if pct > 100 {
                    out.push(FieldError::invalid(at, go::quote(s), "must not be greater than 100%"));
                }
            }
        }
    }
}

fn go_rolling_update(ru: &RollingUpdateStatefulSetStrategy) -> String {
    let mu = match &ru.max_unavailable {
        None => "(*intstr.IntOrString)(nil)".to_owned(),
        Some(IntOrString::Int(n)) => format!("&intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}"),
        Some(IntOrString::String(s)) => format!("&intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", go::quote(s)),
    };
    format!("apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{mu}}}", ru.partition.unwrap_or(0))
}

fn nonneg(value: i64, at: &str, out: &mut Vec<FieldError>) {
    if value < 0 {
        out.push(FieldError::invalid(at, value.to_string(), NONNEG));
    }
}

/// `ValidateStatefulSetUpdate` on defaulted objects: the new spec is validated (ratcheting
/// errors the stored object already had in the service name, the pod template and the claim
/// templates), and only the mutable fields may differ.
pub fn statefulset_update(old: &StatefulSet, new: &StatefulSet, opts: &ApiOptions, out: &mut Vec<FieldError>) {
    let empty = StatefulSetSpec::default();
    let new_spec = new.spec.as_ref().unwrap_or(&empty);
    let old_spec = old.spec.as_ref().unwrap_or(&empty);
    let mut new_errs = Vec::new();
    spec(new_spec, opts, &mut new_errs);
    let mut old_errs = Vec::new();
    spec(old_spec, opts, &mut old_errs);
    let ratcheted = |e: &FieldError| {
        e.path == "spec.serviceName" || e.path.starts_with("spec.template.spec.") || e.path.starts_with("spec.volumeClaimTemplates")
    };
    out.extend(new_errs.into_iter().filter(|e| !(ratcheted(e) && old_errs.contains(e))));

    let mut frozen = new_spec.clone();
    frozen.replicas = old_spec.replicas;
    frozen.template = old_spec.template.clone();
    frozen.update_strategy = old_spec.update_strategy.clone();
    frozen.min_ready_seconds = old_spec.min_ready_seconds;
    frozen.ordinals = old_spec.ordinals.clone();
    frozen.persistent_volume_claim_retention_policy = old_spec.persistent_volume_claim_retention_policy.clone();
    if opts.version >= ServerVersion::V1_34 {
        frozen.revision_history_limit = old_spec.revision_history_limit;
    }
    if &frozen != old_spec {
        out.push(FieldError::forbidden("spec", forbidden_update_message(opts.version)));
    }
}
