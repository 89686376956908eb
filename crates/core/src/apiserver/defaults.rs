//! Defaulting, as `pkg/apis/{apps,core}/v1/defaults.go` applies it to every object the API
//! server receives (reference §1). Every function is idempotent.

use super::kinds::{
    Container, IntOrString, PersistentVolumeClaim, PersistentVolumeClaimStatus, PodSecurityContext, PodSpec,
    PodTemplateSpec, Probe, RollingUpdateStatefulSetStrategy, Service, ServiceSpec, StatefulSet,
    StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetSpec, StatefulSetUpdateStrategy,
};
use crate::apiserver::ApiOptions;

/// `SetDefaults_StatefulSet`, then the pod template and claim template defaults.
///
/// `rollingUpdate: {}` is created only when `updateStrategy.type` was empty (a manifest with
/// `type: RollingUpdate` and no `rollingUpdate` keeps it absent); `maxUnavailable` defaults to
/// 1 only when the `MaxUnavailableStatefulSet` gate is on.
pub fn statefulset(sts: &mut StatefulSet, opts: &ApiOptions) {
    let spec = sts.spec.get_or_insert_with(StatefulSetSpec::default);
    if spec.pod_management_policy.as_deref().unwrap_or("").is_empty() {
        spec.pod_management_policy = Some("OrderedReady".to_owned());
    }
    let strategy = spec.update_strategy.get_or_insert_with(StatefulSetUpdateStrategy::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".to_owned());
        if strategy.rolling_update.is_none() {
            strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy::default());
        }
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        if let Some(ru) = strategy.rolling_update.as_mut() {
            ru.partition.get_or_insert(0);
            if opts.max_unavailable_gate && ru.max_unavailable.is_none() {
                ru.max_unavailable = Some(IntOrString::Int(1));
            }
        }
    }
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    if policy.when_deleted.as_deref().unwrap_or("").is_empty() {
        policy.when_deleted = Some("Retain".to_owned());
    }
    if policy.when_scaled.as_deref().unwrap_or("").is_empty() {
        policy.when_scaled = Some("Retain".to_owned());
    }
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    pod_template(&mut spec.template);
    for claim in spec.volume_claim_templates.iter_mut().flatten() {
        pvc(claim);
    }
}

/// The defaults a pod template receives (`SetDefaults_PodSpec`, `SetDefaults_Container`, …).
pub fn pod_template(template: &mut PodTemplateSpec) {
    pod_spec(template.spec.get_or_insert_with(PodSpec::default));
}

/// `SetDefaults_PodSpec` and the defaults of its containers and volumes.
pub fn pod_spec(spec: &mut PodSpec) {
    if spec.dns_policy.as_deref().unwrap_or("").is_empty() {
        spec.dns_policy = Some("ClusterFirst".to_owned());
    }
    if spec.restart_policy.as_deref().unwrap_or("").is_empty() {
        spec.restart_policy = Some("Always".to_owned());
    }
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.security_context.get_or_insert_with(PodSecurityContext::default);
    if spec.scheduler_name.as_deref().unwrap_or("").is_empty() {
        spec.scheduler_name = Some("default-scheduler".to_owned());
    }
    for c in spec.init_containers.iter_mut().flatten() {
        container(c);
    }
    for c in spec.containers.iter_mut() {
        container(c);
    }
    for v in spec.volumes.iter_mut().flatten() {
        if let Some(cm) = v.config_map.as_mut() {
            cm.default_mode.get_or_insert(0o644);
        }
        if let Some(s) = v.secret.as_mut() {
            s.default_mode.get_or_insert(0o644);
        }
        if let Some(p) = v.projected.as_mut() {
            p.default_mode.get_or_insert(0o644);
        }
        if let Some(d) = v.downward_api.as_mut() {
            d.default_mode.get_or_insert(0o644);
        }
    }
}

/// `SetDefaults_Container`: pull policy from the tag, termination message, port protocol,
/// probe timings.
pub fn container(c: &mut Container) {
    if c.image_pull_policy.as_deref().unwrap_or("").is_empty() {
        let policy = if image_tag(c.image.as_deref().unwrap_or("")) == Some("latest") { "Always" } else { "IfNotPresent" };
        c.image_pull_policy = Some(policy.to_owned());
    }
    if c.termination_message_path.as_deref().unwrap_or("").is_empty() {
        c.termination_message_path = Some("/dev/termination-log".to_owned());
    }
    if c.termination_message_policy.as_deref().unwrap_or("").is_empty() {
        c.termination_message_policy = Some("File".to_owned());
    }
    for p in c.ports.iter_mut().flatten() {
        if p.protocol.as_deref().unwrap_or("").is_empty() {
            p.protocol = Some("TCP".to_owned());
        }
    }
    for e in c.env.iter_mut().flatten() {
        if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            f.api_version.get_or_insert_with(|| "v1".to_owned());
        }
    }
    for probe in [&mut c.readiness_probe, &mut c.liveness_probe, &mut c.startup_probe].into_iter().flatten() {
        self::probe(probe);
    }
}

