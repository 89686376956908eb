//! `SEC`: secrets and the pod's security settings.

pub(crate) mod hardcoded_secret;
