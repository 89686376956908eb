//! Teaching a class: the lesson player, presenter mode, the production checklist and share
//! links, over `ordinal_core::lessons`.
//!
//! - [`state`]: the teaching state and its reducer (plain data, tested natively).
//! - [`share`]: share links in the URL fragment (plain functions, tested natively).
//! - [`use_teach`]: the hook the app calls once; it owns the state, the lab (a simulated
//!   cluster), the lab's clock, the manual checklist ticks and the opening of a share link.
//! - [`LessonPanel`], [`LabView`], [`ChecklistPanel`], [`PresenterLayer`]:
//!   the components.
//!
//! The app gives the hook two ways to act on the editor: replace its whole text (undoable,
//! like an example) and select a range (the highlight of a step).

pub mod challenge_panel;
pub mod checklist_panel;
pub mod lab_view;
pub mod lesson_files;
pub mod lesson_panel;
pub mod presenter;
pub mod share;
pub mod state;

pub use challenge_panel::ChallengePanel;
pub use checklist_panel::ChecklistPanel;
pub use lab_view::LabView;
pub use lesson_panel::LessonPanel;
pub use presenter::PresenterLayer;
pub use state::{Banner, Entry, Loaded, Opening, TeachAction, TeachState};

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Interval;
use ordinal_core::catalog::{self, PatternSeg};
use ordinal_core::lessons::challenge::{self, Challenge};
use ordinal_core::lessons::progress::{ChallengeProgress, Progress};
use ordinal_core::lessons::{self, check, lab, Check, Highlight, Lab, LessonContext, Solution, Start};
use ordinal_core::yaml::{self, Node};
use yew::prelude::*;

use crate::cluster::session::Session;

/// The seed of every lab: the same lesson always plays the same way.
pub const SEED: u64 = 11;

/// The lab's clock ticks every this many wall-clock milliseconds; each tick moves simulated
/// time on by this times the speed.
pub const TICK_MS: u32 = 100;

/// The `localStorage` key of the checklist's manual ticks.
pub const TICKS_KEY: &str = "ordinal.teach.checklist";

/// The `localStorage` key of the steps done, by lesson.
pub const PROGRESS_KEY: &str = "ordinal.teach.progress";

/// The `localStorage` key of what was done in each "fix it" challenge, by id (hints shown,
/// the waiting reason asked for, the solution shown, fixed).
pub const CHALLENGES_KEY: &str = "ordinal.teach.challenges";

pub use crate::app::EditorLink;

/// The handle every teaching component takes.
#[derive(Clone)]
pub struct Teach {
    /// The state.
    pub state: UseReducerHandle<TeachState>,
    /// The lab of the open lesson or challenge, if it has one: the Cluster tab's session while
    /// that tab shows it ([`Teach::show_in_cluster`]), one cluster for both.
    pub lab: Rc<RefCell<Option<Rc<RefCell<Session>>>>>,
    /// The editor.
    pub editor: EditorLink,
    /// The comparison with a Deployment, shared with the Compare tab (a lesson step plays it
    /// too).
    pub compare: crate::compare::CompareKeep,
    /// The Cluster tab's state, which shows the lab ([`Teach::show_in_cluster`]).
    pub cluster: crate::cluster::ClusterKeep,
}

impl PartialEq for Teach {
    fn eq(&self, other: &Self) -> bool {
        *self.state == *other.state && Rc::ptr_eq(&self.lab, &other.lab) && self.editor == other.editor && self.compare == other.compare && self.cluster == other.cluster
    }
}

impl Teach {
    /// Dispatches an action.
    pub fn dispatch(&self, action: TeachAction) {
        self.state.dispatch(action);
    }

