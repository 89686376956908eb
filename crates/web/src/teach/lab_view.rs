//! The lab of a lesson: the simulated cluster's pods by ordinal with their claims, an Apply
//! button, the Cluster tab's play/pause and speed controls, a click on a pod to delete it,
//! and a terminal that answers from the model and keeps its newest output in view.

use ordinal_core::lessons::{lab, Highlight};
use ordinal_core::sim::model::{ClaimPhase, ContainerState, Pod, PodPhase};
use ordinal_core::sim::time::format_duration_ms;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Teach, TeachAction};
use crate::cluster::controls::Playback;

/// The lab view's properties.
#[derive(Properties, PartialEq)]
pub struct LabViewProps {
    /// The teaching handle.
    pub teach: Teach,
    /// What the open step points at (an object of the lab is outlined).
    #[prop_or_default]
    pub highlight: Option<Highlight>,
}

/// `Pending`, `ContainerCreating`, `Running 0/1`, `Ready 1/1`, `Terminating`: what a learner
/// reads on a pod.
pub fn pod_status(p: &Pod) -> (&'static str, String) {
    if p.meta.terminating() {
        return ("terminating", "Terminating".into());
    }
    if p.status.initializing() {
        // kubectl's own words: Init:0/1, Init:Error, Init:CrashLoopBackOff
        let status = ordinal_core::sim::views::get::pod_status(p);
        let failing = status.contains("Error") || status.contains("BackOff");
        return (if failing { "failing" } else { "creating" }, status);
    }
    match (p.status.phase, &p.status.container) {
        (PodPhase::Running, _) if p.status.ready => ("ready", "Ready 1/1".into()),
        (PodPhase::Running, Some(ContainerState::Waiting { reason, .. })) => ("failing", reason.clone()),
        (PodPhase::Running, _) => ("running", "Running 0/1".into()),
        (PodPhase::Pending, Some(ContainerState::Waiting { reason, .. })) => ("creating", reason.clone()),
        (PodPhase::Pending, _) if p.status.node.is_some() => ("creating", "ContainerCreating".into()),
        (PodPhase::Pending, _) => ("pending", "Pending".into()),
        (PodPhase::Failed, _) => ("failing", p.status.reason.clone().unwrap_or_else(|| "Failed".into())),
        (PodPhase::Succeeded, _) => ("pending", "Completed".into()),
    }
}

