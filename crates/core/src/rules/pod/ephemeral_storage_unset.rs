//! POD014: no `ephemeral-storage` request or limit (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD014",
    name: "ephemeral-storage-unset",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} sets no `ephemeral-storage` request or limit: its logs and scratch files can fill the node's disk",
    checks_md_id: Some("SS-51"),
    other_tools: &[("kube-score", "container-ephemeral-storage-request-and-limit")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let resources = c.node.entry("resources");
            let set = |k: &str| resources.and_then(|r| r.value.get(k)).and_then(|m| m.get("ephemeral-storage")).is_some();
            if set("requests") || set("limits") {
                continue;
            }
            let range = resources.map(|r| r.key.range).unwrap_or_else(|| c.anchor());
            sink.report(obj.file, range, c.path.key("resources"), format!("{} sets no `ephemeral-storage` request or limit: its logs and scratch files can fill the node's disk", c.label())).help =
                Some("request what the container writes outside its volumes, and limit it".into());
        }
    }
}
