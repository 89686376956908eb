//! STS008: a StatefulSet name of 53–63 characters passes validation but its pods cannot be
//! created.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS008",
    name: "name-too-long-for-pods",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "the name is {n} characters long: the API accepts it, but every pod is rejected (at most 52 work)",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(node) = obj.at("metadata.name") else { continue };
        let Some(name) = node.as_str() else { continue };
        let n = name.chars().count();
        if !(53..=63).contains(&n) {
            continue;
        }
        let d = sink.report(obj.file, node.range, obj.path("metadata.name"), format!("the name is {n} characters long: the API accepts it, but every pod is rejected (at most 52 work)"));
        d.api_error = Some(format!(
            "Pod \"{name}-0\" is invalid: metadata.labels: Invalid value: \"{name}-<hash>\": must be no more than 63 characters"
        ));
        d.help = Some("shorten the name to 52 characters or fewer (the pod label `controller-revision-hash` is the name plus a hash)".into());
    }
}
