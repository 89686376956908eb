//! The one list of lesson files (and of challenge files) compiled in. `tests/lessons_tidy.rs` fails when a file under
//! `content/lessons/` is missing here; a listed file that does not exist fails to compile.

macro_rules! files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../content/", $path)))),*]
    };
}

/// Path under `content/` and text of every lesson file, in lesson order.
pub(crate) const FILES: &[(&str, &str)] = files![
    "lessons/01-what-is-a-statefulset.md",
    "lessons/02-headless-service.md",
    "lessons/03-ordered-creation.md",
    "lessons/04-deletion-and-recovery.md",
    "lessons/05-scaling.md",
    "lessons/06-rolling-updates.md",
    "lessons/07-best-practices.md",
    "lessons/08-debugging.md",
    "lessons/09-production-checklist.md",
    "lessons/10-key-takeaways.md",
    "lessons/11-node-failure.md",
    "lessons/12-maintenance.md",
    "lessons/13-practices-broken-and-fixed.md",
    "lessons/14-backup-and-restore.md",
];

/// Path under `content/` and text of every "fix it" challenge file, in order.
pub(crate) const CHALLENGES: &[(&str, &str)] = files![
    "challenges/01-unreachable-replica.md",
    "challenges/02-drain-hangs.md",
    "challenges/03-restore-is-empty.md",
    "challenges/04-create-container-config-error.md",
    "challenges/05-pending-forever.md",
    "challenges/06-init-crash-loop.md",
    "challenges/07-restarts-after-power-cut.md",
    "challenges/08-fresh-install-never-starts.md",
    "challenges/09-pending-after-maintenance.md",
];
