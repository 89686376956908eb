//! POD025: a postgres container's memory limit is below what postgres uses.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::sim::postgres::{memory_when_accepting, SHARED_BUFFERS_BYTES};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD025",
    name: "memory-limit-too-low",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "{container} runs postgres with `limits.memory: {limit}`: {consequence}",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.app_containers() {
            let repo = |i: &str| i.rsplit('/').next().unwrap_or(i).split([':', '@']).next().unwrap_or_default().to_owned();
            if !c.image().is_some_and(|i| repo(i) == "postgres") {
                continue;
            }
            let Some(node) = c.node.get("resources").and_then(|r| r.get("limits")).and_then(|l| l.get("memory")) else { continue };
            let Some(text) = node.as_str() else { continue };
            let mut amount = crate::sim::resources::Amount::default();
            amount.add(text);
            let Ok(limit) = u64::try_from(amount.milli / 1000) else { continue };
            if limit == 0 {
                continue;
            }
            let mib = |b: u64| b.div_ceil(1024 * 1024);
            let (consequence, severity, help) = if limit < memory_when_accepting() {
                (
                    format!("postgres needs about {} MiB once its clients connect, so the container is OOMKilled at every start", mib(memory_when_accepting())),
                    Severity::Error,
                    format!("allow at least {}Mi, and room for shared_buffers (128 MB by default)", mib(memory_when_accepting() + SHARED_BUFFERS_BYTES).next_multiple_of(64)),
                )
            } else if limit < memory_when_accepting() + SHARED_BUFFERS_BYTES {
                (
                    format!("its default shared_buffers (128 MB) do not fit beside its processes and connections (about {} MiB in all): a large write or read gets it OOMKilled", mib(memory_when_accepting() + SHARED_BUFFERS_BYTES)),
                    Severity::Warning,
                    format!("raise the limit to {}Mi or more, or lower shared_buffers", mib(memory_when_accepting() + SHARED_BUFFERS_BYTES).next_multiple_of(64)),
                )
            } else {
                continue;
            };
            let path = c.path.key("resources").key("limits").key("memory");
            let d = sink.report(ws.objects[t.object].file, node.range, path, format!("{} runs postgres with `limits.memory: {text}`: {consequence}", c.label()));
            d.severity = severity;
            d.help = Some(help);
        }
    }
}
