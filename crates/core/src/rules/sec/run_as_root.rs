//! SEC003: a container that may run as root (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{bool_of, int_of};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

use super::security_context::effective;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC003",
    name: "run-as-root",
    tier: Tier::T4,
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "{container} runs as root (`runAsUser: 0`) | may run as root: nothing sets `runAsNonRoot: true` or a non-zero `runAsUser`",
    checks_md_id: Some("SS-62"),
    other_tools: &[
        ("kube-linter", "run-as-non-root"),
        ("Polaris", "runAsRootAllowed"),
        ("Checkov", "CKV_K8S_23"),
        ("Kubescape", "C-0013"),
        ("KICS", "Containers Running As Root"),
        ("Trivy", "KSV012"),
        ("Datree", "CONTAINERS_INCORRECT_RUNASNONROOT_VALUE"),
        ("kubesec", "RunAsNonRoot"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let user = effective(&t, &c, "runAsUser");
            let non_root = effective(&t, &c, "runAsNonRoot");
            match user.as_ref().and_then(|(_, n)| int_of(n)) {
                Some(0) => {
                    let (path, node) = user.expect("just matched");
                    sink.report(obj.file, node.range, path, format!("{} runs as root (`runAsUser: 0`)", c.label())).help = Some("run as the image's unprivileged user (`runAsUser: 999` for postgres)".into());
                    continue;
                }
                Some(_) => continue,
                None => {}
            }
            if non_root.as_ref().and_then(|(_, n)| bool_of(n)) == Some(true) {
                continue;
            }
            let (range, path) = match &non_root {
                Some((p, n)) => (n.range, p.clone()),
                None => (c.anchor(), c.path.key("securityContext").key("runAsNonRoot")),
            };
            sink.report(obj.file, range, path, format!("{} may run as root: nothing sets `runAsNonRoot: true` or a non-zero `runAsUser`", c.label())).help =
                Some("set `runAsNonRoot: true` and the image's unprivileged `runAsUser`".into());
        }
    }
}
