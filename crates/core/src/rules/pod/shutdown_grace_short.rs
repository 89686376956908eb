//! POD010: a database with little time to shut down cleanly (opt-in).

use crate::rules::edit::{append_entry, is_flow, set_scalar};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{database_kind, int_of, ImageRef};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD010",
    name: "shutdown-grace-short",
    tier: Tier::T3,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} runs `{image}` with {n} s to shut down and no `preStop` hook: a slow shutdown ends in SIGKILL and crash recovery | `terminationGracePeriodSeconds: 0` kills the database without a clean shutdown",
    checks_md_id: Some("SS-44"),
    other_tools: &[("Datree", "CONTAINERS_MISSING_PRESTOP_KEY")],
    check: Check::Files(run),
    ..BASE
};

/// The API's default grace period.
const DEFAULT_GRACE_SECONDS: i64 = 30;
/// What the fix sets.
const FIX_GRACE_SECONDS: i64 = 60;

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        let grace_node = t.spec.get("terminationGracePeriodSeconds");
        let grace = grace_node.and_then(int_of).unwrap_or(DEFAULT_GRACE_SECONDS);
        if grace > DEFAULT_GRACE_SECONDS {
            continue;
        }
        for c in t.app_containers() {
            let Some(image) = c.image().filter(|i| database_kind(i).is_some()) else { continue };
            let has_pre_stop = c.node.get("lifecycle").and_then(|l| l.get("preStop")).is_some_and(|p| !p.is_null());
            if has_pre_stop && grace > 0 {
                continue;
            }
            let short = ImageRef::parse(image).short_name();
            let (range, message) = match grace_node {
                Some(n) if grace == 0 => (n.range, "`terminationGracePeriodSeconds: 0` kills the database without a clean shutdown".to_owned()),
                Some(n) => (n.range, format!("{} runs `{short}` with {grace} s to shut down and no `preStop` hook: a slow shutdown ends in SIGKILL and crash recovery", c.label())),
                None => (c.anchor(), format!("{} runs `{short}` with {grace} s (the default) to shut down and no `preStop` hook: a slow shutdown ends in SIGKILL and crash recovery", c.label())),
            };
            let d = sink.report(obj.file, range, t.spec_path.key("terminationGracePeriodSeconds"), message);
            if grace == 0 {
                d.severity = Severity::Warning;
            }
            d.help = Some("give the pod time to stop (`terminationGracePeriodSeconds: 60` or more) and ask for a fast shutdown in a `preStop` hook".into());
            let text = ws.text(obj.file);
            let edit = if is_flow(text, t.spec) {
                None
            } else if grace_node.is_some() {
                set_scalar(obj.file, text, t.spec, "terminationGracePeriodSeconds", &FIX_GRACE_SECONDS.to_string())
            } else {
                append_entry(obj.file, text, t.spec, &format!("terminationGracePeriodSeconds: {FIX_GRACE_SECONDS}"))
            };
            if let Some(edit) = edit {
                d.fix = Some(Fix {
                    title: format!("set `terminationGracePeriodSeconds: {FIX_GRACE_SECONDS}`"),
                    explanation: "The kubelet waits up to a minute after SIGTERM before it kills the container; a database that stops sooner ends sooner. Raise it for large data sets.".into(),
                    edits: vec![edit],
                });
            }
            break; // one finding per pod: the grace period is the pod's
        }
    }
}
