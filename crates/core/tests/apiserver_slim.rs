//! The API server's checks compiled over the slim types (`apiserver::slim`, what the lint rules
//! use) say exactly what they say over k8s-openapi's types (what the simulator uses), for every
//! StatefulSet, Service, Pod, PersistentVolumeClaim, Job and CronJob in the corpus, the rule
//! fixtures and the examples, and for each of those objects with every scalar in turn replaced
//! by values of other types.

use ordinal_core::apiserver::{self, slim, FieldError};
use ordinal_core::yaml;
use serde_json::Value;
mod common;

use common::yaml_files;
use std::path::PathBuf;

type Outcome = Result<Vec<String>, String>;

fn strings(r: Result<Vec<FieldError>, apiserver::DecodeError>) -> Outcome {
    r.map(|v| v.iter().map(ToString::to_string).collect())
        .map_err(|e| e.to_string())
}

/// Both paths for one object: `None` for kinds neither checks.
fn both(doc: &Value) -> Option<(Outcome, Outcome)> {
    let kind = doc.get("kind")?.as_str()?;
    let version = doc.get("apiVersion")?.as_str()?;
    Some(match (kind, version) {
        ("StatefulSet", "apps/v1") => (
            strings(
                apiserver::decode_statefulset(doc).map(|o| apiserver::validate_statefulset(&o)),
            ),
            strings(slim::decode_statefulset(doc).map(|o| slim::validate_statefulset(&o))),
        ),
        ("Service", "v1") => (
            strings(apiserver::decode_service(doc).map(|o| apiserver::validate_service(&o))),
            strings(slim::decode_service(doc).map(|o| slim::validate_service(&o))),
        ),
        ("Pod", "v1") => (
            strings(apiserver::decode_pod(doc).map(|o| apiserver::validate_pod(&o))),
            strings(slim::decode_pod(doc).map(|o| slim::validate_pod(&o))),
        ),
        ("PersistentVolumeClaim", "v1") => (
            strings(apiserver::decode_pvc(doc).map(|o| apiserver::validate_pvc(&o))),
            strings(slim::decode_pvc(doc).map(|o| slim::validate_pvc(&o))),
        ),
        ("Job", "batch/v1") => (
            strings(apiserver::job_errors(doc)),
            strings(slim::job_errors(doc)),
        ),
        ("CronJob", "batch/v1") => (
            strings(apiserver::cronjob_errors(doc)),
            strings(slim::cronjob_errors(doc)),
        ),
        _ => return None,
    })
}

fn objects() -> Vec<(String, Value)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "../../../shared/corpus/real",
        "tests/fixtures",
        "examples",
        "tests/guide-objects",
        "../web/examples",
    ] {
        yaml_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        for (i, doc) in yaml::parse(&text).documents.iter().enumerate() {
            let Some(root) = &doc.root else { continue };
            let mut json = root.to_json();
            // `List` items too
            if let Some(items) = json.get_mut("items").and_then(Value::as_array_mut) {
                for (j, item) in items.drain(..).enumerate() {
                    out.push((format!("{}#{i}.items[{j}]", f.display()), item));
                }
            }
            out.push((format!("{}#{i}", f.display()), json));
        }
    }
    out
}

/// The object with the scalar at each path replaced in turn by each of `others`.
fn mutations(doc: &Value) -> Vec<(String, Value)> {
    fn walk(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                at.push(k.clone());
                walk(x, at, out);
                at.pop();
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                at.push(i.to_string());
                walk(x, at, out);
                at.pop();
            }),
            _ => out.push(at.clone()),
        }
    }
    let mut paths = Vec::new();
    walk(doc, &mut Vec::new(), &mut paths);
    let others = [
        Value::Null,
        Value::from("x"),
        Value::from(-1),
        Value::from(true),
        serde_json::json!({}),
        serde_json::json!([]),
    ];
    let mut out = Vec::new();
    for p in paths {
        let pointer: String = p
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect();
        for o in &others {
            let mut d = doc.clone();
            *d.pointer_mut(&pointer).unwrap() = o.clone();
            out.push((format!("{pointer} = {o}"), d));
        }
    }
    out
}

