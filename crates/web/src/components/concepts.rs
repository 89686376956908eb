//! The concept pages: what is not about one field (StatefulSet vs Deployment, headless
//! Services, the deploy, scaling and recovery flows, …), listed and read in the side panel.

use ordinal_core::catalog;
use yew::prelude::*;

use crate::markdown;

/// The concepts panel's properties.
#[derive(Properties, PartialEq)]
pub struct ConceptsProps {
    /// The concept open, if any (else the list).
    pub selected: Option<String>,
    /// Called to open a concept, or to go back to the list.
    pub on_select: Callback<Option<String>>,
    /// Where the concept pages stand (the first module fetches them with the other texts).
    #[prop_or_default]
    pub texts: crate::texts::TextsHandle,
}

/// The concepts panel.
#[function_component]
pub fn Concepts(props: &ConceptsProps) -> Html {
    let heading = use_node_ref();
    // Reading a new page starts at its title, with the focus there for screen readers.
    {
        let heading = heading.clone();
        use_effect_with(props.selected.clone(), move |selected| {
            if selected.is_some() {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    match props.selected.as_deref().and_then(catalog::concept) {
        Some(c) => {
            let back = props.on_select.reform(|_: MouseEvent| None);
            html! {
                <article class="concept" data-testid="concept" data-concept={c.id}>
                    <button type="button" class="linklike back" onclick={back}>{ "← All concepts" }</button>
                    <h3 tabindex="-1" ref={heading}>{ c.title }</h3>
                    <p class="summary">{ markdown::render_inline(c.summary) }</p>
                    { for c.sections.iter().map(|(title, body)| html! {
                        <section class="ex-section">
                            <h4>{ *title }</h4>
                            { markdown::render(body, 5) }
                        </section>
                    }) }
                </article>
            }
        }
        None => {
            let items = catalog::concepts().iter().map(|c| {
                let id = c.id.to_owned();
                let onclick = props.on_select.reform(move |_: MouseEvent| Some(id.clone()));
                html! {
                    <li>
                        <button type="button" class="concept-link" {onclick}>
                            <span class="concept-title">{ c.title }</span>
                            <span class="concept-summary">{ markdown::render_inline(c.summary) }</span>
                        </button>
                    </li>
                }
            });
            html! {
                <div class="concepts">
                    <p class="hint">{ "Pages about what no single field says: how the pieces fit and what happens when." }</p>
                    if catalog::concepts().is_empty() {
                        { crate::texts::pending(&props.texts, "the concept pages") }
                    }
                    <ul class="concept-list" data-testid="concept-list">{ for items }</ul>
                </div>
            }
        }
    }
}
