//! The first module's side (ARCHITECTURE.md, "The first load"): the editor, the explanation,
//! the problems and the concepts are all there; the tabs beyond them load the page's second
//! module when first opened. The second module then takes the page over: it asks this one for
//! what the page shows ([`hand_over`], through `window.wasmBindings`), this app unmounts, and
//! the whole page mounts in its place with the same text, caret and tab.
//!
//! The loading itself is `window.ordinalLoadLab()` (`crates/web/lab-loader.js`): a dynamic
//! `import()` of the second module's script named by a `<link data-ordinal-lab>` in
//! `index.html`. The service worker precaches those files with the rest, so it works offline.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::app::{App, EditorLink, PanelContext, Shown, Side};
use crate::dom::describe;
use crate::handoff::Handoff;

/// The first module's side.
pub struct Loader;

/// Where the second module's loading stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not asked for yet.
    Idle,
    /// Being fetched and compiled.
    Loading,
    /// It could not be loaded, and why.
    Failed(String),
}

/// What the side keeps.
#[derive(Clone)]
pub struct LoaderState {
    status: UseStateHandle<Status>,
    text: Rc<str>,
}

thread_local! {
    /// The mounted app, to unmount when the second module takes over.
    static APP: RefCell<Option<yew::AppHandle<App<Loader>>>> = const { RefCell::new(None) };
    /// What the page shows now, and a consequence asked for.
    static SHOWN: RefCell<Option<(Shown, Option<String>)>> = const { RefCell::new(None) };
    /// The focus to put back after a hand-over.
    static FOCUS: RefCell<Option<Focus>> = const { RefCell::new(None) };
}

/// Mounts the first module's page (out of sight while the shell shows, [`crate::shell`]), or,
/// when the address holds a share link (which may open a lesson and a lab), loads the second
/// module straight away.
pub fn start() {
    let shared = gloo::utils::window().location().hash().is_ok_and(|h| h.starts_with(crate::teach::share::PREFIX));
    if shared {
        wasm_bindgen_futures::spawn_local(async {
            if let Err(why) = load().await {
                show_failure(&why);
            }
        });
        return;
    }
    if crate::shell::showing() {
        // behind the shell, in a task of its own after the instantiation's
        std::mem::forget(crate::shell::Task::new(mount));
    } else {
        mount();
    }
}

fn mount() {
    let handle = yew::Renderer::<App<Loader>>::with_root(crate::shell::mount_root()).render();
    APP.with(|a| *a.borrow_mut() = Some(handle));
}

/// Called by the second module: what the page shows, encoded ([`Handoff::encode`]); the
/// first module's app is unmounted. `None` when nothing is mounted.
pub fn hand_over() -> Option<String> {
    let app = APP.with(|a| a.borrow_mut().take())?;
    let handoff = SHOWN.with(|s| {
        s.borrow_mut().take().map(|(shown, consequence)| Handoff {
            text: shown.text.to_string(),
            cursor: shown.cursor,
            tab: shown.tab,
            concept: shown.concept,
            consequence,
        })
    });
    app.destroy();
    handoff.map(|h| h.encode())
}

/// What the browser holds outside the app's state when the first module's page is replaced:
/// the element with the focus (by id: the second module's page has the same ids) and the
/// editor's selection and scroll, put back once the second module's page is drawn.
pub struct Focus {
    active: Option<String>,
    editor: Option<(u32, u32, i32)>,
}

impl Focus {
    /// Reads it from the page as it is.
    pub fn of_page() -> Focus {
        let document = gloo::utils::document();
        let active = document.active_element().map(|e| e.id()).filter(|id| !id.is_empty());
        let editor = document.get_element_by_id("editor").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).map(|el| {
            let start = el.selection_start().ok().flatten().unwrap_or(0);
            (start, el.selection_end().ok().flatten().unwrap_or(start), el.scroll_top())
        });
        Focus { active, editor }
    }

    /// Keeps it to put back once the page now mounting is drawn ([`restore_focus`]).
    pub fn keep(self) {
        FOCUS.with(|f| *f.borrow_mut() = Some(self));
    }
}

