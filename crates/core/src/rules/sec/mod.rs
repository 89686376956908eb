//! `SEC`: secrets and the pod's security settings.

pub(crate) mod capabilities_added;
pub(crate) mod capabilities_not_dropped;
pub(crate) mod hardcoded_secret;
pub(crate) mod host_access;
pub(crate) mod linux_hardening_missing;
pub(crate) mod low_user_id;
pub(crate) mod network_policy_missing;
pub(crate) mod privilege_escalation;
pub(crate) mod privilege_escalation_not_disabled;
pub(crate) mod privileged_port;
pub(crate) mod root_filesystem_writable;
pub(crate) mod run_as_root;
pub(crate) mod seccomp_profile_missing;
pub(crate) mod secret_in_env;
pub(crate) mod security_context_missing;
pub(crate) mod service_account_token_mounted;
pub(crate) mod ssh_port_exposed;
pub(crate) mod sysctls_not_allowed;
mod security_context;
