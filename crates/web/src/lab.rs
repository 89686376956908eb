//! The page's second module: the side with every tab beyond the editor's (the cluster view,
//! the comparison, the lessons and the checklist), the share button that links a lesson step
//! and a lab, and presenter mode. [`crate::start_lab`] mounts `App<Full>`.

use yew::prelude::*;

use crate::app::{EditorLink, PanelContext, Side};
use crate::cluster::state::UiAction;
use crate::cluster::{consequences, ClusterKeep, ClusterView};
use crate::teach::{self, Teach};

/// The whole side.
pub struct Full;

/// What it keeps: the teaching state and the Cluster tab's simulation, kept while another tab
/// is shown.
#[derive(Clone)]
pub struct FullState {
    /// The lessons, the checklist's ticks, presenter mode, the comparison.
    pub teach: Teach,
    /// The Cluster tab's simulation.
    pub cluster: ClusterKeep,
}

#[hook]
fn use_full(link: EditorLink) -> FullState {
    // a consequence the first module was asked to play ("See what happens"), set up before the
    // Cluster tab first draws
    let cluster = use_state(|| {
        let keep = ClusterKeep::default();
        if let Some(c) = crate::handoff::take_consequence().and_then(|id| consequences::all().into_iter().find(|c| c.id == id)) {
            play_in(&keep, c.id);
        }
        keep
    });
    let teach = teach::use_teach(link, (*cluster).clone());
    FullState { teach, cluster: (*cluster).clone() }
}

/// Starts a consequence in the Cluster tab's simulation.
fn play_in(keep: &ClusterKeep, consequence: &str) {
    let ui = keep.0.borrow_mut().take().unwrap_or_default();
    *keep.0.borrow_mut() = Some(ui.apply(UiAction::Consequence(consequence.to_owned())));
}

impl Side for Full {
    type State = FullState;

    fn use_side(link: EditorLink) -> impl yew::functional::Hook<Output = FullState> {
        use_full(link)
    }

    fn root_classes(state: &FullState, tab: &str) -> Classes {
        state.teach.root_classes(tab == "lessons")
    }

    fn header(state: &FullState) -> Html {
        let teach = state.teach.clone();
        html! { <crate::components::ShareButton covers="this text, lesson step and lab" link={Callback::from(move |()| teach.share_link())} /> }
    }

    fn layer(state: &FullState) -> Html {
        html! { <teach::PresenterLayer teach={state.teach.clone()} /> }
    }

    fn panel(state: &FullState, tab: &'static str, cx: PanelContext) -> Html {
        let teach = state.teach.clone();
        match tab {
            "cluster" => html! { <ClusterView text={cx.text} keep={state.cluster.clone()} on_jump={cx.on_jump} lesson={teach.pointer()} /> },
            "compare" => html! { <crate::compare::CompareView text={cx.text} keep={teach.compare.clone()} /> },
            "lessons" => html! { <teach::LessonPanel {teach} /> },
            "checklist" => {
                // what the learner did in the Cluster tab counts too (a backup taken, a restore)
                let practice = state.cluster.0.borrow().as_ref().map(|ui| ordinal_core::checklist::Practice::of(ui.session.borrow().sim())).unwrap_or_default();
                let on_fix = {
                    let (analysis, on_fix) = (cx.analysis.clone(), cx.on_fix.clone());
                    Callback::from(move |code: &'static str| {
                        if let Some(i) = analysis.findings.iter().position(|f| f.diagnostic.code == code) {
                            on_fix.emit(i);
                        }
                    })
                };
                let on_lesson = {
                    let show_tab = cx.show_tab.clone();
                    Callback::from(move |()| show_tab.emit("lessons"))
                };
                html! { <teach::ChecklistPanel {teach} {practice} {on_fix} {on_lesson} on_jump={cx.on_jump} /> }
            }
            _ => html! {},
        }
    }

    fn play(state: &FullState, consequence: &'static str, show_tab: &Callback<&'static str>) {
        play_in(&state.cluster, consequence);
        show_tab.emit("cluster");
    }
}
