//! A learner's progress through the lessons and the "fix it" challenges: the steps done, and
//! for each challenge the hints seen, whether the waiting reason or the solution was shown and
//! whether it was fixed. Pure data with a JSON form ([`Progress::to_json`],
//! [`Progress::from_json`]) that the web app keeps in the browser's storage; reading never
//! fails (a damaged or older record reads as far as it can, and ids no lesson or challenge has
//! any more are ignored by the counts).

use super::challenge::{self, Challenge};
use super::Lesson;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where a learner stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The steps done (0-based), by lesson id.
    #[serde(default)]
    pub lessons: BTreeMap<String, BTreeSet<usize>>,
    /// The challenges opened, by id.
    #[serde(default)]
    pub challenges: BTreeMap<String, ChallengeProgress>,
}

/// What a learner did in one challenge.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeProgress {
    /// How many hints were shown (0 to 3).
    #[serde(default)]
    pub hints: u8,
    /// The simulator's waiting reason was asked for.
    #[serde(default)]
    pub asked_why: bool,
    /// The solution was shown.
    #[serde(default)]
    pub solution_shown: bool,
    /// The cluster was fixed (the challenge's check held).
    #[serde(default)]
    pub fixed: bool,
}

/// The counts the Lessons tab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Lessons whose every step is done.
    pub lessons_done: usize,
    /// Lessons.
    pub lessons: usize,
    /// Steps done, over every lesson.
    pub steps_done: usize,
    /// Steps.
    pub steps: usize,
    /// Challenges fixed.
    pub challenges_fixed: usize,
    /// Of those, fixed without the solution shown.
    pub fixed_unaided: usize,
    /// Challenges.
    pub challenges: usize,
}

impl Progress {
    /// Reads the stored form; anything unreadable gives an empty progress.
    pub fn from_json(text: &str) -> Progress {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Marks a step of a lesson done.
    pub fn step_done(&mut self, lesson: &str, step: usize) {
        self.lessons.entry(lesson.to_owned()).or_default().insert(step);
    }

    /// How many of the lesson's steps are done.
    pub fn steps_done(&self, lesson: &Lesson) -> usize {
        self.lessons.get(lesson.id).map_or(0, |s| s.iter().filter(|i| **i < lesson.steps.len()).count())
    }

    /// Whether every step of the lesson is done.
    pub fn lesson_done(&self, lesson: &Lesson) -> bool {
        !lesson.steps.is_empty() && self.steps_done(lesson) == lesson.steps.len()
    }

    /// The next hint of a challenge, counted as shown (`None` once the three were shown).
    pub fn next_hint(&mut self, c: &Challenge) -> Option<&'static str> {
        let p = self.challenges.entry(c.id.to_owned()).or_default();
        let hint = c.hint(usize::from(p.hints) + 1)?;
        p.hints += 1;
        Some(hint)
    }

    /// The hints of a challenge shown so far, in order.
    pub fn hints_shown(&self, c: &Challenge) -> Vec<&'static str> {
        let n = self.challenges.get(c.id).map_or(0, |p| usize::from(p.hints));
        c.hints.iter().take(n).copied().collect()
    }

    /// Counts the waiting reason as asked for.
    pub fn asked_why(&mut self, c: &Challenge) {
        self.challenges.entry(c.id.to_owned()).or_default().asked_why = true;
    }

    /// The solution's explanation, counted as shown.
    pub fn show_solution(&mut self, c: &Challenge) -> &'static str {
        self.challenges.entry(c.id.to_owned()).or_default().solution_shown = true;
        c.explanation
    }

    /// Records a challenge fixed (call it when [`Challenge::fixed`] holds).
    pub fn fixed(&mut self, c: &Challenge) {
        self.challenges.entry(c.id.to_owned()).or_default().fixed = true;
    }

    /// The counts, over the lessons and challenges that exist (a teacher's lesson counts when
    /// passed in `extra`).
    pub fn summary(&self, extra: &[&Lesson]) -> Summary {
        let lessons: Vec<&Lesson> = super::lessons().iter().chain(extra.iter().copied()).collect();
        let all = challenge::challenges();
        let done = |c: &&Challenge| self.challenges.get(c.id).is_some_and(|p| p.fixed);
        Summary {
            lessons_done: lessons.iter().filter(|l| self.lesson_done(l)).count(),
            lessons: lessons.len(),
            steps_done: lessons.iter().map(|l| self.steps_done(l)).sum(),
            steps: lessons.iter().map(|l| l.steps.len()).sum(),
            challenges_fixed: all.iter().filter(done).count(),
            fixed_unaided: all.iter().filter(done).filter(|c| !self.challenges[c.id].solution_shown).count(),
            challenges: all.len(),
        }
    }
}

impl Summary {
    /// One line for the Lessons tab.
    pub fn line(&self) -> String {
        format!(
            "Lessons: {} of {} done ({} of {} steps). Challenges: {} of {} fixed, {} without the solution.",
            self.lessons_done, self.lessons, self.steps_done, self.steps, self.challenges_fixed, self.challenges, self.fixed_unaided
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_steps_hints_and_fixes_and_survives_storage() {
        let mut p = Progress::default();
        let first = &super::super::lessons()[0];
        for i in 0..first.steps.len() {
            p.step_done(first.id, i);
        }
        p.step_done("ordered-creation", 0);
        p.step_done("ordered-creation", 99);
        p.step_done("a-lesson-removed-since", 0);
        let c = challenge::challenge("drain-hangs").unwrap();
        assert_eq!(p.hints_shown(c), Vec::<&str>::new());
        assert_eq!(p.next_hint(c), Some(c.hints[0]));
        assert_eq!(p.next_hint(c), Some(c.hints[1]));
        assert_eq!(p.next_hint(c), Some(c.hints[2]));
        assert_eq!(p.next_hint(c), None, "three hints, no more");
        assert_eq!(p.hints_shown(c).len(), 3);
        p.fixed(c);
        let other = challenge::challenge("pending-forever").unwrap();
        assert_eq!(p.show_solution(other), other.explanation);
        p.fixed(other);
        let s = p.summary(&[]);
        assert_eq!((s.lessons_done, s.steps_done, s.challenges_fixed, s.fixed_unaided), (1, first.steps.len() + 1, 2, 1));
        assert_eq!(s.line(), format!("Lessons: 1 of {} done ({} of {} steps). Challenges: 2 of {} fixed, 1 without the solution.", s.lessons, s.steps_done, s.steps, s.challenges));
        // the stored form reads back; damage gives an empty progress, never an error
        assert_eq!(Progress::from_json(&p.to_json()), p);
        assert_eq!(Progress::from_json("{\"lessons\": 3"), Progress::default());
        assert_eq!(Progress::from_json("{\"challenges\": {\"x\": {\"hints\": 2}}}").challenges["x"].hints, 2, "missing fields default");
    }
}
