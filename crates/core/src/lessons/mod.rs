//! Guided lessons: the guide's whole content as nine lessons and the key takeaways, each a list
//! of steps with narration, a highlight, an action for the learner, an instant completion
//! check and, before an animation, a "predict what happens next" prompt.
//!
//! Lessons are data: one Markdown file each under `content/lessons/`, compiled in from the
//! single list in `files.rs` and checked by tidy tests (`tests/lessons_tidy.rs`). The checks
//! ([`check`]) are judged from the parsed manifest, the rules' findings and the [`lab`]'s
//! simulation, never by matching what the learner typed. Each step also says how to do it
//! ([`Step::solution`]): the tests play every lesson through the core with it, and the web app
//! offers it as "Do it for me".
//!
//! # File format
//!
//! ```text
//! # Lesson 3 ordered-creation: Ordered creation
//! summary: One sentence on what the learner will see.
//! covers: statefulset.yaml / spec.replicas | How Everything Works Together / deployment
//! start: guide                      (guide: the guide's manifests; keep: the learner's text)
//! lab: empty                        (none, empty, or applied: the start manifest applied and settled)
//!
//! ## Step: Apply the manifests
//! highlight: panel cluster          (yaml KIND PATH | object KIND/NAME | panel NAME)
//! action: click | Press Apply.      (edit, click, type or read, then what to do)
//! check: in-order recovery-demo-db 3
//! do: apply                         (one or more; see [`Solution`])
//! note: running-is-not-enough       (a "the guide says / really" note of `sim::notes`)
//! rule: POD004                      (a rule the step teaches)
//! concept: flow-deploy              (a concept page to read more)
//! predict: What does the controller create first?
//! choice: All three pods at once
//! choice*: Pod 0 and its claim      (the correct choice)
//! reveal: Why, in a sentence or two.
//!
//! The narration, in Markdown, after the first blank line: what the learner reads before
//! predicting. It must not give the answer away.
//!
//! ### After the prediction
//!
//! The outcome, in Markdown: shown only once the prediction is made or skipped. A step with a
//! prediction must have this section (it may be short); a step without one must not.
//! ```

pub mod challenge;
pub mod check;
pub mod edit;
mod files;
pub mod lab;
pub mod progress;
pub mod reference;

pub use check::{evaluate, Check, LessonContext};
pub use edit::Edit;
pub use lab::Lab;

use check::ObjectRef;
use std::sync::OnceLock;

/// Where a step points the learner's eyes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// A field of the manifest: the `kind` document's `path` (`[]` for every item).
    Yaml {
        /// The document's kind.
        kind: String,
        /// The path pattern.
        path: String,
    },
    /// An object of the cluster view.
    Object(ObjectRef),
    /// A node of the cluster view: its name, or `node-of:POD` (the node POD runs on) or
    /// `node-of-at-start:POD` (the node its first incarnation ran on), POD in the lab's
    /// namespace.
    Node(String),
    /// The lines of the event log that contain this text (`FailedAttachVolume`,
    /// `Multi-Attach error`), those there when the step opens and those that come while it is
    /// open.
    Log(String),
    /// A panel of the page.
    Panel(Panel),
}

/// The page's panels a step can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The editor.
    Editor,
    /// The explanation of the field under the cursor.
    Explanation,
    /// The problems list.
    Problems,
    /// The cluster view.
    Cluster,
    /// The terminal.
    Terminal,
    /// The event log.
    Events,
    /// The production checklist.
    Checklist,
    /// The comparison of the StatefulSet with a Deployment.
    Compare,
}

impl Panel {
    /// The panel's name in lesson files and in the page's `data-panel` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Editor => "editor",
            Panel::Explanation => "explanation",
            Panel::Problems => "problems",
            Panel::Cluster => "cluster",
            Panel::Terminal => "terminal",
            Panel::Events => "events",
            Panel::Checklist => "checklist",
            Panel::Compare => "compare",
        }
    }

    /// Every panel.
    pub const ALL: [Panel; 8] = [Panel::Editor, Panel::Explanation, Panel::Problems, Panel::Cluster, Panel::Terminal, Panel::Events, Panel::Checklist, Panel::Compare];

    fn parse(word: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.as_str() == word)
    }
}

