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
    explanation: r#"## What it does
Reports container images without a tag (`postgres`) or with the `latest` tag, unless they are
pinned by digest (`@sha256:…`).

## Why is this bad?
`latest` is a moving pointer, not a version. Each time a pod is created on a node that pulls
the image again, it may get a newer release: after a node failure `db-2` can come back on a
different major version than `db-0` and `db-1`, with an on-disk format the others do not
share. Rollbacks cannot go back to "the previous latest". An untagged image also defaults
`imagePullPolicy` to `Always`, so every restart depends on the registry being reachable.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:latest
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
    image: postgres:16.4
```

## References
- [Images: image names and tags](https://kubernetes.io/docs/concepts/containers/images/#image-names)
- [Configuration best practices: container images](https://kubernetes.io/docs/concepts/configuration/overview/#container-images)
"#,
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
