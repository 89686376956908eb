//! Edits and selections in the editor's `<textarea>`, done the way a user's would be.
//!
//! Programmatic edits (Tab, Enter, quick fixes, loading an example) go through
//! `document.execCommand("insertText")`: the browser then records them on the textarea's own
//! undo stack, so Ctrl+Z and Ctrl+Shift+Z undo and redo them like typing, and it fires the
//! usual `input` event, so the page state follows through the one path typing takes. Where
//! the command is unavailable the text is set directly (the edit then cannot be undone) and
//! an `input` event is dispatched by hand. ([`describe`] words a JavaScript error for the
//! page's messages.)

use wasm_bindgen::JsCast;
use web_sys::{Event, EventInit, HtmlDocument, HtmlTextAreaElement};

use crate::text::{byte_of_utf16, utf16_of_byte, Lines};

/// The textarea's selection as byte offsets of its value: (start, end).
pub fn selection_bytes(el: &HtmlTextAreaElement) -> (String, usize, usize) {
    let value = el.value();
    let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = el.selection_end().ok().flatten().unwrap_or(start as u32) as usize;
    let (s, e) = (byte_of_utf16(&value, start), byte_of_utf16(&value, end));
    (value, s.min(e), s.max(e))
}

/// Replaces bytes `start..end` of the textarea's value by `insert` as one undoable step, then
/// selects bytes `select_start..select_end` of the new value.
pub fn replace(el: &HtmlTextAreaElement, start: usize, end: usize, insert: &str, select_start: usize, select_end: usize) {
    let value = el.value();
    let (s16, e16) = (utf16_of_byte(&value, start) as u32, utf16_of_byte(&value, end) as u32);
    let _ = el.focus();
    let _ = el.set_selection_range(s16, e16);
    let document = gloo::utils::document().dyn_into::<HtmlDocument>().ok();
    let command = if insert.is_empty() { "delete" } else { "insertText" };
    let done = (start != end || !insert.is_empty())
        && document.is_some_and(|d| d.exec_command_with_show_ui_and_value(command, false, insert).unwrap_or(false));
    let new_value = format!("{}{}{}", &value[..start.min(value.len())], insert, &value[end.min(value.len())..]);
    if !done || el.value() != new_value {
        set_value(el, &new_value);
    }
    let now = el.value();
    let _ = el.set_selection_range(utf16_of_byte(&now, select_start) as u32, utf16_of_byte(&now, select_end) as u32);
}

/// Sets the text (not undoably) and tells the page, as typing would: an `input` event.
pub fn set_value(el: &HtmlTextAreaElement, text: &str) {
    el.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = Event::new_with_event_init_dict("input", &init) {
        let _ = el.dispatch_event(&event);
    }
}

/// Replaces the whole text (one undoable step) and puts the caret at the start.
pub fn replace_all(el: &HtmlTextAreaElement, text: &str) {
    let len = el.value().len();
    replace(el, 0, len, text, 0, 0);
    el.set_scroll_top(0);
    el.set_scroll_left(0);
}

/// Selects bytes `start..end`, focuses the textarea and scrolls the selection into view (a
/// third of the way down).
pub fn select(el: &HtmlTextAreaElement, start: usize, end: usize, line_height: f64) {
    let value = el.value();
    let _ = el.focus();
    let _ = el.set_selection_range(utf16_of_byte(&value, start) as u32, utf16_of_byte(&value, end) as u32);
    let line = Lines::new(&value).line_of(start) as f64;
    let top = (line * line_height - f64::from(el.client_height()) / 3.0).max(0.0);
    el.set_scroll_top(top as i32);
    // the start of the line in view, horizontally
    if el.scroll_left() > 0 {
        el.set_scroll_left(0);
    }
}

/// What a rejected promise or a thrown JavaScript value says: an `Error`'s message, a string
/// as it is.
pub fn describe(e: wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "an unknown error".to_owned())
}
