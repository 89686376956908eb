//! `ordinal lsp`: a Language Server (LSP 3.17) over standard input and output, on the same core
//! as `ordinal lint` and `ordinal explain`.
//!
//! Built on `lsp-server` + `lsp-types`, the pair rust-analyzer uses (ARCHITECTURE.md, "Editors
//! (LSP)"). [`Server::handle`] takes one message and returns the messages to send back, so the
//! tests and the fuzz harness drive it without any IO; [`run`] reads framed messages from
//! standard input ([`transport`]) and writes the answers to standard output.
//!
//! Every open manifest is linted together with the other open ones (as `ordinal lint` lints
//! the files it is given together), so a StatefulSet and its Service in two open files see each
//! other. YAML files with no `apiVersion` and no `kind` are left alone.

mod document;
mod features;
pub mod position;
mod settings;
pub mod transport;

#[cfg(test)]
mod tests;

use document::Doc;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{PublishDiagnosticsParams, Uri};
use ordinal_core::rules::{self, Diagnostic, SourceFile};
use position::Encoding;
use serde_json::Value;
use settings::Settings;
use std::collections::BTreeMap;



/// Where the server is in its life (LSP 3.17, "Lifecycle Messages").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Waiting for `initialize`.
    Uninitialized,
    /// Serving.
    Running,
    /// `shutdown` received: only `exit` is expected.
    ShutDown,
}

/// The findings of every open manifest, linted together.
struct Lint {
    /// The URIs of the files, in the order of [`Diagnostic::file`].
    files: Vec<String>,
    found: Vec<Diagnostic>,
}

/// The language server's state.
pub struct Server {
    state: State,
    encoding: Encoding,
    docs: BTreeMap<String, (Uri, Doc)>,
    settings: Settings,
    /// Whether the client pulls diagnostics (`textDocument/diagnostic`); otherwise they are
    /// pushed (`textDocument/publishDiagnostics`).
    pull: bool,
    /// Whether the client accepts `workspace/diagnostic/refresh`.
    refresh: bool,
    lint: Option<Lint>,
    next_id: i32,
    exit: Option<i32>,
    /// Whether diagnostics wait for [`Server::flush`] (the stdio loop, which handles every
    /// message already waiting before it lints: a burst of keystrokes costs one lint).
    defer: bool,
    /// Whether something changed since the diagnostics were last sent.
    dirty: bool,
}

impl Default for Server {
    fn default() -> Self {
        Server::new()
    }
}

impl Server {
    /// A server waiting for `initialize`.
    pub fn new() -> Server {
        Server {
            state: State::Uninitialized,
            encoding: Encoding::Utf16,
            docs: BTreeMap::new(),
            settings: Settings::default(),
            pull: false,
            refresh: false,
            lint: None,
            next_id: 0,
            exit: None,
            defer: false,
            dirty: false,
        }
    }

    /// A server whose diagnostics wait for [`Server::flush`].
    pub fn deferred() -> Server {
        Server { defer: true, ..Server::new() }
    }

    /// Sends the diagnostics held back since the last call (see [`Server::deferred`]).
    pub fn flush(&mut self) -> Vec<Message> {
        let mut out = Vec::new();
        if std::mem::take(&mut self.dirty) {
            self.publish_all(&mut out);
        }
        out
    }

    /// The exit status once `exit` was received: 0 after a `shutdown`, 1 without (LSP 3.17,
    /// "Exit Notification").
    pub fn exit_code(&self) -> Option<i32> {
        self.exit
    }

    /// Handles one message; returns what to send back, in order.
    pub fn handle(&mut self, msg: Message) -> Vec<Message> {
        let mut out = Vec::new();
        match msg {
            Message::Request(req) => self.request(req, &mut out),
            Message::Notification(n) => self.notification(n, &mut out),
            // answers to our `workspace/diagnostic/refresh`: nothing to do
            Message::Response(_) => {}
        }
        out
    }

