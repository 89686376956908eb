//! The cluster view's root component: the toolbar and timeline, the drawing of the cluster
//! (StatefulSets, pods by ordinal, their claims and volumes, Services and DNS names), and a
//! dock with the event log and the terminal.

use std::cell::RefCell;
use std::rc::Rc;

use ordinal_core::sim::kubelet::KubeletAction;
use web_sys::{HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::clock::use_animation_frames;
use super::controls::{SetControls, SetPart, Toolbar};
use ordinal_core::sim::postgres::DbStatus;
use super::scene::{ClaimCard, Column, Group, NodeCard, NodeHealth, PdbCard, PodCard, PodState, Scene, SecretCard, ServiceCard, SetCard};
use super::state::{Control, NodeOp, Ui, UiAction};
use super::terminal::{EventLog, StreamFilters, Terminal};
use super::ObjRef;

/// Where the cluster view keeps its state while it is not shown (another tab is open), so
/// that the simulation, its recording and the terminal survive a tab switch. The page owns
/// one (`use_mut_ref`, which never re-renders the page) and passes it down.
#[derive(Clone, Default)]
pub struct ClusterKeep(pub Rc<RefCell<Option<Ui>>>);

impl PartialEq for ClusterKeep {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The cluster view's properties.
#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    /// The editor's text: what Apply applies, and the terminal's files.
    pub text: Rc<str>,
    /// The state kept across unmounts.
    #[prop_or_default]
    pub keep: ClusterKeep,
    /// Selects a range of the editor's text (a reason's field: "see line N").
    #[prop_or_default]
    pub on_jump: Callback<(usize, usize)>,
    /// What the open lesson step points at in its lab, drawn here while this tab shows it.
    #[prop_or_default]
    pub lesson: Option<LessonPointer>,
}

/// What a lesson step points at in its lab (`highlight: object`, `node`, `log`): the Cluster
/// tab outlines it as the lab does while it shows that lab.
#[derive(Clone)]
pub struct LessonPointer {
    /// The lesson's lab.
    pub session: Rc<RefCell<super::session::Session>>,
    /// The object or node pointed at.
    pub object: Option<ObjRef>,
    /// The text of the event log lines pointed at.
    pub log: Option<String>,
}

impl PartialEq for LessonPointer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.object == other.object && self.log == other.log
    }
}

/// Which panel of the dock is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dock {
    Events,
    Terminal,
}

