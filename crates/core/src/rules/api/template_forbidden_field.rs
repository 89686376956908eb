//! API006: template-forbidden-field (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API006",
    name: "template-forbidden-field",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`spec.template.spec.restartPolicy`: Unsupported value: … | `activeDeadlineSeconds`: Forbidden",
    checks_md_id: Some("SS-45"),
    other_tools: &[("kube-linter", "restart-policy"), ("Datree", "WORKLOAD_INCORRECT_RESTARTPOLICY_VALUE_ALWAYS")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