/// How the learner acts on a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Edit the manifest.
    Edit,
    /// Click something in the cluster view (or a button).
    Click,
    /// Type a command in the terminal.
    Type,
    /// Read and look: the step completes with Next.
    Read,
}

impl ActionKind {
    /// `edit`, `click`, `type`, `read`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Edit => "edit",
            ActionKind::Click => "click",
            ActionKind::Type => "type",
            ActionKind::Read => "read",
        }
    }
}

/// What the learner is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnerAction {
    /// The kind of action.
    pub kind: ActionKind,
    /// The instruction, in Markdown.
    pub text: &'static str,
}

/// One move of a step's solution: what "Do it for me" does and what the tests play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Solution {
    /// Edit the manifest.
    Edit(Edit),
    /// Apply the manifest to the lab (the Apply button).
    Apply,
    /// Type a command in the lab's terminal.
    Run(String),
    /// Click a pod in the cluster view to delete it.
    DeletePod(String),
    /// Let the lab run until nothing more happens.
    Wait,
    /// Play a move in the comparison with a Deployment (made from the editor's text first).
    Compare(crate::compare::Move),
}

/// A "predict what happens next" prompt, shown before the step's action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predict {
    /// The question.
    pub question: &'static str,
    /// The choices.
    pub choices: Vec<&'static str>,
    /// The index of the right choice.
    pub answer: usize,
    /// What really happens, and why: shown once the learner has answered.
    pub reveal: &'static str,
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// A short title.
    pub title: &'static str,
    /// The narration, in Markdown: what is read before the prediction.
    pub narration: &'static str,
    /// The narration that tells the outcome, in Markdown: shown once the prediction is made or
    /// skipped (empty for a step without a prediction).
    pub outcome: &'static str,
    /// Where to look.
    pub highlight: Option<Highlight>,
    /// What to do.
    pub action: LearnerAction,
    /// How the step is judged done; `None` for reading steps.
    pub check: Option<Check>,
    /// How to do it.
    pub solution: Vec<Solution>,
    /// A prediction to make first.
    pub predict: Option<Predict>,
    /// Notes of `sim::notes` where the guide simplifies.
    pub notes: Vec<&'static str>,
    /// Rules the step teaches.
    pub rules: Vec<&'static str>,
    /// Concept pages to read more.
    pub concepts: Vec<&'static str>,
    /// The line of its `## Step:` heading in the lesson file (1-based).
    pub line: usize,
}

/// What the editor holds when a lesson starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// The guide's manifests (the learner's text stays recoverable in the app).
    Guide,
    /// Whatever the learner has.
    Keep,
}

/// How the lab is set up when a lesson starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabSetup {
    /// The lesson uses no lab.
    None,
    /// An empty cluster (the guide's namespace exists).
    Empty,
    /// The start manifest applied, and everything settled.
    Applied,
}

/// A lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The kebab-case id (in share links).
    pub id: &'static str,
    /// 1 to 10.
    pub number: u32,
    /// The title.
    pub title: &'static str,
    /// One sentence.
    pub summary: &'static str,
    /// The guide's sections it teaches (as `content/guide-facts.tsv` names them).
    pub covers: Vec<&'static str>,
    /// The editor's text at the start.
    pub start: Start,
    /// The lab at the start.
    pub lab: LabSetup,
    /// The steps.
    pub steps: Vec<Step>,
    /// The content file.
    pub file: &'static str,
}

impl Lesson {
    /// The lab this lesson starts with, for a start manifest (`None` when it uses none).
    pub fn start_lab(&self, manifest: &str, seed: u64) -> Option<Lab> {
        self.lab.start(manifest, seed)
    }
}

impl LabSetup {
    /// The lab of this setup for a start manifest (`None` for [`LabSetup::None`]).
    pub fn start(self, manifest: &str, seed: u64) -> Option<Lab> {
        match self {
            LabSetup::None => None,
            LabSetup::Empty => Some(Lab::new(seed)),
            LabSetup::Applied => {
                let mut lab = Lab::new(seed);
                lab.apply(manifest);
                lab.settle();
                Some(lab)
            }
        }
    }
}

struct Loaded {
    lessons: Vec<Lesson>,
    problems: Vec<String>,
}

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let (lessons, problems) = parse_all(files::FILES, parse_lesson, |l| l.number);
        Loaded { lessons, problems }
    })
}

