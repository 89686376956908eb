//! Data-driven tests of the rule registry.
//!
//! Each rule has a directory `tests/fixtures/rules/<CODE>/` with `bad_*.yaml` files that must
//! trigger it and `ok_*.yaml` files that must not. Findings are written in the fixture itself,
//! under the line they point at:
//!
//! ```yaml
//! spec:
//!   serviceName: ""
//! # ^^^^^^^^^^^^^^^ STS003: `spec.serviceName` is empty
//! ```
//!
//! The carets cover the finding's columns on that line (to the end of the line when the range
//! goes on). A `#` written directly before the carets (`#^^^`) counts as a caret, for ranges
//! that start at column 1. For update rules, `<name>.old.yaml` beside `<name>.yaml` is the
//! applied version. Every fixture runs with every rule enabled; the findings of the directory's
//! rule, and of any other rule the fixture annotates, must match the annotations exactly.

use ordinal_core::rules::{self, apply_edits, Config, Diagnostic, SourceFile};
use ordinal_core::yaml::LineIndex;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    line: u32,
    start: u32,
    end: u32,
    code: String,
    message: String,
}

/// Parses the annotations of a fixture.
fn annotations(text: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    let mut target: Option<(u32, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let is_annotation = trimmed.starts_with('#') && trimmed.trim_start_matches('#').trim_start().starts_with('^');
        if !is_annotation {
            target = Some((i as u32 + 1, line.chars().count()));
            continue;
        }
        let (target_line, target_len) = target.expect("an annotation needs a line above it");
        let chars: Vec<char> = line.chars().collect();
        let first = chars.iter().position(|&c| c == '^').expect("carets");
        let mut start = first;
        if first > 0 && chars[first - 1] == '#' {
            start = first - 1;
        }
        let carets = chars[first..].iter().take_while(|&&c| c == '^').count();
        let end = first + carets;
        let _ = target_len;
        let rest: String = chars[first + carets..].iter().collect();
        let (code, message) = rest.trim().split_once(':').unwrap_or_else(|| panic!("annotation without `CODE: message`: {line}"));
        out.push(Expected {
            line: target_line,
            start: start as u32 + 1,
            end: end as u32 + 1,
            code: code.trim().to_owned(),
            message: message.trim().to_owned(),
        });
    }
    out
}

/// What a diagnostic looks like as an annotation.
fn as_expected(d: &Diagnostic, text: &str, index: &LineIndex) -> Expected {
    let start = index.line_col(d.range.start as usize);
    let end_lc = index.line_col(d.range.end as usize);
    let end = if end_lc.line == start.line {
        end_lc.column
    } else {
        let line_end = index.line_end(start.line);
        index.line_col(line_end).column
    };
    let _ = text;
    Expected { line: start.line, start: start.column, end: end.max(start.column + 1), code: d.code.to_owned(), message: d.message.clone() }
}

struct Fixture {
    path: PathBuf,
    code: String,
    text: String,
    old: Option<String>,
}

fn all_fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(fixtures_root()).expect("fixtures dir").flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".old.yaml") || !name.ends_with(".yaml") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let old_path = path.with_file_name(name.replace(".yaml", ".old.yaml"));
            let old = fs::read_to_string(&old_path).ok();
            out.push(Fixture { path, code: code.clone(), text, old });
        }
    }
    out
}

/// Lints a fixture (as an update when it has an applied version) with every rule.
fn lint(fx: &Fixture, text: &str) -> Vec<Diagnostic> {
    let name = fx.path.file_name().unwrap().to_string_lossy().into_owned();
    let new = [SourceFile::new(name.clone(), text)];
    match &fx.old {
        Some(old) => rules::check_update_with(&[SourceFile::new(name, old.clone())], &new, &Config::all()),
        None => rules::check_with(&new, &Config::all()),
    }
}

