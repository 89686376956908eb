//! POD027: a CPU or memory quantity that Kubernetes accepts but that is almost surely a slip
//! of the unit: `cpu: 500` (five hundred CPUs, meant `500m`), `memory: 512` (512 bytes,
//! meant `512Mi`).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::scalar_text;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD027",
    name: "resource-quantity-suspect",
    tier: Tier::T2,
    default_severity: Severity::Error,
    summary: "{container}: `{resource}: {value}` is {meaning}: did you mean `{fixed}`?",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

/// A bare CPU count from which on a missing `m` is assumed.
const CPU_SUSPECT_FROM: u64 = 100;
/// A bare memory size below which a missing unit is assumed.
const MEMORY_SUSPECT_BELOW: u64 = 1024 * 1024;

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            let Some(resources) = c.node.get("resources") else { continue };
            for kind in ["requests", "limits"] {
                for resource in ["cpu", "memory"] {
                    let Some(node) = resources.get(kind).and_then(|m| m.get(resource)) else { continue };
                    let Some(text) = scalar_text(node) else { continue };
                    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    let Ok(n) = text.parse::<u64>() else { continue };
                    let (meaning, fixed) = match resource {
                        "cpu" if n >= CPU_SUSPECT_FROM => (format!("{n} CPUs, more than any node has"), format!("{n}m")),
                        "memory" if n > 0 && n < MEMORY_SUSPECT_BELOW => (format!("{n} bytes"), format!("{n}Mi")),
                        _ => continue,
                    };
                    let consequence = match (resource, kind) {
                        ("cpu", _) => "the pod can never be scheduled",
                        (_, "requests") => "a request that small reserves nothing",
                        _ => "the container is killed as it starts",
                    };
                    let path = c.path.key("resources").key(kind).key(resource);
                    let d = sink.report(ws.objects[t.object].file, node.range, path, format!("{}: `{resource}: {text}` is {meaning}: did you mean `{fixed}`?", c.label()));
                    d.help = Some(format!("a number with no unit counts whole CPUs and bytes; {consequence}"));
                    d.fix = Some(Fix {
                        title: format!("use `{fixed}`"),
                        explanation: if resource == "cpu" { "`m` counts thousandths of a CPU: `500m` is half of one.".into() } else { "`Mi` counts mebibytes: `512Mi` is 512 × 1,048,576 bytes.".into() },
                        edits: vec![TextEdit { file: ws.objects[t.object].file, range: node.range, replacement: fixed }],
                    });
                }
            }
        }
    }
}
