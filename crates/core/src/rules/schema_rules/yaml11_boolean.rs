//! SCH005: `yes`/`no`/`on`/`off` where a string is expected.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH005",
    name: "yaml11-boolean",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{value}` is read as a boolean, but a string is expected",
    checks_md_id: Some("SS-02"),
    other_tools: &[("yamllint", "truthy")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::Yaml11Boolean), "Quoting the word keeps it the string you wrote instead of a YAML 1.1 boolean.");
}
