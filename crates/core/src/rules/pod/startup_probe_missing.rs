//! POD006: a database with a liveness probe and no startup probe.

use crate::rules::edit::{append_entry, flow_yaml, is_flow};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{database_kind, ImageRef};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

use super::Probe;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD006",
    name: "startup-probe-missing",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} runs `{image}` with a `livenessProbe` but no `startupProbe`: a start or crash recovery longer than {n} s is killed and restarted",
    checks_md_id: Some("SS-43"),
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

/// A liveness probe that allows this long from the start is lenient enough on its own.
const RECOVERY_SECONDS: i64 = 300;

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let Some(image) = c.image() else { continue };
            if database_kind(image).is_none() || c.node.get("startupProbe").is_some_and(|p| !p.is_null()) {
                continue;
            }
            let Some(liveness) = Probe::of(&c, "livenessProbe") else { continue };
            let window = liveness.window_seconds();
            if window >= RECOVERY_SECONDS {
                continue;
            }
            let short = ImageRef::parse(image).short_name();
            let d = sink.report(
                obj.file,
                liveness.key.range,
                c.path.key("startupProbe"),
                format!("{} runs `{short}` with a `livenessProbe` but no `startupProbe`: a start or crash recovery longer than {window} s is killed and restarted", c.label()),
            );
            d.help = Some("add a `startupProbe` with the same check that allows minutes (`failureThreshold: 30`, `periodSeconds: 10`)".into());
            let text = ws.text(obj.file);
            let Some((kind, handler)) = liveness.handler() else { continue };
            if is_flow(text, c.node) {
                continue;
            }
            let block = format!("startupProbe:\n  {kind}: {}\n  periodSeconds: 10\n  failureThreshold: 30", flow_yaml(&handler));
            if let Some(edit) = append_entry(obj.file, text, c.node, &block) {
                d.fix = Some(Fix {
                    title: "add a `startupProbe` with the liveness check that allows 5 minutes".into(),
                    explanation: "The startup probe runs the same check every 10 s up to 30 times; the liveness probe only starts once it has succeeded, so a long recovery is no longer killed. Raise `failureThreshold` if recovery can take longer.".into(),
                    edits: vec![edit],
                });
            }
        }
    }
}
