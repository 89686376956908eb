//! POD024: a container's command runs a program its image does not have.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::sim::init;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD024",
    name: "program-not-in-image",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "{container} runs `{program}`, which `{image}` does not have: {consequence}",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            let Some(image) = c.image() else { continue };
            let words = |key: &str| -> Option<Vec<(String, crate::yaml::TextRange)>> {
                let items = c.node.get(key)?.items()?;
                items.iter().map(|n| n.as_str().map(|s| (s.to_owned(), n.range))).collect()
            };
            let (command, args) = (words("command").unwrap_or_default(), words("args").unwrap_or_default());
            let argv: Vec<String> = command.iter().chain(&args).map(|(w, _)| w.clone()).collect();
            let ranges: Vec<crate::yaml::TextRange> = command.iter().chain(&args).map(|(_, r)| *r).collect();
            for (program, in_script) in init::missing_programs(image, &argv) {
                let (i, consequence) = if in_script {
                    (2, format!("the shell prints `sh: {program}: not found` and the script exits 127"))
                } else {
                    (0, "the container cannot start (RunContainerError, exit code 128)".to_owned())
                };
                let Some(range) = ranges.get(i).copied() else { continue };
                let path = if i < command.len() { c.path.key("command").index(i) } else { c.path.key("args").index(i - command.len()) };
                let stage = if c.init { " (an init container: the pod never initializes)" } else { "" };
                let finding = sink.report(ws.objects[t.object].file, range, path, format!("{} runs `{program}`, which `{image}` does not have: {consequence}{stage}", c.label()));
                finding.help = Some(if program == "bash" {
                    "busybox and alpine have `sh`, not `bash`: use `sh -c`".into()
                } else {
                    format!("check the spelling of `{program}`, or use an image that has it")
                });
            }
        }
    }
}
