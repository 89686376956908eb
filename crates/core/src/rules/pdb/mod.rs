//! `PDB`: PodDisruptionBudgets for the StatefulSet's pods.

pub(crate) mod pdb_blocks_evictions;
pub(crate) mod pdb_missing;
pub(crate) mod pdb_selects_nothing;

use super::util::Selector;
use super::workspace::{Object, Workspace};

/// Whether a PodDisruptionBudget selects no pod template of the files given.
pub(crate) fn selects_nothing(ws: &Workspace<'_>, pdb: &Object<'_>, selector: &Selector) -> bool {
    !ws.pod_templates().iter().any(|t| ws.same_namespace(&ws.objects[t.object], pdb) && selector.matches(&t.label_map()))
}
