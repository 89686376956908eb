//! PVC014: postgres runs as a user that cannot create `PGDATA` on a fresh volume.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::path_under;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC014",
    name: "pgdata-not-writable",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "postgres runs as uid {uid} with `PGDATA` (`{dir}`) on a volume whose root belongs to root: the entrypoint cannot create it",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Finds a container of the official postgres image that runs as a user other than root
(`securityContext.runAsUser`, its own or the pod's) with `PGDATA` in a subdirectory of a
volume mount, when nothing gives that user the volume: no `fsGroup` in the pod's
`securityContext`, and no init container that `chown`s the mount to that uid.

## Why is this bad?
A block-storage driver (EBS, GCE PD, most CSI disks) formats a new volume on first use: its
root belongs to root and is not writable by others. The image's entrypoint starts with
`mkdir -p "$PGDATA"`, as whatever user the container runs as. Started as root, it would then
hand the directory to postgres; started as uid 999, it is refused (`mkdir: can't create
directory '/data/pgdata': Permission denied`) and exits 1, at every start:
`CrashLoopBackOff`, and under `OrderedReady` no further replica. Set the pod's `fsGroup` to
the same id (the kubelet makes the volume group-writable at each mount), or give the volume
to the user first with an init container running as root, as the guide's
`chown -R 999:999 /data` does. A node directory open to all (kind's local-path
provisioner) hides the problem until the manifest meets a real cluster.

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
    securityContext:
      runAsUser: 999
    env:
    - name: PGDATA
      value: /data/pgdata
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  securityContext:
    fsGroup: 999
  containers:
  - name: postgres
    image: postgres:16
    securityContext:
      runAsUser: 999
    env:
    - name: PGDATA
      value: /data/pgdata
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
```

## References
- [Configure a security context: fsGroup](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod)
- [docker-library/postgres: the entrypoint's `docker_create_db_directories`](https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let pod_ctx = t.spec.get("securityContext");
        if pod_ctx.and_then(|s| s.get("fsGroup")).is_some() {
            continue;
        }
        let uid_of = |n: Option<&crate::yaml::Node>| n.and_then(|n| n.as_str()).and_then(|s| s.parse::<u64>().ok());
        let inits: Vec<String> = t
            .containers()
            .into_iter()
            .filter(|c| c.init)
            .map(|c| ["command", "args"].iter().filter_map(|k| c.node.get(k).and_then(|n| n.items())).flatten().filter_map(|n| n.as_str()).collect::<Vec<_>>().join(" "))
            .collect();
        for c in t.app_containers() {
            let Some((dir, _)) = super::pgdata_is_mount_root::pgdata(&c) else { continue };
            let own = c.node.get("securityContext").and_then(|s| s.get("runAsUser"));
            let pod = pod_ctx.and_then(|s| s.get("runAsUser"));
            let Some((node, uid)) = own.and_then(|n| uid_of(Some(n)).map(|u| (n, u))).or_else(|| pod.and_then(|n| uid_of(Some(n)).map(|u| (n, u)))) else { continue };
            if uid == 0 {
                continue;
            }
            let mounts = c.mounts();
            let paths = super::mount_paths(&mounts);
            // PGDATA below a mount root: the entrypoint must create it there
            let Some((_, _, mount, _)) = paths.iter().filter(|(_, _, m, _)| path_under(&dir, m) && dir.trim_end_matches('/') != m.trim_end_matches('/')).max_by_key(|(_, _, m, _)| m.len()) else { continue };
            let given = inits.iter().any(|cmd| cmd.contains("chown") && cmd.contains(&format!("{uid}")) && cmd.contains(mount.trim_end_matches('/')));
            if given {
                continue;
            }
            let path = if own.is_some() { c.path.key("securityContext").key("runAsUser") } else { t.spec_path.key("securityContext").key("runAsUser") };
            let message = format!("postgres runs as uid {uid} with `PGDATA` (`{dir}`) on a volume whose root belongs to root: the entrypoint cannot create it, and exits 1 at every start");
            sink.report(ws.objects[t.object].file, node.range, path, message).help = Some(format!("set the pod's `securityContext.fsGroup: {uid}`, or chown `{mount}` to {uid} in an init container running as root"));
        }
    }
}
