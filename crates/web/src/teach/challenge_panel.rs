//! "Fix it" challenges: the list beside the lessons (the symptom's title and what was done),
//! and the open challenge: the symptom, the broken cluster in the lab, three hints shown one
//! at a time, the simulator's waiting reason on request, ✔ when the check holds, and the
//! solution (its explanation, and its moves played) only when asked for.

use ordinal_core::lessons::challenge::{self, Challenge};
use ordinal_core::lessons::progress::ChallengeProgress;
use yew::prelude::*;

use super::{LabView, Teach, TeachAction};
use crate::markdown;

/// The challenge components' properties.
#[derive(Properties, PartialEq)]
pub struct ChallengeProps {
    /// The teaching handle.
    pub teach: Teach,
}

/// What the list says of a challenge: fixed (and how), or the help taken so far.
pub fn progress_text(p: &ChallengeProgress) -> String {
    let hints = match p.hints {
        0 => String::new(),
        1 => "1 hint".to_owned(),
        n => format!("{n} hints"),
    };
    let help = [(!hints.is_empty()).then_some(hints.as_str()), p.solution_shown.then_some("solution shown")].into_iter().flatten().collect::<Vec<_>>().join(", ");
    match (p.fixed, help.is_empty()) {
        (true, true) => "✔ fixed".to_owned(),
        (true, false) => format!("✔ fixed ({help})"),
        (false, true) if p.asked_why => "opened".to_owned(),
        (false, true) => "not tried".to_owned(),
        (false, false) => help,
    }
}

/// The "Fix it" list of the Lessons tab.
#[function_component]
pub fn ChallengeList(props: &ChallengeProps) -> Html {
    let teach = &props.teach;
    let items = challenge::challenges().iter().enumerate().map(|(i, c)| {
        let onclick = {
            let t = teach.clone();
            Callback::from(move |_: MouseEvent| t.open_challenge(i))
        };
        let p = teach.state.challenge_progress(c);
        html! {
            <li>
                <button type="button" class="lesson-card challenge-card" {onclick} data-testid={format!("open-challenge-{}", c.id)}>
                    <span class="lesson-number">{ c.number }</span>
                    <span class="lesson-text"><span class="lesson-title">{ c.title }</span></span>
                    <span class={classes!("lesson-steps", p.fixed.then_some("lesson-complete"))} data-testid={format!("challenge-progress-{}", c.id)}>{ progress_text(&p) }</span>
                </button>
            </li>
        }
    });
    html! {
        <section class="teach-list-challenges" aria-labelledby="challenges-title" data-testid="challenges">
            <h3 id="challenges-title" class="teach-list-title" tabindex="-1">{ "Fix it" }</h3>
            <p class="teach-intro">{ "A cluster broken as production clusters break, described by its symptom alone. Investigate in the lab's terminal, fix it, and it ticks itself." }</p>
            <ol class="lesson-list">{ for items }</ol>
        </section>
    }
}

