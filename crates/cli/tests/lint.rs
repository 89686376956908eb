//! `ordinal lint` end to end: exit statuses, text, JSON and SARIF.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn guide(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/examples").join(name).to_string_lossy().into_owned()
}

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ordinal-lint-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs `ordinal lint ARGS`; returns (exit code, stdout, stderr).
fn lint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal")).arg("lint").args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn exit_status_follows_the_fail_level() {
    let (sts, svc) = (guide("statefulset.yaml"), guide("service.yaml"));
    assert_eq!(lint(&[&sts, &svc]).0, 1, "the guide has warnings");
    assert_eq!(lint(&[&sts, &svc, "--fail-level", "error"]).0, 0);
    assert_eq!(lint(&[&sts, &svc, "--fail-level", "info"]).0, 1);
    let clean = tmp("clean.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n");
    let (code, out, _) = lint(&[&clean, "--fail-level", "info"]);
    assert_eq!((code, out.as_str()), (0, "no findings\n"));
}

#[test]
fn usage_errors_and_unreadable_input_exit_2() {
    let (code, _, err) = lint(&["/nonexistent/ordinal.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/ordinal.yaml"), "{err}");
    assert_eq!(lint(&[&guide("service.yaml"), "--format", "xml"]).0, 2);
    let (code, _, err) = lint(&[&guide("service.yaml"), "--enable", "NOPE999"]);
    assert_eq!(code, 2);
    assert!(err.contains("NOPE999"), "{err}");
    assert_eq!(lint(&[]).0, 2);
}

#[test]
fn text_points_at_the_line_and_column_with_a_caret() {
    let (_, out, _) = lint(&[&guide("statefulset.yaml"), &guide("service.yaml")]);
    let block = out.split("\n\n").find(|b| b.contains("SEC001")).expect("SEC001 reported");
    let expected = format!(
        "{}:24:18: SEC001 warning: env var `POSTGRES_PASSWORD` holds a literal secret: anyone who can read the StatefulSet can read it\n   |\n24 |           value: \"demo-password\"\n   |                  ^^^^^^^^^^^^^^^ hardcoded-secret\n",
        guide("statefulset.yaml")
    );
    assert!(block.starts_with(&expected), "{block}");
    assert!(out.ends_with("7 findings: 0 errors, 6 warnings, 1 info (why and how to fix: `ordinal lint --explain CODE`)\n"), "{out}");
}

