//! Texts the page's first module does not carry: the upstream schema's descriptions, the
//! rules' explanations, the concepts and the field texts but for a document's first keys
//! (ARCHITECTURE.md, "The first load").
//!
//! `build.rs` writes them, from `data/*.tsv` and `content/`, into one file of records
//! (`library.txt`). Native builds (the CLI, the language server, the tests) compile it in and
//! read it on first use. In the browser it is the page's to provide: the second module installs
//! the compiled-in copy ([`install_compiled`]); the first module, which leaves it out, fetches
//! the same file (named in `index.html`, precached by the service worker) once the editor shows
//! and hands it to [`install`]. Until then [`loaded`] is false and every text is empty, which
//! the explanation says.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// The first line of the file, with its format version.
const HEADER: &str = "#ordinal-library\t1\n";

/// A text's key: `(b'd', type, field)` for a description (`field` empty for the type's own),
/// `(b'r', code, "")` for a rule's explanation, `(b'f', path, "")` for a content file.
type Key<'a> = (u8, &'a str, &'a str);

static TEXTS: OnceLock<HashMap<Key<'static>, &'static str>> = OnceLock::new();

/// Why a library file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryError(String);

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LibraryError {}

/// The compiled-in file, as the page serves it.
pub fn compiled() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/library.txt"))
}

/// Reads a library file.
fn parse(text: &str) -> Result<HashMap<Key<'_>, &str>, LibraryError> {
    let body = text.strip_prefix(HEADER).ok_or_else(|| LibraryError("not a library file of this version of ordinal".into()))?;
    if !body.is_empty() && !body.ends_with('\x1e') {
        return Err(LibraryError("the file is cut short".into()));
    }
    let mut map = HashMap::new();
    for (n, record) in body.split_terminator('\x1e').enumerate() {
        let bad = || LibraryError(format!("record {} is malformed", n + 1));
        let (key, text) = record.split_once('\x1f').ok_or_else(bad)?;
        let key = match key.split('\t').collect::<Vec<_>>()[..] {
            ["d", ty, field] => (b'd', ty, field),
            ["r", code] => (b'r', code, ""),
            ["f", path] => (b'f', path, ""),
            _ => return Err(bad()),
        };
        map.insert(key, text);
    }
    Ok(map)
}

/// Reads a library file without installing it: how many texts it holds, or why it is refused
/// (what [`install`] would say).
pub fn check(text: &str) -> Result<usize, LibraryError> {
    parse(text).map(|map| map.len())
}

/// Makes the texts of a library file available. Installing twice keeps the first.
pub fn install(text: String) -> Result<(), LibraryError> {
    if TEXTS.get().is_some() {
        return Ok(());
    }
    let map = parse(Box::leak(text.into_boxed_str()))?;
    let _ = TEXTS.set(map);
    Ok(())
}

/// Makes the compiled-in texts available (the page's second module).
pub fn install_compiled() {
    if TEXTS.get().is_none() {
        let _ = TEXTS.set(parse(compiled()).unwrap_or_default());
    }
}

fn texts() -> Option<&'static HashMap<Key<'static>, &'static str>> {
    #[cfg(not(target_arch = "wasm32"))]
    install_compiled();
    TEXTS.get()
}

/// Whether the texts are available (always, outside the browser).
pub fn loaded() -> bool {
    texts().is_some()
}

/// The upstream description of a type (`field` empty) or of one of its fields; empty when
/// upstream has none, or while the texts are not loaded.
pub fn description(type_name: &str, field: &str) -> &'static str {
    texts().and_then(|t| t.get(&(b'd', type_name, field)).copied()).unwrap_or("")
}

/// A rule's explanation (Markdown); empty while the texts are not loaded.
pub fn rule_explanation(code: &str) -> &'static str {
    texts().and_then(|t| t.get(&(b'r', code, "")).copied()).unwrap_or("")
}

/// The content files it holds (path under `content/`, text), by path; none while the texts
/// are not loaded.
pub fn content_files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<_> = texts().into_iter().flatten().filter(|((kind, _, _), _)| *kind == b'f').map(|((_, path, _), text)| (*path, *text)).collect();
    files.sort_unstable();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_file_parses_and_holds_descriptions_and_explanations() {
        let map = parse(compiled()).unwrap();
        assert!(map.len() > 1_300, "{}", map.len());
        assert!(description("io.k8s.api.apps.v1.StatefulSetSpec", "replicas").starts_with("replicas is the desired number"));
        assert!(description("io.k8s.api.apps.v1.StatefulSet", "").starts_with("StatefulSet represents"));
        assert!(rule_explanation("POD006").starts_with("## What it does"));
        assert_eq!(rule_explanation("NOPE01"), "");
        let files = content_files();
        assert!(files.iter().any(|(p, t)| *p == "concepts/backups.md" && t.starts_with("# ")), "{files:?}");
        assert!(files.iter().any(|(p, _)| p.starts_with("fields/cronjob/")));
    }

    #[test]
    fn a_file_of_another_kind_or_malformed_is_refused() {
        assert!(parse("<!doctype html>").is_err());
        assert!(parse("#ordinal-library\t1\nno separator\x1e").is_err());
        assert!(parse("#ordinal-library\t1\nx\ty\x1ftext\x1e").is_err());
        // a download cut short (found by the fuzz target `library`)
        assert_eq!(parse("#ordinal-library\t1\nr\tA001\x1fWhy.\x1er\tA002\x1fWh").unwrap_err().to_string(), "the file is cut short");
        assert_eq!(parse("#ordinal-library\t1\nr\tA001\x1fWhy.\x1e").unwrap().get(&(b'r', "A001", "")), Some(&"Why."));
    }
}
