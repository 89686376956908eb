//! `ordinal lesson check` through the real binary: a good lesson, a broken one with its
//! problems at LINE:COLUMN, a lesson whose check cannot fail, the JSON, the exit status.

use std::process::Command;

fn ordinal(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/lesson-scale-down.md");

#[test]
fn the_example_lesson_reads_and_plays() {
    let (code, out, err) = ordinal(&["lesson", "check", EXAMPLE], None);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.ends_with("lesson 21 `scale-down-keeps-claims`, 3 steps: reads, and every step plays\n"), "{out}");
    let (code, out, _) = ordinal(&["lesson", "check", EXAMPLE, "--format", "json", "--no-play"], None);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["lesson"]["id"].as_str(), v["played"].as_bool(), v["problems"].as_array().map(Vec::len)), (Some("scale-down-keeps-claims"), Some(false), Some(0)));
}

#[test]
fn problems_are_reported_at_their_line_and_column_with_status_1() {
    let bad = "# Lesson 3 my-lesson: Mine\nsummary: S.\ncovers: Key Takeaways\nstart: guide\nlab: applied\n\n## Step: One\naction: type | Scale.\ncheck: pod recovery-demo-db-0 happy\ndo: run kubectl get pods\n\nText.\n";
    let (code, out, _) = ordinal(&["lesson", "check", "-"], Some(bad));
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(out, "-:9:8: unknown pod state `happy`\n-: 1 problem\n");
    let (code, out, _) = ordinal(&["lesson", "check", "-", "--format", "json"], Some(bad));
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["problems"][0], serde_json::json!({"line": 9, "column": 8, "message": "unknown pod state `happy`"}));
    // a check already true before the learner acts is found by playing the lesson
    let trivial = bad.replace("happy", "ready");
    let (code, out, _) = ordinal(&["lesson", "check", "-"], Some(&trivial));
    assert_eq!((code, out.as_str()), (Some(1), "-:7:1: step `One`: the check already holds before the learner acts\n-: 1 problem\n"));
}

#[test]
fn an_unreadable_file_is_a_usage_error() {
    let (code, _, err) = ordinal(&["lesson", "check", "/nonexistent/lesson.md"], None);
    assert_eq!(code, Some(2), "{err}");
}