    /// The classes the app's root element takes: presenter mode and its options, and the lab
    /// given the whole width (`lessons_shown`: the Lessons tab is the one shown). In presenter
    /// mode a step that works in the lab and not in the editor shows the step and the lab side
    /// by side, without the editor, so that both fit a 1280×720 projector.
    pub fn root_classes(&self, lessons_shown: bool) -> Classes {
        let s = &*self.state;
        let lab_step = lessons_shown && s.lab_beside_step();
        let wide = lessons_shown && s.wide && (s.lesson.is_some() || s.challenge.is_some());
        classes!(
            s.presenter.then_some("presenter"),
            (s.presenter && s.solo).then_some("presenter-solo"),
            (s.presenter && s.pointer).then_some("presenter-pointer"),
            lab_step.then_some("presenter-lab"),
            wide.then_some("teach-wide"),
        )
    }

    /// Opens a lesson at a step, setting up its text and lab as the lesson says. When the
    /// lesson would replace text the learner wrote, it asks first (the question is
    /// [`TeachState::asking`], answered by [`Teach::open_replacing`]).
    pub fn open(&self, lesson: usize, step: usize) {
        if let Some(l) = self.state.lesson_at(lesson) {
            self.open_lesson(l, lesson, step, false);
        }
    }

    /// Opens a "fix it" challenge: the broken cluster in the lab, its text in the editor,
    /// asking first as a lesson does when that replaces text the learner wrote.
    pub fn open_challenge(&self, index: usize) {
        let Some(c) = challenge::challenges().get(index) else { return };
        self.ask_or(c.start, Opening::Challenge(index));
    }

    /// Asks before replacing text the learner wrote with the guide's, or opens at once.
    fn ask_or(&self, start: Start, what: Opening) {
        if self.must_ask(start) {
            self.dispatch(TeachAction::Ask(Some(what)));
        } else {
            self.open_replacing(what);
        }
    }

    /// Whether starting from `start` would replace text the learner wrote.
    fn must_ask(&self, start: Start) -> bool {
        let text: &str = &self.editor.text;
        start == Start::Guide && text != ordinal_core::examples::GUIDE && crate::examples::is_edited(text)
    }

    /// Opens lesson `l`, at `index`, at a step: asks first unless `replacing` (the learner
    /// said yes) or nothing of the learner's would be replaced.
    fn open_lesson(&self, l: &'static lessons::Lesson, index: usize, step: usize, replacing: bool) {
        if !replacing && self.must_ask(l.start) {
            self.dispatch(TeachAction::Ask(Some(Opening::Lesson(index, step))));
            return;
        }
        let text = match l.start {
            Start::Guide => self.replace_text(ordinal_core::examples::GUIDE, &format!("Lesson {}", l.number)),
            Start::Keep => self.keep_text(),
        };
        self.set_lab(l.start_lab(&text, SEED), &lesson_label(l), false);
        self.dispatch(TeachAction::ClearTranscript);
        self.dispatch(TeachAction::Open { lesson: index, step });
        self.dispatch(TeachAction::LabChanged);
    }

    /// Opens a lesson at a step or a challenge, replacing the editor's text when it starts
    /// from the guide's; the text replaced stays one click away ("Restore my previous text").
    pub fn open_replacing(&self, what: Opening) {
        match what {
            Opening::Lesson(lesson, step) => {
                if let Some(l) = self.state.lesson_at(lesson) {
                    self.open_lesson(l, lesson, step, true);
                }
            }
            Opening::Challenge(index) => {
                let Some(c) = challenge::challenges().get(index) else { return };
                match c.start(&self.editor.text, SEED) {
                    Ok(broken) => {
                        self.replace_text(&broken.text, &format!("Challenge {}", c.number));
                        self.set_lab(Some(broken.lab), &challenge_label(c), true);
                        self.dispatch(TeachAction::ClearTranscript);
                        self.dispatch(TeachAction::OpenChallenge(index));
                        self.dispatch(TeachAction::LabChanged);
                    }
                    Err(e) => self.dispatch(TeachAction::Banner(Some(Banner { text: format!("Challenge {} cannot be set up: {e}", c.number), error: true, can_restore: false }))),
                }
            }
        }
    }

    /// The editor's text, kept (the banner of a text replaced before goes).
    fn keep_text(&self) -> String {
        self.dispatch(TeachAction::Banner(None));
        self.editor.text.to_string()
    }