/// Where k8s-openapi refuses a value of a field the slim types do not keep, the slim path
/// decodes it; that is the one difference allowed (the lint rules then defer to the schema
/// rules, see `Workspace::server_errors`). Everything else must be equal.
fn agree(name: &str, k8s: &Outcome, slim: &Outcome, refused_elsewhere: &mut usize) {
    match (k8s, slim) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}: the two paths differ"),
        (Err(_), Err(_)) => {}
        (Err(_), Ok(_)) => *refused_elsewhere += 1,
        (Ok(a), Err(e)) => panic!("{name}: the slim types refuse what k8s-openapi decodes ({e}); k8s-openapi's errors: {a:?}"),
    }
}

#[test]
fn slim_checks_say_what_the_k8s_openapi_checks_say() {
    let objects = objects();
    let (mut compared, mut with_errors, mut refused_elsewhere) = (0, 0, 0);
    for (name, doc) in &objects {
        let Some((k8s, slim)) = both(doc) else {
            continue;
        };
        compared += 1;
        with_errors += usize::from(matches!(&k8s, Ok(e) if !e.is_empty()));
        agree(name, &k8s, &slim, &mut refused_elsewhere);
    }
    eprintln!("{compared} objects, {with_errors} with errors, {refused_elsewhere} refused by k8s-openapi only");
    assert!(compared > 300, "{compared}");
    assert!(with_errors > 50, "{with_errors}");
    assert_eq!(refused_elsewhere, 0, "unmutated objects decode alike");
}

#[test]
fn slim_checks_agree_on_every_scalar_given_another_type() {
    let objects = objects();
    let (mut compared, mut refused_elsewhere) = (0, 0);
    // the guide's objects and every rule fixture of a checked kind
    for (name, doc) in objects
        .iter()
        .filter(|(n, _)| n.contains("fixtures") || n.contains("guide"))
    {
        if both(doc).is_none() {
            continue;
        }
        for (what, mutated) in mutations(doc) {
            let Some((k8s, slim)) = both(&mutated) else {
                continue;
            };
            compared += 1;
            agree(
                &format!("{name}: {what}"),
                &k8s,
                &slim,
                &mut refused_elsewhere,
            );
        }
    }
    eprintln!("{compared} mutated objects, {refused_elsewhere} refused by k8s-openapi only");
    assert!(compared > 10_000, "{compared}");
}

/// The lint rules report the API server's errors only for objects k8s-openapi would decode: a
/// value of the wrong type in a field the slim types skip (`nodeSelector` here) leaves the
/// object to the schema rules, as k8s-openapi's refusal did.
#[test]
fn lint_leaves_a_mistyped_object_to_the_schema_rules() {
    use ordinal_core::rules::{self, SourceFile};
    let manifest = |node_selector: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  nodeSelector: {node_selector}\n  containers:\n  - name: c\n    image: nginx:1.27\n"
        )
    };
    let codes = |text: String| -> Vec<&'static str> {
        rules::check(&[SourceFile::new("pod.yaml", text)])
            .into_iter()
            .map(|d| d.code)
            .collect()
    };
    let well_typed = codes(manifest("{disk: ssd}"));
    assert!(
        well_typed.iter().any(|c| c.starts_with("API")),
        "{well_typed:?}"
    );
    let mistyped = codes(manifest("5"));
    assert!(
        !mistyped.iter().any(|c| c.starts_with("API")),
        "{mistyped:?}"
    );
    let doc: Value = serde_json::from_str(r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name"},"spec":{"nodeSelector":5,"containers":[{"name":"c","image":"nginx:1.27"}]}}"#).unwrap();
    assert!(apiserver::decode_pod(&doc).is_err() && slim::decode_pod(&doc).is_ok());
}
