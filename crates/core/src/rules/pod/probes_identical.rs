//! POD008: the liveness and readiness probes are the same probe.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

use super::Probe;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD008",
    name: "probes-identical",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{container} uses the same probe for liveness and readiness: a slow moment takes it out of the Service and restarts it at once",
    checks_md_id: Some("SS-40"),
    other_tools: &[("kube-score", "pod-probes-identical")],
    check: Check::Files(run),
    explanation: r#"## What it does
Compares each container's `livenessProbe` and `readinessProbe`, with the API's defaults for
unset timings, and reports them when the check and every timing are the same.

## Why is this bad?
The two probes answer different questions. Readiness asks "should this pod get traffic right
now?" and may fail for a while (a replica catching up, a burst of load); the pod just leaves
the Service's endpoints until it recovers. Liveness asks "is this process beyond help?" and
its failure restarts the container. When both are the same probe, every moment that makes
the pod unready also restarts it: the replica that was only slow loses its caches and its
connections, then comes back cold under the same load, and a load spike can restart every
replica in turn. Make liveness more lenient than readiness (a higher `failureThreshold` or
`periodSeconds`), or give it a cheaper check that only a hung process fails.

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
    readinessProbe:
      exec:
        command: ["pg_isready", "-U", "postgres"]
      periodSeconds: 5
    livenessProbe:
      exec:
        command: ["pg_isready", "-U", "postgres"]
      periodSeconds: 5
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
    image: postgres:16
    readinessProbe:
      exec:
        command: ["pg_isready", "-U", "postgres"]
      periodSeconds: 5
    livenessProbe:
      exec:
        command: ["pg_isready", "-U", "postgres"]
      periodSeconds: 10
      failureThreshold: 6
```

## References
- [Configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- [kube-score: pod-probes-identical](https://github.com/zegl/kube-score/blob/master/README_PROBES.md)
"#,
    ..BASE
};

const TIMINGS: &[&str] = &["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "terminationGracePeriodSeconds"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in super::long_running(ws) {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            let (Some(live), Some(ready)) = (Probe::of(&c, "livenessProbe"), Probe::of(&c, "readinessProbe")) else { continue };
            let (Some(a), Some(b)) = (live.handler(), ready.handler()) else { continue };
            if a != b || TIMINGS.iter().any(|f| live.int(f) != ready.int(f)) {
                continue;
            }
            let d = sink.report(
                obj.file,
                live.key.range,
                live.path.clone(),
                format!("{} uses the same probe for liveness and readiness: a slow moment takes it out of the Service and restarts it at once", c.label()),
            );
            d.help = Some("make the liveness probe more lenient (a higher `failureThreshold` or `periodSeconds`) than the readiness probe".into());
            d.related.push(Related { file: obj.file, range: ready.key.range, message: "the identical readiness probe".into() });
        }
    }
}
