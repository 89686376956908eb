//! The examples menu: load the guide's example, a broken variation or a real manifest. It
//! asks before replacing text the user has edited; the replaced text stays one Ctrl+Z away,
//! and the page offers to restore it.

use yew::prelude::*;

use crate::examples::{self, Example, Group};

/// The menu's properties.
#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    /// Whether the editor holds text that no example has (so loading one asks first).
    pub edited: bool,
    /// Called with the example to load.
    pub on_load: Callback<Example>,
}

/// The examples menu.
#[function_component]
pub fn ExamplesMenu(props: &ExamplesMenuProps) -> Html {
    let open = use_state(|| false);
    let confirming = use_state(|| None::<Example>);
    let confirm_button = use_node_ref();
    let summary = use_node_ref();

    {
        let confirm_button = confirm_button.clone();
        use_effect_with(confirming.is_some(), move |shown| {
            if *shown {
                if let Some(b) = confirm_button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }

    let close = {
        let open = open.clone();
        let confirming = confirming.clone();
        let summary = summary.clone();
        move || {
            open.set(false);
            confirming.set(None);
            if let Some(s) = summary.cast::<web_sys::HtmlElement>() {
                let _ = s.focus();
            }
        }
    };
    let choose = |e: Example| {
        let on_load = props.on_load.clone();
        let confirming = confirming.clone();
        let edited = props.edited;
        let close = close.clone();
        Callback::from(move |_: MouseEvent| {
            if edited {
                confirming.set(Some(e.clone()));
            } else {
                on_load.emit(e.clone());
                close();
            }
        })
    };
    let toggle = {
        let open = open.clone();
        let confirming = confirming.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
            confirming.set(None);
        })
    };
    let onkeydown = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close();
            }
        })
    };

    let all = examples::all();
    let groups = [Group::Guide, Group::Broken, Group::Real].map(|g| {
        let items = all.iter().filter(|e| e.group == g).map(|e| {
            let onclick = choose(e.clone());
            html! {
                <li>
                    <button type="button" class="example" {onclick} data-example={e.id}>
                        <span class="example-title">
                            { e.title }
                            if let Some(rule) = e.rule { <span class="code">{ rule }</span> }
                        </span>
                        <span class="example-description">{ e.description }</span>
                    </button>
                </li>
            }
        });
        html! {
            <section class="example-group" aria-label={g.title()}>
                <h3>{ g.title() }</h3>
                <ul>{ for items }</ul>
            </section>
        }
    });

    let confirm = (*confirming).clone().map(|e| {
        let yes = {
            let on_load = props.on_load.clone();
            let close = close.clone();
            let e = e.clone();
            Callback::from(move |_: MouseEvent| {
                on_load.emit(e.clone());
                close();
            })
        };
        let no = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        html! {
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" data-testid="confirm">
                <p id="confirm-title"><strong>{ format!("Replace your text with “{}”?", e.title) }</strong></p>
                <p id="confirm-body">{ "Your edits are replaced. Ctrl+Z in the editor brings them back, and so does “Restore previous text”." }</p>
                <div class="confirm-actions">
                    <button type="button" class="btn btn-primary" onclick={yes} ref={confirm_button} data-testid="confirm-replace">{ "Replace" }</button>
                    <button type="button" class="btn" onclick={no}>{ "Cancel" }</button>
                </div>
            </div>
        }
    });

    html! {
        <div class={classes!("menu", open.then_some("is-open"))} {onkeydown}>
            <button type="button" class="btn menu-button" aria-expanded={open.to_string()} aria-controls="examples-menu" onclick={toggle} ref={summary} data-testid="examples">
                { "Examples" }<span aria-hidden="true">{ " ▾" }</span>
            </button>
            if *open {
                <div class="menu-panel" id="examples-menu" role="region" aria-label="Examples">
                    { for confirm }
                    { for groups }
                </div>
            }
        </div>
    }
}
