//! SCH004: `apiVersion` or `kind` is missing.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH004",
    name: "missing-api-version-or-kind",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "missing `apiVersion` | missing `kind`",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "missing 'kind' key"), ("Monokle", "K8S001")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::MissingApiVersion | SchemaIssueKind::MissingKind), "");
}
