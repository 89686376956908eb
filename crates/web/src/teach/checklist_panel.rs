//! The production checklist: the guide's thirteen items, the eight that YAML shows judged
//! against the editor's text (✔ or ✘, the reason, the quick fix and the lesson; the backups
//! item also by what the learner did in the Cluster tab), the five that it cannot show ticked
//! by the learner and remembered in this browser.

use ordinal_core::checklist::{self, Status};
use ordinal_core::lessons;
use ordinal_core::rules::SourceFile;
use gloo::timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Teach, TeachAction};
use crate::markdown;

/// The checklist panel's properties.
#[derive(Properties, PartialEq)]
pub struct ChecklistPanelProps {
    /// The teaching handle.
    pub teach: Teach,
    /// What the learner did in the Cluster tab's simulation (backups, restores).
    #[prop_or_default]
    pub practice: checklist::Practice,
    /// Applies the quick fix of the finding with this rule code.
    pub on_fix: Callback<&'static str>,
    /// Opens the lessons tab (after a lesson was opened from here).
    pub on_lesson: Callback<()>,
    /// Selects a range of the editor's text (a stress-test cause's line).
    #[prop_or_default]
    pub on_jump: Callback<(usize, usize)>,
}

/// The checklist panel.
#[function_component]
pub fn ChecklistPanel(props: &ChecklistPanelProps) -> Html {
    let teach = &props.teach;
    let Some(diagnostics) = teach.editor.diagnostics.clone() else {
        return html! { <div class="checklist" data-testid="checklist"><p class="teach-intro">{ "Checking the manifest…" }</p></div> };
    };
    // the stress test: run on the editor's text a moment after it last changed, one drill per
    // slice so that typing never waits for it; it judges the three "tested" items once done
    let drill = use_state(|| None::<StressRun>);
    {
        let drill = drill.clone();
        use_effect_with(teach.editor.text.clone(), move |text| {
            // set when the text changes again or the panel goes: the pending slices stop
            let cancelled = Rc::new(Cell::new(false));
            let text = text.clone();
            let started = {
                let cancelled = cancelled.clone();
                Timeout::new(STRESS_IDLE_MS, move || {
                    let files = [SourceFile::new("manifest.yaml", &*text)];
                    match ordinal_core::drill::Prepared::new(&files, 1) {
                        Err(report) => drill.set(Some(StressRun { text, report: Rc::new(report), total: 0 })),
                        Ok(prepared) => {
                            let total = prepared.len();
                            drill.set(Some(StressRun { text: text.clone(), report: Rc::new(ordinal_core::drill::Report::default()), total }));
                            next_drill(Rc::new(prepared), 0, Vec::new(), text, drill, cancelled);
                        }
                    }
                })
            };
            // a new text (or leaving the tab) cancels what is pending
            move || {
                cancelled.set(true);
                drop(started);
            }
        });
    }
    let current = drill.as_ref().filter(|r| *r.text == *teach.editor.text).cloned();
    let done = current.as_ref().is_some_and(StressRun::done);
    let mut practice = props.practice.clone();
    practice.drill = current.as_ref().filter(|_| done).map(|r| (*r.report).clone());
    let items = checklist::evaluate_practised(&[SourceFile::new("manifest.yaml", &*teach.editor.text)], &diagnostics, &practice);
    let judged = items.iter().filter(|i| i.status != Status::Manual).count();
    let passed = items.iter().filter(|i| i.status.passed()).count();
    let ticked = items.iter().filter(|i| i.status == Status::Manual && teach.state.ticks.contains(i.id)).count();
    let manual = items.len() - judged;

    let rows = items.iter().map(|item| {
        let lesson_link = |id: &'static str| {
            let t = teach.clone();
            let on_lesson = props.on_lesson.clone();
            let index = lessons::lessons().iter().position(|l| l.id == id);
            let title = index.map(|i| format!("Lesson {}", lessons::lessons()[i].number)).unwrap_or_default();
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(i) = index {
                    t.open(i, 0);
                    on_lesson.emit(());
                }
            });
            html! { <button type="button" class="btn btn-small btn-link" {onclick}>{ title }</button> }
        };
        let (mark, class, detail) = match &item.status {
            Status::Pass { reason } => ("✔", "pass", html! { <span class="check-reason">{ markdown::render_inline(reason) }</span> }),
            Status::Fail { reason, rule, lesson } => {
                let fixable = rule.and_then(|code| diagnostics.iter().find(|d| d.code == code)).is_some_and(|d| d.fix.is_some());
                let fix = rule.filter(|_| fixable).map(|code| {
                    let on_fix = props.on_fix.clone();
                    let onclick = Callback::from(move |_: MouseEvent| on_fix.emit(code));
                    html! { <button type="button" class="btn btn-small" {onclick} data-testid={format!("checklist-fix-{}", item.id)}>{ format!("Fix ({code})") }</button> }
                });
                let code = rule.filter(|_| !fixable).map(|c| html! { <code class="check-rule">{ c }</code> });
                (
                    "✘",
                    "fail",
                    html! {
                        <>
                            <span class="check-reason">{ markdown::render_inline(reason) }</span>
                            <span class="check-links">{ for fix }{ for code }{ for lesson.map(lesson_link) }</span>
                        </>
                    },
                )
            }
            Status::Manual => {
                let checked = teach.state.ticks.contains(item.id);
                let onchange = {
                    let t = teach.clone();
                    let id = item.id.to_owned();
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        t.dispatch(TeachAction::Tick(id.clone(), on));
                    })
                };
                let input_id = format!("tick-{}", item.id);
                (
                    if checked { "☑" } else { "☐" },
                    if checked { "ticked" } else { "manual" },
                    html! {
                        <>
                            <span class="check-reason">
                                <input type="checkbox" id={input_id.clone()} {checked} {onchange} data-testid={format!("tick-{}", item.id)} />
                                <label for={input_id}>{ "Done — only you can know; the YAML cannot show it." }</label>
                            </span>
                            <span class="check-links">{ lesson_link(item.lesson) }</span>
                        </>
                    },
                )
            }
        };
        html! {
            <li class={classes!("check-item", class)} data-testid={format!("check-{}", item.id)} data-status={class}>
                <span class="check-mark" aria-hidden="true">{ mark }</span>
                <div class="check-body">
                    <span class="check-text">{ item.text }</span>
                    { detail }
                </div>
            </li>
        }
    });

    let progress = match &current {
        None => "Runs a moment after the manifest last changed.".to_owned(),
        Some(r) if r.report.error.is_some() => String::new(),
        Some(r) if !r.done() => format!("Running drill {} of {}…", r.report.drills.len() + 1, r.total),
        Some(_) => String::new(),
    };
    let card = current.as_ref().map(|r| stress_card(&r.report, &teach.editor.text, &props.on_jump));

    html! {
        <div id="teach-checklist" class="checklist" data-testid="checklist">
            <p class="checklist-summary" role="status">
                { format!("{passed} of {judged} judged · {ticked} of {manual} ticked by you") }
            </p>
            <ol class="check-list">{ for rows }</ol>
            <section class="stress-test" data-testid="stress-test" aria-label="Stress test">
                <h3>{ "Stress test" }</h3>
                <p class="teach-intro">
                    { "Plays twelve faults on the manifest, each on a fresh simulated cluster: delete each pod, drain and lose each node, scale to 1 and back, roll an image that cannot be pulled and back, delete the set and apply it again. Once done it judges the three \"tested\" items above." }
                </p>
                if !progress.is_empty() { <p class="stress-progress" data-testid="stress-progress" role="status">{ progress }</p> }
                <div data-testid="stress-card" data-done={done.to_string()}>{ for card }</div>
            </section>
        </div>
    }
}