    /// Puts `new` in the editor in place of the learner's text (undoable, and kept for
    /// "Restore my previous text" when it was edited), saying so in the banner; `what` names
    /// the lesson or challenge. Returns the text now in the editor.
    fn replace_text(&self, new: &str, what: &str) -> String {
        let text = self.editor.text.to_string();
        if text == new {
            return self.keep_text();
        }
        let banner = (text != ordinal_core::examples::GUIDE).then(|| {
            // an example needs no keeping: what was kept before stays
            let saved = if crate::examples::is_edited(&text) { crate::storage::save_previous(&text) } else { crate::storage::load_previous().is_some() };
            Banner { text: format!("{what} starts from the guide's manifests: they replaced your text. Ctrl+Z in the editor undoes it."), error: false, can_restore: saved }
        });
        self.editor.replace_text.emit(new.to_owned());
        self.dispatch(TeachAction::Banner(banner));
        new.to_owned()
    }

    /// Reads a teacher's lesson file and, when it is valid, opens it at its first step; its
    /// problems, at their lines and columns, are shown otherwise.
    pub fn load_file(&self, name: &str, text: &str) {
        match lessons::load(name, text) {
            Ok(lesson) => {
                let lesson: &'static lessons::Lesson = Box::leak(Box::new(lesson));
                self.dispatch(TeachAction::Load(Ok(Loaded { lesson, text: text.into() })));
                // the state handle still holds the state before the load: open the lesson itself
                self.open_lesson(lesson, TeachState::loaded_index(), 0, false);
            }
            Err(problems) => self.dispatch(TeachAction::Load(Err(problems))),
        }
    }

    /// The open lesson's or challenge's lab becomes `lab` (the Cluster tab shows it too), or
    /// there is none. A challenge's (`quiz`) is drawn as a quiz in the Cluster tab too.
    fn set_lab(&self, lab: Option<Lab>, label: &str, quiz: bool) {
        let session = match lab.map(|l| Session::of_lab(l, label)) {
            Some(Ok(mut s)) => {
                s.set_quiz(quiz);
                Some(Rc::new(RefCell::new(s)))
            }
            Some(Err(text)) => {
                self.dispatch(TeachAction::Banner(Some(Banner { text, error: true, can_restore: false })));
                None
            }
            None => None,
        };
        if let Some(s) = &session {
            self.show_in_cluster(s.clone());
        }
        *self.lab.borrow_mut() = session;
    }

    /// The Cluster tab shows the lab (and keeps its own cluster to bring back).
    fn show_in_cluster(&self, session: Rc<RefCell<Session>>) {
        let keep = &self.cluster.0;
        let ui = keep.borrow_mut().take().unwrap_or_default();
        *keep.borrow_mut() = Some(ui.open_lab(session));
    }

    /// What the open lesson's or challenge's lab is called ("Lesson 4's lab").
    fn lab_label(&self) -> String {
        let s = &*self.state;
        match (s.lesson(), s.challenge()) {
            (Some(l), _) => lesson_label(l),
            (None, Some(c)) => challenge_label(c),
            (None, None) => "The lab".to_owned(),
        }
    }

    /// What the open lesson step points at in its lab, for the Cluster tab to outline while
    /// it shows that lab.
    pub fn pointer(&self) -> Option<crate::cluster::LessonPointer> {
        let highlight = self.state.step()?.highlight.as_ref()?;
        let session = self.lab.borrow().clone()?;
        let (object, log) = match highlight {
            Highlight::Log(text) => (None, Some(text.clone())),
            h => (lab_view::highlighted(Some(h), session.borrow().sim()), None),
        };
        (object.is_some() || log.is_some()).then_some(crate::cluster::LessonPointer { session, object, log })
    }

    /// Reads the lab, if there is one.
    pub fn with_lab<R>(&self, read: impl FnOnce(&Session) -> R) -> Option<R> {
        let lab = self.lab.borrow().clone()?;
        let session = lab.borrow();
        Some(read(&session))
    }

