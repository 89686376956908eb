//! What kubectl reads that strict YAML 1.2 refuses (docs/limits.md, "What kubectl reads"): each
//! leniency of go-yaml that saphyr lacks is read as kubectl reads it, at exact positions, with a
//! leniency for the YAML003 warning; what kubectl refuses too stays an error.

use ordinal_core::yaml::{self, Path};

fn value(text: &str, path: &str) -> Option<String> {
    let p = yaml::parse(text);
    p.documents.iter().find_map(|d| d.at(&Path::parse(path)).and_then(|n| n.as_str().map(str::to_owned)))
}

#[test]
fn a_quoted_value_whose_last_line_sits_at_its_key_column_is_read_as_kubectl_reads_it() {
    let lenient = "metadata:\n  annotations:\n    a: '[\n        1,\n    ]'\n    b: after\n";
    let strict = "metadata:\n  annotations:\n    a: '[\n        1,\n     ]'\n    b: after\n";
    let p = yaml::parse(lenient);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    // the same value as the strictly indented text (folding drops the indentation)
    assert_eq!(value(lenient, "metadata.annotations.a"), value(strict, "metadata.annotations.a"));
    assert_eq!(value(lenient, "metadata.annotations.a").as_deref(), Some("[ 1, ]"));
    // positions are the original text's, after the repaired lines too
    let b = p.documents[0].at(&Path::parse("metadata.annotations.b")).unwrap();
    assert_eq!(&lenient[b.range.as_range()], "after");
    let a = p.documents[0].at(&Path::parse("metadata.annotations.a")).unwrap();
    assert_eq!(&lenient[a.range.as_range()], "'[\n        1,\n    ]'");
    let at: Vec<(u32, u32)> = p.lenient.iter().map(|l| (l.line, l.column)).collect();
    assert_eq!(at, [(3, 8)], "at the opening quote");
}

#[test]
fn several_lenient_values_are_each_repaired_and_reported() {
    let text = "a: \"x\ny\"\nb: 'p\nq'\nc: ok\n";
    let p = yaml::parse(text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(value(text, "a").as_deref(), Some("x y"));
    assert_eq!(value(text, "b").as_deref(), Some("p q"));
    let c = p.documents[0].at(&Path::parse("c")).unwrap();
    assert_eq!(&text[c.range.as_range()], "ok");
    assert_eq!(p.lenient.len(), 2);
}

#[test]
fn the_redis_statefulset_of_the_corpus_is_read() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real/kubernetes__kubernetes__redis-statefulset.yaml");
    let Ok(text) = std::fs::read_to_string(path) else { return eprintln!("corpus not found: {path}") };
    let p = yaml::parse(&text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.lenient.len(), 1);
    let lc = (p.lenient[0].line, p.lenient[0].column);
    assert_eq!(lc, (13, 50));
    let containers = p.documents[0].at(&Path::parse("spec.template.spec.containers[0].name")).unwrap();
    assert_eq!(&text[containers.range.as_range()], "redis");
}

#[test]
fn what_kubectl_refuses_too_stays_an_error() {
    // tabs as indentation: go-yaml's scanner refuses them as well
    assert!(!yaml::parse("metadata:\n\tname: web\n").errors.is_empty());
    // a plain value's next line at its key's column is a new key, which here has no `:`
    assert!(!yaml::parse("a: one\nb: two\nthree\n").errors.is_empty());
    // an unclosed quote
    let p = yaml::parse("a: 'open\nb: c\n");
    assert!(!p.errors.is_empty());
    assert!(p.lenient.is_empty());
}

#[test]
fn yaml_1_1_numbers_read_as_go_yaml_v2_reads_them() {
    use yaml::ScalarValue::{Int, Str};
    let v = |t: &str| {
        let p = yaml::parse(&format!("v: {t}\n"));
        p.documents[0].at(&Path::parse("v")).unwrap().as_scalar().unwrap().resolved()
    };
    assert_eq!(v("0644"), Int(420)); // YAML 1.1 octal, as defaultMode is usually written
    assert_eq!(v("0o644"), Int(420));
    assert_eq!(v("0x1F"), Int(31));
    assert_eq!(v("0b101"), Int(5));
    assert_eq!(v("1_000"), Int(1000));
    assert_eq!(v("1:20"), Str("1:20".into())); // go-yaml never read base 60
}

#[test]
fn merge_keys_merge_as_go_yaml_merges_them() {
    let text = "base: &base\n  app: web\n  tier: x\nlabels:\n  <<: *base\n  tier: db\n";
    let p = yaml::parse(text);
    let json = p.documents[0].root.as_ref().unwrap().to_json();
    assert_eq!(json["labels"], serde_json::json!({"app": "web", "tier": "db"}));
    // a list of mappings: the earlier one wins
    let text = "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n";
    let json = yaml::parse(text).documents[0].root.as_ref().unwrap().to_json();
    assert_eq!(json["c"], serde_json::json!({"k": 1, "j": 3}));
}
