//! PVC013: PostgreSQL's data directory is on no volume.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::path_under;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC013",
    name: "pgdata-not-on-volume",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`PGDATA` (`{dir}`) lies under no volume mount: the database lives on the container's ephemeral disk",
    checks_md_id: Some("SS-22"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let Some((dir, env)) = super::pgdata_is_mount_root::pgdata(&c) else { continue };
            let mounts = c.mounts();
            let paths = super::mount_paths(&mounts);
            if paths.is_empty() || paths.iter().any(|(_, _, mount, _)| path_under(&dir, mount)) {
                continue;
            }
            let (range, path) = match &env {
                Some((p, node)) => (node.range, p.clone()),
                None => (c.anchor(), c.path.key("env")),
            };
            let message = if env.is_some() {
                format!("`PGDATA` (`{dir}`) lies under no volume mount: the database lives on the container's ephemeral disk")
            } else {
                format!("{}'s default data directory `{dir}` lies under no volume mount: the database lives on the container's ephemeral disk", c.label())
            };
            let first = paths[0].2.trim_end_matches('/');
            sink.report(obj.file, range, path, message).help = Some(format!("set `PGDATA` to a subdirectory of a mounted volume, such as `{first}/pgdata`"));
        }
    }
}