    /// Acts on the lab (creating an empty one if the lesson has none) and shows what the
    /// command printed in the terminal.
    fn in_lab(&self, act: impl FnOnce(&mut Session) -> lab::Output) {
        let existing = self.lab.borrow().clone();
        let session = match existing {
            Some(s) => s,
            None => {
                self.set_lab(Some(Lab::new(SEED)), &self.lab_label(), self.state.challenge.is_some());
                let Some(s) = self.lab.borrow().clone() else { return };
                s
            }
        };
        let (out, watched) = {
            let mut s = session.borrow_mut();
            let out = act(&mut s);
            (out, s.take_watched())
        };
        let failed = out.failed();
        // a click's delete leaves an open watch printing: what it changed prints below
        self.dispatch(TeachAction::Ran(Entry { watching: out.watch, ..Entry::new(out.command, format!("{}{}", out.stdout, out.stderr), failed) }));
        self.dispatch(TeachAction::Watched(watched));
    }

    /// Runs a terminal command in the lab.
    pub fn run(&self, line: &str) {
        self.in_lab(|s| s.run_line(line, true));
    }

    /// Applies the editor's text to the lab (the Apply button).
    pub fn apply(&self) {
        self.in_lab(|s| s.apply_text(&self.editor.text));
    }

    /// Deletes a pod of the lab (a click in the lab view).
    pub fn delete_pod(&self, name: &str) {
        self.click(&format!("kubectl delete pod {name}"));
    }

    /// Runs the command a button or menu of the lab's drawing stands for (an open watch
    /// keeps printing).
    pub fn click(&self, command: &str) {
        self.in_lab(|s| s.run_line(command, false));
    }

    /// Does the open step for the learner ("Do it for me"). Edits go through the editor, so
    /// they can be undone, and the editor shows what changed; lab moves play at the lab's
    /// speed (a wait is the lab's clock running on, so the class watches it happen).
    pub fn solve(&self) {
        if let Some(step) = self.state.step() {
            self.play(&step.solution);
        }
    }

    /// Plays the open challenge's solution ("Play the solution"), as "Do it for me" does.
    pub fn play_challenge_solution(&self) {
        if let Some(c) = self.state.challenge() {
            self.play(&c.solution);
        }
    }

    /// Plays solution moves through the editor and the lab.
    fn play(&self, moves: &[Solution]) {
        let before = self.editor.text.to_string();
        let mut text = before.clone();
        let mut edited = false;
        for s in moves {
            match s {
                Solution::Edit(e) => match lessons::edit::apply(&text, e) {
                    Ok(t) => {
                        text = t;
                        edited = true;
                    }
                    Err(e) => {
                        self.dispatch(TeachAction::Ran(Entry::new(format!("(do it for me: {s:?})"), e.to_string(), true)));
                        return;
                    }
                },
                Solution::Apply => self.in_lab(|s| s.apply_text(&text)),
                Solution::Run(line) => self.run(line),
                Solution::DeletePod(name) => self.delete_pod(name),
                Solution::Wait => {
                    self.dispatch(TeachAction::LabPlaying(true));
                    self.dispatch(TeachAction::LabChanged);
                }
                Solution::Compare(m) => {
                    self.compare.play(&self.editor.text, *m);
                    self.dispatch(TeachAction::LabChanged);
                }
            }
        }
        if edited {
            self.editor.replace_text.emit(text.clone());
            // the editor scrolls to the edit and selects it, not to 1:1
            if let Some(c) = crate::text::Change::between(&before, &text) {
                self.editor.select.emit((c.start, c.new_end));
            }
        }
    }

    /// Shows the Cluster tab with the lab in it: the same cluster, to go on with in the full
    /// view (rewind, the node menu, the event log). It is there already unless the learner
    /// brought back the tab's own cluster.
    pub fn open_in_cluster(&self) {
        let lab = self.lab.borrow().clone();
        match lab {
            Some(session) => {
                self.show_in_cluster(session);
                self.editor.show_tab.emit("cluster");
            }
            None => self.dispatch(TeachAction::Banner(Some(Banner { text: "There is no lab yet: apply the manifests first.".to_owned(), error: true, can_restore: false }))),
        }
    }

