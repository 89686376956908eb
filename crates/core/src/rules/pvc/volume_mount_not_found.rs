//! PVC001: a volumeMount names no volume and no volumeClaimTemplate.

use crate::rules::edit::yaml_string;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::did_you_mean;
use crate::rules::workspace::{items_with_paths, Workspace};
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC001",
    name: "volume-mount-not-found",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "the mount `{name}` matches no volume and no volumeClaimTemplate",
    checks_md_id: Some("SS-17"),
    other_tools: &[("kubevious", "(volume mount check)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let mut names: Vec<&str> = t.volumes().iter().filter_map(|(_, v)| v.get_str("name")).collect();
        if obj.kind == "StatefulSet" {
            names.extend(
                items_with_paths(obj.at("spec.volumeClaimTemplates"), &obj.path("spec.volumeClaimTemplates"))
                    .iter()
                    .filter_map(|(_, c)| c.get("metadata").and_then(|m| m.get_str("name"))),
            );
        }
        for c in t.containers() {
            for (path, m) in c.mounts() {
                let Some(node) = m.get("name") else { continue };
                let Some(name) = node.as_str() else { continue };
                if names.contains(&name) {
                    continue;
                }
                let server_path = path.key("name");
                let d = sink.report(obj.file, node.range, &server_path, format!("the mount `{name}` matches no volume and no volumeClaimTemplate"));
                d.api_error = Some(format!("{server_path}: Not found: \"{name}\""));
                match did_you_mean(name, names.iter().copied()) {
                    Some(guess) => {
                        d.help = Some(format!("did you mean `{guess}`?"));
                        d.fix = Some(Fix {
                            title: format!("mount `{guess}`"),
                            explanation: format!("`{guess}` is the volume of this pod whose name is closest to `{name}`."),
                            edits: vec![TextEdit { file: obj.file, range: node.range, replacement: yaml_string(guess) }],
                        });
                    }
                    None if names.is_empty() => d.help = Some("add a volumeClaimTemplate (or a volume) with this name".into()),
                    None => d.help = Some(format!("the pod's volumes are {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))),
                }
            }
        }
    }
}
