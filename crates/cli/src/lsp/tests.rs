//! The server's handlers, in process: messages in, messages out.

use super::transport::{self, Frame};
use super::Server;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

const URI: &str = "file:///work/db.yaml";

fn guide_with(replace: &str, with: &str) -> String {
    let text = include_str!("../../tests/lsp/fixture.yaml");
    assert!(text.contains(replace), "the fixture has `{replace}`");
    text.replacen(replace, with, 1)
}

struct Client {
    server: Server,
    next: i32,
}

impl Client {
    /// A server initialized with these client capabilities and options.
    fn new(capabilities: Value, options: Value) -> (Client, Vec<Message>) {
        let mut c = Client { server: Server::new(), next: 0 };
        let out = c.request_all("initialize", json!({"capabilities": capabilities, "initializationOptions": options}));
        c.notify("initialized", json!({}));
        (c, out)
    }

    fn plain() -> Client {
        Client::new(json!({}), Value::Null).0
    }

    fn request_all(&mut self, method: &str, params: Value) -> Vec<Message> {
        self.next += 1;
        self.server.handle(Request::new(RequestId::from(self.next), method.into(), params).into())
    }

    /// The result of a request (panics on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = RequestId::from(self.next + 1);
        let out = self.request_all(method, params);
        match out.into_iter().find_map(|m| match m {
            Message::Response(r) if r.id == id => Some(r),
            _ => None,
        }) {
            Some(Response { response_result: Ok(v), .. }) => v,
            other => panic!("{method}: {other:?}"),
        }
    }

    fn error_code(&mut self, method: &str, params: Value) -> i32 {
        let out = self.request_all(method, params);
        match &out[0] {
            Message::Response(Response { response_result: Err(e), .. }) => e.code,
            other => panic!("{method}: expected an error, got {other:?}"),
        }
    }

    fn notify(&mut self, method: &str, params: Value) -> Vec<Message> {
        self.server.handle(Notification::new(method.into(), params).into())
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Message> {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}))
    }
}

/// The diagnostics published for `uri` in these messages (the last publication).
fn published(out: &[Message], uri: &str) -> Option<Vec<Value>> {
    out.iter()
        .filter_map(|m| match m {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri => n.params["diagnostics"].as_array().cloned(),
            _ => None,
        })
        .next_back()
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_owned()).collect()
}

fn pos(line: usize, character: usize) -> Value {
    json!({"line": line, "character": character})
}

/// The 0-based line and byte column of `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` in the text"));
    let line = text[..at].matches('\n').count();
    (line, at - text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0))
}

#[test]
fn lifecycle_and_errors() {
    let mut s = Server::new();
    let out = s.handle(Request::new(RequestId::from(1), "textDocument/hover".into(), json!({})).into());
    assert!(matches!(&out[0], Message::Response(Response { response_result: Err(e), .. }) if e.code == -32002));
    let (mut c, out) = Client::new(json!({}), Value::Null);
    let Message::Response(Response { response_result: Ok(init), .. }) = &out[0] else { panic!("{out:?}") };
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(c.error_code("initialize", json!({"capabilities": {}})), -32600);
    assert_eq!(c.error_code("workspace/symbol", json!({"query": ""})), -32601);
    assert_eq!(c.error_code("textDocument/hover", json!({"textDocument": 5})), -32602);
    // a position far out of range of a document nobody opened, and of one that is open
    assert_eq!(c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(99, 99)})), Value::Null);
    c.open(URI, "apiVersion: v1\nkind: Service\n");
    assert_eq!(c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": u32::MAX, "character": u32::MAX}})), Value::Null);
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    assert_eq!(c.error_code("textDocument/hover", json!({})), -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.server.exit_code(), Some(0));
    let mut s = Server::new();
    s.handle(Notification::new("exit".into(), Value::Null).into());
    assert_eq!(s.exit_code(), Some(1), "exit without shutdown");
}

#[test]
fn utf8_when_offered() {
    let (mut c, out) = Client::new(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), Value::Null);
    let Message::Response(Response { response_result: Ok(init), .. }) = &out[0] else { panic!() };
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let text = guide_with("", "");
    c.open(URI, &text);
    // `app` after `"données 𝄞", `: its byte column, which utf-8 positions count
    let (line, col) = find(&text, "app: recovery-demo}");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(line, col)}));
    assert!(h["contents"]["value"].as_str().unwrap().contains("`metadata.labels.app`"), "{h}");
    assert_eq!(h["range"], json!({"start": pos(line, col), "end": pos(line, col + 3)}), "byte columns");
    // a UTF-16 client counts `é` as 1 unit (2 bytes) and `𝄞` as 2 (4 bytes)
    let mut c16 = Client::plain();
    c16.open(URI, &text);
    let units = text.lines().nth(line).unwrap()[..col].encode_utf16().count();
    assert_eq!(units, col - 3);
    let h = c16.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(line, units)}));
    assert!(h["contents"]["value"].as_str().unwrap().contains("`metadata.labels.app`"), "{h}");
    assert_eq!(h["range"], json!({"start": pos(line, units), "end": pos(line, units + 3)}), "UTF-16 columns");
}

