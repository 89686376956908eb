//! Shared reading of pod and container security contexts.

use crate::rules::util::bool_of;
use crate::rules::workspace::Container;
use crate::yaml::{Node, Path};

/// A boolean field of the container's `securityContext` only.
pub(crate) fn container_bool<'a>(c: &Container<'a>, key: &str) -> Option<(Path, &'a Node, bool)> {
    let n = c.node.get("securityContext")?.get(key)?;
    Some((c.path.key("securityContext").key(key), n, bool_of(n)?))
}
