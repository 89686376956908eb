//! Shared reading of pod and container security contexts.

use crate::rules::util::bool_of;
use crate::rules::workspace::{Container, PodTemplate};
use crate::yaml::{Node, Path};

/// A container's `securityContext` field, or the pod's when the container does not set it.
pub(crate) fn effective<'a>(t: &PodTemplate<'a>, c: &Container<'a>, key: &str) -> Option<(Path, &'a Node)> {
    if let Some(n) = c.node.get("securityContext").and_then(|s| s.get(key)) {
        return Some((c.path.key("securityContext").key(key), n));
    }
    t.spec.get("securityContext").and_then(|s| s.get(key)).map(|n| (t.spec_path.key("securityContext").key(key), n))
}

/// A boolean field of the container's `securityContext` only.
pub(crate) fn container_bool<'a>(c: &Container<'a>, key: &str) -> Option<(Path, &'a Node, bool)> {
    let n = c.node.get("securityContext")?.get(key)?;
    Some((c.path.key("securityContext").key(key), n, bool_of(n)?))
}