#[test]
fn diagnostics_pushed_with_links_and_related_places() {
    let mut c = Client::plain();
    let text = guide_with("", "");
    let out = c.open(URI, &text);
    let diags = published(&out, URI).expect("published on open");
    let sts006 = diags.iter().find(|d| d["code"] == "STS006").expect("STS006");
    assert_eq!(sts006["severity"], 2);
    assert_eq!(sts006["source"], "ordinal");
    assert!(sts006["codeDescription"]["href"].as_str().unwrap().ends_with("/docs/rules/STS006.md"));
    let (line, _) = find(&text, "serviceName:");
    assert_eq!(sts006["relatedInformation"][0]["location"]["range"]["start"]["line"], line);
    assert_eq!(sts006["relatedInformation"][0]["location"]["uri"], URI);
    // a YAML file that is no manifest is left alone
    let out = c.open("file:///work/compose.yaml", "services:\n  web:\n    image: nginx:latest\n");
    assert_eq!(published(&out, "file:///work/compose.yaml"), Some(Vec::new()));
    assert_eq!(c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///work/compose.yaml"}, "position": pos(1, 3)})), Value::Null);
    // invalid YAML gives a finding, not a crash
    let out = c.open("file:///work/broken.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n");
    assert!(codes(&published(&out, "file:///work/broken.yaml").unwrap()).iter().any(|c| c.starts_with("YAML")));
    // closing a file clears its diagnostics
    let out = c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    assert_eq!(published(&out, URI), Some(Vec::new()));
}

#[test]
fn open_files_are_linted_together() {
    let text = guide_with("", "");
    let split = text.find("\n---\n").unwrap();
    let (service, sts) = (&text[..split + 1], &text[split + 5..]);
    let mut c = Client::plain();
    let out = c.open("file:///w/sts.yaml", sts);
    assert!(codes(&published(&out, "file:///w/sts.yaml").unwrap()).contains(&"STS004".to_owned()), "serviceName names no Service");
    let out = c.open("file:///w/svc.yaml", service);
    let sts_codes = codes(&published(&out, "file:///w/sts.yaml").unwrap());
    assert!(!sts_codes.contains(&"STS004".to_owned()), "{sts_codes:?}");
    let svc = published(&out, "file:///w/svc.yaml").unwrap();
    let sts006 = svc.iter().find(|d| d["code"] == "STS006").expect("STS006 on the Service file");
    assert_eq!(sts006["relatedInformation"][0]["location"]["uri"], "file:///w/sts.yaml", "related place in the other file");
}

#[test]
fn pulled_diagnostics_when_the_client_pulls() {
    let caps = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostic": {"refreshSupport": true}}});
    let (mut c, _) = Client::new(caps, Value::Null);
    let out = c.open(URI, &guide_with("", ""));
    assert!(published(&out, URI).is_none(), "nothing pushed");
    assert!(out.iter().any(|m| matches!(m, Message::Request(r) if r.method == "workspace/diagnostic/refresh")));
    let report = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}));
    assert_eq!(report["kind"], "full");
    assert!(codes(report["items"].as_array().unwrap()).contains(&"STS006".to_owned()));
}

#[test]
fn settings_select_rules_and_the_server_version() {
    let text = guide_with("- name: postgres", "- name: Postgres_DB");
    let (mut c, out) = Client::new(json!({}), json!({"ordinal": {"disable": ["PDB001"], "enable": ["NOPE9"], "serverVersion": "1.33"}}));
    let warning = out.iter().find_map(|m| match m {
        Message::Notification(n) if n.method == "window/showMessage" => n.params["message"].as_str().map(str::to_owned),
        _ => None,
    });
    assert!(warning.is_some_and(|w| w.contains("NOPE9")), "an unknown rule is reported");
    let out = c.open(URI, &text);
    let found = codes(&published(&out, URI).unwrap());
    assert!(!found.contains(&"PDB001".to_owned()) && !found.contains(&"API008".to_owned()), "{found:?}");
    // v1.35 validates the pod template: the container name is rejected
    let out = c.notify("workspace/didChangeConfiguration", json!({"settings": {"ordinal": {"serverVersion": "1.35", "enable": "SEC"}}}));
    let found = codes(&published(&out, URI).unwrap());
    assert!(found.contains(&"API008".to_owned()) && found.contains(&"PDB001".to_owned()), "{found:?}");
    // `null` settings change nothing
    let out = c.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    assert_eq!(codes(&published(&out, URI).unwrap()), found);
}

