//! Tidy tests for the catalogue's content (`crates/core/content/`), in the spirit of rustc's
//! and clippy's: every file is listed and well-formed, every path an entry names exists in the
//! upstream schema, every value explanation can be reached, and every field the guide shows has
//! a guide-grade entry.

use ordinal_core::catalog::{self, PatternSeg, Source, ValueMatch};
use ordinal_core::schema;
use ordinal_core::yaml::{self, Path, Segment};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p.strip_prefix(content_dir()).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `content/rules/CODE.md` is the explanation of the rule `CODE`: one file per registered rule,
/// none for a code that is not one.
#[test]
fn rule_explanations_are_the_registered_rules() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(content_dir().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let registered: BTreeSet<String> = ordinal_core::rules::registry().iter().map(|r| r.code.to_owned()).collect();
    assert_eq!(on_disk, registered);
    for r in ordinal_core::rules::registry() {
        assert!(r.explanation().starts_with("## What it does"), "{}", r.code);
    }
}

#[test]
fn every_content_file_is_listed_and_well_formed() {
    let mut on_disk = Vec::new();
    walk(&content_dir(), &mut on_disk);
    // lessons/ and challenges/ have their own lists and tidy tests (`src/lessons/files.rs`,
    // `tests/lessons_tidy.rs`, `tests/challenges_play.rs`); lessons-format.md is the teachers'
    // page (`src/lessons/reference.rs`, `tests/lessons_docs.rs`); rules/ holds the rules'
    // explanations (`rule_explanations_are_the_registered_rules` below, `tests/rules.rs`)
    let own = |p: &String| p.starts_with("lessons/") || p.starts_with("challenges/") || p.starts_with("rules/") || p == "lessons-format.md";
    let on_disk: BTreeSet<String> = on_disk.into_iter().filter(|p| p != "guide-facts.tsv" && !own(p)).collect();
    let listed: BTreeSet<String> = catalog::sources().iter().map(|(p, _)| (*p).to_owned()).collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    assert!(unlisted.is_empty(), "content files missing from crates/core/src/catalog/files.rs: {unlisted:?}");
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(missing.is_empty(), "listed but absent: {missing:?}");
    assert!(catalog::problems().is_empty(), "malformed content:\n{}", catalog::problems().join("\n"));
    assert_eq!(
        catalog::entries().len() + catalog::values().len() + catalog::concepts().len(),
        listed.len(),
        "every listed file yields one entry, value or concept"
    );
    for e in catalog::entries() {
        for body in [e.summary, e.what, e.options, e.why, e.mistakes, e.kubectl, e.simulator] {
            assert!(!body.trim().is_empty(), "{}: empty section", e.file);
        }
        for id in &e.concepts {
            assert!(catalog::concept(id).is_some(), "{}: unknown concept `{id}`", e.file);
        }
    }
}

/// A concrete path for a pattern (`[]` → index 0, `*` → key `app`).
fn concrete(pattern: &[PatternSeg]) -> Path {
    Path(
        pattern
            .iter()
            .map(|s| match s {
                PatternSeg::Key(k) => Segment::Key(k.clone()),
                PatternSeg::AnyIndex => Segment::Index(0),
                PatternSeg::AnyKey => Segment::Key("app".into()),
            })
            .collect(),
    )
}

fn api_version_of(kind: &str) -> &'static str {
    schema::schema().kinds.iter().find(|k| k.kind == kind).unwrap_or_else(|| panic!("kind {kind} is not in the schema")).api_version
}

#[test]
fn every_guide_grade_path_exists_in_the_upstream_schema() {
    let mut seen = BTreeSet::new();
    for e in catalog::entries() {
        for (text, pattern) in &e.patterns {
            let path = concrete(pattern);
            assert!(
                schema::field(Some(api_version_of(e.kind)), e.kind, &path).is_some(),
                "{}: `{} {text}` is not a field of the upstream schema",
                e.file,
                e.kind
            );
            assert!(seen.insert(format!("{} {text}", e.kind)), "{}: `{} {text}` has two entries", e.file, e.kind);
            // and the entry is the one explain() picks for that path
            assert_eq!(catalog::entry_for(e.kind, &path).map(|x| x.file), Some(e.file), "{} {text}", e.kind);
        }
    }
}

