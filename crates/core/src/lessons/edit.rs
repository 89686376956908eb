//! Edits a lesson's solution makes to the manifest, by structure: set a value at a path, add
//! keys to a mapping, remove an entry, append a document, or apply a rule's quick fix. The web
//! app's "Do it for me" and the lesson tests play them; checks never look at them.

use crate::rules::{self, SourceFile};
use crate::yaml::{self, LineIndex, Node, Path};
use std::fmt;

/// One structural edit of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace the scalar at `path` of the `kind` document with `value` (YAML text).
    Set {
        /// The document's kind.
        kind: String,
        /// The path (concrete indexes).
        path: String,
        /// The new value, as YAML.
        value: String,
    },
    /// Add `block` (YAML keys, indented from column 0) at the end of the mapping at `path`.
    Add {
        /// The document's kind.
        kind: String,
        /// The path of a mapping.
        path: String,
        /// The keys to add.
        block: String,
    },
    /// Remove the entry at `path` (its key, value and lines).
    Remove {
        /// The document's kind.
        kind: String,
        /// The path of an entry.
        path: String,
    },
    /// Append `block` as a new document.
    Append {
        /// The document.
        block: String,
    },
    /// Apply the quick fix of the first finding of rule `code`.
    Fix {
        /// The rule code.
        code: String,
    },
}

/// Why an edit could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Edit {
    /// A short description for a button's tooltip ("set `spec.replicas` to 1").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Edit::Set { path, value, .. } => write!(f, "set `{path}` to `{value}`"),
            Edit::Add { path, block, .. } => {
                let keys: Vec<&str> = block.lines().filter(|l| !l.starts_with(' ') && !l.trim().is_empty()).filter_map(|l| l.split(':').next()).collect();
                write!(f, "add `{}` under `{path}`", keys.join("`, `"))
            }
            Edit::Remove { path, .. } => write!(f, "remove `{path}`"),
            Edit::Append { block } => {
                let kind = block.lines().find_map(|l| l.strip_prefix("kind:")).map(str::trim).unwrap_or("a document");
                write!(f, "add a {kind}")
            }
            Edit::Fix { code } => write!(f, "apply the quick fix of {code}"),
        }
    }
}

fn node<'p>(parse: &'p yaml::Parse, kind: &str, path: &str) -> Result<&'p Node, EditError> {
    let doc = parse.documents.iter().find(|d| d.kind() == Some(kind)).ok_or_else(|| EditError(format!("the manifest has no {kind}")))?;
    doc.at(&Path::parse(path)).ok_or_else(|| EditError(format!("the {kind} has no `{path}`")))
}

/// The offset just after the last non-blank character of `node`'s text (ranges of block nodes
/// may run into the following line breaks).
fn content_end(text: &str, node: &Node) -> usize {
    let r = node.range.as_range();
    let body = &text[r.start..r.end.min(text.len())];
    r.start + body.trim_end().len()
}

