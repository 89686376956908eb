//! The requests the server answers: hover, diagnostics, code actions, highlights and
//! references, completion and document symbols. Each reads the core as the web editor does:
//! `catalog::explain` for hovers, `rules::check_with` for findings and fixes, `links::related`
//! for the related fields.

use super::position::{self, Encoding};
use super::{Doc, Server};
use lsp_types as lsp;
use ordinal_core::catalog::{self, Source};
use ordinal_core::rules::Diagnostic;
use ordinal_core::yaml::{Document, Path, Segment};
use ordinal_core::{analysis, links, schema};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What the server offers (LSP 3.17, "Server capabilities").
pub fn capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions { trigger_characters: Some(vec![":".into()]), ..Default::default() }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        diagnostic_provider: Some(lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
            identifier: Some("ordinal".into()),
            inter_file_dependencies: true,
            workspace_diagnostics: false,
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}

fn severity(s: ordinal_core::rules::Severity) -> lsp::DiagnosticSeverity {
    match s {
        ordinal_core::rules::Severity::Error => lsp::DiagnosticSeverity::ERROR,
        ordinal_core::rules::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        ordinal_core::rules::Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

impl Server {
    /// The open document behind file `file` of the lint, with its URI.
    fn lint_doc(&self, file: usize) -> Option<&(lsp::Uri, Doc)> {
        let key = self.lint.as_ref()?.files.get(file)?;
        self.docs.get(key)
    }

    /// A finding as an LSP diagnostic: code, severity, a link to its rule page, the related
    /// places as `relatedInformation`.
    fn to_lsp(&self, d: &Diagnostic) -> Option<lsp::Diagnostic> {
        let (_, doc) = self.lint_doc(d.file)?;
        let enc = self.encoding;
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            let _ = write!(message, "\nhelp: {h}");
        }
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|r| {
                let (uri, other) = self.lint_doc(r.file)?;
                let range = position::range(&other.text, &other.index, r.range, enc);
                Some(lsp::DiagnosticRelatedInformation { location: lsp::Location { uri: uri.clone(), range }, message: r.message.clone() })
            })
            .collect();
        let href = format!("{}{}.md", self.settings.rule_docs, d.code).parse::<lsp::Uri>().ok();
        Some(lsp::Diagnostic {
            range: position::range(&doc.text, &doc.index, d.range, enc),
            severity: Some(severity(d.severity)),
            code: Some(lsp::NumberOrString::String(d.code.to_owned())),
            code_description: href.map(|href| lsp::CodeDescription { href }),
            source: Some("ordinal".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        })
    }

    /// The diagnostics of one open document (none for a file that is not a manifest).
    pub(super) fn diagnostics_of(&mut self, key: &str) -> Vec<lsp::Diagnostic> {
        let (_, found) = self.findings_of(key);
        found.iter().filter_map(|d| self.to_lsp(d)).collect()
    }

    /// `textDocument/diagnostic`: the full report of one document.
    pub(super) fn pull_diagnostics(&mut self, p: lsp::DocumentDiagnosticParams) -> lsp::DocumentDiagnosticReportResult {
        let items = self.diagnostics_of(p.text_document.uri.as_str());
        lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport { result_id: None, items },
        }))
    }

    /// `textDocument/hover`: the explanation of the field under the cursor (guide grade where
    /// there is one, the upstream description otherwise), the note on its value and the
    /// findings on it, as Markdown.
    pub(super) fn hover(&mut self, p: lsp::HoverParams) -> Option<lsp::Hover> {
        let at = p.text_document_position_params;
        let key = at.text_document.uri.as_str().to_owned();
        let (_, found) = self.findings_of(&key);
        let doc = self.doc(&at.text_document.uri).filter(|d| d.manifest)?;
        let offset = position::offset(&doc.text, &doc.index, at.position, self.encoding);
        let (_, document, located) = analysis::locate_parsed(&doc.parse, offset)?;
        let ex = catalog::explain(document, &located.path);
        let path = located.path.to_string();
        let here: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.range.contains_inclusive(offset) || (d.path == path && document.range.contains_inclusive(d.range.start as usize)))
            .collect();
        let mut md = String::new();
        let origin = match ex.source {
            Source::Guide => "from the StatefulSet guide".to_owned(),
            Source::Api => ex.api.as_ref().map(|a| format!("from {}", a.credit)).unwrap_or_else(|| "from the API reference".into()),
            Source::Unknown => "a kind ordinal does not describe".to_owned(),
        };
        let _ = writeln!(md, "**{}**\n\n`{}` · {origin}\n\n{}", ex.title, ex.path, ex.summary.trim());
        let s = &ex.sections;
        for (heading, body) in [("What it does", &s.what), ("Options", &s.options), ("Why it matters", &s.why), ("Common mistakes", &s.mistakes), ("kubectl", &s.kubectl)] {
            if !body.trim().is_empty() && body.trim() != ex.summary.trim() {
                let _ = writeln!(md, "\n#### {heading}\n\n{}", body.trim());
            }
        }
        if let Some(v) = &ex.value_note {
            let _ = writeln!(md, "\n#### The value `{}`\n\n{}\n\n{}", v.value, v.summary.trim(), v.explanation.trim());
        }
        if let Some(api) = &ex.api {
            let mut line = format!("**Type:** {}{}", api.type_name, if api.required { " (required)" } else { "" });
            if !api.enum_values.is_empty() {
                let _ = write!(line, "; values: {}", api.enum_values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "));
            }
            let _ = writeln!(md, "\n{line}");
        }
        if !here.is_empty() {
            let _ = writeln!(md, "\n#### Findings here\n");
            for d in &here {
                let _ = write!(md, "- **{}** {}: {}", d.code, d.severity, d.message);
                if let Some(h) = &d.help {
                    let _ = write!(md, " (help: {h})");
                }
                if let Some(f) = &d.fix {
                    let _ = write!(md, "; quick fix: {}", f.title);
                }
                md.push('\n');
            }
        }
        let range = if located.on_key { located.key_range.unwrap_or(located.value_range) } else { located.value_range };
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value: md }),
            range: Some(position::range(&doc.text, &doc.index, range, self.encoding)),
        })
    }

    /// `textDocument/codeAction`: the quick fix of each finding the range touches, as a
    /// workspace edit.
    // `WorkspaceEdit::changes` is a `HashMap<Uri, _>` in lsp-types; `Uri` caches parts of
    // itself in a `Cell`, which never changes its hash or equality
    #[allow(clippy::mutable_key_type)]
    pub(super) fn code_actions(&mut self, p: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        if let Some(only) = &p.context.only {
            if !only.iter().any(|k| k.as_str() == "quickfix" || k.as_str().is_empty()) {
                return Vec::new();
            }
        }
        let key = p.text_document.uri.as_str().to_owned();
        let (_, found) = self.findings_of(&key);
        let Some(doc) = self.doc(&p.text_document.uri) else { return Vec::new() };
        let wanted = position::text_range(&doc.text, &doc.index, p.range, self.encoding);
        let mut out = Vec::new();
        for d in &found {
            let Some(fix) = &d.fix else { continue };
            if d.range.start > wanted.end || wanted.start > d.range.end {
                continue;
            }
            let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
            for e in &fix.edits {
                let Some((uri, target)) = self.lint_doc(e.file) else { continue };
                let range = position::range(&target.text, &target.index, e.range, self.encoding);
                changes.entry(uri.clone()).or_default().push(lsp::TextEdit { range, new_text: e.replacement.clone() });
            }
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("{} ({})", fix.title, d.code),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: self.to_lsp(d).map(|x| vec![x]),
                edit: Some(lsp::WorkspaceEdit { changes: Some(changes), ..Default::default() }),
                // the core only carries safe, mechanical fixes (rules::Fix)
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
        out
    }

    /// The places related to the field under the cursor, as the web editor highlights them.
    fn related_at(&self, at: &lsp::TextDocumentPositionParams) -> Vec<(links::Link, bool)> {
        let Some(doc) = self.doc(&at.text_document.uri).filter(|d| d.manifest) else { return Vec::new() };
        let offset = position::offset(&doc.text, &doc.index, at.position, self.encoding);
        let Some((index, _, located)) = analysis::locate_parsed(&doc.parse, offset) else { return Vec::new() };
        let mut out: Vec<(links::Link, bool)> = Vec::new();
        for group in links::related(&doc.parse, index, &located.path) {
            for l in group.links {
                if !out.iter().any(|(o, _)| o.range == l.range) {
                    let here = l.range.contains_inclusive(offset);
                    out.push((l, here));
                }
            }
        }
        out
    }

    /// `textDocument/documentHighlight`.
    pub(super) fn highlights(&mut self, p: lsp::DocumentHighlightParams) -> Option<Vec<lsp::DocumentHighlight>> {
        let links = self.related_at(&p.text_document_position_params);
        let doc = self.doc(&p.text_document_position_params.text_document.uri)?;
        Some(
            links
                .into_iter()
                .map(|(l, _)| lsp::DocumentHighlight { range: position::range(&doc.text, &doc.index, l.range, self.encoding), kind: Some(lsp::DocumentHighlightKind::TEXT) })
                .collect(),
        )
    }

    /// `textDocument/references`.
    pub(super) fn references(&mut self, p: lsp::ReferenceParams) -> Option<Vec<lsp::Location>> {
        let at = &p.text_document_position;
        let links = self.related_at(at);
        let doc = self.doc(&at.text_document.uri)?;
        Some(
            links
                .into_iter()
                .filter(|(_, here)| p.context.include_declaration || !here)
                .map(|(l, _)| lsp::Location { uri: at.text_document.uri.clone(), range: position::range(&doc.text, &doc.index, l.range, self.encoding) })
                .collect(),
        )
    }

    /// `textDocument/documentSymbol`: the objects of the file by kind and name.
    pub(super) fn symbols(&mut self, p: lsp::DocumentSymbolParams) -> Option<lsp::DocumentSymbolResponse> {
        let doc = self.doc(&p.text_document.uri).filter(|d| d.manifest)?;
        let symbols = doc.parse.documents.iter().filter(|d| d.root.is_some()).map(|d| symbol(doc, d, self.encoding)).collect();
        Some(lsp::DocumentSymbolResponse::Nested(symbols))
    }

    /// `textDocument/completion`: the fields valid at the cursor, or the values of an
    /// enumeration after `key: `.
    pub(super) fn completion(&mut self, p: lsp::CompletionParams) -> Option<lsp::CompletionResponse> {
        let at = &p.text_document_position;
        let doc = self.doc(&at.text_document.uri)?;
        let offset = position::offset(&doc.text, &doc.index, at.position, self.encoding);
        let items = complete(&doc.text, offset);
        (!items.is_empty()).then_some(lsp::CompletionResponse::Array(items))
    }
}

