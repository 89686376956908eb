//! `ordinal explain` end to end.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared_guide(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/guide").join(name).to_string_lossy().into_owned()
}

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ordinal-explain-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs `ordinal explain ARGS`; returns (exit code, stdout, stderr).
fn explain(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal")).arg("explain").args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_guide_files_are_guide_grade_throughout() {
    let (sts, svc) = (shared_guide("statefulset.yaml"), shared_guide("service.yaml"));
    let (code, out, err) = explain(&[&sts, &svc, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let records: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(records.len(), 37 + 13, "one record per key");
    for r in &records {
        assert_eq!(r["source"], "guide", "{r}");
        assert!(!r["summary"].as_str().unwrap().is_empty());
        assert!(r["line"].as_u64().unwrap() >= 1 && r["column"].as_u64().unwrap() >= 1);
    }
    let first = &records[0];
    assert_eq!((first["file"].as_str().unwrap(), &first["line"], &first["column"]), (sts.as_str(), &Value::from(1), &Value::from(1)));
    let image = records.iter().find(|r| r["path"] == "spec.template.spec.containers[0].image").unwrap();
    assert_eq!((&image["kind"], &image["line"], &image["column"]), (&Value::from("StatefulSet"), &Value::from(19), &Value::from(9)));
}

#[test]
fn text_lists_every_key_in_document_order() {
    let (code, out, _) = explain(&[&shared_guide("service.yaml")]);
    assert_eq!(code, 0);
    let paths: Vec<&str> = out.lines().map(|l| l.split('\t').nth(2).unwrap()).collect();
    assert_eq!(
        paths,
        [
            "apiVersion", "kind", "metadata", "metadata.name", "metadata.namespace", "spec", "spec.clusterIP", "spec.selector",
            "spec.selector.app", "spec.ports", "spec.ports[0].protocol", "spec.ports[0].port", "spec.ports[0].targetPort"
        ]
    );
}

#[test]
fn at_prints_the_full_entry() {
    let sts = shared_guide("statefulset.yaml");
    let (code, out, _) = explain(&[&sts, "--at", "7:5"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("StatefulSet spec.serviceName  [guide]\n"), "{out}");
    for heading in ["What it does", "Options", "Why it matters", "Common mistakes", "kubectl", "In the simulator", "From the Kubernetes 1.35 API reference"] {
        assert!(out.contains(&format!("\n{heading}\n")), "missing {heading}:\n{out}");
    }
    let (code, out, _) = explain(&[&sts, "--at", "37:20", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["path"], "spec.volumeClaimTemplates[0].spec.resources.requests.storage");
    assert_eq!(v["value_note"]["id"], "quantity-binary");
    assert!(v["sections"]["why"].as_str().unwrap().contains("allowVolumeExpansion"));
    assert_eq!(v["api"]["k8s_version"], "1.35");
}

#[test]
fn other_kinds_and_errors() {
    let f = tmp("mixed.yaml", "apiVersion: example.com/v1\nkind: Widget\nspec: {a: 1}\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: ConfigMap\ndata: {k: v}\n");
    let (code, out, err) = explain(&[&f, "--format", "json"]);
    assert_eq!(code, 1, "a broken document is reported, the rest explained");
    assert!(err.contains("mixed.yaml:6:1: error: "), "{err}");
    let records: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(records[0]["source"], "unknown");
    assert!(records[0]["summary"].as_str().unwrap().starts_with("The app does not explain `Widget`"));
    assert!(records.iter().any(|r| r["kind"] == "ConfigMap" && r["source"] == "api"));
    let bad = tmp("bad.yaml", "a: [\n");
    let (code, out, err) = explain(&[&bad]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("bad.yaml:"), "{err}");
    let (code, _, err) = explain(&[&f, &bad, "--at", "1:1"]);
    assert_eq!(code, 2);
    assert!(err.contains("--at needs exactly one FILE"), "{err}");
    let (code, _, err) = explain(&[&f, "--at", "0:1"]);
    assert_eq!(code, 2, "{err}");
}
