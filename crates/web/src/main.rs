//! The page's first module; trunk builds this binary to WebAssembly. It holds the editor and
//! its panels, and loads the second module (`lab_main.rs`) when a tab beyond them is opened.

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    ordinal_web::start();
}

/// What the page shows, for the second module as it takes over (`ordinal_web::lazy`); this
/// module's app unmounts.
#[wasm_bindgen]
pub fn ordinal_handoff() -> Option<String> {
    ordinal_web::lazy::hand_over()
}
