//! The explanation panel: the field under the caret or the resting pointer, with its path as
//! breadcrumbs, the guide-grade text (or the upstream API description), the note about its
//! value, the findings on it, its related fields and the concept pages it belongs to.

use std::rc::Rc;

use ordinal_core::catalog::Source;
use ordinal_core::links::LinkGroup;
use yew::prelude::*;

use crate::analysis::{Analysis, DocumentView, ErrorView, Focus};
use crate::markdown;

/// The explanation panel's properties.
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// What to explain.
    pub focus: Option<Rc<Focus>>,
    /// The analysis the focus comes from (for the findings' messages).
    pub analysis: Rc<Analysis>,
    /// Whether the focus comes from an older text than the editor's.
    #[prop_or_default]
    pub stale: bool,
    /// Whether the pointer (rather than the caret) chose the field.
    #[prop_or_default]
    pub hovering: bool,
    /// The current syntax error.
    #[prop_or_default]
    pub error: Option<ErrorView>,
    /// Called with a byte range to select in the editor.
    pub on_jump: Callback<(usize, usize)>,
    /// Called with a concept id to open.
    pub on_concept: Callback<String>,
    /// Called with a finding's index to show in the problems panel.
    pub on_problem: Callback<usize>,
    /// Where the upstream descriptions stand (the first module fetches them).
    #[prop_or_default]
    pub texts: crate::texts::TextsHandle,
}

fn section(title: &'static str, id: &'static str, body: &str) -> Html {
    if body.trim().is_empty() {
        return Html::default();
    }
    html! {
        <section class={classes!("ex-section", format!("ex-{id}"))} data-section={id}>
            <h4>{ title }</h4>
            { markdown::render(body, 5) }
        </section>
    }
}

fn source_badge(source: Source, credit: Option<&str>) -> Html {
    match source {
        Source::Guide => html! { <span class="badge badge-guide" data-testid="source">{ "From the guide" }</span> },
        Source::Api => html! {
            <span class="badge badge-api" data-testid="source">{ format!("From {}", credit.unwrap_or("the Kubernetes API reference")) }</span>
        },
        Source::Unknown => html! { <span class="badge badge-unknown" data-testid="source">{ "Not explained by ordinal" }</span> },
    }
}

fn links_view(groups: &[LinkGroup], on_jump: &Callback<(usize, usize)>) -> Html {
    if groups.is_empty() {
        return Html::default();
    }
    let group = |g: &LinkGroup| {
        let items = g.links.iter().map(|l| {
            let (s, e) = (l.range.start as usize, l.range.end as usize);
            let onclick = on_jump.reform(move |_: MouseEvent| (s, e));
            html! {
                <li class={classes!("link", (!l.agrees).then_some("link-bad"))}>
                    <button type="button" class="linklike" {onclick}>
                        // the label is Markdown: ``StatefulSet `db` spec.serviceName``
                        { markdown::render_inline(&l.label) }
                    </button>
                    if !l.agrees { <span class="link-flag">{ " does not match" }</span> }
                </li>
            }
        });
        let produced = g.produced.iter().map(|p| {
            html! {
                <p class="produced">
                    { format!("Produces {}: ", p.what) }
                    { for p.names.iter().enumerate().map(|(i, n)| html! { <>{ if i > 0 { ", " } else { "" } }<code>{ n.clone() }</code></> }) }
                    if p.more > 0 { { format!(" and {} more", p.more) } }
                </p>
            }
        });
        html! {
            <div class="link-group">
                <h5>{ markdown::render_inline(&g.title) }</h5>
                <ul>{ for items }</ul>
                { for produced }
                if let Some(note) = &g.note { <p class="link-note">{ markdown::render_inline(note) }</p> }
            </div>
        }
    };
    html! {
        <section class="ex-section ex-links" data-section="links" aria-label="Related fields">
            <h4>{ "Related fields" }</h4>
            <p class="hint small">{ "Highlighted in the editor. They must agree for the wiring to work." }</p>
            { for groups.iter().map(group) }
        </section>
    }
}

