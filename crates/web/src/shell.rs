//! The page's shell (ARCHITECTURE.md, "The first load"): `make dist` writes into `index.html`
//! a copy of what a new visitor's first view shows (the guide's manifest, the explanation of
//! its first field, the findings), taken from the built page itself by `scripts/prerender.mjs`.
//! The browser paints it as soon as the HTML and the style sheet have arrived, long before the
//! first module's WebAssembly has; it cannot be used (`inert`), only read.
//!
//! `shell.js`, run before the body is parsed, shows it only where it is what the app will
//! show: no text saved in this browser and no share link in the address. When it shows, the
//! app mounts out of sight ([`mount_root`]), runs its first analysis in a task of its own
//! rather than inside the first render, and takes the shell's place once that analysis is
//! drawn ([`reveal`]), in one frame: nothing moves, nothing flashes. Without a shell (a
//! returning visitor, `trunk serve`) the app mounts on `<body>` as it always did.

use wasm_bindgen::JsCast;

/// The shell's element id, and the attribute `shell.js` puts on `<html>` when it is shown.
const SHELL_ID: &str = "shell";
const SHOWN: &str = "data-shell";
/// The attribute shell.js puts on `<html>` once the shell's editor is typed into or scrolled.
const TYPED: &str = "data-shell-typed";
/// The app's editor, and the shell's copy of it.
const APP_EDITOR: &str = "editor";
const SHELL_EDITOR: &str = "shell-editor";
/// The attribute of the app's root while it mounts out of sight (style.css).
const MOUNTING: &str = "data-mounting";

fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// Whether the shell is on screen, so the app must mount out of sight and take its place.
pub fn showing() -> bool {
    let document = document();
    document.get_element_by_id(SHELL_ID).is_some() && document.document_element().is_some_and(|html| html.has_attribute(SHOWN))
}

/// Where the first module's app mounts: a root out of sight when the shell shows (laid out, so
/// the editor measures its lines as usual, but neither painted nor focusable), else `<body>`.
pub fn mount_root() -> web_sys::Element {
    let document = document();
    let body: web_sys::Element = document.body().expect("the page has a <body>").unchecked_into();
    if !showing() {
        discard();
        return body;
    }
    match document.create_element("div") {
        Ok(root) => {
            root.set_class_name("app-root");
            let _ = root.set_attribute(MOUNTING, "");
            let _ = body.append_child(&root);
            root
        }
        Err(_) => {
            discard();
            body
        }
    }
}

/// The app is drawn: the shell goes and the app shows in its place, in the same frame, with
/// what was typed into the shell's editor in the app's ([`Typed`]). Does nothing when there is
/// no shell (or it has gone already).
pub fn reveal() {
    let document = document();
    let typed = Typed::read(&document);
    discard();
    if let Ok(Some(root)) = document.query_selector(&format!("[{MOUNTING}]")) {
        let _ = root.remove_attribute(MOUNTING);
    }
    if let Some(typed) = typed {
        typed.hand_over(&document);
    }
}

/// The shell's editor takes keys from the first paint (scripts/prerender.mjs makes inert all of
/// the shell but it): what it holds when the app takes over, once typed into or scrolled
/// (shell.js sets [`TYPED`] on `<html>`).
struct Typed {
    text: String,
    selection: (u32, u32),
    focused: bool,
    scroll: (i32, i32),
}

impl Typed {
    fn read(document: &web_sys::Document) -> Option<Typed> {
        if !document.document_element()?.has_attribute(TYPED) {
            return None;
        }
        let el: web_sys::HtmlTextAreaElement = document.get_element_by_id(SHELL_EDITOR)?.dyn_into().ok()?;
        let start = el.selection_start().ok().flatten().unwrap_or(0);
        let focused = document.active_element().is_some_and(|a| a.id() == SHELL_EDITOR);
        Some(Typed { text: el.value(), selection: (start, el.selection_end().ok().flatten().unwrap_or(start)), focused, scroll: (el.scroll_top(), el.scroll_left()) })
    }

