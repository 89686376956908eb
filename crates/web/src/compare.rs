//! "Compare with a Deployment": the StatefulSet in the editor and its nearest Deployment, side
//! by side on one simulated cluster (`ordinal_core::compare`). The learner plays the same move
//! on both and reads, after each, what each controller did and the difference.

use std::cell::RefCell;
use std::rc::Rc;

use ordinal_core::compare::{Comparison, Move, PodView};
use yew::prelude::*;

/// The comparison kept across unmounts (switching tabs), with the text it was made from.
#[derive(Clone, Default)]
pub struct CompareKeep(pub Rc<RefCell<Option<(Rc<str>, Result<Comparison, String>)>>>);

impl CompareKeep {
    /// Plays a move, making the comparison from `text` first when there is none (or when it
    /// was made from another text that failed).
    pub fn play(&self, text: &Rc<str>, played: Move) {
        let mut held = self.0.borrow_mut();
        if !matches!(held.as_ref(), Some((_, Ok(_)))) {
            *held = Some((text.clone(), Comparison::new(text, 7)));
        }
        if let Some((_, Ok(c))) = held.as_mut() {
            c.play(played);
        }
    }

    /// The moves played so far, oldest first.
    pub fn moves(&self) -> Vec<Move> {
        match self.0.borrow().as_ref() {
            Some((_, Ok(c))) => c.log.iter().map(|e| e.played).collect(),
            _ => Vec::new(),
        }
    }
}

impl PartialEq for CompareKeep {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The view's properties.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The editor's text.
    pub text: Rc<str>,
    /// The comparison kept across unmounts.
    #[prop_or_default]
    pub keep: CompareKeep,
    /// Called after the comparison changed (a lesson step re-checks itself).
    #[prop_or_default]
    pub on_change: Callback<()>,
}

/// A line of a manifest diff: `-`, `+` or ` `.
pub fn line_diff(old: &str, new: &str) -> Vec<(char, String)> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // the longest common subsequence, by lines
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push((' ', a[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(('+', b[j].to_owned()));
            j += 1;
        } else {
            out.push(('-', a[i].to_owned()));
            i += 1;
        }
    }
    out
}

fn pod_card(p: &PodView) -> Html {
    let state = if p.terminating {
        "is-terminating"
    } else if p.ready {
        "is-ready"
    } else {
        "is-waiting"
    };
    html! {
        <li class={classes!("compare-pod", state)} data-pod={p.name.clone()} data-testid="compare-pod">
            <span class="compare-pod-name">{ &p.name }</span>
            <span class="compare-pod-status">{ &p.status }</span>
            <span class="compare-pod-node">{ p.node.clone().unwrap_or_else(|| "not scheduled".to_owned()) }</span>
            if !p.claims.is_empty() {
                <span class="compare-pod-claims">{ format!("claim {}", p.claims.join(", ")) }</span>
            }
        </li>
    }
}