    /// Resets the lab to the open lesson's start, or to the open challenge's broken cluster.
    pub fn reset_lab(&self) {
        let lab = if let Some(l) = self.state.lesson() {
            l.start_lab(&self.editor.text, SEED)
        } else if let Some(c) = self.state.challenge() {
            c.start(&self.editor.text, SEED).ok().map(|b| b.lab)
        } else {
            return;
        };
        self.set_lab(lab, &self.lab_label(), self.state.challenge.is_some());
        self.dispatch(TeachAction::ClearTranscript);
        self.dispatch(TeachAction::LabChanged);
    }

    /// Whether the open step's check holds now: `Some(true)` done, `Some(false)` not yet,
    /// `None` when the step has no check or the text is still being analysed.
    pub fn check_status(&self) -> Option<bool> {
        self.holds(self.state.step()?.check.as_ref()?)
    }

    /// Whether the open challenge's cluster is fixed now (`None` while the text is still
    /// being analysed), judged as a step's check is.
    pub fn challenge_fixed(&self) -> Option<bool> {
        self.holds(&self.state.challenge()?.fixed)
    }

    /// Asks the simulator why the lab's StatefulSets wait ("Why is it waiting?").
    pub fn ask_why(&self) {
        let reason = self.with_lab(|s| challenge::waiting_reason(s.lab())).unwrap_or_else(|| "There is no cluster to ask.\n".to_owned());
        self.dispatch(TeachAction::Why(reason));
    }

    /// Whether a check holds on the editor's text and the lab.
    fn holds(&self, check: &Check) -> Option<bool> {
        let diagnostics = self.editor.diagnostics.clone()?;
        let text: &str = &self.editor.text;
        let compared = self.compare.moves();
        let ctx = LessonContext::new(text, &diagnostics).with_compared(&compared);
        let lab = self.lab.borrow().clone();
        let session = lab.as_ref().map(|l| l.borrow());
        let ctx = match session.as_ref().map(|s| s.lab()) {
            Some(l) => ctx.with_sim(l.sim(), l.events(), l.commands()),
            None => ctx,
        };
        Some(check::evaluate(check, &ctx))
    }

    /// The editor range a step's highlight points at, if it points into the manifest.
    pub fn highlight_range(&self, highlight: &Highlight) -> Option<(usize, usize)> {
        match highlight {
            Highlight::Yaml { kind, path } => yaml_range(&self.editor.text, kind, path),
            _ => None,
        }
    }

    /// A share link for the current state.
    pub fn share_link(&self) -> Result<String, String> {
        let base = gloo::utils::window().location().href().map_err(|_| "the page's address cannot be read".to_owned())?;
        let s = &*self.state;
        let lesson = s.lesson().map(|l| (l.id, s.step));
        // the teacher's lesson travels as its file
        let file = s.loaded.as_ref().filter(|_| s.lesson == Some(TeachState::loaded_index())).map(|l| &*l.text);
        let lab = self.lab.borrow().clone();
        let session = lab.as_ref().map(|l| l.borrow());
        share::link(&base, &self.editor.text, lesson, file, s.challenge().map(|c| c.id), session.as_ref().map(|s| s.lab()))
    }
}

/// What a lesson's lab is called, in the Cluster tab and its messages.
fn lesson_label(l: &lessons::Lesson) -> String {
    format!("Lesson {}'s lab", l.number)
}

/// What a challenge's lab is called.
fn challenge_label(c: &Challenge) -> String {
    format!("Challenge {}'s lab", c.number)
}

/// Whether a step shows the lab: its lesson has one, or the step acts on a cluster.
pub fn shows_lab(lesson: &lessons::Lesson, step: &lessons::Step) -> bool {
    lesson.lab != lessons::LabSetup::None || step.solution.iter().any(|s| !matches!(s, Solution::Edit(_)))
}

/// Whether a challenge is fixed by editing the manifest (its solution edits it): presenter mode
/// then keeps the editor in sight beside the challenge and its lab.
pub fn fixed_in_editor(c: &Challenge) -> bool {
    c.solution.iter().any(|s| matches!(s, Solution::Edit(_)))
}

