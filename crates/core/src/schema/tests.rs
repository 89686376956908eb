use super::*;
use crate::yaml::{self, Path};

fn issues(text: &str) -> String {
    let parse = yaml::parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let mut out = String::new();
    for doc in &parse.documents {
        for i in validate(doc) {
            let suggestion = i.suggestion.as_deref().map(|s| format!(" => {s}")).unwrap_or_default();
            out.push_str(&format!("{}..{} {} [{}] {}{suggestion}\n", i.range.start, i.range.end, i.path, i.kind.code(), i.message));
        }
    }
    out
}

#[test]
fn data_files_load_without_problems() {
    let (schema, problems) = data::load(&[data::UPSTREAM, data::VOLUME_SNAPSHOT]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(schema.kubernetes_version, "1.35");
    // every reference points at a type that exists
    for t in schema.types.values() {
        for f in &t.fields {
            let mut ty = &f.ty;
            while let FieldType::List(inner) | FieldType::Map(inner) = ty {
                ty = inner;
            }
            if let FieldType::Object(name) = ty {
                assert!(schema.types.contains_key(name), "{}.{} refers to missing {name}", t.name, f.name);
            }
        }
    }
    for k in &schema.kinds {
        assert!(schema.types.contains_key(k.type_name), "{k:?}");
    }
}

#[test]
fn resolves_paths() {
    let f = field(Some("apps/v1"), "StatefulSet", &Path::parse("spec.replicas")).unwrap();
    assert_eq!(f.ty, FieldType::Integer);
    assert!(f.description().starts_with("replicas is the desired number"));
    assert_eq!(f.origin, Origin::Kubernetes("1.35"));
    let f = field(Some("apps/v1"), "StatefulSet", &Path::parse("spec.template.spec.containers[0].image")).unwrap();
    assert_eq!(f.ty, FieldType::String);
    let f = field(Some("apps/v1"), "StatefulSet", &Path::parse("spec.template.spec.containers[0]")).unwrap();
    assert_eq!(f.place, Place::ListItem);
    assert_eq!(f.ty.label(), "Container");
    let f = field(Some("apps/v1"), "StatefulSet", &Path::parse("spec.selector.matchLabels.app")).unwrap();
    assert_eq!(f.place, Place::MapEntry);
    let f = field(Some("apps/v1"), "StatefulSet", &Path::parse("spec.volumeClaimTemplates[0].spec.resources.requests.storage")).unwrap();
    assert_eq!(f.ty, FieldType::Quantity);
    let f = field(Some("v1"), "Service", &Path::parse("spec.ports[0].targetPort")).unwrap();
    assert_eq!(f.ty, FieldType::IntOrString);
    let f = field(Some("snapshot.storage.k8s.io/v1"), "VolumeSnapshot", &Path::parse("spec.source.persistentVolumeClaimName")).unwrap();
    assert_eq!(f.origin, Origin::Crd("snapshot.storage.k8s.io/v1"));
    assert!(field(Some("apps/v1"), "StatefulSet", &Path::parse("spec.replica")).is_none());
    assert!(field(Some("v1"), "Frobnicator", &Path::parse("spec")).is_none());
    // an old apiVersion of a known kind still resolves
    assert!(field(Some("apps/v1beta1"), "StatefulSet", &Path::parse("spec.serviceName")).is_some());
    // a root path gives the kind's description
    assert_eq!(field(Some("v1"), "Service", &Path::root()).unwrap().place, Place::Root);
}

#[test]
fn reports_type_errors_at_the_value() {
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: three\n  selector: {matchLabels: {app: web}}\n  template: {}\n";
    expect_test::expect![[r#"
        78..83 spec.replicas [type-mismatch] expected an integer, found a string
    "#]]
    .assert_eq(&issues(text));
    assert_eq!(&text[78..83], "three");
}

#[test]
fn reports_unknown_fields_with_a_suggestion() {
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replica: 3\n  ServiceName: x\n  frobnicate: 1\n  selector: {matchLabels: {app: web}}\n  template: {}\n";
    expect_test::expect![[r#"
        68..75 spec.replica [unknown-field] unknown field `replica`: did you mean `replicas`? => replicas
        81..92 spec.ServiceName [unknown-field] unknown field `ServiceName`: did you mean `serviceName`? => serviceName
        98..108 spec.frobnicate [unknown-field] unknown field `frobnicate`: `StatefulSetSpec` has no such field
    "#]]
    .assert_eq(&issues(text));
}

#[test]
fn reports_yaml11_booleans_and_quoted_numbers() {
    let text = r#"apiVersion: v1
kind: Pod
metadata: {name: p, labels: {enabled: yes}}
spec:
  containers:
  - name: c
    image: x
    env:
    - {name: DEBUG, value: on}
    - {name: PORT, value: 8080}
    ports:
    - containerPort: "5432"
      protocol: tcp
"#;
    expect_test::expect![[r#"
        63..66 metadata.labels.enabled [yaml11-boolean] expected a string, found a boolean: Kubernetes reads a plain `yes` as the boolean true (YAML 1.1); quote it => "yes"
        150..152 spec.containers[0].env[0].value [yaml11-boolean] expected a string, found a boolean: Kubernetes reads a plain `on` as the boolean true (YAML 1.1); quote it => "on"
        180..184 spec.containers[0].env[1].value [type-mismatch] expected a string, found an integer: quote it to make it a string => "8080"
        218..224 spec.containers[0].ports[0].containerPort [type-mismatch] expected an integer, found a string: remove the quotes => 5432
        241..244 spec.containers[0].ports[0].protocol [unsupported-value] unsupported value `tcp`: did you mean `TCP`? (supported values: `TCP`, `UDP`, `SCTP`) => TCP
    "#]]
    .assert_eq(&issues(text));
}

#[test]
fn reports_shapes_quantities_and_missing_fields() {
    let text = r#"apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  template:
    spec:
      containers: {name: c}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: ReadWriteOnce
      resources: {requests: {storage: 1GB}}
"#;
    expect_test::expect![[r#"
        60..64 spec.selector [missing-field] missing required field `selector`
        106..115 spec.template.spec.containers [type-mismatch] expected a list, found a mapping
        196..209 spec.volumeClaimTemplates[0].spec.accessModes [type-mismatch] expected a list, found a string => ["ReadWriteOnce"]
        248..251 spec.volumeClaimTemplates[0].spec.resources.requests.storage [invalid-quantity] `1GB` is not a quantity: write `1G` (decimal, powers of 1000) or `1Gi` (binary, powers of 1024); units have no `B` and are case-sensitive => 1G
    "#]]
    .assert_eq(&issues(text));
}

#[test]
fn kinds_and_versions() {
    expect_test::expect![[r#"
        12..24 apiVersion [wrong-api-version] `StatefulSet` is served as `apps/v1` in Kubernetes 1.35, not `apps/v1beta1` => apps/v1
    "#]]
    .assert_eq(&issues("apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata: {name: a}\nspec: {selector: {}, template: {}}\n"));
    // unknown kinds are not errors
    expect_test::expect![""].assert_eq(&issues("apiVersion: example.com/v1\nkind: Widget\nspec: {anything: 1}\n"));
    expect_test::expect![[r#"
        0..0 apiVersion [missing-api-version] missing `apiVersion`
        0..0 kind [missing-kind] missing `kind`
    "#]]
    .assert_eq(&issues("metadata: {name: a}\n"));
    expect_test::expect![[r#"
        0..7  [not-an-object] a Kubernetes object must be a mapping of fields, found a list
    "#]]
    .assert_eq(&issues("- a\n- b\n"));
}

#[test]
fn secrets_base64_and_duplicates() {
    expect_test::expect![[r#"
        66..74 data.password [invalid-base64] this value is not valid base64: values under `data` must be base64-encoded (use `stringData` for plain text)
        75..79 data [duplicate-field] duplicate field `data`: only the last one would be used, and the API rejects the object
    "#]]
    .assert_eq(&issues("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: hunter2!\ndata: {ok: aGVsbG8=}\n"));
}

#[test]
fn guide_documents_are_clean() {
    assert_eq!(issues(crate::examples::GUIDE), "");
}

#[test]
fn did_you_mean_is_conservative() {
    assert_eq!(did_you_mean("replica", ["replicas", "selector"]), Some("replicas"));
    assert_eq!(did_you_mean("xyz", ["replicas", "selector"]), None);
    assert_eq!(did_you_mean("tcp", ["TCP", "UDP"]), Some("TCP"));
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}
