//! The lesson player: the list of lessons, then one step at a time: narration, where to look,
//! a prediction to make before an animation, what to do, a live ✔ when it is done, and the
//! lab (a simulated cluster with a terminal) for the steps that need one.

use ordinal_core::lessons::{self, ActionKind, Highlight, LabSetup};
use yew::prelude::*;

use super::{LabView, Teach, TeachAction};
use crate::markdown;

/// The lesson panel's properties.
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The teaching handle.
    pub teach: Teach,
}

fn action_icon(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Edit => "✎",
        ActionKind::Click => "➚",
        ActionKind::Type => "⌨",
        ActionKind::Read => "👁",
    }
}

fn highlight_label(h: &Highlight) -> String {
    match h {
        Highlight::Yaml { kind, path } => format!("{kind} {path}"),
        Highlight::Object(o) => o.to_string(),
        Highlight::Panel(p) => format!("the {} panel", p.as_str()),
    }
}

/// The lesson panel.
#[function_component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let teach = &props.teach;
    let state = &*teach.state;
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

    let Some(lesson) = state.lesson() else {
        let items = lessons::lessons().iter().enumerate().map(|(i, l)| {
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
                        <span class="lesson-steps">{ format!("{} steps", l.steps.len()) }</span>
                    </button>
                </li>
            }
        });
        return html! {
            <div class="teach" data-testid="lessons">
                { for banner }
                <p class="teach-intro">{ "The guide, as ten short lessons. Each step says where to look and what to do, and ticks itself when you have done it." }</p>
                <ol class="lesson-list">{ for items }</ol>
            </div>
        };
    };

    let index = state.lesson.unwrap_or(0);
    let step_index = state.step;
    let Some(step) = state.step() else { return html! {} };
    let status = teach.check_status();
    let unlocked = state.action_unlocked();

    let prev = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| {
            if step_index == 0 && index > 0 {
                // the lesson before sets up its own text and lab
                t.open(index - 1, lessons::lessons()[index - 1].steps.len() - 1);
            } else {
                t.dispatch(TeachAction::Prev)
            }
        })
    };
    let next = {
        let t = teach.clone();
        let last_of_lesson = step_index + 1 == lesson.steps.len();
        Callback::from(move |_: MouseEvent| {
            if last_of_lesson {
                // the next lesson sets up its own text and lab
                let n = index + 1;
                if n < lessons::lessons().len() {
                    t.open(n, 0);
                }
            } else {
                t.dispatch(TeachAction::Next)
            }
        })
    };
    let close = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Close))
    };
    let presenter = {
        let t = teach.clone();
        let on = state.presenter;
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Presenter(!on)))
    };
    let solve = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.solve())
    };

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
        let choices = p.choices.iter().enumerate().map(|(i, c)| {
            let onclick = {
                let t = teach.clone();
                Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Answer(i)))
            };
            let verdict = answer.map(|a| {
                if i == p.answer {
                    "choice-right"
                } else if i == a {
                    "choice-wrong"
                } else {
                    "choice-other"
                }
            });
            html! {
                <li>
                    <button type="button" class={classes!("choice", verdict)} disabled={answer.is_some()} {onclick} data-testid={format!("choice-{i}")}>
                        { markdown::render_inline(c) }
                    </button>
                </li>
            }
        });
        let reveal = answer.map(|a| {
            let verdict = if a == p.answer { "Right." } else { "Not quite." };
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
    let needs_lab = lesson.lab != LabSetup::None || step.solution.iter().any(|s| !matches!(s, lessons::Solution::Edit(_)));
    let dots = lesson.steps.iter().enumerate().map(|(i, _)| {
        let onclick = {
            let t = teach.clone();
            Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Open { lesson: index, step: i }))
        };
        html! {
            <button type="button" class={classes!("step-dot", (i == step_index).then_some("current"))} aria-label={format!("Step {}", i + 1)} aria-current={(i == step_index).then_some("step")} {onclick}></button>
        }
    });

    html! {
        <div class="teach" data-testid="lesson" data-lesson={lesson.id} data-step={step_index.to_string()}>
            { for banner }
            <div class="lesson-bar">
                <button type="button" class="btn btn-small" onclick={close} aria-label="All lessons">{ "☰ Lessons" }</button>
                <span class="lesson-name">{ format!("Lesson {} · {}", lesson.number, lesson.title) }</span>
                <button type="button" class="btn btn-small" onclick={presenter} data-testid="presenter-toggle" aria-pressed={state.presenter.to_string()}>
                    { if state.presenter { "Exit presenter" } else { "Present" } }
                </button>
            </div>
            <nav class="step-dots" aria-label="Steps">{ for dots }</nav>
            <article class="step" aria-live="polite">
                <h3 class="step-title" data-testid="step-title">
                    <span class="step-count">{ format!("Step {} of {}", step_index + 1, lesson.steps.len()) }</span>
                    { step.title }
                </h3>
                { for highlight }
                <div class="step-narration">{ markdown::render(step.narration, 4) }</div>
                { for predict }
                <div class={classes!("step-action", (!unlocked).then_some("locked"))} data-testid="step-action">
                    <span class="action-icon" aria-hidden="true">{ action_icon(step.action.kind) }</span>
                    <div class="action-text">
                        if unlocked {
                            { markdown::render_inline(step.action.text) }
                        } else {
                            { "Make your prediction first; then it is your turn." }
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
            if needs_lab {
                <LabView teach={teach.clone()} highlight={step.highlight.clone()} />
            }
            <div class="step-nav">
                <button type="button" class="btn" onclick={prev} disabled={index == 0 && step_index == 0} data-testid="prev">{ "← Back" }</button>
                <button type="button" class="btn btn-primary" onclick={next} disabled={index + 1 == lessons::lessons().len() && step_index + 1 == lesson.steps.len()} data-testid="next">{ "Next →" }</button>
            </div>
        </div>
    }
}
