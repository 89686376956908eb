//! STS008: a StatefulSet name of 53–63 characters passes validation but its pods cannot be
//! created.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS008",
    name: "name-too-long-for-pods",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "the name is {n} characters long: the API accepts it, but every pod is rejected (at most 52 work)",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports a StatefulSet whose name is 53 to 63 characters long.

## Why is this bad?
The API server accepts any valid DNS label up to 63 characters, so the StatefulSet is
created. But the controller labels each pod with `controller-revision-hash: <name>-<hash>`,
which adds about 11 characters, and label values are limited to 63. Every pod create then
fails with `metadata.labels: Invalid value: "...": must be no more than 63 characters`, and the
StatefulSet stays at 0 ready replicas (kubernetes/kubernetes#64023). Names of 62 or more also
break the pods' hostnames. Keep StatefulSet names to 52 characters.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: customer-orders-postgresql-primary-database-eu-west-1
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-postgres-eu-west-1
```

## References
- [kubernetes/kubernetes#64023: StatefulSet name length](https://github.com/kubernetes/kubernetes/issues/64023)
- [Object names and IDs](https://kubernetes.io/docs/concepts/overview/working-with-objects/names/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (_, obj) in ws.of_kind("StatefulSet") {
        let Some(node) = obj.at("metadata.name") else { continue };
        let Some(name) = node.as_str() else { continue };
        let n = name.chars().count();
        if !(53..=63).contains(&n) {
            continue;
        }
        let d = sink.report(obj.file, node.range, obj.path("metadata.name"), format!("the name is {n} characters long: the API accepts it, but every pod is rejected (at most 52 work)"));
        d.api_error = Some(format!(
            "Pod \"{name}-0\" is invalid: metadata.labels: Invalid value: \"{name}-<hash>\": must be no more than 63 characters"
        ));
        d.help = Some("shorten the name to 52 characters or fewer (the pod label `controller-revision-hash` is the name plus a hash)".into());
    }
}
