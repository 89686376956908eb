//! SCH007: a string outside the field's enumeration.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH007",
    name: "unsupported-value",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "unsupported value `{value}`: supported values are {values}",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "(schema: enum)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::UnsupportedValue { .. }), "The replacement is the accepted value closest to what was written.");
}