/// The lab view.
#[function_component]
pub fn LabView(props: &LabViewProps) -> Html {
    let teach = &props.teach;
    let input = use_node_ref();
    let transcript_ref = use_node_ref();
    let history_at = use_mut_ref(|| None::<usize>);
    // the transcript follows its newest output, as the Cluster tab's terminal does
    {
        let transcript_ref = transcript_ref.clone();
        use_effect_with(teach.state.commands_run, move |_| {
            if let Some(el) = transcript_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let outlined = match &props.highlight {
        Some(Highlight::Object(o)) => Some(o.to_string()),
        _ => None,
    };

    let lab = teach.lab.borrow();
    let watching = lab.as_ref().is_some_and(lab::Lab::watching);
    let (pods, claims, clock, busy) = match lab.as_ref() {
        None => (Vec::new(), Vec::new(), "0s".to_owned(), false),
        Some(l) => {
            let s = l.sim().snapshot();
            let pods: Vec<Html> = s
                .pods
                .values()
                .filter(|p| p.meta.namespace == lab::NAMESPACE)
                .map(|p| {
                    let (class, text) = pod_status(p);
                    let name = p.meta.name.clone();
                    let object = format!("pod/{name}");
                    let outline = outlined.as_deref() == Some(object.as_str());
                    let onclick = {
                        let t = teach.clone();
                        let name = name.clone();
                        Callback::from(move |_: MouseEvent| t.delete_pod(&name))
                    };
                    let ordinal = p.parent_ordinal.as_ref().map_or("?".to_owned(), |(_, o)| o.to_string());
                    let claims = p.claim_names().join(", ");
                    html! {
                        <li>
                            <button type="button" class={classes!("lab-pod", class, outline.then_some("teach-outline"))}
                                    data-object={object} data-status={class} {onclick}
                                    aria-label={format!("{name}: {text}. Click to delete it.")} title="Click to delete this pod">
                                <span class="lab-ordinal">{ ordinal }</span>
                                <span class="lab-pod-name">{ name.clone() }</span>
                                <span class="lab-pod-status">{ text }</span>
                                <span class="lab-pod-claims">{ claims }</span>
                            </button>
                        </li>
                    }
                })
                .collect();
            let claims: Vec<Html> = s
                .claims
                .values()
                .filter(|c| c.meta.namespace == lab::NAMESPACE)
                .map(|c| {
                    let phase = if c.meta.terminating() { "Terminating" } else { c.phase.as_str() };
                    let class = if c.phase == ClaimPhase::Bound && !c.meta.terminating() { "bound" } else { "waiting" };
                    html! { <li class={classes!("lab-claim", class)} data-object={format!("pvc/{}", c.meta.name)}>{ format!("{} · {phase}", c.meta.name) }</li> }
                })
                .collect();
            // the budgets and Secrets the lesson applied (names and keys, never values)
            let mut claims = claims;
            for (k, p) in s.pdbs.iter().filter(|(k, _)| k.namespace == lab::NAMESPACE) {
                let class = if p.status.disruptions_allowed > 0 { "bound" } else { "waiting" };
                claims.push(html! { <li class={classes!("lab-claim", class)} data-object={format!("pdb/{}", k.name)}>{ format!("pdb/{} · allowed disruptions {}", k.name, p.status.disruptions_allowed) }</li> });
            }
            for ((_, k), o) in s.others.iter().filter(|((kind, k), _)| kind == "Secret" && k.namespace == lab::NAMESPACE) {
                let keys = o.data_keys();
                claims.push(html! { <li class="lab-claim bound" data-object={format!("secret/{}", k.name)}>{ format!("secret/{} · keys: {}", k.name, keys.join(", ")) }</li> });
            }
            // the backups the lesson made: CronJobs, Jobs, snapshots, dumps on claims and on
            // the learner's side, as the Cluster tab's backups row has them
            for b in crate::cluster::scene::backup_cards(s, &l.sim().clock(), l.sim().local_files()) {
                if !b.namespace.is_empty() && b.namespace != lab::NAMESPACE {
                    continue;
                }
                let (object, label) = match b.kind {
                    "Files" => (format!("pvc/{}", b.name), format!("files on {} · {}", b.name, b.lines.join(", "))),
                    "Local" => ("local".to_owned(), format!("your side · {}", b.lines.join(", "))),
                    kind => (format!("{}/{}", kind.to_ascii_lowercase(), b.name), format!("{}/{} · {}", kind.to_ascii_lowercase(), b.name, b.state)),
                };
                let class = if b.trouble { "failing" } else if matches!(b.state.as_str(), "Complete" | "ready") || matches!(b.kind, "Files" | "Local" | "CronJob") { "bound" } else { "waiting" };
                claims.push(html! { <li class={classes!("lab-claim", class)} data-object={object} data-testid="lab-backup">{ label }</li> });
            }
            (pods, claims, format_duration_ms(l.sim().now().as_millis()), l.busy())
        }
    };
    drop(lab);

    let onsubmit = {
        let t = teach.clone();
        let input = input.clone();
        let history_at = history_at.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let line = el.value();
                if !line.trim().is_empty() {
                    t.run(&line);
                    el.set_value("");
                    *history_at.borrow_mut() = None;
                }
            }
        })
    };
    // ↑ and ↓ walk the commands typed before
    let onkeydown = {
        let t = teach.clone();
        let input = input.clone();
        Callback::from(move |e: KeyboardEvent| {
            let up = e.key() == "ArrowUp";
            if !up && e.key() != "ArrowDown" {
                return;
            }
            let commands: Vec<String> = t.state.transcript.iter().map(|x| x.command.clone()).collect();
            if commands.is_empty() {
                return;
            }
            e.prevent_default();
            let mut at = history_at.borrow_mut();
            let i = match (*at, up) {
                (None, true) => commands.len() - 1,
                (Some(i), true) => i.saturating_sub(1),
                (Some(i), false) if i + 1 < commands.len() => i + 1,
                _ => {
                    *at = None;
                    if let Some(el) = input.cast::<HtmlInputElement>() {
                        el.set_value("");
                    }
                    return;
                }
            };
            *at = Some(i);
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.set_value(&commands[i]);
            }
        })
    };
    let apply = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.apply())
    };
    let reset = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.reset_lab())
    };
    let wide = teach.state.wide;
    let toggle_wide = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::Wide(!wide)))
    };
    let clear = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.dispatch(TeachAction::ClearTranscript))
    };
    let on_playing = {
        let t = teach.clone();
        Callback::from(move |on: bool| t.dispatch(TeachAction::LabPlaying(on)))
    };
    let on_speed = {
        let t = teach.clone();
        Callback::from(move |speed: f64| t.dispatch(TeachAction::LabSpeed(speed)))
    };
    let transcript = teach.state.transcript.iter().map(|e| {
        html! {
            <div class={classes!("lab-entry", e.watching.then_some("lab-watching"))}>
                if !e.command.is_empty() {
                    <div class="lab-command">{ format!("$ {}", e.command) }</div>
                }
                if !e.output.is_empty() {
                    <pre class={classes!("lab-output", e.failed.then_some("lab-error"))}>{ e.output.trim_end() }</pre>
                }
            </div>
        }
    });
    let outline_panel = |panel: &str| matches!(&props.highlight, Some(Highlight::Panel(p)) if p.as_str() == panel);

    html! {
        <section id="teach-lab" class={classes!("lab", outline_panel("cluster").then_some("teach-outline"))} aria-label="Lab cluster" data-testid="lab">
            <div class="lab-bar">
                <h4 class="lab-title">{ "Lab cluster" }<span class="lab-ns">{ format!(" · namespace {}", lab::NAMESPACE) }</span></h4>
                <span class="lab-clock" data-testid="lab-clock" data-busy={busy.to_string()}>{ format!("t = {clock}{}", if busy && teach.state.playing { " ▸" } else { "" }) }</span>
                <button type="button" class="btn btn-small btn-primary" onclick={apply} data-testid="lab-apply" title="kubectl apply the editor's manifests">{ "Apply" }</button>
                <button type="button" class="btn btn-small" onclick={reset} title="Back to the lesson's starting cluster">{ "Reset" }</button>
                <span class="lab-playback" role="group" aria-label="Lab playback">
                    <Playback playing={teach.state.playing} speed={teach.state.speed} {on_playing} {on_speed} testid="lab" />
                </span>
                <button type="button" class="btn btn-small" onclick={toggle_wide} aria-pressed={wide.to_string()} data-testid="lab-wide"
                        title="Hide the editor, so that wide tables fit">{ if wide { "Show the editor" } else { "Wide" } }</button>
            </div>
            if pods.is_empty() {
                <p class="lab-empty">{ "No pods yet. Apply the manifests to start." }</p>
            } else {
                <ol class="lab-pods" data-testid="lab-pods">{ for pods }</ol>
            }
            if !claims.is_empty() {
                <ul class="lab-claims">{ for claims }</ul>
            }
            <div id="teach-terminal" class={classes!("lab-terminal", outline_panel("terminal").then_some("teach-outline"))}>
                <div ref={transcript_ref} class="lab-transcript" role="log" aria-label="Lab terminal output" tabindex="0" data-testid="lab-transcript">{ for transcript }
                    if watching {
                        <p class="lab-note" data-testid="lab-watching">{ "Watching: changes print above as they happen; the next command stops the watch." }</p>
                    }
                </div>
                <form class="lab-prompt" {onsubmit}>
                    <label for="lab-input" class="lab-dollar">{ "$" }</label>
                    <input id="lab-input" ref={input.clone()} type="text" autocomplete="off" spellcheck="false" {onkeydown} onpaste={crate::cluster::terminal::paste_command(input.clone())}
                           placeholder="kubectl get pods" aria-label="Lab terminal command" data-testid="lab-input" />
                    <button type="button" class="btn btn-small" onclick={clear}>{ "Clear" }</button>
                </form>
            </div>
        </section>
    }
}
