//! WKL001: a database in a Deployment of more than one replica that mounts a ReadWriteOnce
//! claim.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "WKL001",
    name: "database-in-deployment",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "the {replicas} replicas of Deployment `{name}` (`{image}`) share the one ReadWriteOnce claim `{claim}`: one node can attach it, the other replicas hang in ContainerCreating (Multi-Attach), and two servers on one data directory corrupt it",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (index, obj) in ws.of_kind("Deployment") {
        let replicas = super::replicas(obj);
        if replicas < 2 {
            continue;
        }
        let Some(template) = ws.pod_template(index) else { continue };
        let Some((image, _)) = template.app_containers().iter().find_map(|c| c.image().and_then(|i| super::stateful_image(i).map(|s| (i.to_owned(), s)))) else { continue };
        for (_, volume) in template.volumes() {
            let Some(claim_node) = volume.get("persistentVolumeClaim").and_then(|p| p.get("claimName")) else { continue };
            let Some(claim) = claim_node.as_str() else { continue };
            let Some((_, pvc)) = ws.find_named("PersistentVolumeClaim", claim, obj).next() else { continue };
            let modes: Vec<&str> = pvc.at("spec.accessModes").and_then(|m| m.items()).into_iter().flatten().filter_map(|n| n.as_str()).collect();
            if !modes.iter().any(|m| *m == "ReadWriteOnce" || *m == "ReadWriteOncePod") {
                continue;
            }
            let name = obj.name.unwrap_or("");
            let (range, at) = match obj.root.get("spec").and_then(|s| s.entry("replicas")) {
                Some(e) => (e.value.range, obj.path("spec.replicas")),
                None => obj.anchor(),
            };
            let message = format!("the {replicas} replicas of Deployment `{name}` (`{image}`) share the one ReadWriteOnce claim `{claim}`: one node can attach it, the other replicas hang in ContainerCreating (Multi-Attach), and two servers on one data directory corrupt it");
            let d = sink.report(obj.file, range, at, message);
            d.related.push(Related { file: obj.file, range: claim_node.range, message: "every replica mounts this one claim".into() });
            if let Some(m) = pvc.at("spec.accessModes") {
                d.related.push(Related { file: pvc.file, range: m.range, message: format!("`{claim}` attaches to one node at a time") });
            }
            d.help = Some("run it as a StatefulSet: `volumeClaimTemplates` give each replica a claim of its own, `serviceName` a stable name".into());
            let service = super::deployment_needs_stable_names::headless_service_of(ws, obj, &template.label_map()).unwrap_or(name).to_owned();
            d.fix = super::convert_fix(ws, obj, &service);
            break;
        }
    }
}
