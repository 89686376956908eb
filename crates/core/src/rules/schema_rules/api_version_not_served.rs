//! SCH003: `apiVersion` does not serve `kind` (removed beta APIs, wrong group).

use crate::rules::edit::yaml_string;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH003",
    name: "api-version-not-served",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{kind}` is not served by `{apiVersion}` (removed in Kubernetes {version}); use `{served}`",
    checks_md_id: Some("SS-04"),
    other_tools: &[
        ("kube-linter", "no-extensions-v1beta"),
        ("kube-score", "stable-version"),
        ("Monokle", "K8S002"),
        ("Datree", "K8S_DEPRECATED_APIVERSION_*"),
        ("KICS", "Object Is Using A Deprecated API Version"),
    ],
    check: Check::Files(run),
    ..BASE
};

/// Kinds of the built-in API and the version that serves them.
const SERVED: &[(&str, &str)] = &[
    ("StatefulSet", "apps/v1"),
    ("Deployment", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("ControllerRevision", "apps/v1"),
    ("PodDisruptionBudget", "policy/v1"),
    ("Service", "v1"),
    ("Pod", "v1"),
    ("ConfigMap", "v1"),
    ("Secret", "v1"),
    ("PersistentVolumeClaim", "v1"),
    ("PersistentVolume", "v1"),
    ("ServiceAccount", "v1"),
    ("Namespace", "v1"),
    ("Endpoints", "v1"),
    ("ReplicationController", "v1"),
    ("PodTemplate", "v1"),
    ("LimitRange", "v1"),
    ("ResourceQuota", "v1"),
    ("NetworkPolicy", "networking.k8s.io/v1"),
    ("Ingress", "networking.k8s.io/v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
    ("StorageClass", "storage.k8s.io/v1"),
    ("Role", "rbac.authorization.k8s.io/v1"),
    ("ClusterRole", "rbac.authorization.k8s.io/v1"),
    ("RoleBinding", "rbac.authorization.k8s.io/v1"),
    ("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
];

/// Other versions still served for a kind.
const ALSO_SERVED: &[(&str, &str)] = &[("HorizontalPodAutoscaler", "autoscaling/v1"), ("HorizontalPodAutoscaler", "autoscaling/v2")];

/// Removed versions: (apiVersion, Kubernetes release that removed it).
const REMOVED: &[(&str, &str)] = &[
    ("apps/v1beta1", "1.16"),
    ("apps/v1beta2", "1.16"),
    ("extensions/v1beta1", "1.16"),
    ("policy/v1beta1", "1.25"),
    ("batch/v1beta1", "1.25"),
    ("batch/v2alpha1", "1.21"),
    ("networking.k8s.io/v1beta1", "1.22"),
    ("rbac.authorization.k8s.io/v1beta1", "1.22"),
    ("rbac.authorization.k8s.io/v1alpha1", "1.22"),
    ("storage.k8s.io/v1beta1", "1.22"),
    ("autoscaling/v2beta1", "1.25"),
    ("autoscaling/v2beta2", "1.26"),
];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    // kinds outside the table above: the schema knows their served version
    for (file, issue) in ws.schema_issues() {
        if let SchemaIssueKind::WrongApiVersion { expected } = &issue.kind {
            let known = ws.objects.iter().any(|o| o.file == *file && o.root.range.cover(issue.range) == o.root.range && SERVED.iter().any(|(k, _)| *k == o.kind));
            if !known {
                let d = sink.report(*file, issue.range, &issue.path, issue.message.clone());
                d.fix = Some(Fix {
                    title: format!("use `apiVersion: {expected}`"),
                    explanation: "This is the version Kubernetes serves for this kind.".into(),
                    edits: vec![TextEdit { file: *file, range: issue.range, replacement: yaml_string(expected) }],
                });
            }
        }
    }
    for obj in &ws.objects {
        if ALSO_SERVED.iter().any(|(k, v)| *k == obj.kind && *v == obj.api_version) {
            continue;
        }
        let Some((_, served)) = SERVED.iter().find(|(k, _)| *k == obj.kind) else { continue };
        let Some(version_node) = obj.root.get("apiVersion") else { continue };
        if obj.api_version == *served {
            continue;
        }
        let removed = REMOVED.iter().find(|(v, _)| *v == obj.api_version);
        let message = match removed {
            Some((_, release)) => format!("`{}` is not served by `{}` (removed in Kubernetes {release}); use `{served}`", obj.kind, obj.api_version),
            None => format!("`{}` is not served by `{}`; use `{served}`", obj.kind, obj.api_version),
        };
        let d = sink.report(obj.file, version_node.range, obj.path("apiVersion"), message);
        d.api_error = Some(format!("no matches for kind \"{}\" in version \"{}\"", obj.kind, obj.api_version));
        if obj.kind == "StatefulSet" || obj.kind == "Deployment" {
            d.help = Some("`apps/v1` requires `spec.selector.matchLabels` equal to the template labels".into());
        }
        d.fix = Some(Fix {
            title: format!("use `apiVersion: {served}`"),
            explanation: format!("`{served}` is the version of `{}` that Kubernetes serves; check the fields it requires after the change.", obj.kind),
            edits: vec![TextEdit { file: obj.file, range: version_node.range, replacement: yaml_string(served) }],
        });
    }
}
