//! Splits the texts the page's first module does not carry from the rest (ARCHITECTURE.md,
//! "The first load"): writes into `OUT_DIR`
//!
//! - `k8s-schema.tsv` and `volumesnapshot-crd.tsv`: the schema data files with every
//!   description emptied (the structure the checks need);
//! - `library.txt`: the descriptions, the rules' explanations (`content/rules/CODE.md`) and the
//!   content files the first view does not need (`LIBRARY_CONTENT`), in
//!   the format `library.rs` reads: a header line, then records `KEY \x1f TEXT \x1e`, where KEY
//!   is `d\tTYPE\t` for a type's description, `d\tTYPE\tFIELD` for a field's, `r\tCODE` for
//!   a rule's explanation and `f\tPATH` for a content file (`LIBRARY_CONTENT`, but for
//!   `FIRST_VIEW_FIELDS`).
//!
//! It reads only files of this crate and writes only into `OUT_DIR`.

use std::fmt::Write as _;
use std::path::Path;

/// The directories of `content/` whose files go into the library rather than the catalogue's
/// list (`src/catalog/files.rs`): the concepts, and the field texts, but for
/// [`FIRST_VIEW_FIELDS`].
const LIBRARY_CONTENT: [&str; 7] = [
    "concepts",
    "fields/cronjob",
    "fields/poddisruptionbudget",
    "fields/secret",
    "fields/service",
    "fields/statefulset",
    "fields/volumesnapshot",
];

/// The fields the first view can explain: the page opens with the caret at the start of the
/// text, on the first document's first key. Their texts stay in the catalogue's list.
const FIRST_VIEW_FIELDS: [&str; 5] = ["apiVersion.md", "kind.md", "metadata.md", "metadata.name.md", "metadata.namespace.md"];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir);
    let mut library = String::from("#ordinal-library\t1\n");
    for name in ["k8s-schema.tsv", "volumesnapshot-crd.tsv"] {
        let source = format!("data/{name}");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut structure = String::with_capacity(text.len() / 4);
        let mut current_type = "";
        for line in text.lines() {
            let mut cols: Vec<&str> = line.split('\t').collect();
            let description = match cols.first().copied() {
                Some("T") if cols.len() == 3 => {
                    current_type = cols[1];
                    record(&mut library, &format!("d\t{current_type}\t"), &unescape(cols[2]));
                    Some(2)
                }
                Some("F") if cols.len() == 6 => {
                    record(&mut library, &format!("d\t{current_type}\t{}", cols[1]), &unescape(cols[5]));
                    Some(5)
                }
                _ => None,
            };
            if let Some(i) = description {
                cols[i] = "";
            }
            structure.push_str(&cols.join("\t"));
            structure.push('\n');
        }
        std::fs::write(out.join(name), structure).expect("write the schema's structure");
    }
    for (path, text) in markdown_files("content/rules") {
        let code = path.file_stem().and_then(|s| s.to_str()).expect("a rule code");
        record(&mut library, &format!("r\t{code}"), &text);
    }
    // the content files the page's first module does not need for the first view
    for dir in LIBRARY_CONTENT {
        let dir = format!("content/{dir}");
        for (path, text) in markdown_files(&dir) {
            if dir.starts_with("content/fields/") && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| FIRST_VIEW_FIELDS.contains(&n)) {
                continue;
            }
            let under = path.strip_prefix("content").expect("under content/").to_str().expect("a UTF-8 path").replace('\\', "/");
            record(&mut library, &format!("f\t{under}"), &text);
        }
    }
    std::fs::write(out.join("library.txt"), library).expect("write library.txt");
}

/// The `.md` files of `dir`, by path, with their texts; cargo builds again when one changes.
fn markdown_files(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    println!("cargo:rerun-if-changed={dir}");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            println!("cargo:rerun-if-changed={}", path.display());
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, text)
        })
        .collect()
}

fn record(library: &mut String, key: &str, text: &str) {
    assert!(!text.contains(['\x1e', '\x1f']) && !key.contains(['\x1e', '\x1f', '\n']), "{key}: a separator in the text");
    let _ = write!(library, "{key}\x1f{text}\x1e");
}

/// The schema files escape `\`, newline and tab as `\\`, `\n` and `\t`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
