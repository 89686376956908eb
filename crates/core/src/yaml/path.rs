//! Field paths such as `spec.template.spec.containers[0].image`.

use std::fmt;

/// One step of a [`Path`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// A field path from a document's root, e.g. `spec.template.spec.containers[0].image`.
///
/// Keys that contain `.`, `[`, `]`, `/` or spaces (label keys such as `app.kubernetes.io/name`)
/// are written in brackets: `metadata.labels[app.kubernetes.io/name]`, as `kubectl` does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(pub Vec<Segment>);

impl Path {
    /// The empty path (the document root).
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// This path with a key appended.
    pub fn key(&self, key: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_owned()));
        p
    }

    /// This path with an index appended.
    pub fn index(&self, index: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Segment::Index(index));
        p
    }

    /// The segments.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the root path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The last key of the path, if it ends in a key.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The path with list indices written as `[]`, for matching catalogue entries:
    /// `spec.template.spec.containers[].image`.
    pub fn pattern(&self) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Segment::Key(k) => push_key(&mut out, k),
                Segment::Index(_) => out.push_str("[]"),
            }
        }
        out
    }

    /// Parses the textual form (the inverse of `Display`; `[]` and `[*]` parse as index 0).
    pub fn parse(text: &str) -> Path {
        let mut segs = Vec::new();
        let mut chars = text.chars().peekable();
        let mut cur = String::new();
        while let Some(c) = chars.next() {
            match c {
                '.' => {
                    if !cur.is_empty() {
                        segs.push(Segment::Key(std::mem::take(&mut cur)));
                    }
                }
                '[' => {
                    if !cur.is_empty() {
                        segs.push(Segment::Key(std::mem::take(&mut cur)));
                    }
                    let mut inner = String::new();
                    for c in chars.by_ref() {
                        if c == ']' {
                            break;
                        }
                        inner.push(c);
                    }
                    if inner.is_empty() || inner == "*" {
                        segs.push(Segment::Index(0));
                    } else if let Ok(i) = inner.parse::<usize>() {
                        segs.push(Segment::Index(i));
                    } else {
                        segs.push(Segment::Key(inner));
                    }
                }
                _ => cur.push(c),
            }
        }
        if !cur.is_empty() {
            segs.push(Segment::Key(cur));
        }
        Path(segs)
    }
}

fn needs_brackets(key: &str) -> bool {
    key.is_empty() || key.chars().any(|c| matches!(c, '.' | '[' | ']' | '/' | ' ')) || key.parse::<usize>().is_ok()
}

fn push_key(out: &mut String, key: &str) {
    if needs_brackets(key) {
        out.push('[');
        out.push_str(key);
        out.push(']');
    } else {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Segment::Key(k) => push_key(&mut out, k),
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        f.write_str(&out)
    }
}
