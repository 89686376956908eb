//! Autosave: the editor's text in the browser's `localStorage`.
//!
//! The only module that touches storage. Failures (storage disabled, quota full) are returned,
//! never panicked on: the page keeps working and tells the user that autosave is off.

use gloo::storage::{LocalStorage, Storage};

/// The `localStorage` key under which the editor's text is kept.
pub const TEXT_KEY: &str = "ordinal.editor.text";

/// The key of the text an example replaced, for "Restore previous text".
pub const PREVIOUS_KEY: &str = "ordinal.editor.previous";

/// The key where the panic handler copies the text it rescued (besides [`TEXT_KEY`]).
pub const RESCUE_KEY: &str = "ordinal.editor.rescued";

/// The saved text, if there is one.
pub fn load_text() -> Option<String> {
    LocalStorage::get::<String>(TEXT_KEY).ok()
}

/// Saves the text; returns whether it was saved.
pub fn save_text(text: &str) -> bool {
    LocalStorage::set(TEXT_KEY, text).is_ok()
}

/// The text an example replaced, if any.
pub fn load_previous() -> Option<String> {
    LocalStorage::get::<String>(PREVIOUS_KEY).ok()
}

/// Keeps the text an example is about to replace; returns whether it was kept.
pub fn save_previous(text: &str) -> bool {
    LocalStorage::set(PREVIOUS_KEY, text).is_ok()
}

/// Keeps a copy of the text the panic handler rescued.
pub fn save_rescued(text: &str) -> bool {
    LocalStorage::set(RESCUE_KEY, text).is_ok()
}