/// Makes one edit. The text must parse.
pub fn apply(text: &str, edit: &Edit) -> Result<String, EditError> {
    let parse = yaml::parse(text);
    if let Some(e) = parse.errors.first() {
        return Err(EditError(format!("the manifest does not parse (line {}, column {}: {})", e.line, e.column, e.message)));
    }
    let index = LineIndex::new(text);
    match edit {
        Edit::Set { kind, path, value } => {
            let n = node(&parse, kind, path)?;
            if n.as_scalar().is_none() {
                return Err(EditError(format!("`{path}` is not a single value")));
            }
            let r = n.range.as_range();
            Ok(format!("{}{value}{}", &text[..r.start], &text[r.end..]))
        }
        Edit::Add { kind, path, block } => {
            let n = node(&parse, kind, path)?;
            let entries = n.entries().filter(|e| !e.is_empty()).ok_or_else(|| EditError(format!("`{path}` is not a mapping with keys")))?;
            let column = index.line_col(entries[0].key.range.start as usize).column as usize - 1;
            let at = content_end(text, n);
            let indent = " ".repeat(column);
            let mut insert = String::new();
            for line in block.lines() {
                insert.push('\n');
                if !line.trim().is_empty() {
                    insert.push_str(&indent);
                    insert.push_str(line);
                }
            }
            Ok(format!("{}{insert}{}", &text[..at], &text[at..]))
        }
        Edit::Remove { kind, path } => {
            let doc = parse.documents.iter().find(|d| d.kind() == Some(kind.as_str())).ok_or_else(|| EditError(format!("the manifest has no {kind}")))?;
            let entry = doc.entry_at(&Path::parse(path)).ok_or_else(|| EditError(format!("the {kind} has no `{path}`")))?;
            let start = index.line_start(index.line_col(entry.key.range.start as usize).line);
            let end = content_end(text, &entry.value).max(entry.key.range.end as usize);
            let end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            Ok(format!("{}{}", &text[..start], &text[end..]))
        }
        Edit::Append { block } => {
            let mut out = text.trim_end().to_owned();
            out.push_str("\n---\n");
            out.push_str(block.trim_end());
            out.push('\n');
            Ok(out)
        }
        Edit::Fix { code } => {
            let files = [SourceFile::new("manifest.yaml", text)];
            let diagnostics = rules::check(&files);
            let d = diagnostics.iter().find(|d| d.code == code).ok_or_else(|| EditError(format!("there is no {code} finding to fix")))?;
            let fix = d.fix.as_ref().ok_or_else(|| EditError(format!("{code} has no quick fix here")))?;
            Ok(rules::apply_edits(text, 0, &fix.edits))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::GUIDE;

    fn value_at(text: &str, kind: &str, path: &str) -> Option<String> {
        let p = yaml::parse(text);
        p.documents.iter().find(|d| d.kind() == Some(kind))?.at(&Path::parse(path))?.as_str().map(str::to_owned)
    }

    #[test]
    fn set_replaces_a_scalar_in_place() {
        let out = apply(GUIDE, &Edit::Set { kind: "StatefulSet".into(), path: "spec.replicas".into(), value: "1".into() }).unwrap();
        assert_eq!(value_at(&out, "StatefulSet", "spec.replicas").as_deref(), Some("1"));
        assert_eq!(out.len(), GUIDE.len());
        let e = apply(GUIDE, &Edit::Set { kind: "StatefulSet".into(), path: "spec.template".into(), value: "1".into() }).unwrap_err();
        assert_eq!(e.to_string(), "`spec.template` is not a single value");
    }

    #[test]
    fn add_appends_keys_at_the_mapping_indentation() {
        let block = "readinessProbe:\n  exec:\n    command: [pg_isready, -U, postgres]\n  periodSeconds: 5\n";
        let out = apply(GUIDE, &Edit::Add { kind: "StatefulSet".into(), path: "spec.template.spec.containers[0]".into(), block: block.into() }).unwrap();
        let p = yaml::parse(&out);
        assert!(p.errors.is_empty(), "{:?}\n{out}", p.errors);
        let sts = p.documents.iter().find(|d| d.kind() == Some("StatefulSet")).unwrap();
        assert!(sts.at(&Path::parse("spec.template.spec.containers[0].readinessProbe.exec.command[0]")).is_some());
        // nothing else moved: the claim templates are still where they were
        assert!(sts.at(&Path::parse("spec.volumeClaimTemplates[0].metadata.name")).is_some());
        assert!(out.contains("\n        readinessProbe:\n          exec:\n"), "{out}");
    }

    #[test]
    fn remove_takes_the_entry_and_its_lines() {
        let out = apply(GUIDE, &Edit::Remove { kind: "Service".into(), path: "spec.clusterIP".into() }).unwrap();
        assert!(!out.contains("clusterIP"));
        assert_eq!(out.lines().count(), GUIDE.lines().count() - 1);
        let out = apply(GUIDE, &Edit::Remove { kind: "StatefulSet".into(), path: "spec.template.spec.containers[0].env".into() }).unwrap();
        assert!(yaml::parse(&out).errors.is_empty());
        assert!(!out.contains("PGDATA") && out.contains("volumeMounts"));
    }

    #[test]
    fn append_and_fix() {
        let out = apply(GUIDE, &Edit::Append { block: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n".into() }).unwrap();
        assert_eq!(yaml::parse(&out).documents.len(), 3);
        let fixed = apply(GUIDE, &Edit::Fix { code: "SEC001".into() }).unwrap();
        assert!(!rules::check(&[SourceFile::new("m.yaml", fixed.as_str())]).iter().any(|d| d.code == "SEC001"));
        assert_eq!(apply(GUIDE, &Edit::Fix { code: "STS001".into() }).unwrap_err().to_string(), "there is no STS001 finding to fix");
        assert!(apply("a: [", &Edit::Fix { code: "SEC001".into() }).unwrap_err().to_string().starts_with("the manifest does not parse"));
    }
}
