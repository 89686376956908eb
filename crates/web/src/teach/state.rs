//! The teaching state and its reducer: plain data, no browser API, testable natively.
//!
//! Which lesson and step are open, the predictions made, presenter mode, the lab terminal's
//! transcript, the banner about a share link, and the checklist's manual ticks. The lab
//! itself (a simulation) lives beside this state in [`super::Teach`]; [`TeachAction::LabChanged`]
//! tells the page to draw it again.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use ordinal_core::lessons::challenge::{self, Challenge};
use ordinal_core::lessons::progress::Progress;
use ordinal_core::lessons::{self, Lesson, Problem, Step};
use yew::Reducible;

use crate::cluster::state::SPEEDS;

/// The most terminal entries kept.
pub const TRANSCRIPT_LEN: usize = 40;

/// The lab's speed when a lesson opens: real time, so that a class sees every transition
/// (a pod deleted in lesson 4 stays `Terminating` for 1.5 s) and can point at it.
pub const LAB_SPEED: f64 = 1.0;

/// One command of the lab terminal and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The command as run.
    pub command: String,
    /// What it printed (stdout, then stderr).
    pub output: String,
    /// Whether it failed.
    pub failed: bool,
    /// A `kubectl get … -w` still printing into it (its lines are appended as they come).
    pub watching: bool,
}

impl Entry {
    /// A command and what it printed.
    pub fn new(command: impl Into<String>, output: impl Into<String>, failed: bool) -> Entry {
        Entry { command: command.into(), output: output.into(), failed, watching: false }
    }
}

/// A message above the lesson: a share link opened or refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// The message.
    pub text: String,
    /// Whether it is an error.
    pub error: bool,
    /// Whether the text the link replaced can be restored.
    pub can_restore: bool,
}

/// A lesson a teacher wrote, opened from its file (or a share link): it plays as the lesson
/// after the built-in ones, at index [`TeachState::loaded_index`].
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The lesson read from the file.
    pub lesson: &'static Lesson,
    /// The file's text (a share link carries it).
    pub text: Rc<str>,
}

/// What waits for the learner's yes before it replaces the editor's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// A lesson at a step.
    Lesson(usize, usize),
    /// A "fix it" challenge (index into [`challenge::challenges`]).
    Challenge(usize),
}

/// Everything the teaching parts of the page remember.
#[derive(Clone, Debug, PartialEq)]
pub struct TeachState {
    /// The open lesson (index into [`lessons::lessons`], or [`TeachState::loaded_index`] for
    /// the teacher's lesson).
    pub lesson: Option<usize>,
    /// The teacher's lesson opened from a file, if any.
    pub loaded: Option<Loaded>,
    /// What is wrong with the last lesson file opened (empty when it loaded).
    pub problems: Vec<Problem>,
    /// The open "fix it" challenge (index into [`challenge::challenges`]); never open with a
    /// lesson.
    pub challenge: Option<usize>,
    /// The waiting reason the open challenge's learner asked for, as it was then.
    pub why: Option<String>,
    /// The open step of that lesson.
    pub step: usize,
    /// The choice made for each prediction, by (lesson, step); `None` when it was skipped.
    pub answers: BTreeMap<(usize, usize), Option<usize>>,
    /// The open lesson's end is shown (its summary), after its last step.
    pub summary: bool,
    /// The steps done, by lesson id (a check that held, or a step without one moved past),
    /// and what was done in each challenge (hints, the waiting reason, the solution, fixed).
    pub progress: Progress,
    /// A lesson or challenge waiting for the learner's yes before it replaces the editor's text.
    pub asking: Option<Opening>,
    /// The lab's clock runs.
    pub playing: bool,
    /// The lab's speed (simulated time per wall-clock time).
    pub speed: f64,
    /// Presenter mode.
    pub presenter: bool,
    /// The pointer spotlight (presenter mode).
    pub pointer: bool,
    /// The editor hidden, the lesson full width (presenter mode).
    pub solo: bool,
    /// The lesson and its lab given the whole width, the editor hidden (a wide table in the
    /// lab's terminal); only while the Lessons tab is shown.
    pub wide: bool,
    /// The lab terminal's transcript, oldest first.
    pub transcript: Vec<Entry>,
    /// Bumped whenever the lab changes, so the page redraws it.
    pub lab_version: u64,
    /// How many commands ran (the terminal scrolls to the newest).
    pub commands_run: u64,
    /// A message about a share link.
    pub banner: Option<Banner>,
    /// The checklist items ticked by hand.
    pub ticks: BTreeSet<String>,
}

