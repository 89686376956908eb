//! PVC012: PostgreSQL's data directory is the root of a mounted volume.

use crate::rules::edit::yaml_string;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{database_kind, Database};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC012",
    name: "pgdata-is-mount-root",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`PGDATA` is the root of volume `{volume}`: initdb fails on its `lost+found` directory",
    checks_md_id: Some("SS-22"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

/// The data directory of a PostgreSQL container: `PGDATA` when set, else the official image's
/// default. `None` when neither is known.
pub(crate) fn pgdata<'a>(c: &crate::rules::workspace::Container<'a>) -> Option<(String, Option<(crate::yaml::Path, &'a crate::yaml::Node)>)> {
    let image = c.image()?;
    let kind = database_kind(image)?;
    // A `command` other than the image's entrypoint or the server runs a client (`pg_dump` in
    // a backup job, `psql`, a shell): no database lives in that container.
    if let Some(first) = c.node.get("command").and_then(|n| n.items()).and_then(|i| i.first()).and_then(|n| n.as_str()) {
        let program = first.rsplit('/').next().unwrap_or(first);
        if !matches!(program, "docker-entrypoint.sh" | "postgres" | "postmaster") {
            return None;
        }
    }
    if let Some((path, node)) = c.env_value("PGDATA") {
        if matches!(kind, Database::PostgresOfficial | Database::PostgresOther) {
            return Some((node.as_str()?.to_owned(), Some((path, node))));
        }
    }
    if kind != Database::PostgresOfficial {
        return None;
    }
    let major = crate::rules::util::ImageRef::parse(image).major_version();
    let default = match major {
        Some(m) if m >= 18 => format!("/var/lib/postgresql/{m}/docker"),
        _ => "/var/lib/postgresql/data".to_owned(),
    };
    Some((default, None))
}

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let Some((dir, env)) = pgdata(&c) else { continue };
            let mounts = c.mounts();
            for (name, sub_path, mount_path, _) in super::mount_paths(&mounts) {
                if sub_path.is_some() || mount_path.trim_end_matches('/') != dir.trim_end_matches('/') {
                    continue;
                }
                let (range, path) = match &env {
                    Some((p, node)) => (node.range, p.clone()),
                    None => (c.anchor(), c.path.key("env")),
                };
                let message = if env.is_some() {
                    format!("`PGDATA` is the root of volume `{name}`: initdb fails on its `lost+found` directory")
                } else {
                    format!("{}'s default data directory `{dir}` is the root of volume `{name}`: initdb fails on its `lost+found` directory", c.label())
                };
                let d = sink.report(obj.file, range, path, message);
                d.help = Some(format!("set `PGDATA` to a subdirectory, such as `{}/pgdata`", dir.trim_end_matches('/')));
                if let Some((_, node)) = &env {
                    let new = format!("{}/pgdata", dir.trim_end_matches('/'));
                    d.fix = Some(Fix {
                        title: format!("set `PGDATA` to `{new}`"),
                        explanation: "A subdirectory of the mount is empty on first start, so initdb can create the cluster there; existing data in the old location must be moved by hand.".into(),
                        edits: vec![TextEdit { file: obj.file, range: node.range, replacement: yaml_string(&new) }],
                    });
                }
            }
        }
    }
}
