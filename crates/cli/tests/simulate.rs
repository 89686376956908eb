//! `ordinal simulate` through the real binary: scenario fixtures give the same JSON as the
//! core's scenario test, and the CLI contract (files as steps, exit codes, script errors).

use std::path::{Path, PathBuf};
use std::process::Command;

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/scenarios")
}

fn ordinal(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// `ordinal simulate` of the guide's two files in auto mode, with `extra` arguments: its JSON,
/// after checking it exited 0.
#[track_caller]
fn simulate_guide(extra: &[&str]) -> serde_json::Value {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/guide");
    let (service, statefulset) = (guide.join("service.yaml"), guide.join("statefulset.yaml"));
    let mut args = vec!["simulate", "--namespaces", "scenarios", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend([service.to_str().unwrap(), statefulset.to_str().unwrap()]);
    let (code, stdout, stderr) = ordinal(&args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[track_caller]
fn check_fixture(name: &str) {
    let script = scenarios().join(format!("{name}.script"));
    let expected = std::fs::read_to_string(scenarios().join(format!("{name}.json"))).unwrap();
    let (code, stdout, stderr) = ordinal(&["simulate", "--kubelet", "manual", "--format", "json", "--script", script.to_str().unwrap()]);
    assert_eq!(stdout, expected, "{name}: the binary's JSON differs from the fixture's\n{stderr}");
    let failed = serde_json::from_str::<serde_json::Value>(&stdout).unwrap()["steps"].as_array().unwrap().iter().any(|s| !s["error"].is_null());
    assert_eq!(code, i32::from(failed), "{name}: exit status\n{stderr}");
}

#[test]
fn scenario_fixtures_run_through_the_binary() {
    check_fixture("S01-ordered-creation");
    check_fixture("S15-when-scaled-delete");
    check_fixture("S22-selector-mismatch");
}

/// The disruption scenarios' contract (issue 14): every `D*` fixture, through the binary.
#[test]
fn every_disruption_fixture_runs_through_the_binary() {
    let mut names: Vec<String> = std::fs::read_dir(scenarios())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".script").map(str::to_owned))
        .filter(|n| n.starts_with('D') && !n.starts_with("DB"))
        .collect();
    names.sort();
    assert!(names.len() >= 14, "{names:?}");
    for name in &names {
        check_fixture(name);
    }
}

/// `--node-allocatable` sets what the scheduler fits pods against; a bad value is a usage error.
#[test]
fn node_allocatable_sets_what_pods_fit_into() {
    let m = scenarios().join("manifests");
    let (svc, sts) = (m.join("b-svc.yaml"), m.join("b-sts-parallel-cpu3.yaml"));
    let run = |extra: &[&str]| {
        let mut args = vec!["simulate", "--kubelet", "manual", "--format", "json"];
        args.extend_from_slice(extra);
        args.extend([svc.to_str().unwrap(), sts.to_str().unwrap()]);
        let (code, stdout, stderr) = ordinal(&args);
        assert_eq!(code, 0, "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        v["final"]["pods"].as_array().unwrap().iter().filter(|p| p["node"].is_string()).count()
    };
    assert_eq!(run(&[]), 3, "3 CPUs each fit the default 4-CPU nodes");
    assert_eq!(run(&["--node-allocatable", "cpu=2"]), 0, "nothing fits 2-CPU nodes");
    assert_eq!(run(&["--node-allocatable", "cpu=8,memory=16Gi"]), 3);
    let (code, _, stderr) = ordinal(&["simulate", "--node-allocatable", "gpu=1", svc.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown resource \"gpu\""), "{stderr}");
}

#[test]
fn files_are_steps_of_their_own_and_a_rejected_apply_creates_nothing() {
    let m = scenarios().join("manifests");
    let svc = m.join("b-svc.yaml");
    let bad = m.join("b-sts-no-selector.yaml");
    let (code, stdout, _) = ordinal(&["simulate", "--kubelet", "manual", "--format", "json", svc.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["command"], format!("kubectl apply -f {}", svc.display()));
    assert_eq!(steps[0]["output"], "service/nginx created\n");
    assert!(steps[0]["error"].is_null());
    assert_eq!(
        steps[1]["error"],
        "StatefulSet.apps \"web\" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`]"
    );
    assert_eq!(v["final"]["statefulsets"], serde_json::json!([]));
    assert_eq!(v["final"]["pods"], serde_json::json!([]));
}

#[test]
fn auto_mode_brings_the_guide_up() {
    let v = simulate_guide(&[]);
    let pods = v["final"]["pods"].as_array().unwrap();
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p["ready"] == true && p["phase"] == "Running"));
    assert_eq!(v["final"]["statefulsets"][0]["readyReplicas"], 3);
}

#[test]
fn the_database_writes_rows_on_each_claims_volume() {
    let dir = std::env::temp_dir().join(format!("ordinal-sim-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("wait.script");
    std::fs::write(&script, "advance 30s\nkubectl create namespace other\n").unwrap();
    let v = simulate_guide(&["--script", script.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    for claim in v["final"]["pvcs"].as_array().unwrap() {
        assert!(claim["rows"].as_u64().is_some_and(|r| r > 100), "{claim}");
    }
    for pod in v["final"]["pods"].as_array().unwrap() {
        assert_eq!(pod["restarts"], 0, "{pod}");
    }
}

#[test]
fn script_errors_name_the_line_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("ordinal-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("bad.script");
    std::fs::write(&script, "kubectl get pods\nkubectl scale sts web\n").unwrap();
    let (code, stdout, stderr) = ordinal(&["simulate", "--script", script.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr, format!("{}:2:9: kubectl scale needs --replicas=N\n", script.display()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn text_transcript_shows_commands_output_and_actions() {
    let script = scenarios().join("S05-scale-down-up.script");
    let (code, stdout, _) = ordinal(&["simulate", "--kubelet", "manual", "--script", script.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("$ kubectl scale statefulset web --replicas=1\nstatefulset.apps/web scaled\n  -> delete pod web-2\n"), "{stdout}");
    assert!(stdout.contains("== final state at 0s =="), "{stdout}");
    assert!(stdout.contains("web-2.nginx.default.svc.cluster.local"), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, stderr) = ordinal(&["simulate"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("give manifest files, a --script, or both"), "{stderr}");
    let (code, _, stderr) = ordinal(&["simulate", "--server-version", "1.20", "x.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unsupported --server-version"), "{stderr}");
}
