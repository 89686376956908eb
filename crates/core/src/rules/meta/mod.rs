//! `META`: names, namespaces and labels (hygiene, opt-in).

pub(crate) mod default_namespace;
pub(crate) mod recommended_labels;
