use super::*;

fn slice<'a>(text: &'a str, r: TextRange) -> &'a str {
    &text[r.as_range()]
}

#[test]
fn guide_parses_into_two_documents_with_spans() {
    let text = crate::examples::GUIDE;
    let p = parse(text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.documents.len(), 2);
    assert_eq!(p.documents[0].kind(), Some("Service"));
    assert_eq!(p.documents[1].kind(), Some("StatefulSet"));
    let sts = &p.documents[1];
    let e = sts.entry_at(&Path::parse("spec.template.spec.containers[0].image")).unwrap();
    assert_eq!(slice(text, e.key.range), "image");
    assert_eq!(slice(text, e.value.range), "postgres:13-alpine");
    let idx = LineIndex::new(text);
    let lc = idx.line_col(e.key.range.start as usize);
    assert_eq!((lc.line, lc.column), (33, 9));
    let am = sts.at(&Path::parse("spec.volumeClaimTemplates[0].spec.accessModes")).unwrap();
    assert_eq!(slice(text, am.range), "[\"ReadWriteOnce\"]");
    let item = &am.items().unwrap()[0];
    assert_eq!(slice(text, item.range), "\"ReadWriteOnce\"");
    assert_eq!(item.as_str(), Some("ReadWriteOnce"));
}

#[test]
fn keys_are_listed_in_document_order_with_paths() {
    let p = parse(crate::examples::GUIDE_STATEFULSET);
    let keys: Vec<String> = p.documents[0].keys().iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(keys[0], "apiVersion");
    assert!(keys.contains(&"spec.template.spec.containers[0].env[1].value".to_string()));
    assert!(keys.contains(&"spec.volumeClaimTemplates[0].spec.resources.requests.storage".to_string()));
    let pos_image = keys.iter().position(|k| k.ends_with("containers[0].image")).unwrap();
    let pos_ports = keys.iter().position(|k| k.ends_with("containers[0].ports")).unwrap();
    assert!(pos_image < pos_ports);
}

#[test]
fn locate_finds_keys_values_and_list_items() {
    let text = crate::examples::GUIDE_STATEFULSET;
    let p = parse(text);
    let doc = &p.documents[0];
    let at = |needle: &str, delta: usize| {
        let off = text.find(needle).unwrap() + delta;
        doc.locate(off).map(|l| l.path.to_string())
    };
    assert_eq!(at("image:", 0).as_deref(), Some("spec.template.spec.containers[0].image"));
    assert_eq!(at("postgres:13", 3).as_deref(), Some("spec.template.spec.containers[0].image"));
    assert_eq!(at("serviceName", 5).as_deref(), Some("spec.serviceName"));
    assert_eq!(at("\"ReadWriteOnce\"", 2).as_deref(), Some("spec.volumeClaimTemplates[0].spec.accessModes[0]"));
    assert_eq!(at("1Gi", 3).as_deref(), Some("spec.volumeClaimTemplates[0].spec.resources.requests.storage"));
    let name = doc.locate(text.find("- name: postgres").unwrap()).unwrap();
    assert_eq!(name.path.to_string(), "spec.template.spec.containers[0]");
}

#[test]
fn broken_document_does_not_hide_the_next() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n   bad: [\n---\napiVersion: apps/v1\nkind: StatefulSet\n";
    let p = parse(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    let e = &p.errors[0];
    assert!(e.line >= 5, "{e:?}");
    assert_eq!(p.documents.len(), 2);
    assert!(p.documents[0].broken);
    assert_eq!(p.documents[1].kind(), Some("StatefulSet"));
}

#[test]
fn syntax_error_has_line_and_column() {
    let text = "a: 1\nb: [1, 2\n";
    let p = parse(text);
    assert_eq!(p.errors.len(), 1);
    assert!(p.errors[0].line >= 2);
    assert!(p.errors[0].column >= 1);
}

#[test]
fn kubernetes_scalar_resolution() {
    let p = parse("a: yes\nb: \"yes\"\nc: 0644\nd: 1.5\ne: ~\nf: 5432\ng: 1Gi\nh: off\n");
    let root = p.documents[0].root.as_ref().unwrap();
    let v = |k: &str| root.get(k).unwrap().as_scalar().unwrap().resolved();
    assert_eq!(v("a"), ScalarValue::Bool(true));
    assert_eq!(v("b"), ScalarValue::Str("yes".into()));
    assert_eq!(v("c"), ScalarValue::Int(420));
    assert_eq!(v("d"), ScalarValue::Float(1.5));
    assert_eq!(v("e"), ScalarValue::Null);
    assert_eq!(v("f"), ScalarValue::Int(5432));
    assert_eq!(v("g"), ScalarValue::Str("1Gi".into()));
    assert_eq!(v("h"), ScalarValue::Bool(false));
}

#[test]
fn aliases_expand_and_bombs_are_stopped() {
    let p = parse("base: &b {x: 1}\ncopy: *b\n");
    assert!(p.errors.is_empty());
    let root = p.documents[0].root.as_ref().unwrap();
    assert_eq!(root.get("copy").unwrap().get_str("x"), Some("1"));

    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = n;
    }
    let p = parse(&bomb);
    assert_eq!(p.errors.len(), 1);
    assert!(p.errors[0].message.contains("alias"), "{}", p.errors[0].message);
}

#[test]
fn deep_nesting_is_bounded() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    let p = parse(&text);
    assert_eq!(p.errors.len(), 1);
    assert!(p.errors[0].message.contains("nesting"), "{}", p.errors[0].message);
}

#[test]
fn multibyte_text_keeps_byte_ranges_right() {
    let text = "# héllo wörld ✓\nmetadata:\n  name: \"café\"\n  labels: {ü: ✓}\n";
    let p = parse(text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let doc = &p.documents[0];
    let e = doc.entry_at(&Path::parse("metadata.name")).unwrap();
    assert_eq!(slice(text, e.value.range), "\"café\"");
    let labels = doc.at(&Path::parse("metadata.labels")).unwrap();
    assert_eq!(slice(text, labels.range), "{ü: ✓}");
    let idx = LineIndex::new(text);
    let off = idx.byte_of_utf16(idx.utf16_of_byte(e.value.range.start as usize));
    assert_eq!(off, e.value.range.start as usize);
}

#[test]
fn crlf_and_bom_and_tabs() {
    let text = "\u{feff}apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: x\r\n";
    let p = parse(text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let e = p.documents[0].entry_at(&Path::parse("metadata.name")).unwrap();
    assert_eq!(slice(text, e.value.range), "x");
    let p = parse("a:\n\tb: 1\n");
    assert_eq!(p.errors.len(), 1);
}

#[test]
fn path_display_and_parse_round_trip() {
    let p = Path::root().key("metadata").key("labels").key("app.kubernetes.io/name");
    assert_eq!(p.to_string(), "metadata[app.kubernetes.io/name]".replace("metadata[", "metadata.labels["));
    let q = Path::parse("spec.template.spec.containers[0].image");
    assert_eq!(q.to_string(), "spec.template.spec.containers[0].image");
    assert_eq!(q.pattern(), "spec.template.spec.containers[].image");
    assert_eq!(Path::parse(&p.to_string()), p);
}

#[test]
fn never_panics_on_odd_input() {
    for text in ["", "---", "---\n---\n", "...", "- a\n- b", "a: b: c", "\0", "\"unterminated", "? [a]\n: b", "!!binary x", "%YAML 1.2\n---\na: 1", "a: *nope", "\r\r\r", "key: |\n  block\n---\nx: 1"] {
        let _ = parse(text);
    }
}
