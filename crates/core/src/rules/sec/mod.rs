//! `SEC`: secrets and the pod's security settings.

pub(crate) mod capabilities_added;
pub(crate) mod hardcoded_secret;
pub(crate) mod host_access;
pub(crate) mod privilege_escalation;
mod security_context;
