//! SEC008: a container whose root file system is writable (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::database_kind;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

use super::security_context::container_bool;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC008",
    name: "root-filesystem-writable",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} can write to its root file system: set `readOnlyRootFilesystem: true` and mount what must be writable",
    checks_md_id: Some("SS-64"),
    other_tools: &[
        ("kube-linter", "no-read-only-root-fs"),
        ("Polaris", "notReadOnlyRootFilesystem"),
        ("Checkov", "CKV_K8S_22"),
        ("kube-score", "container-security-context-readonlyrootfilesystem"),
        ("Kubescape", "C-0017"),
        ("KICS", "Root Container Not Mounted As Read-only"),
        ("Trivy", "KSV014"),
        ("Datree", "CONTAINERS_INCORRECT_READONLYROOTFILESYSTEM_VALUE"),
        ("kubesec", "ReadOnlyRootFilesystem"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let explicit = container_bool(&c, "readOnlyRootFilesystem");
            if explicit.as_ref().is_some_and(|(_, _, v)| *v) {
                continue;
            }
            let range = explicit.as_ref().map(|(_, n, _)| n.range).unwrap_or_else(|| c.anchor());
            let d = sink.report(
                obj.file,
                range,
                c.path.key("securityContext").key("readOnlyRootFilesystem"),
                format!("{} can write to its root file system: set `readOnlyRootFilesystem: true` and mount what must be writable", c.label()),
            );
            d.help = Some(if c.image().is_some_and(|i| database_kind(i).is_some()) {
                "keep the data on its claim and add `emptyDir` volumes for the sockets and temporary files (`/var/run/postgresql`, `/tmp`)".into()
            } else {
                "add `emptyDir` volumes for the directories the program writes".into()
            });
        }
    }
}