/// The open challenge.
#[function_component]
pub fn ChallengePanel(props: &ChallengeProps) -> Html {
    let teach = &props.teach;
    let state = &*teach.state;
    let title_ref = use_node_ref();
    let fixed = teach.challenge_fixed();
    let c: Option<&'static Challenge> = state.challenge();
    let p = c.map(|c| state.challenge_progress(c)).unwrap_or_default();
    // a new challenge takes the focus to its title
    {
        let title_ref = title_ref.clone();
        use_effect_with(state.challenge, move |_| {
            if let Some(el) = title_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    // fixed is kept once the check holds
    {
        let t = teach.clone();
        let record = fixed == Some(true) && !p.fixed;
        use_effect_with((state.challenge, record), move |&(_, record)| {
            if record {
                t.dispatch(TeachAction::Fixed);
            }
        });
    }
    let Some(c) = c else { return html! {} };
    let act = |action: fn() -> TeachAction| {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(action()))
    };
    let close = act(|| TeachAction::Close);
    let why = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.ask_why())
    };
    let play = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.play_challenge_solution())
    };
    let shown = usize::from(p.hints).min(c.hints.len());
    let hints = c.hints.iter().take(shown).enumerate().map(|(i, h)| html! {
        <li data-testid={format!("hint-{}", i + 1)}><span class="hint-level">{ format!("Hint {}: ", i + 1) }</span>{ markdown::render_inline(h) }</li>
    });
    let status = match fixed {
        Some(true) => html! { <p class="step-check step-done" role="status" data-testid="challenge-status" data-done="true">{ "✔ Fixed: the cluster works again." }</p> },
        Some(false) => html! { <p class="step-check" role="status" data-testid="challenge-status" data-done="false">{ "○ Still broken" }</p> },
        None => html! { <p class="step-check" role="status" data-testid="challenge-status" data-done="false">{ "… checking" }</p> },
    };
    html! {
        <div class="challenge" data-testid="challenge" data-challenge={c.id}>
            <div class="lesson-bar">
                <button type="button" class="btn btn-small" onclick={close} aria-label="All lessons and challenges">{ "☰ Lessons" }</button>
                <span class="lesson-name" data-testid="lesson-name">{ format!("Fix it {} · {}", c.number, c.title) }</span>
                <span class="lesson-where" data-testid="lesson-where">{ if fixed == Some(true) { "Fixed".to_owned() } else { format!("Hints {shown} of {}", c.hints.len()) } }</span>
                { super::lesson_panel::presenter_toggle(teach) }
            </div>
            <div class="step-body">
                <article class="step" aria-live="polite">
                    <h3 class="step-title" ref={title_ref} tabindex="-1" data-testid="challenge-title">
                        <span class="step-count">{ format!("Fix it · challenge {}", c.number) }</span>
                        { c.title }
                    </h3>
                    <div class="step-narration challenge-symptom" data-testid="symptom">{ markdown::render(c.symptom, 4) }</div>
                    <div class="step-action">
                        <span class="action-icon" aria-hidden="true">{ "⌨" }</span>
                        <div class="action-text">{ "Investigate in the lab's terminal (" }<code>{ "kubectl get pods" }</code>{ ", " }<code>{ "kubectl describe" }</code>{ ", " }<code>{ "why" }</code>{ "), then fix it there or in the editor and Apply." }</div>
                    </div>
                    <div class="step-status">{ status }</div>
                    if shown > 0 {
                        <ol class="challenge-hints" aria-label="Hints">{ for hints }</ol>
                    }
                    <div class="challenge-help">
                        <button type="button" class="btn btn-small" onclick={act(|| TeachAction::Hint)} disabled={shown >= c.hints.len()} data-testid="hint">
                            { if shown >= c.hints.len() { "No more hints".to_owned() } else { format!("Hint {} of {}", shown + 1, c.hints.len()) } }
                        </button>
                        <button type="button" class="btn btn-small" onclick={why} data-testid="why">{ "Why is it waiting?" }</button>
                        if !p.solution_shown {
                            <button type="button" class="btn btn-small btn-link" onclick={act(|| TeachAction::ShowSolution)} data-testid="show-solution">{ "Show the solution" }</button>
                        }
                    </div>
                    if let Some(why) = &state.why {
                        <section class="challenge-why" aria-label="Why it is waiting" data-testid="why-text">
                            <h4 class="predict-title">{ "Why it is waiting (the simulator's why, when you asked)" }</h4>
                            <pre>{ why }</pre>
                        </section>
                    }
                    if p.solution_shown {
                        <section class="challenge-solution" aria-labelledby="solution-title" data-testid="solution">
                            <h4 id="solution-title" class="predict-title">{ "The solution" }</h4>
                            <div class="step-narration">{ markdown::render(c.explanation, 5) }</div>
                            <button type="button" class="btn btn-small" onclick={play} disabled={fixed == Some(true)} data-testid="play-solution">{ "Play the solution" }</button>
                        </section>
                    }
                </article>
                <LabView teach={teach.clone()} highlight={None} />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_says_what_was_done_in_a_challenge() {
        let mut p = ChallengeProgress::default();
        assert_eq!(progress_text(&p), "not tried");
        p.asked_why = true;
        assert_eq!(progress_text(&p), "opened");
        p.hints = 1;
        assert_eq!(progress_text(&p), "1 hint");
        p.hints = 2;
        p.solution_shown = true;
        assert_eq!(progress_text(&p), "2 hints, solution shown");
        p.fixed = true;
        assert_eq!(progress_text(&p), "✔ fixed (2 hints, solution shown)");
        assert_eq!(progress_text(&ChallengeProgress { fixed: true, ..ChallengeProgress::default() }), "✔ fixed");
    }
}
