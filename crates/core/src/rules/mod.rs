//! Mistake checks: a registry of rules in the style of ruff and clippy, each in its own file
//! with a stable code, a tier, a one-line message, a long explanation and, where a safe one
//! exists, a fix.
//!
//! - [`check`] lints a set of files together (cross-file rules such as `serviceName` ↔
//!   Service or the PodDisruptionBudget see every object), [`check_with`] takes a [`Config`].
//! - [`check_update`] compares the last applied version with an edit and flags the changes the
//!   API server forbids.
//! - [`registry`] lists every [`RuleInfo`]; the explanations are compiled in as Markdown.
//! - [`docs`] renders the rule reference pages (`docs/rules/*.md`) from the registry.
//!
//! Severity model: see [`Severity`]. Rules that are noisy for a learner's first manifest
//! (security-context hardening, digest pinning, …) are opt-in (`default_enabled: false`) and run
//! with [`Config::all`] or when named in [`Config::enable`].

mod diagnostic;
pub mod docs;
mod edit;
mod registry;
mod util;
mod workspace;

mod api;
mod meta;
mod pdb;
mod pod;
mod pvc;
mod schema_rules;
mod sec;
mod sts;
mod svc;
mod upd;
mod wkl;
mod yaml_rules;

pub use diagnostic::{apply_edits, Diagnostic, Fix, Related, Severity, TextEdit, Tier};
pub use registry::{lookup, registry, RuleInfo, Status};
pub use workspace::SourceFile;

use crate::apiserver::ServerVersion;
use crate::yaml::TextRange;
use registry::Check;
use workspace::{ParsedFile, Workspace};

/// Which rules run.
///
/// Entries of [`enable`](Config::enable) and [`disable`](Config::disable) are rule codes
/// (`STS001`), names (`selector-mismatch`), code prefixes (`SEC`, `POD0`) or `ALL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Rules to run besides the default set (opt-in and preview rules).
    pub enable: Vec<String>,
    /// Rules not to run; wins over `enable`.
    pub disable: Vec<String>,
    /// The API server whose validation the API rules report (v1.33 validates neither the pod
    /// template nor the claim templates of a StatefulSet; v1.35 by default).
    pub server_version: ServerVersion,
}

impl Default for Config {
    fn default() -> Config {
        Config { enable: Vec::new(), disable: Vec::new(), server_version: ServerVersion::V1_35 }
    }
}

impl Config {
    /// Every rule, opt-in ones included.
    pub fn all() -> Config {
        Config { enable: vec!["ALL".into()], ..Config::default() }
    }

    fn names(list: &[String], rule: &RuleInfo) -> bool {
        list.iter().any(|s| {
            let s = s.trim();
            s.eq_ignore_ascii_case("ALL")
                || s.eq_ignore_ascii_case(rule.code)
                || s == rule.name
                || (!s.is_empty() && rule.code.len() > s.len() && rule.code.to_ascii_uppercase().starts_with(&s.to_ascii_uppercase()))
        })
    }

    /// Whether `rule` runs under this configuration.
    pub fn is_enabled(&self, rule: &RuleInfo) -> bool {
        if rule.status == Status::Removed || Config::names(&self.disable, rule) {
            return false;
        }
        (rule.default_enabled && rule.status == Status::Stable) || Config::names(&self.enable, rule)
    }

    /// Entries of `enable` and `disable` that name no rule (for a usage error).
    pub fn unknown_selectors(&self) -> Vec<String> {
        self.enable
            .iter()
            .chain(&self.disable)
            .filter(|s| !registry().iter().any(|r| Config::names(std::slice::from_ref(s), r)))
            .cloned()
            .collect()
    }
}

/// Collects the findings of the rule that is running.
pub(crate) struct Sink {
    rule: Option<&'static RuleInfo>,
    out: Vec<Diagnostic>,
}

impl Sink {
    fn new() -> Sink {
        Sink { rule: None, out: Vec::new() }
    }

    /// Reports a finding of the running rule; returns it to add help, a fix or related places.
    pub(crate) fn report(&mut self, file: usize, range: TextRange, path: impl ToString, message: impl Into<String>) -> &mut Diagnostic {
        let rule = self.rule.expect("a rule is running");
        self.push(rule, file, range, path.to_string(), message.into())
    }