/// The one place that runs a fixture and compares its findings with its annotations.
#[track_caller]
fn check(fx: &Fixture) -> Result<(), String> {
    let expected = annotations(&fx.text);
    let codes: BTreeSet<&str> = expected.iter().map(|e| e.code.as_str()).chain([fx.code.as_str()]).collect();
    let index = LineIndex::new(&fx.text);
    let found = lint(fx, &fx.text);
    let actual: BTreeSet<Expected> = found.iter().filter(|d| codes.contains(d.code)).map(|d| as_expected(d, &fx.text, &index)).collect();
    let expected: BTreeSet<Expected> = expected.into_iter().collect();
    let name = fx.path.file_name().unwrap().to_string_lossy();
    let is_bad = name.starts_with("bad_");
    if is_bad && !expected.iter().any(|e| e.code == fx.code) {
        return Err(format!("{}: a bad_ fixture must annotate at least one {} finding", fx.path.display(), fx.code));
    }
    if !is_bad && expected.iter().any(|e| e.code == fx.code) {
        return Err(format!("{}: an ok_ fixture must not expect {}", fx.path.display(), fx.code));
    }
    if actual != expected {
        let render = |set: &BTreeSet<Expected>| {
            set.iter().map(|e| format!("  {}:{}-{} {}: {}", e.line, e.start, e.end, e.code, e.message)).collect::<Vec<_>>().join("\n")
        };
        return Err(format!(
            "{}\n missing:\n{}\n unexpected:\n{}",
            fx.path.display(),
            render(&expected.difference(&actual).cloned().collect()),
            render(&actual.difference(&expected).cloned().collect())
        ));
    }
    Ok(())
}

/// Rewrites a fixture's annotations from the actual findings (run with `BLESS=1`, then review
/// the diff, as with clippy's `cargo bless`).
fn bless(fx: &Fixture) {
    let codes: BTreeSet<String> = annotations(&fx.text).into_iter().map(|e| e.code).chain([fx.code.clone()]).collect();
    let stripped: String = fx
        .text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with('#') && t.trim_start_matches('#').trim_start().starts_with('^'))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let index = LineIndex::new(&stripped);
    let plain = Fixture { path: fx.path.clone(), code: fx.code.clone(), text: stripped.clone(), old: fx.old.clone() };
    let found: BTreeSet<Expected> =
        lint(&plain, &stripped).iter().filter(|d| codes.contains(d.code)).map(|d| as_expected(d, &stripped, &index)).collect();
    let mut result = String::new();
    for (i, line) in stripped.lines().enumerate() {
        result.push_str(line);
        result.push('\n');
        for e in found.iter().filter(|e| e.line == i as u32 + 1) {
            let start = e.start as usize - 1;
            let width = (e.end - e.start) as usize;
            let marks = match start {
                0 => format!("#{}", "^".repeat(width.saturating_sub(1).max(1))),
                1 => format!(" #{}", "^".repeat(width.saturating_sub(1).max(1))),
                _ => format!("{}# {}", " ".repeat(start - 2), "^".repeat(width)),
            };
            result.push_str(&format!("{marks} {}: {}\n", e.code, e.message));
        }
    }
    fs::write(&fx.path, result).unwrap();
}

