//! The lab of a lesson: the simulated cluster drawn as the Cluster tab draws it (the same
//! [`Stage`]: nodes and their menu, the set with its pods, claims and volumes, budgets,
//! Secrets, backups; the object a step points at outlined as a selection is), an Apply
//! button, the Cluster tab's play/pause and speed controls, and a terminal that answers from
//! the model and keeps its newest output in view.

use std::rc::Rc;

use ordinal_core::lessons::{lab, Highlight};
use ordinal_core::sim::events::Kind;
use ordinal_core::sim::script;
use ordinal_core::sim::Simulation;
use ordinal_core::sim::time::format_duration_ms;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Teach, TeachAction};
use crate::cluster::controls::Playback;
use crate::cluster::scene::Scene;
use crate::cluster::state::Control;
use crate::cluster::log::Stream;
use crate::cluster::terminal::EventLog;
use crate::cluster::view::{PodActions, Stage};
use crate::cluster::{ObjKind, ObjRef};

/// The object a step's `object KIND/NAME` or `node NAME` highlight names, in the lab's
/// namespace (`node-of:POD` resolved on the lab as it is now).
pub fn highlighted(highlight: Option<&Highlight>, sim: &Simulation) -> Option<ObjRef> {
    let o = match highlight? {
        Highlight::Object(o) => o,
        Highlight::Node(spec) => {
            // node-of:POD names a pod of the lab's namespace
            let spec = script::node_of(spec).map_or_else(|| spec.clone(), |(prefix, pod)| format!("{prefix}{}/{pod}", lab::NAMESPACE));
            return script::resolve_node(sim, &spec).ok().map(|node| ObjRef::new(ObjKind::Node, "", &node));
        }
        _ => return None,
    };
    let kind = match o.kind {
        Kind::Pod => ObjKind::Pod,
        Kind::Claim => ObjKind::Claim,
        Kind::Volume => ObjKind::Volume,
        Kind::StatefulSet => ObjKind::StatefulSet,
        Kind::Service => ObjKind::Service,
        _ => return None,
    };
    Some(ObjRef::new(kind, lab::NAMESPACE, &o.name))
}

/// The lab view's properties.
#[derive(Properties, PartialEq)]
pub struct LabViewProps {
    /// The teaching handle.
    pub teach: Teach,
    /// What the open step points at (an object of the lab is outlined).
    #[prop_or_default]
    pub highlight: Option<Highlight>,
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
    // the learner's selection, or else what the step points at (a new step clears it)
    let selected = use_state_eq(|| None::<ObjRef>);
    {
        let selected = selected.clone();
        use_effect_with(props.highlight.clone(), move |_| selected.set(None));
    }
    let lab = teach.lab.borrow().clone();
    let session = lab.as_ref().map(|l| l.borrow());
    let outlined = (*selected).clone().or_else(|| highlighted(props.highlight.as_ref(), session.as_ref()?.sim()));
    let watching = session.as_ref().is_some_and(|s| s.lab().watching());
    let (scene, clock, busy) = match session.as_ref() {
        None => (None, "0s".to_owned(), false),
        Some(s) => (Some(Rc::new(Scene::of_lab(s.sim()))), format_duration_ms(s.now().as_millis()), s.lab().busy()),
    };
    // the event log, as the Cluster tab's shows it (Warning events, the controllers' reasons)
    let (last_line, events) = session.as_ref().map_or((None, 0), |s| {
        let lines = s.log().lines();
        (lines.last().map(|l| l.seq), lines.iter().filter(|l| l.stream == Stream::Events && l.object.is_some()).count())
    });
    drop(session);
    let selected_pod = (*selected).clone().filter(|o| o.kind == ObjKind::Pod && scene.as_ref().is_some_and(|s| s.objects().contains(o)));
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |o: ObjRef| selected.set(if selected.as_ref() == Some(&o) { None } else { Some(o) }))
    };
    // a button or a menu of the drawing: the command it stands for, as a click (an open watch
    // keeps printing)
    let on_control = {
        let t = teach.clone();
        Callback::from(move |c: Control| t.click(&c.command()))
    };
    let on_close = {
        let selected = selected.clone();
        Callback::from(move |()| selected.set(None))
    };
    let on_jump = teach.editor.select.clone();
    let empty = html! { <p class="lab-empty">{ "No pods yet. Apply the manifests to start." }</p> };

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
    let open_in_cluster = {
        let t = teach.clone();
        Callback::from(move |_: MouseEvent| t.open_in_cluster())
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
    let marked = match &props.highlight {
        Some(Highlight::Log(text)) => Some(text.clone()),
        _ => None,
    };
    let events_open = marked.is_some() || outline_panel("events");
    let event_log = lab.map(|session| {
        html! {
            <details id="teach-events" class={classes!("lab-events", outline_panel("events").then_some("teach-outline"))} open={events_open} data-testid="lab-events">
                <summary>{ format!("Events ({events})") }<span class="lab-events-command">{ " kubectl get events -w" }</span></summary>
                <EventLog {session} {last_line} streams={vec![Stream::Events]} selected={outlined.clone()} on_select={on_select.clone()} on_action={Callback::noop()} filters=false {marked} />
            </details>
        }
    });

    html! {
        <section id="teach-lab" class={classes!("lab", outline_panel("cluster").then_some("teach-outline"))} aria-label="Lab cluster" data-testid="lab">
            <div class="lab-bar">
                <h4 class="lab-title">{ "Lab cluster" }<span class="lab-ns">{ format!(" · namespace {}", lab::NAMESPACE) }</span></h4>
                <span class="lab-clock" data-testid="lab-clock" data-busy={busy.to_string()}>{ format!("t = {clock}{}", if busy && teach.state.playing { " ▸" } else { "" }) }</span>
                <button type="button" class="btn btn-small btn-primary" onclick={apply} data-testid="lab-apply" title="kubectl apply the editor's manifests">{ "Apply" }</button>
                <button type="button" class="btn btn-small" onclick={reset} title="Back to the lesson's starting cluster">{ "Reset" }</button>
                <button type="button" class="btn btn-small" onclick={open_in_cluster} data-testid="lab-open-cluster"
                        title="Go on with this cluster in the Cluster tab: rewind it, cut a node off, follow the event log">{ "Open in the Cluster tab" }</button>
                <span class="lab-playback" role="group" aria-label="Lab playback">
                    <Playback playing={teach.state.playing} speed={teach.state.speed} {on_playing} {on_speed} testid="lab" />
                </span>
                <button type="button" class="btn btn-small" onclick={toggle_wide} aria-pressed={wide.to_string()} data-testid="lab-wide"
                        title="Hide the editor, so that wide tables fit">{ if wide { "Show the editor" } else { "Wide" } }</button>
            </div>
            if let Some(pod) = selected_pod { <PodActions {pod} on_control={on_control.clone()} {on_close} /> }
            if let Some(scene) = scene {
                <Stage {scene} selected={outlined} {on_select} {on_control} text={teach.editor.text.clone()} {on_jump} {empty} nodes_last=true quiz={teach.state.challenge.is_some()} />
            } else {
                { empty }
            }
            { for event_log }
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
