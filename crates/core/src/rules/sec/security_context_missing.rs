//! SEC012: a pod with no security context at all (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC012",
    name: "security-context-missing",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the pods of {workload} set no `securityContext`, for the pod or any container: they run with the image's user and the runtime's defaults",
    checks_md_id: Some("SS-69"),
    other_tools: &[
        ("Checkov", "CKV_K8S_29"),
        ("Checkov", "CKV_K8S_30"),
        ("KICS", "Pod or Container Without Security Context"),
        ("Datree", "CIS_MISSING_KEY_SECURITYCONTEXT"),
        ("Kubescape", "C-0211"),
    ],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes pod templates where neither the pod nor any container has a
`securityContext`. It is the summary of the hardening rules SEC003, SEC007, SEC008, SEC010
and SEC011, for a manifest that has not started on any of them; turn those on to see what
to set.

## Why is this bad?
With no security context, everything is left to the image and the node: the user the image
names (often root), the runtime's default capabilities, no seccomp filter, a writable root
file system, privilege escalation allowed. None of it breaks the program, which is why it
goes unnoticed, and all of it widens what a compromised process can do. A few lines settle
it for the whole pod.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: postgres
    image: postgres:16
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 999
    fsGroup: 999
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: postgres
    image: postgres:16
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: ["ALL"]
```

## References
- [Configure a security context for a pod or container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Pod Security Standards](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        if t.spec.get("securityContext").is_some() || t.containers().iter().any(|c| c.node.get("securityContext").is_some()) {
            continue;
        }
        let obj = &ws.objects[t.object];
        let range = obj.anchor().0;
        sink.report(obj.file, range, t.spec_path.key("securityContext"), format!("the pods of {} set no `securityContext`, for the pod or any container: they run with the image's user and the runtime's defaults", obj.label())).help =
            Some("set at least `runAsNonRoot`, `seccompProfile` and `allowPrivilegeEscalation: false` (see SEC003, SEC011, SEC007)".into());
    }
}