/// Parses compiled-in content files (lessons, challenges): those that parse, ordered by
/// `number`, and the problems of the others as `FILE:LINE:COLUMN: message`.
pub(crate) fn parse_all<T>(
    files: &'static [(&'static str, &'static str)],
    parse: impl Fn(&'static str, &'static str) -> Result<T, Vec<Problem>>,
    number: impl Fn(&T) -> u32,
) -> (Vec<T>, Vec<String>) {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (file, text) in files {
        match parse(file, text) {
            Ok(item) => parsed.push(item),
            Err(p) => problems.extend(p.iter().map(|p| format!("{file}:{p}"))),
        }
    }
    parsed.sort_by_key(|item| number(item));
    (parsed, problems)
}

/// Every lesson, in order.
pub fn lessons() -> &'static [Lesson] {
    &loaded().lessons
}

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    lessons().iter().find(|l| l.id == id)
}

/// What is wrong with the lesson files (empty when they are well-formed).
pub fn problems() -> &'static [String] {
    &loaded().problems
}

/// The path under `content/` and the text of every lesson file.
pub fn sources() -> &'static [(&'static str, &'static str)] {
    files::FILES
}

/// A problem in a lesson file: where (1-based line and column) and what.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1 (in characters).
    pub column: usize,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The most bytes a lesson file loaded at run time may have.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// Reads a lesson file written by a teacher (opened or dropped into the page, carried by a
/// share link, or checked by `ordinal lesson check`): the same format as the built-in
/// lessons, documented in `docs/lessons.md`. Every problem is reported at its line and
/// column; the id must not be one of the built-in lessons'. Nothing panics on any input.
///
/// The lesson borrows its text for the rest of the program (lessons are `'static`, like the
/// built-in ones), so each successful or failed load keeps one copy of the file in memory.
pub fn load(name: &str, text: &str) -> Result<Lesson, Vec<Problem>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![Problem { line: 1, column: 1, message: format!("the file has {} bytes; a lesson file may have at most {MAX_FILE_BYTES}", text.len()) }]);
    }
    let text: &'static str = Box::leak(text.replace("\r\n", "\n").into_boxed_str());
    let file: &'static str = Box::leak(name.to_owned().into_boxed_str());
    let lesson = parse_lesson(file, text)?;
    if lessons().iter().any(|l| l.id == lesson.id) {
        let column = "# Lesson ".len() + lesson.number.to_string().len() + 2;
        return Err(vec![Problem { line: 1, column, message: format!("`{}` is the id of a built-in lesson: choose another", lesson.id) }]);
    }
    Ok(lesson)
}

/// The column (1-based, in characters) where `part`, a slice of `line`, starts.
fn column_of(line: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    line.get(..offset.min(line.len())).map_or(1, |before| before.chars().count() + 1)
}

