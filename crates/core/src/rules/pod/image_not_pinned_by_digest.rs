//! POD002: an image referenced by tag only, not by digest (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::ImageRef;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD002",
    name: "image-not-pinned-by-digest",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "image `{image}` is not pinned by digest: the tag can later point at other content",
    checks_md_id: Some("SS-35"),
    other_tools: &[
        ("Checkov", "CKV_K8S_43"),
        ("Datree", "CONTAINERS_MISSING_IMAGE_VALUE_DIGEST"),
        ("KICS", "Image Without Digest"),
        ("Kubescape", "C-0306"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            let Some(node) = c.node.get("image") else { continue };
            let Some(image) = node.as_str().filter(|i| !i.is_empty()) else { continue };
            if ImageRef::parse(image).digest.is_some() {
                continue;
            }
            sink.report(ws.objects[t.object].file, node.range, c.path.key("image"), format!("image `{image}` is not pinned by digest: the tag can later point at other content")).help =
                Some("append the digest the tag points at today: `image:tag@sha256:…` (`crane digest` or `docker buildx imagetools inspect` print it)".into());
        }
    }
}
