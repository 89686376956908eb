//! When the app panics: keep the user's text and say what happened.
//!
//! A panic in WebAssembly ends the app: nothing of it runs afterwards. The hook therefore does
//! everything at once, with plain DOM calls: it copies the editor's current text (read from the
//! `<textarea>`, which is newer than the last autosave by at most one keystroke) to
//! `localStorage`, and puts a banner on the page with a link that reloads it. The page reopens
//! on the saved text.
//!
//! Testing it: open the page with `?panic-test` in the URL; the footer then shows a "Trigger a
//! test panic" button (the e2e suite clicks it).

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use crate::storage;

/// The query flag that shows the test-panic button.
pub const TEST_FLAG: &str = "panic-test";

/// Installs the hook. Call once, before the app starts (Yew's renderer would otherwise put
/// its own, which only logs).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let saved = rescue_text();
        gloo::console::error!(format!("ordinal stopped: {info}"));
        show_banner(saved);
        // an app that stopped before it was drawn shows what it has, with the banner
        crate::shell::reveal();
    }));
}

/// Copies the editor's text to storage; returns whether it was saved.
fn rescue_text() -> bool {
    let Some(el) = gloo::utils::document().get_element_by_id("editor") else { return false };
    let Ok(el) = el.dyn_into::<HtmlTextAreaElement>() else { return false };
    let text = el.value();
    storage::save_rescued(&text);
    storage::save_text(&text)
}

fn show_banner(saved: bool) {
    let document = gloo::utils::document();
    if document.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else { return };
    banner.set_id("panic-banner");
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let what = if saved {
        "Your text is saved in this browser and comes back when you reload."
    } else {
        "Autosave is unavailable in this browser: copy your text from the editor before you reload."
    };
    let Ok(title) = document.create_element("strong") else { return };
    title.set_text_content(Some("ordinal stopped because of an internal error. "));
    let Ok(body) = document.create_element("span") else { return };
    body.set_text_content(Some(what));
    let Ok(link) = document.create_element("a") else { return };
    // the page's own address without the query (which may hold the test flag)
    let href = gloo::utils::window().location().pathname().unwrap_or_else(|_| "./".into());
    let _ = link.set_attribute("href", &href);
    link.set_class_name("panic-reload");
    link.set_text_content(Some("Reload"));
    let _ = banner.append_child(&title);
    let _ = banner.append_child(&body);
    let _ = banner.append_child(&link);
    if let Some(body) = document.body() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
}

/// Whether the URL asks for the test-panic button.
pub fn test_requested() -> bool {
    gloo::utils::window()
        .location()
        .search()
        .map(|s| s.trim_start_matches('?').split('&').any(|p| p == TEST_FLAG))
        .unwrap_or(false)
}