fn symbol(file: &Doc, d: &Document, enc: Encoding) -> lsp::DocumentSymbol {
    let kind = d.kind().unwrap_or("(no kind)");
    let name = match d.name() {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_owned(),
    };
    let root = d.root.as_ref();
    let selection = root
        .and_then(|r| r.get("metadata"))
        .and_then(|m| m.get("name"))
        .or_else(|| root.and_then(|r| r.get("kind")))
        .map(|n| n.range)
        .unwrap_or(d.range);
    let range = d.range.cover(selection);
    let children: Vec<lsp::DocumentSymbol> = match (d.kind(), root.and_then(|r| r.get("items")).and_then(|i| i.items())) {
        (Some(k), Some(items)) if k.ends_with("List") => items
            .iter()
            .map(|item| {
                let kind = item.get_str("kind").unwrap_or("(no kind)");
                let name = match item.get("metadata").and_then(|m| m.get_str("name")) {
                    Some(n) => format!("{kind} {n}"),
                    None => kind.to_owned(),
                };
                let sel = item.get("metadata").and_then(|m| m.get("name")).map(|n| n.range).unwrap_or(item.range);
                #[allow(deprecated)]
                lsp::DocumentSymbol {
                    name,
                    detail: item.get_str("apiVersion").map(str::to_owned),
                    kind: symbol_kind(kind),
                    tags: None,
                    deprecated: None,
                    range: position::range(&file.text, &file.index, item.range.cover(sel), enc),
                    selection_range: position::range(&file.text, &file.index, sel, enc),
                    children: None,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let detail = match (d.api_version(), d.namespace()) {
        (Some(v), Some(ns)) => Some(format!("{v}, namespace {ns}")),
        (Some(v), None) => Some(v.to_owned()),
        (None, Some(ns)) => Some(format!("namespace {ns}")),
        (None, None) => None,
    };
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name,
        detail,
        kind: symbol_kind(kind),
        tags: None,
        deprecated: None,
        range: position::range(&file.text, &file.index, range, enc),
        selection_range: position::range(&file.text, &file.index, selection, enc),
        children: (!children.is_empty()).then_some(children),
    }
}

fn symbol_kind(kind: &str) -> lsp::SymbolKind {
    match kind {
        "StatefulSet" | "Deployment" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob" | "Pod" => lsp::SymbolKind::CLASS,
        "Service" => lsp::SymbolKind::INTERFACE,
        "ConfigMap" | "Secret" => lsp::SymbolKind::CONSTANT,
        _ => lsp::SymbolKind::OBJECT,
    }
}

/// What the cursor's line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Want {
    /// A key of the mapping whose keys start at this column (`in_item`: after `- `).
    Key { column: usize, in_item: bool },
    /// The value of `key`, whose key starts at this column.
    Value { key: String, column: usize, in_item: bool },
}

fn is_key_text(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}

/// What is wanted at `offset`, from the text of its line before it.
fn want(prefix: &str) -> Option<Want> {
    let rest = prefix.trim_start_matches(' ');
    let mut column = prefix.len() - rest.len();
    let (in_item, rest) = match rest.strip_prefix("- ") {
        Some(r) => {
            let r2 = r.trim_start_matches(' ');
            column += 2 + (r.len() - r2.len());
            (true, r2)
        }
        None => (false, rest),
    };
    if is_key_text(rest) {
        return Some(Want::Key { column, in_item });
    }
    let (key, value) = rest.split_once(':')?;
    if is_key_text(key) && !key.is_empty() && (value.is_empty() || value.starts_with(' ')) && !value.trim().contains(' ') {
        return Some(Want::Value { key: key.to_owned(), column, in_item });
    }
    None
}

/// The path of the mapping (or list item) a key at `column` of the cursor's line belongs to,
/// from the lines above it in the same document (the text as typed, which is often not valid
/// YAML yet, so it is read by indentation rather than parsed).
fn parent_path(above: &[&str], column: usize, in_item: bool) -> Vec<Segment> {
    enum Look {
        /// An ancestor key left of this column.
        Key(usize),
        /// The key holding the list whose items' dashes are at this column.
        ListOwner(usize),
    }
    let mut segs = Vec::new();
    let mut look = if in_item {
        segs.push(Segment::Index(0));
        Look::ListOwner(column.saturating_sub(2))
    } else {
        Look::Key(column)
    };
    for line in above.iter().rev() {
        let t = line.trim_start_matches(' ');
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let col = line.len() - t.len();
        let (dash, kcol, content) = match t.strip_prefix("- ") {
            Some(r) => (true, col + 2 + (r.len() - r.trim_start().len()), r.trim_start()),
            None if t == "-" => (true, col + 2, ""),
            None => (false, col, t),
        };
        let key = content.split_once(':').map(|(k, _)| k.trim().trim_matches(['"', '\''])).filter(|k| is_key_text(k) && !k.is_empty());
        match look {
            Look::Key(limit) => {
                if dash && col < limit {
                    if let (Some(k), true) = (key, kcol < limit) {
                        segs.push(Segment::Key(k.to_owned()));
                    }
                    segs.push(Segment::Index(0));
                    look = Look::ListOwner(col);
                } else if !dash && kcol < limit {
                    if let Some(k) = key {
                        segs.push(Segment::Key(k.to_owned()));
                        look = Look::Key(kcol);
                    }
                }
            }
            Look::ListOwner(d) => {
                if dash && col < d {
                    segs.push(Segment::Index(0));
                    look = Look::ListOwner(col);
                } else if !dash && kcol <= d {
                    if let Some(k) = key {
                        segs.push(Segment::Key(k.to_owned()));
                        look = Look::Key(kcol);
                    }
                }
            }
        }
        if matches!(look, Look::Key(0)) {
            break;
        }
    }
    segs.reverse();
    segs
}

/// The keys already written in the mapping of the cursor's line (`lines[cursor]`), whose keys
/// start at `column`: the lines above and below it up to the mapping's end, read by indentation.
/// With `in_item` the mapping is a list item, which ends at the `- ` of its own first line.
fn sibling_keys<'a>(lines: &[&'a str], cursor: usize, column: usize, in_item: bool) -> Vec<&'a str> {
    let key_of = |line: &'a str| -> Option<(usize, bool, &'a str)> {
        let t = line.trim_start_matches(' ');
        if t.is_empty() || t.starts_with('#') {
            return None;
        }
        let col = line.len() - t.len();
        let (dash, kcol, content) = match t.strip_prefix("- ") {
            Some(r) => (true, col + 2 + (r.len() - r.trim_start().len()), r.trim_start()),
            None => (false, col, t),
        };
        let key = content.split_once(':').map(|(k, _)| k.trim()).filter(|k| is_key_text(k) && !k.is_empty()).unwrap_or("");
        Some((kcol, dash, key))
    };
    let mut out = Vec::new();
    // above: siblings until a line left of the column, or the `- ` that opens this item
    if !in_item {
        for line in lines[..cursor.min(lines.len())].iter().rev() {
            let Some((kcol, dash, key)) = key_of(line) else { continue };
            if kcol < column {
                break;
            }
            if kcol == column {
                out.push(key);
                if dash {
                    break;
                }
            }
        }
    }
    // below: siblings until a line left of the column or the next item's `- `
    for line in lines.iter().skip(cursor + 1) {
        let Some((kcol, dash, key)) = key_of(line) else { continue };
        if kcol < column || (dash && kcol == column) {
            break;
        }
        if kcol == column {
            out.push(key);
        }
    }
    out.retain(|k| !k.is_empty());
    out
}

