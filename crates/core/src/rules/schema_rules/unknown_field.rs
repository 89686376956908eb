//! SCH002: a field the type does not have.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH002",
    name: "unknown-field",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "unknown field `{key}`: did you mean `{field}`?",
    checks_md_id: Some("SS-03"),
    other_tools: &[("kubeconform", "-strict"), ("Monokle", "K8S004"), ("yaml-language-server", "(strict schema)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(
        ws,
        sink,
        |k| matches!(k, SchemaIssueKind::UnknownField { .. }),
        "The replacement is the field of this type closest to what was written; check that it means what you intended.",
    );
}
