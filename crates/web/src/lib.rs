//! `ordinal-web`: the ordinal page, a Yew (csr) app compiled to WebAssembly and built by trunk.
//!
//! - [`state`]: the page state and its reducer; plain data over `ordinal-core`, no browser API.
//! - [`components`]: function components that render state and emit callbacks.
//! - [`app`]: the root component; it owns the reducer and the effects.
//! - [`storage`]: autosave in `localStorage`, the only browser storage access.

pub mod app;
pub mod components;
pub mod state;
pub mod storage;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
