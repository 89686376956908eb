//! The lesson player: the list of lessons with the progress made in each, then one step at a
//! time: narration, where to look, a prediction to make before an animation (the outcome is
//! shown only once it is made or skipped), what to do, a live ✔ when it is done, the lab (a
//! simulated cluster with a terminal) for the steps that need one, and a summary at the end.
//!
//! Focus follows the lesson: a new step scrolls to its top and takes the focus to its title,
//! or to the lab's terminal when the step asks the learner to type, so that keys typed after
//! Next never press Next again.

use ordinal_core::lessons::{self, ActionKind, Highlight};
use wasm_bindgen::JsCast;
use web_sys::{FocusOptions, HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::{ChallengePanel, LabView, Opening, Teach, TeachAction, TeachState};
use crate::markdown;

/// The lesson panel's properties.
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The teaching handle.
    pub teach: Teach,
}

/// The icon of an action: glyphs Debian's fonts have, and an eye drawn inline for reading
/// (the emoji 👁 is an empty box without an emoji font).
fn action_icon(kind: ActionKind) -> Html {
    match kind {
        ActionKind::Edit => html! { "✎" },
        ActionKind::Click => html! { "➚" },
        ActionKind::Type => html! { "⌨" },
        ActionKind::Read => html! {
            <svg class="icon-eye" viewBox="0 0 24 24" width="20" height="20" focusable="false" data-testid="icon-read">
                <path d="M1.5 12S5.5 5 12 5s10.5 7 10.5 7-4 7-10.5 7S1.5 12 1.5 12z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
                <circle cx="12" cy="12" r="3.2" fill="currentColor" />
            </svg>
        },
    }
}

/// Focuses an element without scrolling to it.
fn focus_quietly(el: &HtmlElement) {
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// Scrolls an element's top into view.
fn scroll_to_top(el: &web_sys::Element) {
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// "3/5 steps done", or "5 steps" before any.
fn progress_text(done: usize, steps: usize) -> String {
    match done {
        0 => format!("{steps} steps"),
        d if d >= steps => format!("✔ {steps}/{steps} done"),
        d => format!("{d}/{steps} steps done"),
    }
}

fn highlight_label(h: &Highlight) -> String {
    match h {
        Highlight::Yaml { kind, path } => format!("{kind} {path}"),
        Highlight::Object(o) => o.to_string(),
        Highlight::Node(n) => match ordinal_core::sim::script::node_of(n) {
            Some((ordinal_core::sim::script::NODE_OF_AT_START, pod)) => format!("the node {pod} first ran on"),
            Some((_, pod)) => format!("the node of {pod}"),
            None => format!("node/{n}"),
        },
        Highlight::Log(text) => format!("the event log's “{text}”"),
        Highlight::Panel(p) => format!("the {} panel", p.as_str()),
    }
}

/// The bar's "Present" / "Exit presenter" button (a lesson's and a challenge's).
pub fn presenter_toggle(teach: &Teach) -> Html {
    let on = teach.state.presenter;
    let onclick = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Presenter(!on)))
    };
    html! {
        <button type="button" class="btn btn-small" {onclick} data-testid="presenter-toggle" aria-pressed={on.to_string()}>
            { if on { "Exit presenter" } else { "Present" } }
        </button>
    }
}

