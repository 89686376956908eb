//! The `lsp` fuzz target: a whole session of `ordinal lsp` as the bytes a client would write,
//! read by the server's own reader (`ordinal_cli::lsp::transport`) and handled in process.
//!
//! An input is made from a mutated manifest (the YAML targets' seeds): `initialize` with random
//! capabilities and settings, `didOpen`, then a dozen random messages (every request the server
//! answers at random positions, far past the end included; incremental and whole changes with
//! text outside ASCII; a quick fix sent back as a change; settings; unknown methods; frames that
//! are not JSON, not JSON-RPC or cut short), and sometimes `shutdown` and `exit`. What must hold:
//! no panic, every request answered exactly once with a response that serializes, and every
//! diagnostic with a code and a message.

use super::mutate::{generate, Flavor, Rng};
use ordinal_cli::lsp::transport::{self, Frame};
use ordinal_cli::lsp::Server as LspServer;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The longest manifest in a session.
const MAX_YAML: usize = 64 * 1024;

const URIS: &[&str] = &["file:///fuzz/a.yaml", "file:///fuzz/b.yaml", "untitled:Untitled-1"];
const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/codeAction",
    "textDocument/documentHighlight",
    "textDocument/references",
    "textDocument/documentSymbol",
    "textDocument/diagnostic",
];
const PIECES: &[&str] = &["é", "𝄞", "données", "\r\n", "\n", "  ", "- ", ": ", "serviceName: x", "\t", "---\n", "", "\u{feff}", "ReadWriteOnce"];

fn frame(out: &mut String, body: &str) {
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
}

fn position(rng: &mut Rng, lines: usize) -> Value {
    let line = match rng.below(8) {
        0 => rng.next_u64() as u32 as usize,
        1 => lines + rng.below(4),
        _ => rng.below(lines.max(1)),
    };
    let character = match rng.below(8) {
        0 => rng.next_u64() as u32 as usize,
        _ => rng.below(80),
    };
    json!({"line": line, "character": character})
}

fn range(rng: &mut Rng, lines: usize) -> Value {
    json!({"start": position(rng, lines), "end": position(rng, lines)})
}

fn settings(rng: &mut Rng) -> Value {
    let pick = |rng: &mut Rng, items: &[&str]| items[rng.below(items.len())].to_owned();
    let rules = ["ALL", "SEC", "POD001", "selector-mismatch", "NOPE", "", "PDB"];
    let versions = ["1.33", "v1.34", "1.35.4", "2.0", "", "x"];
    let mut s = json!({});
    if rng.one_in(2) {
        s["enable"] = json!([pick(rng, &rules)]);
    }
    if rng.one_in(2) {
        s["disable"] = if rng.one_in(4) { json!(pick(rng, &rules)) } else { json!([pick(rng, &rules), 3]) };
    }
    if rng.one_in(2) {
        s["serverVersion"] = if rng.one_in(5) { json!(135) } else { json!(pick(rng, &versions)) };
    }
    if rng.one_in(6) {
        s["ruleDocsUrl"] = json!(pick(rng, &["https://example.org/rules/", "not a url", ""]));
    }
    if rng.one_in(2) {
        json!({"ordinal": s})
    } else {
        s
    }
}

/// Input number `index` of a run seeded with `seed`: a framed session.
pub fn input(seed: u64, index: u64, seeds: &[String]) -> String {
    let mut rng = Rng::for_input(seed, index);
    let yaml = generate(&mut rng, seeds, Flavor::Yaml, MAX_YAML);
    let lines = yaml.lines().count() + 1;
    let mut out = String::new();
    let mut id = 0;
    let mut next = |out: &mut String, method: &str, params: Value| {
        id += 1;
        frame(out, &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string());
    };
    let mut caps = json!({});
    if rng.one_in(2) {
        caps["general"] = json!({"positionEncodings": ["utf-8", "utf-16"]});
    }
    if rng.one_in(3) {
        caps["textDocument"] = json!({"diagnostic": {}});
        caps["workspace"] = json!({"diagnostic": {"refreshSupport": rng.one_in(2)}});
    }
    if !rng.one_in(20) {
        next(&mut out, "initialize", json!({"capabilities": caps, "initializationOptions": settings(&mut rng)}));
        frame(&mut out, r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    }
    let open = |out: &mut String, uri: &str, text: &str| {
        frame(out, &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}).to_string());
    };
    open(&mut out, URIS[0], &yaml);
    let mut version = 1;
    for _ in 0..1 + rng.below(12) {
        let uri = URIS[if rng.one_in(4) { rng.below(URIS.len()) } else { 0 }];
        let doc = json!({"uri": uri});
        match rng.below(12) {
            0..=4 => {
                let method = METHODS[rng.below(METHODS.len())];
                let params = match method {
                    "textDocument/codeAction" => json!({"textDocument": doc, "range": range(&mut rng, lines), "context": {"diagnostics": [], "only": if rng.one_in(5) { json!(["refactor"]) } else { Value::Null }}}),
                    "textDocument/documentSymbol" | "textDocument/diagnostic" => json!({"textDocument": doc}),
                    "textDocument/references" => json!({"textDocument": doc, "position": position(&mut rng, lines), "context": {"includeDeclaration": rng.one_in(2)}}),
                    _ => json!({"textDocument": doc, "position": position(&mut rng, lines)}),
                };
                next(&mut out, method, params);
            }
            5 | 6 => {
                version += 1;
                let text: String = (0..1 + rng.below(3)).map(|_| PIECES[rng.below(PIECES.len())]).collect();
                let change = if rng.one_in(8) { json!({"text": generate(&mut rng, seeds, Flavor::Yaml, MAX_YAML)}) } else { json!({"range": range(&mut rng, lines), "text": text}) };
                frame(&mut out, &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}).to_string());
            }
            7 => frame(&mut out, &json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings(&mut rng)}}).to_string()),
            8 => match rng.below(3) {
                0 => open(&mut out, uri, &generate(&mut rng, seeds, Flavor::Yaml, MAX_YAML / 4)),
                1 => frame(&mut out, &json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": doc}}).to_string()),
                _ => next(&mut out, "workspace/executeCommand", json!({"command": "x"})),
            },
            9 => {
                // a message cut short, or with a body of the wrong type
                let body = json!({"jsonrpc": "2.0", "id": 9999, "method": METHODS[rng.below(METHODS.len())], "params": {"textDocument": 3, "position": "x"}}).to_string();
                let cut = if rng.one_in(2) { rng.below(body.len()) } else { body.len() };
                frame(&mut out, &body[..cut]);
            }
            10 => out.push_str(["Content-Length: x\r\n\r\n", "\r\n\r\n", "Content-Type: y\r\n\r\n", "garbage\n\r\n"][rng.below(4)]),
            _ => frame(&mut out, &json!({"jsonrpc": "2.0", "id": rng.below(3), "result": null}).to_string()),
        }
    }
    if rng.one_in(2) {
        next(&mut out, "shutdown", Value::Null);
        frame(&mut out, r#"{"jsonrpc":"2.0","method":"exit"}"#);
    }
    out
}

