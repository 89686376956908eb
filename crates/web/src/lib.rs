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
//! - [`shell`]: the copy of the first view in `index.html`, and the app taking its place.
//! - [`paste`]: pastes and drops that would make more than ordinal reads are refused.
//! - [`examples`]: the examples menu's manifests.
//! - [`lazy`], [`lab`], [`handoff`]: the page as two modules (ARCHITECTURE.md, "The first
//!   load"): the first has the editor and its panels and loads the second, the whole page,
//!   when a tab beyond them is opened; [`handoff`] is what passes between them.

pub mod analysis;
pub mod cluster;
pub mod compare;
pub mod app;
pub mod components;
pub mod decorate;
pub mod diff;
pub mod dom;
pub mod examples;
pub mod handoff;
pub mod highlight;
pub mod indent;
pub mod lab;
pub mod lazy;
pub mod markdown;
pub mod panic;
pub mod paste;
pub mod shell;
pub mod state;
pub mod storage;
pub mod teach;
pub mod text;
pub mod texts;

/// The first module: installs the panic hook and mounts the editor's page on `<body>` (or
/// loads the second module at once for a share link, [`lazy::start`]).
pub fn start() {
    panic::install();
    lazy::start();
}

/// The second module: installs the panic hook, takes over from the first module (its text,
/// caret and tab, [`handoff`]) if it is mounted, and mounts the whole page on `<body>`.
pub fn start_lab() {
    use wasm_bindgen::{JsCast, JsValue};
    panic::install();
    let focus = lazy::Focus::of_page();
    let window = gloo::utils::window();
    let from_first = js_sys::Reflect::get(&window, &JsValue::from_str("wasmBindings"))
        .ok()
        .filter(|b| b.is_object())
        .and_then(|b| {
            let f = js_sys::Reflect::get(&b, &JsValue::from_str("ordinal_handoff")).ok()?.dyn_into::<js_sys::Function>().ok()?;
            f.call0(&b).ok()?.as_string()
        })
        .and_then(|s| handoff::Handoff::decode(&s));
    let handed_over = from_first.is_some();
    if let Some(h) = from_first {
        handoff::receive(h);
        focus.keep();
    }
    // the texts the first module fetches are compiled into this one
    ordinal_core::library::install_compiled();
    // a share link opens here first, with the shell hidden by shell.js; after a hand-over the
    // first module has taken its place already
    shell::discard();
    yew::Renderer::<app::FullApp>::new().render();
    if handed_over {
        // queued after the render's own microtask
        wasm_bindgen_futures::spawn_local(async { lazy::focus_now() });
    }
}