fn sample(m: &ValueMatch) -> &'static str {
    match m {
        ValueMatch::Exact(v) => v,
        ValueMatch::QuantityBinary => "1Gi",
        ValueMatch::QuantityDecimal => "1G",
        ValueMatch::CpuMillicores => "500m",
        ValueMatch::CpuCores => "2",
        ValueMatch::ImageTag => "postgres:13-alpine",
        ValueMatch::ImageLatest => "postgres:latest",
        ValueMatch::ImageUntagged => "busybox",
        ValueMatch::ImageDigest => "postgres@sha256:4b5d",
        ValueMatch::EnvVar(_) => "some value",
    }
}

/// A document (as JSON, which is YAML) with `value` at `path`.
fn document_with(kind: &str, path: &Path, value: &str) -> String {
    let mut json = serde_json::Value::String(value.to_owned());
    for seg in path.segments().iter().rev() {
        json = match seg {
            Segment::Key(k) => serde_json::json!({ k.as_str(): json }),
            Segment::Index(_) => serde_json::json!([json]),
        };
    }
    json["kind"] = kind.into();
    if path.segments().first() != Some(&Segment::Key("apiVersion".into())) {
        json["apiVersion"] = api_version_of(kind).into();
    }
    json.to_string()
}

/// A value note speaks of values its field can hold: an environment variable's note sits on
/// `env[].value` and names its variable, image notes on `image`, quantity notes on quantity
/// fields, an exact value among the field's enumeration when it has one. (The note on PGDATA's
/// value once came from the field's password text.)
#[test]
fn every_value_note_fits_its_field() {
    for v in catalog::values() {
        for (kind, text, pattern) in &v.fields {
            let path = concrete(pattern);
            let info = schema::field(Some(api_version_of(kind)), kind, &path).unwrap_or_else(|| panic!("{}: `{kind} {text}` is not in the schema", v.file));
            let last = text.rsplit('.').next().unwrap_or(text);
            let fits = match v.matcher {
                ValueMatch::EnvVar(name) => text.ends_with("env[].value") && v.summary.contains(name) | v.explanation.contains(name),
                ValueMatch::ImageTag | ValueMatch::ImageLatest | ValueMatch::ImageUntagged | ValueMatch::ImageDigest => last == "image",
                ValueMatch::QuantityBinary | ValueMatch::QuantityDecimal | ValueMatch::CpuCores | ValueMatch::CpuMillicores => info.ty == schema::FieldType::Quantity,
                ValueMatch::Exact(value) => info.enum_values.is_empty() || info.enum_values.contains(&value),
            };
            assert!(fits, "{}: the note on `{kind} {text}` does not fit that field ({:?})", v.file, v.matcher);
        }
    }
    // the guide's PGDATA is explained as a data directory, not as a password
    let guide = yaml::parse(ordinal_core::examples::GUIDE);
    let sts = guide.documents.iter().find(|d| d.kind() == Some("StatefulSet")).unwrap();
    let env = (0..3).map(|i| Path::parse(&format!("spec.template.spec.containers[0].env[{i}]"))).find(|p| sts.at(&p.key("name")).and_then(|n| n.as_str()) == Some("PGDATA")).unwrap();
    let note = catalog::explain(sts, &env.key("value")).value_note.expect("a note on PGDATA's value");
    assert_eq!(note.id, "env-PGDATA");
    assert!(!note.summary.to_lowercase().contains("password") && note.explanation.contains("lost+found"), "{note:?}");
}

