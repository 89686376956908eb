//! One analysis of the editor's text: the parse, the findings of every default rule, and, for
//! any position, what the side panel shows about the field there (its explanation, the path as
//! breadcrumbs, related fields and the findings on it). Plain Rust over `ordinal-core`.
//!
//! The analysis is the expensive part of a keystroke (parse, lint), so the app runs it after
//! the text has been painted, debounced on large documents; everything here is computed once
//! per analysed text, and [`Analysis::focus`] is cheap.

use std::rc::Rc;

use ordinal_core::analysis as core_analysis;
use ordinal_core::catalog::{self, Explanation};
use ordinal_core::links::{self, LinkGroup};
use ordinal_core::rules::{self, Diagnostic, Severity, SourceFile};
use ordinal_core::yaml::{self, LineIndex, Parse, Path, Segment, TextRange};

use crate::decorate::{Decoration, Mark};

/// The name the editor's buffer has in findings.
pub const FILE_NAME: &str = "manifest.yaml";

/// The field under the cursor, as the explanation pane titles it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldView {
    /// The document's `kind` (`StatefulSet`), when it has one.
    pub kind: Option<String>,
    /// The document's `apiVersion` (`apps/v1`), when it has one.
    pub api_version: Option<String>,
    /// The field path inside its document, e.g. `spec.template.spec.containers[0].image`.
    pub path: String,
    /// 1-based line of the field.
    pub line: u32,
    /// 1-based column of the field.
    pub column: u32,
}

impl FieldView {
    /// The kind and the path in one line: `StatefulSet spec.replicas`.
    pub fn title(&self) -> String {
        match &self.kind {
            Some(kind) => format!("{kind} {}", self.path),
            None => self.path.clone(),
        }
    }
}

/// A YAML syntax error, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorView {
    /// What went wrong.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A finding with its position in lines and columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The finding.
    pub diagnostic: Diagnostic,
    /// 1-based line of its start.
    pub line: u32,
    /// 1-based column (characters) of its start.
    pub column: u32,
}

/// A document of the buffer, as the documents list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentView {
    /// Its kind.
    pub kind: Option<String>,
    /// Its `metadata.name`.
    pub name: Option<String>,
    /// Whether ordinal explains this kind (guide or API reference).
    pub explained: bool,
    /// 1-based first line.
    pub line: u32,
}

/// One step of the breadcrumbs: a label and where its key starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crumb {
    /// `spec`, `containers[0]`, `image`, or the kind for the document itself.
    pub label: String,
    /// Byte offset to jump to.
    pub offset: usize,
}

/// What the side panel shows about one position.
#[derive(Clone, Debug, PartialEq)]
pub struct Focus {
    /// The byte offset it was computed for.
    pub offset: usize,
    /// The field.
    pub field: FieldView,
    /// Index of its document.
    pub document: usize,
    /// The field's key (or item) range.
    pub key_range: TextRange,
    /// Its explanation.
    pub explanation: Explanation,
    /// The path as breadcrumbs, from the document down.
    pub crumbs: Vec<Crumb>,
    /// Related fields.
    pub links: Vec<LinkGroup>,
    /// Indices (into [`Analysis::findings`]) of the findings on this field.
    pub findings: Vec<usize>,
}

/// The analysis of one version of the text.
#[derive(Debug)]
pub struct Analysis {
    /// The version of the text analysed (see [`crate::state::State::version`]).
    pub version: u64,
    /// The text analysed.
    pub text: Rc<str>,
    /// Its parse.
    pub parse: Parse,
    /// Its line index.
    pub index: LineIndex,
    /// The findings of the default rules, in text order.
    pub findings: Vec<Finding>,
    /// The documents.
    pub documents: Vec<DocumentView>,
    /// The first syntax error.
    pub syntax_error: Option<ErrorView>,
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && self.text == other.text
    }
}

/// An analysis made a few rules at a time ([`rules::Steps`]): the page's first, behind its
/// shell, so that no one task of the page's start is long ([`crate::shell`]).
pub struct Making {
    text: Rc<str>,
    version: u64,
    steps: rules::Steps<'static>,
}