/// Applies the edits of a workspace edit for one URI (in reverse order, UTF-16 positions).
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let index = ordinal_core::yaml::LineIndex::new(text);
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let p = |v: &Value| super::position::offset(text, &index, serde_json::from_value(v.clone()).unwrap(), super::position::Encoding::Utf16);
            (p(&e["range"]["start"]), p(&e["range"]["end"]), e["newText"].as_str().unwrap().to_owned())
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

#[test]
fn quick_fix_and_incremental_changes() {
    let mut c = Client::plain();
    let text = guide_with("", "");
    c.open(URI, &text);
    let (line, _) = find(&text, "name: recovery-demo-headless");
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": pos(line, 0), "end": pos(line, 0)}, "context": {"diagnostics": []}}));
    assert_eq!(actions, json!([]), "the finding's range starts after column 0");
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": pos(line, 0), "end": pos(line, 30)}, "context": {"diagnostics": []}}));
    let fix = actions.as_array().unwrap().iter().find(|a| a["diagnostics"][0]["code"] == "STS006").expect("STS006's fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply(&text, &fix["edit"], URI);
    assert!(fixed.contains("clusterIP: None"));
    // only quick fixes are offered
    let none = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": pos(line, 0), "end": pos(line, 30)}, "context": {"diagnostics": [], "only": ["refactor"]}}));
    assert_eq!(none, json!([]));
    // send the fix as an incremental change, then a change after the non-ASCII text
    let edits = fix["edit"]["changes"][URI].clone();
    let changes: Vec<Value> = edits.as_array().unwrap().iter().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect();
    let out = c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": changes}));
    assert!(!codes(&published(&out, URI).unwrap()).contains(&"STS006".to_owned()));
    let (line, col) = find(&fixed, "app: recovery-demo}");
    let units = fixed.lines().nth(line).unwrap()[..col].encode_utf16().count();
    let out = c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"range": {"start": pos(line, units), "end": pos(line, units + 3)}, "text": "role"}]}),
    );
    assert_eq!(published(&out, URI).map(|_| ()), Some(()));
    let doc = &c.server.docs[URI].1;
    assert_eq!(doc.text, fixed.replacen("app: recovery-demo}", "role: recovery-demo}", 1));
    assert_eq!(doc.version, 3);
    // a whole-text change, and a change to a document never opened (ignored)
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 4}, "contentChanges": [{"text": "kind: Service\n"}]}));
    assert_eq!(c.server.docs[URI].1.text, "kind: Service\n");
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nope", "version": 1}, "contentChanges": [{"text": "x"}]}));
}

#[test]
fn hover_highlights_symbols_and_completion() {
    let mut c = Client::plain();
    let text = guide_with("", "");
    c.open(URI, &text);
    let (line, col) = find(&text, "serviceName:");
    let at = json!({"textDocument": {"uri": URI}, "position": pos(line, col + 2)});
    let h = c.request("textDocument/hover", at.clone());
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(md.contains("gives each pod its DNS name") && md.contains("#### Why it matters"), "{md}");
    let highlights = c.request("textDocument/documentHighlight", at.clone());
    assert_eq!(highlights.as_array().unwrap().len(), 2);
    let mut refs = at.clone();
    refs["context"] = json!({"includeDeclaration": true});
    assert_eq!(c.request("textDocument/references", refs).as_array().unwrap().len(), 2);
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Service recovery-demo-headless", "StatefulSet recovery-demo-db"]);
    // a List's items are children
    c.open("file:///w/list.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n");
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///w/list.yaml"}}));
    assert_eq!(symbols[0]["children"][0]["name"], "Service a");
    // completion: keys of the mapping at the cursor, enum values after `key: `
    let typed = text.replacen("  replicas: 3\n", "  replicas: 3\n  podManagementPolicy: \n", 1);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": typed}]}));
    let (line, col) = find(&typed, "podManagementPolicy: ");
    let items = c.request("textDocument/completion", json!({"textDocument": {"uri": URI}, "position": pos(line, col + 21)}));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["OrderedReady", "Parallel"]);
    let items = c.request("textDocument/completion", json!({"textDocument": {"uri": URI}, "position": pos(line, 4)}));
    let spec_field = items.as_array().unwrap().iter().find(|i| i["label"] == "minReadySeconds").expect("a StatefulSetSpec field");
    assert_eq!(spec_field["insertText"], "minReadySeconds: ");
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(!labels.contains(&"replicas") && !labels.contains(&"serviceName") && !labels.contains(&"volumeClaimTemplates"), "keys already written are not offered: {labels:?}");
    assert!(spec_field["documentation"]["value"].as_str().unwrap().len() > 20);
    let (line, _) = find(&typed, "        image:");
    let items = c.request("textDocument/completion", json!({"textDocument": {"uri": URI}, "position": pos(line, 8)}));
    assert!(items.as_array().unwrap().iter().any(|i| i["label"] == "imagePullPolicy"), "Container fields inside containers[0]");
    assert!(!items.as_array().unwrap().iter().any(|i| i["label"] == "name" || i["label"] == "env"), "the item's own keys, above and below, are not offered");
}

