//! Presenter mode: large type for a 1280×720 projector, the keyboard to move through the
//! steps (→ or Page Down for the next, ← or Page Up for the one before), `p` for a spotlight
//! that follows the pointer, `h` to hide the editor, `f` for full screen and Esc to leave.
//! Keys typed into the editor or the terminal are left alone, except a clicker's Page Down and
//! Page Up in the terminal's one-line prompt, and the arrows while that prompt is empty. Space and Enter never move a lesson on: they
//! press the button that has the focus, as everywhere.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent, MouseEvent};
use yew::prelude::*;

use super::{Teach, TeachAction, TeachState};

/// The presenter layer's properties.
#[derive(Properties, PartialEq)]
pub struct PresenterLayerProps {
    /// The teaching handle.
    pub teach: Teach,
}

/// What a key does in presenter mode, if anything.
pub fn key_action(key: &str) -> Option<TeachAction> {
    Some(match key {
        "ArrowRight" | "PageDown" => TeachAction::Next,
        "ArrowLeft" | "PageUp" => TeachAction::Prev,
        "p" | "P" => TeachAction::TogglePointer,
        "h" | "H" => TeachAction::ToggleSolo,
        "Escape" => TeachAction::Presenter(false),
        _ => return None,
    })
}

fn typing_into_a_field(e: &KeyboardEvent) -> bool {
    e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()).is_some_and(|el| {
        let tag = el.tag_name();
        // in the terminal's one-line prompt a clicker's keys still turn the page, and so do the
        // arrows while nothing is typed (a step that asks for a command puts the focus there)
        let empty = el.dyn_ref::<web_sys::HtmlInputElement>().is_some_and(|i| i.value().is_empty());
        let turns = match e.key().as_str() {
            "PageDown" | "PageUp" => tag == "INPUT",
            "ArrowRight" | "ArrowLeft" => tag == "INPUT" && empty,
            _ => false,
        };
        !turns && (tag == "TEXTAREA" || tag == "INPUT" || tag == "SELECT" || el.is_content_editable())
    })
}

/// The keyboard handler, the spotlight and the key legend of presenter mode.
#[function_component]
pub fn PresenterLayer(props: &PresenterLayerProps) -> Html {
    let teach = props.teach.clone();
    let on = teach.state.presenter;
    let spot = use_node_ref();

    // keys, while presenting
    {
        let teach = teach.clone();
        use_effect_with(on, move |on| {
            let listener = on.then(|| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if typing_into_a_field(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    if e.key() == "f" || e.key() == "F" {
                        let doc = gloo::utils::document();
                        if doc.fullscreen_element().is_some() {
                            doc.exit_fullscreen();
                        } else if let Some(root) = doc.document_element() {
                            let _ = root.request_fullscreen();
                        }
                        return;
                    }
                    let Some(action) = key_action(&e.key()) else { return };
                    e.prevent_default();
                    // crossing into another lesson sets up its text and lab
                    let s = &*teach.state;
                    match (&action, s.lesson) {
                        // from a lesson's summary, on to the next lesson
                        (TeachAction::Next, Some(l)) if s.summary => {
                            if l + 1 < TeachState::loaded_index() {
                                teach.open(l + 1, 0);
                            }
                        }
                        (TeachAction::Prev, Some(l)) if s.step == 0 && TeachState::follows_a_lesson(l) && !s.summary => {
                            teach.open(l - 1, ordinal_core::lessons::lessons()[l - 1].steps.len() - 1);
                        }
                        _ => teach.dispatch(action),
                    }
                })
            });
            move || drop(listener)
        });
    }
    // the editor measures its lines on resize: tell it the type size changed
    use_effect_with((on, teach.state.solo), |_| {
        if let Ok(e) = web_sys::Event::new("resize") {
            let _ = gloo::utils::window().dispatch_event(&e);
        }
    });
    // the spotlight follows the pointer
    {
        let spot = spot.clone();
        let pointer = on && teach.state.pointer;
        use_effect_with(pointer, move |pointer| {
            let listener = pointer.then(|| {
                EventListener::new(&gloo::utils::document(), "mousemove", move |e| {
                    let (Some(e), Some(el)) = (e.dyn_ref::<MouseEvent>(), spot.cast::<HtmlElement>()) else { return };
                    let style = el.style();
                    let _ = style.set_property("--spot-x", &format!("{}px", e.client_x()));
                    let _ = style.set_property("--spot-y", &format!("{}px", e.client_y()));
                })
            });
            move || drop(listener)
        });
    }
    if !on {
        return html! {};
    }
    html! {
        <>
            if teach.state.pointer {
                <div ref={spot} class="presenter-spotlight" aria-hidden="true" data-testid="spotlight"></div>
            }
            <p class="presenter-keys" aria-label="Presenter keys">
                <kbd>{ "→" }</kbd>{ " next " }<kbd>{ "←" }</kbd>{ " back " }<kbd>{ "P" }</kbd>{ " pointer " }<kbd>{ "H" }</kbd>{ " editor " }<kbd>{ "F" }</kbd>{ " full screen " }<kbd>{ "Esc" }</kbd>{ " exit" }
            </p>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_presenter_keys() {
        assert_eq!(key_action("ArrowRight"), Some(TeachAction::Next));
        assert_eq!(key_action("PageDown"), Some(TeachAction::Next));
        assert_eq!(key_action(" "), None, "space presses the focused button, never Next");
        assert_eq!(key_action("Enter"), None);
        assert_eq!(key_action("ArrowLeft"), Some(TeachAction::Prev));
        assert_eq!(key_action("p"), Some(TeachAction::TogglePointer));
        assert_eq!(key_action("h"), Some(TeachAction::ToggleSolo));
        assert_eq!(key_action("Escape"), Some(TeachAction::Presenter(false)));
        assert_eq!(key_action("x"), None);
    }
}