/// The stress test's report card: each drill's outcome and figures, each cause with a link to
/// its line in the editor.
fn stress_card(report: &ordinal_core::drill::Report, text: &str, on_jump: &Callback<(usize, usize)>) -> Html {
    if let Some(e) = &report.error {
        return html! { <p class="stress-error" data-testid="stress-error">{ format!("No drill ran: {e}") }</p> };
    }
    let index = ordinal_core::yaml::LineIndex::new(text);
    let drills = report.drills.iter().map(|d| {
        let causes = d.causes.iter().map(|c| {
            let at = index.offset(c.line as u32, c.column as u32);
            let end = index.line_end(c.line as u32);
            let jump = on_jump.clone();
            let onclick = Callback::from(move |_: MouseEvent| jump.emit((at, end.max(at))));
            html! {
                <li class="stress-cause">
                    <button type="button" class="btn btn-small btn-link" {onclick} data-testid="stress-line">{ format!("line {}", c.line) }</button>
                    { " " }{ c.rule.map(|r| html! { <code class="check-rule">{ r }</code> }) }{ " " }{ c.message.clone() }
                </li>
            }
        });
        html! {
            <li class={classes!("stress-drill", format!("is-{}", d.outcome))} data-testid="stress-drill" data-outcome={d.outcome}>
                <span class="stress-outcome">{ d.outcome }</span>
                <span class="stress-name">{ d.name.clone() }</span>
                <span class="stress-figures">{ format!("min Ready {} · {} s degraded · {} s without pod 0", d.min_ready, d.seconds_degraded, d.seconds_without_pod0) }</span>
                if !d.causes.is_empty() { <ul class="stress-causes">{ for causes }</ul> }
            </li>
        }
    });
    html! { <ol class="stress-drills" data-testid="stress-drills">{ for drills }</ol> }
}

/// How long the text must stay unchanged before the stress test starts.
const STRESS_IDLE_MS: u32 = 600;

/// The stress test of one text: the drills done so far, of `total`.
#[derive(Clone, PartialEq)]
struct StressRun {
    text: Rc<str>,
    report: Rc<ordinal_core::drill::Report>,
    total: usize,
}

impl StressRun {
    fn done(&self) -> bool {
        self.report.error.is_some() || self.report.drills.len() == self.total
    }
}

/// Runs drill `i`, shows the report so far, and leaves the next drill to the next slice.
fn next_drill(prepared: Rc<ordinal_core::drill::Prepared>, i: usize, mut done: Vec<ordinal_core::drill::DrillResult>, text: Rc<str>, state: UseStateHandle<Option<StressRun>>, cancelled: Rc<Cell<bool>>) {
    if i >= prepared.len() || cancelled.get() {
        return;
    }
    done.push(prepared.run(i));
    state.set(Some(StressRun { text: text.clone(), report: Rc::new(ordinal_core::drill::Report { drills: done.clone(), error: None }), total: prepared.len() }));
    // the next slice: a timer the cancellation flag stops (it is never dropped while it runs)
    Timeout::new(0, move || next_drill(prepared, i + 1, done, text, state, cancelled)).forget();
}
