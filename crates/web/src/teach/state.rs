//! The teaching state and its reducer: plain data, no browser API, testable natively.
//!
//! Which lesson and step are open, the predictions made, presenter mode, the lab terminal's
//! transcript, the banner about a share link, and the checklist's manual ticks. The lab
//! itself (a simulation) lives beside this state in [`super::Teach`]; [`TeachAction::LabChanged`]
//! tells the page to draw it again.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use ordinal_core::lessons::{self, Lesson, Step};
use yew::Reducible;

/// The most terminal entries kept.
pub const TRANSCRIPT_LEN: usize = 40;

/// One command of the lab terminal and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The command as run.
    pub command: String,
    /// What it printed (stdout, then stderr).
    pub output: String,
    /// Whether it failed.
    pub failed: bool,
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

/// Everything the teaching parts of the page remember.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeachState {
    /// The open lesson (index into [`lessons::lessons`]).
    pub lesson: Option<usize>,
    /// The open step of that lesson.
    pub step: usize,
    /// The choice made for each prediction, by (lesson, step).
    pub answers: BTreeMap<(usize, usize), usize>,
    /// Presenter mode.
    pub presenter: bool,
    /// The pointer spotlight (presenter mode).
    pub pointer: bool,
    /// The editor hidden, the lesson full width (presenter mode).
    pub solo: bool,
    /// The lab terminal's transcript, oldest first.
    pub transcript: Vec<Entry>,
    /// Bumped whenever the lab changes, so the page redraws it.
    pub lab_version: u64,
    /// A message about a share link.
    pub banner: Option<Banner>,
    /// The checklist items ticked by hand.
    pub ticks: BTreeSet<String>,
}

/// Everything that can happen to the teaching state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeachAction {
    /// Open a lesson at a step (clamped to its steps).
    Open {
        /// Index into [`lessons::lessons`].
        lesson: usize,
        /// The step.
        step: usize,
    },
    /// Close the lesson (back to the list).
    Close,
    /// The next step (or the next lesson's first step).
    Next,
    /// The step before.
    Prev,
    /// The learner chose an answer to the open step's prediction.
    Answer(usize),
    /// Presenter mode on or off.
    Presenter(bool),
    /// Toggle the pointer spotlight.
    TogglePointer,
    /// Toggle the editor's visibility in presenter mode.
    ToggleSolo,
    /// The lab changed (a command, a tick of the clock, a reset).
    LabChanged,
    /// A terminal command ran.
    Ran(Entry),
    /// Clear the terminal.
    ClearTranscript,
    /// Show or hide the banner.
    Banner(Option<Banner>),
    /// Tick or untick a manual checklist item.
    Tick(String, bool),
    /// Replace the manual ticks (loaded from storage).
    SetTicks(BTreeSet<String>),
}

impl TeachState {
    /// The open lesson.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.lesson.and_then(|i| lessons::lessons().get(i))
    }

    /// The open step.
    pub fn step(&self) -> Option<&'static Step> {
        self.lesson().and_then(|l| l.steps.get(self.step))
    }

    /// The choice made for the open step's prediction.
    pub fn answer(&self) -> Option<usize> {
        self.lesson.and_then(|l| self.answers.get(&(l, self.step)).copied())
    }

    /// Whether the open step's action is available: it has no prediction, or the prediction
    /// was made.
    pub fn action_unlocked(&self) -> bool {
        self.step().is_some_and(|s| s.predict.is_none() || self.answer().is_some())
    }

    /// Applies one action (the reducer without `Rc`).
    pub fn apply(mut self, action: TeachAction) -> TeachState {
        let count = lessons::lessons().len();
        match action {
            TeachAction::Open { lesson, step } => {
                if let Some(l) = lessons::lessons().get(lesson) {
                    self.lesson = Some(lesson);
                    self.step = step.min(l.steps.len().saturating_sub(1));
                }
            }
            TeachAction::Close => {
                self.lesson = None;
                self.step = 0;
            }
            TeachAction::Next => {
                if let Some(l) = self.lesson() {
                    if self.step + 1 < l.steps.len() {
                        self.step += 1;
                    } else if let Some(i) = self.lesson.filter(|i| i + 1 < count) {
                        self.lesson = Some(i + 1);
                        self.step = 0;
                    }
                }
            }
            TeachAction::Prev => {
                if self.step > 0 {
                    self.step -= 1;
                } else if let Some(i) = self.lesson.filter(|&i| i > 0) {
                    self.lesson = Some(i - 1);
                    self.step = lessons::lessons()[i - 1].steps.len() - 1;
                }
            }
            TeachAction::Answer(choice) => {
                if let (Some(l), Some(p)) = (self.lesson, self.step().and_then(|s| s.predict.as_ref())) {
                    if choice < p.choices.len() {
                        self.answers.entry((l, self.step)).or_insert(choice);
                    }
                }
            }
            TeachAction::Presenter(on) => {
                self.presenter = on;
                if !on {
                    self.pointer = false;
                    self.solo = false;
                }
            }
            TeachAction::TogglePointer => self.pointer = self.presenter && !self.pointer,
            TeachAction::ToggleSolo => self.solo = self.presenter && !self.solo,
            TeachAction::LabChanged => self.lab_version += 1,
            TeachAction::Ran(entry) => {
                self.transcript.push(entry);
                if self.transcript.len() > TRANSCRIPT_LEN {
                    self.transcript.remove(0);
                }
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
            TeachAction::SetTicks(t) => self.ticks = t,
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
    fn next_and_prev_walk_through_steps_and_lessons() {
        let first = index("what-is-a-statefulset");
        let s = TeachState::default().apply(TeachAction::Open { lesson: first, step: 99 });
        let last = lessons::lessons()[first].steps.len() - 1;
        assert_eq!(s.step, last, "a step past the end is clamped");
        let s = s.apply(TeachAction::Next);
        assert_eq!((s.lesson, s.step), (Some(first + 1), 0));
        let s = s.apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step), (Some(first), last));
        let s = TeachState::default().apply(TeachAction::Open { lesson: first, step: 0 }).apply(TeachAction::Prev);
        assert_eq!((s.lesson, s.step), (Some(first), 0), "nothing before the first step");
        let end = lessons::lessons().len() - 1;
        let s = TeachState::default().apply(TeachAction::Open { lesson: end, step: 99 }).apply(TeachAction::Next);
        assert_eq!(s.lesson, Some(end), "nothing after the last step");
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
    fn presenter_toggles_only_in_presenter_mode_and_reset_on_exit() {
        let s = TeachState::default().apply(TeachAction::TogglePointer);
        assert!(!s.pointer);
        let s = s.apply(TeachAction::Presenter(true)).apply(TeachAction::TogglePointer).apply(TeachAction::ToggleSolo);
        assert!(s.pointer && s.solo);
        let s = s.apply(TeachAction::Presenter(false));
        assert!(!s.pointer && !s.solo && !s.presenter);
    }

    #[test]
    fn the_transcript_is_bounded_and_bumps_the_lab() {
        let mut s = TeachState::default();
        for i in 0..(TRANSCRIPT_LEN + 5) {
            s = s.apply(TeachAction::Ran(Entry { command: format!("c{i}"), output: String::new(), failed: false }));
        }
        assert_eq!(s.transcript.len(), TRANSCRIPT_LEN);
        assert_eq!(s.transcript[0].command, "c5");
        assert_eq!(s.lab_version, (TRANSCRIPT_LEN + 5) as u64);
    }
}