#[test]
fn yaml_syntax_errors_type_errors_and_unknown_fields_are_reported() {
    let broken = tmp(
        "broken.yaml",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n   namespace: shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  ports:\n  - port: eighty\n    protocl: TCP\n",
    );
    let (code, out, _) = lint(&[&broken, "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v.as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    for code in ["YAML001", "SCH001", "SCH002"] {
        assert!(rules.contains(&code), "{code} missing from {rules:?}");
    }
    let syntax = v.as_array().unwrap().iter().find(|d| d["rule"] == "YAML001").unwrap();
    assert_eq!((syntax["line"].as_u64(), syntax["column"].as_u64()), (Some(5), Some(13)));
}

#[test]
fn json_has_the_documented_fields_with_one_based_positions() {
    let (_, out, _) = lint(&[&guide("statefulset.yaml"), &guide("service.yaml"), "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 7);
    for d in items {
        for key in ["file", "line", "column", "end_line", "end_column", "rule", "name", "severity", "tier", "message", "path"] {
            assert!(!d[key].is_null(), "`{key}` missing in {d}");
        }
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
    }
    let secret = items.iter().find(|d| d["rule"] == "SEC001").unwrap();
    assert_eq!(secret["line"], 24);
    assert_eq!(secret["column"], 18);
    assert_eq!(secret["end_column"], 33);
    assert_eq!(secret["path"], "spec.template.spec.containers[0].env[0].value");
    assert_eq!(secret["tier"], "T4");
    assert_eq!(secret["fix"]["edits"].as_array().unwrap().len(), 2);
}

/// Checks the properties that the SARIF 2.1.0 schema requires (and the enumerations it
/// constrains) on every object we emit.
#[test]
fn sarif_has_the_required_structure() {
    let (_, out, _) = lint(&[&guide("statefulset.yaml"), &guide("service.yaml"), "--format", "sarif"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "ordinal");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in rules {
        assert!(r["id"].is_string());
        assert!(["none", "note", "warning", "error"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
        assert!(r["shortDescription"]["text"].is_string() && r["fullDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    for res in results {
        assert!(res["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "result.message.text is required");
        assert!(["none", "note", "warning", "error"].contains(&res["level"].as_str().unwrap()));
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        for loc in res["locations"].as_array().unwrap() {
            let region = &loc["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1);
            assert!(loc["physicalLocation"]["artifactLocation"]["uri"].is_string());
        }
        for fix in res["fixes"].as_array().into_iter().flatten() {
            for change in fix["artifactChanges"].as_array().unwrap() {
                assert!(change["artifactLocation"]["uri"].is_string());
                for rep in change["replacements"].as_array().unwrap() {
                    assert!(rep["deletedRegion"]["startLine"].as_u64().unwrap() >= 1);
                }
            }
        }
    }
}

#[test]
fn explain_and_list_rules() {
    let (code, out, _) = lint(&["--explain", "STS001"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# STS001 selector-mismatch (T1 rejected by the API server or cannot run, error; the API server rejects this, on by default)"), "{out}");
    assert!(out.contains("## Why is this bad?") && out.contains("kube-linter: `mismatching-selector`"));
    let (code, out, _) = lint(&["--list-rules"]);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l.starts_with("SEC001") && l.contains("hardcoded-secret")));
}

#[test]
fn applied_version_reports_forbidden_updates() {
    let old = tmp("old.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n");
    let new = tmp("new.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db-headless\n  selector:\n    matchLabels:\n      app: db\n");
    let (code, out, _) = lint(&[&new, "--applied", &old, "--format", "json", "--disable", "STS,POD,PDB,PVC"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v.as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"UPD001"), "{rules:?}");
    assert_eq!(code, 1);
}

#[test]
fn sarif_uris_are_file_uris_or_encoded_relative_references() {
    let abs = tmp("abs.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n");
    let (_, out, _) = lint(&[&abs, "--format", "sarif", "--enable", "SVC003"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let uri = v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_owned();
    assert!(uri.starts_with("file:///") && uri.ends_with("/abs.yaml"), "{uri}");
    let dir = std::path::Path::new(&abs).parent().unwrap().to_owned();
    std::fs::write(dir.join("my svc.yaml"), std::fs::read_to_string(&abs).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal")).current_dir(&dir).args(["lint", "my svc.yaml", "--format", "sarif", "--enable", "SVC003"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"][0]["artifacts"][0]["location"]["uri"], "my%20svc.yaml");
    assert_eq!(v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "my%20svc.yaml");
}

/// GitHub code scanning links a result's related locations only when its message embeds them
/// (`[text](id)`, SARIF 2.1.0 §3.11.6): every related location is linked from the message.
#[test]
fn sarif_messages_embed_links_to_their_related_locations() {
    let sts = tmp(
        "mismatch.yaml",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: dbx\n    spec:\n      containers:\n      - name: db\n        image: postgres:16.4\n",
    );
    let (_, out, _) = lint(&[&sts, "--format", "sarif"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let sts001 = results.iter().find(|r| r["ruleId"] == "STS001").expect("STS001 is found");
    let text = sts001["message"]["text"].as_str().unwrap();
    assert!(text.ends_with("). Related: [the selector's pair it must match](0)"), "{text}");
    assert_eq!(sts001["relatedLocations"][0]["id"], 0);
    let mut linked = 0;
    for r in results {
        let text = r["message"]["text"].as_str().unwrap();
        for loc in r["relatedLocations"].as_array().into_iter().flatten() {
            let link = format!("]({})", loc["id"]);
            assert!(text.contains(&link), "{} lacks {link}: {text}", r["ruleId"]);
            linked += 1;
        }
        if r.get("relatedLocations").is_none() {
            assert!(!text.contains(". Related: "), "{text}");
        }
    }
    assert!(linked >= 1);
}

/// A reader that closes the pipe before reading (`ordinal … | head -0`) ends the command
/// quietly: status 0, no panic on standard error.
#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [&["lint", "--list-rules"][..], &["lint", "--explain", "POD027"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal")).args(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn server_version_selects_the_api_validation() {
    // v1.33 validates no pod template; v1.34 and later reject the container's name
    let text = std::fs::read_to_string(guide("statefulset.yaml")).unwrap().replacen("- name: postgres", "- name: Postgres_DB", 1);
    let file = tmp("server-version.yaml", &text);
    let (_, old, _) = lint(&[&file, "--server-version", "1.33"]);
    let (_, new, _) = lint(&[&file, "--server-version", "v1.34"]);
    assert!(!old.contains("API008"), "{old}");
    assert!(new.contains("API008 error: `spec.template.spec.containers[0].name`: Invalid value: \"Postgres_DB\""), "{new}");
    assert_eq!(lint(&[&file]).1, lint(&[&file, "--server-version", "1.35"]).1);
    let (code, _, err) = lint(&[&file, "--server-version", "1.20"]);
    assert_eq!(code, 2);
    assert!(err.contains("unsupported --server-version \"1.20\": use 1.33, 1.34 or 1.35"), "{err}");
}
