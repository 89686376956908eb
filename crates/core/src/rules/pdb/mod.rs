//! `PDB`: PodDisruptionBudgets for the StatefulSet's pods.

pub(crate) mod pdb_blocks_evictions;
pub(crate) mod pdb_missing;
pub(crate) mod pdb_selects_nothing;

use super::util::Selector;
use super::workspace::{Object, Workspace};

/// Whether a PodDisruptionBudget selects no pod template of the files given.
pub(crate) fn selects_nothing(ws: &Workspace<'_>, pdb: &Object<'_>, selector: &Selector) -> bool {
    !ws.pod_labels().iter().any(|(i, labels)| ws.same_namespace(&ws.objects[*i], pdb) && selector.matches(labels))
}
