//! STS012: a consensus system with an even or too small number of replicas.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::{needs_quorum, ImageRef};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "STS012",
    name: "quorum-replicas",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "`{image}` needs a quorum: use an odd number of replicas, at least 3 (`spec.replicas` is {n})",
    checks_md_id: Some("SS-56"),
    other_tools: &[("kube-linter", "minimum-three-replicas")],
    check: Check::Files(run),
    explanation: r#"## What it does
For consensus systems (etcd, ZooKeeper, Consul, CockroachDB) checks that `spec.replicas` is
odd and at least 3. A single replica is reported as information (fine for a laptop, not for
anything that must survive a node).

## Why is this bad?
These systems keep working while a majority of members is up. With 2 members the majority is
2: losing either stops the cluster, so 2 is less available than 1. With 4 the majority is 3,
which tolerates one failure, like 3 does, at higher cost. Odd sizes (3, 5) tolerate the most
failures for their size.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: zookeeper
        image: zookeeper:3.9
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: zookeeper
        image: zookeeper:3.9
```

## References
- [etcd FAQ: why an odd number of members](https://etcd.io/docs/v3.5/faq/#why-an-odd-number-of-cluster-members)
- [ZooKeeper tutorial](https://kubernetes.io/docs/tutorials/stateful-application/zookeeper/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for sts in super::statefulsets(ws) {
        let Some(template) = &sts.template else { continue };
        let Some(image) = template.app_containers().iter().filter_map(|c| c.image()).find(|i| needs_quorum(i)) else { continue };
        let Some(node) = sts.obj.at("spec.replicas") else { continue };
        let Some(n) = sts.replicas() else { continue };
        if n == 0 || (n >= 3 && n % 2 == 1) {
            continue;
        }
        let short = ImageRef::parse(image).short_name();
        let d = sink.report(
            sts.obj.file,
            node.range,
            sts.obj.path("spec.replicas"),
            format!("`{short}` needs a quorum: use an odd number of replicas, at least 3 (`spec.replicas` is {n})"),
        );
        if n == 1 {
            d.severity = Severity::Info;
        }
    }
}
