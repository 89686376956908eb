//! SCH008: a string that is not a resource quantity.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH008",
    name: "invalid-quantity",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{value}` is not a quantity",
    checks_md_id: Some("SS-20"),
    other_tools: &[("kubeconform", "(schema: quantity pattern)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::InvalidQuantity), "This is the quantity the text most likely meant, in the syntax Kubernetes accepts.");
}