/// Thousands separated by commas: `1,204`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The cluster view.
#[function_component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let ui = {
        let keep = props.keep.clone();
        use_reducer(move || keep.0.borrow_mut().take().unwrap_or_default())
    };
    *props.keep.0.borrow_mut() = Some((*ui).clone());
    let dock = use_state_eq(|| Dock::Events);
    let expanded = use_state_eq(|| false);
    let dispatcher = ui.dispatcher();

    let on_frame = use_callback(dispatcher.clone(), |ts: f64, d| d.dispatch(UiAction::Frame(ts)));
    use_animation_frames(ui.playing, on_frame);

    let on_action = use_callback(dispatcher.clone(), |a: UiAction, d| d.dispatch(a));
    let on_select = use_callback(dispatcher.clone(), |o: ObjRef, d| d.dispatch(UiAction::Select(Some(o))));
    // the open lesson step's pointer, when this tab shows its lab
    let pointed = props.lesson.as_ref().filter(|p| Rc::ptr_eq(&p.session, &ui.session));
    let outlined = ui.selected.clone().or_else(|| pointed.and_then(|p| p.object.clone()));
    let marked = pointed.and_then(|p| p.log.clone());
    let on_control = use_callback(dispatcher.clone(), |c: Control, d| d.dispatch(UiAction::Control(c)));

    // Bring the selected object into view.
    use_effect_with(ui.selected.clone(), |selected| {
        if let Some(o) = selected {
            if let Some(el) = gloo::utils::document().get_element_by_id(&o.dom_id()) {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                options.set_inline(ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
    });

    let scene = {
        let session = ui.session.borrow();
        Rc::new(Scene::of(&session))
    };
    let (now, head, markers, future, last_line, version, quiz) = {
        let s = ui.session.borrow();
        // a challenge's lab does not show the commands that broke it
        let markers: Vec<(u64, String)> = s.shown_inputs().iter().map(|r| (r.at.0, r.command.clone())).collect();
        (s.now().0, s.head().0, markers, s.has_future(), s.log().lines().last().map(|l| l.seq), s.config().api.version, s.quiz())
    };

    let apply = {
        let d = dispatcher.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(UiAction::Apply(text.clone())))
    };
    let preview = {
        let d = dispatcher.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(UiAction::Preview(text.clone())))
    };
    let toggle_expand = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let on_keydown = {
        let expanded = expanded.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *expanded {
                expanded.set(false);
            }
        })
    };

    let notice = ui.notice.clone().map(|n| {
        let offers = n.offers.iter().map(|o| {
            let d = dispatcher.clone();
            let offer = o.clone();
            let onclick = Callback::from(move |_: MouseEvent| d.dispatch(UiAction::Take(offer.clone())));
            html! { <button type="button" class="btn btn-small btn-primary" {onclick} data-testid="cl-offer">{ o.label() }</button> }
        });
        let d = dispatcher.clone();
        let dismiss = Callback::from(move |_: MouseEvent| d.dispatch(UiAction::Dismiss));
        html! {
            <div class={classes!("cl-notice", n.error.then_some("is-error"))} role="alert" data-testid="cl-notice">
                <div class="cl-notice-head">
                    <strong>{ n.title.clone() }</strong>
                    <button type="button" class="btn btn-small cl-dismiss" aria-label="Dismiss" onclick={dismiss}>{ "✕" }</button>
                </div>
                if !n.body.is_empty() { <pre class="cl-notice-body">{ n.body.clone() }</pre> }
                if !n.offers.is_empty() { <div class="cl-offers">{ for offers }</div> }
            </div>
        }
    });
    let watching = ui.watching.clone().map(|(title, watch)| {
        let d = dispatcher.clone();
        let close = Callback::from(move |_: MouseEvent| d.dispatch(UiAction::StopWatching));
        html! {
            <div class="cl-watching" role="status" data-testid="cl-watching">
                <p><strong>{ format!("Playing: {title}. ") }</strong>{ watch }</p>
                <button type="button" class="btn btn-small cl-dismiss" aria-label="Hide this explanation" onclick={close}>{ "✕" }</button>
            </div>
        }
    });

    let selected_pod = ui.selected.clone().filter(|o| o.kind == super::ObjKind::Pod).filter(|o| scene.objects().contains(o));
    let pod_actions = selected_pod.map(|pod| {
        let d = dispatcher.clone();
        let on_close = Callback::from(move |()| d.dispatch(UiAction::Select(None)));
        html! { <PodActions {pod} on_control={on_control.clone()} {on_close} /> }
    });
    let empty = html! {
        <div class="cl-empty" data-testid="cl-empty">
            <p>{ "The cluster is empty: three nodes and a default StorageClass, nothing else." }</p>
            <p>{ "Apply the manifest in the editor to watch the StatefulSet controller create its pods, or type " }<code>{ "kubectl apply -f manifest.yaml" }</code>{ " in the terminal." }</p>
        </div>
    };

    let dock_tab = |which: Dock, label: &'static str, id: &'static str| {
        let dock = dock.clone();
        let selected = *dock == which;
        let onclick = Callback::from(move |_: MouseEvent| dock.set(which));
        html! {
            <button type="button" role="tab" id={format!("cl-tab-{id}")} aria-selected={selected.to_string()} aria-controls={selected.then(|| format!("cl-panel-{id}"))}
                class={classes!("cl-dock-tab", selected.then_some("is-selected"))} {onclick} data-testid={format!("cl-tab-{id}")}>{ label }</button>
        }
    };
    let show_events = *expanded || *dock == Dock::Events;
    let show_terminal = *expanded || *dock == Dock::Terminal;

    html! {
        <section class={classes!("cluster", expanded.then_some("is-expanded"))} aria-label="Cluster simulator" data-testid="cluster" onkeydown={on_keydown}>
            <Toolbar
                playing={ui.playing}
                speed={ui.speed}
                {now}
                {head}
                {markers}
                {future}
                on_action={on_action.clone()}
                on_apply={apply}
                on_preview={preview}
                {version}
                expanded={*expanded}
                on_expand={toggle_expand}
            />
            { for notice }
            { for watching }
            { for pod_actions }
            <div class="cl-body">
                <Stage scene={scene.clone()} selected={outlined} on_select={on_select.clone()} on_control={on_control.clone()} on_action={on_action.clone()}
                       text={if ui.played { Rc::<str>::from("") } else { props.text.clone() }} on_jump={props.on_jump.clone()} node_size={Some(ui.node_size())} {empty} {quiz} />
                <div class={classes!("cl-dock", expanded.then_some("is-split"))}>
                    if !*expanded {
                        <div class="cl-dock-bar">
                            <div class="cl-dock-tabs" role="tablist" aria-label="Event log and terminal">
                                { dock_tab(Dock::Events, "Events", "events") }
                                { dock_tab(Dock::Terminal, "Terminal", "terminal") }
                            </div>
                            if show_events { <StreamFilters streams={ui.streams.clone()} on_action={on_action.clone()} /> }
                        </div>
                    }
                    if show_events {
                        <div class="cl-dock-panel" id="cl-panel-events" role="tabpanel" aria-labelledby="cl-tab-events">
                            <EventLog session={ui.session.clone()} {last_line} streams={ui.streams.clone()} selected={ui.selected.clone()} on_select={on_select.clone()} on_action={on_action.clone()} filters={*expanded} {marked} />
                        </div>
                    }
                    if show_terminal {
                        <div class="cl-dock-panel" id="cl-panel-terminal" role="tabpanel" aria-labelledby="cl-tab-terminal">
                            <Terminal session={ui.session.clone()} shell={ui.shell.clone()} transcript={ui.transcript.clone()} text={props.text.clone()} on_action={on_action.clone()} />
                        </div>
                    }
                </div>
            </div>
        </section>
    }
}

/// The drawing of a cluster: its nodes (with the menu of what can happen to one), each
/// StatefulSet with its pods, claims and volumes, the Services, the budgets and Secrets, the
/// backups. The Cluster tab draws its session with it, a lesson's lab its own
/// (`teach::LabView`): the learner meets the same drawing in both.
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// What to draw.
    pub scene: Rc<Scene>,
    /// The object outlined (selected, or pointed at by a lesson step).
    pub selected: Option<ObjRef>,
    /// A click on an object.
    pub on_select: Callback<ObjRef>,
    /// A button or menu that changes the cluster.
    pub on_control: Callback<Control>,
    /// The node size menu's choice.
    #[prop_or_default]
    pub on_action: Callback<UiAction>,
    /// The editor's text, where a waiting reason's field is looked up (empty: none).
    pub text: Rc<str>,
    /// Selects a range of the editor's text.
    #[prop_or_default]
    pub on_jump: Callback<(usize, usize)>,
    /// What each node offers to pods, with the menu that changes it; `None`: no menu.
    #[prop_or_default]
    pub node_size: Option<String>,
    /// What is said of an empty cluster.
    pub empty: Html,
    /// The nodes drawn below the sets, not above (a lesson's lab, where the pods come first).
    #[prop_or_default]
    pub nodes_last: bool,
    /// The learner is to find out for themselves (a "fix it" challenge): no menu on the nodes,
    /// whose entries would name the fix, and neither the set's waiting reasons nor a pod's
    /// "what frees it" (the challenge gives the reason on request).
    #[prop_or_default]
    pub quiz: bool,
}