impl Making {
    /// Nothing done yet.
    pub fn new(text: Rc<str>, version: u64) -> Making {
        let steps = rules::Steps::new(vec![SourceFile::new(FILE_NAME, text.to_string())], rules::Config::default());
        Making { text, version, steps }
    }

    /// Runs the next rules, one at least, more while `more()` says so; returns whether some
    /// are left.
    pub fn step(&mut self, more: impl FnMut() -> bool) -> bool {
        self.steps.run_while(more)
    }

    /// The analysis, of the rules run.
    pub fn finish(self) -> Analysis {
        Analysis::of(self.text, self.version, self.steps.finish())
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// All findings.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// "7 findings: 6 warnings, 1 info" (a severity with none is left out; "info" is
    /// uncountable: "2 info"), or "No findings".
    pub fn sentence(&self) -> String {
        if self.total() == 0 {
            return "No findings".into();
        }
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let parts: Vec<String> = [(self.errors, "error", "errors"), (self.warnings, "warning", "warnings"), (self.infos, "info", "info")]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| plural(n, one, many))
            .collect();
        format!("{}: {}", plural(self.total(), "finding", "findings"), parts.join(", "))
    }
}

/// The version of [`Analysis::none`], which no text has.
const NO_VERSION: u64 = u64::MAX;

impl Analysis {
    /// Whether this is [`Analysis::none`]: the text has not been analysed yet.
    pub fn is_none(&self) -> bool {
        self.version == NO_VERSION
    }

    /// No analysis: of no text, and of a version no text has ([`crate::state::State::unanalysed`]).
    pub fn none() -> Analysis {
        let text: Rc<str> = Rc::from("");
        Analysis {
            version: NO_VERSION,
            parse: yaml::parse(&text),
            index: LineIndex::new(&text),
            text,
            findings: Vec::new(),
            documents: Vec::new(),
            syntax_error: None,
        }
    }

    /// Parses and lints `text`.
    pub fn new(text: Rc<str>, version: u64) -> Analysis {
        let mut making = Making::new(text, version);
        while making.step(|| true) {}
        making.finish()
    }

    fn of(text: Rc<str>, version: u64, diagnostics: Vec<Diagnostic>) -> Analysis {
        let parse = yaml::parse(&text);
        let index = LineIndex::new(&text);
        let mut findings: Vec<Finding> = diagnostics
            .into_iter()
            .filter(|d| d.file == 0)
            .map(|d| {
                let lc = index.line_col(d.range.start as usize);
                Finding { diagnostic: d, line: lc.line, column: lc.column }
            })
            .collect();
        // the most severe first, then in the text's order
        findings.sort_by_key(|f| (std::cmp::Reverse(f.diagnostic.severity), f.line, f.column));
        let documents = parse
            .documents
            .iter()
            .filter(|d| d.root.is_some() || d.broken)
            .map(|d| DocumentView {
                kind: d.kind().map(str::to_owned),
                name: d.name().map(str::to_owned),
                explained: catalog::explain(d, &Path::root()).source != catalog::Source::Unknown,
                line: index.line_col(d.root.as_ref().map_or(d.range.start, |r| r.range.start) as usize).line,
            })
            .collect();
        let syntax_error = parse.errors.first().map(|e| ErrorView { message: e.message.clone(), line: e.line, column: e.column });
        Analysis { version, text, parse, index, findings, documents, syntax_error }
    }

