//! "Fix it" challenges: a cluster broken in a way production clusters break, described only by
//! its symptom. The learner investigates in the lab (the terminal, the cluster view, the
//! simulator's "why" on request), fixes it, and the fix is judged from the model by the same
//! check language as the lessons. Three hints, from a nudge to the way out, and the solution
//! only when asked for.
//!
//! Challenges are data, one Markdown file each under `content/challenges/`, compiled in from
//! the list in `files.rs`:
//!
//! ```text
//! # Challenge 1 node-gone: The app cannot reach recovery-demo-db-1
//! symptom: What the learner is told, and nothing more.
//! start: guide                      (as a lesson's: guide or keep)
//! lab: applied                      (applied or empty: a challenge always has a lab)
//! setup: run node-down node-of:recovery-demo-db-1    (hidden: how it broke; one or more)
//! setup: wait
//! fixed: pod recovery-demo-db-1 ready                 (a check; several must all hold)
//! hint: The first, a nudge.
//! hint: The second, where to look.
//! hint: The third, the way out without the commands.
//! do: run kubectl taint nodes …                       (the solution's moves)
//!
//! The solution, in Markdown: why it broke and what the fix does (shown only on request).
//! ```
//!
//! `setup:` and `do:` take the actions of a lesson's `do:` (`docs/lessons.md`), with their
//! ```yaml blocks.

use super::check::{self, Check, LessonContext};
use super::{parse_solution_lines, play, LabSetup, Problem, Solution, Start};
use super::Lab;
use std::sync::OnceLock;

/// A "fix it" challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The kebab-case id (in progress and share links).
    pub id: &'static str,
    /// Its place in the list.
    pub number: u32,
    /// The title: the symptom in a few words.
    pub title: &'static str,
    /// The symptom, as a user or an alert would report it: all the learner is told.
    pub symptom: &'static str,
    /// The editor's text at the start.
    pub start: Start,
    /// The lab at the start, before the setup.
    pub lab: LabSetup,
    /// How the cluster is broken, played at the start (hidden from the learner).
    pub setup: Vec<Solution>,
    /// Fixed when this holds.
    pub fixed: Check,
    /// Three hints, from a nudge to the way out.
    pub hints: [&'static str; 3],
    /// A solution's moves ("Show me").
    pub solution: Vec<Solution>,
    /// Why it broke and what the fix does, in Markdown: shown only on request.
    pub explanation: &'static str,
    /// The content file.
    pub file: &'static str,
}

/// The broken cluster a challenge starts on.
pub struct Broken {
    /// The editor's text.
    pub text: String,
    /// The lab, broken.
    pub lab: Lab,
}

impl Challenge {
    /// The editor's text and the lab as the learner finds them: the start text (the guide's
    /// manifests, or `keep_text`), the lab set up, then the setup's moves played and settled.
    /// An error names the setup move that failed (the tests make sure none does).
    pub fn start(&self, keep_text: &str, seed: u64) -> Result<Broken, String> {
        let mut text = match self.start {
            Start::Guide => crate::examples::GUIDE.to_owned(),
            Start::Keep => keep_text.to_owned(),
        };
        let mut lab = self.lab.start(&text, seed);
        for s in &self.setup {
            play(s, &mut text, &mut lab, seed).map_err(|e| format!("{}: setup {s:?} failed: {e}", self.id))?;
        }
        let mut lab = lab.unwrap_or_else(|| Lab::new(seed));
        lab.settle();
        Ok(Broken { text, lab })
    }

    /// Whether the cluster is fixed, judged from the editor's text and the lab.
    pub fn fixed(&self, text: &str, lab: &Lab) -> bool {
        let diagnostics = crate::rules::check(&[crate::rules::SourceFile::new("manifest.yaml", text)]);
        let ctx = LessonContext::new(text, &diagnostics).with_sim(lab.sim(), lab.events(), lab.commands()).with_compared(lab.compared());
        check::evaluate(&self.fixed, &ctx)
    }

    /// The hint of a level, 1 to 3 (`None` past the last).
    pub fn hint(&self, level: usize) -> Option<&'static str> {
        level.checked_sub(1).and_then(|i| self.hints.get(i)).copied()
    }
}

/// What the simulator's "why" says of the lab's StatefulSets now: the waiting reason a
/// challenge offers on request (the text `why` prints in the terminal).
pub fn waiting_reason(lab: &Lab) -> String {
    crate::sim::why::text(lab.sim(), Some(super::lab::NAMESPACE), None).unwrap_or_else(|e| format!("{e}.\n"))
}

struct Loaded {
    challenges: Vec<Challenge>,
    problems: Vec<String>,
}

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let (challenges, problems) = super::parse_all(super::files::CHALLENGES, parse, |c| c.number);
        Loaded { challenges, problems }
    })
}

/// Every challenge, in order.
pub fn challenges() -> &'static [Challenge] {
    &loaded().challenges
}

