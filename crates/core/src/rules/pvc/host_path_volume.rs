//! PVC010: a workload keeps its data in a `hostPath` volume.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC010",
    name: "host-path-volume",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "volume `{name}` is a `hostPath` (`{path}`): the data stays on one node and the node's files are exposed to the pod",
    checks_md_id: Some("SS-25"),
    other_tools: &[
        ("Polaris", "hostPathSet"),
        ("kube-linter", "sensitive-host-mounts"),
        ("kube-linter", "writable-host-mount"),
        ("Kubescape", "C-0048"),
        ("Kubescape", "C-0045"),
        ("Trivy", "KSV023"),
        ("Datree", "CONTAINERS_INCORRECT_KEY_HOSTPATH"),
        ("KICS", "Non Kube System Pod With Host Mount"),
    ],
    check: Check::Files(run),
    ..BASE
};

/// Sockets that SEC006 reports as such.
const SOCKETS: &[&str] = &["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        if obj.kind == "DaemonSet" {
            continue;
        }
        for (path, volume) in t.volumes() {
            let Some(host) = volume.entry("hostPath") else { continue };
            let dir = host.value.get_str("path").unwrap_or("");
            if SOCKETS.iter().any(|s| dir.ends_with(s)) {
                continue;
            }
            let name = volume.get_str("name").unwrap_or("?");
            sink.report(obj.file, host.key.range, path.key("hostPath"), format!("volume `{name}` is a `hostPath` (`{dir}`): the data stays on one node and the node's files are exposed to the pod")).help =
                Some(if obj.kind == "StatefulSet" { "use a `volumeClaimTemplates` entry of the same name" } else { "use a PersistentVolumeClaim" }.into());
        }
    }
}