/// Runs a session; checks every request was answered once and every diagnostic has a code.
pub fn run(input: &str) -> Result<(), String> {
    let mut server = LspServer::new();
    let mut reader = std::io::Cursor::new(input.as_bytes());
    let mut pending: BTreeMap<String, u32> = BTreeMap::new();
    let mut fixes: Vec<Value> = Vec::new();
    loop {
        let frame = match transport::read(&mut reader) {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(format!("the reader failed on in-memory input: {e}")),
        };
        let msg = match frame {
            Frame::Message(m) => m,
            Frame::Invalid(reply) => {
                serde_json::to_string(&reply).map_err(|e| e.to_string())?;
                continue;
            }
            Frame::Unreadable(text) => {
                serde_json::from_str::<Value>(&text).map_err(|e| format!("an unreadable frame's answer is not JSON: {e}"))?;
                continue;
            }
        };
        if let lsp_server::Message::Request(r) = &msg {
            *pending.entry(serde_json::to_string(&r.id).unwrap_or_default()).or_default() += 1;
        }
        for reply in server.handle(msg) {
            let value = serde_json::to_value(&reply).map_err(|e| format!("a reply does not serialize: {e}"))?;
            match reply {
                lsp_server::Message::Response(r) => {
                    let key = serde_json::to_string(&r.id).unwrap_or_default();
                    match pending.get_mut(&key) {
                        Some(n) if *n > 0 => *n -= 1,
                        _ => return Err(format!("a response to request {key}, which was not asked (or answered twice)")),
                    }
                    for action in value["result"].as_array().into_iter().flatten() {
                        if let Some(changes) = action["edit"]["changes"].as_object() {
                            fixes.extend(changes.values().cloned());
                        }
                    }
                }
                lsp_server::Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    for d in n.params["diagnostics"].as_array().into_iter().flatten() {
                        if d["code"].as_str().is_none_or(str::is_empty) || d["message"].as_str().is_none_or(|m| m.trim().is_empty()) {
                            return Err(format!("a diagnostic without a code or a message: {d}"));
                        }
                        let (s, e) = (&d["range"]["start"], &d["range"]["end"]);
                        if (s["line"].as_u64(), s["character"].as_u64()) > (e["line"].as_u64(), e["character"].as_u64()) {
                            return Err(format!("a diagnostic range that ends before it starts: {d}"));
                        }
                    }
                }
                _ => {}
            }
        }
        // a quick fix sent back as a change of the first document
        if let Some(edits) = fixes.pop() {
            let changes: Vec<Value> = edits.as_array().into_iter().flatten().rev().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect();
            let params = json!({"textDocument": {"uri": URIS[0], "version": 1000}, "contentChanges": changes});
            server.handle(lsp_server::Notification::new("textDocument/didChange".into(), params).into());
        }
        if server.exit_code().is_some() {
            break;
        }
    }
    if let Some((id, _)) = pending.iter().find(|(_, n)| **n > 0) {
        return Err(format!("request {id} was never answered"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// A short run of the target in `cargo test`, over the same generator as the long runs.
    #[test]
    fn sessions_of_a_fixed_seed() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let seeds = super::super::targets::load_seeds(super::super::targets::Target::Lint, &root.join("../shared"), &root.join("crates/core/tests/scenarios"));
        for index in 0..24 {
            let input = super::input(21, index, &seeds);
            if let Err(e) = super::run(&input) {
                panic!("input {index} of seed 21 ({} bytes): {e}", input.len());
            }
        }
    }
}
