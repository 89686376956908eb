use super::*;
use crate::yaml::{self, Path};

fn doc(text: &str) -> Document {
    yaml::parse(text).documents.into_iter().next().unwrap()
}

#[test]
fn content_loads_cleanly() {
    assert!(problems().is_empty(), "{:#?}", problems());
    assert!(entries().len() > 100);
}

#[test]
fn guide_entries_match_through_equivalences() {
    let cron = doc("apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - image: postgres:13-alpine\n");
    let ex = explain(&cron, &Path::parse("spec.jobTemplate.spec.template.spec.containers[0].image"));
    assert_eq!(ex.source, Source::Guide);
    assert_eq!(ex.title, "CronJob spec.jobTemplate.spec.template.spec.containers[].image");
    assert_eq!(ex.value_note.unwrap().id, "image-tag");
    let init = doc("apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: x\n        image: busybox\n");
    let ex = explain(&init, &Path::parse("spec.template.spec.initContainers[0].image"));
    assert_eq!(ex.source, Source::Guide);
    assert_eq!(ex.value_note.unwrap().id, "image-untagged");
    let pvc = doc("apiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  accessModes: [ReadWriteMany]\n");
    let ex = explain(&pvc, &Path::parse("spec.accessModes"));
    assert_eq!(ex.source, Source::Guide);
    assert_eq!(ex.value_note.unwrap().id, "ReadWriteMany");
}

#[test]
fn api_fallback_and_unknown_kinds() {
    let d = doc("apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      dnsPolicy: ClusterFirst\n      replica: 1\n  replica: 2\nmetadata:\n  annotations:\n    a/b: c\n");
    let ex = explain(&d, &Path::parse("spec.template.spec.dnsPolicy"));
    assert_eq!(ex.source, Source::Api);
    assert!(ex.summary.starts_with("Set DNS policy for the pod"), "{}", ex.summary);
    assert_eq!(ex.api.as_ref().unwrap().k8s_version, "1.35");
    let ex = explain(&d, &Path::parse("spec.replica"));
    assert_eq!(ex.source, Source::Api);
    assert_eq!(ex.summary, "`replica` is not a field of StatefulSetSpec: did you mean `replicas`? The API rejects unknown fields.");
    let ex = explain(&d, &Path::parse("metadata.annotations[a/b]"));
    assert!(ex.summary.starts_with("The key `a/b` of the map `metadata.annotations`."), "{}", ex.summary);
    let w = doc("apiVersion: example.com/v1\nkind: Widget\nspec: {size: 1}\n");
    let ex = explain(&w, &Path::parse("spec.size"));
    assert_eq!(ex.source, Source::Unknown);
    assert!(ex.summary.starts_with("The app does not explain `Widget` objects (`example.com/v1`)."), "{}", ex.summary);
}

#[test]
fn first_sentence_skips_abbreviations() {
    assert_eq!(first_sentence("A thing, e.g. this one. More."), "A thing, e.g. this one.");
    assert_eq!(first_sentence("No period"), "No period");
}

#[test]
fn patterns() {
    let p = parse_pattern("spec.selector.matchLabels.*").unwrap();
    assert!(pattern_matches(&p, Path::parse("spec.selector.matchLabels[app.kubernetes.io/name]").segments()));
    let p = parse_pattern("spec.containers[].ports[].name").unwrap();
    assert!(pattern_matches(&p, Path::parse("spec.containers[3].ports[0].name").segments()));
    assert!(!pattern_matches(&p, Path::parse("spec.containers[3].ports[0]").segments()));
    assert!(parse_pattern("spec.x[0]").is_err());
}
