//! The explanation pane: the field under the cursor, and the syntax error if there is one.

use yew::prelude::*;

use crate::state::{ErrorView, FieldView};

/// The explanation pane's properties.
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The field under the cursor in the last text that parsed.
    pub field: Option<FieldView>,
    /// The current syntax error.
    #[prop_or_default]
    pub error: Option<ErrorView>,
    /// Whether `field` comes from an older text than the editor's (the text has an error).
    #[prop_or_default]
    pub stale: bool,
    /// The kinds of the documents in the last text that parsed.
    #[prop_or_default]
    pub documents: Vec<Option<String>>,
}

/// The explanation pane.
#[function_component]
pub fn Explain(props: &ExplainProps) -> Html {
    let error = props.error.as_ref().map(|e| {
        html! {
            <div class="syntax-error" role="alert" data-testid="syntax-error">
                <h3 class="syntax-error-title">
                    { "YAML syntax error at " }
                    <span data-testid="error-position">{ format!("line {}, column {}", e.line, e.column) }</span>
                </h3>
                <p class="syntax-error-message" data-testid="error-message">{ &e.message }</p>
            </div>
        }
    });

    let field = match &props.field {
        Some(f) => html! {
            <div class={classes!("field", props.stale.then_some("is-stale"))} data-testid="field">
                <p class="field-title" data-testid="field-title">
                    if let Some(kind) = &f.kind {
                        <span class="field-kind">{ kind }</span>{ " " }
                    }
                    <code class="field-path">{ &f.path }</code>
                </p>
                <dl class="field-facts">
                    <dt>{ "Position" }</dt>
                    <dd data-testid="field-position">{ format!("Line {}, column {}", f.line, f.column) }</dd>
                    if let Some(api) = &f.api_version {
                        <dt>{ "API version" }</dt>
                        <dd><code>{ api }</code></dd>
                    }
                </dl>
                if props.stale {
                    <p class="stale-note">{ "Showing the last version that parsed. Fix the syntax error to update." }</p>
                }
            </div>
        },
        None => html! {
            <p class="hint" data-testid="field-none">
                { "Put the cursor on a field of the manifest to see what it is." }
            </p>
        },
    };

    let documents = (!props.documents.is_empty()).then(|| {
        let items = props.documents.iter().enumerate().map(|(i, kind)| {
            html! { <li>{ format!("Document {}: ", i + 1) }<strong>{ kind.as_deref().unwrap_or("(no kind)") }</strong></li> }
        });
        html! {
            <section class="documents" aria-label="Documents in the editor">
                <h3>{ "In this file" }</h3>
                <ol>{ for items }</ol>
            </section>
        }
    });

    html! {
        <section class="explain" aria-live="polite">
            <h2 class="pane-title">{ "Field under the cursor" }</h2>
            { for error }
            { field }
            { for documents }
            <p class="tips">
                { "Click anywhere in the manifest, or move with " }<kbd>{ "↑" }</kbd>{ " " }<kbd>{ "↓" }</kbd>
                { ", to see which field the cursor is on. What you type is kept in this browser." }
            </p>
        </section>
    }
}
