//! SCH009: a Secret `data` value that is not base64.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH009",
    name: "invalid-base64",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "this value is not valid base64",
    checks_md_id: Some("SS-02"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::InvalidBase64), "");
}