#[test]
fn memory_connection_round_trip() {
    // the same handler behind lsp-server's in-memory connection, as the stdio loop uses it
    let (server_side, client_side) = Connection::memory();
    let worker = std::thread::spawn(move || {
        let mut s = Server::new();
        for msg in &server_side.receiver {
            for reply in s.handle(msg) {
                server_side.sender.send(reply).unwrap();
            }
            if s.exit_code().is_some() {
                break;
            }
        }
        s.exit_code()
    });
    let send = |m: Message| client_side.sender.send(m).unwrap();
    send(Request::new(RequestId::from(1), "initialize".into(), json!({"capabilities": {}})).into());
    assert!(matches!(client_side.receiver.recv().unwrap(), Message::Response(r) if r.id == RequestId::from(1)));
    send(Notification::new("textDocument/didOpen".into(), json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": guide_with("", "")}})).into());
    let Message::Notification(n) = client_side.receiver.recv().unwrap() else { panic!() };
    assert_eq!(n.method, "textDocument/publishDiagnostics");
    send(Request::new(RequestId::from(2), "shutdown".into(), Value::Null).into());
    client_side.receiver.recv().unwrap();
    send(Notification::new("exit".into(), Value::Null).into());
    assert_eq!(worker.join().unwrap(), Some(0));
}

#[test]
fn the_reader_answers_what_it_cannot_read() {
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let stream = [
        "\r\n".to_owned(),
        frame("{bad json"),
        frame(r#"{"jsonrpc":"2.0","id":7}"#),
        frame(r#"{"jsonrpc":"2.0","params":[]}"#),
        "X-Other: 1\r\n\r\n".to_owned(),
        format!("Content-Length: {}\r\n\r\n{}", transport::MAX_BODY + 1, " ".repeat(transport::MAX_BODY + 1)),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        "Content-Length: 99999999999\r\n\r\n{}".to_owned(),
    ]
    .concat();
    let mut input = std::io::Cursor::new(stream.into_bytes());
    let mut frames = Vec::new();
    while let Some(f) = transport::read(&mut input).unwrap() {
        frames.push(f);
    }
    assert!(matches!(&frames[0], Frame::Unreadable(t) if t.contains("-32700")));
    assert!(matches!(&frames[1], Frame::Invalid(Message::Response(r)) if r.id == RequestId::from(7)));
    assert!(matches!(&frames[2], Frame::Unreadable(t) if t.contains("-32600") && t.contains("\"id\":null")));
    assert!(matches!(&frames[3], Frame::Unreadable(t) if t.contains("Content-Length")));
    assert!(matches!(&frames[4], Frame::Unreadable(t) if t.contains("longer than")), "{:?}", frames.get(4));
    // skipped unread, and the next frame is read
    assert!(matches!(&frames[5], Frame::Message(Message::Notification(n)) if n.method == "initialized"));
    // the body of the last frame is missing: the end of input
    assert_eq!(frames.len(), 6);
    // an overlong header line is skipped, and the next frame read
    let long = format!("{}\r\n{}", "x".repeat(10_000), frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    let mut input = std::io::Cursor::new(long.into_bytes());
    assert!(matches!(transport::read(&mut input).unwrap(), Some(Frame::Message(Message::Notification(_)))));
}

#[test]
fn deferred_diagnostics_wait_for_flush() {
    let mut s = Server::deferred();
    s.handle(Request::new(RequestId::from(1), "initialize".into(), json!({"capabilities": {}})).into());
    let open = json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": guide_with("", "")}});
    assert!(s.handle(Notification::new("textDocument/didOpen".into(), open).into()).is_empty());
    let change = json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "apiVersion: v1\nkind: Service\n"}]});
    assert!(s.handle(Notification::new("textDocument/didChange".into(), change).into()).is_empty());
    let out = s.flush();
    assert_eq!(out.len(), 1, "one publication for the burst");
    let Message::Notification(n) = &out[0] else { panic!() };
    assert_eq!(n.params["version"], 2);
    assert!(s.flush().is_empty());
}

#[test]
fn kinds_ordinal_does_not_describe_are_left_alone() {
    let mut c = Client::plain();
    let text = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: web-tls\n";
    let out = c.open(URI, text);
    assert_eq!(published(&out, URI), Some(Vec::new()), "no finding on a kind ordinal does not describe");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(5, 4)}));
    assert!(h["contents"]["value"].as_str().unwrap().contains("a kind ordinal does not describe"), "{h}");
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(symbols[0]["name"], "Certificate web");
}
