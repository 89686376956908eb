//! POD015: the same env var is defined twice in one container.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD015",
    name: "duplicate-env-var",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "env var `{name}` is defined twice in {container}; the last definition wins",
    checks_md_id: Some("SS-30"),
    other_tools: &[("kube-linter", "duplicate-env-var"), ("kube-score", "environment-variable-key-duplication"), ("Kubescape", "C-0295")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let env = c.env();
            for (i, (path, item)) in env.iter().enumerate() {
                let Some(name_node) = item.get("name") else { continue };
                let Some(name) = name_node.as_str() else { continue };
                let Some((_, first)) = env[..i].iter().find(|(_, e)| e.get_str("name") == Some(name)) else { continue };
                let d = sink.report(obj.file, name_node.range, path.key("name"), format!("env var `{name}` is defined twice in {}; the last definition wins", c.label()));
                if let Some(f) = first.get("name") {
                    d.related.push(Related { file: obj.file, range: f.range, message: "first defined here; this definition is ignored".into() });
                }
            }
        }
    }
}
