//! `ordinal lsp` as a process: the stdio loop, its framing and its exit status.

use std::io::Write;
use std::process::{Command, Stdio};

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// Runs `ordinal lsp` with this input; returns (exit code, stdout).
fn session(input: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal")).args(["lsp", "--stdio"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_session_over_stdio() {
    let text = include_str!("lsp/fixture.yaml");
    let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///w/db.yaml", "languageId": "yaml", "version": 1, "text": text}}});
    let input = [
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        frame("{not json"),
        frame(&open.to_string()),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let (code, out) = session(&input);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(r#""positionEncoding":"utf-16""#), "{out}");
    assert!(out.contains(r#""id":null"#) && out.contains("-32700"), "{out}");
    assert!(out.contains("textDocument/publishDiagnostics") && out.contains(r#""code":"STS006""#), "{out}");
    assert!(out.contains(r#""id":2,"result":null"#), "{out}");
}

#[test]
fn the_end_of_input_without_exit_is_status_1() {
    let (code, out) = session(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#));
    assert_eq!(code, 1);
    assert!(out.contains(r#""id":1"#));
    assert_eq!(session("").0, 1);
}