fn probe(p: &mut Probe) {
    p.timeout_seconds.get_or_insert(1);
    p.period_seconds.get_or_insert(10);
    p.success_threshold.get_or_insert(1);
    p.failure_threshold.get_or_insert(3);
    if let Some(h) = p.http_get.as_mut() {
        h.scheme.get_or_insert_with(|| "HTTP".to_owned());
    }
}

/// The tag the kubelet sees in an image reference: `Some("latest")` when there is neither a
/// tag nor a digest, `None` for a digest-only reference.
pub fn image_tag(image: &str) -> Option<&str> {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last_slash = name.rfind('/').map(|i| i + 1).unwrap_or(0);
    match name[last_slash..].rfind(':') {
        Some(i) => Some(&name[last_slash + i + 1..]),
        None if digest.is_some() => None,
        None => Some("latest"),
    }
}

/// `SetDefaults_PersistentVolumeClaim` and its spec: `volumeMode: Filesystem`,
/// `status.phase: Pending`.
pub fn pvc(claim: &mut PersistentVolumeClaim) {
    let spec = claim.spec.get_or_insert_with(Default::default);
    spec.volume_mode.get_or_insert_with(|| "Filesystem".to_owned());
    let status = claim.status.get_or_insert_with(PersistentVolumeClaimStatus::default);
    status.phase.get_or_insert_with(|| "Pending".to_owned());
}

/// `SetDefaults_Service`: `type: ClusterIP`, `sessionAffinity: None`, port protocol and
/// `targetPort`, `internalTrafficPolicy: Cluster`. A Service is headless only when it says
/// `clusterIP: None`; nothing defaults to it.
pub fn service(svc: &mut Service) {
    let spec = svc.spec.get_or_insert_with(ServiceSpec::default);
    if spec.session_affinity.as_deref().unwrap_or("").is_empty() {
        spec.session_affinity = Some("None".to_owned());
    }
    if spec.session_affinity.as_deref() == Some("None") {
        spec.session_affinity_config = None;
    }
    if spec.type_.as_deref().unwrap_or("").is_empty() {
        spec.type_ = Some("ClusterIP".to_owned());
    }
    for p in spec.ports.iter_mut().flatten() {
        if p.protocol.as_deref().unwrap_or("").is_empty() {
            p.protocol = Some("TCP".to_owned());
        }
        let empty_target = match &p.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(IntOrString::Int(_)) => false,
        };
        if empty_target {
            p.target_port = Some(IntOrString::Int(p.port));
        }
    }
    let type_ = spec.type_.clone().unwrap_or_default();
    if matches!(type_.as_str(), "NodePort" | "LoadBalancer") && spec.external_traffic_policy.is_none() {
        spec.external_traffic_policy = Some("Cluster".to_owned());
    }
    if matches!(type_.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP") && spec.internal_traffic_policy.is_none() {
        spec.internal_traffic_policy = Some("Cluster".to_owned());
    }
    if type_ == "LoadBalancer" {
        spec.allocate_load_balancer_node_ports.get_or_insert(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_tags() {
        assert_eq!(image_tag("nginx"), Some("latest"));
        assert_eq!(image_tag("nginx:1.25"), Some("1.25"));
        assert_eq!(image_tag("localhost:5000/nginx"), Some("latest"));
        assert_eq!(image_tag("localhost:5000/nginx:1"), Some("1"));
        assert_eq!(image_tag("nginx@sha256:abc"), None);
        assert_eq!(image_tag("postgres:13-alpine"), Some("13-alpine"));
    }

    #[test]
    fn statefulset_defaults_are_idempotent_and_keep_absent_rolling_update() {
        let doc = serde_json::json!({
            "metadata": {"name": "web"},
            "spec": {"updateStrategy": {"type": "RollingUpdate"}, "selector": {"matchLabels": {"a": "b"}},
                      "template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}
        });
        let mut sts: StatefulSet = super::super::kinds::decode("StatefulSet", "v1", &doc).unwrap();
        statefulset(&mut sts, &ApiOptions::default());
        let once = sts.clone();
        statefulset(&mut sts, &ApiOptions::default());
        assert_eq!(once, sts);
        let spec = sts.spec.unwrap();
        assert!(spec.update_strategy.unwrap().rolling_update.is_none());
        assert_eq!(spec.replicas, Some(1));
        assert_eq!(spec.template.spec.unwrap().containers[0].image_pull_policy.as_deref(), Some("Always"));
    }
}
