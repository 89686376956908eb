//! `META`: names, namespaces and labels (hygiene, opt-in).

pub(crate) mod default_namespace;
