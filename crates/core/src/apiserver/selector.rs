//! Label selectors, with `metav1.LabelSelectorAsSelector`'s meaning: a missing selector
//! matches nothing, an empty one matches everything.

use super::kinds::LabelSelector;
use std::collections::BTreeMap;

/// Whether a `LabelSelector` is present at all. Because k8s-openapi makes the StatefulSet's
/// `spec.selector` a plain field, an absent selector decodes as one with neither
/// `matchLabels` nor `matchExpressions`; [`super::decode_statefulset`] keeps `selector: {}`
/// distinguishable by turning it into `matchLabels: {}`.
pub fn is_absent(sel: &LabelSelector) -> bool {
    sel.match_labels.is_none() && sel.match_expressions.is_none()
}

/// Whether the selector (present) has no requirement at all, i.e. matches everything.
pub fn is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().is_none_or(BTreeMap::is_empty) && sel.match_expressions.as_ref().is_none_or(Vec::is_empty)
}

/// Whether `labels` satisfy the selector. An absent selector matches nothing; an unknown
/// operator matches nothing (validation rejects it anyway).
pub fn matches(sel: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    if is_absent(sel) {
        return false;
    }
    let labels_ok = sel.match_labels.iter().flatten().all(|(k, v)| labels.get(k) == Some(v));
    let exprs_ok = sel.match_expressions.iter().flatten().all(|req| {
        let values = req.values.as_deref().unwrap_or(&[]);
        let have = labels.get(&req.key);
        match req.operator.as_str() {
            "In" => have.is_some_and(|v| values.contains(v)),
            "NotIn" => have.is_none_or(|v| !values.contains(v)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            _ => false,
        }
    });
    labels_ok && exprs_ok
}

/// Whether a Service's map selector matches the labels (an empty map selects nothing for
/// endpoints: Services without a selector get no managed EndpointSlices).
pub fn map_matches(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// The selector as `kubectl` prints it: `app=nginx,tier in (a,b)`.
pub fn to_string(sel: &LabelSelector) -> String {
    let mut parts: Vec<String> = sel.match_labels.iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
    for req in sel.match_expressions.iter().flatten() {
        let values = req.values.clone().unwrap_or_default().join(",");
        parts.push(match req.operator.as_str() {
            "In" => format!("{} in ({values})", req.key),
            "NotIn" => format!("{} notin ({values})", req.key),
            "Exists" => req.key.clone(),
            "DoesNotExist" => format!("!{}", req.key),
            other => format!("{} {other} ({values})", req.key),
        });
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use super::super::kinds::LabelSelectorRequirement;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn absent_matches_nothing_and_empty_matches_everything() {
        let absent = LabelSelector::default();
        assert!(!matches(&absent, &labels(&[("app", "x")])));
        let empty = LabelSelector { match_labels: Some(BTreeMap::new()), ..Default::default() };
        assert!(matches(&empty, &labels(&[])));
        assert!(is_empty(&empty) && !is_absent(&empty));
    }

    #[test]
    fn expressions() {
        let sel = LabelSelector {
            match_labels: Some(labels(&[("app", "nginx")])),
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "In".into(),
                values: Some(vec!["web".into(), "db".into()]),
            }]),
        };
        assert!(matches(&sel, &labels(&[("app", "nginx"), ("tier", "db")])));
        assert!(!matches(&sel, &labels(&[("app", "nginx")])));
        assert_eq!(to_string(&sel), "app=nginx,tier in (web,db)");
    }
}