impl Default for TeachState {
    fn default() -> TeachState {
        TeachState {
            lesson: None,
            loaded: None,
            problems: Vec::new(),
            challenge: None,
            why: None,
            step: 0,
            answers: BTreeMap::new(),
            summary: false,
            progress: Progress::default(),
            asking: None,
            playing: true,
            speed: LAB_SPEED,
            presenter: false,
            pointer: false,
            solo: false,
            wide: false,
            transcript: Vec::new(),
            lab_version: 0,
            commands_run: 0,
            banner: None,
            ticks: BTreeSet::new(),
        }
    }
}

/// Everything that can happen to the teaching state.
#[derive(Clone, Debug, PartialEq)]
pub enum TeachAction {
    /// Open a lesson at a step (clamped to its steps).
    Open {
        /// Index into [`lessons::lessons`].
        lesson: usize,
        /// The step.
        step: usize,
    },
    /// Close the lesson or the challenge (back to the list).
    Close,
    /// Open a "fix it" challenge (index into [`challenge::challenges`]).
    OpenChallenge(usize),
    /// Show the open challenge's next hint.
    Hint,
    /// Show the waiting reason of the open challenge's lab (the text of the simulator's why).
    Why(String),
    /// Show the open challenge's solution.
    ShowSolution,
    /// The open challenge's cluster is fixed.
    Fixed,
    /// A teacher's lesson file was read: the lesson, or what is wrong with it.
    Load(Result<Loaded, Vec<Problem>>),
    /// The next step; after the last one, the lesson's summary.
    Next,
    /// The step before (from the summary, the last step).
    Prev,
    /// The learner chose an answer to the open step's prediction.
    Answer(usize),
    /// The learner skipped the open step's prediction.
    Skip,
    /// The open step is done (its check held, or the learner moved past a step without one).
    StepDone,
    /// Ask before opening a lesson or challenge that replaces the editor's text (`None`: the
    /// question is answered or withdrawn).
    Ask(Option<Opening>),
    /// Play or pause the lab's clock.
    LabPlaying(bool),
    /// The lab's speed.
    LabSpeed(f64),
    /// Presenter mode on or off.
    Presenter(bool),
    /// Toggle the pointer spotlight.
    TogglePointer,
    /// Toggle the editor's visibility in presenter mode.
    ToggleSolo,
    /// Give the lesson and its lab the whole width, or not.
    Wide(bool),
    /// The lab changed (a command, a tick of the clock, a reset).
    LabChanged,
    /// A terminal command ran.
    Ran(Entry),
    /// The open watch printed these lines: they go below its command, or, if something was
    /// printed since (a pod clicked), after it without a prompt, as a terminal shows them.
    Watched(Vec<String>),
    /// Clear the terminal.
    ClearTranscript,
    /// Show or hide the banner.
    Banner(Option<Banner>),
    /// Tick or untick a manual checklist item.
    Tick(String, bool),
}