/// The explanation panel.
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

    let body = match &props.focus {
        None => html! {
            <p class="hint" data-testid="field-none">
                { "Put the caret on a field of the manifest, or rest the mouse pointer on one, to see what it means." }
            </p>
        },
        Some(f) => {
            let ex = &f.explanation;
            let crumbs = f.crumbs.iter().enumerate().map(|(i, c)| {
                let offset = c.offset;
                let onclick = props.on_jump.reform(move |_: MouseEvent| (offset, offset));
                let last = i + 1 == f.crumbs.len();
                html! {
                    <li>
                        if last {
                            <span aria-current="location">{ c.label.clone() }</span>
                        } else {
                            <button type="button" class="linklike" {onclick}>{ c.label.clone() }</button>
                        }
                    </li>
                }
            });
            let findings = f.findings.iter().filter_map(|&i| props.analysis.findings.get(i).map(|fi| (i, fi))).map(|(i, fi)| {
                let d = &fi.diagnostic;
                let onclick = props.on_problem.reform(move |_: MouseEvent| i);
                html! {
                    <li class={classes!("ex-finding", format!("sev-{}", d.severity.as_str()))}>
                        <span class="sev-icon" aria-hidden="true"></span>
                        <span class="visually-hidden">{ format!("{}: ", d.severity.as_str()) }</span>
                        { markdown::render_inline(&d.message) }
                        { " " }
                        <button type="button" class="linklike small" {onclick}>{ format!("{} in Problems", d.code) }</button>
                    </li>
                }
            });
            let value_note = ex.value_note.as_ref().map(|v| {
                html! {
                    <section class="value-note" data-section="value">
                        <h4>{ "The value " }<code>{ v.value.clone() }</code></h4>
                        <p class="value-summary">{ markdown::render_inline(&v.summary) }</p>
                        { markdown::render(&v.explanation, 5) }
                    </section>
                }
            });
            let api = ex.api.as_ref().filter(|_| ex.source == Source::Guide).map(|api| {
                html! {
                    <details class="ex-api">
                        <summary>{ format!("Upstream description ({})", api.credit) }</summary>
                        <p><strong>{ "Type: " }</strong><code>{ api.type_name.clone() }</code>{ if api.required { " (required)" } else { "" } }</p>
                        if api.description.is_empty() {
                            { crate::texts::pending(&props.texts, "the upstream description") }
                        } else {
                            { markdown::render(&api.description, 5) }
                        }
                    </details>
                }
            });
            let api_origin = ex.api.as_ref().map(|a| a.credit.as_str());
            let concepts = (!ex.concepts.is_empty()).then(|| {
                let items = ex.concepts.iter().map(|c| {
                    let id = c.id.clone();
                    let onclick = props.on_concept.reform(move |_: MouseEvent| id.clone());
                    html! { <li><button type="button" class="chip" {onclick}>{ c.title.clone() }</button></li> }
                });
                html! {
                    <section class="ex-section ex-concepts" data-section="concepts">
                        <h4>{ "Learn more" }</h4>
                        <ul class="chips">{ for items }</ul>
                    </section>
                }
            });
            let unknown = (ex.source == Source::Unknown).then(|| {
                html! { <p class="unknown-note" data-testid="unknown-kind">{ markdown::render_inline(&ex.summary) }</p> }
            });
            html! {
                <article class={classes!("field", props.stale.then_some("is-stale"))} data-testid="field" aria-labelledby="field-heading">
                    // (each optional part is a fragment, present or empty, so that the parts keep
                    // their places when one appears: Yew matches unkeyed children from the end,
                    // and a part added at the end would otherwise move every section's node)
                    <nav class="crumbs" aria-label="Field path"><ol>{ for crumbs }</ol></nav>
                    <h3 class="field-title" id="field-heading" data-testid="field-title">
                        if let Some(kind) = &f.field.kind {
                            <span class="field-kind">{ kind }</span>{ " " }
                        }
                        <code class="field-path">{ &f.field.path }</code>
                    </h3>
                    <p class="field-meta">
                        <span data-testid="field-position">{ format!("Line {}, column {}", f.field.line, f.field.column) }</span>
                        { " · " }
                        if props.hovering { <span class="via">{ "under the pointer" }</span> } else { <span class="via">{ "at the caret" }</span> }
                        if let Some(api) = &f.field.api_version { { " · " }<code class="api-version">{ api }</code> }
                        { " " }
                        { source_badge(ex.source, api_origin) }
                    </p>
                    if props.stale {
                        <p class="stale-note">{ "Showing the last version that was analysed. It updates when the text parses again." }</p>
                    }
                    if unknown.is_none() {
                        <p class="summary" data-testid="field-summary">{ markdown::render_inline(&ex.summary) }</p>
                    }
                    if ex.source == Source::Api && ex.api.as_ref().is_some_and(|a| a.description.is_empty()) {
                        { crate::texts::pending(&props.texts, "the explanation") }
                    }
                    <>{ for unknown }</>
                    if !f.findings.is_empty() {
                        <section class="ex-section ex-findings" data-section="findings" aria-label="Findings on this field">
                            <ul>{ for findings }</ul>
                        </section>
                    }
                    <>{ for value_note }</>
                    { section("What it does", "what", &ex.sections.what) }
                    { section(if ex.source == Source::Guide { "Options" } else { "Type and values" }, "options", &ex.sections.options) }
                    { section("Why it matters", "why", &ex.sections.why) }
                    { section("Common mistakes", "mistakes", &ex.sections.mistakes) }
                    { links_view(&f.links, &props.on_jump) }
                    { section("kubectl", "kubectl", &ex.sections.kubectl) }
                    { section("In the simulator", "simulator", &ex.sections.simulator) }
                    <>{ for api }</>
                    <>{ for concepts }</>
                </article>
            }
        }
    };

    html! {
        <div class="explain">
            { for error }
            { body }
            <DocumentsList documents={props.analysis.documents.clone()} on_jump={props.on_jump.clone()} index={props.analysis.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DocumentsProps {
    documents: Vec<DocumentView>,
    index: Rc<Analysis>,
    on_jump: Callback<(usize, usize)>,
}

/// The most documents the list names.
pub const MAX_LISTED_DOCUMENTS: usize = 100;

/// The documents in the editor, each a link to its first line.
#[function_component]
fn DocumentsList(props: &DocumentsProps) -> Html {
    if props.documents.is_empty() {
        return Html::default();
    }
    // a long stream lists its first documents: 10,000 items took the browser a second to draw
    let more = props.documents.len().saturating_sub(MAX_LISTED_DOCUMENTS);
    let items = props.documents.iter().take(MAX_LISTED_DOCUMENTS).enumerate().map(|(i, d)| {
        let offset = props.index.index.line_start(d.line);
        let onclick = props.on_jump.reform(move |_: MouseEvent| (offset, offset));
        let kind = d.kind.clone().unwrap_or_else(|| "(no kind)".into());
        html! {
            <li>
                { format!("Document {}: ", i + 1) }
                <button type="button" class="linklike" {onclick}><strong>{ kind }</strong></button>
                if let Some(n) = &d.name { { " " }<code>{ n.clone() }</code> }
                if !d.explained { <span class="badge badge-unknown">{ "not explained" }</span> }
            </li>
        }
    });
    html! {
        <section class="documents" aria-label="Documents in the editor">
            <h3>{ "In this text" }</h3>
            <ol>{ for items }</ol>
            if more > 0 { <p class="documents-more" data-testid="documents-more">{ format!("… and {more} more documents.") }</p> }
        </section>
    }
}
