//! META002: the recommended `app.kubernetes.io/*` labels are missing or disagree with the
//! object's name (opt-in).

use crate::rules::edit::{append_entry, is_flow, yaml_string};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "META002",
    name: "recommended-labels",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the {workload} has no `app.kubernetes.io/name` label | has `app.kubernetes.io/name` but no `app.kubernetes.io/instance` label: two installations of the app cannot be told apart | the `app.kubernetes.io/instance` label of {workload} is `{value}`, which is not its name",
    checks_md_id: Some("SS-77"),
    other_tools: &[("Polaris", "metadataAndInstanceMismatched"), ("Kubescape", "C-0076"), ("Kubescape", "C-0077")],
    check: Check::Files(run),
    ..BASE
};

const KINDS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet"];
const NAME: &str = "app.kubernetes.io/name";
const INSTANCE: &str = "app.kubernetes.io/instance";

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for obj in ws.objects.iter().filter(|o| KINDS.contains(&o.kind)) {
        let Some(object_name) = obj.name else { continue };
        let meta = obj.root.get("metadata");
        let labels = meta.and_then(|m| m.get("labels"));
        let labels_key = meta.and_then(|m| m.entry("labels")).map(|e| e.key.range);
        let name = labels.and_then(|l| l.get(NAME));
        let instance = labels.and_then(|l| l.entry(INSTANCE));
        if let Some(e) = instance {
            let value = e.value.as_str().unwrap_or("");
            if value != object_name && !object_name.starts_with(&format!("{value}-")) {
                sink.report(obj.file, e.value.range, obj.path("metadata.labels").key(INSTANCE), format!("the `{INSTANCE}` label of {} is `{value}`, which is not its name", obj.label())).help =
                    Some(format!("set it to `{object_name}`, or to the installation the object belongs to"));
            }
            continue;
        }
        let (range, _) = obj.anchor();
        let range = labels_key.unwrap_or(range);
        if name.is_none() {
            sink.report(obj.file, range, obj.path("metadata.labels").key(NAME), format!("the {} has no `{NAME}` label", obj.label())).help =
                Some(format!("label it with the application's name (`{NAME}: postgresql`) and the installation's (`{INSTANCE}: {object_name}`)"));
            continue;
        }
        let d = sink.report(obj.file, range, obj.path("metadata.labels").key(INSTANCE), format!("the {} has `{NAME}` but no `{INSTANCE}` label: two installations of the app cannot be told apart", obj.label()));
        let text = ws.text(obj.file);
        if let Some(edit) = labels.filter(|l| !is_flow(text, l)).and_then(|l| append_entry(obj.file, text, l, &format!("{INSTANCE}: {}", yaml_string(object_name)))) {
            d.fix = Some(Fix {
                title: format!("add `{INSTANCE}: {object_name}`"),
                explanation: "The label goes on the workload's own metadata, not on its pods, so selectors are unaffected.".into(),
                edits: vec![edit],
            });
        }
    }
}
