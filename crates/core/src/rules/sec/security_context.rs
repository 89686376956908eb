//! Shared reading of pod and container security contexts.

use crate::rules::edit::{append_entry, is_flow};
use crate::rules::util::bool_of;
use crate::rules::workspace::{Container, PodTemplate};
use crate::rules::TextEdit;
use crate::yaml::{Node, Path};

/// A boolean field of the container's `securityContext` only.
pub(crate) fn container_bool<'a>(c: &Container<'a>, key: &str) -> Option<(Path, &'a Node, bool)> {
    let n = c.node.get("securityContext")?.get(key)?;
    Some((c.path.key("securityContext").key(key), n, bool_of(n)?))
}

/// A field that both the pod's and the container's `securityContext` have (`runAsUser`,
/// `runAsNonRoot`, `seccompProfile`, …): the container's wins, as in the kubelet.
pub(crate) fn effective<'a>(t: &PodTemplate<'a>, c: &Container<'a>, key: &str) -> Option<(Path, &'a Node)> {
    if let Some(n) = c.node.get("securityContext").and_then(|s| s.get(key)).filter(|n| !n.is_null()) {
        return Some((c.path.key("securityContext").key(key), n));
    }
    let n = t.spec.get("securityContext").and_then(|s| s.get(key)).filter(|n| !n.is_null())?;
    Some((t.spec_path.key("securityContext").key(key), n))
}

/// An edit that sets `key: value` in the container's `securityContext`, creating it when
/// absent. `None` when the YAML around is in flow style or the key is already there.
pub(crate) fn set_container_field(file: usize, text: &str, c: &Container<'_>, key: &str, value: &str) -> Option<TextEdit> {
    if is_flow(text, c.node) {
        return None;
    }
    match c.node.get("securityContext") {
        Some(sc) if sc.get(key).is_some() => None,
        Some(sc) if sc.entries().is_some_and(|e| !e.is_empty()) && !is_flow(text, sc) => append_entry(file, text, sc, &format!("{key}: {value}")),
        Some(_) => None,
        None => append_entry(file, text, c.node, &format!("securityContext:\n  {key}: {value}")),
    }
}
