//! The controls: the toolbar (apply, playback, speed, the timeline scrubber, consequences to
//! play) and a StatefulSet's own controls (scale, image, partition, policy, delete). Every
//! change to the cluster is a kubectl command, echoed in the terminal.

use ordinal_core::apiserver::ServerVersion;
use ordinal_core::sim::api::Cascade;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::consequences;
use super::scene::SetCard;
use super::state::{Control, UiAction, SPEEDS};

/// `m:ss.t` of simulated milliseconds.
pub fn clock_text(ms: u64) -> String {
    format!("{}:{:02}.{}", ms / 60_000, (ms / 1000) % 60, (ms / 100) % 10)
}

/// The playback controls' properties.
#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    /// Playing or paused.
    pub playing: bool,
    /// The speed.
    pub speed: f64,
    /// Play (`true`) or pause.
    pub on_playing: Callback<bool>,
    /// A speed chosen (one of [`SPEEDS`]).
    pub on_speed: Callback<f64>,
    /// The prefix of the controls' `data-testid`s: `cl` in the Cluster tab, `lab` in a lesson.
    pub testid: &'static str,
}

/// Play or pause, and the speed: the Cluster tab's toolbar and a lesson's lab share them.
#[function_component]
pub fn Playback(props: &PlaybackProps) -> Html {
    let play = {
        let (cb, playing) = (props.on_playing.clone(), props.playing);
        Callback::from(move |_: MouseEvent| cb.emit(!playing))
    };
    let on_speed = props.on_speed.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1.0));
    let speeds = SPEEDS.iter().map(|s| {
        let label = if *s < 1.0 { format!("{s}×") } else { format!("{}×", *s as u32) };
        html! { <option value={s.to_string()} selected={(*s - props.speed).abs() < 1e-9}>{ label }</option> }
    });
    html! {
        <>
            <button type="button" class="btn cl-play" onclick={play} data-testid={format!("{}-play", props.testid)} aria-label={if props.playing { "Pause" } else { "Play" }} aria-pressed={props.playing.to_string()}>
                { if props.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <select class="cl-speed" onchange={on_speed} data-testid={format!("{}-speed", props.testid)} aria-label="Playback speed" title="Playback speed">{ for speeds }</select>
        </>
    }
}

/// The toolbar's properties.
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Playing or paused.
    pub playing: bool,
    /// The speed.
    pub speed: f64,
    /// Simulated time now, in ms.
    pub now: u64,
    /// The end of the timeline, in ms.
    pub head: u64,
    /// Recorded inputs: (time in ms, command).
    pub markers: Vec<(u64, String)>,
    /// Recorded inputs lie ahead (after a rewind).
    pub future: bool,
    /// Playback and other actions.
    pub on_action: Callback<UiAction>,
    /// Apply the editor's text.
    pub on_apply: Callback<MouseEvent>,
    /// Says what Apply would do, without applying.
    pub on_preview: Callback<MouseEvent>,
    /// The simulated server's version.
    pub version: ServerVersion,
    /// The view fills the window.
    pub expanded: bool,
    /// Toggle `expanded`.
    pub on_expand: Callback<MouseEvent>,
}