#[test]
fn fixtures_match_their_annotations() {
    if std::env::var_os("BLESS").is_some() {
        for fx in all_fixtures() {
            bless(&fx);
        }
    }
    let failures: Vec<String> = all_fixtures().iter().filter_map(|fx| check(fx).err()).collect();
    assert!(failures.is_empty(), "{} fixture(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn fixes_remove_their_finding_and_keep_yaml_valid() {
    let mut failures = Vec::new();
    let mut fixes = 0;
    for fx in all_fixtures() {
        let before = lint(&fx, &fx.text);
        let schema_errors_before = before.iter().filter(|d| d.code.starts_with("SCH") || d.code.starts_with("YAML")).count();
        for d in before.iter().filter(|d| d.code == fx.code) {
            let Some(fix) = &d.fix else { continue };
            fixes += 1;
            assert!(!fix.edits.is_empty() && !fix.title.is_empty(), "{}: empty fix", fx.path.display());
            let fixed = apply_edits(&fx.text, 0, &fix.edits);
            let after = lint(&fx, &fixed);
            if let Some(e) = after.iter().find(|a| a.code.starts_with("YAML001")) {
                failures.push(format!("{}: fix `{}` breaks the YAML: {}\n{fixed}", fx.path.display(), fix.title, e.message));
            }
            if after.iter().any(|a| a.code == d.code && a.path == d.path && a.message == d.message) {
                failures.push(format!("{}: fix `{}` does not remove `{}`\n{fixed}", fx.path.display(), fix.title, d.message));
            }
            let schema_errors_after = after.iter().filter(|d| d.code.starts_with("SCH") || d.code.starts_with("YAML")).count();
            if schema_errors_after > schema_errors_before {
                let new: Vec<_> = after.iter().filter(|d| d.code.starts_with("SCH") || d.code.starts_with("YAML")).map(|d| format!("{} {}", d.code, d.message)).collect();
                failures.push(format!("{}: fix `{}` adds schema errors: {new:?}\n{fixed}", fx.path.display(), fix.title));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(fixes > 0, "no fix was exercised");
}

#[test]
fn messages_follow_the_convention() {
    let mut failures = Vec::new();
    for fx in all_fixtures() {
        for d in lint(&fx, &fx.text) {
            let m = &d.message;
            let first = m.chars().next().unwrap_or(' ');
            let second = m.chars().nth(1).unwrap_or(' ');
            if m.is_empty() || (first.is_uppercase() && !second.is_uppercase() && !m.starts_with("API")) {
                failures.push(format!("{} {}: message starts with a capital: {m}", fx.path.display(), d.code));
            }
            if m.ends_with('.') || m.ends_with('!') || m.contains('\n') {
                failures.push(format!("{} {}: message must be one line without a final period: {m}", fx.path.display(), d.code));
            }
            if let Some(h) = &d.help {
                if h.ends_with('.') || h.contains('\n') {
                    failures.push(format!("{} {}: help must be one line without a final period: {h}", fx.path.display(), d.code));
                }
            }
            if d.range.end < d.range.start || d.range.end as usize > fx.text.len() {
                failures.push(format!("{} {}: range out of the text", fx.path.display(), d.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tidy_every_rule_has_fixtures_and_every_fixture_dir_a_rule() {
    let mut problems = Vec::new();
    let fixtures = all_fixtures();
    for rule in rules::registry() {
        if rule.status == rules::Status::Removed {
            continue;
        }
        let names: Vec<String> = fixtures.iter().filter(|f| f.code == rule.code).map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        if !names.iter().any(|n| n.starts_with("bad_")) {
            problems.push(format!("{} ({}) has no bad_*.yaml fixture", rule.code, rule.name));
        }
        if !names.iter().any(|n| n.starts_with("ok_")) {
            problems.push(format!("{} ({}) has no ok_*.yaml fixture", rule.code, rule.name));
        }
    }
    for entry in fs::read_dir(fixtures_root()).unwrap().flatten() {
        let code = entry.file_name().to_string_lossy().into_owned();
        if rules::registry().iter().all(|r| r.code != code) {
            problems.push(format!("fixture directory {code} names no registered rule"));
        }
        for file in fs::read_dir(entry.path()).unwrap().flatten() {
            let n = file.file_name().to_string_lossy().into_owned();
            if !(n.starts_with("bad_") || n.starts_with("ok_")) || !n.ends_with(".yaml") {
                problems.push(format!("fixture {code}/{n} must be bad_*.yaml or ok_*.yaml"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tidy_registry_codes_names_and_metadata() {
    let mut problems = Vec::new();
    let reg = rules::registry();
    for (i, r) in reg.iter().enumerate() {
        let digits = r.code.trim_start_matches(|c: char| c.is_ascii_uppercase());
        if digits.len() != 3 || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() == r.code.len() {
            problems.push(format!("{}: a code is an uppercase area and three digits", r.code));
        }
        if r.name.is_empty() || !r.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            problems.push(format!("{}: name `{}` must be kebab-case", r.code, r.name));
        }
        if reg[..i].iter().any(|o| o.code == r.code || o.name == r.name) {
            problems.push(format!("{}: code or name `{}` is used twice", r.code, r.name));
        }
        if r.summary.is_empty() || r.summary.ends_with('.') {
            problems.push(format!("{}: summary must be a one-line message template", r.code));
        }
        if r.api_rejects && r.default_severity != rules::Severity::Error {
            problems.push(format!("{}: what the API server rejects is an error", r.code));
        }
        if let Some(id) = r.checks_md_id {
            let n: Option<u32> = id.strip_prefix("SS-").and_then(|n| n.parse().ok());
            if !n.is_some_and(|n| (1..=80).contains(&n)) {
                problems.push(format!("{}: `{id}` is not an SS-01…SS-80 label", r.code));
            }
        }
    }
    let mut sorted: Vec<&str> = reg.iter().map(|r| r.code).collect();
    sorted.sort();
    let order: Vec<&str> = reg.iter().map(|r| r.code).collect();
    let _ = order;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tidy_explanations_have_their_sections_and_examples_work() {
    let mut problems = Vec::new();
    for r in rules::registry() {
        for section in ["## What it does", "## Why is this bad?", "## Example", "Use instead:", "## References"] {
            if !r.explanation().contains(section) {
                problems.push(format!("{}: explanation lacks `{section}`", r.code));
            }
        }
        let order: Vec<Option<usize>> = ["## What it does", "## Why is this bad?", "## Example", "Use instead:", "## References"].iter().map(|s| r.explanation().find(s)).collect();
        if order.windows(2).any(|w| matches!(w, [Some(a), Some(b)] if a > b)) {
            problems.push(format!("{}: explanation sections are out of order", r.code));
        }
        let bad = r.examples("## Example");
        let good = r.examples("Use instead:");
        if bad.is_empty() || good.is_empty() {
            problems.push(format!("{}: Example and Use instead: need a ```yaml block each", r.code));
            continue;
        }
        let run = |blocks: &[&str]| -> Vec<Diagnostic> {
            if r.is_update_rule() {
                assert!(blocks.len() == 2, "{}: an update rule's example is two blocks (applied, then edited)", r.code);
                rules::check_update_with(&[SourceFile::new("applied.yaml", blocks[0])], &[SourceFile::new("edited.yaml", blocks[1])], &Config::all())
            } else {
                rules::check_with(&[SourceFile::new("example.yaml", blocks.join("---\n"))], &Config::all())
            }
        };
        if !run(&bad).iter().any(|d| d.code == r.code) {
            problems.push(format!("{}: its Example does not trigger it", r.code));
        }
        let good_findings = run(&good);
        if let Some(d) = good_findings.iter().find(|d| d.code == r.code) {
            problems.push(format!("{}: its Use instead triggers it: {}", r.code, d.message));
        }
        if r.code != "YAML001" {
            if let Some(d) = good_findings.iter().find(|d| d.code == "YAML001") {
                problems.push(format!("{}: its Use instead is not valid YAML: {}", r.code, d.message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn annotation_parser_reads_carets_and_column_one() {
    let text = "spec:\n  serviceName: \"\"\n# ^^^^^^^^^^^ STS003: `spec.serviceName` is empty\nmetadata: {}\n#^^^^^^^ X001: at column one\n";
    let a = annotations(text);
    assert_eq!(a[0], Expected { line: 2, start: 3, end: 14, code: "STS003".into(), message: "`spec.serviceName` is empty".into() });
    assert_eq!(a[1], Expected { line: 4, start: 1, end: 9, code: "X001".into(), message: "at column one".into() });
}

/// The keys of a YAML tree whose value is a non-empty mapping or sequence: a finding whose
/// range is one of them points at a parent, not at the entry or value at fault.
fn parent_keys(node: &ordinal_core::yaml::Node, out: &mut Vec<(ordinal_core::yaml::TextRange, String)>) {
    use ordinal_core::yaml::NodeKind;
    match &node.kind {
        NodeKind::Mapping { entries, .. } => {
            for e in entries {
                let holds = match &e.value.kind {
                    NodeKind::Mapping { entries, .. } => !entries.is_empty(),
                    NodeKind::Sequence { items, .. } => !items.is_empty(),
                    NodeKind::Scalar(_) => false,
                };
                if holds && !e.value.alias {
                    out.push((e.key.range, e.key_str().unwrap_or("").to_owned()));
                }
                parent_keys(&e.value, out);
            }
        }
        NodeKind::Sequence { items, .. } => items.iter().for_each(|i| parent_keys(i, out)),
        NodeKind::Scalar(_) => {}
    }
}

/// Rules whose finding is about a whole mapping or list, so that its key is the culprit, each
/// with the reason. Every other rule must point at the entry or value at fault.
const WHOLE_VALUE_RULES: &[(&str, &str)] = &[
    ("YAML002", "the key written twice is the culprit, whatever its value"),
    ("SCH002", "an unknown field is wrong as a whole, value included"),
    ("API004", "the server forbids the whole `rollingUpdate` block under `OnDelete`"),
    ("PVC010", "the `hostPath` volume as a whole is the risk"),
    ("PVC009", "the claim templates are what outlives the StatefulSet"),
    ("SEC002", "the whole `secretKeyRef`/`secretRef` puts the Secret in the environment"),
    ("POD006", "the liveness probe as a whole runs without a startup probe"),
    ("POD008", "the two probes are identical as a whole"),
];

/// Rules that report a field missing from a mapping: they point at the mapping that lacks it
/// (never a bare `spec:`, which says nothing of whose spec: see `missing_field_anchor`).
const MISSING_FIELD_RULES: &[(&str, &str)] = &[
    ("PVC004", "`resources` lacks `requests.storage`"),
    ("API010", "`resources` lacks the storage request the server requires"),
    ("POD014", "`resources` lacks `ephemeral-storage`"),
    ("SEC010", "`capabilities` lacks `drop: [ALL]`"),
    ("META002", "`labels` lacks the recommended labels"),
];

#[test]
fn findings_point_at_the_culprit_not_its_parent() {
    let mut failures = Vec::new();
    for fx in all_fixtures() {
        let parse = ordinal_core::yaml::parse(&fx.text);
        let mut keys = Vec::new();
        for doc in &parse.documents {
            if let Some(root) = &doc.root {
                parent_keys(root, &mut keys);
            }
        }
        let index = LineIndex::new(&fx.text);
        for d in lint(&fx, &fx.text) {
            if d.file != 0 || WHOLE_VALUE_RULES.iter().any(|(code, _)| *code == d.code) {
                continue;
            }
            let missing = MISSING_FIELD_RULES.iter().any(|(code, _)| *code == d.code);
            if let Some((_, key)) = keys.iter().find(|(r, key)| *r == d.range && (!missing || key == "spec")) {
                let at = index.line_col(d.range.start as usize);
                failures.push(format!("{} {}:{}:{}: points at the key `{key}:` ({})", d.code, fx.path.file_name().unwrap().to_string_lossy(), at.line, at.column, d.message));
            }
        }
    }
    failures.sort();
    failures.dedup();
    assert!(failures.is_empty(), "{} finding(s) point at a parent key:\n{}", failures.len(), failures.join("\n"));
}

/// The text a finding's range covers, and the texts of its related places.
fn culprit_and_related(text: &str, code: &str) -> (String, Vec<String>) {
    let found = rules::check_with(&[SourceFile::new("m.yaml", text)], &Config::all());
    let d = found.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no {code} in {found:#?}"));
    (text[d.range.as_range()].to_owned(), d.related.iter().map(|r| text[r.range.as_range()].to_owned()).collect())
}

#[test]
fn mismatching_labels_are_pointed_at_on_both_sides() {
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: orders\nspec:\n  serviceName: orders\n  selector:\n    matchLabels:\n      app: orders\n  template:\n    metadata:\n      labels:\n        app: orders-db\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n";
    let (culprit, related) = culprit_and_related(text, "STS001");
    assert_eq!(culprit, "app: orders-db");
    assert_eq!(related, ["app: orders"]);
}

#[test]
fn a_selector_that_selects_nothing_points_at_the_label_no_pod_has() {
    let pods = "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: other\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n        tier: data\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n";
    let svc = format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    tier: data\n    app: dbb\n  ports:\n  - port: 80\n{pods}");
    assert_eq!(culprit_and_related(&svc, "SVC001"), ("app: dbb".to_owned(), vec!["app: db".to_owned()]));
    let pdb = format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      role: primary\n{pods}");
    let (culprit, related) = culprit_and_related(&pdb, "PDB002");
    assert_eq!(culprit, "role: primary");
    assert!(related[0].starts_with("app: db\n"), "the labels that lack `role`: {related:?}");
}

#[test]
fn a_governing_service_that_is_not_headless_is_pointed_at_where_it_says_so() {
    let sts = "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n";
    let with = |spec: &str| format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n{spec}  selector:\n    app: db\n  ports:\n  - port: 5432\n{sts}");
    assert_eq!(culprit_and_related(&with("  type: ClusterIP\n"), "STS006").0, "type: ClusterIP");
    assert_eq!(culprit_and_related(&with("  clusterIP: 10.0.0.7\n"), "STS006").0, "clusterIP: 10.0.0.7");
    // nothing written: the Service's name, with the `serviceName` that names it
    assert_eq!(culprit_and_related(&with(""), "STS006"), ("db".to_owned(), vec!["db".to_owned()]));
}
