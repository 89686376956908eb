//! The root component: owns the state, schedules the analysis, autosaves, and lays out the
//! page: the editor on the left, a tabbed side panel on the right (explanation, problems,
//! concepts; a new view is one more entry of [`side_tabs`] and one more arm in the panel).
//!
//! The page is built twice (ARCHITECTURE.md, "The first load"): [`App`] is generic over the
//! [`Side`] that provides the tabs beyond the editor's (the cluster, the comparison, the
//! lessons, the checklist), the share button and presenter mode. The first module the browser
//! downloads is `App<crate::lazy::Loader>`, whose side only loads the second module when one
//! of those tabs is opened; the second is `App<crate::lab::Full>`, the whole page.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::analysis::{Analysis, Making};
use crate::components::{Concepts, Editor, ExamplesMenu, Explain, Header, Problems, TabSpec, Tabs};
use crate::diff;
use crate::dom;
use crate::shell::Task;
use crate::examples::{self, Example};
use crate::panic;
use crate::state::{Action, State};
use crate::storage;
use crate::text::Lines;

/// The text the page opens on when nothing was saved: the guide's Service and StatefulSet.
pub const DEFAULT_TEXT: &str = ordinal_core::examples::GUIDE;

/// The side panel's tabs. Add a view here (and its panel in [`App`]).
pub fn side_tabs(findings: usize) -> Vec<TabSpec> {
    vec![
        TabSpec { id: "explain", label: "Explain", count: None },
        TabSpec { id: "problems", label: "Problems", count: Some(findings) },
        TabSpec { id: "concepts", label: "Concepts", count: None },
        TabSpec { id: "cluster", label: "Cluster", count: None },
        TabSpec { id: "compare", label: "Compare", count: None },
        // teach: lessons and the production checklist (crate::teach)
        TabSpec { id: "lessons", label: "Lessons", count: None },
        TabSpec { id: "checklist", label: "Checklist", count: None },
    ]
}

/// How long to wait after an edit before analysing: at least a frame (so the keystroke is
/// painted first), and on texts whose analysis is slow, about twice its duration, so that
/// steady typing is never held up by it.
fn analysis_delay(last_ms: f64) -> u32 {
    if last_ms < 12.0 {
        16
    } else {
        (last_ms * 2.0).clamp(60.0, 600.0) as u32
    }
}

/// How long one task of the first analysis behind the shell runs its rules, in milliseconds,
/// whatever the device: well under a quarter of the 50 ms after which a task counts as long
/// (Lighthouse's mobile preset runs the CPU four times slower), since a rule called for the
/// first time can run over it while Chromium compiles it. (10 ms gave a median total blocking
/// time of 209–220 ms on the mobile preset; twelve rules a task, 102–117 ms.)
const RULES_SLICE_MS: f64 = 4.0;