/// The lesson panel.
#[function_component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let teach = &props.teach;
    let state = &*teach.state;
    let confirm_ref = use_node_ref();
    let root = use_node_ref();
    let title_ref = use_node_ref();
    // the question takes the focus when it is asked
    {
        let confirm_ref = confirm_ref.clone();
        use_effect_with(state.asking, move |asking| {
            if asking.is_some() {
                if let Some(b) = confirm_ref.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    // a new step (or the summary) scrolls to its top and takes the focus: the terminal when
    // the step asks for a command, else the title, never the Next button
    {
        let (root, title_ref) = (root.clone(), title_ref.clone());
        let typing = state.step().is_some_and(|s| s.action.kind == ActionKind::Type) && state.action_unlocked() && !state.summary;
        use_effect_with((state.lesson, state.step, state.summary, typing), move |&(lesson, _, _, typing)| {
            if lesson.is_some() {
                if let Some(r) = root.cast::<web_sys::Element>() {
                    scroll_to_top(&r);
                }
                let terminal = typing.then(|| gloo::utils::document().get_element_by_id("lab-input")).flatten();
                if let Some(el) = terminal.and_then(|e| e.dyn_into::<HtmlElement>().ok()).or_else(|| title_ref.cast::<HtmlElement>()) {
                    focus_quietly(&el);
                }
            }
        });
    }
    // a step whose check holds is done (the lesson list shows the progress)
    {
        let t = teach.clone();
        let holds = teach.check_status() == Some(true);
        let known = state.is_done(state.step);
        use_effect_with((state.lesson, state.step, holds), move |&(lesson, _, holds)| {
            if lesson.is_some() && holds && !known {
                t.dispatch(TeachAction::StepDone);
            }
        });
    }
    let banner = state.banner.as_ref().map(|b| {
        let dismiss = {
            let t = teach.clone();
            Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Banner(None)))
        };
        let restore = b.can_restore.then(|| {
            let t = teach.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(previous) = crate::storage::load_previous() {
                    t.editor.replace_text.emit(previous);
                }
                t.dispatch(TeachAction::Banner(None));
            });
            html! { <button type="button" class="btn btn-small" {onclick} data-testid="share-restore">{ "Restore my previous text" }</button> }
        });
        html! {
            <div class={classes!("teach-banner", b.error.then_some("teach-banner-error"))} role={if b.error { "alert" } else { "status" }} data-testid="share-banner">
                <span>{ &b.text }</span>
                { for restore }
                <button type="button" class="btn btn-small" onclick={dismiss} aria-label="Dismiss">{ "✕" }</button>
            </div>
        }
    });

    // a lesson or challenge that would replace the learner's text asks first
    let asked = state.asking.and_then(|what| match what {
        Opening::Lesson(i, _) => state.lesson_at(i).map(|l| (what, format!("Lesson {}", l.number), "Replace and open the lesson")),
        Opening::Challenge(i) => lessons::challenge::challenges().get(i).map(|c| (what, format!("Challenge {}", c.number), "Replace and open the challenge")),
    });
    let confirm = asked.map(|(what, name, replace)| {
        let yes = {
            let t = teach.clone();
            Callback::from(move |_: MouseEvent| t.open_replacing(what))
        };
        let no = {
            let t = teach.clone();
            Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Ask(None)))
        };
        html! {
            <div class="confirm teach-confirm" role="alertdialog" aria-labelledby="teach-confirm-title" aria-describedby="teach-confirm-body" data-testid="lesson-confirm">
                <p id="teach-confirm-title"><strong>{ format!("{name} starts from the guide's manifests. Replace your text?") }</strong></p>
                <p id="teach-confirm-body">{ "Your text stays one click away (“Restore my previous text”), and Ctrl+Z in the editor brings it back too." }</p>
                <div class="confirm-actions">
                    <button type="button" class="btn btn-primary" onclick={yes} ref={confirm_ref.clone()} data-testid="lesson-confirm-replace">{ replace }</button>
                    <button type="button" class="btn" onclick={no} data-testid="lesson-confirm-cancel">{ "Cancel" }</button>
                </div>
            </div>
        }
    });

    if state.challenge().is_some() {
        return html! {
            <div ref={root} class="teach" data-testid="challenge-view">
                { for banner }
                { for confirm }
                <ChallengePanel teach={teach.clone()} />
            </div>
        };
    }

    let Some(lesson) = state.lesson() else {
        // stacked under the lessons in a narrow pane: one click away, and the focus goes there
        let to_challenges = Callback::from(|_: MouseEvent| {
            if let Some(el) = gloo::utils::document().get_element_by_id("challenges-title") {
                scroll_to_top(&el);
                if let Ok(h) = el.dyn_into::<HtmlElement>() {
                    focus_quietly(&h);
                }
            }
        });
        let loaded = state.loaded.as_ref().map(|l| (TeachState::loaded_index(), l.lesson));
        let items = lessons::lessons().iter().enumerate().chain(loaded).map(|(i, l)| {
            let onclick = {
                let t = teach.clone();
                Callback::from(move |_: MouseEvent| t.open(i, 0))
            };
            html! {
                <li>
                    <button type="button" class="lesson-card" {onclick} data-testid={format!("open-lesson-{}", l.id)}>
                        <span class="lesson-number">{ l.number }</span>
                        <span class="lesson-text">
                            <span class="lesson-title">{ l.title }</span>
                            <span class="lesson-summary">{ l.summary }</span>
                        </span>
                        <span class={classes!("lesson-steps", (state.done_count(l) >= l.steps.len()).then_some("lesson-complete"))} data-testid={format!("progress-{}", l.id)}>{ progress_text(state.done_count(l), l.steps.len()) }</span>
                    </button>
                </li>
            }
        });
        return html! {
            <super::lesson_files::LessonDrop teach={teach.clone()}>
                { for banner }
                { for confirm }
                <p class="teach-progress">
                    <span data-testid="teach-progress">{ state.summary_line() }</span>
                    <button type="button" class="btn btn-small btn-link" onclick={to_challenges} data-testid="to-challenges">{ "Go to the Fix it challenges ↓" }</button>
                </p>
                <super::lesson_files::LessonFileInput teach={teach.clone()} />
                <div class="teach-lists">
                    <section class="teach-list-lessons" aria-labelledby="lessons-title">
                        <h3 id="lessons-title" class="teach-list-title">{ "Lessons" }</h3>
                        <p class="teach-intro">{ "The guide, as short lessons. Each step says where to look and what to do, and ticks itself when you have done it." }</p>
                        <ol class="lesson-list">{ for items }</ol>
                    </section>
                    <super::challenge_panel::ChallengeList teach={teach.clone()} />
                </div>
            </super::lesson_files::LessonDrop>
        };
    };

    let index = state.lesson.unwrap_or(0);
    let step_index = state.step;
    let Some(step) = state.step() else { return html! {} };
    let status = teach.check_status();
    let unlocked = state.action_unlocked();
    let next_lesson = (index + 1 < TeachState::loaded_index()).then_some(index + 1);

    let prev = {
        let t = teach.clone();
        let summary = state.summary;
        Callback::from(move |_: MouseEvent| {
            if step_index == 0 && TeachState::follows_a_lesson(index) && !summary {
                // the lesson before sets up its own text and lab
                t.open(index - 1, lessons::lessons()[index - 1].steps.len() - 1);
            } else {
                t.dispatch(TeachAction::Prev)
            }
        })
    };
    let next = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Next))
    };
    let open_next = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| match next_lesson {
            // the next lesson sets up its own text and lab
            Some(n) => t.open(n, 0),
            None => t.dispatch(TeachAction::Close),
        })
    };
    let close = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Close))
    };
    let solve = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.solve())
    };
    let bar = html! {
        <div class="lesson-bar">
            <button type="button" class="btn btn-small" onclick={close} aria-label="All lessons">{ "☰ Lessons" }</button>
            <span class="lesson-name" data-testid="lesson-name">{ format!("Lesson {} · {}", lesson.number, lesson.title) }</span>
            <span class="lesson-where" data-testid="lesson-where">{ if state.summary { "End".to_owned() } else { format!("Step {} of {}", step_index + 1, lesson.steps.len()) } }</span>
            { presenter_toggle(teach) }
        </div>
    };

    if state.summary {
        let done = state.done_count(lesson);
        let steps = lesson.steps.iter().enumerate().map(|(i, s)| {
            let ok = state.is_done(i);
            html! { <li class={classes!(ok.then_some("summary-done"))}><span aria-hidden="true">{ if ok { "✔ " } else { "○ " } }</span>{ s.title }</li> }
        });
        return html! {
            <div ref={root} class="teach" data-testid="lesson" data-lesson={lesson.id} data-step={step_index.to_string()} data-summary="true">
                { for banner }
                { for confirm }
                { bar }
                <section class="lesson-end" aria-labelledby="lesson-end-title" data-testid="lesson-summary">
                    <h3 id="lesson-end-title" ref={title_ref} tabindex="-1" class="step-title">
                        <span class="step-count">{ format!("End of lesson {}", lesson.number) }</span>
                        { lesson.title }
                    </h3>
                    <p class="lesson-end-progress" data-testid="summary-progress">{ format!("{done} of {} steps done.", lesson.steps.len()) }</p>
                    <p>{ markdown::render_inline(lesson.summary) }</p>
                    <ol class="lesson-end-steps">{ for steps }</ol>
                </section>
                <div class="step-nav">
                    <button type="button" class="btn" onclick={prev} data-testid="prev">{ "← Back" }</button>
                    <button type="button" class="btn btn-primary" onclick={open_next} data-testid="next-lesson">
                        { match next_lesson.and_then(|n| lessons::lessons().get(n)) {
                            Some(l) => format!("Lesson {}: {} →", l.number, l.title),
                            None => "All lessons".to_owned(),
                        } }
                    </button>
                </div>
            </div>
        };
    }

    let highlight = step.highlight.as_ref().map(|h| {
        let range = teach.highlight_range(h);
        let show = range.map(|r| {
            let select = teach.editor.select.clone();
            let onclick = Callback::from(move |_: MouseEvent| select.emit(r));
            html! { <button type="button" class="btn btn-small" {onclick} data-testid="show-highlight">{ "Show in the editor" }</button> }
        });
        html! {
            <p class="step-look" data-testid="step-highlight">
                <span class="step-label">{ "Look at " }</span>
                <code>{ highlight_label(h) }</code>
                { for show }
            </p>
        }
    });

    let predict = step.predict.as_ref().map(|p| {
        let answer = state.answer();
        let predicted = state.predicted();
        let choices = p.choices.iter().enumerate().map(|(i, c)| {
            let onclick = {
                let t = teach.clone();
                Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Answer(i)))
            };
            let verdict = predicted.then(|| {
                if i == p.answer {
                    "choice-right"
                } else if Some(i) == answer {
                    "choice-wrong"
                } else {
                    "choice-other"
                }
            });
            html! {
                <li>
                    <button type="button" class={classes!("choice", verdict)} disabled={predicted} {onclick} data-testid={format!("choice-{i}")}>
                        { markdown::render_inline(c) }
                    </button>
                </li>
            }
        });
        let skip = (!predicted).then(|| {
            let t = teach.clone();
            let onclick = Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Skip));
            html! { <button type="button" class="btn btn-small btn-link predict-skip" {onclick} data-testid="skip">{ "Skip the prediction" }</button> }
        });
        let reveal = predicted.then(|| {
            let verdict = match answer {
                Some(a) if a == p.answer => "Right.",
                Some(_) => "Not quite.",
                None => "Skipped.",
            };
            html! {
                <div class="predict-reveal" role="status" data-testid="reveal">
                    <strong>{ verdict }</strong>{ " " }{ markdown::render_inline(p.reveal) }
                </div>
            }
        });
        html! {
            <section class="predict" aria-label="Predict what happens next" data-testid="predict">
                <h4 class="predict-title">{ "Predict first" }</h4>
                <p class="predict-question">{ markdown::render_inline(p.question) }</p>
                <ol class="choices">{ for choices }</ol>
                { for skip }
                { for reveal }
            </section>
        }
    });

    let check = match (step.check.is_some(), status) {
        (false, _) => html! {},
        (true, Some(true)) => html! { <p class="step-check step-done" role="status" data-testid="step-check" data-done="true">{ "✔ Done" }</p> },
        (true, Some(false)) => html! { <p class="step-check" role="status" data-testid="step-check" data-done="false">{ "○ Not yet" }</p> },
        (true, None) => html! { <p class="step-check" role="status" data-testid="step-check" data-done="false">{ "… checking" }</p> },
    };
    let needs_lab = super::shows_lab(lesson, step);
    let dots = lesson.steps.iter().enumerate().map(|(i, _)| {
        let onclick = {
            let t = teach.clone();
            Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Open { lesson: index, step: i }))
        };
        let done = state.is_done(i);
        html! {
            <button type="button" class={classes!("step-dot", (i == step_index).then_some("current"), done.then_some("done"))}
                    aria-label={format!("Step {}{}", i + 1, if done { ", done" } else { "" })} aria-current={(i == step_index).then_some("step")} {onclick}></button>
        }
    });
    let last = step_index + 1 == lesson.steps.len();
    // presenter mode: the narration beside the question, over the lab
    let beside = needs_lab && state.lab_beside_step();
    let narration = (!step.narration.is_empty()).then(|| html! { <div class="step-narration" data-testid="narration">{ markdown::render(step.narration, 4) }</div> });

    html! {
        <div ref={root} class="teach" data-testid="lesson" data-lesson={lesson.id} data-step={step_index.to_string()}>
            { for banner }
            { for confirm }
            { bar }
            <nav class="step-dots" aria-label="Steps">{ for dots }</nav>
            <div class="step-body">
            <article class="step" aria-live="polite">
                <h3 class="step-title" data-testid="step-title" ref={title_ref} tabindex="-1">
                    <span class="step-count">{ format!("Step {} of {}", step_index + 1, lesson.steps.len()) }</span>
                    { step.title }
                </h3>
                { for highlight }
                if !beside {
                    { narration.clone() }
                }
                { for predict }
                if unlocked && !step.outcome.is_empty() {
                    <div class="step-narration step-outcome" data-testid="outcome">{ markdown::render(step.outcome, 4) }</div>
                }
                <div class={classes!("step-action", (!unlocked).then_some("locked"))} data-testid="step-action">
                    <span class="action-icon" aria-hidden="true">{ action_icon(step.action.kind) }</span>
                    <div class="action-text">
                        if unlocked {
                            { markdown::render_inline(step.action.text) }
                        } else {
                            { "Make your prediction first (or skip it); then it is your turn." }
                        }
                    </div>
                </div>
                <div class="step-status">
                    { check }
                    if !step.solution.is_empty() {
                        <button type="button" class="btn btn-small" onclick={solve} disabled={!unlocked || status == Some(true)} data-testid="solve">{ "Do it for me" }</button>
                    }
                </div>
            </article>
            if matches!(step.highlight, Some(lessons::Highlight::Panel(lessons::Panel::Compare))) {
                <div class="teach-compare teach-outline" data-panel="compare">
                    <crate::compare::CompareView text={teach.editor.text.clone()} keep={teach.compare.clone()} on_change={
                        let teach = teach.clone();
                        Callback::from(move |_| teach.dispatch(TeachAction::LabChanged))
                    } />
                </div>
            }
            if needs_lab && beside {
                <div class="step-side">
                    { narration }
                    <LabView teach={teach.clone()} highlight={step.highlight.clone()} />
                </div>
            } else if needs_lab {
                <LabView teach={teach.clone()} highlight={step.highlight.clone()} />
            }
            </div>
            <div class="step-nav">
                <button type="button" class="btn" onclick={prev} disabled={!TeachState::follows_a_lesson(index) && step_index == 0} data-testid="prev">{ "← Back" }</button>
                <button type="button" class="btn btn-primary" onclick={next} data-testid="next">{ if last { "Finish the lesson →" } else { "Next →" } }</button>
            </div>
        </div>
    }
}
