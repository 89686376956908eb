//! POD003: `imagePullPolicy` is not `Always` for an image that is not pinned by digest
//! (opt-in, debated).

use crate::rules::edit::{is_flow, set_scalar};
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::ImageRef;
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD003",
    name: "image-pull-policy",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} pulls `{image}` with `{policy}`: a node may keep running an older image published under the same tag",
    checks_md_id: Some("SS-36"),
    other_tools: &[
        ("Polaris", "pullPolicyNotAlways"),
        ("Checkov", "CKV_K8S_15"),
        ("kube-score", "container-image-pull-policy"),
        ("KICS", "Image Pull Policy Of The Container Is Not Set To Always"),
        ("Kubescape", "C-0075"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            let Some(image) = c.image().filter(|i| !i.is_empty()) else { continue };
            let r = ImageRef::parse(image);
            if r.digest.is_some() {
                continue;
            }
            let written = c.node.get("imagePullPolicy");
            let policy = match written.and_then(|n| n.as_str()) {
                Some(p) => p,
                // the API's default: Always for `latest` or no tag, else IfNotPresent
                None if r.tag.is_none() || r.tag == Some("latest") => continue,
                None => "IfNotPresent",
            };
            if !matches!(policy, "IfNotPresent" | "Never") {
                continue; // `Always`, or a value the schema rules reject
            }
            let shown = if written.is_some() { format!("`{policy}`") } else { format!("`{policy}` (the default for a tagged image)") };
            let range = written.map(|n| n.range).unwrap_or_else(|| c.anchor());
            let d = sink.report(obj.file, range, c.path.key("imagePullPolicy"), format!("{} pulls `{image}` with {shown}: a node may keep running an older image published under the same tag", c.label()));
            d.help = Some("set `imagePullPolicy: Always`, or pin the image by digest".into());
            let text = ws.text(obj.file);
            if !is_flow(text, c.node) {
                if let Some(edit) = set_scalar(obj.file, text, c.node, "imagePullPolicy", "Always") {
                    d.fix = Some(Fix {
                        title: "set `imagePullPolicy: Always`".into(),
                        explanation: "Each container start then checks the tag's current content with the registry; cached layers are reused, but a registry outage now blocks pod starts.".into(),
                        edits: vec![edit],
                    });
                }
            }
        }
    }
}
