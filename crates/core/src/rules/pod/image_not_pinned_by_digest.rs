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
    explanation: r#"## What it does
Opt-in. Notes container images given without a digest (`@sha256:…`). POD001 already reports
`:latest` and missing tags; this rule goes one step further.

## Why is this bad?
A tag is a movable name: the publisher (or anyone who takes over the registry account) can
push new content under `postgres:16.4`. Nodes that pulled the image earlier keep the old
content and nodes that pull now get the new one, so replicas of one StatefulSet can run
different builds, and a rebuilt image you never reviewed can arrive with the next
reschedule. A digest names the exact content, so every replica runs the same bytes. The cost
is that updates become explicit edits (tools such as Renovate keep the tag beside the digest
for readability: `postgres:16.4@sha256:…`). Many teams accept tags for official images,
hence opt-in.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16.4
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16.4@sha256:4ec37d2a07a0067f176fdcc9d4bb633a5724d2cc4f892c7a2046d054bb6939e5
```

## References
- [Images: image names, tags and digests](https://kubernetes.io/docs/concepts/containers/images/#image-names)
- [Configuration best practices: container images](https://kubernetes.io/docs/concepts/configuration/overview/#container-images)
"#,
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
