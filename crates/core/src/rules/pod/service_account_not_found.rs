//! POD018: `serviceAccountName` names a ServiceAccount that the files given do not define.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD018",
    name: "service-account-not-found",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "no ServiceAccount `{name}` in the files given: the pods are not created (`FailedCreate`)",
    checks_md_id: Some("SS-31"),
    other_tools: &[("kube-linter", "non-existent-service-account"), ("Kubescape", "C-0307")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    if ws.of_kind("ServiceAccount").next().is_none() {
        return;
    }
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let Some((key, node)) = ["serviceAccountName", "serviceAccount"].into_iter().find_map(|k| t.spec.get(k).map(|n| (k, n))) else { continue };
        let Some(name) = node.as_str().filter(|n| !n.is_empty() && *n != "default") else { continue };
        if ws.find_named("ServiceAccount", name, obj).next().is_some() {
            continue;
        }
        let d = sink.report(obj.file, node.range, t.spec_path.key(key), format!("no ServiceAccount `{name}` in the files given: the pods are not created (`FailedCreate`)"));
        let known: Vec<&str> = ws.of_kind("ServiceAccount").filter(|(_, sa)| ws.same_namespace(sa, obj)).filter_map(|(_, sa)| sa.name).collect();
        d.help = Some(match did_you_mean(name, known.iter().copied()) {
            Some(g) => format!("did you mean `{g}`?"),
            None => "add the ServiceAccount in the pods' namespace, or fix the name".into(),
        });
    }
}
