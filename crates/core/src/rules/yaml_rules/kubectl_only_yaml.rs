//! YAML003: text that kubectl reads but strict YAML 1.2 parsers refuse.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "YAML003",
    name: "kubectl-only-yaml",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{what}: kubectl reads it, strict YAML 1.2 parsers refuse it",
    checks_md_id: None,
    other_tools: &[("yamllint", "syntax"), ("yaml-language-server", "(syntax)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (file, parsed) in ws.files.iter().enumerate() {
        let Some((first, rest)) = parsed.parse.lenient.split_first() else { continue };
        let more = match rest.len() {
            0 => String::new(),
            1 => " (and at 1 more place)".to_owned(),
            n => format!(" (and at {n} more places)"),
        };
        let d = sink.report(file, first.range, "", format!("{}{more}", first.message));
        d.related = rest.iter().map(|l| Related { file, range: l.range, message: l.message.clone() }).collect();
        d.help = Some("indent every line of a quoted value deeper than its key, and write a space, not a tab, after `:`".into());
    }
}
