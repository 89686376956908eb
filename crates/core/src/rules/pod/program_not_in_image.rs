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
    explanation: r#"## What it does
Reads the `command` and `args` of every container and init container whose image is
`busybox` or `alpine` (images whose programs are busybox's applets, a list the rule knows)
and reports a program the image does not have: the executable of the exec form
(`command: ["bash", "-c", …]`), or the first word of a simple command in an `sh -c` script
(`chwon -R 999:999 /data`). Scripts with loops, conditionals, pipes or substitutions are not
checked word by word. Other images are not checked: the rule cannot know what they contain.

## Why is this bad?
busybox has `sh` (ash), not `bash`, and no program a typo invents. An executable that is not
in the image fails before anything runs: the runtime cannot start the container (runc's
`exec: "bash": executable file not found in $PATH`), the kubelet reports
`RunContainerError` with a `StartError` termination (exit code 128), and restarts it with a
growing back-off. A missing program inside a script is the shell's `sh: NAME: not found`,
exit code 127. In an init container either one holds the pod at `Init:RunContainerError` or
`Init:Error`, then `Init:CrashLoopBackOff`: the database never starts, and under the
default `OrderedReady` policy the StatefulSet creates no further replica.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  initContainers:
  - name: set-permissions
    image: busybox
    command: ["bash", "-c", "chown -R 999:999 /data"]
  containers:
  - name: postgres
    image: postgres:16
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  initContainers:
  - name: set-permissions
    image: busybox
    command: ["sh", "-c", "chown -R 999:999 /data"]
  containers:
  - name: postgres
    image: postgres:16
```

## References
- [Init containers](https://kubernetes.io/docs/concepts/workloads/pods/init-containers/)
- [Debug init containers](https://kubernetes.io/docs/tasks/debug/debug-application/debug-init-containers/)
- [BusyBox: the commands it provides](https://busybox.net/downloads/BusyBox.html)
"#,
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