/// Apply, playback, the timeline.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let act = |a: UiAction| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let on_seek = props.on_action.reform(|e: InputEvent| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        UiAction::Seek(v.parse::<f64>().map(|f| f.max(0.0) as u64).unwrap_or(0))
    });
    let on_consequence = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            let id = select.value();
            select.set_value("");
            if !id.is_empty() {
                cb.emit(UiAction::Consequence(id));
            }
        })
    };
    let on_version = props.on_action.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        UiAction::Version(ServerVersion::parse(&v).unwrap_or(ServerVersion::V1_35))
    });
    let versions = [ServerVersion::V1_33, ServerVersion::V1_34, ServerVersion::V1_35]
        .map(|v| html! { <option value={v.as_str()} selected={v == props.version}>{ format!("Kubernetes {}", v.as_str()) }</option> });
    let plays = consequences::all().into_iter().map(|c| html! { <option value={c.id}>{ format!("{} ({})", c.title, c.rule) }</option> });
    let head = props.head.max(props.now).max(1);
    let markers = props.markers.iter().map(|(at, command)| {
        let left = (*at as f64 / head as f64 * 100.0).min(100.0);
        html! { <span class="cl-marker" style={format!("left: {left:.3}%")} title={format!("{} {command}", clock_text(*at))}></span> }
    });
    // The range's value is set after its `max`: set together, the browser could clamp the new
    // value to the old maximum.
    let scrubber = use_node_ref();
    {
        let scrubber = scrubber.clone();
        use_effect_with((props.now, head), move |(now, _)| {
            if let Some(input) = scrubber.cast::<HtmlInputElement>() {
                input.set_value(&now.to_string());
            }
        });
    }
    html! {
        <div class="cl-toolbar-wrap">
            <div class="cl-toolbar" role="toolbar" aria-label="Cluster controls">
                <button type="button" class="btn btn-primary" onclick={props.on_apply.clone()} data-testid="cl-apply" title="kubectl apply -f manifest.yaml">{ "Apply manifest" }</button>
                <button type="button" class="btn" onclick={props.on_preview.clone()} data-testid="cl-preview" title="What Apply would do to the cluster as it is now, before you apply">{ "Preview" }</button>
                <span class="cl-sep" aria-hidden="true"></span>
                <Playback playing={props.playing} speed={props.speed} on_playing={props.on_action.reform(UiAction::SetPlaying)} on_speed={props.on_action.reform(UiAction::Speed)} testid="cl" />
                <button type="button" class="btn" onclick={act(UiAction::Step)} data-testid="cl-step" title="Play to the next thing that happens, then pause">{ "Step ›" }</button>
                <button type="button" class="btn" onclick={act(UiAction::Restart)} data-testid="cl-restart" title="Back to time zero; the recorded commands play again">{ "⟲ Restart" }</button>
                <span class="cl-sep" aria-hidden="true"></span>
                <select class="cl-plays" onchange={on_consequence} data-testid="cl-consequence" aria-label="Play a mistake's consequence">
                    <option value="" selected=true>{ "Play a mistake…" }</option>
                    { for plays }
                    <option value={consequences::WITH_PROBE_ID}>{ "The guide with a readiness probe (compare)" }</option>
                    <option value={consequences::DRILL_ID}>{ "A disaster-recovery drill: snapshot, delete, restore" }</option>
                </select>
            </div>
            <div class="cl-timeline">
                <span class="cl-time" data-testid="cl-time" aria-live="off">{ clock_text(props.now) }</span>
                <div class="cl-track">
                    <input ref={scrubber} type="range" min="0" max={head.to_string()} step="any" oninput={on_seek}
                        aria-label="Timeline: drag back to replay from the start" aria-valuetext={clock_text(props.now)} data-testid="cl-scrubber" />
                    <div class="cl-markers" aria-hidden="true">{ for markers }</div>
                </div>
                <span class="cl-time cl-time-end" title="The furthest point played">{ clock_text(head) }</span>
                if props.future { <span class="cl-replaying" data-testid="cl-replaying">{ "replaying" }</span> }
                <select class="cl-version" onchange={on_version} data-testid="cl-version" aria-label="Kubernetes version of the simulated cluster (changing it starts an empty cluster)" title="Changing the version starts an empty cluster">{ for versions }</select>
                <button type="button" class="btn btn-small" onclick={act(UiAction::Reset)} data-testid="cl-reset" title="An empty cluster; the recording is dropped">{ "Reset" }</button>
                <button type="button" class="btn btn-small cl-expand" onclick={props.on_expand.clone()} aria-pressed={props.expanded.to_string()} data-testid="cl-expand" title="Use the whole window (Esc leaves)">
                    { if props.expanded { "Exit full view" } else { "Full view" } }
                </button>
            </div>
        </div>
    }
}

/// Which of a set's controls to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetPart {
    /// Scale: always in view.
    Scale,
    /// Image, partition, policy, delete: shown on demand.
    Rest,
}

/// A StatefulSet's controls' properties.
#[derive(Properties, PartialEq)]
pub struct SetControlsProps {
    /// The set.
    pub card: SetCard,
    /// Which controls.
    pub part: SetPart,
    /// Runs a control.
    pub on_control: Callback<Control>,
}