/// Whether a step works in the editor (an edit, or a field of the manifest to look at).
pub fn works_in_editor(step: &lessons::Step) -> bool {
    step.action.kind == lessons::ActionKind::Edit || matches!(step.highlight, Some(Highlight::Yaml { .. }) | Some(Highlight::Panel(lessons::Panel::Editor)))
}

/// The range of the first node at `path` in a `kind` document: from its key to the end of its
/// value (or the item, for list items).
pub fn yaml_range(text: &str, kind: &str, path: &str) -> Option<(usize, usize)> {
    let pattern = catalog::parse_pattern(path).ok()?;
    let parse = yaml::parse(text);
    parse.documents.iter().filter(|d| d.kind() == Some(kind)).find_map(|d| walk(d.root.as_ref()?, &pattern, None))
}

fn walk(node: &Node, pattern: &[PatternSeg], key_start: Option<usize>) -> Option<(usize, usize)> {
    let Some((first, rest)) = pattern.split_first() else {
        let start = key_start.unwrap_or(node.range.start as usize);
        return Some((start, node.range.end as usize));
    };
    match first {
        PatternSeg::Key(k) => {
            let e = node.entry(k)?;
            walk(&e.value, rest, Some(e.key.range.start as usize))
        }
        PatternSeg::AnyIndex => node.items()?.iter().find_map(|i| walk(i, rest, None)),
        PatternSeg::AnyKey => node.entries()?.iter().find_map(|e| walk(&e.value, rest, Some(e.key.range.start as usize))),
    }
}

/// The manual ticks saved in this browser.
fn load_ticks() -> BTreeSet<String> {
    LocalStorage::get::<Vec<String>>(TICKS_KEY).map(|v| v.into_iter().collect()).unwrap_or_default()
}

/// The progress saved in this browser: the steps done (lesson id → step indices) and the
/// challenges (id → what was done).
fn load_progress() -> Progress {
    Progress {
        lessons: LocalStorage::get::<BTreeMap<String, BTreeSet<usize>>>(PROGRESS_KEY).unwrap_or_default(),
        challenges: LocalStorage::get::<BTreeMap<String, ChallengeProgress>>(CHALLENGES_KEY).unwrap_or_default(),
    }
}

/// The teaching state, its lab and clock, for the app to hold once. It also opens a share
/// link found in the page's address (once, on the first render).
#[hook]
pub fn use_teach(editor: EditorLink, cluster: crate::cluster::ClusterKeep) -> Teach {
    // the checklist's ticks and the steps done, as this browser keeps them, from the first
    // render on (the page may have just been handed over to this module, with the tab open)
    let state = use_reducer(|| TeachState { ticks: load_ticks(), progress: load_progress(), ..TeachState::default() });
    let lab = use_mut_ref(|| None::<Rc<RefCell<Session>>>);
    let compare = use_mut_ref(|| None);
    let teach = Teach { state: state.clone(), lab: lab.clone(), editor: editor.clone(), compare: crate::compare::CompareKeep(compare), cluster };

    // saved on change
    {
        use_effect_with(state.progress.lessons.clone(), |done| {
            if !done.is_empty() {
                let _ = LocalStorage::set(PROGRESS_KEY, done);
            }
        });
        use_effect_with(state.progress.challenges.clone(), |challenges| {
            if !challenges.is_empty() {
                let _ = LocalStorage::set(CHALLENGES_KEY, challenges);
            }
        });
    }
    {
        let ticks: Vec<String> = state.ticks.iter().cloned().collect();
        use_effect_with(ticks, |t| {
            if !t.is_empty() || LocalStorage::raw().get_item(TICKS_KEY).ok().flatten().is_some() {
                let _ = LocalStorage::set(TICKS_KEY, t);
            }
        });
    }

    // a share link in the address, read once
    {
        let teach = teach.clone();
        use_effect_with((), move |_| open_shared(&teach));
    }

    // the lab's clock: moves simulated time on at the chosen speed while something is due
    {
        let running = state.playing && lab.borrow().as_ref().is_some_and(|s| s.borrow().lab().busy());
        let lab = lab.clone();
        let state = state.clone();
        let step_ms = (f64::from(TICK_MS) * state.speed).round() as u64;
        use_effect_with((running, step_ms, state.lab_version), move |&(running, step_ms, _)| {
            let interval = running.then(|| {
                Interval::new(TICK_MS, move || {
                    let session = lab.borrow().clone();
                    let changed = session.and_then(|s| {
                        let mut s = s.borrow_mut();
                        s.lab().busy().then(|| {
                            let to = s.now().plus_ms(step_ms);
                            s.play_to(to);
                            s.take_watched()
                        })
                    });
                    if let Some(watched) = changed {
                        state.dispatch(TeachAction::LabChanged);
                        state.dispatch(TeachAction::Watched(watched));
                    }
                })
            });
            move || drop(interval)
        });
    }
    teach
}

