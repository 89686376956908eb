//! `ordinal-web`: the ordinal page, a Yew (csr) app compiled to WebAssembly and built by trunk.
//!
//! - [`state`]: the page state and its reducer; plain data over `ordinal-core`, no browser API.
//! - [`analysis`]: one analysis of the text (parse, findings) and what the panel shows for a
//!   position.
//! - [`text`], [`highlight`], [`decorate`], [`indent`], [`diff`], [`markdown`]: the editor's
//!   and the panels' pure parts (positions, YAML highlighting, squiggles, indentation, fix
//!   previews, content rendering).
//! - [`components`]: function components that render state and emit callbacks.
//! - [`app`]: the root component; it owns the reducer and the effects.
//! - [`dom`]: edits and selections in the editor's textarea (undoable, like typing).
//! - [`storage`]: autosave in `localStorage`, the only browser storage access.
//! - [`panic`]: the panic hook that rescues the text and shows a banner.
//! - [`paste`]: pastes and drops that would make more than ordinal reads are refused.
//! - [`examples`]: the examples menu's manifests.

pub mod analysis;
pub mod cluster;
pub mod compare;
pub mod app;
pub mod components;
pub mod decorate;
pub mod diff;
pub mod dom;
pub mod examples;
pub mod highlight;
pub mod indent;
pub mod markdown;
pub mod panic;
pub mod paste;
pub mod state;
pub mod storage;
pub mod teach;
pub mod text;

/// Installs the panic hook and mounts the app on the page's `<body>`.
pub fn start() {
    panic::install();
    yew::Renderer::<app::App>::new().render();
}