/// Scale, image, partition, policy, delete.
#[function_component]
pub fn SetControls(props: &SetControlsProps) -> Html {
    let s = &props.card;
    let replicas = use_node_ref();
    let image = use_node_ref();
    let partition = use_node_ref();
    let emit = |f: Box<dyn Fn() -> Option<Control>>| {
        let cb = props.on_control.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = f() {
                cb.emit(c);
            }
        })
    };
    let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
    let obj = s.obj.clone();
    let scale_to = |n: i32| {
        let obj = obj.clone();
        emit(Box::new(move || Some(Control::Scale(obj.clone(), n.max(0)))))
    };
    let scale = {
        let obj = obj.clone();
        let r = replicas.clone();
        emit(Box::new(move || value(&r).trim().parse::<i32>().ok().filter(|n| *n >= 0).map(|n| Control::Scale(obj.clone(), n))))
    };
    let (container, current_image) = s.images.first().cloned().unwrap_or_default();
    let set_image = {
        let obj = obj.clone();
        let r = image.clone();
        let container = container.clone();
        emit(Box::new(move || Some(value(&r).trim().to_owned()).filter(|i| !i.is_empty()).map(|i| Control::SetImage(obj.clone(), container.clone(), i))))
    };
    let set_partition = {
        let obj = obj.clone();
        let r = partition.clone();
        emit(Box::new(move || value(&r).trim().parse::<i32>().ok().filter(|n| *n >= 0).map(|n| Control::Partition(obj.clone(), n))))
    };
    let on_policy = {
        let cb = props.on_control.clone();
        let obj = obj.clone();
        let current = s.policy.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            let v = select.value();
            // The select shows the set's policy; the server decides whether it changes.
            select.set_value(&current);
            if v != current {
                cb.emit(Control::Policy(obj.clone(), v));
            }
        })
    };
    let delete = |cascade: Cascade| {
        let obj = obj.clone();
        emit(Box::new(move || Some(Control::DeleteSet(obj.clone(), cascade))))
    };
    let policies = ["OrderedReady", "Parallel"].map(|p| html! { <option value={p} selected={s.policy == p}>{ p }</option> });
    if props.part == SetPart::Scale {
        return html! {
            <div class="cl-control cl-scale" role="group" aria-label="Scale">
                <span class="cl-control-label">{ "replicas" }</span>
                <button type="button" class="btn btn-small" onclick={scale_to(s.replicas - 1)} aria-label="Scale down by one" data-testid="cl-scale-down">{ "−" }</button>
                <input ref={replicas} type="number" min="0" max="500" class="cl-input cl-input-num" value={s.replicas.to_string()} aria-label="Replicas" data-testid="cl-replicas" />
                <button type="button" class="btn btn-small" onclick={scale_to(s.replicas + 1)} aria-label="Scale up by one" data-testid="cl-scale-up">{ "+" }</button>
                <button type="button" class="btn btn-small" onclick={scale} data-testid="cl-scale">{ "Scale" }</button>
            </div>
        };
    }
    html! {
        <div class="cl-set-controls" data-testid="cl-set-controls">
            <div class="cl-control" role="group" aria-label="Image">
                <span class="cl-control-label">{ container.clone() }</span>
                <input ref={image} type="text" class="cl-input cl-input-image" value={current_image} aria-label={format!("Image of container {container}")} data-testid="cl-image" spellcheck="false" />
                <button type="button" class="btn btn-small" onclick={set_image} data-testid="cl-set-image" title="kubectl set image: a rolling update">{ "Set image" }</button>
            </div>
            <div class="cl-control" role="group" aria-label="Partition">
                <span class="cl-control-label">{ "partition" }</span>
                <input ref={partition} type="number" min="0" class="cl-input cl-input-num" value={s.partition.unwrap_or(0).to_string()} aria-label="Partition" data-testid="cl-partition" />
                <button type="button" class="btn btn-small" onclick={set_partition} data-testid="cl-set-partition">{ "Set" }</button>
            </div>
            <div class="cl-control" role="group" aria-label="Pod management policy">
                <span class="cl-control-label">{ "policy" }</span>
                <select class="cl-input" onchange={on_policy} aria-label="podManagementPolicy" data-testid="cl-policy">{ for policies }</select>
            </div>
            <div class="cl-control" role="group" aria-label="Delete the StatefulSet">
                <button type="button" class="btn btn-small cl-danger" onclick={delete(Cascade::Background)} data-testid="cl-delete-set" title="kubectl delete statefulset: the pods go too, the claims stay">{ "Delete set" }</button>
                <button type="button" class="btn btn-small cl-danger" onclick={delete(Cascade::Orphan)} data-testid="cl-delete-orphan" title="kubectl delete statefulset --cascade=orphan: the pods keep running">{ "Delete, orphan pods" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_minutes_seconds_tenths() {
        assert_eq!(clock_text(0), "0:00.0");
        assert_eq!(clock_text(42_345), "0:42.3");
        assert_eq!(clock_text(125_000), "2:05.0");
    }
}