impl TeachState {
    /// The lesson at an index: a built-in one, or the teacher's at [`TeachState::loaded_index`].
    pub fn lesson_at(&self, i: usize) -> Option<&'static Lesson> {
        lessons::lessons().get(i).or_else(|| self.loaded.as_ref().filter(|_| i == Self::loaded_index()).map(|l| l.lesson))
    }

    /// The index of the teacher's lesson: after the built-in ones.
    pub fn loaded_index() -> usize {
        lessons::lessons().len()
    }

    /// Whether the lesson at an index has a built-in lesson before it (Back from its first
    /// step opens it); the teacher's lesson stands alone.
    pub fn follows_a_lesson(index: usize) -> bool {
        index > 0 && index < Self::loaded_index()
    }

    /// The open lesson.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.lesson.and_then(|i| self.lesson_at(i))
    }

    /// The open challenge.
    pub fn challenge(&self) -> Option<&'static Challenge> {
        self.challenge.and_then(|i| challenge::challenges().get(i))
    }

    /// The open step.
    pub fn step(&self) -> Option<&'static Step> {
        self.lesson().and_then(|l| l.steps.get(self.step))
    }

    /// The choice made for the open step's prediction.
    pub fn answer(&self) -> Option<usize> {
        self.lesson.and_then(|l| self.answers.get(&(l, self.step)).copied().flatten())
    }

    /// Whether the open step's prediction was made or skipped.
    pub fn predicted(&self) -> bool {
        self.lesson.is_some_and(|l| self.answers.contains_key(&(l, self.step)))
    }

    /// Whether the open step's action and outcome are shown: it has no prediction, or the
    /// prediction was made or skipped.
    pub fn action_unlocked(&self) -> bool {
        self.step().is_some_and(|s| s.predict.is_none() || self.predicted())
    }

    /// Whether the open step (or challenge) and the lab stand side by side, without the
    /// editor: in presenter mode, for a step that works in the lab rather than in the editor,
    /// and for a challenge investigated and fixed in the lab (one fixed by an edit keeps the
    /// editor in sight, [`super::fixed_in_editor`]).
    pub fn lab_beside_step(&self) -> bool {
        self.presenter
            && (self.challenge().is_some_and(|c| !super::fixed_in_editor(c))
                || !self.summary && self.lesson().zip(self.step()).is_some_and(|(l, s)| super::shows_lab(l, s) && !super::works_in_editor(s)))
    }

    /// How many steps of a lesson are done.
    pub fn done_count(&self, lesson: &Lesson) -> usize {
        self.progress.steps_done(lesson)
    }

    /// Whether a step of the open lesson is done.
    pub fn is_done(&self, step: usize) -> bool {
        self.lesson().and_then(|l| self.progress.lessons.get(l.id)).is_some_and(|d| d.contains(&step))
    }

    /// What was done in a challenge (nothing yet: the default).
    pub fn challenge_progress(&self, c: &Challenge) -> lessons::progress::ChallengeProgress {
        self.progress.challenges.get(c.id).cloned().unwrap_or_default()
    }

    /// The line of counts above the Lessons tab's lists (the teacher's lesson counts while it
    /// is loaded).
    pub fn summary_line(&self) -> String {
        let extra: Vec<&Lesson> = self.loaded.iter().map(|l| l.lesson).collect();
        self.progress.summary(&extra).line()
    }

    /// Applies one action (the reducer without `Rc`).
    pub fn apply(mut self, action: TeachAction) -> TeachState {
        match action {
            TeachAction::Open { lesson, step } => {
                if let Some(l) = self.lesson_at(lesson) {
                    self.lesson = Some(lesson);
                    self.challenge = None;
                    self.step = step.min(l.steps.len().saturating_sub(1));
                    self.summary = false;
                    self.asking = None;
                }
            }
            TeachAction::Close => {
                self.lesson = None;
                self.challenge = None;
                self.why = None;
                self.step = 0;
                self.summary = false;
            }
            TeachAction::OpenChallenge(i) => {
                if i < challenge::challenges().len() {
                    self = self.apply(TeachAction::Close);
                    self.challenge = Some(i);
                    self.asking = None;
                }
            }
            TeachAction::Hint => {
                if let Some(c) = self.challenge() {
                    self.progress.next_hint(c);
                }
            }
            TeachAction::Why(text) => {
                if let Some(c) = self.challenge() {
                    self.progress.asked_why(c);
                    self.why = Some(text);
                }
            }
            TeachAction::ShowSolution => {
                if let Some(c) = self.challenge() {
                    self.progress.show_solution(c);
                }
            }
            TeachAction::Fixed => {
                if let Some(c) = self.challenge() {
                    self.progress.fixed(c);
                }
            }
            TeachAction::Load(Ok(loaded)) => {
                let i = Self::loaded_index();
                // another file's lesson: its predictions start afresh
                self.answers.retain(|&(l, _), _| l != i);
                if self.lesson == Some(i) {
                    self = self.apply(TeachAction::Close);
                }
                self.loaded = Some(loaded);
                self.problems.clear();
            }
            TeachAction::Load(Err(problems)) => self.problems = problems,
            TeachAction::Next => {
                if let Some(l) = self.lesson() {
                    // a step without a check is done once the learner moves past it
                    if self.step().is_some_and(|s| s.check.is_none()) && !self.summary {
                        self = self.apply(TeachAction::StepDone);
                    }
                    if self.step + 1 < l.steps.len() {
                        self.step += 1;
                    } else {
                        self.summary = true;
                    }
                }
            }
            TeachAction::Prev => {
                if self.summary {
                    self.summary = false;
                } else if self.step > 0 {
                    self.step -= 1;
                } else if let Some(i) = self.lesson.filter(|&i| Self::follows_a_lesson(i)) {
                    self.lesson = Some(i - 1);
                    self.step = lessons::lessons()[i - 1].steps.len() - 1;
                }
            }
            TeachAction::Answer(choice) => {
                if let (Some(l), Some(p)) = (self.lesson, self.step().and_then(|s| s.predict.as_ref())) {
                    if choice < p.choices.len() {
                        self.answers.entry((l, self.step)).or_insert(Some(choice));
                    }
                }
            }
            TeachAction::Skip => {
                if let (Some(l), Some(_)) = (self.lesson, self.step().and_then(|s| s.predict.as_ref())) {
                    self.answers.entry((l, self.step)).or_insert(None);
                }
            }
            TeachAction::StepDone => {
                if let Some(l) = self.lesson() {
                    self.progress.step_done(l.id, self.step);
                }
            }
            TeachAction::Ask(what) => {
                self.asking = what.filter(|w| match *w {
                    Opening::Lesson(l, _) => self.lesson_at(l).is_some(),
                    Opening::Challenge(c) => c < challenge::challenges().len(),
                })
            }
            TeachAction::LabPlaying(on) => self.playing = on,
            TeachAction::LabSpeed(speed) => self.speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            TeachAction::Presenter(on) => {
                self.presenter = on;
                if !on {
                    self.pointer = false;
                    self.solo = false;
                }
            }
            TeachAction::TogglePointer => self.pointer = self.presenter && !self.pointer,
            TeachAction::ToggleSolo => self.solo = self.presenter && !self.solo,
            TeachAction::Wide(on) => self.wide = on,
            TeachAction::LabChanged => self.lab_version += 1,
            TeachAction::Ran(entry) => {
                self.transcript.push(entry);
                self.commands_run += 1;
                if self.transcript.len() > TRANSCRIPT_LEN {
                    self.transcript.remove(0);
                }
                self.lab_version += 1;
            }
            TeachAction::Watched(lines) => {
                if lines.is_empty() {
                    return self;
                }
                let text = lines.join("\n") + "\n";
                match self.transcript.last_mut() {
                    Some(e) if e.watching => e.output.push_str(&text),
                    _ => {
                        self.transcript.push(Entry { command: String::new(), output: text, failed: false, watching: true });
                        if self.transcript.len() > TRANSCRIPT_LEN {
                            self.transcript.remove(0);
                        }
                    }
                }
                self.commands_run += 1;
                self.lab_version += 1;
            }
            TeachAction::ClearTranscript => self.transcript.clear(),
            TeachAction::Banner(b) => self.banner = b,
            TeachAction::Tick(id, on) => {
                if on {
                    self.ticks.insert(id);
                } else {
                    self.ticks.remove(&id);
                }
            }
        }
        self
    }
}

