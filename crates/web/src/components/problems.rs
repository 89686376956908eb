//! The problems panel: every finding with its severity, tier, message and line:column. A click
//! selects its range in the editor; "Why?" unfolds the rule's explanation; "Fix…" shows the
//! quick fix as a diff, and "Apply" makes it one undoable edit.

use std::collections::HashSet;
use std::rc::Rc;

use ordinal_core::rules::Diagnostic;
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::diff::{self, DiffTag};
use crate::markdown;

/// The problems panel's properties.
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// The analysis whose findings to list.
    pub analysis: Rc<Analysis>,
    /// Whether the analysis describes the editor's current text (fixes apply only then).
    pub current: bool,
    /// A finding to bring into view and open (index into the findings), if any.
    #[prop_or_default]
    pub reveal: Option<usize>,
    /// Called with a byte range to select in the editor.
    pub on_jump: Callback<(usize, usize)>,
    /// Called with the index of the finding whose fix to apply.
    pub on_fix: Callback<usize>,
    /// Called with the id of a consequence to play in the Cluster tab (a finding whose
    /// mistake shows at run time).
    #[prop_or_default]
    pub on_play: Callback<&'static str>,
    /// Where the rules' explanations stand (the first module fetches them).
    #[prop_or_default]
    pub texts: crate::texts::TextsHandle,
}

/// A key that survives re-analysis as long as the finding stays where it is.
fn key_of(d: &Diagnostic) -> String {
    format!("{}@{}-{}", d.code, d.range.start, d.range.end)
}

/// The most findings the panel lists.
pub const MAX_LISTED_FINDINGS: usize = 200;