/// The comparison view.
#[function_component]
pub fn CompareView(props: &CompareProps) -> Html {
    let version = use_state(|| 0u32);
    let keep = props.keep.clone();
    let start = {
        let keep = keep.clone();
        let text = props.text.clone();
        let version = version.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            *keep.0.borrow_mut() = Some((text.clone(), Comparison::new(&text, 7)));
            version.set(*version + 1);
            on_change.emit(());
        })
    };
    let held = keep.0.borrow();
    let Some((made_from, result)) = held.as_ref() else {
        return html! {
            <section class="compare" aria-label="Compare with a Deployment">
                <p class="compare-intro">{ "Why not a Deployment? Turn the StatefulSet in the editor into the nearest Deployment and DaemonSet and play them side by side on one cluster: delete a pod, scale, lose a node, roll an image, and see what each controller does." }</p>
                <button type="button" class="btn btn-primary compare-start" onclick={start} data-testid="compare-start">{ "Compare with a Deployment" }</button>
            </section>
        };
    };
    let stale = made_from != &props.text;
    let comparison = match result {
        Ok(c) => c,
        Err(e) => {
            return html! {
                <section class="compare" aria-label="Compare with a Deployment">
                    <p class="compare-error" role="alert">{ format!("Nothing to compare: {e}.") }</p>
                    <button type="button" class="btn btn-primary compare-start" onclick={start}>{ "Compare again" }</button>
                </section>
            };
        }
    };
    let moves = Move::ALL.iter().map(|m| {
        let keep = keep.clone();
        let version = version.clone();
        let on_change = props.on_change.clone();
        let m = *m;
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some((_, Ok(c))) = keep.0.borrow_mut().as_mut() {
                c.play(m);
            }
            version.set(*version + 1);
            on_change.emit(());
        });
        html! { <button type="button" class="btn compare-move" data-move={m.id()} data-testid="compare-move" {onclick}>{ m.title() }</button> }
    });
    let lanes = (0..ordinal_core::compare::LANES).map(|i| {
        let lane = &comparison.lanes[i];
        let pods = comparison.pods(i);
        html! {
            <div class={classes!("compare-lane", format!("lane-{}", lane.kind.to_lowercase()))} data-testid="compare-lane" data-kind={lane.kind}>
                <h3>{ format!("{} {}", lane.kind, lane.name) }</h3>
                <p class="compare-lane-sub">{ format!("namespace {}", lane.namespace) }</p>
                <ul class="compare-pods">{ for pods.iter().map(pod_card) }</ul>
                { for comparison.storage_notes(i).into_iter().map(|n| html! { <p class="compare-storage" data-testid="compare-storage">{ n }</p> }) }
                if !lane.dropped.is_empty() {
                    <details class="compare-dropped">
                        <summary>{ format!("What a {} cannot say ({})", lane.kind, lane.dropped.len()) }</summary>
                        <ul>{ for lane.dropped.iter().map(|d| html! { <li>{ crate::markdown::render_inline(d) }</li> }) }</ul>
                    </details>
                }
            </div>
        }
    });
    let diffs = comparison.lanes[1..].iter().map(|lane| {
        let lines = line_diff(&comparison.lanes[0].manifest, &lane.manifest).into_iter().map(|(tag, line)| {
            let class = match tag {
                '+' => "add",
                '-' => "del",
                _ => "",
            };
            html! { <div class={classes!("diff-line", class)}><span class="diff-sign">{ tag.to_string() }</span>{ line }</div> }
        });
        html! {
            <details class="compare-diff">
                <summary>{ format!("The manifests: StatefulSet → {}", lane.kind) }</summary>
                <pre class="diff">{ for lines }</pre>
            </details>
        }
    });
    let log = comparison.log.iter().rev().map(|e| {
        html! {
            <li class="compare-entry" data-move={e.played.id()} data-testid="compare-entry">
                <h4>{ e.played.title() }</h4>
                <p class="compare-difference" data-testid="compare-difference">{ &e.difference }</p>
                <div class="compare-entry-lanes">
                    { for e.lanes.iter().zip(comparison.lanes.iter()).map(|(lines, lane)| html! {
                        <div><h5>{ lane.kind }</h5><ul>{ for lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul></div>
                    }) }
                </div>
            </li>
        }
    });
    html! {
        <section class="compare" aria-label="Compare with a Deployment">
            if stale {
                <p class="compare-stale">
                    { "The editor changed since this comparison was made. " }
                    <button type="button" class="btn btn-small" onclick={start.clone()}>{ "Compare the new text" }</button>
                </p>
            }
            <p class="compare-intro">{ "The StatefulSet in the editor, the nearest Deployment and the nearest DaemonSet, on one cluster. Play a move on all three:" }</p>
            <div class="compare-moves" role="group" aria-label="Play on all three">{ for moves }</div>
            if let Some(last) = comparison.log.last() {
                <p class="compare-latest" aria-live="polite" data-testid="compare-latest"><strong>{ format!("{}: ", last.played.title()) }</strong>{ &last.difference }</p>
            }
            <div class="compare-lanes">{ for lanes }</div>
            if !comparison.log.is_empty() {
                <h3 class="compare-log-title">{ "What each controller did" }</h3>
            }
            <ol class="compare-log">{ for log }</ol>
            { for diffs }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_keeps_common_lines_and_marks_the_rest() {
        let d = line_diff("a\nb\nc\n", "a\nx\nc\n");
        assert_eq!(d, vec![(' ', "a".to_owned()), ('+', "x".to_owned()), ('-', "b".to_owned()), (' ', "c".to_owned())]);
        assert!(line_diff("", "a").iter().all(|(t, _)| *t == '+'));
    }
}