/// The drawing of a cluster ([`StageProps`]).
#[function_component]
pub fn Stage(props: &StageProps) -> Html {
    let scene = &props.scene;
    let selected = props.selected.as_ref();
    let owns = |g: &Group, svc: &ServiceCard| svc.obj.namespace == g.namespace && svc.sets.contains(&g.name);
    let groups = scene.groups.iter().map(|g| {
        html! {
            <GroupView
                key={format!("{}/{}", g.namespace, g.name)}
                group={Rc::new(g.clone())}
                services={scene.services.iter().filter(|svc| owns(g, svc)).cloned().collect::<Vec<_>>()}
                selected={props.selected.clone()}
                on_select={props.on_select.clone()}
                on_control={props.on_control.clone()}
                text={props.text.clone()}
                on_jump={props.on_jump.clone()}
            />
        }
    });
    let services = scene.services.iter().filter(|svc| !scene.groups.iter().any(|g| owns(g, svc))).map(|s| {
        html! { <ServiceView key={s.obj.dom_id()} card={s.clone()} selected={selected == Some(&s.obj)} on_select={props.on_select.clone()} /> }
    });
    let empty = scene.groups.is_empty() && scene.services.is_empty() && scene.pdbs.is_empty() && scene.secrets.is_empty() && scene.backups.is_empty();
    let backups = scene.backups.iter().map(|b| html! { <BackupView key={format!("{}-{}-{}", b.kind, b.namespace, b.name)} card={b.clone()} /> });
    let pdbs = scene.pdbs.iter().map(|p| html! { <PdbView key={p.obj.dom_id()} card={p.clone()} selected={selected == Some(&p.obj)} on_select={props.on_select.clone()} /> });
    let secrets = scene.secrets.iter().map(|s| html! { <SecretView key={s.obj.dom_id()} card={s.clone()} selected={selected == Some(&s.obj)} on_select={props.on_select.clone()} /> });
    let nodes = html! { <NodesView nodes={scene.nodes.clone()} size={props.node_size.clone()} menu={!props.quiz} selected={props.selected.clone()} on_select={props.on_select.clone()} on_control={props.on_control.clone()} on_action={props.on_action.clone()} /> };
    html! {
        <div class={classes!("cl-stage", props.quiz.then_some("is-quiz"))} data-testid="cl-stage">
            if empty { { props.empty.clone() } }
            if !props.nodes_last { { nodes.clone() } }
            { for groups }
            if props.nodes_last { { nodes } }
            { for services }
            if !scene.pdbs.is_empty() || !scene.secrets.is_empty() {
                <div class="cl-policies" data-testid="cl-policies">{ for pdbs }{ for secrets }</div>
            }
            if !scene.backups.is_empty() {
                <div class="cl-backups" data-testid="cl-backups" role="list" aria-label="Backups: CronJobs, Jobs, snapshots and dumps">{ for backups }</div>
            }
        </div>
    }
}

/// The properties of [`PodActions`].
#[derive(Properties, PartialEq)]
pub struct PodActionsProps {
    /// The selected pod.
    pub pod: ObjRef,
    /// What a button does.
    pub on_control: Callback<Control>,
    /// The close button.
    pub on_close: Callback<()>,
}