/// Opens the share link in the address, if there is one: the text replaces the editor's (the
/// old text stays recoverable), the lesson step and the lab come back. A link that cannot be
/// read leaves everything as it was and says why.
fn open_shared(teach: &Teach) {
    let location = gloo::utils::window().location();
    let Ok(hash) = location.hash() else { return };
    let Some(result) = share::read(&hash) else { return };
    // the link is read once: a reload must not undo the edits made since
    let _ = location.set_hash("");
    teach.editor.show_tab.emit("lessons");
    match result {
        Ok(restored) => {
            let current = teach.editor.text.to_string();
            let replaced = current != restored.text;
            if replaced {
                crate::storage::save_previous(&current);
                teach.editor.replace_text.emit(restored.text.clone());
            }
            let loaded = restored.loaded.map(|(lesson, text)| Loaded { lesson, text: text.into() });
            let (what, label, quiz) = match restored.lesson.and_then(|(i, s)| lessons::lessons().get(i).or(loaded.as_ref().map(|l| l.lesson)).map(|x| (i, x, s))) {
                Some((i, l, s)) => {
                    if let Some(loaded) = loaded.clone() {
                        teach.dispatch(TeachAction::Load(Ok(loaded)));
                    }
                    teach.dispatch(TeachAction::Open { lesson: i, step: s });
                    (format!("Opened a shared link: lesson {}, “{}”, step {}.", l.number, l.title, s.min(l.steps.len() - 1) + 1), lesson_label(l), false)
                }
                None => match restored.challenge.and_then(|i| challenge::challenges().get(i).map(|c| (i, c))) {
                    Some((i, c)) => {
                        teach.dispatch(TeachAction::OpenChallenge(i));
                        (format!("Opened a shared link: challenge {}, “{}”.", c.number, c.title), challenge_label(c), true)
                    }
                    None => ("Opened a shared link.".to_owned(), "The shared lab".to_owned(), false),
                },
            };
            teach.set_lab(restored.lab, &label, quiz);
            teach.dispatch(TeachAction::LabChanged);
            teach.dispatch(TeachAction::Banner(Some(Banner { text: what, error: false, can_restore: replaced })));
        }
        Err(why) => {
            teach.dispatch(TeachAction::Banner(Some(Banner {
                text: format!("{why} Your own text is unchanged."),
                error: true,
                can_restore: false,
            })));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::examples::GUIDE;

    #[test]
    fn highlight_ranges_cover_key_and_value() {
        let (s, e) = yaml_range(GUIDE, "StatefulSet", "spec.replicas").unwrap();
        assert_eq!(&GUIDE[s..e], "replicas: 3");
        let (s, e) = yaml_range(GUIDE, "Service", "spec.clusterIP").unwrap();
        assert_eq!(&GUIDE[s..e], "clusterIP: None");
        let (s, e) = yaml_range(GUIDE, "StatefulSet", "spec.template.spec.containers[].image").unwrap();
        assert_eq!(&GUIDE[s..e], "image: postgres:13-alpine");
        assert!(yaml_range(GUIDE, "StatefulSet", "spec.nothing").is_none());
        assert!(yaml_range(GUIDE, "Deployment", "spec").is_none());
    }

    #[test]
    fn at_the_lab_s_speed_a_deleted_pod_is_seen_terminating_long_enough_to_point_at() {
        // lesson 4 step 3, played as the page's clock plays it: a tick every TICK_MS of wall
        // time, TICK_MS × speed of simulated time
        let l = lessons::lesson("deletion-and-recovery").unwrap();
        let mut lab = l.start_lab(GUIDE, SEED).unwrap();
        lab.delete_pod("recovery-demo-db-0");
        let step = (f64::from(TICK_MS) * state::LAB_SPEED) as u64;
        let (mut shown_ms, mut ticks) = (0, 0);
        while lab.busy() && ticks < 10_000 {
            if lab.sim().snapshot().pods.values().any(|p| p.meta.name == "recovery-demo-db-0" && p.meta.terminating()) {
                shown_ms += TICK_MS;
            }
            lab.advance(step);
            ticks += 1;
        }
        assert!(shown_ms >= 1_500, "Terminating is on screen for {shown_ms} ms of wall time");
    }

    #[test]
    fn every_yaml_highlight_of_the_lessons_points_somewhere_on_its_start_text() {
        // on the guide, the highlight of each step of a lesson that starts from the guide
        // exists, unless an earlier step of that lesson is what creates it
        for l in lessons::lessons().iter().filter(|l| l.start == Start::Guide) {
            let mut text = GUIDE.to_owned();
            let mut lab = None;
            for s in &l.steps {
                if let Some(Highlight::Yaml { kind, path }) = &s.highlight {
                    assert!(yaml_range(&text, kind, path).is_some(), "{}: `{s:?}` highlights nothing", l.id, s = s.title);
                }
                for m in &s.solution {
                    if matches!(m, Solution::Edit(_)) {
                        lessons::play(m, &mut text, &mut lab, SEED).unwrap();
                    }
                }
            }
        }
    }

    #[test]
    fn every_node_object_and_log_highlight_of_the_lessons_outlines_something_in_the_lab() {
        // played step by step with their own solutions: when a step opens, what it points at
        // in the cluster view is there to outline
        use crate::cluster::scene::Scene;
        let (mut pointed, mut logs) = (0, 0);
        for l in lessons::lessons() {
            // (a lesson that keeps the editor's text gets the guide's too)
            let mut text = GUIDE.to_owned();
            let mut lab = l.start_lab(&text, SEED);
            for s in &l.steps {
                if let (Some(h @ (Highlight::Node(_) | Highlight::Object(_))), Some(lab)) = (&s.highlight, lab.as_mut()) {
                    lab.settle();
                    let scene = Scene::of_lab(lab.sim());
                    let target = lab_view::highlighted(Some(h), lab.sim()).unwrap_or_else(|| panic!("{}: `{}` names nothing", l.id, s.title));
                    let drawn = scene.objects().contains(&target) || scene.nodes.iter().any(|n| n.obj == target);
                    assert!(drawn, "{}: `{}` points at {target:?}, which the lab does not draw", l.id, s.title);
                    pointed += 1;
                }
                if let (Some(Highlight::Log(text)), Some(lab)) = (&s.highlight, lab.as_mut()) {
                    lab.settle();
                    // the lab's event log, as the lab view draws it
                    let mut log = crate::cluster::log::Log::new();
                    lab.events().iter().for_each(|e| log.push(e));
                    let marked = log.lines().iter().filter(|line| line.stream == crate::cluster::log::Stream::Events && line.text.contains(text.as_str())).count();
                    assert!(marked > 0, "{}: `{}` points at event log lines with {text:?}; there are none", l.id, s.title);
                    logs += 1;
                }
                for m in &s.solution {
                    lessons::play(m, &mut text, &mut lab, SEED).unwrap();
                }
            }
        }
        assert!(pointed >= 10 && logs >= 1, "{pointed} objects and nodes, {logs} log lines");
    }
}
