//! `ordinal drill` through the real binary: the JSON contract and the exit status.

use std::process::Command;

#[test]
fn the_guides_drills_report_the_rollback_trap_and_exit_1() {
    let guide = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/examples/guide.yaml");
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal")).args(["drill", guide, "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "a blocked drill fails the command");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let drills = v["drills"].as_array().unwrap();
    assert_eq!(drills.len(), 12);
    for d in drills {
        for key in ["name", "outcome", "min_ready", "seconds_degraded", "seconds_without_pod0", "rows", "causes"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert!(["ok", "degraded", "blocked", "data-lost"].contains(&d["outcome"].as_str().unwrap()));
    }
    let first = &drills[0];
    assert_eq!(first["name"], "delete pod recovery-demo-db-0");
    assert_eq!(first["rows"]["recovery-demo-db-0"].as_array().unwrap().len(), 2, "[before, after]");
    let roll = drills.iter().find(|d| d["name"].as_str().unwrap().starts_with("roll to an image")).unwrap();
    assert_eq!(roll["outcome"], "blocked");
    let cause = &roll["causes"][0];
    assert_eq!((cause["rule"].clone(), cause["line"].clone()), (serde_json::Value::Null, serde_json::json!(33)));
    assert!(cause["file"].as_str().unwrap().ends_with("guide.yaml"));
}
