//! SCH006: a field the API requires is absent.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH006",
    name: "missing-required-field",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "missing required field `{field}`",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "(schema: required)"), ("Monokle", "K8S001")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::MissingField), "");
}
