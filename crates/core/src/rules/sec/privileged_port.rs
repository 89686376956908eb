//! SEC014: a container port below 1024 (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::int_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC014",
    name: "privileged-port",
    tier: Tier::T5,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "{container} listens on port {n}, below 1024: binding it traditionally needs root or `NET_BIND_SERVICE`",
    checks_md_id: Some("SS-74"),
    other_tools: &[("kube-linter", "privileged-ports"), ("Monokle", "KBP113")],
    check: Check::Files(run),
    explanation: r#"## What it does
Opt-in. Notes `containerPort` values from 1 to 1023. Port 22 is SEC013's business.

## Why is this bad?
On Linux, ports below 1024 are privileged: binding one needs root or the
`NET_BIND_SERVICE` capability, unless the network namespace lowers
`net.ipv4.ip_unprivileged_port_start` (Docker does so in its containers, and newer
containerd versions can). A container that listens on port 80 therefore often ends up
running as root, or keeping a capability, only for that. Inside a pod the port number is
free: listen on 8080 and let the Service map `port: 80` to `targetPort: 8080` for clients
that expect the usual number. (For a StatefulSet's headless Service no mapping happens:
clients connect to the pod's own port, see STS009.) Databases use high ports already.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginxinc/nginx-unprivileged:1.27
    ports:
    - containerPort: 8080
```

## References
- [Services: defining a Service (`port` and `targetPort`)](https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service)
- [Using sysctls in a Kubernetes cluster](https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.containers() {
            for (path, port) in c.ports() {
                let Some(number) = port.get("containerPort") else { continue };
                let Some(n) = int_of(number).filter(|n| (1..1024).contains(n) && *n != 22) else { continue };
                sink.report(obj.file, number.range, path.key("containerPort"), format!("{} listens on port {n}, below 1024: binding it traditionally needs root or `NET_BIND_SERVICE`", c.label())).help =
                    Some("listen on a port of 1024 or more and map the usual number in the Service".into());
            }
        }
    }
}