/// Reads one lesson file; every problem found is reported at its line and column.
fn parse_lesson(file: &'static str, text: &'static str) -> Result<Lesson, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    let mut lesson = Lesson { id: "", number: 0, title: "", summary: "", covers: Vec::new(), start: Start::Keep, lab: LabSetup::None, steps: Vec::new(), file };
    let mut at = |n: usize, column: usize, message: String| problems.push(Problem { line: n + 1, column, message });
    match lines.next() {
        Some((n, head)) => match head.strip_prefix("# Lesson ").and_then(|r| r.split_once(": ")) {
            Some((number_id, title)) => match number_id.split_once(' ') {
                Some((number, id)) => {
                    lesson.number = number.parse().unwrap_or_else(|_| {
                        at(n, column_of(head, number), format!("`{number}` is not a lesson number"));
                        0
                    });
                    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                        at(n, column_of(head, id), format!("the id `{id}` should be kebab-case: lowercase letters, digits and `-`"));
                    }
                    lesson.id = id;
                    lesson.title = title;
                }
                None => at(n, 1, "expected `# Lesson N id: Title`".into()),
            },
            None => at(n, 1, "expected `# Lesson N id: Title`".into()),
        },
        None => at(0, 1, "empty file: expected `# Lesson N id: Title`".into()),
    }
    let mut saw_summary = false;
    // the header's keys, up to the first step
    while let Some(&(n, line)) = lines.peek() {
        if line.starts_with("## ") {
            break;
        }
        lines.next();
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once(": ") {
            Some(("summary", v)) => {
                lesson.summary = v;
                saw_summary = true;
            }
            Some(("covers", v)) => lesson.covers = v.split(" | ").map(str::trim).collect(),
            Some(("start", "guide")) => lesson.start = Start::Guide,
            Some(("start", "keep")) => lesson.start = Start::Keep,
            Some(("lab", "none")) => lesson.lab = LabSetup::None,
            Some(("lab", "empty")) => lesson.lab = LabSetup::Empty,
            Some(("lab", "applied")) => lesson.lab = LabSetup::Applied,
            Some(("start", v)) => at(n, column_of(line, v), format!("unknown start `{v}` (guide or keep)")),
            Some(("lab", v)) => at(n, column_of(line, v), format!("unknown lab `{v}` (none, empty or applied)")),
            _ => at(n, 1, format!("unexpected header line `{line}` (summary, covers, start or lab, then `## Step: Title`)")),
        }
    }
    while let Some((n, line)) = lines.next() {
        let Some(title) = line.strip_prefix("## Step: ") else {
            at(n, 1, format!("expected `## Step: Title`, found `{line}`"));
            continue;
        };
        let mut step = Step {
            title,
            narration: "",
            outcome: "",
            highlight: None,
            action: LearnerAction { kind: ActionKind::Read, text: "" },
            check: None,
            solution: Vec::new(),
            predict: None,
            notes: Vec::new(),
            rules: Vec::new(),
            concepts: Vec::new(),
            line: n + 1,
        };
        let mut choices = Vec::new();
        let mut answer = None;
        let mut question = None;
        let mut reveal = None;
        let mut saw_action = false;
        let (mut saw_check, mut saw_do, mut action_unknown) = (false, false, false);
        // keys until the first blank line
        while let Some(&(k, line)) = lines.peek() {
            if line.trim().is_empty() || line.starts_with("## ") {
                break;
            }
            lines.next();
            let Some((key, value)) = line.split_once(':').map(|(k, v)| (k, v.trim())) else {
                at(k, 1, format!("expected `key: value`, found `{line}`"));
                continue;
            };
            let col = column_of(line, value);
            match key {
                "highlight" => match parse_highlight(value) {
                    Ok(h) => step.highlight = Some(h),
                    Err(e) => at(k, col, e),
                },
                "action" => {
                    saw_action = true;
                    let (kind, text) = value.split_once(" | ").unwrap_or((value, ""));
                    step.action.text = text.trim();
                    step.action.kind = match kind.trim() {
                        "edit" => ActionKind::Edit,
                        "click" => ActionKind::Click,
                        "type" => ActionKind::Type,
                        "read" => ActionKind::Read,
                        other => {
                            at(k, col, format!("unknown action `{other}` (edit, click, type or read)"));
                            action_unknown = true;
                            ActionKind::Read
                        }
                    };
                    if step.action.text.is_empty() {
                        at(k, col, "the action needs an instruction: `action: KIND | what to do`".into());
                    }
                }
                "check" => match check::parse(value) {
                    Ok(c) => {
                        saw_check = true;
                        step.check = Some(match step.check.take() {
                            None => c,
                            Some(Check::All(mut v)) => {
                                v.push(c);
                                Check::All(v)
                            }
                            Some(prev) => Check::All(vec![prev, c]),
                        })
                    }
                    Err(e) => {
                        saw_check = true;
                        at(k, col, e.to_string());
                    }
                },
                "do" => {
                    saw_do = true;
                    match parse_solution_lines(value, &mut lines) {
                        Ok(s) => step.solution.push(s),
                        Err(e) => at(k, col, e),
                    }
                }
                "note" if crate::sim::notes::note(value).is_none() => at(k, col, format!("unknown note `{value}` (the ids of the simulator's notes, `docs/lessons.md`)")),
                "rule" if crate::rules::lookup(value).is_none() => at(k, col, format!("unknown rule `{value}`")),
                "concept" if crate::catalog::concept(value).is_none() => at(k, col, format!("unknown concept `{value}`")),
                "note" => step.notes.push(value),
                "rule" => step.rules.push(value),
                "concept" => step.concepts.push(value),
                "predict" => question = Some(value),
                "choice" => choices.push(value),
                "choice*" => {
                    if answer.is_some() {
                        at(k, 1, "a second right choice".into());
                    }
                    answer = Some(choices.len());
                    choices.push(value);
                }
                "reveal" => reveal = Some(value),
                other => at(k, 1, format!("unknown key `{other}` (highlight, action, check, do, note, rule, concept, predict, choice, choice*, reveal)")),
            }
        }
        // the narration: up to the next step
        let start = lines.peek().map(|&(n, _)| n);
        let mut end = start;
        while let Some(&(n, line)) = lines.peek() {
            if line.starts_with("## ") {
                break;
            }
            lines.next();
            end = Some(n + 1);
        }
        if let (Some(s), Some(e)) = (start, end) {
            let all = slice_lines(text, s, e);
            match split_outcome(all) {
                Some((before, after)) => {
                    step.narration = before.trim();
                    step.outcome = after.trim();
                }
                None => step.narration = all.trim(),
            }
        }
        match (question.is_some(), step.outcome.is_empty()) {
            (true, true) => at(n, 1, format!("step `{title}` has a prediction but no `{OUTCOME_HEADING}` section: the outcome would be read before the question")),
            (false, false) => at(n, 1, format!("step `{title}` has a `{OUTCOME_HEADING}` section but no prediction")),
            _ => {}
        }
        if step.narration.is_empty() && step.outcome.is_empty() {
            at(n, 1, format!("step `{title}` has no narration"));
        }
        if !saw_action {
            at(n, 1, format!("step `{title}` has no `action:`"));
        } else if step.action.kind == ActionKind::Read && saw_check && !action_unknown {
            at(n, 1, format!("step `{title}` is a reading step (completed with Next), so it takes no `check:`"));
        } else if step.action.kind != ActionKind::Read && (!saw_check || !saw_do) {
            at(n, 1, format!("step `{title}` asks the learner to act, so it needs a `check:` and at least one `do:`"));
        }
        match (question, answer, reveal) {
            (None, None, None) if choices.is_empty() => {}
            (Some(q), Some(a), Some(r)) if choices.len() >= 2 => step.predict = Some(Predict { question: q, choices, answer: a, reveal: r }),
            _ => at(n, 1, "a prediction needs `predict:`, two or more choices, one `choice*:` and `reveal:`".into()),
        }
        lesson.steps.push(step);
    }
    if !saw_summary || lesson.covers.is_empty() {
        at(0, 1, "the header needs `summary:` and `covers:`".into());
    }
    if lesson.steps.is_empty() {
        at(text.lines().count().max(1) - 1, 1, "no steps: add `## Step: Title`".into());
    }
    if problems.is_empty() {
        Ok(lesson)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// The line that starts a step's outcome: what is read once the prediction is made or skipped.
pub const OUTCOME_HEADING: &str = "### After the prediction";

/// A narration split at its [`OUTCOME_HEADING`] line: (before, after).
fn split_outcome(narration: &'static str) -> Option<(&'static str, &'static str)> {
    let mut at = 0;
    for line in narration.split_inclusive('\n') {
        if line.trim_end() == OUTCOME_HEADING {
            return Some((&narration[..at], &narration[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// Lines `start..end` (0-based, end exclusive) of `text`, as a slice of it.
fn slice_lines(text: &'static str, start: usize, end: usize) -> &'static str {
    let mut offsets = vec![0];
    offsets.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    offsets.push(text.len());
    let a = offsets[start.min(offsets.len() - 1)];
    let b = offsets[end.min(offsets.len() - 1)];
    &text[a..b]
}

fn parse_highlight(value: &str) -> Result<Highlight, String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    match words[..] {
        ["yaml", kind, path] => {
            crate::catalog::parse_pattern(path).map_err(|e| format!("bad highlight path `{path}`: {e}"))?;
            Ok(Highlight::Yaml { kind: kind.into(), path: path.into() })
        }
        ["object", o] => {
            let check = check::parse(&format!("created {o}")).map_err(|e| e.to_string())?;
            match check {
                Check::Written { object, .. } => Ok(Highlight::Object(object)),
                _ => Err(format!("bad object `{o}`")),
            }
        }
        ["node", n] => {
            match crate::sim::script::node_of(n) {
                Some((_, pod)) if pod.is_empty() || pod.contains('/') => Err(format!("bad node `{n}`: node-of:POD needs a pod name, e.g. node-of:recovery-demo-db-1")),
                _ => Ok(Highlight::Node(n.into())),
            }
        }
        ["panel", p] => Panel::parse(p).map(Highlight::Panel).ok_or_else(|| format!("unknown panel `{p}`")),
        ["log", _, ..] => Ok(Highlight::Log(value.trim_start().strip_prefix("log").unwrap_or_default().trim().to_owned())),
        _ => Err(format!("expected `yaml KIND PATH`, `object KIND/NAME`, `node NAME`, `log TEXT` or `panel NAME`, found `{value}`")),
    }
}

/// Reads a `do:` line's value and, for `add` and `append`, the fenced block on the lines that
/// follow it (taken from `lines`).
fn parse_solution_lines<'t>(value: &str, lines: &mut impl Iterator<Item = (usize, &'t str)>) -> Result<Solution, String> {
    let mut block = String::new();
    if value.starts_with("add ") || value == "append" {
        match lines.next() {
            Some((_, fence)) if fence.starts_with("```") => {
                let mut closed = false;
                for (_, l) in lines.by_ref() {
                    if l.starts_with("```") {
                        closed = true;
                        break;
                    }
                    block.push_str(l);
                    block.push('\n');
                }
                if !closed {
                    return Err("unclosed ``` block".into());
                }
            }
            _ => return Err(format!("`{value}` needs a ```yaml block on the next line")),
        }
    }
    parse_solution(value, block)
}

/// Reads a `do:` line's value (`block`: the fenced block that follows `add` and `append`).
pub fn parse_solution(value: &str, block: String) -> Result<Solution, String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    Ok(match words[..] {
        ["set", kind, path, ref v @ ..] if !v.is_empty() => Solution::Edit(Edit::Set { kind: kind.into(), path: path.into(), value: v.join(" ") }),
        ["add", kind, path] => Solution::Edit(Edit::Add { kind: kind.into(), path: path.into(), block }),
        ["remove", kind, path] => Solution::Edit(Edit::Remove { kind: kind.into(), path: path.into() }),
        ["append"] => Solution::Edit(Edit::Append { block }),
        ["fix", code] => Solution::Edit(Edit::Fix { code: code.into() }),
        ["apply"] => Solution::Apply,
        ["wait"] => Solution::Wait,
        ["compare", id] => Solution::Compare(crate::compare::Move::parse(id).ok_or_else(|| format!("unknown move `{id}` (delete-pod, scale-up, scale-down, lose-node, roll-image)"))?),
        ["click", o] => match o.strip_prefix("pod/") {
            Some(name) if !name.is_empty() => Solution::DeletePod(name.into()),
            _ => return Err(format!("`do: click` deletes a pod: `click pod/NAME`, found `{o}`")),
        },
        ["run", ..] => Solution::Run(value["run".len()..].trim().to_owned()),
        _ => return Err(format!("unknown solution `{value}`")),
    })
}

/// Plays one solution move: edits change `text`, the others act on the lab (created empty on
/// first use when there is none). Returns an error when an edit cannot be made.
pub fn play(solution: &Solution, text: &mut String, lab: &mut Option<Lab>, seed: u64) -> Result<(), String> {
    match solution {
        Solution::Edit(e) => {
            *text = edit::apply(text, e).map_err(|e| e.to_string())?;
        }
        Solution::Apply => {
            let out = lab.get_or_insert_with(|| Lab::new(seed)).apply(text);
            if out.failed() {
                return Err(out.stderr);
            }
        }
        Solution::Run(line) => {
            let out = lab.get_or_insert_with(|| Lab::new(seed)).run(line);
            if out.failed() {
                return Err(out.stderr);
            }
        }
        Solution::DeletePod(name) => {
            let out = lab.get_or_insert_with(|| Lab::new(seed)).delete_pod(name);
            if out.failed() {
                return Err(out.stderr);
            }
        }
        Solution::Wait => lab.get_or_insert_with(|| Lab::new(seed)).settle(),
        Solution::Compare(m) => lab.get_or_insert_with(|| Lab::new(seed)).compare(text, *m)?,
    }
    Ok(())
}

/// A lesson played from its start with its own solutions, as the tests and `ordinal lesson
/// check` do: the editor's text and the lab at the end, and what is wrong, at each step's
/// line. Each checked step's check must be false before its `do:` lines and true after them
/// (the lab settled); a step whose solution sets the controllers moving must ask for a
/// prediction first. `keep_text` is the editor's text for a lesson that starts with `keep`.
pub fn rehearse(lesson: &Lesson, keep_text: &str, seed: u64) -> Rehearsal {
    let mut text = match lesson.start {
        Start::Guide => crate::examples::GUIDE.to_owned(),
        Start::Keep => keep_text.to_owned(),
    };
    let mut lab = lesson.start_lab(&text, seed);
    let mut problems = Vec::new();
    let holds = |check: &Check, text: &str, lab: &Option<Lab>| {
        let diagnostics = crate::rules::check(&[crate::rules::SourceFile::new("manifest.yaml", text)]);
        let ctx = LessonContext::new(text, &diagnostics);
        let ctx = match lab {
            Some(l) => ctx.with_sim(l.sim(), l.events(), l.commands()).with_compared(l.compared()),
            None => ctx,
        };
        evaluate(check, &ctx)
    };
    let writes = |lab: &Option<Lab>| lab.as_ref().map_or(0, |l| l.events().iter().filter(|e| matches!(e, crate::sim::SimEvent::Write { actor, .. } if actor.is_controller())).count());
    for step in &lesson.steps {
        let mut say = |message: String| problems.push(Problem { line: step.line, column: 1, message: format!("step `{}`: {message}", step.title) });
        if let Some(c) = &step.check {
            if holds(c, &text, &lab) {
                say("the check already holds before the learner acts".into());
            }
        }
        let before = writes(&lab);
        for s in &step.solution {
            if let Err(e) = play(s, &mut text, &mut lab, seed) {
                say(format!("`do:` {s:?} failed: {}", e.trim_end()));
            }
        }
        if let Some(l) = lab.as_mut() {
            l.settle();
        }
        if writes(&lab) > before && step.predict.is_none() {
            say("its solution sets the cluster moving, so it needs a prediction first (`predict:`)".into());
        }
        if let Some(c) = &step.check {
            if !holds(c, &text, &lab) {
                say("the check does not hold after its `do:` lines".into());
            }
        }
    }
    Rehearsal { text, lab, problems }
}

/// What [`rehearse`] found.
pub struct Rehearsal {
    /// The editor's text at the end.
    pub text: String,
    /// The lab at the end.
    pub lab: Option<Lab>,
    /// What is wrong, by step (empty: every step works).
    pub problems: Vec<Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_highlight_names_a_node_by_name_or_by_its_pod() {
        assert_eq!(parse_highlight("node node-2"), Ok(Highlight::Node("node-2".into())));
        assert_eq!(parse_highlight("node node-of:recovery-demo-db-1"), Ok(Highlight::Node("node-of:recovery-demo-db-1".into())));
        assert_eq!(parse_highlight("node node-of-at-start:web-0"), Ok(Highlight::Node("node-of-at-start:web-0".into())));
        assert_eq!(parse_highlight("log  Multi-Attach error "), Ok(Highlight::Log("Multi-Attach error".into())));
        assert!(parse_highlight("log").unwrap_err().contains("`log TEXT`"));
        assert!(parse_highlight("node node-of:").unwrap_err().contains("needs a pod name"));
        assert!(parse_highlight("node node-of:ns/web-0").unwrap_err().contains("needs a pod name"));
        assert!(parse_highlight("node").unwrap_err().contains("`node NAME`"));
    }

    #[test]
    fn a_lesson_file_reads_and_bad_ones_say_where() {
        let text = "# Lesson 1 demo: Demo\nsummary: A demo.\ncovers: Key Takeaways\nstart: guide\nlab: empty\n\n## Step: One\naction: edit | Change it.\ncheck: value StatefulSet spec.replicas = 1\ndo: set StatefulSet spec.replicas 1\npredict: How many?\nchoice: Two\nchoice*: One\nreveal: One.\n\nSome *narration*.\n\n### After the prediction\n\nMore.\n";
        let l = parse_lesson("lessons/demo.md", text).unwrap();
        assert_eq!((l.number, l.id, l.title, l.start, l.lab), (1, "demo", "Demo", Start::Guide, LabSetup::Empty));
        assert_eq!(l.steps[0].narration, "Some *narration*.");
        assert_eq!(l.steps[0].outcome, "More.", "the outcome is kept apart, for after the prediction");
        assert_eq!(l.steps[0].predict.as_ref().unwrap().answer, 1);
        assert_eq!(l.steps[0].solution, [Solution::Edit(Edit::Set { kind: "StatefulSet".into(), path: "spec.replicas".into(), value: "1".into() })]);
        let bad = "# Lesson x demo: Demo\nsummary: A.\ncovers: B\n\n## Step: One\naction: jump | x\ncheck: smile\nchoice*: a\n\n";
        let said = |file: &'static str, text: &'static str| -> Vec<String> { parse_lesson(file, text).unwrap_err().iter().map(|p| format!("{file}:{p}")).collect() };
        assert_eq!(
            said("lessons/bad.md", bad),
            [
                "lessons/bad.md:1:10: `x` is not a lesson number",
                "lessons/bad.md:5:1: step `One` has no narration",
                "lessons/bad.md:5:1: a prediction needs `predict:`, two or more choices, one `choice*:` and `reveal:`",
                "lessons/bad.md:6:9: unknown action `jump` (edit, click, type or read)",
                "lessons/bad.md:7:8: unknown check `smile`",
            ]
        );
        // the outcome is told after the prediction, never before it
        let told = text.replace("### After the prediction\n\n", "");
        assert_eq!(
            said("lessons/demo.md", told.leak()),
            ["lessons/demo.md:7:1: step `One` has a prediction but no `### After the prediction` section: the outcome would be read before the question"]
        );
        let stray = "# Lesson 1 demo: Demo\nsummary: A.\ncovers: B\n\n## Step: One\naction: read | Read.\n\nText.\n\n### After the prediction\n\nMore.\n";
        assert_eq!(said("lessons/stray.md", stray), ["lessons/stray.md:5:1: step `One` has a `### After the prediction` section but no prediction"]);
    }

    #[test]
    fn a_teachers_file_loads_or_says_where_it_is_wrong() {
        let text = "# Lesson 20 my-first: My first\r\nsummary: A lesson of mine.\r\ncovers: Key Takeaways\r\nstart: guide\r\nlab: applied\r\n\r\n## Step: Delete pod 1\r\naction: click | Delete `recovery-demo-db-1`.\r\ncheck: recreated recovery-demo-db-1\r\ndo: click pod/recovery-demo-db-1\r\ndo: wait\r\nnote: delete-is-graceful\r\npredict: What comes back?\r\nchoice*: The same name\r\nchoice: A new name\r\nreveal: The same name.\r\n\r\nGo.\r\n\r\n### After the prediction\r\n\r\nIt came back.\r\n";
        let l = load("mine.md", text).unwrap();
        assert_eq!((l.id, l.number, l.steps.len(), l.steps[0].line, l.file), ("my-first", 20, 1, 7, "mine.md"));
        assert_eq!(l.steps[0].outcome, "It came back.", "Windows line ends are read");
        let said = |t: &str| load("x.md", t).unwrap_err().iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(said(&text.replace("my-first", "scaling")), ["1:13: `scaling` is the id of a built-in lesson: choose another"]);
        assert_eq!(said(&text.replace("delete-is-graceful", "no-such-note")), ["12:7: unknown note `no-such-note` (the ids of the simulator's notes, `docs/lessons.md`)"]);
        assert_eq!(said(&text.replace("lab: applied", "lab: full")), ["5:6: unknown lab `full` (none, empty or applied)"]);
        assert_eq!(said(&text.replace("check: recreated recovery-demo-db-1\r\n", "")), ["7:1: step `Delete pod 1` asks the learner to act, so it needs a `check:` and at least one `do:`"]);
        assert_eq!(said(""), ["1:1: empty file: expected `# Lesson N id: Title`", "1:1: the header needs `summary:` and `covers:`", "1:1: no steps: add `## Step: Title`"]);
        assert_eq!(said(&"x".repeat(MAX_FILE_BYTES + 1)).len(), 1);
        // no input panics: cut the file at every character boundary
        for (i, _) in text.char_indices() {
            let _ = load("cut.md", &text[..i]);
        }
    }
}
