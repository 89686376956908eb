//! Autosave: the editor's text in the browser's `localStorage`.
//!
//! The only module that touches storage. Failures (storage disabled, quota full) are returned,
//! never panicked on: the page keeps working and tells the user that autosave is off.

use gloo::storage::{LocalStorage, Storage};

/// The `localStorage` key under which the editor's text is kept.
pub const TEXT_KEY: &str = "ordinal.editor.text";

/// The saved text, if there is one.
pub fn load_text() -> Option<String> {
    LocalStorage::get::<String>(TEXT_KEY).ok()
}

/// Saves the text; returns whether it was saved.
pub fn save_text(text: &str) -> bool {
    LocalStorage::set(TEXT_KEY, text).is_ok()
}
