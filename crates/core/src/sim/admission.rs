//! What admission adds to every pod the API server accepts: defaults, the service account
//! and its token volume, and the default tolerations.

use super::model::Meta;
use super::world::World;
use crate::apiserver::defaults;
use k8s_openapi::api::core::v1::{
    ConfigMapProjection, DownwardAPIProjection, DownwardAPIVolumeFile, KeyToPath, ObjectFieldSelector, PodSpec,
    ProjectedVolumeSource, ServiceAccountTokenProjection, Toleration, Volume, VolumeMount, VolumeProjection,
};

/// The path the service account token is mounted at.
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// Applies pod defaults and the ServiceAccount, DefaultTolerationSeconds and Priority
/// admission plugins.
pub(crate) fn admit_pod(w: &mut World, _meta: &mut Meta, spec: &mut PodSpec) {
    defaults::pod_spec(spec);
    spec.service_account_name.get_or_insert_with(|| "default".to_owned());
    spec.service_account = spec.service_account_name.clone();
    spec.enable_service_links.get_or_insert(true);
    spec.priority.get_or_insert(0);
    spec.preemption_policy.get_or_insert_with(|| "PreemptLowerPriority".to_owned());
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        if !tolerations.iter().any(|t| t.key.as_deref() == Some(key)) {
            tolerations.push(Toleration {
                key: Some(key.to_owned()),
                operator: Some("Exists".to_owned()),
                effect: Some("NoExecute".to_owned()),
                toleration_seconds: Some(300),
                value: None,
            });
        }
    }
    if spec.automount_service_account_token == Some(false) {
        return;
    }
    let name = format!("kube-api-access-{}", w.rng.name_suffix(5));
    spec.volumes.get_or_insert_with(Vec::new).push(Volume {
        name: name.clone(),
        projected: Some(ProjectedVolumeSource {
            default_mode: Some(0o644),
            sources: Some(vec![
                VolumeProjection {
                    service_account_token: Some(ServiceAccountTokenProjection { expiration_seconds: Some(3607), path: "token".to_owned(), audience: None }),
                    ..Default::default()
                },
                VolumeProjection {
                    config_map: Some(ConfigMapProjection {
                        name: "kube-root-ca.crt".to_owned(),
                        items: Some(vec![KeyToPath { key: "ca.crt".to_owned(), path: "ca.crt".to_owned(), mode: None }]),
                        optional: None,
                    }),
                    ..Default::default()
                },
                VolumeProjection {
                    downward_api: Some(DownwardAPIProjection {
                        items: Some(vec![DownwardAPIVolumeFile {
                            path: "namespace".to_owned(),
                            field_ref: Some(ObjectFieldSelector { api_version: Some("v1".to_owned()), field_path: "metadata.namespace".to_owned() }),
                            ..Default::default()
                        }]),
                    }),
                    ..Default::default()
                },
            ]),
        }),
        ..Default::default()
    });
    for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut().flatten()) {
        c.volume_mounts.get_or_insert_with(Vec::new).push(VolumeMount {
            name: name.clone(),
            mount_path: TOKEN_MOUNT_PATH.to_owned(),
            read_only: Some(true),
            ..Default::default()
        });
    }
}
