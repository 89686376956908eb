//! What a rule reports: [`Diagnostic`], its [`Fix`] and the [`TextEdit`]s that make the fix.

use crate::yaml::TextRange;
use std::fmt;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
///
/// The severity model, which `ordinal lint --fail-level` uses:
/// - **Error**: the API server rejects the object, the YAML cannot be read, or the object can
///   never run as written (tier T1).
/// - **Warning**: the object is accepted but breaks, loses data, is unreliable or unsafe
///   (tiers T2–T4).
/// - **Info**: hygiene, notes and choices that deserve a second look (tier T5 and a few
///   informational T2–T3 notes such as an unset `storageClassName`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails `ordinal lint` unless `--fail-level info`.
    Info,
    /// Accepted by the API, but wrong or risky.
    Warning,
    /// Rejected by the API server, or cannot run.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error`, `warning` (or `warn`) and `info`.
    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "note" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The teaching tiers of checks.md: how bad the consequence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The API server rejects it, or it cannot run.
    T1,
    /// It runs but breaks or loses data.
    T2,
    /// Reliability practice.
    T3,
    /// Security hardening.
    T4,
    /// Hygiene or information.
    T5,
}

impl Tier {
    /// `T1` … `T5`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::T1 => "T1",
            Tier::T2 => "T2",
            Tier::T3 => "T3",
            Tier::T4 => "T4",
            Tier::T5 => "T5",
        }
    }

    /// What the tier means, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            Tier::T1 => "rejected by the API server or cannot run",
            Tier::T2 => "runs but breaks or loses data",
            Tier::T3 => "reliability practice",
            Tier::T4 => "security hardening",
            Tier::T5 => "hygiene",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One replacement of a byte range of one input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// Index of the input file.
    pub file: usize,
    /// The bytes replaced (empty for an insertion).
    pub range: TextRange,
    /// The new text.
    pub replacement: String,
}

/// A safe, mechanical fix for a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, imperative and short (`use a Secret with \`secretKeyRef\``).
    pub title: String,
    /// Why the fix is right and what it leaves to the user, in one or two sentences.
    pub explanation: String,
    /// The edits, possibly in several files; no two overlap.
    pub edits: Vec<TextEdit>,
}

/// Another place that explains a finding (the Service a `serviceName` points at, the old value
/// of an immutable field, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Index of the input file.
    pub file: usize,
    /// The range there.
    pub range: TextRange,
    /// What that place is, one line.
    pub message: String,
}

/// One finding: a rule, a place and a one-line message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `STS001`.
    pub code: &'static str,
    /// The rule's kebab-case name, e.g. `selector-mismatch`.
    pub name: &'static str,
    /// The severity of this finding (usually the rule's default).
    pub severity: Severity,
    /// The rule's tier.
    pub tier: Tier,
    /// One line: lowercase start, no final period, field paths and values in backticks.
    pub message: String,
    /// Index of the input file.
    pub file: usize,
    /// The key or value at fault (tight).
    pub range: TextRange,
    /// The field path, as `ordinal explain` prints it (`spec.template.spec.containers[0].image`).
    pub path: String,
    /// What to do about it, one line, when the message alone does not say.
    pub help: Option<String>,
    /// A safe fix, when one exists.
    pub fix: Option<Fix>,
    /// Other places involved.
    pub related: Vec<Related>,
    /// For findings the API server would reject: its error line, verbatim
    /// (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`).
    pub api_error: Option<String>,
}

impl Diagnostic {
    /// The rule that produced this finding.
    pub fn rule(&self) -> &'static super::RuleInfo {
        super::registry::lookup(self.code).expect("every diagnostic comes from a registered rule")
    }
}

/// Applies edits to one text (edits for other files are ignored). Edits must not overlap;
/// overlapping edits after the first are skipped.
pub fn apply_edits(text: &str, file: usize, edits: &[TextEdit]) -> String {
    let mut mine: Vec<&TextEdit> = edits.iter().filter(|e| e.file == file).collect();
    mine.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for e in mine {
        let r = e.range.as_range();
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&e.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}
