//! POD009: a liveness probe that restarts the container after a few seconds of failures.

use crate::rules::edit::{is_flow, set_scalar};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

use super::Probe;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD009",
    name: "liveness-probe-too-strict",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "the `livenessProbe` of {container} restarts it after {n} s of failed checks | after a single failed check | waits {t} s for a check that runs every {p} s",
    checks_md_id: Some("SS-42"),
    other_tools: &[
        ("Datree", "CONTAINERS_INCORRECT_PERIODSECONDS_VALUE"),
        ("Datree", "CONTAINERS_INCORRECT_FAILURETHRESHOLD_VALUE"),
        ("Datree", "CONTAINERS_INCORRECT_TIMEOUTSECONDS_VALUE"),
    ],
    check: Check::Files(run),
    ..BASE
};

/// The shortest failure window the rule accepts, and what the fix aims for.
const MIN_WINDOW_SECONDS: i64 = 10;
const TARGET_WINDOW_SECONDS: i64 = 30;

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let Some(p) = Probe::of(&c, "livenessProbe") else { continue };
            let (period, failures, timeout) = (p.int("periodSeconds"), p.int("failureThreshold"), p.int("timeoutSeconds"));
            if period <= 0 || failures <= 0 {
                continue; // API002 reports values the server rejects
            }
            let window = period * failures;
            let message = if failures == 1 {
                Some(format!("the `livenessProbe` of {} restarts it after a single failed check (`failureThreshold: 1`)", c.label()))
            } else if window < MIN_WINDOW_SECONDS {
                Some(format!("the `livenessProbe` of {} restarts it after {window} s of failed checks (`periodSeconds` × `failureThreshold`)", c.label()))
            } else {
                None
            };
            if let Some(message) = message {
                let range = p.node.get("failureThreshold").or_else(|| p.node.get("periodSeconds")).map(|n| n.range).unwrap_or(p.key.range);
                let d = sink.report(obj.file, range, p.path.key("failureThreshold"), message);
                let needed = ((TARGET_WINDOW_SECONDS + period - 1) / period).max(3);
                d.help = Some(format!("tolerate about {TARGET_WINDOW_SECONDS} s of failures: `failureThreshold: {needed}` with `periodSeconds: {period}`"));
                let text = ws.text(obj.file);
                if !is_flow(text, p.node) {
                    if let Some(edit) = set_scalar(obj.file, text, p.node, "failureThreshold", &needed.to_string()) {
                        d.fix = Some(Fix {
                            title: format!("set `failureThreshold: {needed}`"),
                            explanation: format!("With checks every {period} s, {needed} failures in a row take about {} s: long enough to ride out a pause, short enough to restart a hung process.", needed * period),
                            edits: vec![edit],
                        });
                    }
                }
            }
            if timeout >= period {
                let range = p.node.get("timeoutSeconds").map(|n| n.range).unwrap_or(p.key.range);
                let d = sink.report(obj.file, range, p.path.key("timeoutSeconds"), format!("the `livenessProbe` of {} waits {timeout} s for a check that runs every {period} s: `timeoutSeconds` should be shorter than `periodSeconds`", c.label()));
                d.severity = Severity::Info;
                d.help = Some("lengthen `periodSeconds` or shorten `timeoutSeconds`".into());
            }
        }
    }
}