/// The value of a top-level `key:` in the lines of one document.
fn top_level<'a>(lines: &[&'a str], key: &str) -> Option<&'a str> {
    lines.iter().find_map(|l| {
        let v = l.strip_prefix(key)?.strip_prefix(':')?;
        let v = v.split(" #").next().unwrap_or("").trim().trim_matches(['"', '\'']);
        (!v.is_empty()).then_some(v)
    })
}

fn markdown(value: String) -> lsp::Documentation {
    lsp::Documentation::MarkupContent(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value })
}

/// The completion items at `offset` of `text`.
fn complete(text: &str, offset: usize) -> Vec<lsp::CompletionItem> {
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let Some(want) = want(&text[line_start..offset]) else { return Vec::new() };
    // the lines of the cursor's document: from the `---` before it to the one after
    let before: Vec<&str> = text[..line_start].lines().collect();
    let from = before.iter().rposition(|l| l.starts_with("---")).map(|i| i + 1).unwrap_or(0);
    let above = &before[from..];
    let mut all: Vec<&str> = above.to_vec();
    all.extend(text[line_start..].lines().enumerate().take_while(|(i, l)| *i == 0 || !l.starts_with("---")).map(|(_, l)| l));
    let kind = top_level(&all, "kind");
    let api_version = top_level(&all, "apiVersion");
    let (column, in_item) = match &want {
        Want::Key { column, in_item } | Want::Value { column, in_item, .. } => (*column, *in_item),
    };
    let mut path = parent_path(above, column, in_item);
    match want {
        Want::Value { key, .. } => {
            path.push(Segment::Key(key.clone()));
            if path.len() == 1 && key == "kind" {
                return schema::schema()
                    .kinds
                    .iter()
                    .map(|k| lsp::CompletionItem { label: k.kind.to_owned(), kind: Some(lsp::CompletionItemKind::CLASS), detail: Some(k.api_version.to_owned()), ..Default::default() })
                    .collect();
            }
            if path.len() == 1 && key == "apiVersion" {
                let mut versions: Vec<&str> = schema::schema().kinds.iter().filter(|k| kind.is_none_or(|kind| k.kind == kind)).map(|k| k.api_version).collect();
                versions.dedup();
                return versions.into_iter().map(|v| lsp::CompletionItem { label: v.to_owned(), kind: Some(lsp::CompletionItemKind::VALUE), ..Default::default() }).collect();
            }
            value_items(kind, api_version, &Path(path))
        }
        Want::Key { .. } => {
            let Some(kind) = kind else { return Vec::new() };
            let path = Path(path);
            let Some(info) = schema::field(api_version, kind, &path) else { return Vec::new() };
            match info.ty {
                schema::FieldType::Object(name) => {
                    let present = sibling_keys(&all, above.len(), column, in_item);
                    field_items(kind, &path, name).into_iter().filter(|i| !present.contains(&i.label.as_str())).collect()
                }
                // `- ` in a list of scalars: its values
                _ if in_item => value_items(Some(kind), api_version, &path),
                _ => Vec::new(),
            }
        }
    }
}

