//! The production checklist: the guide's thirteen items, the eight that YAML shows judged
//! against the editor's text (✔ or ✘, the reason, the quick fix and the lesson; the backups
//! item also by what the learner did in the Cluster tab), the five that it cannot show ticked
//! by the learner and remembered in this browser.

use ordinal_core::checklist::{self, Status};
use ordinal_core::lessons;
use ordinal_core::rules::SourceFile;
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
    // the stress test, run on demand on the editor's text; it judges the three "tested" items
    // until the text changes
    let drill = use_state(|| None::<(std::rc::Rc<str>, std::rc::Rc<ordinal_core::drill::Report>)>);
    let current = drill.as_ref().filter(|(text, _)| **text == *teach.editor.text).map(|(_, r)| r.clone());
    let mut practice = props.practice.clone();
    practice.drill = current.as_deref().cloned();
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

    let run_drill = {
        let drill = drill.clone();
        let text = teach.editor.text.clone();
        Callback::from(move |_: MouseEvent| {
            let report = ordinal_core::drill::run(&[SourceFile::new("manifest.yaml", &*text)], 1);
            drill.set(Some((text.clone(), std::rc::Rc::new(report))));
        })
    };
    let stale = drill.is_some() && current.is_none();
    let card = current.map(|report| stress_card(&report, &teach.editor.text, &props.on_jump));

    html! {
        <div id="teach-checklist" class="checklist" data-testid="checklist">
            <p class="checklist-summary" role="status">
                { format!("{passed} of {judged} judged · {ticked} of {manual} ticked by you") }
            </p>
            <ol class="check-list">{ for rows }</ol>
            <section class="stress-test" data-testid="stress-test" aria-label="Stress test">
                <h3>{ "Stress test" }</h3>
                <p class="teach-intro">
                    { "Plays twelve faults on the manifest, each on a fresh simulated cluster: delete each pod, drain and lose each node, scale to 1 and back, roll an image that cannot be pulled and back, delete the set and apply it again. It judges the three \"tested\" items above." }
                    if stale { { " The manifest changed since the last run." } }
                </p>
                <button type="button" class="btn" onclick={run_drill} data-testid="stress-run">{ if drill.is_some() { "Run it again" } else { "Run the stress test" } }</button>
                { for card }
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
