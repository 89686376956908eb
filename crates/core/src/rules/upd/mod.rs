//! `UPD`: edits to an applied object that the API server forbids or that surprise.

pub(crate) mod immutable_field;
pub(crate) mod rollback_trap;
pub(crate) mod service_cluster_ip_changed;
pub(crate) mod statefulset_deleted;
