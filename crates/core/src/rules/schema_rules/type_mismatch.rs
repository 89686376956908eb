//! SCH001: a value has the wrong type.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH001",
    name: "type-mismatch",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "expected {type}, found {type}",
    checks_md_id: Some("SS-02"),
    other_tools: &[("kubeconform", "(schema)"), ("kube-linter", "schema-validation"), ("Monokle", "K8S001"), ("Datree", "(schema validation)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(
        ws,
        sink,
        |k| matches!(k, SchemaIssueKind::TypeMismatch { .. } | SchemaIssueKind::NonStringKey | SchemaIssueKind::NotAnObject),
        "The API decodes this field as the type shown; the replacement is the same value written in that type.",
    );
}