    /// The findings counted by severity.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.findings {
            match f.diagnostic.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    /// What the side panel shows for byte `offset`, if it is on a field.
    pub fn focus(&self, offset: usize) -> Option<Focus> {
        let at = core_analysis::field_at_parsed(&self.text, &self.parse, &self.index, offset)?;
        let doc = &self.parse.documents[at.document];
        let path = doc.locate(offset).map(|l| l.path).unwrap_or_default();
        let explanation = catalog::explain(doc, &path);
        let crumbs = self.crumbs(at.document, &path);
        let links = links::related(&self.parse, at.document, &path);
        let doc_range = doc.range.cover(doc.root.as_ref().map_or(doc.range, |r| r.range));
        let findings = self
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                let r = f.diagnostic.range;
                r.contains_inclusive(offset)
                    || (f.diagnostic.path == at.path && doc_range.contains_inclusive(r.start as usize))
                    || (r.start <= at.key_range.start && at.key_range.end <= r.end)
            })
            .map(|(i, _)| i)
            .collect();
        Some(Focus {
            offset,
            field: FieldView { kind: at.kind, api_version: at.api_version, path: at.path, line: at.line, column: at.column },
            document: at.document,
            key_range: at.key_range,
            explanation,
            crumbs,
            links,
            findings,
        })
    }

    fn crumbs(&self, document: usize, path: &Path) -> Vec<Crumb> {
        let doc = &self.parse.documents[document];
        let root_offset = doc.root.as_ref().map_or(doc.range.start, |r| r.range.start) as usize;
        let mut out = vec![Crumb { label: doc.kind().unwrap_or("(no kind)").to_owned(), offset: root_offset }];
        let segs = path.segments();
        for (i, seg) in segs.iter().enumerate() {
            let prefix = Path(segs[..=i].to_vec());
            match seg {
                Segment::Key(k) => {
                    let offset = doc.entry_at(&prefix).map_or(root_offset, |e| e.key.range.start as usize);
                    out.push(Crumb { label: k.clone(), offset });
                }
                Segment::Index(n) => {
                    let offset = doc.at(&prefix).map_or(root_offset, |node| node.range.start as usize);
                    if out.len() > 1 {
                        let last = out.last_mut().expect("more than one crumb");
                        last.label.push_str(&format!("[{n}]"));
                        last.offset = offset;
                    } else {
                        out.push(Crumb { label: format!("[{n}]"), offset });
                    }
                }
            }
        }
        out
    }

    /// The editor's decorations for this analysis: a squiggle per finding, and the focused
    /// field with its related fields.
    pub fn decorations(&self, focus: Option<&Focus>) -> Vec<Decoration> {
        let mut out: Vec<Decoration> = self
            .findings
            .iter()
            .map(|f| {
                let mark = match f.diagnostic.severity {
                    Severity::Error => Mark::Error,
                    Severity::Warning => Mark::Warning,
                    Severity::Info => Mark::Info,
                };
                Decoration { start: f.diagnostic.range.start as usize, end: f.diagnostic.range.end as usize, mark }
            })
            .collect();
        if let Some(focus) = focus {
            out.push(Decoration { start: focus.key_range.start as usize, end: focus.key_range.end as usize, mark: Mark::Focus });
            for group in &focus.links {
                for l in &group.links {
                    let mark = if l.agrees { Mark::Related } else { Mark::RelatedBad };
                    out.push(Decoration { start: l.range.start as usize, end: l.range.end as usize, mark });
                }
            }
            // the other places a finding on this field names (the selector's pair that the
            // label fails, the `serviceName` that names a Service, …)
            for &i in &focus.findings {
                for r in self.findings[i].diagnostic.related.iter().filter(|r| r.file == 0) {
                    out.push(Decoration { start: r.range.start as usize, end: r.range.end as usize, mark: Mark::RelatedBad });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = ordinal_core::examples::GUIDE;

    fn analysis(text: &str) -> Analysis {
        Analysis::new(Rc::from(text), 1)
    }

    #[test]
    fn the_counts_leave_out_what_is_zero() {
        assert_eq!(Counts { errors: 0, warnings: 6, infos: 1 }.sentence(), "7 findings: 6 warnings, 1 info");
        assert_eq!(Counts { errors: 1, warnings: 0, infos: 2 }.sentence(), "3 findings: 1 error, 2 info");
        assert_eq!(Counts { errors: 0, warnings: 1, infos: 0 }.sentence(), "1 finding: 1 warning");
        assert_eq!(Counts::default().sentence(), "No findings");
    }

    #[test]
    fn the_guide_has_its_known_findings() {
        let a = analysis(GUIDE);
        let codes: Vec<&str> = a.findings.iter().map(|f| f.diagnostic.code).collect();
        for code in ["PDB001", "POD004", "SEC001", "PVC006"] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        let sec = a.findings.iter().find(|f| f.diagnostic.code == "SEC001").unwrap();
        let line = GUIDE[..GUIDE.find("\"demo-password\"").unwrap()].matches('\n').count() as u32 + 1;
        assert_eq!((sec.line, sec.column), (line, 18));
        assert_eq!(a.counts().sentence(), format!("{} findings: {} warnings, {} info", a.findings.len(), a.counts().warnings, a.counts().infos));
        let order: Vec<_> = a.findings.iter().map(|f| (std::cmp::Reverse(f.diagnostic.severity), f.line, f.column)).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "sorted by severity, then line: {order:?}");
        assert_eq!(a.documents.iter().map(|d| d.kind.clone().unwrap()).collect::<Vec<_>>(), ["Service", "StatefulSet"]);
        assert!(a.documents.iter().all(|d| d.explained));
        assert_eq!(a.documents[1].line, 15);
        assert!(a.syntax_error.is_none());
    }

    #[test]
    fn focus_explains_the_field_with_breadcrumbs_links_and_findings() {
        let a = analysis(GUIDE);
        let f = a.focus(GUIDE.find("image:").unwrap() + 2).unwrap();
        assert_eq!(f.field.title(), "StatefulSet spec.template.spec.containers[0].image");
        assert_eq!(f.explanation.source, catalog::Source::Guide);
        assert!(!f.explanation.sections.why.is_empty());
        let labels: Vec<&str> = f.crumbs.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["StatefulSet", "spec", "template", "spec", "containers[0]", "image"]);
        assert_eq!(&GUIDE[f.crumbs[4].offset..f.crumbs[4].offset + 14], "name: postgres");
        assert!(f.links.is_empty());

        let pw = a.focus(GUIDE.find("\"demo-password\"").unwrap() + 3).unwrap();
        let codes: Vec<&str> = pw.findings.iter().map(|&i| a.findings[i].diagnostic.code).collect();
        assert_eq!(codes, ["SEC001"]);

        // a finding's related places are marked with the field under the cursor
        let broken = GUIDE.replacen("app: recovery-demo\n    spec:", "app: recovery-db\n    spec:", 1);
        let b = analysis(&broken);
        let label = broken.find("app: recovery-db").unwrap();
        let on_label = b.focus(label + 6).unwrap();
        assert!(on_label.findings.iter().any(|&i| b.findings[i].diagnostic.code == "STS001"));
        let pair = broken.find("matchLabels:\n      app: recovery-demo").unwrap() + "matchLabels:\n      ".len();
        assert!(b.decorations(Some(&on_label)).iter().any(|d| d.mark == Mark::RelatedBad && d.start == pair), "the selector's pair is marked");

        let sn = a.focus(GUIDE.find("serviceName").unwrap()).unwrap();
        assert_eq!(sn.links.len(), 1);
        let decorations = a.decorations(Some(&sn));
        assert_eq!(decorations.iter().filter(|d| d.mark == Mark::Related).count(), 2);
        assert_eq!(decorations.iter().filter(|d| d.mark == Mark::Focus).count(), 1);
    }

    #[test]
    fn unknown_kinds_are_explained_as_such_not_as_errors() {
        let text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n";
        let a = analysis(text);
        assert!(!a.documents[0].explained);
        let f = a.focus(text.find("size").unwrap()).unwrap();
        assert_eq!(f.explanation.source, catalog::Source::Unknown);
        assert!(f.explanation.summary.contains("does not explain"));
        assert!(a.syntax_error.is_none());
    }

    #[test]
    fn a_syntax_error_is_reported_with_its_position() {
        let text = GUIDE.replacen("replicas: 3", "replicas: [3", 1);
        let a = analysis(&text);
        let e = a.syntax_error.clone().expect("an error");
        assert!(e.line > 15, "{e:?}");
        assert!(a.findings.iter().any(|f| f.diagnostic.code == "YAML001"));
        // the Service still parses and is still explained
        assert_eq!(a.focus(text.find("clusterIP").unwrap()).unwrap().field.title(), "Service spec.clusterIP");
    }
}
