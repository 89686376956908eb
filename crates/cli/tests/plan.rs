//! `ordinal plan` through the real binary: the JSON contract, the text, the exit status.

use std::process::Command;

fn ordinal(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ordinal-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

const GUIDE: &str = include_str!("../../core/examples/guide.yaml");

#[test]
fn a_new_image_rolls_the_guides_pods_from_the_highest_ordinal() {
    let old = write("guide.yaml", GUIDE);
    let new = write("guide-14.yaml", &GUIDE.replace("postgres:13-alpine", "postgres:14-alpine"));
    let (code, stdout, stderr) = ordinal(&["plan", "--applied", &old, &new, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["rejected"], serde_json::Value::Null);
    assert_eq!(v["rolls"], serde_json::json!(["recovery-demo-db-2", "recovery-demo-db-1", "recovery-demo-db-0"]));
    assert_eq!(v["held"], serde_json::json!([]));
    assert_eq!(v["pods"], serde_json::json!({"create": [], "delete": []}));
    assert_eq!(v["claims"]["keep"].as_array().unwrap().len(), 3);
    assert_eq!(v["fix"], serde_json::Value::Null);
    assert_eq!(v["versions"].as_array().unwrap().iter().map(|x| x["server"].as_str().unwrap()).collect::<Vec<_>>(), ["1.33", "1.34", "1.35"]);
    let (_, text, _) = ordinal(&["plan", "--applied", &old, &new]);
    assert!(text.starts_with("pods replaced, in order: recovery-demo-db-2, recovery-demo-db-1, recovery-demo-db-0\n"), "{text}");
}

#[test]
fn an_immutable_field_is_refused_with_the_fix_and_exit_status_1() {
    let old = write("a.yaml", GUIDE);
    let new = write("b.yaml", &GUIDE.replace("  replicas: 3\n", "  replicas: 3\n  podManagementPolicy: Parallel\n"));
    let (code, stdout, _) = ordinal(&["plan", "--applied", &old, &new]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("refused:\n  Error from server (Invalid): error when applying patch \"") && stdout.contains("b.yaml\": StatefulSet.apps \"recovery-demo-db\" is invalid"), "{stdout}");
    assert!(stdout.contains("kubectl delete statefulset recovery-demo-db -n scenarios --cascade=orphan"), "{stdout}");
}
