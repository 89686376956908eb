//! The root component: owns the state, wires the editor to the explanation pane, and autosaves.

use yew::prelude::*;

use crate::components::{Editor, Explain, Header};
use crate::state::{Action, State};
use crate::storage;

/// The text the page opens on when nothing was saved: the guide's Service and StatefulSet.
pub const DEFAULT_TEXT: &str = ordinal_core::examples::GUIDE;

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        State::new(
            storage::load_text().unwrap_or_else(|| DEFAULT_TEXT.to_owned()),
            0,
        )
    });
    let autosaved = use_state_eq(|| true);

    // Autosave every change of the text.
    {
        let autosaved = autosaved.setter();
        use_effect_with(state.text.clone(), move |text| {
            autosaved.set(storage::save_text(text))
        });
    }

    let dispatcher = state.dispatcher();
    let on_edit = use_callback(
        dispatcher.clone(),
        |(text, cursor_utf16): (String, u32), d| d.dispatch(Action::Edit { text, cursor_utf16 }),
    );
    let on_cursor = use_callback(dispatcher, |cursor: u32, d| {
        d.dispatch(Action::MoveCursor(cursor))
    });

    let save_status = if *autosaved {
        "Saved in this browser"
    } else {
        "Autosave is unavailable in this browser"
    };

    html! {
        <div class="app">
            <Header />
            <main class="workspace">
                <section class="pane pane-editor" aria-label="Editor">
                    <div class="pane-bar">
                        <h2 class="pane-title">{ "Manifest" }</h2>
                        <span class="save-status" data-testid="save-status">{ save_status }</span>
                    </div>
                    <Editor
                        text={AttrValue::from(state.text.clone())}
                        line_count={state.line_count()}
                        error_line={state.error.as_ref().map(|e| e.line)}
                        field_line={state.analysis.field.as_ref().filter(|_| !state.stale).map(|f| f.line)}
                        {on_edit}
                        {on_cursor}
                    />
                </section>
                <aside class="pane pane-explain" aria-label="Explanation">
                    <Explain
                        field={state.analysis.field.clone()}
                        error={state.error.clone()}
                        stale={state.stale}
                        documents={state.analysis.documents.clone()}
                    />
                </aside>
            </main>
        </div>
    }
}
