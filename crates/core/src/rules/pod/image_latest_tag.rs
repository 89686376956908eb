//! POD001: the image has no tag or the `latest` tag.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::ImageRef;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD001",
    name: "image-latest-tag",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "image `{image}` has no tag | uses the `latest` tag: replicas may run different versions",
    checks_md_id: Some("SS-34"),
    other_tools: &[
        ("kube-linter", "latest-tag"),
        ("Polaris", "tagNotSpecified"),
        ("Checkov", "CKV_K8S_14"),
        ("kube-score", "container-image-tag"),
        ("Datree", "CONTAINERS_MISSING_IMAGE_VALUE_VERSION"),
        ("Trivy", "KSV013"),
        ("KICS", "Invalid Image"),
        ("Kubescape", "C-0075"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        for c in t.containers() {
            let Some(node) = c.node.get("image") else { continue };
            let Some(image) = node.as_str().filter(|i| !i.is_empty()) else { continue };
            let r = ImageRef::parse(image);
            if r.digest.is_some() {
                continue;
            }
            let message = match r.tag {
                None => format!("image `{image}` has no tag: replicas may run different versions"),
                Some("latest") => format!("image `{image}` uses the `latest` tag: replicas may run different versions"),
                Some(_) => continue,
            };
            sink.report(ws.objects[t.object].file, node.range, c.path.key("image"), message).help =
                Some("pin a version tag (`postgres:16.4`) or a digest".into());
        }
    }
}
