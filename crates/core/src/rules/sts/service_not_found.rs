//! STS004: `spec.serviceName` names no Service in the files given.

use crate::rules::edit::yaml_string;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS004",
    name: "service-not-found",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`spec.serviceName` is `{name}`, but no Service of that name is in the files given",
    checks_md_id: Some("SS-10"),
    other_tools: &[("kube-score", "statefulset-has-servicename"), ("KICS", "bb241e61 StatefulSets Without Service Name")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let obj = sts.obj;
        let Some(node) = obj.at("spec.serviceName") else { continue };
        let Some(name) = node.as_str().filter(|s| !s.is_empty()) else { continue };
        if ws.of_kind("Service").any(|(_, svc)| svc.name == Some(name)) {
            continue; // found here, or in another namespace (STS005)
        }
        let names: Vec<&str> = ws.of_kind("Service").filter(|(_, s)| ws.same_namespace(s, obj)).filter_map(|(_, s)| s.name).collect();
        let d = sink.report(obj.file, node.range, obj.path("spec.serviceName"), format!("`spec.serviceName` is `{name}`, but no Service of that name is in the files given"));
        match did_you_mean(name, names.iter().copied()) {
            Some(guess) => {
                d.help = Some(format!("did you mean `{guess}`?"));
                d.fix = Some(Fix {
                    title: format!("use `{guess}`"),
                    explanation: format!("`{guess}` is the Service in these files whose name is closest to `{name}`."),
                    edits: vec![TextEdit { file: obj.file, range: node.range, replacement: yaml_string(guess) }],
                });
            }
            None => d.help = Some("add the headless Service, or lint its file together with this one".into()),
        }
    }
}