/// The fields of type `type_name` at `path`, with their descriptions.
fn field_items(kind: &str, path: &Path, type_name: &str) -> Vec<lsp::CompletionItem> {
    let Some(t) = schema::type_def(type_name) else { return Vec::new() };
    t.fields
        .iter()
        .filter(|f| !(path.is_root() && matches!(f.name, "status")))
        .map(|f| {
            let full = path.key(f.name);
            let mut doc = String::new();
            if let Some(entry) = catalog::entry_for(kind, &full) {
                let _ = write!(doc, "{}\n\n", entry.summary.trim());
            }
            doc.push_str(f.description().trim());
            let scalar = !matches!(f.ty, schema::FieldType::Object(_) | schema::FieldType::List(_) | schema::FieldType::Map(_) | schema::FieldType::Any);
            lsp::CompletionItem {
                label: f.name.to_owned(),
                kind: Some(lsp::CompletionItemKind::FIELD),
                detail: Some(format!("{}{}", f.ty.label(), if f.required { " (required)" } else { "" })),
                documentation: (!doc.is_empty()).then(|| markdown(doc)),
                insert_text: Some(if scalar { format!("{}: ", f.name) } else { format!("{}:", f.name) }),
                ..Default::default()
            }
        })
        .collect()
}

/// The values of the enumeration at `path` (booleans: `true` and `false`), each with the
/// catalogue's note on it where there is one.
fn value_items(kind: Option<&str>, api_version: Option<&str>, path: &Path) -> Vec<lsp::CompletionItem> {
    let Some(kind) = kind else { return Vec::new() };
    let Some(info) = schema::field(api_version, kind, path) else { return Vec::new() };
    let values: Vec<&str> = match (&info.ty, info.enum_values) {
        (_, values) if !values.is_empty() => values.to_vec(),
        (schema::FieldType::Boolean, _) => vec!["true", "false"],
        _ => Vec::new(),
    };
    values
        .into_iter()
        .map(|v| {
            let note = catalog::values().iter().find(|d| {
                matches!(d.matcher, catalog::ValueMatch::Exact(x) if x == v) && d.fields.iter().any(|(k, _, pattern)| *k == kind && catalog::pattern_matches(pattern, path.segments()))
            });
            lsp::CompletionItem {
                label: v.to_owned(),
                kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
                detail: Some(format!("{} {}", kind, path.pattern())),
                documentation: note.map(|n| markdown(format!("{}\n\n{}", n.summary.trim(), n.explanation.trim()))),
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_line_asks_for() {
        assert_eq!(want("  podMan"), Some(Want::Key { column: 2, in_item: false }));
        assert_eq!(want("    - name"), Some(Want::Key { column: 6, in_item: true }));
        assert_eq!(want("  podManagementPolicy: "), Some(Want::Value { key: "podManagementPolicy".into(), column: 2, in_item: false }));
        assert_eq!(want("  image: postgres 1"), None);
        assert_eq!(want("  a b"), None);
    }

    #[test]
    fn finds_the_parent_by_indentation() {
        let above = ["spec:", "  template:", "    spec:", "      containers:", "      - name: db", "        resources:", "          limits:"];
        let path = parent_path(&above, 12, false);
        assert_eq!(Path(path).to_string(), "spec.template.spec.containers[0].resources.limits");
        let path = parent_path(&above[..5], 8, false);
        assert_eq!(Path(path).to_string(), "spec.template.spec.containers[0]");
        let above = ["spec:", "  volumeClaimTemplates:", "    - metadata:", "        name: data", "      spec:", "        accessModes:"];
        assert_eq!(Path(parent_path(&above, 10, true)).to_string(), "spec.volumeClaimTemplates[0].spec.accessModes[0]");
    }
}
