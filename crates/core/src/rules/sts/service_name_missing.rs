//! STS003: `spec.serviceName` is missing or empty.

use crate::rules::edit::{append_entry, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::Selector;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS003",
    name: "service-name-missing",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`spec.serviceName` is missing: the pods get no stable DNS names",
    checks_md_id: Some("SS-09"),
    other_tools: &[("kube-score", "statefulset-has-servicename"), ("KICS", "bb241e61 StatefulSets Without Service Name")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let obj = sts.obj;
        let Some(spec) = obj.root.get("spec").filter(|s| s.entries().is_some()) else { continue };
        let entry = spec.entry("serviceName");
        let (range, message) = match entry {
            Some(e) if e.value.as_str().is_some_and(|s| !s.is_empty()) => continue,
            Some(e) => (e.value.range, "`spec.serviceName` is empty: the pods get no stable DNS names"),
            None => (obj.anchor().0, "`spec.serviceName` is missing: the pods get no stable DNS names"),
        };
        let labels = super::pod_labels(&sts);
        // a headless Service that already selects these pods is the obvious choice
        let candidates: Vec<&str> = ws
            .of_kind("Service")
            .filter(|(_, svc)| ws.same_namespace(svc, obj))
            .filter(|(_, svc)| svc.at("spec.clusterIP").and_then(|c| c.as_str()) == Some("None"))
            .filter(|(_, svc)| svc.at("spec.selector").and_then(Selector::from_map).is_some_and(|s| !s.is_empty() && s.matches(&labels)))
            .filter_map(|(_, svc)| svc.name)
            .collect();
        let d = sink.report(obj.file, range, obj.path("spec.serviceName"), message);
        d.help = Some("set it to the name of a headless Service (`clusterIP: None`) that selects these pods".into());
        if let [name] = candidates.as_slice() {
            let text = ws.text(obj.file);
            let edit = match entry {
                Some(e) => Some(TextEdit { file: obj.file, range: e.value.range, replacement: yaml_string(name) }),
                None => append_entry(obj.file, text, spec, &format!("serviceName: {}", yaml_string(name))),
            };
            if let Some(edit) = edit {
                d.fix = Some(Fix {
                    title: format!("set `serviceName: {name}`"),
                    explanation: format!("`{name}` is the only headless Service in the files that selects these pods."),
                    edits: vec![edit],
                });
            }
        }
    }
}
