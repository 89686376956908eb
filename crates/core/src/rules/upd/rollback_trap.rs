//! UPD003: a template change under `OrderedReady` and `RollingUpdate`, where a pod that never
//! becomes Ready needs a forced rollback.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{first_difference, int_of};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "UPD003",
    name: "rollback-trap",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "this pod template change rolls out from `{pod}` down, one pod at a time: if `{pod}` never becomes Ready the rollout stops, and reverting the template will not replace it",
    checks_md_id: Some("SS-59"),
    other_tools: &[],
    check: Check::Update(run),
    ..BASE
};

fn run(old: &Workspace<'_>, new: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in new.of_kind("StatefulSet") {
        let Some((_, before)) = old.of_kind("StatefulSet").find(|(_, o)| o.name == obj.name && o.namespace == obj.namespace && o.name.is_some()) else { continue };
        if obj.at("spec.podManagementPolicy").and_then(|n| n.as_str()).is_some_and(|p| p != "OrderedReady") {
            continue;
        }
        if obj.at("spec.updateStrategy.type").and_then(|n| n.as_str()).is_some_and(|t| t != "RollingUpdate") {
            continue;
        }
        let (Some(spec_entry), Some(old_spec)) = (obj.root.get("spec").and_then(|s| s.get("template")).and_then(|t| t.entry("spec")), before.at("spec.template.spec")) else { continue };
        if spec_entry.value.to_json() == old_spec.to_json() {
            continue;
        }
        let replicas = obj.at("spec.replicas").and_then(int_of).unwrap_or(1);
        let start = obj.at("spec.ordinals.start").and_then(int_of).unwrap_or(0);
        let partition = obj.at("spec.updateStrategy.rollingUpdate.partition").and_then(int_of).unwrap_or(0);
        if replicas <= 0 || partition >= replicas {
            continue; // nothing is rolled out
        }
        let name = obj.name.unwrap_or("");
        let first = format!("{name}-{}", start + replicas - 1);
        let (range, path) = first_difference(&spec_entry.value, old_spec, &obj.path("spec.template.spec")).unwrap_or((spec_entry.key.range, obj.path("spec.template.spec")));
        let d = sink.report(
            obj.file,
            range,
            path,
            format!("this pod template change rolls out from `{first}` down, one pod at a time: if `{first}` never becomes Ready the rollout stops, and reverting the template will not replace it"),
        );
        d.help = Some(format!("watch `kubectl rollout status statefulset/{name}`; if it hangs, revert the template and delete the stuck pod (`kubectl delete pod {first}`)"));
    }
}