/// Focuses the element that had the focus, if the page now mounted has it: called in the
/// microtask after the app's first render (Yew renders in a microtask, its effects later), so
/// that no key typed meanwhile lands on the body. [`restore_focus`] does the rest.
pub fn focus_now() {
    let id = FOCUS.with(|f| f.borrow().as_ref().and_then(|f| f.active.clone()));
    if let Some(el) = id.and_then(|id| gloo::utils::document().get_element_by_id(&id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Puts back the focus and the editor's selection and scroll kept by [`Focus::keep`], once:
/// the app calls it after its first render, when its editor has set its own caret (a child's
/// effects run before its parent's).
pub fn restore_focus() {
    let Some(focus) = FOCUS.with(|f| f.borrow_mut().take()) else { return };
    let document = gloo::utils::document();
    if let (Some((start, end, top)), Some(el)) = (focus.editor, document.get_element_by_id("editor").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())) {
        let _ = el.set_selection_range(start, end);
        el.set_scroll_top(top);
    }
    if let Some(el) = focus.active.and_then(|id| document.get_element_by_id(&id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Loads the second module; it mounts itself.
async fn load() -> Result<(), String> {
    let window = gloo::utils::window();
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str("ordinalLoadLab"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("this page has no loader for the simulator (lab-loader.js did not run)")?;
    let promise = loader.call0(&window).map_err(describe)?;
    let promise = promise.dyn_into::<js_sys::Promise>().map_err(|_| "the loader did not return a promise".to_owned())?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(describe)
}

/// A share link could not be opened because the second module did not load: the page says so
/// (the first module mounted nothing).
fn show_failure(why: &str) {
    let document = gloo::utils::document();
    if let (Some(body), Ok(p)) = (document.body(), document.create_element("p")) {
        p.set_class_name("boot-failure");
        p.set_attribute("role", "alert").ok();
        p.set_text_content(Some(&format!("This shared link needs the simulator, which could not be loaded ({why}). Check the connection and reload the page.")));
        body.append_child(&p).ok();
    }
}

#[hook]
fn use_loader(link: EditorLink) -> LoaderState {
    let status = use_state_eq(|| Status::Idle);
    LoaderState { status, text: link.text }
}

/// The words for a tab while it loads.
fn what_loads(tab: &str) -> &'static str {
    match tab {
        "lessons" => "the lessons",
        "checklist" => "the production checklist",
        "compare" => "the comparison",
        _ => "the cluster simulator",
    }
}

impl Side for Loader {
    type State = LoaderState;

    fn use_side(link: EditorLink) -> impl yew::functional::Hook<Output = LoaderState> {
        use_loader(link)
    }

    fn root_classes(_: &LoaderState, _: &str) -> Classes {
        Classes::new()
    }

    fn header(state: &LoaderState) -> Html {
        let text = state.text.clone();
        let link = Callback::from(move |()| {
            let base = gloo::utils::window().location().href().map_err(|_| "the page's address cannot be read".to_owned())?;
            crate::teach::share::text_link(&base, &text)
        });
        html! { <crate::components::ShareButton covers="this text" {link} /> }
    }

    fn layer(_: &LoaderState) -> Html {
        html! {}
    }

    fn panel(state: &LoaderState, tab: &'static str, _: PanelContext) -> Html {
        html! { <Loading {tab} status={state.status.clone()} /> }
    }

    fn play(_: &LoaderState, consequence: &'static str, show_tab: &Callback<&'static str>) {
        SHOWN.with(|s| {
            if let Some((_, c)) = s.borrow_mut().as_mut() {
                *c = Some(consequence.to_owned());
            }
        });
        show_tab.emit("cluster");
    }

    fn shown(_: &LoaderState, page: Shown) {
        SHOWN.with(|s| {
            let mut s = s.borrow_mut();
            let consequence = s.as_mut().and_then(|(_, c)| c.take());
            *s = Some((page, consequence));
        });
    }
}

#[derive(Properties, PartialEq)]
struct LoadingProps {
    tab: &'static str,
    status: UseStateHandle<Status>,
}

/// The panel of a tab of the second module while it loads: it starts the loading when first
/// shown, and offers to try again when it failed.
#[function_component]
fn Loading(props: &LoadingProps) -> Html {
    let start = {
        let status = props.status.clone();
        Callback::from(move |()| {
            status.set(Status::Loading);
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = load().await {
                    status.set(Status::Failed(why));
                }
            });
        })
    };
    {
        let (status, start) = (props.status.clone(), start.clone());
        use_effect_with((), move |_| {
            if *status == Status::Idle {
                start.emit(());
            }
        });
    }
    let what = what_loads(props.tab);
    match &*props.status {
        Status::Failed(why) => {
            let onclick = Callback::from(move |_: MouseEvent| start.emit(()));
            html! {
                <div class="lab-loading lab-loading-failed" role="alert" data-testid="lab-failed">
                    <p>{ format!("{} could not be loaded: {why}.", crate::text::capitalise(what)) }</p>
                    <p>{ "The editor and its explanations keep working. Once the page has been opened online, everything works offline too." }</p>
                    <button type="button" class="btn" {onclick}>{ "Try again" }</button>
                </div>
            }
        }
        _ => html! {
            <div class="lab-loading" role="status" data-testid="lab-loading">
                <span class="lab-loading-spinner" aria-hidden="true"></span>
                { format!("Loading {what}…") }
            </div>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_beyond_the_editor_s_says_what_loads() {
        let beyond: Vec<_> = crate::app::side_tabs(0).into_iter().map(|t| t.id).filter(|t| !["explain", "problems", "concepts"].contains(t)).collect();
        assert_eq!(beyond, ["cluster", "compare", "lessons", "checklist"]);
        for t in beyond {
            assert!(what_loads(t).starts_with("the "), "{t}");
        }
        assert_eq!(crate::text::capitalise(what_loads("lessons")), "The lessons");
    }
}
