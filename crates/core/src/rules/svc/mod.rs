//! `SVC`: Services and the pods they select.

pub(crate) mod exposed_service;
pub(crate) mod service_selects_no_pods;
