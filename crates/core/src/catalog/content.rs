//! Reading the content files (`crates/core/content/`), compiled in through [`super::files`].
//!
//! Three templates, all Markdown with a title line and `## ` sections:
//!
//! - **Field entries** (`fields/<kind>/<name>.md`):
//!   ```text
//!   # StatefulSet spec.serviceName
//!   Also: <more path patterns of the same kind, separated by `;`>          (optional)
//!   Concepts: headless-service; complete-flows                             (optional)
//!
//!   ## Summary / ## What it does / ## Options / ## Why it matters /
//!   ## Common mistakes / ## kubectl / ## In the simulator
//!   ```
//!   Path patterns write list items as `[]` and any map key as `*`
//!   (`spec.selector.matchLabels.*`).
//! - **Value explanations** (`values/<id>.md`):
//!   ```text
//!   # Value ReadWriteOnce
//!   Match: exact ReadWriteOnce            (or: quantity-binary, quantity-decimal, cpu-millicores,
//!                                          cpu-cores, image-tag, image-latest, image-untagged,
//!                                          image-digest, or `env NAME`: the value of the
//!                                          environment variable NAME)
//!   Fields: StatefulSet spec.volumeClaimTemplates[].spec.accessModes[]; …
//!
//!   ## Summary / ## Explanation
//!   ```
//! - **Concept pages** (`concepts/<id>.md`): `# Concept <id>: <Title>`, a `## Summary`, then
//!   free `## ` sections.

use super::files::FILES;
use super::{Concept, FieldEntry, PatternSeg, ValueDef, ValueMatch};
use std::sync::OnceLock;

/// The section headings of a field entry, in template order.
pub(crate) const FIELD_SECTIONS: [&str; 7] =
    ["Summary", "What it does", "Options", "Why it matters", "Common mistakes", "kubectl", "In the simulator"];

/// Everything the content files hold, and the problems met reading them.
pub(crate) struct Content {
    pub entries: Vec<FieldEntry>,
    pub values: Vec<ValueDef>,
    pub concepts: Vec<Concept>,
    pub problems: Vec<String>,
}

/// The content: the files compiled in ([`FILES`]) and, once [`crate::library`] is loaded (always,
/// outside the browser's first module), its files too.
pub(crate) fn content() -> &'static Content {
    static WITHOUT_LIBRARY: OnceLock<Content> = OnceLock::new();
    static WHOLE: OnceLock<Content> = OnceLock::new();
    if crate::library::loaded() {
        WHOLE.get_or_init(|| load(&all_files()))
    } else {
        WITHOUT_LIBRARY.get_or_init(|| load(FILES))
    }
}

/// Every content file: those compiled in and the library's, by path.
pub(crate) fn all_files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<_> = FILES.iter().copied().chain(crate::library::content_files()).collect();
    files.sort_unstable();
    files
}

fn load(files: &[(&'static str, &'static str)]) -> Content {
    let mut c = Content { entries: Vec::new(), values: Vec::new(), concepts: Vec::new(), problems: Vec::new() };
    for &(path, text) in files {
        let result = if path.starts_with("fields/") {
            field_entry(path, text).map(|e| c.entries.push(e))
        } else if path.starts_with("values/") {
            value_def(path, text).map(|v| c.values.push(v))
        } else if path.starts_with("concepts/") {
            concept(path, text).map(|k| c.concepts.push(k))
        } else {
            Err("not under fields/, values/ or concepts/".to_owned())
        };
        if let Err(e) = result {
            c.problems.push(format!("content/{path}: {e}"));
        }
    }
    c
}

/// The title line, the header lines before the first section, and the sections.
struct Parsed {
    title: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    sections: Vec<(&'static str, &'static str)>,
}

