//! Validation rules of reference §2, one case each, through one `check` helper.

use super::*;

const BASE_STS: &str = r#"
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: default}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - {name: nginx, image: "registry.k8s.io/nginx-slim:0.8", ports: [{name: web, containerPort: 80}],
         volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
"#;

fn sts_json(yaml: &str) -> serde_json::Value {
    let parse = crate::yaml::parse(yaml);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    parse.documents[0].root.as_ref().unwrap().to_json()
}

/// Applies `edit` (a JSON merge patch) to the base StatefulSet and validates it on `version`.
#[track_caller]
fn check_with(edit: serde_json::Value, version: ServerVersion, expected: &[&str]) {
    let mut value = sts_json(BASE_STS);
    crate::sim::json::merge_patch(&mut value, &edit);
    let sts = decode_statefulset(&value).expect("decodes");
    let opts = ApiOptions { version, ..ApiOptions::default() };
    let got: Vec<String> = validate_statefulset_with(&sts, &opts).iter().map(ToString::to_string).collect();
    assert_eq!(got, expected);
}

#[track_caller]
fn check(edit: serde_json::Value, expected: &[&str]) {
    check_with(edit, ServerVersion::V1_35, expected)
}

use serde_json::json;

#[test]
fn base_is_valid() {
    check(json!({}), &[]);
}

#[test]
fn names() {
    check(json!({"metadata": {"name": "Web"}}), &["metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]);
    let long = "a".repeat(64);
    check(json!({"metadata": {"name": long}}), &[&format!("metadata.name: Invalid value: \"{long}\": must be no more than 63 characters")]);
    check(json!({"metadata": {"name": "a".repeat(60)}}), &[]);
}

#[test]
fn policies_and_strategy() {
    check(json!({"spec": {"podManagementPolicy": "Foo"}}), &["spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'"]);
    check(
        json!({"spec": {"updateStrategy": {"type": "Bar"}}}),
        &["spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Bar\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'"],
    );
    check(
        json!({"spec": {"updateStrategy": {"type": "OnDelete", "rollingUpdate": {"partition": 1}}}}),
        &["spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'"],
    );
    check(json!({"spec": {"updateStrategy": {"rollingUpdate": {"partition": -1}}}}), &["spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"]);
    check(json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}}}), &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0"]);
    check(json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": "150%"}}}}), &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"]);
    check(
        json!({"spec": {"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Keep"}}}),
        &["spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""],
    );
}

#[test]
fn negative_numbers() {
    check(json!({"spec": {"replicas": -1}}), &["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]);
    check(json!({"spec": {"minReadySeconds": -5}}), &["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"]);
    check(json!({"spec": {"ordinals": {"start": -1}}}), &["spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"]);
    check(json!({"spec": {"revisionHistoryLimit": -1}}), &["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"]);
    check(json!({"spec": {"replicas": 0}}), &[]);
}

#[test]
fn selectors() {
    check(
        json!({"spec": {"selector": null}}),
        &[
            "spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`",
        ],
    );
    check(
        json!({"spec": {"selector": {"matchLabels": null}}}),
        &["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset"],
    );
    check(
        json!({"spec": {"template": {"metadata": {"labels": {"app": "web"}}}}}),
        &["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"],
    );
    check(
        json!({"spec": {"selector": {"matchExpressions": [{"key": "app", "operator": "In"}]}}}),
        &["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
          "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`"],
    );
}

#[test]
fn template_rules() {
    check(json!({"spec": {"template": {"spec": {"restartPolicy": "OnFailure"}}}}), &["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""]);
    check(json!({"spec": {"template": {"spec": {"activeDeadlineSeconds": 5}}}}), &["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"]);
    check(json!({"spec": {"serviceName": "Nginx"}}), &["spec.serviceName: Invalid value: \"Nginx\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]);
}

fn with_containers(containers: serde_json::Value) -> serde_json::Value {
    json!({"spec": {"template": {"spec": {"containers": containers}}}})
}

#[test]
fn pod_template_is_validated_from_v1_34() {
    let bad_mount = with_containers(json!([{"name": "nginx", "image": "nginx", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]));
    check(bad_mount.clone(), &["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""]);
    check_with(bad_mount, ServerVersion::V1_33, &[]);
    check(
        with_containers(json!([{"name": "nginx", "image": "a"}, {"name": "nginx", "image": "b"}])),
        &["spec.template.spec.containers[1].name: Duplicate value: \"nginx\""],
    );
    check(with_containers(json!([{"name": "nginx"}])), &["spec.template.spec.containers[0].image: Required value"]);
    check(
        with_containers(json!([{"name": "nginx", "image": "a", "ports": [{"containerPort": 70000}]}])),
        &["spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
    );
    check(
        with_containers(json!([{"name": "nginx", "image": "a", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}])),
        &["spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1"],
    );
    check(
        with_containers(json!([{"name": "nginx", "image": "a", "readinessProbe": {"periodSeconds": 5}}])),
        &["spec.template.spec.containers[0].readinessProbe: Required value: must specify a handler type"],
    );
    // A mount named after a claim template is valid; a template volume of that name is hidden.
    check(
        json!({"spec": {"template": {"spec": {"volumes": [{"name": "www", "emptyDir": {}}]}}}}),
        &[],
    );
}

#[test]
fn claim_templates_are_validated_from_v1_34() {
    let no_modes = json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"resources": {"requests": {"storage": "1Gi"}}}}]}});
    check(no_modes.clone(), &["spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required"]);
    check_with(no_modes, ServerVersion::V1_33, &[]);
    check(
        json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"]}}]}}),
        &["spec.volumeClaimTemplates[0].spec.resources[storage]: Required value"],
    );
}

#[test]
fn updates() {
    let old = decode_statefulset(&sts_json(BASE_STS)).unwrap();
    let forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    let cases: Vec<(serde_json::Value, Vec<&str>)> = vec![
        (json!({"spec": {"podManagementPolicy": "Parallel"}}), vec![forbidden]),
        (json!({"spec": {"serviceName": "other"}}), vec![forbidden]),
        (json!({"spec": {"selector": {"matchLabels": {"tier": "web"}}, "template": {"metadata": {"labels": {"tier": "web"}}}}}), vec![forbidden]),
        (json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}}]}}), vec![forbidden]),
        (json!({"spec": {"replicas": 5, "minReadySeconds": 3, "ordinals": {"start": 2}, "revisionHistoryLimit": 3,
                          "updateStrategy": {"rollingUpdate": {"partition": 2}},
                          "persistentVolumeClaimRetentionPolicy": {"whenScaled": "Delete"},
                          "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:2", "volumeMounts": [{"name": "www", "mountPath": "/x"}]}]}}}}), vec![]),
    ];
    for (edit, expected) in cases {
        let mut value = sts_json(BASE_STS);
        crate::sim::json::merge_patch(&mut value, &edit);
        let new = decode_statefulset(&value).unwrap();
        let got: Vec<String> = validate_statefulset_update(&old, &new).iter().map(ToString::to_string).collect();
        assert_eq!(got, expected, "edit {edit}");
    }
}