    fn request(&mut self, req: Request, out: &mut Vec<Message>) {
        let id = req.id.clone();
        match (self.state, req.method.as_str()) {
            (State::Uninitialized, "initialize") => {
                let result = self.initialize(req.params, out);
                out.insert(0, Response::new_ok(id, result).into());
                self.state = State::Running;
            }
            (State::Uninitialized, _) => out.push(error(id, ErrorCode::ServerNotInitialized, "the server has not been initialized")),
            (State::ShutDown, _) => out.push(error(id, ErrorCode::InvalidRequest, "the server is shut down")),
            (State::Running, "initialize") => out.push(error(id, ErrorCode::InvalidRequest, "the server is already initialized")),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                out.push(Response::new_ok(id, Value::Null).into());
            }
            (State::Running, method) => {
                let answer = match method {
                    "textDocument/hover" => parse(req.params).map(|p| serde_json::to_value(self.hover(p))),
                    "textDocument/completion" => parse(req.params).map(|p| serde_json::to_value(self.completion(p))),
                    "textDocument/codeAction" => parse(req.params).map(|p| serde_json::to_value(self.code_actions(p))),
                    "textDocument/documentHighlight" => parse(req.params).map(|p| serde_json::to_value(self.highlights(p))),
                    "textDocument/references" => parse(req.params).map(|p| serde_json::to_value(self.references(p))),
                    "textDocument/documentSymbol" => parse(req.params).map(|p| serde_json::to_value(self.symbols(p))),
                    "textDocument/diagnostic" => parse(req.params).map(|p| serde_json::to_value(self.pull_diagnostics(p))),
                    _ => {
                        out.push(error(id, ErrorCode::MethodNotFound, &format!("ordinal does not answer `{method}`")));
                        return;
                    }
                };
                out.push(match answer {
                    Ok(Ok(value)) => Response::new_ok(id, value).into(),
                    Ok(Err(e)) => error(id, ErrorCode::InternalError, &e.to_string()),
                    Err(e) => error(id, ErrorCode::InvalidParams, &e),
                });
            }
        }
    }

    fn notification(&mut self, n: Notification, out: &mut Vec<Message>) {
        if n.method == "exit" {
            self.exit = Some(if self.state == State::ShutDown { 0 } else { 1 });
            return;
        }
        if self.state != State::Running {
            return;
        }
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    let doc = Doc::new(p.text_document.version, p.text_document.text);
                    self.docs.insert(p.text_document.uri.as_str().to_owned(), (p.text_document.uri, doc));
                    self.changed(out);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    if let Some((_, doc)) = self.docs.get_mut(p.text_document.uri.as_str()) {
                        doc.change(p.text_document.version, p.content_changes, self.encoding);
                        self.changed(out);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    if let Some((uri, _)) = self.docs.remove(p.text_document.uri.as_str()) {
                        if !self.pull {
                            // its diagnostics go with it (LSP 3.17, "PublishDiagnostics Notification")
                            out.push(publish(uri, Vec::new(), None));
                        }
                        self.changed(out);
                    }
                }
            }
            "workspace/didChangeConfiguration" => {
                if let Ok(p) = parse::<lsp_types::DidChangeConfigurationParams>(n.params) {
                    let problems = self.settings.update(&p.settings);
                    show_problems(problems, out);
                    self.changed(out);
                }
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace`, `textDocument/didSave`, … need no answer
            _ => {}
        }
    }

    fn initialize(&mut self, params: Value, out: &mut Vec<Message>) -> Value {
        let params: lsp_types::InitializeParams = serde_json::from_value(params).unwrap_or_default();
        let caps = &params.capabilities;
        // utf-8 when the client offers it (no conversion), else the protocol's utf-16
        let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        self.encoding = if offered.is_some_and(|e| e.contains(&lsp_types::PositionEncodingKind::UTF8)) { Encoding::Utf8 } else { Encoding::Utf16 };
        self.pull = caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
        self.refresh = caps.workspace.as_ref().and_then(|w| w.diagnostic.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false);
        if let Some(options) = &params.initialization_options {
            let problems = self.settings.update(options);
            show_problems(problems, out);
        }
        serde_json::json!({
            "capabilities": features::capabilities(self.encoding),
            "serverInfo": {"name": "ordinal", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    /// After any change of the open documents or the settings: lint again and send the
    /// diagnostics of every open document (a change in one can change another's), or ask a
    /// pulling client to pull again.
    fn changed(&mut self, out: &mut Vec<Message>) {
        self.lint = None;
        if self.defer {
            self.dirty = true;
            return;
        }
        self.publish_all(out);
    }

    fn publish_all(&mut self, out: &mut Vec<Message>) {
        if self.pull {
            if self.refresh {
                self.next_id += 1;
                out.push(Request::new(RequestId::from(self.next_id), "workspace/diagnostic/refresh".into(), Value::Null).into());
            }
            return;
        }
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        for key in uris {
            let items = self.diagnostics_of(&key);
            let (uri, doc) = &self.docs[&key];
            out.push(publish(uri.clone(), items, Some(doc.version)));
        }
    }

    /// Lints the open manifests together, once per change.
    fn lint(&mut self) -> &Lint {
        if self.lint.is_none() {
            let manifests: Vec<(&String, &Doc)> = self.docs.iter().filter(|(_, (_, d))| d.manifest).map(|(k, (_, d))| (k, d)).collect();
            let files: Vec<SourceFile> = manifests.iter().map(|(k, d)| SourceFile::new(k.as_str(), d.text.as_str())).collect();
            let found = rules::check_with(&files, &self.settings.config);
            self.lint = Some(Lint { files: manifests.iter().map(|(k, _)| (*k).clone()).collect(), found });
        }
        self.lint.as_ref().expect("just computed")
    }

    /// The open document at a URI.
    fn doc(&self, uri: &Uri) -> Option<&Doc> {
        self.docs.get(uri.as_str()).map(|(_, d)| d)
    }

    /// The findings on one open document, with the index of its file in the lint.
    fn findings_of(&mut self, key: &str) -> (Option<usize>, Vec<Diagnostic>) {
        let lint = self.lint();
        match lint.files.iter().position(|f| f == key) {
            Some(file) => (Some(file), lint.found.iter().filter(|d| d.file == file).cloned().collect()),
            None => (None, Vec::new()),
        }
    }
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid params: {e}"))
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Response::new_err(id, code as i32, message.to_owned()).into()
}

fn publish(uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Message {
    Notification::new("textDocument/publishDiagnostics".into(), PublishDiagnosticsParams { uri, diagnostics, version }).into()
}

/// Tells the user about settings that were ignored (`window/showMessage`, a warning).
fn show_problems(problems: Vec<String>, out: &mut Vec<Message>) {
    for p in problems {
        let params = lsp_types::ShowMessageParams { typ: lsp_types::MessageType::WARNING, message: format!("ordinal: {p}") };
        out.push(Notification::new("window/showMessage".into(), params).into());
    }
}

/// Runs the server on standard input and output until `exit` or the end of the input; returns
/// the exit status. A thread reads the frames; the loop handles every notification already read
/// before it sends diagnostics (or before it answers a request), so that a burst of changes is
/// linted once.
pub fn run() -> i32 {
    let (frames, incoming) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            match transport::read(&mut input) {
                Ok(Some(frame)) => {
                    if frames.send(frame).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    eprintln!("ordinal lsp: cannot read standard input: {e}");
                    return;
                }
            }
        }
    });
    let mut server = Server::deferred();
    // end of input without `exit`: the client is gone
    let Ok(mut frame) = incoming.recv() else { return 1 };
    loop {
        let replies = match frame {
            transport::Frame::Message(msg) => {
                // the diagnostics of the changes before a request go out before its answer
                let mut out = if matches!(msg, Message::Request(_)) { server.flush() } else { Vec::new() };
                out.extend(server.handle(msg));
                out
            }
            transport::Frame::Invalid(reply) => vec![reply],
            transport::Frame::Unreadable(reply) => {
                if transport::write_raw(&reply).is_err() {
                    return 1;
                }
                Vec::new()
            }
        };
        for m in replies {
            if transport::write(&m).is_err() {
                return 1;
            }
        }
        if let Some(code) = server.exit_code() {
            return code;
        }
        frame = match incoming.try_recv() {
            Ok(next) => next,
            Err(_) => {
                for m in server.flush() {
                    if transport::write(&m).is_err() {
                        return 1;
                    }
                }
                match incoming.recv() {
                    Ok(next) => next,
                    Err(_) => return 1,
                }
            }
        };
    }
}
