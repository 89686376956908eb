//! PVC014: postgres runs as a user that cannot create `PGDATA` on a fresh volume.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::path_under;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC014",
    name: "pgdata-not-writable",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "postgres runs as uid {uid} with `PGDATA` (`{dir}`) on a volume whose root belongs to root: the entrypoint cannot create it",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let pod_ctx = t.spec.get("securityContext");
        if pod_ctx.and_then(|s| s.get("fsGroup")).is_some() {
            continue;
        }
        let uid_of = |n: Option<&crate::yaml::Node>| n.and_then(|n| n.as_str()).and_then(|s| s.parse::<u64>().ok());
        let inits: Vec<String> = t
            .containers()
            .into_iter()
            .filter(|c| c.init)
            .map(|c| ["command", "args"].iter().filter_map(|k| c.node.get(k).and_then(|n| n.items())).flatten().filter_map(|n| n.as_str()).collect::<Vec<_>>().join(" "))
            .collect();
        for c in t.app_containers() {
            let Some((dir, _)) = super::pgdata_is_mount_root::pgdata(&c) else { continue };
            let own = c.node.get("securityContext").and_then(|s| s.get("runAsUser"));
            let pod = pod_ctx.and_then(|s| s.get("runAsUser"));
            let Some((node, uid)) = own.and_then(|n| uid_of(Some(n)).map(|u| (n, u))).or_else(|| pod.and_then(|n| uid_of(Some(n)).map(|u| (n, u)))) else { continue };
            if uid == 0 {
                continue;
            }
            let mounts = c.mounts();
            let paths = super::mount_paths(&mounts);
            // PGDATA below a mount root: the entrypoint must create it there
            let Some((_, _, mount, _)) = paths.iter().filter(|(_, _, m, _)| path_under(&dir, m) && dir.trim_end_matches('/') != m.trim_end_matches('/')).max_by_key(|(_, _, m, _)| m.len()) else { continue };
            let given = inits.iter().any(|cmd| cmd.contains("chown") && cmd.contains(&format!("{uid}")) && cmd.contains(mount.trim_end_matches('/')));
            if given {
                continue;
            }
            let path = if own.is_some() { c.path.key("securityContext").key("runAsUser") } else { t.spec_path.key("securityContext").key("runAsUser") };
            let message = format!("postgres runs as uid {uid} with `PGDATA` (`{dir}`) on a volume whose root belongs to root: the entrypoint cannot create it, and exits 1 at every start");
            sink.report(ws.objects[t.object].file, node.range, path, message).help = Some(format!("set the pod's `securityContext.fsGroup: {uid}`, or chown `{mount}` to {uid} in an init container running as root"));
        }
    }
}