    /// Reports a finding of a given rule (for engine-emitted findings).
    pub(crate) fn push(&mut self, rule: &'static RuleInfo, file: usize, range: TextRange, path: String, message: String) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.default_severity,
            tier: rule.tier,
            message,
            file,
            range,
            path,
            help: None,
            fix: None,
            related: Vec::new(),
            api_error: None,
        });
        self.out.last_mut().expect("just pushed")
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        // A schema finding at the very place a semantic rule reports is the same mistake told
        // twice; the semantic rule says more (the server's own message, a fix).
        let semantic: std::collections::HashSet<(usize, TextRange)> =
            self.out.iter().filter(|d| !d.code.starts_with("SCH")).map(|d| (d.file, d.range)).collect();
        self.out.retain(|d| !d.code.starts_with("SCH") || !semantic.contains(&(d.file, d.range)));
        self.out.sort_by(|a, b| (a.file, a.range.start, a.range.end, a.code).cmp(&(b.file, b.range.start, b.range.end, b.code)));
        self.out.dedup_by(|a, b| a.code == b.code && a.file == b.file && a.range == b.range && a.message == b.message);
        self.out
    }
}

/// Lints files together with the default rules. See the module docs.
pub fn check(files: &[SourceFile]) -> Vec<Diagnostic> {
    check_with(files, &Config::default())
}

/// Lints files together with the rules `config` enables.
pub fn check_with(files: &[SourceFile], config: &Config) -> Vec<Diagnostic> {
    let mut steps = Steps::new(files, config.clone());
    steps.run_while(|| true);
    steps.finish()
}

/// [`check_with`] a few rules at a time, for a caller that must not stay busy long (the web
/// page's first analysis runs behind its shell in short tasks). Each [`Steps::run_while`]
/// reads the files again, so a step costs a parse besides its rules; the findings are those of
/// [`check_with`], in the same order. It borrows the files ([`check_with`]) or owns them (a
/// caller that runs its steps from timers).
pub struct Steps<'f> {
    files: std::borrow::Cow<'f, [SourceFile]>,
    config: Config,
    next: usize,
    sink: Sink,
}

impl<'f> Steps<'f> {
    /// Nothing run yet.
    pub fn new(files: impl Into<std::borrow::Cow<'f, [SourceFile]>>, config: Config) -> Steps<'f> {
        Steps { files: files.into(), config, next: 0, sink: Sink::new() }
    }

    /// Runs the next rules of the registry, one at least, then more while `more()` says so
    /// (asked before each); returns whether some are left.
    pub fn run_while(&mut self, mut more: impl FnMut() -> bool) -> bool {
        let registry = registry();
        if self.next < registry.len() {
            let parsed: Vec<ParsedFile<'_>> = self.files.iter().map(ParsedFile::new).collect();
            let mut ws = Workspace::new(&parsed);
            ws.api.version = self.config.server_version;
            loop {
                let rule = registry[self.next];
                if let (true, Check::Files(run)) = (self.config.is_enabled(rule), rule.check) {
                    self.sink.rule = Some(rule);
                    run(&ws, &mut self.sink);
                }
                self.next += 1;
                if self.next == registry.len() || !more() {
                    break;
                }
            }
        }
        self.next < registry.len()
    }

    /// The findings of the rules run.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.sink.finish()
    }
}

/// Compares the last applied files (`old`) with an edit (`new`) and reports changes the API
/// server forbids (immutable StatefulSet and Service fields) and update-time traps. The
/// findings point into `new` (file indices of `new`), with the old value as a related place
/// when it is in a file of the same index.
pub fn check_update(old: &[SourceFile], new: &[SourceFile]) -> Vec<Diagnostic> {
    check_update_with(old, new, &Config::default())
}

/// [`check_update`] with a [`Config`].
pub fn check_update_with(old: &[SourceFile], new: &[SourceFile], config: &Config) -> Vec<Diagnostic> {
    let old_parsed: Vec<ParsedFile<'_>> = old.iter().map(ParsedFile::new).collect();
    let new_parsed: Vec<ParsedFile<'_>> = new.iter().map(ParsedFile::new).collect();
    let mut old_ws = Workspace::new(&old_parsed);
    let mut new_ws = Workspace::new(&new_parsed);
    old_ws.api.version = config.server_version;
    new_ws.api.version = config.server_version;
    let mut sink = Sink::new();
    for rule in registry() {
        if !config.is_enabled(rule) {
            continue;
        }
        if let Check::Update(run) = rule.check {
            sink.rule = Some(rule);
            run(&old_ws, &new_ws, &mut sink);
        }
    }
    sink.finish()
}