#[test]
fn every_value_explanation_is_reachable() {
    for v in catalog::values() {
        for (kind, text, pattern) in &v.fields {
            let path = concrete(pattern);
            assert!(schema::field(Some(api_version_of(kind)), kind, &path).is_some(), "{}: `{kind} {text}` is not in the schema", v.file);
            let mut doc_text = document_with(kind, &path, sample(&v.matcher));
            if let ValueMatch::EnvVar(name) = v.matcher {
                // the variable's name beside its value
                let mut json: serde_json::Value = serde_json::from_str(&doc_text).unwrap();
                let mut item = &mut json;
                for seg in &path.segments()[..path.segments().len() - 1] {
                    item = match seg {
                        Segment::Key(k) => &mut item[k.as_str()],
                        Segment::Index(i) => &mut item[*i],
                    };
                }
                item["name"] = name.into();
                doc_text = json.to_string();
            }
            let doc = &yaml::parse(&doc_text).documents[0];
            let ex = catalog::explain(doc, &path);
            assert_eq!(ex.value_note.as_ref().map(|n| n.id.as_str()), Some(v.id), "{}: not reached at `{kind} {text}` ({doc_text})", v.file);
        }
    }
}

#[test]
fn every_key_of_the_guide_manifests_is_guide_grade() {
    for doc in &yaml::parse(ordinal_core::examples::GUIDE).documents {
        for (path, _) in doc.keys() {
            assert_eq!(catalog::explain(doc, &path).source, Source::Guide, "{path}");
        }
    }
}

/// Every field the guide's best practices show, and the StatefulSet fields the reference
/// explains.
const GUIDE_GRADE: &[(&str, &str)] = &[
    ("StatefulSet", "spec.template.spec.containers[].resources.requests.cpu"),
    ("StatefulSet", "spec.template.spec.containers[].resources.requests.memory"),
    ("StatefulSet", "spec.template.spec.containers[].resources.limits.cpu"),
    ("StatefulSet", "spec.template.spec.containers[].resources.limits.memory"),
    ("StatefulSet", "spec.template.spec.containers[].livenessProbe.exec.command"),
    ("StatefulSet", "spec.template.spec.containers[].livenessProbe.initialDelaySeconds"),
    ("StatefulSet", "spec.template.spec.containers[].livenessProbe.periodSeconds"),
    ("StatefulSet", "spec.template.spec.containers[].readinessProbe.exec.command"),
    ("StatefulSet", "spec.template.spec.containers[].readinessProbe.initialDelaySeconds"),
    ("StatefulSet", "spec.template.spec.containers[].readinessProbe.periodSeconds"),
    ("StatefulSet", "spec.template.spec.containers[].env[].valueFrom.secretKeyRef.name"),
    ("StatefulSet", "spec.template.spec.containers[].env[].valueFrom.secretKeyRef.key"),
    ("StatefulSet", "spec.volumeClaimTemplates[].spec.storageClassName"),
    ("StatefulSet", "spec.template.spec.initContainers"),
    ("StatefulSet", "spec.template.spec.initContainers[].name"),
    ("StatefulSet", "spec.template.spec.initContainers[].image"),
    ("StatefulSet", "spec.template.spec.initContainers[].command"),
    ("StatefulSet", "spec.template.spec.initContainers[].volumeMounts[].mountPath"),
    ("StatefulSet", "spec.template.spec.containers[].volumeMounts[].subPath"),
    ("StatefulSet", "spec.template.spec.containers[].volumeMounts[].readOnly"),
    ("StatefulSet", "spec.template.spec.containers[].ports[].name"),
    ("StatefulSet", "spec.template.spec.containers[].ports[].protocol"),
    ("StatefulSet", "spec.podManagementPolicy"),
    ("StatefulSet", "spec.updateStrategy.type"),
    ("StatefulSet", "spec.updateStrategy.rollingUpdate.partition"),
    ("StatefulSet", "spec.updateStrategy.rollingUpdate.maxUnavailable"),
    ("StatefulSet", "spec.minReadySeconds"),
    ("StatefulSet", "spec.ordinals.start"),
    ("StatefulSet", "spec.persistentVolumeClaimRetentionPolicy.whenDeleted"),
    ("StatefulSet", "spec.persistentVolumeClaimRetentionPolicy.whenScaled"),
    ("StatefulSet", "spec.revisionHistoryLimit"),
    ("Service", "spec.type"),
    ("Service", "spec.clusterIP"),
    ("Service", "spec.ports[].name"),
    ("Service", "spec.publishNotReadyAddresses"),
    ("PodDisruptionBudget", "spec.maxUnavailable"),
    ("PodDisruptionBudget", "spec.minAvailable"),
    ("PodDisruptionBudget", "spec.selector.matchLabels"),
    ("PodDisruptionBudget", "spec.selector.matchLabels.app"),
    ("CronJob", "spec.schedule"),
    ("CronJob", "spec.jobTemplate"),
    ("CronJob", "spec.jobTemplate.spec.template.spec.containers[].command"),
    ("CronJob", "spec.jobTemplate.spec.template.spec.containers[].args"),
    ("CronJob", "spec.jobTemplate.spec.template.spec.containers[].volumeMounts[].mountPath"),
    ("VolumeSnapshot", "spec.volumeSnapshotClassName"),
    ("VolumeSnapshot", "spec.source.persistentVolumeClaimName"),
    ("Secret", "data"),
    ("Secret", "stringData"),
    ("Secret", "type"),
];