impl Reducible for TeachState {
    type Action = TeachAction;

    fn reduce(self: Rc<Self>, action: TeachAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(id: &str) -> usize {
        lessons::lessons().iter().position(|l| l.id == id).unwrap()
    }

    #[test]
    fn presenter_mode_keeps_the_editor_for_a_challenge_fixed_by_an_edit() {
        let at = |id: &str| challenge::challenges().iter().position(|c| c.id == id).unwrap();
        let presenting = |i| TeachState { presenter: true, ..TeachState::default() }.apply(TeachAction::OpenChallenge(i));
        // PGDATA on the mount's root: fixed in the manifest
        assert!(!presenting(at("fresh-install-never-starts")).lab_beside_step());
        // a replica the app cannot reach: investigated and fixed in the lab
        assert!(presenting(at("unreachable-replica")).lab_beside_step());
        assert!(!TeachState::default().apply(TeachAction::OpenChallenge(at("unreachable-replica"))).lab_beside_step(), "not presenting");
    }

    #[test]
    fn next_and_prev_walk_through_steps_and_lessons() {
        let first = index("what-is-a-statefulset");
        let s = TeachState::default().apply(TeachAction::Open { lesson: first, step: 99 });
        let last = lessons::lessons()[first].steps.len() - 1;
        assert_eq!(s.step, last, "a step past the end is clamped");
        let s = s.apply(TeachAction::Next);
        assert_eq!((s.lesson, s.step, s.summary), (Some(first), last, true), "the last step ends with the lesson's summary");
        let s = s.apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step, s.summary), (Some(first), last, false));
        let s = s.apply(TeachAction::Open { lesson: first, step: 0 }).apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step), (Some(first), 0));
        let s = s.apply(TeachAction::Open { lesson: first + 1, step: 0 }).apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step), (Some(first), last));
        let s = TeachState::default().apply(TeachAction::Open { lesson: first, step: 0 }).apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step), (Some(first), 0), "nothing before the first step");
        let end = lessons::lessons().len() - 1;
        let s = TeachState::default().apply(TeachAction::Open { lesson: end, step: 99 }).apply(TeachAction::Next);
        assert_eq!((s.lesson, s.summary), (Some(end), true), "after the last step, its summary");
    }

    #[test]
    fn steps_are_done_by_their_check_or_by_moving_past_a_step_without_one() {
        let i = index("ordered-creation");
        let lesson = &lessons::lessons()[i];
        assert!(lesson.steps[0].check.is_none() && lesson.steps[1].check.is_some());
        let s = TeachState::default().apply(TeachAction::Open { lesson: i, step: 0 }).apply(TeachAction::Next);
        assert_eq!(s.done_count(lesson), 1, "a reading step is done once moved past");
        let s = s.apply(TeachAction::Answer(1)).apply(TeachAction::Next);
        assert_eq!(s.done_count(lesson), 1, "a step with a check is not done by Next");
        let s = s.apply(TeachAction::Prev).apply(TeachAction::StepDone).apply(TeachAction::StepDone);
        assert_eq!(s.done_count(lesson), 2);
        assert!(s.is_done(1) && s.is_done(0) && !s.is_done(2));
    }

    #[test]
    fn a_skipped_prediction_shows_the_outcome_without_an_answer() {
        let lesson = index("deletion-and-recovery");
        let step = lessons::lessons()[lesson].steps.iter().position(|s| s.predict.is_some()).unwrap();
        let s = TeachState::default().apply(TeachAction::Open { lesson, step });
        assert!(!s.action_unlocked() && !s.predicted());
        let s = s.apply(TeachAction::Skip).apply(TeachAction::Answer(0));
        assert!(s.action_unlocked() && s.predicted());
        assert_eq!(s.answer(), None, "skipped stays skipped");
    }

    #[test]
    fn the_lab_plays_at_real_time_until_told_otherwise() {
        let s = TeachState::default();
        assert!(s.playing);
        assert_eq!(s.speed, LAB_SPEED);
        let s = s.apply(TeachAction::LabSpeed(100.0)).apply(TeachAction::LabPlaying(false));
        assert_eq!((s.speed, s.playing), (60.0, false), "clamped to the fastest speed");
    }

    #[test]
    fn a_prediction_locks_the_action_until_answered_and_the_first_answer_stays() {
        let lesson = index("ordered-creation");
        let step = lessons::lessons()[lesson].steps.iter().position(|s| s.predict.is_some()).unwrap();
        let s = TeachState::default().apply(TeachAction::Open { lesson, step });
        assert!(!s.action_unlocked());
        let s = s.apply(TeachAction::Answer(99));
        assert!(!s.action_unlocked(), "an answer out of range is ignored");
        let s = s.apply(TeachAction::Answer(0)).apply(TeachAction::Answer(1));
        assert_eq!(s.answer(), Some(0));
        assert!(s.action_unlocked());
        let s = s.apply(TeachAction::Prev);
        assert!(s.action_unlocked(), "the step before has no prediction");
    }

    #[test]
    fn a_watch_prints_below_its_command_then_after_what_came_between() {
        let s = TeachState::default().apply(TeachAction::Ran(Entry { watching: true, ..Entry::new("kubectl get pods -w", "NAME\n", false) }));
        let s = s.apply(TeachAction::Watched(vec!["db-0 Terminating".into()]));
        assert_eq!(s.transcript.len(), 1);
        assert_eq!(s.transcript[0].output, "NAME\ndb-0 Terminating\n");
        let version = s.lab_version;
        let s = s.apply(TeachAction::Watched(Vec::new()));
        assert_eq!(s.lab_version, version, "nothing printed, nothing redrawn");
        // a click deleted a pod: the watch's next lines follow it, without a prompt
        let s = s.apply(TeachAction::Ran(Entry::new("kubectl delete pod db-1", "pod \"db-1\" deleted\n", false)));
        let s = s.apply(TeachAction::Watched(vec!["db-1 Terminating".into()])).apply(TeachAction::Watched(vec!["db-1 Pending".into()]));
        assert_eq!(s.transcript.len(), 3);
        assert_eq!((s.transcript[2].command.as_str(), s.transcript[2].output.as_str()), ("", "db-1 Terminating\ndb-1 Pending\n"));
    }

    #[test]
    fn presenter_toggles_only_in_presenter_mode_and_reset_on_exit() {
        let s = TeachState::default().apply(TeachAction::TogglePointer);
        assert!(!s.pointer);
        let s = s.apply(TeachAction::Presenter(true)).apply(TeachAction::TogglePointer).apply(TeachAction::ToggleSolo);
        assert!(s.pointer && s.solo);
        let s = s.apply(TeachAction::Presenter(false));
        assert!(!s.pointer && !s.solo && !s.presenter);
    }

    #[test]
    fn a_challenge_opens_alone_and_counts_hints_why_the_solution_and_fixed() {
        let i = challenge::challenges().iter().position(|c| c.id == "pending-after-maintenance").unwrap();
        let c = &challenge::challenges()[i];
        let s = TeachState::default().apply(TeachAction::Open { lesson: 0, step: 1 }).apply(TeachAction::OpenChallenge(i));
        assert_eq!((s.lesson, s.challenge, s.step), (None, Some(i), 0), "a challenge closes the lesson");
        assert!(!s.lab_beside_step() && s.clone().apply(TeachAction::Presenter(true)).lab_beside_step(), "presented, the challenge stands beside its lab");
        // nothing is counted before it is asked for
        assert_eq!(s.challenge_progress(c), Default::default());
        let s = s.apply(TeachAction::Hint).apply(TeachAction::Hint).apply(TeachAction::Hint).apply(TeachAction::Hint);
        assert_eq!(s.challenge_progress(c).hints, 3, "three hints, no more");
        let s = s.apply(TeachAction::Why("recovery-demo-db-2 waits\n".into()));
        assert_eq!((s.why.as_deref(), s.challenge_progress(c).asked_why), (Some("recovery-demo-db-2 waits\n"), true));
        assert!(!s.challenge_progress(c).solution_shown && !s.challenge_progress(c).fixed);
        let s = s.apply(TeachAction::ShowSolution).apply(TeachAction::Fixed);
        assert!(s.challenge_progress(c).solution_shown && s.challenge_progress(c).fixed);
        assert!(s.summary_line().contains("Challenges: 1 of 9 fixed, 0 without the solution."), "{}", s.summary_line());
        // a lesson closes the challenge and its waiting reason; reopened, the hints stay
        let s = s.apply(TeachAction::Open { lesson: 0, step: 0 });
        assert_eq!((s.challenge, s.lesson), (None, Some(0)));
        let s = s.apply(TeachAction::OpenChallenge(i));
        assert_eq!((s.why.as_deref(), s.challenge_progress(c).hints), (None, 3));
        // with no challenge open, the help actions change nothing
        let closed = s.clone().apply(TeachAction::Close);
        assert_eq!(closed.clone().apply(TeachAction::Hint).apply(TeachAction::Fixed), closed);
        assert_eq!(s.clone().apply(TeachAction::OpenChallenge(99)), s, "no such challenge");
        assert_eq!(s.clone().apply(TeachAction::Ask(Some(Opening::Challenge(99)))).asking, None);
        assert_eq!(s.apply(TeachAction::Ask(Some(Opening::Challenge(i)))).asking, Some(Opening::Challenge(i)));
    }

    #[test]
    fn a_teacher_s_lesson_plays_after_the_built_in_ones_and_stands_alone() {
        let text = include_str!("../../../../docs/examples/lesson-scale-down.md");
        let lesson: &'static Lesson = Box::leak(Box::new(lessons::load("lesson-scale-down.md", text).unwrap()));
        let i = TeachState::loaded_index();
        let s = TeachState::default().apply(TeachAction::Open { lesson: i, step: 0 });
        assert_eq!(s.lesson, None, "no lesson at that index before one is loaded");
        assert_eq!(s.clone().apply(TeachAction::Ask(Some(Opening::Lesson(i, 0)))).asking, None);
        let problems = vec![Problem { line: 3, column: 8, message: "unknown start `guid`".into() }];
        let s = s.apply(TeachAction::Load(Err(problems.clone())));
        assert_eq!(s.problems, problems);
        let s = s.apply(TeachAction::Load(Ok(Loaded { lesson, text: text.into() })));
        assert!(s.problems.is_empty(), "a lesson that loads clears the problems");
        let s = s.apply(TeachAction::Open { lesson: i, step: 1 });
        assert_eq!((s.lesson().map(|l| l.id), s.step), (Some("scale-down-keeps-claims"), 1));
        let s = s.apply(TeachAction::StepDone).apply(TeachAction::Prev).apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step), (Some(i), 0), "Back stops at its first step: no built-in lesson before it");
        assert!(!TeachState::follows_a_lesson(i) && TeachState::follows_a_lesson(i - 1) && !TeachState::follows_a_lesson(0));
        assert_eq!(s.done_count(lesson), 1);
        assert!(s.summary_line().starts_with(&format!("Lessons: 0 of {} done", i + 1)), "the teacher's lesson counts: {}", s.summary_line());
        // another file closes the lesson it replaces and forgets its predictions
        let s = s.apply(TeachAction::Skip);
        let s = TeachState { answers: [((i, 1), None)].into(), ..s };
        let s = s.apply(TeachAction::Load(Ok(Loaded { lesson, text: text.into() })));
        assert_eq!((s.lesson, s.answers.len()), (None, 0));
    }

    #[test]
    fn the_transcript_is_bounded_and_bumps_the_lab() {
        let mut s = TeachState::default();
        for i in 0..(TRANSCRIPT_LEN + 5) {
            s = s.apply(TeachAction::Ran(Entry::new(format!("c{i}"), "", false)));
        }
        assert_eq!(s.transcript.len(), TRANSCRIPT_LEN);
        assert_eq!(s.transcript[0].command, "c5");
        assert_eq!(s.lab_version, (TRANSCRIPT_LEN + 5) as u64);
    }
}