#[test]
fn max_unavailable_is_dropped_when_the_gate_is_off() {
    let mut value = sts_json(BASE_STS);
    crate::sim::json::merge_patch(&mut value, &json!({"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2}}}}));
    let mut sts = decode_statefulset(&value).unwrap();
    prepare_statefulset_create(&mut sts, &ApiOptions::default());
    let ru = sts.spec.unwrap().update_strategy.unwrap().rolling_update.unwrap();
    assert_eq!(ru.max_unavailable, None);
}

#[test]
fn decode_errors_read_like_the_server() {
    let mut value = sts_json(BASE_STS);
    crate::sim::json::merge_patch(&mut value, &json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1GB"}}}}]}}));
    let err = decode_statefulset(&value).unwrap_err();
    assert_eq!(err.to_string(), "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    let mut value = sts_json(BASE_STS);
    crate::sim::json::merge_patch(&mut value, &json!({"spec": {"replicas": "three"}}));
    assert!(decode_statefulset(&value).unwrap_err().to_string().starts_with("StatefulSet in version \"v1\" cannot be handled as a StatefulSet: invalid type: string \"three\""));
}

fn svc(edit: serde_json::Value) -> Vec<String> {
    let mut value = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx"},
        "spec": {"clusterIP": "None", "selector": {"app": "nginx"}, "ports": [{"name": "web", "port": 80}]}});
    crate::sim::json::merge_patch(&mut value, &edit);
    validate_service(&decode_service(&value).unwrap()).iter().map(ToString::to_string).collect()
}

#[test]
fn services() {
    assert!(svc(json!({})).is_empty());
    assert_eq!(svc(json!({"metadata": {"name": "1nginx"}})), vec!["metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]);
    assert!(svc(json!({"spec": {"ports": []}})).is_empty(), "a headless Service may have no ports");
    assert_eq!(svc(json!({"spec": {"clusterIP": null, "ports": []}})), vec!["spec.ports: Required value"]);
    assert_eq!(svc(json!({"spec": {"ports": [{"name": "web", "port": 80}, {"port": 81}]}})), vec!["spec.ports[1].name: Required value"]);
    assert_eq!(svc(json!({"spec": {"ports": [{"name": "web", "port": 80}, {"name": "web", "port": 81}]}})), vec!["spec.ports[1].name: Duplicate value: \"web\""]);
    assert_eq!(
        svc(json!({"spec": {"ports": [{"name": "a", "port": 80}, {"name": "b", "port": 80}]}})),
        vec!["spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"]
    );
    assert_eq!(svc(json!({"spec": {"ports": [{"name": "web", "port": 0}]}})), vec![
        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
    ], "targetPort defaults to port, so both are reported");
    assert_eq!(svc(json!({"spec": {"type": "NodePort"}})), vec!["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]);
}