/// The challenge with this id.
pub fn challenge(id: &str) -> Option<&'static Challenge> {
    challenges().iter().find(|c| c.id == id)
}

/// What is wrong with the challenge files (empty when they are well-formed).
pub fn problems() -> &'static [String] {
    &loaded().problems
}

/// The path under `content/` and the text of every challenge file.
pub fn sources() -> &'static [(&'static str, &'static str)] {
    super::files::CHALLENGES
}

fn parse(file: &'static str, text: &'static str) -> Result<Challenge, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut at = |n: usize, column: usize, message: String| problems.push(Problem { line: n + 1, column, message });
    let mut lines = text.lines().enumerate().peekable();
    let (mut id, mut number, mut title) = ("", 0, "");
    match lines.next().map(|(_, l)| (l, l.strip_prefix("# Challenge ").and_then(|r| r.split_once(": ")))) {
        Some((head, Some((number_id, t)))) => match number_id.split_once(' ') {
            Some((n, i)) => {
                number = n.parse().unwrap_or_else(|_| {
                    at(0, super::column_of(head, n), format!("`{n}` is not a challenge number"));
                    0
                });
                (id, title) = (i, t);
            }
            None => at(0, 1, "expected `# Challenge N id: Title`".into()),
        },
        _ => at(0, 1, "expected `# Challenge N id: Title`".into()),
    }
    let (mut symptom, mut start, mut lab) = ("", Start::Guide, LabSetup::Applied);
    let (mut setup, mut solution, mut hints, mut checks) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    while let Some(&(n, line)) = lines.peek() {
        if line.trim().is_empty() {
            break;
        }
        lines.next();
        let Some((key, value)) = line.split_once(':').map(|(k, v)| (k, v.trim())) else {
            at(n, 1, format!("expected `key: value`, found `{line}`"));
            continue;
        };
        let col = super::column_of(line, value);
        match key {
            "symptom" => symptom = value,
            "start" => match value {
                "guide" => start = Start::Guide,
                "keep" => start = Start::Keep,
                other => at(n, col, format!("unknown start `{other}` (guide or keep)")),
            },
            "lab" => match value {
                "applied" => lab = LabSetup::Applied,
                "empty" => lab = LabSetup::Empty,
                other => at(n, col, format!("unknown lab `{other}` (applied or empty)")),
            },
            "setup" | "do" => match parse_solution_lines(value, &mut lines) {
                Ok(s) if key == "setup" => setup.push(s),
                Ok(s) => solution.push(s),
                Err(e) => at(n, col, e),
            },
            "fixed" => match check::parse(value) {
                Ok(c) => checks.push(c),
                Err(e) => at(n, col, e.to_string()),
            },
            "hint" => hints.push(value),
            other => at(n, 1, format!("unknown key `{other}` (symptom, start, lab, setup, fixed, hint, do)")),
        }
    }
    let explanation = lines.peek().map_or("", |&(n, _)| super::slice_lines(text, n, usize::MAX).trim());
    let end = text.lines().count().max(1) - 1;
    if symptom.is_empty() {
        at(end, 1, "a challenge needs its `symptom:`".into());
    }
    if checks.is_empty() || solution.is_empty() {
        at(end, 1, "a challenge needs a `fixed:` check and the `do:` lines that fix it".into());
    }
    if hints.len() != 3 {
        at(end, 1, format!("a challenge has three hints, from a nudge to the way out; this one has {}", hints.len()));
    }
    if explanation.is_empty() {
        at(end, 1, "a challenge needs its solution's explanation after the keys".into());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let fixed = if checks.len() == 1 { checks.remove(0) } else { Check::All(checks) };
    Ok(Challenge { id, number, title, symptom, start, lab, setup, fixed, hints: [hints[0], hints[1], hints[2]], solution, explanation, file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_file_reads_and_bad_ones_say_where() {
        let text = "# Challenge 1 demo: Demo\nsymptom: Pod 1 is gone.\nsetup: run kubectl delete pod recovery-demo-db-1\nfixed: pod recovery-demo-db-1 ready\nhint: One.\nhint: Two.\nhint: Three.\ndo: wait\n\nIt comes back.\n";
        let c = parse("challenges/demo.md", text).unwrap();
        assert_eq!((c.id, c.number, c.symptom, c.explanation, c.hint(3), c.hint(4), c.hint(0)), ("demo", 1, "Pod 1 is gone.", "It comes back.", Some("Three."), None, None));
        let bad = "# Challenge one demo: Demo\nsymptom: S.\nfixed: pod x happy\nhint: One.\nlab: full\n\nText.\n";
        let said: Vec<String> = parse("c.md", bad).unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "1:13: `one` is not a challenge number",
                "3:8: unknown pod state `happy`",
                "5:6: unknown lab `full` (applied or empty)",
                "7:1: a challenge needs a `fixed:` check and the `do:` lines that fix it",
                "7:1: a challenge has three hints, from a nudge to the way out; this one has 1",
            ]
        );
    }
}
