//! The LSP base protocol on a byte stream: `Content-Length: N` headers, a blank line, then N
//! bytes of JSON-RPC (LSP 3.17, "Base Protocol").
//!
//! `lsp-server`'s own stdio transport ends its reader thread at the first malformed message,
//! which ends the server; this reader answers what it cannot read and goes on: a body that is
//! not JSON gets JSON-RPC's `-32700 Parse error`, JSON that is not a request, response or
//! notification gets `-32600 Invalid Request` (with its `id` when it has one, else `null`, as
//! JSON-RPC 2.0 §5 asks). Header lines are read at most [`MAX_HEADER_LINE`] bytes at a time and
//! bodies longer than [`MAX_BODY`] are skipped unread, so no input makes it hold more than that.

use lsp_server::{ErrorCode, Message, Response};
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};

/// The longest body read (longer ones are skipped and answered with an error): far above the
/// 2 MiB that the core reads of a document (docs/limits.md), with JSON escaping.
pub const MAX_BODY: usize = 64 << 20;
/// The longest header line kept; the rest of a longer line is skipped.
pub const MAX_HEADER_LINE: u64 = 4096;

/// What one frame of the stream holds.
#[derive(Debug)]
pub enum Frame {
    /// A request, response or notification.
    Message(Message),
    /// JSON that is no message but has an `id`: the error response to send.
    Invalid(Message),
    /// Something unreadable: the error response to send, as JSON text (its `id` is `null`,
    /// which `lsp_server::Response` cannot hold).
    Unreadable(String),
}

fn unreadable(code: ErrorCode, message: &str) -> Frame {
    Frame::Unreadable(json!({"jsonrpc": "2.0", "id": null, "error": {"code": code as i32, "message": message}}).to_string())
}

/// Reads the next frame; `None` at the end of the input.
pub fn read(r: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut bad_length = false;
    let mut headers = 0usize;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = (&mut *r).take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") && n as u64 == MAX_HEADER_LINE {
            // an overlong line: skip to its end
            let mut skipped = Vec::new();
            loop {
                skipped.clear();
                let m = (&mut *r).take(MAX_HEADER_LINE).read_until(b'\n', &mut skipped)?;
                if m == 0 || skipped.ends_with(b"\n") {
                    break;
                }
            }
            // an unknown header as far as this reader is concerned
            headers += 1;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                // blank lines between messages
                continue;
            }
            break;
        }
        headers += 1;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                match value.trim().parse::<usize>() {
                    Ok(v) => length = Some(v),
                    Err(_) => bad_length = true,
                }
            }
        }
    }
    let Some(length) = length.filter(|_| !bad_length) else {
        return Ok(Some(unreadable(ErrorCode::ParseError, "no valid Content-Length header")));
    };
    if length > MAX_BODY {
        let skipped = io::copy(&mut (&mut *r).take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(unreadable(ErrorCode::ParseError, &format!("a message of {length} bytes is longer than ordinal reads ({MAX_BODY})"))));
    }
    let mut body = vec![0u8; length];
    if let Err(e) = r.read_exact(&mut body) {
        return if e.kind() == io::ErrorKind::UnexpectedEof { Ok(None) } else { Err(e) };
    }
    Ok(Some(decode(&body)))
}

/// A frame from the body of one message.
pub fn decode(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return unreadable(ErrorCode::ParseError, &format!("not JSON: {e}")),
    };
    let id = value.get("id").cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Frame::Message(m),
        Err(e) => {
            let message = format!("not a JSON-RPC request, response or notification: {e}");
            match id.and_then(|id| serde_json::from_value::<lsp_server::RequestId>(id).ok()) {
                Some(id) => Frame::Invalid(Response::new_err(id, ErrorCode::InvalidRequest as i32, message).into()),
                None => unreadable(ErrorCode::InvalidRequest, &message),
            }
        }
    }
}

/// Writes one message to standard output.
pub fn write(m: &Message) -> io::Result<()> {
    m.write(&mut io::stdout().lock())
}

/// Writes one framed JSON text to standard output.
pub fn write_raw(json: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write!(out, "Content-Length: {}\r\n\r\n{json}", json.len())?;
    out.flush()
}