#[test]
fn every_field_the_guide_shows_has_an_entry() {
    for (kind, path) in GUIDE_GRADE {
        let path = Path::parse(path);
        assert!(catalog::entry_for(kind, &path).is_some(), "no guide-grade entry for {kind} {path}");
    }
}

/// The guide's other objects: its PodDisruptionBudget, VolumeSnapshot and backup CronJob as
/// the guide writes them (read from the guide itself), and the corrected versions of those and
/// of its Secret (`tests/guide-objects/`). Every key of every one is explained at guide grade.
fn guide_other_objects() -> Vec<(String, String)> {
    let guide_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/guide/statefulset-guide.md");
    let guide = std::fs::read_to_string(&guide_path).unwrap_or_else(|_| panic!("cannot read {}", guide_path.display()));
    let mut out = Vec::new();
    // YAML blocks, and manifests given to `kubectl apply -f - <<EOF` in shell blocks
    let mut block: Option<String> = None;
    for line in guide.lines() {
        let t = line.trim_end();
        match &mut block {
            None if t == "```yaml" || t.ends_with("<<EOF") => block = Some(String::new()),
            Some(b) if t == "```" || t == "EOF" => {
                out.push(("the guide".to_owned(), std::mem::take(b)));
                block = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    let wanted = ["PodDisruptionBudget", "VolumeSnapshot", "CronJob"];
    out.retain(|(_, text)| wanted.iter().any(|k| text.contains(&format!("kind: {k}\n"))));
    for k in wanted {
        assert!(out.iter().any(|(_, t)| t.contains(&format!("kind: {k}\n"))), "the guide no longer shows a {k}");
    }
    // the guide makes its Secret with a command; the fixture is the object that command creates
    assert!(guide.contains("kubectl create secret generic postgres-secret"), "the guide no longer creates postgres-secret");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guide-objects");
    for name in ["pdb.yaml", "secret.yaml", "volumesnapshot.yaml", "cronjob.yaml"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|_| panic!("cannot read tests/guide-objects/{name}"));
        out.push((format!("tests/guide-objects/{name}"), text));
    }
    out
}

#[test]
fn every_key_of_the_guides_other_objects_is_guide_grade() {
    let mut missing = Vec::new();
    let mut kinds = BTreeSet::new();
    for (origin, text) in guide_other_objects() {
        let parse = yaml::parse(&text);
        assert!(parse.errors.is_empty(), "{origin}: {:?}", parse.errors);
        for doc in &parse.documents {
            kinds.insert(doc.kind().unwrap_or("").to_owned());
            for (path, _) in doc.keys() {
                let ex = catalog::explain(doc, &path);
                // written for this kind: an entry of the StatefulSet's pod template, which also
                // explains other pod templates, speaks of the database, not of the backup
                let own = ex.entry_file.as_deref().is_some_and(|f| f.starts_with(&format!("fields/{}/", ex.kind.to_lowercase())));
                if ex.source != Source::Guide || !own {
                    missing.push(format!("{origin}: {} {path} ({})", ex.kind, ex.entry_file.as_deref().unwrap_or("no entry")));
                }
            }
        }
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["CronJob", "PodDisruptionBudget", "Secret", "VolumeSnapshot"]);
    assert!(missing.is_empty(), "keys without a guide-grade entry:\n{}", missing.join("\n"));
}
