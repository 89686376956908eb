//! `STS`: a StatefulSet and its governing Service, wired together.

pub(crate) mod governing_service_not_headless;
pub(crate) mod governing_service_selects_nothing;
pub(crate) mod headless_target_port_remap;
pub(crate) mod name_too_long_for_pods;
pub(crate) mod on_delete_update_strategy;
pub(crate) mod publish_not_ready_addresses;
pub(crate) mod quorum_replicas;
pub(crate) mod selector_mismatch;
pub(crate) mod selector_missing;
pub(crate) mod service_in_other_namespace;
pub(crate) mod service_name_missing;
pub(crate) mod service_not_found;

use super::util::int_of;
use super::workspace::{Object, PodTemplate, Workspace};

/// A StatefulSet with its pod template.
pub(crate) struct Sts<'w, 'a> {
    pub obj: &'w Object<'a>,
    pub template: Option<PodTemplate<'a>>,
}

impl Sts<'_, '_> {
    /// `spec.replicas` as written (`None` when unset; the API defaults it to 1).
    pub fn replicas(&self) -> Option<i64> {
        self.obj.at("spec.replicas").and_then(int_of)
    }
}

/// Every StatefulSet of the input.
pub(crate) fn statefulsets<'w, 'a>(ws: &'w Workspace<'a>) -> Vec<Sts<'w, 'a>> {
    ws.of_kind("StatefulSet").map(|(index, obj)| Sts { obj, template: ws.pod_template(index) }).collect()
}

/// The Service a StatefulSet's `serviceName` names, in a namespace it may share.
pub(crate) fn governing_service<'w, 'a>(ws: &'w Workspace<'a>, sts: &Object<'a>) -> Option<(usize, &'w Object<'a>)> {
    let name = sts.at("spec.serviceName")?.as_str()?;
    if name.is_empty() {
        return None;
    }
    ws.of_kind("Service").find(|(_, svc)| svc.name == Some(name) && ws.same_namespace(svc, sts))
}

/// The template labels of a StatefulSet's pods.
pub(crate) fn pod_labels(sts: &Sts<'_, '_>) -> super::util::LabelMap {
    super::util::labels_of(sts.obj.at("spec.template.metadata.labels"))
}