/// What can be done to the selected pod: delete it, fail or restore its readiness, crash its
/// container, evict it.
#[function_component]
pub fn PodActions(props: &PodActionsProps) -> Html {
    let pod = &props.pod;
    let button = |label: &'static str, control: Control, testid: &'static str| {
        let onclick = props.on_control.reform(move |_: MouseEvent| control.clone());
        html! { <button type="button" class="btn btn-small" {onclick} data-testid={testid}>{ label }</button> }
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="cl-pod-actions" role="group" aria-label={format!("Actions on pod {}", pod.name)} data-testid="cl-pod-actions">
            <span class="cl-pod-actions-title">{ pod.kubectl() }</span>
            { button("Delete pod", Control::DeletePod(pod.clone()), "cl-act-delete") }
            { button("Fail readiness", Control::Fault(pod.clone(), KubeletAction::Unready), "cl-act-unready") }
            { button("Restore readiness", Control::Fault(pod.clone(), KubeletAction::Ready), "cl-act-ready") }
            { button("Crash", Control::Fault(pod.clone(), KubeletAction::Crash), "cl-act-crash") }
            { button("Evict", Control::Fault(pod.clone(), KubeletAction::Evict), "cl-act-evict") }
            <button type="button" class="btn btn-small cl-close" aria-label="Close the pod actions" onclick={close}>{ "✕" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    group: Rc<Group>,
    /// The Services the set names.
    services: Vec<ServiceCard>,
    selected: Option<ObjRef>,
    on_select: Callback<ObjRef>,
    on_control: Callback<Control>,
    /// The editor's text, where a reason's field is looked up.
    text: Rc<str>,
    on_jump: Callback<(usize, usize)>,
}

/// A StatefulSet (or what a deleted one left) and its columns.
#[function_component]
fn GroupView(props: &GroupProps) -> Html {
    let g = &props.group;
    let selected = props.selected.as_ref();
    let header = match &g.set {
        Some(set) => html! { <SetView card={set.clone()} selected={selected == Some(&set.obj)} on_select={props.on_select.clone()} on_control={props.on_control.clone()} text={props.text.clone()} on_jump={props.on_jump.clone()} /> },
        None if g.name.is_empty() => html! {
            <div class="cl-set cl-set-loose"><span class="cl-kind">{ "Not owned by a StatefulSet" }</span></div>
        },
        None => html! {
            <div class="cl-set cl-set-gone" data-testid="cl-set-gone">
                <span class="cl-kind">{ "StatefulSet" }</span>
                <span class="cl-name">{ g.name.clone() }</span>
                <span class="cl-gone">{ "deleted: what it left behind stays" }</span>
            </div>
        },
    };
    let many = g.columns.len() > 12;
    let columns = g.columns.iter().map(|c| {
        html! {
            <ColumnView
                key={c.ordinal}
                column={c.clone()}
                selected={props.selected.clone().filter(|s| c.pod.as_ref().is_some_and(|p| p.obj == *s) || c.claims.iter().any(|cl| cl.obj == *s || cl.volume.as_ref().is_some_and(|v| v.obj == *s)))}
                on_select={props.on_select.clone()}
                on_control={props.on_control.clone()}
            />
        }
    });
    let services = props.services.iter().map(|svc| {
        html! { <ServiceView key={svc.obj.dom_id()} card={svc.clone()} selected={selected == Some(&svc.obj)} on_select={props.on_select.clone()} /> }
    });
    html! {
        <div class="cl-group" data-testid="cl-group">
            { header }
            <ol class={classes!("cl-columns", many.then_some("is-dense"))} aria-label={format!("Pods of {} by ordinal", g.name)}>{ for columns }</ol>
            { for services }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SetProps {
    card: SetCard,
    selected: bool,
    on_select: Callback<ObjRef>,
    on_control: Callback<Control>,
    text: Rc<str>,
    on_jump: Callback<(usize, usize)>,
}

#[function_component]
fn SetView(props: &SetProps) -> Html {
    let s = &props.card;
    // where in the editor's text each reason's field is, with its line: the text is parsed once
    // per change of the text or the reasons, not at every frame the card is drawn
    let fields: Vec<Option<&'static str>> = s.waiting.iter().map(|(_, _, _, f)| *f).collect();
    let lines = {
        let key = ordinal_core::sim::model::ObjectKey::new(&s.obj.namespace, &s.obj.name);
        use_memo((props.text.clone(), fields), move |(text, fields)| {
            fields
                .iter()
                .map(|f| f.and_then(|f| ordinal_core::sim::why::field_range(text, &key, f)).map(|(a, b)| (a, b, text[..a].matches('\n').count() + 1)))
                .collect::<Vec<_>>()
        })
    };
    let obj = s.obj.clone();
    let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
    let hash = |r: &str| r.strip_prefix(&format!("{}-", s.obj.name)).unwrap_or(r).to_owned();
    let revision = if s.current_revision == s.update_revision || s.update_revision.is_empty() {
        format!("rev {}", hash(&s.update_revision))
    } else {
        format!("rev {} → {}", hash(&s.current_revision), hash(&s.update_revision))
    };
    let more = use_state_eq(|| false);
    let toggle = {
        let more = more.clone();
        Callback::from(move |_: MouseEvent| more.set(!*more))
    };
    let images = if s.images.len() == 1 { s.images[0].1.clone() } else { s.images.iter().map(|(c, i)| format!("{c}={i}")).collect::<Vec<_>>().join(", ") };
    let update = match s.partition {
        Some(p) if p > 0 => format!("{} · partition {p}", s.strategy),
        _ => s.strategy.clone(),
    };
    html! {
        <div class={classes!("cl-set", props.selected.then_some("is-selected"), s.terminating.then_some("is-terminating"))} id={s.obj.dom_id()} data-testid="cl-set">
            <div class="cl-set-head">
                <button type="button" class="cl-set-main" {onclick} aria-label={format!("StatefulSet {}", s.obj.name)}>
                    <span class="cl-kind">{ "StatefulSet" }</span>
                    <span class="cl-name">{ s.obj.name.clone() }</span>
                </button>
                <span class="cl-fact" data-testid="cl-set-policy" title="podManagementPolicy">{ s.policy.clone() }</span>
                <span class="cl-fact" title="updateStrategy">{ update }</span>
                <span class="cl-fact cl-mono" title="image">{ images }</span>
                if s.current_revision != s.update_revision && !s.current_revision.is_empty() {
                    <span class="cl-fact cl-mono is-updating" title={format!("currentRevision {} · updateRevision {}", s.current_revision, s.update_revision)} data-testid="cl-set-revision">{ revision }</span>
                }
                if s.terminating { <span class="cl-fact is-bad">{ "deleting: the garbage collector is at work" }</span> }
                <span class="cl-ready" data-testid="cl-set-ready" title="readyReplicas / replicas">{ format!("READY {}/{}", s.ready, s.replicas) }</span>
            </div>
            if !s.waiting.is_empty() {
                <ul class="cl-set-why" data-testid="cl-set-why" aria-label={format!("Why {} is not complete", s.obj.name)}>
                    { for s.waiting.iter().zip(lines.iter()).map(|((code, message, _, field), at)| {
                        // the line of the editor's manifest behind the reason, when one is
                        let link = at.map(|(a, b, line)| {
                            let on_jump = props.on_jump.clone();
                            let onclick = Callback::from(move |_: MouseEvent| on_jump.emit((a, b)));
                            html! { <button type="button" class="btn btn-small btn-link cl-why-line" {onclick} data-testid="cl-why-line" title={field.unwrap_or_default()}>{ format!("line {line}") }</button> }
                        });
                        html! {
                            <li data-code={*code}><span class="cl-why-code">{ *code }</span>{ " " }{ message.clone() }{ " " }{ for link }</li>
                        }
                    }) }
                </ul>
            }
            if !s.terminating {
                <div class="cl-set-bar">
                    <SetControls card={s.clone()} part={SetPart::Scale} on_control={props.on_control.clone()} />
                    <button type="button" class="btn btn-small cl-more" onclick={toggle} aria-expanded={more.to_string()} data-testid="cl-more">
                        { if *more { "Fewer controls ▴" } else { "Image, partition, policy, delete ▾" } }
                    </button>
                </div>
                if *more {
                    <SetControls card={s.clone()} part={SetPart::Rest} on_control={props.on_control.clone()} />
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ColumnProps {
    column: Column,
    /// The selected object, when it is in this column.
    selected: Option<ObjRef>,
    on_select: Callback<ObjRef>,
    on_control: Callback<Control>,
}

#[function_component]
fn ColumnView(props: &ColumnProps) -> Html {
    let c = &props.column;
    let selected = props.selected.as_ref();
    let pod = match &c.pod {
        Some(p) => html! { <PodView key={p.uid.clone()} card={p.clone()} selected={selected == Some(&p.obj)} on_select={props.on_select.clone()} on_control={props.on_control.clone()} /> },
        None => html! {
            <div class="cl-pod cl-pod-absent" data-testid="cl-pod-absent">
                <span class="cl-ordinal">{ format!("#{}", c.ordinal) }</span>
                <span class="cl-absent">{ if c.wanted { "no pod yet" } else { "no pod" } }</span>
            </div>
        },
    };
    let mounted = c.pod.as_ref().is_some_and(|p| p.state != PodState::Pending || p.node.is_some());
    let claims = c.claims.iter().map(|claim| {
        let sel = selected == Some(&claim.obj);
        let vol_sel = claim.volume.as_ref().is_some_and(|v| selected == Some(&v.obj));
        let node = c.pod.as_ref().and_then(|p| p.node.clone()).filter(|_| claim.in_use);
        html! { <ClaimView key={claim.obj.dom_id()} card={claim.clone()} selected={sel} volume_selected={vol_sel} {mounted} {node} on_select={props.on_select.clone()} /> }
    });
    html! {
        <li class={classes!("cl-column", (!c.wanted).then_some("is-unwanted"))} data-ordinal={c.ordinal.to_string()}>
            { pod }
            { for claims }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct PodProps {
    card: PodCard,
    selected: bool,
    on_select: Callback<ObjRef>,
    on_control: Callback<Control>,
}

/// A pod: its ordinal, name, phase and readiness, node, IP and DNS name.
#[function_component]
fn PodView(props: &PodProps) -> Html {
    let p = &props.card;
    let obj = p.obj.clone();
    let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
    let delete = {
        let on_control = props.on_control.clone();
        let obj = p.obj.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_control.emit(Control::DeletePod(obj.clone()));
        })
    };
    let ordinal = p.obj.name.rsplit('-').next().unwrap_or("").to_owned();
    let db = p.db.map(|d| {
        let class = match d {
            DbStatus::Accepting => "is-up",
            DbStatus::Starting => "is-starting",
            DbStatus::ShuttingDown | DbStatus::Down => "is-down",
        };
        let warn = d == DbStatus::Starting && p.state == PodState::Ready;
        html! {
            <span class={classes!("cl-db", class, warn.then_some("is-warn"))} data-testid="cl-db" title={if warn { "The pod is Ready, yet postgres refuses connections: no readiness probe checks it" } else { "" }}>
                { d.label() }
                if warn { <span class="cl-db-warn">{ " · Ready too early" }</span> }
            </span>
        }
    });
    let label = format!("Pod {}, {}{}", p.obj.name, p.label, p.node.as_ref().map(|n| format!(", on {n}")).unwrap_or_default());
    html! {
        <div class={classes!("cl-pod", p.state.class(), props.selected.then_some("is-selected"), p.outdated.then_some("is-outdated"), p.waited_on.then_some("is-waited-on"))}
             id={p.obj.dom_id()} data-testid="cl-pod" data-name={p.obj.name.clone()} data-state={p.label.clone()} data-uid={p.uid.clone()}>
            <button type="button" class="cl-pod-main" {onclick} aria-label={label} aria-pressed={props.selected.to_string()}>
                <span class="cl-pod-title"><span class="cl-ordinal">{ format!("#{ordinal}") }</span><span class="cl-pod-name">{ p.obj.name.clone() }</span></span>
                <span class="cl-state" data-testid="cl-pod-state">
                    { p.label.clone() }
                    if p.restarts > 0 { <span class="cl-restarts">{ format!(" ↻{}", p.restarts) }</span> }
                </span>
                <span class="cl-where">
                    if let Some(node) = &p.node { <span class={classes!("cl-node", node_class(node))} data-testid="cl-node">{ node.clone() }</span> }
                    if let Some(ip) = &p.ip { <span class="cl-ip">{ ip.clone() }</span> }
                    if p.node.is_none() { <span class="cl-ip">{ "not scheduled" }</span> }
                </span>
                <span class="cl-pod-foot">
                    { for db }
                    <span class={classes!("cl-dns", p.dns.is_none().then_some("is-none"))} data-testid="cl-pod-dns" title={p.dns.clone().unwrap_or_else(|| "No DNS name: the pod is not Ready, or its Service does not exist".to_owned())}>{ if p.dns.is_some() { "DNS ✓" } else { "no DNS" } }</span>
                </span>
                if p.outdated { <span class="cl-outdated" title={format!("controller-revision-hash {}", p.revision)}>{ format!("old rev {}", p.revision.rsplit('-').next().unwrap_or(&p.revision)) }</span> }
                if p.orphan { <span class="cl-orphan">{ "no owner" }</span> }
                if let Some(rows) = p.container_rows {
                    <span class="cl-ephemeral" data-testid="cl-ephemeral" data-rows={rows.to_string()}
                          title="PGDATA is on no volume: the database lives in the container's own filesystem, and the next container (a restart, a new pod) starts without it">
                        { format!("rows: {} in the container, lost at restart", grouped(rows)) }
                    </span>
                }
            </button>
            if let Some(stuck) = &p.stuck {
                <details class="cl-stuck" data-testid="cl-stuck">
                    <summary>{ format!("⚠ {}", stuck.title) }</summary>
                    <p>{ stuck.message.clone() }</p>
                    <p class="cl-stuck-frees">{ "What frees it:" }</p>
                    <ul>{ for stuck.frees.iter().map(|f| match f.split_once(": kubectl ") {
                        Some((what, command)) => html! { <li>{ format!("{what}:") }<code class="cl-stuck-cmd">{ format!("kubectl {command}") }</code></li> },
                        None => html! { <li>{ f.clone() }</li> },
                    }) }</ul>
                </details>
            }
            if p.state != PodState::Terminating {
                <button type="button" class="cl-pod-delete" onclick={delete} aria-label={format!("Delete pod {}", p.obj.name)} title="kubectl delete pod" data-testid="cl-pod-delete">{ "✕" }</button>
            }
        </div>
    }
}

fn node_class(node: &str) -> &'static str {
    match node.rsplit('-').next().and_then(|n| n.parse::<u32>().ok()).unwrap_or(0) % 4 {
        1 => "is-n1",
        2 => "is-n2",
        3 => "is-n3",
        _ => "is-n4",
    }
}

/// Where a volume is attached, against the node of the pod that wants it.
fn attach_text(attached: &[String], pod_node: Option<&str>) -> String {
    match (attached, pod_node) {
        ([], Some(node)) => format!("attaching to {node}…"),
        ([], None) => "not attached".to_owned(),
        ([one], Some(node)) if one != node => format!("⚠ still attached to {one}, wanted on {node}"),
        (nodes, _) => format!("attached to {}", nodes.join(", ")),
    }
}

#[derive(Properties, PartialEq)]
struct ClaimProps {
    card: ClaimCard,
    /// The node of the column's pod, if it is bound.
    node: Option<String>,
    selected: bool,
    volume_selected: bool,
    /// The pod of the column is on a node (its claim is mounted or about to be).
    mounted: bool,
    on_select: Callback<ObjRef>,
}

/// A claim, the line to its volume, and the volume.
#[function_component]
fn ClaimView(props: &ClaimProps) -> Html {
    let c = &props.card;
    let obj = c.obj.clone();
    let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
    let missing = c.phase == "Missing";
    let bound = c.volume.is_some();
    let volume = c.volume.as_ref().map(|v| {
        let obj = v.obj.clone();
        let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
        html! {
            <button type="button" class={classes!("cl-pv", props.volume_selected.then_some("is-selected"))} id={v.obj.dom_id()} {onclick} data-testid="cl-pv" aria-label={format!("PersistentVolume {}, {}", v.obj.name, v.phase)}>
                <span class="cl-pv-name"><span class="cl-kind">{ "PV " }</span>{ short_volume(&v.obj.name) }</span>
                <span class="cl-pv-phase">{ format!("{} · {}", v.phase, v.reclaim) }</span>
                <span class={classes!("cl-pv-attach", (v.attached.len() > 1).then_some("is-bad"))} data-testid="cl-pv-attach">
                    { match &v.local_to { Some(node) => format!("on {node}'s own disk"), None => attach_text(&v.attached, props.node.as_deref()) } }
                </span>
            </button>
        }
    });
    html! {
        <div class={classes!("cl-claim-stack", (c.in_use && props.mounted).then_some("is-mounted"))}>
            <span class="cl-mount-line" aria-hidden="true"></span>
            <button type="button" class={classes!("cl-pvc", format!("is-{}", c.phase.to_lowercase()), props.selected.then_some("is-selected"))} id={c.obj.dom_id()} {onclick}
                    data-testid="cl-pvc" data-name={c.obj.name.clone()} data-phase={c.phase.clone()} aria-label={format!("PersistentVolumeClaim {}, {}", c.obj.name, c.phase)}>
                <span class="cl-pvc-name"><span class="cl-kind">{ "PVC " }</span>{ c.obj.name.clone() }</span>
                <span class="cl-pvc-phase">
                    { if missing { "not created yet".to_owned() } else { format!("{}{}", c.phase, c.capacity.as_ref().map(|cap| format!(" · {cap}")).unwrap_or_default()) } }
                    if let Some(rows) = c.rows { <span class="cl-rows" data-testid="cl-rows" data-rows={rows.to_string()} title={format!("rows in table {} on this volume", ordinal_core::sim::postgres::TABLE)}>{ format!(" · rows: {}", grouped(rows)) }</span> }
                </span>
            </button>
            <span class={classes!("cl-bind-line", bound.then_some("is-bound"))} aria-hidden="true"></span>
            { for volume }
        </div>
    }
}

/// `pvc-1a2b3c4d-…` shortened to its first block: volumes' names are long uuids.
fn short_volume(name: &str) -> String {
    match name.split('-').collect::<Vec<_>>().as_slice() {
        ["pvc", first, ..] => format!("pvc-{first}…"),
        _ => name.to_owned(),
    }
}

#[derive(Properties, PartialEq)]
struct ServiceProps {
    card: ServiceCard,
    selected: bool,
    on_select: Callback<ObjRef>,
}

/// A Service and the names its DNS serves (only ready pods have one).
#[function_component]
fn ServiceView(props: &ServiceProps) -> Html {
    let s = &props.card;
    let obj = s.obj.clone();
    let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
    if s.missing {
        return html! {
            <div class={classes!("cl-svc", "is-missing", props.selected.then_some("is-selected"))} id={s.obj.dom_id()} data-testid="cl-svc" data-missing="true">
                <button type="button" class="cl-svc-main" {onclick}>
                    <span class="cl-kind">{ "Service" }</span>
                    <span class="cl-name">{ s.obj.name.clone() }</span>
                    <span class="cl-svc-type is-bad">{ "does not exist" }</span>
                </button>
                <p class="cl-svc-note">{ format!("{} names it in serviceName. Without it, no pod gets a DNS name; the pods run anyway.", s.sets.join(", ")) }</p>
            </div>
        };
    }
    let suffix = format!(".{}", s.fqdn);
    let names = s.names.iter().map(|n| {
        html! {
            <li class="cl-dns-name" data-testid="cl-dns-name" data-pod={n.pod.clone()} data-fqdn={n.name.clone()} title={n.name.clone()}>
                <span class="cl-mono">{ n.name.strip_suffix(&suffix).unwrap_or(&n.name).to_owned() }</span>
                <span class="cl-arrow">{ " → " }</span>
                <span class="cl-mono">{ n.ip.clone() }</span>
            </li>
        }
    });
    html! {
        <div class={classes!("cl-svc", props.selected.then_some("is-selected"))} id={s.obj.dom_id()} data-testid="cl-svc">
            <button type="button" class="cl-svc-main" {onclick} aria-label={format!("Service {}", s.obj.name)}>
                <span class="cl-kind">{ "Service" }</span>
                <span class="cl-name">{ s.obj.name.clone() }</span>
                <span class="cl-svc-type">{ if s.headless { "headless (clusterIP: None)".to_owned() } else { format!("ClusterIP {}", s.cluster_ip) } }</span>
                <span class="cl-mono cl-svc-sel">{ format!("{} · {}", if s.selector.is_empty() { "no selector" } else { &s.selector }, s.ports) }</span>
            </button>
            if s.headless {
                <div class="cl-dns-list">
                    <span class="cl-dns-title" title="A pod's name appears in DNS only while it is Ready">
                        { "DNS " }<span class="cl-mono">{ format!("<pod>{suffix}") }</span>{ ":" }
                    </span>
                    if s.names.is_empty() {
                        <span class="cl-svc-note">{ "no names yet: only Ready pods get one" }</span>
                    } else {
                        <ul>{ for names }</ul>
                    }
                    if s.srv == 0 && !s.names.is_empty() { <span class="cl-svc-note" title="SRV records exist only for named ports">{ "· no SRV: the port has no name" }</span> }
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NodesProps {
    nodes: Vec<NodeCard>,
    /// What each node offers to pods (`cpu=4,memory=8092Mi`), with the menu that changes it.
    size: Option<String>,
    /// Each node has its menu.
    menu: bool,
    selected: Option<ObjRef>,
    on_select: Callback<ObjRef>,
    on_control: Callback<Control>,
    on_action: Callback<UiAction>,
}

/// The node sizes offered: allocatable CPU and memory (8Gi, 4Gi, 16Gi machines less the
/// kubelet's 100Mi eviction threshold).
const NODE_SIZES: [(&str, &str); 3] = [("cpu=2,memory=3996Mi", "2 CPUs · 4 GiB"), ("cpu=4,memory=8092Mi", "4 CPUs · 8 GiB"), ("cpu=8,memory=16284Mi", "8 CPUs · 16 GiB")];

/// The nodes: health, cordon, taints, the pods bound to each and the volumes attached to it,
/// and a menu of what can happen to a node.
#[function_component]
fn NodesView(props: &NodesProps) -> Html {
    let cards = props.nodes.iter().map(|n| {
        let name = n.obj.name.clone();
        let on_menu = {
            let on_control = props.on_control.clone();
            let name = name.clone();
            Callback::from(move |e: Event| {
                let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
                let id = select.value();
                select.set_value("");
                if let Some(op) = NodeOp::from_id(&id) {
                    on_control.emit(Control::Node(name.clone(), op));
                }
            })
        };
        let offered = |op: NodeOp| match op {
            NodeOp::Down => !n.down,
            NodeOp::Up => n.down,
            NodeOp::Cordon => !n.cordoned,
            NodeOp::Uncordon => n.cordoned,
            NodeOp::Drain => true,
            NodeOp::Delete => true,
            NodeOp::OutOfService(on) => n.out_of_service != on,
        };
        let options = NodeOp::ALL.into_iter().filter(|op| offered(*op)).map(|op| html! { <option value={op.id()}>{ op.label() }</option> });
        let obj = n.obj.clone();
        let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
        let health = match n.health {
            NodeHealth::Ready => "is-ready",
            NodeHealth::Silent => "is-silent",
            NodeHealth::NotReady => "is-notready",
        };
        let pods = n.pods.iter().map(|(pod, state)| {
            let obj = pod.clone();
            let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
            html! { <li><button type="button" class={classes!("cl-node-pod", state.class())} {onclick} data-testid="cl-node-pod" title={format!("pod {}/{}", pod.namespace, pod.name)}>{ pod.name.clone() }</button></li> }
        });
        let volumes = n.volumes.iter().map(|(pv, claim)| html! {
            <li class="cl-node-vol" data-testid="cl-node-vol" title={format!("VolumeAttachment of {pv}")}>{ format!("⛁ {}", if claim.is_empty() { short_volume(pv) } else { claim.clone() }) }</li>
        });
        let note = match n.health {
            NodeHealth::Silent => Some("not answering: the cluster notices after 50 s"),
            NodeHealth::NotReady if n.down => Some("not answering: NotReady"),
            _ => None,
        };
        html! {
            <li class={classes!("cl-node-card", health, n.cordoned.then_some("is-cordoned"), (props.selected.as_ref() == Some(&n.obj)).then_some("is-selected"))}
                id={n.obj.dom_id()} data-testid="cl-node-card" data-name={name.clone()} data-status={n.status.clone()}>
                <div class="cl-node-head">
                    <button type="button" class="cl-node-main" {onclick} aria-label={format!("Node {}, {}", name, n.status)}>
                        <span class={classes!("cl-node", node_class(&name))}>{ name.clone() }</span>
                        <span class="cl-node-status" data-testid="cl-node-status">{ n.status.clone() }</span>
                    </button>
                    if props.menu {
                        <select class="cl-node-menu" onchange={on_menu} data-testid="cl-node-menu" aria-label={format!("Do something to node {name}")}>
                            <option value="" selected=true>{ "Node…" }</option>
                            { for options }
                        </select>
                    }
                </div>
                if let Some(note) = note { <p class="cl-node-note" data-testid="cl-node-note">{ note }</p> }
                if let Some(d) = &n.draining { <p class="cl-node-drain" data-testid="cl-node-drain" title={d.clone()}>{ format!("draining: {d}") }</p> }
                if !n.taints.is_empty() {
                    <ul class="cl-taints" aria-label="Taints">{ for n.taints.iter().map(|t| html! { <li class="cl-taint" data-testid="cl-taint">{ t.clone() }</li> }) }</ul>
                }
                <ul class="cl-node-pods" aria-label={format!("Pods on {name}")}>
                    { for pods }
                    if n.pods.is_empty() { <li class="cl-node-empty">{ "no pods" }</li> }
                </ul>
                if !n.volumes.is_empty() { <ul class="cl-node-vols" aria-label={format!("Volumes attached to {name}")}>{ for volumes }</ul> }
            </li>
        }
    });
    let size_menu = props.size.as_ref().map(|size| {
        let on_size = props.on_action.reform(|e: Event| UiAction::NodeSize(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()));
        let sizes = NODE_SIZES.iter().map(|(value, label)| html! { <option value={*value} selected={size == *value}>{ format!("nodes of {label}") }</option> });
        html! {
            <div class="cl-nodes-bar">
                <select class="cl-node-size" onchange={on_size} data-testid="cl-node-size" aria-label="What each node offers to pods (changing it starts an empty cluster)" title="Allocatable CPU and memory of each node: the scheduler fits pods by their requests. Changing it starts an empty cluster">
                    { for sizes }
                    if !NODE_SIZES.iter().any(|(v, _)| v == size) { <option value={size.clone()} selected=true>{ size.clone() }</option> }
                </select>
            </div>
        }
    });
    html! {
        <>
            { for size_menu }
            <ol class="cl-nodes" aria-label="Nodes" data-testid="cl-nodes">{ for cards }</ol>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PdbProps {
    card: PdbCard,
    selected: bool,
    on_select: Callback<ObjRef>,
}

/// A PodDisruptionBudget as `kubectl get pdb` shows it, and the evictions it refused.
#[function_component]
fn PdbView(props: &PdbProps) -> Html {
    let p = &props.card;
    let obj = p.obj.clone();
    let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
    html! {
        <div class={classes!("cl-pdb", (p.allowed == 0).then_some("is-closed"), props.selected.then_some("is-selected"))} id={p.obj.dom_id()} data-testid="cl-pdb" data-allowed={p.allowed.to_string()}>
            <button type="button" class="cl-pdb-main" {onclick} aria-label={format!("PodDisruptionBudget {}, {} disruptions allowed", p.obj.name, p.allowed)}>
                <span class="cl-kind">{ "PodDisruptionBudget" }</span>
                <span class="cl-name">{ p.obj.name.clone() }</span>
                <span class="cl-mono">{ format!("{} · {}", p.budget, p.selector) }</span>
            </button>
            <p class="cl-pdb-allowed" data-testid="cl-pdb-allowed">{ format!("ALLOWED DISRUPTIONS {}", p.allowed) }</p>
            <p class="cl-pdb-status">{ format!("healthy {} of {} expected, {} must stay", p.healthy, p.expected, p.desired) }</p>
            if p.selects == 0 { <p class="cl-pdb-note is-bad">{ format!("selects no pod in namespace {}: it protects nothing", p.obj.namespace) }</p> }
            if p.refused > 0 {
                <p class="cl-pdb-refused" data-testid="cl-pdb-refused">{ format!("refused {} eviction(s) (429), last of {}", p.refused, p.last_refused.clone().unwrap_or_default()) }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SecretProps {
    card: SecretCard,
    selected: bool,
    on_select: Callback<ObjRef>,
}

/// A Secret: its name, type and keys. Its values are never drawn.
#[function_component]
fn SecretView(props: &SecretProps) -> Html {
    let s = &props.card;
    let obj = s.obj.clone();
    let onclick = props.on_select.reform(move |_: MouseEvent| obj.clone());
    html! {
        <div class={classes!("cl-secret", props.selected.then_some("is-selected"))} id={s.obj.dom_id()} data-testid="cl-secret">
            <button type="button" class="cl-secret-main" {onclick} aria-label={format!("Secret {}", s.obj.name)}>
                <span class="cl-kind">{ "Secret" }</span>
                <span class="cl-name">{ s.obj.name.clone() }</span>
                <span class="cl-mono">{ format!("{} · {}", s.type_, if s.keys.is_empty() { "no keys".to_owned() } else { format!("keys: {}", s.keys.join(", ")) }) }</span>
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct BackupProps {
    card: super::scene::BackupCard,
}

/// A CronJob, Job, VolumeSnapshot, or the files on a claim: its kind, name, state and details.
#[function_component]
fn BackupView(props: &BackupProps) -> Html {
    let b = &props.card;
    let kind_class = format!("is-{}", b.kind.to_ascii_lowercase());
    html! {
        <div class={classes!("cl-backup", kind_class, b.trouble.then_some("is-trouble"))} role="listitem" data-testid="cl-backup" data-kind={b.kind} data-name={b.name.clone()} data-state={b.state.clone()}>
            <div class="cl-backup-head">
                <span class="cl-kind">{ match b.kind { "Files" => "Files on", "Local" => "Files on", k => k } }</span>
                <span class="cl-name">{ b.name.clone() }</span>
                <span class="cl-backup-state">{ b.state.clone() }</span>
            </div>
            <ul class="cl-backup-lines">{ for b.lines.iter().map(|l| html! { <li class="cl-mono">{ l.clone() }</li> }) }</ul>
        </div>
    }
}

/// Scrolls an element so that its end is visible (the newest log or terminal line).
pub fn scroll_to_end(el: &HtmlElement) {
    el.set_scroll_top(el.scroll_height());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1204), "1,204");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(short_volume("pvc-3f2a9c1e-77aa-4b1c-9d0e-1234567890ab"), "pvc-3f2a9c1e…");
        assert_eq!(node_class("node-2"), "is-n2");
    }
}