/// The problems panel.
#[function_component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let why_open = use_state(HashSet::<String>::new);
    let fix_open = use_state(|| None::<String>);
    let list = use_node_ref();

    // Bring a finding chosen elsewhere (the explanation panel) into view.
    {
        let list = list.clone();
        let reveal = props.reveal.and_then(|i| props.analysis.findings.get(i)).map(|f| key_of(&f.diagnostic));
        use_effect_with(reveal, move |reveal| {
            if let (Some(key), Some(root)) = (reveal, list.cast::<web_sys::Element>()) {
                if let Ok(Some(el)) = root.query_selector(&format!("[data-key=\"{key}\"] .problem-main")) {
                    el.scroll_into_view();
                    if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                        let _ = el.focus();
                    }
                }
            }
        });
    }

    let analysis = &props.analysis;
    let counts = analysis.counts();
    if analysis.findings.is_empty() {
        return html! {
            <div class="problems" ref={list}>
                <p class="all-clear" data-testid="no-problems">{ "No findings: the default rules have nothing to say about this text." }</p>
            </div>
        };
    }
    // A long list draws its first findings (and one chosen elsewhere); 20,000 of them took the
    // browser seconds to draw. Every finding is still marked in the editor's gutter.
    let shown = |i: usize| i < MAX_LISTED_FINDINGS || props.reveal == Some(i);
    let more = analysis.findings.len().saturating_sub(MAX_LISTED_FINDINGS);
    let items = analysis.findings.iter().enumerate().filter(|(i, _)| shown(*i)).map(|(i, f)| {
        let d = &f.diagnostic;
        let key = key_of(d);
        let (s, e) = (d.range.start as usize, d.range.end as usize);
        let onclick = props.on_jump.reform(move |_: MouseEvent| (s, e));
        let open_why = why_open.contains(&key);
        let toggle_why = {
            let why_open = why_open.clone();
            let key = key.clone();
            Callback::from(move |_: MouseEvent| {
                let mut set = (*why_open).clone();
                if !set.remove(&key) {
                    set.insert(key.clone());
                }
                why_open.set(set);
            })
        };
        let rule = d.rule();
        let why = open_why.then(|| {
            html! {
                <div class="why" id={format!("why-{i}")}>
                    if let Some(help) = &d.help { <p class="help"><strong>{ "What to do: " }</strong>{ markdown::render_inline(help) }</p> }
                    if let Some(api) = &d.api_error { <p class="api-error"><strong>{ "The API server says: " }</strong><code>{ api.clone() }</code></p> }
                    if rule.explanation().is_empty() {
                        { crate::texts::pending(&props.texts, "the rule's explanation") }
                    } else {
                        <div class="rule-doc">{ markdown::render(rule.explanation(), 4) }</div>
                    }
                </div>
            }
        });
        let fix = d.fix.as_ref().map(|fix| {
            let open = fix_open.as_deref() == Some(key.as_str());
            let toggle = {
                let fix_open = fix_open.clone();
                let key = key.clone();
                Callback::from(move |_: MouseEvent| fix_open.set(if open { None } else { Some(key.clone()) }))
            };
            let preview = open.then(|| {
                let hunks = diff::preview(&analysis.text, &fix.edits);
                let apply = {
                    let on_fix = props.on_fix.clone();
                    let fix_open = fix_open.clone();
                    Callback::from(move |_: MouseEvent| {
                        fix_open.set(None);
                        on_fix.emit(i);
                    })
                };
                let lines = hunks.iter().enumerate().map(|(h, hunk)| {
                    let rows = hunk.lines.iter().map(|l| {
                        let (class, sign, label) = match l.tag {
                            DiffTag::Context => ("ctx", " ", "unchanged"),
                            DiffTag::Removed => ("del", "-", "removed"),
                            DiffTag::Added => ("add", "+", "added"),
                        };
                        html! {
                            <div class={classes!("diff-line", class)}>
                                <span class="diff-num">{ l.number }</span>
                                <span class="diff-sign" aria-hidden="true">{ sign }</span>
                                <span class="visually-hidden">{ format!("{label}: ") }</span>
                                <span class="diff-text">{ l.text.clone() }</span>
                            </div>
                        }
                    });
                    html! { <>{ if h > 0 { html! { <div class="diff-gap">{ "⋯" }</div> } } else { Html::default() } }{ for rows }</> }
                });
                html! {
                    <div class="fix-preview" data-testid="fix-preview">
                        <p class="fix-title"><strong>{ "Quick fix: " }</strong>{ markdown::render_inline(&fix.title) }</p>
                        <p class="fix-explanation">{ markdown::render_inline(&fix.explanation) }</p>
                        <pre class="diff" tabindex="0" aria-label="Changes the fix makes">{ for lines }</pre>
                        <div class="fix-actions">
                            <button type="button" class="btn btn-primary" onclick={apply} disabled={!props.current} data-testid="apply-fix">
                                { "Apply fix" }
                            </button>
                            <button type="button" class="btn" onclick={toggle.clone()}>{ "Cancel" }</button>
                            if !props.current { <span class="hint small">{ "Checking your latest edit…" }</span> }
                        </div>
                    </div>
                }
            });
            let button = html! {
                <button type="button" class="btn btn-small" aria-expanded={open.to_string()} onclick={toggle} data-testid="fix">
                    { "Fix…" }
                    <span class="visually-hidden">{ format!(" {}", fix.title) }</span>
                </button>
            };
            (button, preview)
        });
        let (fix_button, fix_preview) = match fix {
            Some((b, p)) => (Some(b), p),
            None => (None, None),
        };
        html! {
            <li class={classes!("problem", format!("sev-{}", d.severity.as_str()))} data-key={key.clone()} data-code={d.code}>
                <button type="button" class="problem-main" {onclick} aria-describedby={format!("pos-{i}")}>
                    <span class="sev-icon" aria-hidden="true"></span>
                    <span class="visually-hidden">{ format!("{}, ", d.severity.as_str()) }</span>
                    <span class="problem-message">{ markdown::render_inline(&d.message) }</span>
                </button>
                <div class="problem-meta">
                    <span class="pos" id={format!("pos-{i}")} data-testid="position">{ format!("{}:{}", f.line, f.column) }</span>
                    <span class="code">{ d.code }</span>
                    <span class="tier" title={d.tier.description()}>{ format!("{} · {}", d.tier.as_str(), d.tier.description()) }</span>
                    <button type="button" class="btn btn-small" aria-expanded={open_why.to_string()} aria-controls={format!("why-{i}")} onclick={toggle_why} data-testid="why">
                        { "Why?" }
                    </button>
                    { for fix_button }
                    { for crate::cluster::consequences::listed_for_rule(d.code).map(|(id, title)| {
                        let on_play = props.on_play.clone();
                        let onclick = Callback::from(move |_: MouseEvent| on_play.emit(id));
                        html! {
                            <button type="button" class="btn btn-small" {onclick} data-testid="see-what-happens" title={format!("Play on a fresh simulated cluster: {title}")}>
                                { "See what happens" }
                            </button>
                        }
                    }) }
                </div>
                { for fix_preview }
                { for why }
            </li>
        }
    });

    html! {
        <div class="problems" ref={list}>
            <p class="problems-summary">{ counts.sentence() }</p>
            <ul class="problem-list" data-testid="problems">{ for items }</ul>
            if more > 0 {
                <p class="problems-more" data-testid="problems-more">
                    { format!("The list shows the first {MAX_LISTED_FINDINGS} findings; {more} more are marked in the editor's gutter.") }
                </p>
            }
        </div>
    }
}
