//! API001: invalid-name (the API server rejects this).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "API001",
    name: "invalid-name",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`metadata.name`: Invalid value: \"{name}\": {reason}",
    checks_md_id: Some("SS-06"),
    other_tools: &[("Datree", "RESOURCE_MISSING_NAME"), ("KICS", "Metadata Label Is Invalid")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, RULE.code);
}