fn parse(text: &'static str) -> Result<Parsed, String> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let title = first.strip_prefix("# ").ok_or("the first line must be `# <title>`")?.trim();
    let mut headers = Vec::new();
    let mut sections: Vec<(&'static str, &'static str)> = Vec::new();
    let mut offset = first.len();
    let mut section: Option<(&'static str, usize)> = None;
    for line in lines {
        if let Some(heading) = line.strip_prefix("## ") {
            if let Some((name, start)) = section.take() {
                sections.push((name, text[start..offset].trim()));
            }
            section = Some((heading.trim(), offset + line.len()));
        } else if section.is_none() && !line.trim().is_empty() {
            let (key, value) = line.split_once(':').ok_or_else(|| format!("unexpected header line `{}`", line.trim()))?;
            headers.push((key.trim(), value.trim()));
        }
        offset += line.len();
    }
    if let Some((name, start)) = section {
        sections.push((name, text[start..].trim()));
    }
    Ok(Parsed { title, headers, sections })
}

fn header(p: &Parsed, key: &str) -> Option<&'static str> {
    p.headers.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn list(value: Option<&'static str>) -> Vec<&'static str> {
    value.map(|v| v.split(';').map(str::trim).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

/// Parses a path pattern (`spec.template.spec.containers[].image`, `metadata.labels.*`).
pub(crate) fn pattern(text: &str) -> Result<Vec<PatternSeg>, String> {
    let mut segs = Vec::new();
    for part in text.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        match name {
            "" if segs.is_empty() && rest.is_empty() => return Err(format!("empty pattern `{text}`")),
            "" => {}
            "*" => segs.push(PatternSeg::AnyKey),
            n => segs.push(PatternSeg::Key(n.to_owned())),
        }
        while let Some(r) = rest.strip_prefix("[]") {
            segs.push(PatternSeg::AnyIndex);
            rest = r;
        }
        if !rest.is_empty() {
            return Err(format!("bad pattern `{text}`"));
        }
    }
    Ok(segs)
}

fn field_entry(path: &'static str, text: &'static str) -> Result<FieldEntry, String> {
    let p = parse(text)?;
    let (kind, first) = p.title.split_once(' ').ok_or("the title must be `# <Kind> <path pattern>`")?;
    let mut patterns = vec![(first, pattern(first)?)];
    for extra in list(header(&p, "Also")) {
        patterns.push((extra, pattern(extra)?));
    }
    for (key, _) in &p.headers {
        if !matches!(*key, "Also" | "Concepts") {
            return Err(format!("unknown header `{key}`"));
        }
    }
    let names: Vec<&str> = p.sections.iter().map(|(n, _)| *n).collect();
    if names != FIELD_SECTIONS {
        return Err(format!("sections must be exactly {FIELD_SECTIONS:?}, found {names:?}"));
    }
    if let Some((name, _)) = p.sections.iter().find(|(_, body)| body.is_empty()) {
        return Err(format!("section `{name}` is empty"));
    }
    let section = |i: usize| p.sections[i].1;
    if section(0).lines().count() != 1 {
        return Err("the Summary must be one line".into());
    }
    Ok(FieldEntry {
        file: path,
        kind,
        title: p.title,
        patterns,
        concepts: list(header(&p, "Concepts")),
        summary: section(0),
        what: section(1),
        options: section(2),
        why: section(3),
        mistakes: section(4),
        kubectl: section(5),
        simulator: section(6),
        text,
    })
}

fn value_def(path: &'static str, text: &'static str) -> Result<ValueDef, String> {
    let p = parse(text)?;
    let id = p.title.strip_prefix("Value ").ok_or("the title must be `# Value <id>`")?;
    let matcher = header(&p, "Match").ok_or("missing `Match:` line")?;
    let matcher = match matcher.split_once(' ') {
        Some(("exact", v)) => ValueMatch::Exact(v),
        Some(("env", v)) => ValueMatch::EnvVar(v),
        None => ValueMatch::parse_class(matcher).ok_or_else(|| format!("unknown matcher `{matcher}`"))?,
        Some(_) => return Err(format!("unknown matcher `{matcher}`")),
    };
    let mut fields = Vec::new();
    for f in list(header(&p, "Fields")) {
        let (kind, pat) = f.split_once(' ').ok_or_else(|| format!("`Fields:` item `{f}` must be `<Kind> <pattern>`"))?;
        fields.push((kind, pat, pattern(pat)?));
    }
    if fields.is_empty() {
        return Err("missing `Fields:` line".into());
    }
    let names: Vec<&str> = p.sections.iter().map(|(n, _)| *n).collect();
    if names != ["Summary", "Explanation"] || p.sections.iter().any(|(_, b)| b.is_empty()) {
        return Err(format!("sections must be Summary and Explanation, non-empty; found {names:?}"));
    }
    Ok(ValueDef { file: path, id, matcher, fields, summary: p.sections[0].1, explanation: p.sections[1].1, text })
}

fn concept(path: &'static str, text: &'static str) -> Result<Concept, String> {
    let p = parse(text)?;
    let rest = p.title.strip_prefix("Concept ").ok_or("the title must be `# Concept <id>: <Title>`")?;
    let (id, title) = rest.split_once(": ").ok_or("the title must be `# Concept <id>: <Title>`")?;
    let expected = format!("concepts/{id}.md");
    if path != expected {
        return Err(format!("a concept with id `{id}` must live in {expected}"));
    }
    let summary = match p.sections.first() {
        Some(("Summary", s)) if !s.is_empty() => *s,
        _ => return Err("the first section must be a non-empty `## Summary`".into()),
    };
    if p.sections.len() < 2 || p.sections.iter().any(|(_, b)| b.is_empty()) {
        return Err("a concept needs a Summary and at least one more non-empty section".into());
    }
    Ok(Concept { id, title, summary, sections: p.sections[1..].to_vec(), text })
}