/// Runs `making`'s rules for [`RULES_SLICE_MS`] a task, each slice in a task of its own (the
/// next kept in `slot`), then `draw`s the analysis in one more.
fn in_steps(mut making: Making, slot: Rc<RefCell<Option<Task>>>, draw: impl FnOnce(Analysis) + 'static) {
    let until = now_ms() + RULES_SLICE_MS;
    let more = making.step(|| now_ms() < until);
    let next = slot.clone();
    *slot.borrow_mut() = Some(Task::new(move || {
        if more {
            in_steps(making, next, draw);
        } else {
            let analysis = making.finish();
            *next.borrow_mut() = Some(Task::new(move || draw(analysis)));
        }
    }));
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

fn mark(name: &str) {
    if let Some(p) = gloo::utils::window().performance() {
        let _ = p.mark(name);
    }
}

/// What the app lends the parts beyond the editor: the editor's text and findings, and ways
/// to act on the editor and the page.
#[derive(Clone, PartialEq)]
pub struct EditorLink {
    /// The editor's text.
    pub text: Rc<str>,
    /// The findings of that text, when its analysis is current.
    pub diagnostics: Option<Rc<Vec<ordinal_core::rules::Diagnostic>>>,
    /// Replaces the whole text (one undoable step).
    pub replace_text: Callback<String>,
    /// Selects a byte range of the text in the editor.
    pub select: Callback<(usize, usize)>,
    /// Shows a tab of the side panel (a share link opened shows the lessons).
    pub show_tab: Callback<&'static str>,
}

/// What a side panel beyond the editor's is given when it is shown.
#[derive(Clone)]
pub struct PanelContext {
    /// The editor's text.
    pub text: Rc<str>,
    /// The caret, a byte offset into `text`.
    pub cursor: usize,
    /// The latest analysis (of `text` when `current`).
    pub analysis: Rc<Analysis>,
    /// Whether `analysis` is of the current text.
    pub current: bool,
    /// Selects a range of the analysed text in the editor.
    pub on_jump: Callback<(usize, usize)>,
    /// Applies the quick fix of a finding (its index in `analysis.findings`).
    pub on_fix: Callback<usize>,
    /// Shows a tab.
    pub show_tab: Callback<&'static str>,
}

/// The tabs beyond the editor's, the header's share button and presenter mode: what the page's
/// second module adds ([`crate::lab::Full`]) or loads on demand ([`crate::lazy::Loader`]).
pub trait Side: 'static {
    /// What the side keeps between renders.
    type State: Clone;
    /// The side's hooks, called once per render of the app.
    fn use_side(link: EditorLink) -> impl yew::functional::Hook<Output = Self::State>;
    /// Classes for the page's root element (presenter mode).
    fn root_classes(state: &Self::State, tab: &str) -> Classes;
    /// What the header shows after the examples menu (the share button).
    fn header(state: &Self::State) -> Html;
    /// What lies over the page (presenter mode's layer).
    fn layer(state: &Self::State) -> Html;
    /// The panel of one of its tabs.
    fn panel(state: &Self::State, tab: &'static str, context: PanelContext) -> Html;
    /// "See what happens": plays a finding's consequence in the Cluster tab
    /// ([`crate::cluster::consequences`]).
    fn play(state: &Self::State, consequence: &'static str, show_tab: &Callback<&'static str>);
    /// Told on every render what the page shows (the first module keeps it to hand over).
    fn shown(_state: &Self::State, _page: Shown) {}
}

/// What the page shows, as [`Side::shown`] is told.
pub struct Shown {
    /// The editor's text.
    pub text: Rc<str>,
    /// The caret, a byte offset into `text`.
    pub cursor: usize,
    /// The side tab shown.
    pub tab: &'static str,
    /// The concept open in the Concepts tab.
    pub concept: Option<String>,
}

/// The whole page with every feature: what the second module mounts.
pub type FullApp = App<crate::lab::Full>;

/// The note above the editor.
#[derive(Clone, PartialEq)]
enum Notice {
    /// An example was loaded (its title); Ctrl+Z or "Restore previous text" undo it.
    Loaded(String),
    /// A paste or a drop was refused, and why (crate::paste).
    Refused(String),
}

/// The page: the editor and its panels, and the tabs of the side `S`.
#[function_component]
pub fn App<S: Side>() -> Html {
    // `_eq`: an action that changes nothing (a keyup or a click that leaves the caret where it
    // was) renders nothing either.
    // what the first module handed over when the second took its place (crate::handoff)
    let handoff = use_memo((), |_| crate::handoff::take());
    let state = {
        let handoff = handoff.clone();
        use_reducer_eq(move || match &*handoff {
            Some(h) => State::new(h.text.clone(), h.cursor),
            None => {
                let text = storage::load_text().unwrap_or_else(|| DEFAULT_TEXT.to_owned());
                // behind the shell, the first analysis is a task of its own (crate::shell)
                if crate::shell::showing() { State::unanalysed(text, 0) } else { State::new(text, 0) }
            }
        })
    };
    let textarea = use_node_ref();
    let line_height = use_mut_ref(|| 22.0f64);
    let autosaved = use_state_eq(|| true);
    let tab = use_state_eq(|| handoff.as_ref().as_ref().map_or("explain", |h| h.tab));
    let concept = use_state_eq(|| handoff.as_ref().as_ref().and_then(|h| h.concept.clone()));
    let reveal = use_state_eq(|| None::<usize>);
    let notice = use_state_eq(|| None::<Notice>);
    let last_analysis_ms = use_mut_ref(|| 0.0f64);
    // The latest state, for callbacks that must not change on every keystroke.
    let latest: Rc<RefCell<State>> = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();

    // Autosave every change of the text.
    {
        let autosaved = autosaved.setter();
        let text = state.text.clone();
        use_effect_with(state.version, move |_| autosaved.set(storage::save_text(&text)));
    }

    // Behind the shell the page starts in short tasks (crate::shell): this render without the
    // editor, the next with it, then the analysis, then its drawing.
    let editor_shown = use_state_eq(|| !crate::shell::showing());
    {
        let editor_shown = editor_shown.clone();
        use_effect_with((), move |_| {
            let task = (!*editor_shown).then(|| Task::new(move || editor_shown.set(true)));
            move || drop(task)
        });
    }

    // Analyse each new version of the text, after it has been painted.
    {
        let dispatcher = state.dispatcher();
        let pending = (!state.is_current()).then(|| (state.text.clone(), state.version));
        // the first analysis behind the shell is made a few rules a task, and drawn in a task
        // of its own
        let first = state.analysis.is_none();
        let last = last_analysis_ms.clone();
        let steps = use_mut_ref(|| None::<Task>);
        use_effect_with(state.version, move |_| {
            let timer = pending.and_then(|(text, version)| {
                if first {
                    // (the first analysis behind the shell has no keystroke to let paint
                    // first: it starts in a task of its own)
                    let draw = move |analysis: Analysis| dispatcher.dispatch(Action::Analysed(Rc::new(analysis)));
                    let slot = steps.clone();
                    *steps.borrow_mut() = Some(Task::new(move || in_steps(Making::new(text, version), slot, draw)));
                    return None;
                }
                let delay = analysis_delay(*last.borrow());
                Some(Timeout::new(delay, move || {
                    let t0 = now_ms();
                    let analysis = Analysis::new(text, version);
                    *last.borrow_mut() = now_ms() - t0;
                    dispatcher.dispatch(Action::Analysed(Rc::new(analysis)));
                }))
            });
            move || {
                drop(timer);
                steps.borrow_mut().take();
            }
        });
    }
    {
        let current = state.is_current();
        use_effect_with(Rc::as_ptr(&state.analysis) as usize, move |_| {
            // (the first render behind the shell has no analysis yet)
            if current {
                mark("ordinal:analysis-rendered");
                // drawn with its analysis: the app takes the shell's place, if it shows
                crate::shell::reveal();
            }
        });
    }
    // the descriptions and the rules' explanations, fetched once the editor shows
    let texts = crate::texts::use_texts();
    {
        let dispatcher = state.dispatcher();
        use_effect_with(texts.status.clone(), move |status| {
            if *status == crate::texts::Texts::Loaded {
                dispatcher.dispatch(Action::TextsLoaded);
            }
            // where they stand, for the end-to-end tests
            if let Some(body) = gloo::utils::document().body() {
                let _ = body.set_attribute("data-texts", status.as_str());
            }
        });
    }
    // after a hand-over from the first module: the focus, the caret and the scroll it had
    use_effect_with((), |_| crate::lazy::restore_focus());

    let dispatcher = state.dispatcher();
    let on_edit = use_callback(dispatcher.clone(), |(text, cursor_utf16): (String, u32), d| {
        d.dispatch(Action::Edit { text, cursor_utf16 })
    });
    let on_cursor = use_callback(dispatcher.clone(), |cursor: u32, d| d.dispatch(Action::MoveCursor(cursor)));
    let on_hover = use_callback(dispatcher, |at: Option<usize>, d| d.dispatch(Action::Hover(at)));
    let on_metrics = {
        let line_height = line_height.clone();
        use_callback((), move |lh: f64, _| *line_height.borrow_mut() = lh)
    };
    // Select a range of the analysed text in the editor (moved through the edits made since).
    let on_jump = {
        let latest = latest.clone();
        let textarea = textarea.clone();
        let line_height = line_height.clone();
        use_callback((), move |(start, end): (usize, usize), _| {
            let state = latest.borrow();
            let (s, e) = state.changes.iter().fold((start, end), |(s, e), c| (c.map(s), c.map(e)));
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                dom::select(&el, s, e.max(s), *line_height.borrow());
            }
        })
    };
    let on_fix = {
        let latest = latest.clone();
        let textarea = textarea.clone();
        use_callback((), move |index: usize, _| {
            let state = latest.borrow().clone();
            if !state.is_current() {
                return;
            }
            let Some(fix) = state.analysis.findings.get(index).and_then(|f| f.diagnostic.fix.clone()) else { return };
            let Some((s, e, insert)) = diff::as_one_replacement(&state.analysis.text, &fix.edits) else { return };
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                let caret = s + insert.len();
                dom::replace(&el, s, e, &insert, caret, caret);
            }
        })
    };
    let show_tab = {
        let tab = tab.clone();
        let reveal = reveal.clone();
        use_callback((), move |id: &'static str, _| {
            reveal.set(None);
            tab.set(id);
        })
    };
    // the tabs beyond the editor's, the share button and presenter mode (Side)
    let side = S::use_side(EditorLink {
        show_tab: show_tab.clone(),
        text: state.text.clone(),
        diagnostics: state.is_current().then(|| Rc::new(state.analysis.findings.iter().map(|f| f.diagnostic.clone()).collect())),
        replace_text: {
            let textarea = textarea.clone();
            Callback::from(move |text: String| {
                if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                    dom::replace_all(&el, &text);
                }
            })
        },
        select: {
            let (textarea, line_height) = (textarea.clone(), line_height.clone());
            Callback::from(move |(s, e): (usize, usize)| {
                if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                    dom::select(&el, s, e, *line_height.borrow());
                }
            })
        },
    });
    let on_concept = {
        let tab = tab.clone();
        let concept = concept.clone();
        use_callback((), move |id: String, _| {
            concept.set(Some(id));
            tab.set("concepts");
        })
    };
    let on_problem = {
        let tab = tab.clone();
        let reveal = reveal.clone();
        use_callback((), move |i: usize, _| {
            reveal.set(Some(i));
            tab.set("problems");
        })
    };
    let on_select_concept = {
        let concept = concept.clone();
        use_callback((), move |id: Option<String>, _| concept.set(id))
    };
    let on_load = {
        let latest = latest.clone();
        let textarea = textarea.clone();
        let notice = notice.clone();
        use_callback((), move |example: Example, _| {
            let current = latest.borrow().text.clone();
            if examples::is_edited(&current) {
                storage::save_previous(&current);
            }
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                dom::replace_all(&el, example.text);
            }
            notice.set(Some(Notice::Loaded(example.title.to_owned())));
        })
    };
    let restore = {
        let textarea = textarea.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(previous), Some(el)) = (storage::load_previous(), textarea.cast::<HtmlTextAreaElement>()) {
                dom::replace_all(&el, &previous);
            }
            notice.set(None);
        })
    };
    let on_refused = {
        let notice = notice.clone();
        use_callback((), move |reason: String, _| notice.set(Some(Notice::Refused(reason))))
    };
    let dismiss = {
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| notice.set(None))
    };
    let panic_test = panic::test_requested().then(|| {
        let onclick = Callback::from(|_: MouseEvent| panic!("test panic requested with ?{}", panic::TEST_FLAG));
        html! { <button type="button" class="btn btn-small" data-testid="panic-test" {onclick}>{ "Trigger a test panic" }</button> }
    });

    // Browsers keep about 5 MB per site: a larger text cannot be saved, and the user is told so.
    let save_status = if *autosaved {
        "Saved in this browser".to_owned()
    } else if state.text.len() > 1 << 20 {
        format!("Not saved: {} is more than this browser's storage holds", ordinal_core::yaml::human_size(state.text.len()))
    } else {
        "Autosave is unavailable in this browser".to_owned()
    };
    let analysis = state.analysis.clone();
    let current = state.is_current();
    let counts = analysis.counts();
    let edited = examples::is_edited(&state.text);
    let decorations = Rc::new(state.decorations());
    let error_line = analysis.syntax_error.as_ref().filter(|_| current).map(|e| e.line);
    let focus_line = state.focus.as_ref().filter(|_| !state.stale).map(|f| f.field.line);
    let caret = {
        let lines = Lines::new(&state.text);
        let line = lines.line_of(state.cursor);
        let col = state.text[lines.start(line)..state.cursor.max(lines.start(line))].chars().count() + 1;
        format!("Ln {}, Col {col}", line + 1)
    };

    // "See what happens": the consequence plays in the Cluster tab
    let on_play = {
        let (side, show_tab) = (side.clone(), show_tab.clone());
        Callback::from(move |id: &'static str| S::play(&side, id, &show_tab))
    };
    S::shown(&side, Shown { text: state.text.clone(), cursor: state.cursor, tab: *tab, concept: (*concept).clone() });
    let panel = match *tab {
        "problems" => html! {
            <Problems analysis={analysis.clone()} {current} reveal={*reveal} on_jump={on_jump.clone()} on_fix={on_fix.clone()} {on_play} texts={texts.clone()} />
        },
        "concepts" => html! { <Concepts selected={(*concept).clone()} on_select={on_select_concept} texts={texts.clone()} /> },
        "explain" => html! {
            <Explain
                focus={state.focus.clone()}
                analysis={analysis.clone()}
                stale={state.stale}
                hovering={state.hover.is_some()}
                error={analysis.syntax_error.clone()}
                on_jump={on_jump.clone()}
                {on_concept}
                on_problem={on_problem.clone()}
                texts={texts.clone()}
            />
        },
        other => S::panel(&side, other, PanelContext {
            text: state.text.clone(),
            cursor: state.cursor,
            analysis: analysis.clone(),
            current,
            on_jump: on_jump.clone(),
            on_fix,
            show_tab: show_tab.clone(),
        }),
    };
    html! {
        <div class={classes!("app", S::root_classes(&side, *tab))}>
            <a class="skip-link" href="#editor">{ "Skip to the editor" }</a>
            <a class="skip-link" href="#side-panel">{ "Skip to the explanation" }</a>
            <Header>
                <ExamplesMenu {edited} {on_load} />
                { S::header(&side) }
            </Header>
            { S::layer(&side) }
            <main class="workspace">
                <section class="pane pane-editor" aria-labelledby="editor-title">
                    <div class="pane-bar">
                        <h2 class="pane-title" id="editor-title">{ "Manifest" }</h2>
                        <span class="keys" id="editor-keys">{ "Tab indents · Shift+Tab outdents · Esc then Tab leaves the editor" }</span>
                    </div>
                    if let Some(Notice::Loaded(title)) = &*notice {
                        <div class="notice" role="status" data-testid="notice">
                            <span>{ format!("Loaded “{title}”. Ctrl+Z in the editor undoes it.") }</span>
                            if storage::load_previous().is_some() {
                                <button type="button" class="btn btn-small" onclick={restore} data-testid="restore">{ "Restore previous text" }</button>
                            }
                            <button type="button" class="btn btn-small" onclick={dismiss.clone()} aria-label="Dismiss">{ "✕" }</button>
                        </div>
                    }
                    if let Some(Notice::Refused(reason)) = &*notice {
                        <div class="notice notice-refused" role="alert" data-testid="paste-refused">
                            <span>{ reason.clone() }</span>
                            <button type="button" class="btn btn-small" onclick={dismiss} aria-label="Dismiss">{ "✕" }</button>
                        </div>
                    }
                    if !*editor_shown {
                        <div class="editor" />
                    } else {
                        <Editor
                            text={state.text.clone()}
                            version={state.version}
                            {decorations}
                            {error_line}
                            {focus_line}
                            textarea={textarea.clone()}
                            {on_edit}
                            {on_cursor}
                            {on_hover}
                            {on_metrics}
                            analysis={current.then(|| analysis.clone())}
                            {on_problem}
                            {on_refused}
                        />
                    }
                    <div class="status-bar">
                        <span class="caret-pos">{ caret }</span>
                        <span class="findings-count" role="status" aria-live="polite" data-testid="findings-count">{ counts.sentence() }</span>
                        <span class="save-status" data-testid="save-status">{ save_status }</span>
                    </div>
                </section>
                <section class="pane pane-side" id="side-panel" aria-label="Explanation and problems" tabindex="-1">
                    <Tabs tabs={side_tabs(counts.total())} selected={*tab} on_select={show_tab.clone()}>
                        { panel }
                    </Tabs>
                </section>
            </main>
            <footer class="app-footer">
                <span>{ "Explanations from the StatefulSet guide and the Kubernetes 1.35 API reference. Nothing leaves this browser." }</span>
                { for panic_test }
            </footer>
        </div>
    }
}
