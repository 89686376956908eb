//! The explainer over real manifests written by others (../shared/corpus): every key resolves
//! to an explanation with a non-empty summary, kinds outside the catalogue are reported as
//! such, and nothing panics, including on the YAML test-suite cases.

use ordinal_core::catalog::{self, Source};
use ordinal_core::schema::{self, KindMatch};
use ordinal_core::{objects, yaml};
use std::path::PathBuf;

fn corpus(sub: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(sub);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} must exist beside the repository: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

#[test]
fn every_key_of_the_real_corpus_is_explained() {
    let files = corpus("real");
    assert_eq!(files.len(), 80);
    let (mut keys, mut guide, mut api, mut unknown) = (0, 0, 0, 0);
    let mut unknown_kinds = std::collections::BTreeSet::new();
    for (name, text) in &files {
        for doc in &yaml::parse(text).documents {
            let known = !matches!(schema::lookup_kind(doc.api_version(), doc.kind()), KindMatch::Unknown);
            for (path, _) in doc.keys() {
                let ex = catalog::explain(doc, &path);
                keys += 1;
                assert!(!ex.summary.trim().is_empty(), "{name}: {path}: empty summary");
                assert_eq!(ex.path, path.to_string());
                match ex.source {
                    Source::Guide => guide += 1,
                    Source::Api => api += 1,
                    Source::Unknown => {
                        unknown += 1;
                        unknown_kinds.insert(doc.kind().unwrap_or("(none)").to_owned());
                    }
                }
                assert_eq!(ex.source == Source::Unknown, !known, "{name}: {path}: {:?} for kind {:?}", ex.source, doc.kind());
            }
        }
    }
    eprintln!("{keys} keys: {guide} guide, {api} api, {unknown} unknown (kinds: {unknown_kinds:?})");
    assert!(keys > 10_000, "{keys}");
    assert!(guide > keys / 3, "most keys of StatefulSet manifests get guide-grade entries: {guide}/{keys}");
}

#[test]
fn nothing_panics_anywhere_in_the_corpus() {
    for sub in ["real", "yaml-suite"] {
        for (name, text) in corpus(sub) {
            let result = std::panic::catch_unwind(|| {
                let parse = yaml::parse(&text);
                for doc in &parse.documents {
                    let _ = objects::read(doc);
                    for (path, _) in doc.keys() {
                        let _ = catalog::explain(doc, &path);
                    }
                    // every position of small files, a sample of big ones
                    let step = (text.len() / 2000).max(1);
                    for offset in (0..=text.len()).step_by(step) {
                        if let Some(located) = doc.locate(offset) {
                            let _ = catalog::explain(doc, &located.path);
                        }
                    }
                    let _ = catalog::explain(doc, &yaml::Path::root());
                }
            });
            assert!(result.is_ok(), "{sub}/{name} panicked");
        }
    }
}

#[test]
fn schema_issues_in_the_corpus_are_located_inside_their_file() {
    for (name, text) in corpus("real") {
        for doc in &yaml::parse(&text).documents {
            for issue in objects::read(doc).issues {
                assert!(issue.range.end as usize <= text.len(), "{name}: {issue:?}");
                assert!(!issue.message.is_empty());
            }
        }
    }
}