    /// Puts the text, as typed, into the app's editor (the page follows through the path typing
    /// takes), with the caret, the focus and the scroll where they were.
    fn hand_over(self, document: &web_sys::Document) {
        let Some(el) = document.get_element_by_id(APP_EDITOR).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
        if el.value() != self.text {
            crate::dom::set_value(&el, &self.text);
        }
        let _ = el.set_selection_range(self.selection.0, self.selection.1);
        if self.focused {
            let _ = el.focus();
        }
        el.set_scroll_top(self.scroll.0);
        el.set_scroll_left(self.scroll.1);
    }
}

/// Removes the shell, shown or not (the second module, a share link, a panic).
pub fn discard() {
    let document = document();
    if let Some(shell) = document.get_element_by_id(SHELL_ID) {
        shell.remove();
    }
    if let Some(html) = document.document_element() {
        let _ = html.remove_attribute(SHOWN);
        let _ = html.remove_attribute(TYPED);
    }
}

/// A task of its own for the start behind the shell, queued as a message to the page: unlike
/// `setTimeout(0)`, which browsers hold back at least 4 ms once five are nested (the start
/// chains about twenty: mount, editor, each slice of the first analysis, its drawing), it runs
/// as soon as the tasks queued before it have. Dropped before it runs, it does not run.
pub struct Task {
    queued: Queued,
    _run: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

enum Queued {
    Message(web_sys::MessageChannel),
    Timer(i32),
    Not,
}

impl Task {
    /// Queues `run`. Where a message channel cannot be made, a timer stands in.
    pub fn new(run: impl FnOnce() + 'static) -> Task {
        let mut once = Some(run);
        let run = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(run) = once.take() {
                run();
            }
        });
        let queued = match web_sys::MessageChannel::new() {
            Ok(channel) => {
                channel.port1().set_onmessage(Some(run.as_ref().unchecked_ref()));
                let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
                Queued::Message(channel)
            }
            Err(_) => gloo::utils::window().set_timeout_with_callback(run.as_ref().unchecked_ref()).map_or(Queued::Not, Queued::Timer),
        };
        Task { queued, _run: run }
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        match &self.queued {
            Queued::Message(channel) => {
                channel.port1().set_onmessage(None);
                channel.port1().close();
            }
            Queued::Timer(id) => gloo::utils::window().clear_timeout_with_handle(*id),
            Queued::Not => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// shell.js, style.css and scripts/prerender.mjs name what this module names.
    #[test]
    fn the_scripts_and_the_style_sheet_agree() {
        let script = include_str!("../shell.js");
        assert!(script.contains(&format!("\"{}\"", crate::storage::TEXT_KEY)), "shell.js must look for the saved text under storage::TEXT_KEY");
        assert!(script.contains(&format!("setAttribute(\"{SHOWN}\"")), "shell.js must set {SHOWN}");
        let css = include_str!("../assets/style.css");
        assert!(css.contains(&format!("[{SHOWN}] .{SHELL_ID} {{")), "style.css must show the shell under [{SHOWN}]");
        assert!(css.contains(&format!(".app-root[{MOUNTING}] {{")), "style.css must hide the mounting root");
        let prerender = include_str!("../../../scripts/prerender.mjs");
        assert!(prerender.contains(&format!("<div id=\"{SHELL_ID}\" class=\"{SHELL_ID}\">")), "prerender.mjs must write the shell's element");
        assert!(prerender.contains(&format!("textarea#{APP_EDITOR}")), "prerender.mjs must leave the editor alone not inert");
        assert_eq!(SHELL_EDITOR, format!("shell-{APP_EDITOR}"), "prerender.mjs prefixes ids with shell-");
        assert!(script.contains(&format!("e.target.id === \"{SHELL_EDITOR}\" && html.setAttribute(\"{TYPED}\"")), "shell.js must mark the shell's editor typed into");
        assert!(css.contains(&format!("[{TYPED}] .{SHELL_ID} .editor-input {{")), "style.css must show the typed text");
        let boot = include_str!("../../../scripts/postprocess-dist.mjs");
        assert!(boot.contains(&format!("hasAttribute(\"{SHOWN}\")")), "the bootstrap must wait for the shell's paint");
    }
}
