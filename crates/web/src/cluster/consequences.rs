//! Findings whose consequence shows at run time, as runs the learner can play: the manifest
//! with the mistake is applied to a fresh cluster (the editor's text is left alone), and the
//! view says what to watch.

use ordinal_core::apiserver::ServerVersion;

/// One playable consequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consequence {
    /// A stable id.
    pub id: &'static str,
    /// The lint rule that flags the mistake.
    pub rule: &'static str,
    /// A short title.
    pub title: &'static str,
    /// What to watch while it plays.
    pub watch: &'static str,
    /// The manifests applied (in the namespace `scenarios`, which is created first).
    pub manifest: &'static str,
    /// The Kubernetes version it plays on (the consequence differs between versions).
    pub version: ServerVersion,
    /// Commands given later, at these simulated seconds (a drain, once the pods are Ready).
    pub then: &'static [(u64, &'static str)],
}

/// The guide's PodDisruptionBudget exactly as written: no namespace.
const PDB_AS_WRITTEN: &str = "---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: recovery-demo-pdb
spec:
  maxUnavailable: 1      # At most 1 pod down during disruption
  selector:
    matchLabels:
      app: recovery-demo
";

/// A budget that allows nothing: every replica must stay.
const PDB_ALLOWS_NOTHING: &str = "---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: recovery-demo-pdb
  namespace: scenarios
spec:
  minAvailable: 3
  selector:
    matchLabels:
      app: recovery-demo
";

/// Two nodes drained together (two admins, or a node pool upgrade), once the three replicas
/// run, one on each node.
const TWO_DRAINS: &[(u64, &str)] = &[(75, "kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data"), (75, "kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data")];

/// One drain with a timeout.
const ONE_DRAIN: &[(u64, &str)] = &[(75, "kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data --timeout=2m")];

static WRONG_NAMESPACE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static NO_SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The guide with its best practice for the password (a secretKeyRef to `postgres-secret`),
/// and the Secret created under another name (`postgres-secrets`).
fn guide_without_its_secret() -> &'static str {
    NO_SECRET.get_or_init(|| {
        let guide = ordinal_core::examples::GUIDE.replacen(
            "          value: \"demo-password\"\n",
            "          valueFrom:\n            secretKeyRef:\n              name: postgres-secret\n              key: password\n",
            1,
        );
        format!("{guide}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: postgres-secrets\n  namespace: scenarios\ntype: Opaque\nstringData:\n  password: demo-password\n")
    })
}
static ALLOWS_NOTHING: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static INIT_BASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static GUIDE_PROBES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static GUIDE_64MI: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static NO_PGDATA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static RUN_AS_999: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static NO_PASSWORD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static CPU_500: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The guide's manifests with its resources (best practice 3), the CPU request written `500`
/// where `500m` was meant.
fn guide_with_cpu_500() -> &'static str {
    CPU_500.get_or_init(|| {
        ordinal_core::examples::GUIDE.replacen(
            "        volumeMounts:\n",
            "        resources:\n          requests:\n            cpu: 500\n            memory: 1Gi\n          limits:\n            cpu: 2000\n            memory: 2Gi\n        volumeMounts:\n",
            1,
        )
    })
}

/// The guide's manifests without POSTGRES_PASSWORD.
fn guide_without_password() -> &'static str {
    NO_PASSWORD.get_or_init(|| ordinal_core::examples::GUIDE.replacen("        - name: POSTGRES_PASSWORD\n          value: \"demo-password\"\n", "", 1))
}

/// The guide's manifests with postgres run as uid 999 and nothing giving it the volume.
fn guide_as_999() -> &'static str {
    RUN_AS_999.get_or_init(|| ordinal_core::examples::GUIDE.replacen("        image: postgres:13-alpine\n", "        image: postgres:13-alpine\n        securityContext:\n          runAsUser: 999\n", 1))
}

/// The guide's manifests without their PGDATA: postgres keeps the image's default,
/// /var/lib/postgresql/data, while the claim is mounted at /data.
fn guide_without_pgdata() -> &'static str {
    NO_PGDATA.get_or_init(|| ordinal_core::examples::GUIDE.replacen("        - name: PGDATA\n          value: \"/data/pgdata\"\n", "", 1))
}

/// Pod 0 deleted once the replicas have written for a while.
const DELETE_POD_0: &[(u64, &str)] = &[(90, "kubectl delete pod recovery-demo-db-0 -n scenarios")];

/// The guide's manifests with its resources (best practice 3), the memory limit cut to 64Mi.
fn guide_with_64mi() -> &'static str {
    GUIDE_64MI.get_or_init(|| {
        ordinal_core::examples::GUIDE.replacen(
            "        volumeMounts:\n",
            "        resources:\n          requests:\n            cpu: 500m\n            memory: 64Mi\n          limits:\n            cpu: 2000m\n            memory: 64Mi\n        volumeMounts:\n",
            1,
        )
    })
}

/// The guide's manifests with its two probes (best practice 6) exactly as it writes them: a
/// liveness probe that gives up 50 s after the start, and no startup probe.
fn guide_with_its_probes() -> &'static str {
    GUIDE_PROBES.get_or_init(|| {
        ordinal_core::examples::GUIDE.replacen(
            "        volumeMounts:\n",
            "        livenessProbe:\n          exec:\n            command:\n            - pg_isready\n            - -U\n            - postgres\n          initialDelaySeconds: 30\n          periodSeconds: 10\n        readinessProbe:\n          exec:\n            command:\n            - pg_isready\n            - -U\n            - postgres\n          initialDelaySeconds: 5\n          periodSeconds: 5\n        volumeMounts:\n",
            1,
        )
    })
}

/// The guide's manifests with a readiness probe that counts the client's rows with psql.
fn guide_with_counting_probe() -> &'static str {
    COUNTING_PROBE.get_or_init(|| {
        ordinal_core::examples::GUIDE.replacen(
            "        volumeMounts:\n",
            "        readinessProbe:\n          exec:\n            command: [\"psql\", \"-U\", \"postgres\", \"-c\", \"SELECT count(*) FROM readings\"]\n          initialDelaySeconds: 5\n          periodSeconds: 5\n        volumeMounts:\n",
            1,
        )
    })
}

static COUNTING_PROBE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Two million rows written to pod 0 once the three replicas are Ready.
const LOAD_TWO_MILLION: &[(u64, &str)] = &[(90, "kubectl exec recovery-demo-db-0 -n scenarios -- psql -U postgres -c \"INSERT INTO readings SELECT generate_series(1, 2000000)\"")];

/// A large write, then pod 0 stops uncleanly, once the three replicas are Ready.
const LOAD_THEN_CRASH: &[(u64, &str)] = &[
    (90, "kubectl exec recovery-demo-db-0 -n scenarios -- psql -U postgres -c \"INSERT INTO readings SELECT generate_series(1, 9000000)\""),
    (95, "kubectl delete pod recovery-demo-db-0 -n scenarios --grace-period=0 --force"),
];

/// The guide's manifests with its init container (best practice 5) written with `bash`, which
/// busybox does not have.
fn guide_with_bash_init() -> &'static str {
    INIT_BASH.get_or_init(|| {
        ordinal_core::examples::GUIDE.replacen(
            "      containers:\n",
            "      initContainers:\n      - name: set-permissions\n        image: busybox\n        command: ['bash', '-c', 'chown -R 999:999 /data']\n        volumeMounts:\n        - name: data\n          mountPath: /data\n      containers:\n",
            1,
        )
    })
}

/// The guide's manifests and a budget, built once.
fn guide_and(cell: &'static std::sync::OnceLock<String>, pdb: &str) -> &'static str {
    cell.get_or_init(|| format!("{}{pdb}", ordinal_core::examples::GUIDE))
}

const PROBE: &str = "        readinessProbe:
          exec:
            command: [\"pg_isready\", \"-U\", \"postgres\"]
          initialDelaySeconds: 5
          periodSeconds: 5
        volumeMounts:
";

/// The guide's manifests with the readiness probe its best practices recommend.
pub fn guide_with_probe() -> String {
    ordinal_core::examples::GUIDE.replacen("        volumeMounts:\n", PROBE, 1)
}

/// Every playable consequence, in menu order.
pub fn all() -> Vec<Consequence> {
    vec![
        Consequence {
            id: "volume-mount-typo",
            rule: "PVC001",
            title: "volumeMount name does not match the claim template",
            watch: "This cluster runs Kubernetes v1.33, like many managed clusters: its API server accepts the StatefulSet without checking the pod template, so every pod the controller makes is invalid. Watch the FailedCreate warnings repeat with back-off while the set stays at 0 ready. Since v1.34 the server rejects the StatefulSet itself: switch the version to v1.35 and apply the example to see that.",
            manifest: include_str!("../../../core/examples/broken/volume-mount-typo.yaml"),
            version: ServerVersion::V1_33,
            then: &[],
        },
        Consequence {
            id: "no-service",
            rule: "STS004",
            title: "serviceName names a Service that does not exist",
            watch: "The pods start and turn Ready anyway, but the Service card is missing and no pod gets a DNS name: try nslookup in the terminal.",
            manifest: include_str!("../../../core/examples/broken/service-name-nowhere.yaml"),
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "no-readiness-probe",
            rule: "POD004",
            title: "no readiness probe: Ready before the database accepts connections",
            watch: "Each pod turns Ready 1/1 as soon as its container starts, while postgres is still running initdb (db starting): clients reach it through DNS and are refused. Then play “The guide with a readiness probe” from the same menu to compare.",
            manifest: ordinal_core::examples::GUIDE,
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "pgdata-mount-root",
            rule: "PVC012",
            title: "PGDATA at the root of the volume (the guide's common issue)",
            watch: "The cluster's default StorageClass is a cloud's block storage: each new volume is formatted ext4, so its root holds lost+found. initdb refuses a directory that is not empty and the container exits 1, again after every restart: CrashLoopBackOff with a growing back-off. Without a readiness probe each start counts as Ready for a moment, so the next pods are created, and crash-loop too. Type kubectl logs recovery-demo-db-0 -n scenarios --previous in the terminal to read initdb's own words. The guide's PGDATA=/data/pgdata, a subdirectory, avoids it.",
            manifest: include_str!("../../../core/examples/broken/pgdata-is-mount-root.yaml"),
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "missing-secret",
            rule: "POD016",
            title: "the password's Secret is named postgres-secrets, the pod asks for postgres-secret",
            watch: "The pod is scheduled and its image pulled, but the kubelet cannot create the container: CreateContainerConfigError, and a Failed event (Error: secret \"postgres-secret\" not found) repeated every 10–15 s. Nothing else happens, and pods 1 and 2 are never created (OrderedReady). Create the Secret it asks for in the terminal, kubectl create secret generic postgres-secret --from-literal=password=demo-password -n scenarios, and watch the pod start by itself.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "init-bash",
            rule: "POD024",
            title: "the guide's init container run with bash, which busybox does not have",
            watch: "The pod shows Init:0/1 while busybox is pulled, then Init:RunContainerError: the runtime cannot start a program the image lacks (exec: \"bash\": executable file not found in $PATH, exit code 128). The kubelet retries with a growing back-off (Init:CrashLoopBackOff), postgres never starts, and pods 1 and 2 are never created (OrderedReady). Type kubectl describe pod recovery-demo-db-0 -n scenarios to read the Init Containers section. The guide writes sh -c, which busybox has.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "liveness-kills-recovery",
            rule: "POD006",
            title: "the guide's liveness probe, with no startup probe, on a database that must recover",
            watch: "At 1:30 nine million rows are written to pod 0 (1 GiB of write-ahead log, max_wal_size), and at 1:35 the pod is force-deleted: an unclean stop. Its replacement must replay that log first, about 64 s, and pg_isready answers \"rejecting connections\" until then; the guide's liveness probe gives up at 30 + 2 × 10 s. The kubelet kills postgres in the middle of its recovery, and the next start has the whole recovery to do again: Killing and Unhealthy events, restarts, CrashLoopBackOff, forever. Read kubectl logs recovery-demo-db-0 -n scenarios --previous. A startupProbe (periodSeconds: 10, failureThreshold: 30) would hold the liveness probe back for up to five minutes.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: LOAD_THEN_CRASH,
        },
        Consequence {
            id: "probe-counts-rows",
            rule: "POD030",
            title: "a readiness probe that counts the rows (psql -c \"SELECT count(*) FROM readings\")",
            watch: "The probe passes while the tables are small, and the three pods turn Ready. At 1:30 two million rows are written to pod 0: counting them now means reading 190 MB from the volume, about 1.5 s, longer than the probe's timeoutSeconds (1 s by default). The runtime ends the query (Readiness probe failed: command \"psql -U postgres -c SELECT count(*) FROM readings\" timed out), and after three failures 5 s apart pod 0 turns 0/1: its DNS name goes, and clients of the Service no longer reach it, though postgres is fine (psql -U postgres -c \"SELECT count(*) FROM readings\" still answers in the terminal). It stays so: the table only grows. As a liveness probe the same query would restart the database in a loop. pg_isready reads no data; a query that must run belongs in monitoring.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: LOAD_TWO_MILLION,
        },
        Consequence {
            id: "cpu-without-m",
            rule: "POD027",
            title: "the guide's resources with cpu: 500 and 2000 (meant 500m and 2000m)",
            watch: "A CPU without its m counts whole CPUs: 500 of them. Each node has 4 CPUs allocatable, so kube-scheduler finds no node for pod 0: it stays Pending, and its FailedScheduling event says why: 0/3 nodes are available: 3 Insufficient cpu, and preemption cannot help since no node would fit it even empty. The scheduler tries again whenever the cluster changes, in vain; under OrderedReady pods 1 and 2 are never created. Type kubectl describe node node-1 to compare Allocatable with the request. 500m, half a CPU, fits; once the fix is applied, delete pod 0 by hand: the controller waits for it before it replaces anything, so a Pending pod keeps its old template.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "memory-too-low",
            rule: "POD025",
            title: "the guide's resources with limits.memory: 64Mi",
            watch: "postgres starts (about 30 MiB for its processes), and when its six client connections arrive (about 9 MiB each) the container passes 64Mi: the kernel's OOM killer ends it. The pod shows OOMKilled (exit code 137), then CrashLoopBackOff, again at every restart; each unclean stop means crash recovery at the next start. Without a readiness probe each start counts as Ready for a moment, so pods 1 and 2 are created too, and end the same way. Type kubectl describe pod recovery-demo-db-0 -n scenarios to read Last State. The guide's 2Gi leaves room for the 128 MB of shared buffers too.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "pgdata-off-volume",
            rule: "PVC013",
            title: "no PGDATA: the database on no volume",
            watch: "Without PGDATA, postgres keeps the image's default /var/lib/postgresql/data, but the claim is mounted at /data: the database lives in the container's own filesystem. Each pod card counts its rows there while the claims stay empty. At 1:30 pod 0 is deleted; the StatefulSet recreates it with the same name and the same claim, and it runs initdb again: its rows are gone. The same happens at any container restart (a crash, an OOM kill, a liveness kill). The guide's PGDATA=/data/pgdata puts the database on the claim.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: DELETE_POD_0,
        },
        Consequence {
            id: "run-as-user",
            rule: "PVC014",
            title: "postgres run as uid 999, with nothing giving it the volume",
            watch: "The default StorageClass formats each new volume, so its root belongs to root. The image's entrypoint begins with mkdir -p \"$PGDATA\" as the container's user: uid 999 is refused (mkdir: can't create directory '/data/pgdata': Permission denied) and the container exits 1 at every start: CrashLoopBackOff. Without a readiness probe each start counts as Ready for a moment, so pods 1 and 2 come and fail the same way. Read kubectl logs recovery-demo-db-0 -n scenarios --previous. The pod's fsGroup: 999, or the guide's init container (chown -R 999:999 /data, as root), gives the volume to 999.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "no-password",
            rule: "POD026",
            title: "no POSTGRES_PASSWORD",
            watch: "Each volume is new and empty, so the image's entrypoint must run initdb, and first it checks for a superuser password: with none it prints Error: Database is uninitialized and superuser password is not specified, and exits 1, at every start: CrashLoopBackOff. Read it with kubectl logs recovery-demo-db-0 -n scenarios --previous. A volume that already held a database would have started without the check. Set POSTGRES_PASSWORD, from a Secret.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: &[],
        },
        Consequence {
            id: "pdb-wrong-namespace",
            rule: "PDB002",
            title: "the guide's PodDisruptionBudget, with no namespace",
            watch: "The budget lands in default, where it selects no pod (its card says so), while the database runs in scenarios. At 1:15 node-1 and node-2 are drained together: nothing refuses either eviction, and two of the three replicas are down at once. A budget protects only the pods of its own namespace.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: TWO_DRAINS,
        },
        Consequence {
            id: "pdb-allows-nothing",
            rule: "PDB003",
            title: "a budget that allows no disruption (minAvailable: 3 of 3)",
            watch: "At 1:15 node-1 is drained with --timeout=2m. ALLOWED DISRUPTIONS stays 0, so every eviction is refused (429) and retried every 5 s; after two minutes the drain gives up and node-1 stays cordoned. A budget equal to the replicas blocks all maintenance.",
            manifest: "",
            version: ServerVersion::V1_35,
            then: ONE_DRAIN,
        },
        Consequence {
            id: "no-pdb",
            rule: "PDB001",
            title: "no PodDisruptionBudget during a drain",
            watch: "At 1:15 node-1 and node-2 are drained together: with no budget, both evictions go through and two of the three database replicas are down at once. With the guide's budget in the scenarios namespace, the second eviction would be refused (429) and retried until the first replica is Ready again.",
            manifest: ordinal_core::examples::GUIDE,
            version: ServerVersion::V1_35,
            then: TWO_DRAINS,
        },
    ]
    .into_iter()
    .map(|mut c| {
        // the two built from the guide and a budget
        if c.manifest.is_empty() {
            c.manifest = match c.id {
                "missing-secret" => guide_without_its_secret(),
                "init-bash" => guide_with_bash_init(),
                "liveness-kills-recovery" => guide_with_its_probes(),
                "memory-too-low" => guide_with_64mi(),
                "cpu-without-m" => guide_with_cpu_500(),
                "probe-counts-rows" => guide_with_counting_probe(),
                "pgdata-off-volume" => guide_without_pgdata(),
                "run-as-user" => guide_as_999(),
                "no-password" => guide_without_password(),
                "pdb-wrong-namespace" => guide_and(&WRONG_NAMESPACE, PDB_AS_WRITTEN),
                _ => guide_and(&ALLOWS_NOTHING, PDB_ALLOWS_NOTHING),
            };
        }
        c
    })
    .collect()
}

/// The same run with the guide's readiness probe, for comparison with `no-readiness-probe`.
pub const WITH_PROBE_ID: &str = "with-readiness-probe";

/// The disaster-recovery drill of the guide's backup plan.
pub const DRILL_ID: &str = "dr-drill";

/// What the drill tells the learner to watch.
pub const DRILL_TITLE: &str = "a disaster-recovery drill: snapshot, lose everything, restore";

/// What to watch while the drill plays.
pub const DRILL_WATCH: &str = "The guide's database runs and writes rows. At 1:30 a VolumeSnapshot of each claim is taken (csi-snapclass, in scenarios: the guide's own snapshot has no namespace and would find no claim); the backups row shows them ready, with the rows each holds. At 2:30 the StatefulSet is deleted, and its claims with it: their volumes go too (reclaim policy Delete), the data is gone. At 2:40 the claims the set will look for, data-recovery-demo-db-0…2, are created from the snapshots, and at 2:50 the set is applied again: it adopts them, postgres finds its database (Skipping initialization), runs crash recovery, and each claim's rows are back, those of 1:30. The rows written between 1:30 and 2:30 are lost: a backup is only as recent as its last run.";

fn snapshot_of(i: usize) -> String {
    format!("---\napiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata:\n  name: data-recovery-demo-db-{i}-snap\n  namespace: scenarios\nspec:\n  volumeSnapshotClassName: csi-snapclass\n  source:\n    persistentVolumeClaimName: data-recovery-demo-db-{i}\n")
}

fn restore_claim(i: usize) -> String {
    format!("---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data-recovery-demo-db-{i}\n  namespace: scenarios\n  labels:\n    app: recovery-demo\nspec:\n  accessModes: [\"ReadWriteOnce\"]\n  resources:\n    requests:\n      storage: 1Gi\n  dataSource:\n    apiGroup: snapshot.storage.k8s.io\n    kind: VolumeSnapshot\n    name: data-recovery-demo-db-{i}-snap\n")
}

/// The drill's steps after the guide is applied: (seconds, the command shown, the input).
pub fn drill_steps() -> Vec<(u64, String, ordinal_core::sim::Input)> {
    use ordinal_core::sim::views::Resource;
    use ordinal_core::sim::{Cascade, Input};
    let apply = |text: String, source: &str| Input::Apply { manifest: text, source: source.to_owned(), namespace: None, validate: Default::default() };
    let delete = |resource: Resource, name: &str| Input::Delete { resource, namespace: "scenarios".into(), name: name.into(), cascade: Cascade::Background, grace_period_s: None };
    let mut steps = vec![(90, "kubectl apply -f snapshots.yaml".to_owned(), apply((0..3).map(snapshot_of).collect(), "snapshots.yaml"))];
    steps.push((150, "kubectl delete statefulset recovery-demo-db -n scenarios".to_owned(), delete(Resource::StatefulSets, "recovery-demo-db")));
    for i in 0..3 {
        steps.push((151, format!("kubectl delete pvc data-recovery-demo-db-{i} -n scenarios"), delete(Resource::Claims, &format!("data-recovery-demo-db-{i}"))));
    }
    steps.push((160, "kubectl apply -f restore-claims.yaml".to_owned(), apply((0..3).map(restore_claim).collect(), "restore-claims.yaml")));
    steps.push((170, "kubectl apply -f manifest.yaml".to_owned(), apply(ordinal_core::examples::GUIDE.to_owned(), "manifest.yaml")));
    steps
}

/// The consequence of a lint rule's finding, if it has one that can be played.
pub fn for_rule(code: &str) -> Option<Consequence> {
    all().into_iter().find(|c| c.rule == code)
}

/// `(rule, id, title)` of every consequence, as the problems panel names them: the page's first
/// module has this table and not the consequences, whose manifests and notes are the second
/// module's (`listed_is_all` holds the two together).
pub const LISTED: &[(&str, &str, &str)] = &[
    ("PVC001", "volume-mount-typo", "volumeMount name does not match the claim template"),
    ("STS004", "no-service", "serviceName names a Service that does not exist"),
    ("POD004", "no-readiness-probe", "no readiness probe: Ready before the database accepts connections"),
    ("PVC012", "pgdata-mount-root", "PGDATA at the root of the volume (the guide's common issue)"),
    ("POD016", "missing-secret", "the password's Secret is named postgres-secrets, the pod asks for postgres-secret"),
    ("POD024", "init-bash", "the guide's init container run with bash, which busybox does not have"),
    ("POD006", "liveness-kills-recovery", "the guide's liveness probe, with no startup probe, on a database that must recover"),
    ("POD030", "probe-counts-rows", "a readiness probe that counts the rows (psql -c \"SELECT count(*) FROM readings\")"),
    ("POD027", "cpu-without-m", "the guide's resources with cpu: 500 and 2000 (meant 500m and 2000m)"),
    ("POD025", "memory-too-low", "the guide's resources with limits.memory: 64Mi"),
    ("PVC013", "pgdata-off-volume", "no PGDATA: the database on no volume"),
    ("PVC014", "run-as-user", "postgres run as uid 999, with nothing giving it the volume"),
    ("POD026", "no-password", "no POSTGRES_PASSWORD"),
    ("PDB002", "pdb-wrong-namespace", "the guide's PodDisruptionBudget, with no namespace"),
    ("PDB003", "pdb-allows-nothing", "a budget that allows no disruption (minAvailable: 3 of 3)"),
    ("PDB001", "no-pdb", "no PodDisruptionBudget during a drain"),
];

/// The id and title of the consequence of a rule's mistake, if one is played.
pub fn listed_for_rule(code: &str) -> Option<(&'static str, &'static str)> {
    LISTED.iter().find(|(rule, _, _)| *rule == code).map(|&(_, id, title)| (id, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_is_all() {
        let all: Vec<(&str, &str, &str)> = all().iter().map(|c| (c.rule, c.id, c.title)).collect();
        assert_eq!(LISTED, &all[..]);
    }
    use ordinal_core::sim::postgres::DbStatus;
    use crate::cluster::scene::Scene;
    use crate::cluster::session::Session;
    use ordinal_core::rules::{check, SourceFile};
    use ordinal_core::sim::{Input, SimTime};

    fn play_on(manifest: &str, version: ServerVersion) -> Session {
        let mut config = Session::default_config();
        config.api.version = version;
        let mut s = Session::new(config);
        s.run("kubectl create namespace scenarios", Input::CreateNamespace { name: "scenarios".into() });
        let r = s.run("kubectl apply -f manifest.yaml", Input::Apply { manifest: manifest.to_owned(), source: "manifest.yaml".into(), namespace: None, validate: Default::default() });
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        s
    }

    fn play(manifest: &str) -> Session {
        play_on(manifest, ServerVersion::V1_35)
    }

    #[test]
    fn each_manifest_triggers_its_rule() {
        for c in all() {
            let codes: Vec<&str> = check(&[SourceFile::new("m.yaml", c.manifest)]).iter().map(|d| d.code).collect();
            assert!(codes.contains(&c.rule), "{} should trigger {}: {codes:?}", c.id, c.rule);
            assert_eq!(for_rule(c.rule), Some(c));
        }
        let codes: Vec<&str> = check(&[SourceFile::new("m.yaml", guide_with_probe())]).iter().map(|d| d.code).collect();
        assert!(!codes.contains(&"POD004"), "{codes:?}");
    }

    #[test]
    fn a_mount_typo_gives_failed_create_and_no_pods() {
        let typo = all()[0];
        let mut s = play_on(typo.manifest, typo.version);
        s.play_to(SimTime::from_secs(60));
        let failed = s.log().lines().iter().filter(|l| l.warning && l.text.contains("FailedCreate") && l.text.contains("volumeMounts[0].name: Not found: \"dta\"")).count();
        assert!(failed >= 2, "retried: {failed}");
        assert!(s.sim().snapshot().pods.is_empty());
        // On today's servers the StatefulSet itself is rejected.
        let mut s = Session::default();
        s.run("ns", Input::CreateNamespace { name: "scenarios".into() });
        let r = s.run("apply", Input::Apply { manifest: typo.manifest.to_owned(), source: "m.yaml".into(), namespace: None, validate: Default::default() });
        assert!(r.errors.iter().any(|e| e.message.contains("volumeMounts[0].name: Not found: \"dta\"")), "{:?}", r.errors);
    }

    /// Without its Secret the pod never gets a container; creating the Secret starts it.
    #[test]
    fn a_missing_secret_holds_the_container_until_it_exists() {
        let c = all().into_iter().find(|c| c.id == "missing-secret").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(60));
        let scene = Scene::of(&s);
        let pod = scene.groups[0].columns[0].pod.clone().unwrap();
        assert_eq!(pod.label, "CreateContainerConfigError");
        assert!(pod.stuck.is_some_and(|st| st.frees[0].contains("kubectl create secret generic postgres-secret")));
        assert_eq!(s.sim().snapshot().pods.len(), 1, "OrderedReady holds the others back");
        s.run("kubectl create secret generic postgres-secret --from-literal=password=demo-password -n scenarios", Input::CreateSecret { namespace: Some("scenarios".into()), name: "postgres-secret".into(), literals: vec![("password".into(), "demo-password".into())] });
        s.play_to(SimTime::from_secs(120));
        assert!(s.sim().snapshot().pods.values().all(|p| p.running_and_ready()) && s.sim().snapshot().pods.len() == 3);
    }

    /// An init container running bash in busybox never completes: the pod stays initializing,
    /// nothing else starts; the fixed template reaches it only once the pod is deleted
    /// (OrderedReady: the controller waits for pod 0 before it updates anything).
    #[test]
    fn an_init_container_the_image_cannot_run_holds_the_pod() {
        let c = all().into_iter().find(|c| c.id == "init-bash").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(60));
        let scene = Scene::of(&s);
        let pod = scene.groups[0].columns[0].pod.clone().unwrap();
        assert!(pod.label.starts_with("Init:"), "{pod:?}");
        assert!(pod.stuck.as_ref().is_some_and(|st| st.title == "an init container fails" && st.message.contains("StartError")), "{pod:?}");
        assert_eq!(s.sim().snapshot().pods.len(), 1, "OrderedReady holds the others back");
        let fixed = c.manifest.replace("['bash', '-c',", "['sh', '-c',");
        s.run("kubectl apply -f manifest.yaml", Input::Apply { manifest: fixed, source: "manifest.yaml".into(), namespace: None, validate: Default::default() });
        s.play_to(SimTime::from_secs(120));
        assert_eq!(s.sim().snapshot().pods.len(), 1, "still stuck: the controller waits for pod 0");
        s.run("kubectl delete pod recovery-demo-db-0 -n scenarios", Input::Delete { resource: ordinal_core::sim::views::Resource::Pods, namespace: "scenarios".into(), name: "recovery-demo-db-0".into(), cascade: ordinal_core::sim::Cascade::Background, grace_period_s: None });
        s.play_to(SimTime::from_secs(240));
        assert!(s.sim().snapshot().pods.values().all(|p| p.running_and_ready()) && s.sim().snapshot().pods.len() == 3);
    }

    /// The guide's probes, a large write and an unclean stop: the liveness probe kills pod 0
    /// again and again in its recovery; with a startup probe it recovers.
    #[test]
    fn the_guides_liveness_probe_kills_a_recovering_database() {
        let c = all().into_iter().find(|c| c.id == "liveness-kills-recovery").unwrap();
        let play_it = |manifest: &str| {
            let mut s = play(manifest);
            for (at, command) in c.then {
                let Ok(ordinal_core::sim::script::Action::Input(input)) = ordinal_core::sim::script::parse_command(command).map(|c| c.action) else { panic!("{command}") };
                s.schedule(SimTime::from_secs(*at), *command, input);
            }
            s.play_to(SimTime::from_secs(360));
            s
        };
        let s = play_it(c.manifest);
        let pod = s.sim().snapshot().pods.values().find(|p| p.meta.name == "recovery-demo-db-0").unwrap().clone();
        assert!(pod.status.restarts >= 2 && !pod.status.ready, "{:?}", pod.status);
        assert!(s.log().lines().iter().any(|l| l.text.contains("Container postgres failed liveness probe, will be restarted")));
        let card = Scene::of(&s).groups[0].columns[0].pod.clone().unwrap();
        assert!(card.stuck.as_ref().is_some_and(|st| st.title == "killed by its own probe" && st.message.contains("replays its write-ahead log first, about 64 s")), "{card:?}");
        let fixed = c.manifest.replacen("        livenessProbe:\n", "        startupProbe:\n          exec:\n            command: [\"pg_isready\", \"-U\", \"postgres\"]\n          periodSeconds: 10\n          failureThreshold: 30\n        livenessProbe:\n", 1);
        let s = play_it(&fixed);
        let pod = s.sim().snapshot().pods.values().find(|p| p.meta.name == "recovery-demo-db-0").unwrap().clone();
        assert!(pod.status.restarts == 0 && pod.status.ready, "{:?}", pod.status);
        let volume = s.sim().snapshot().claims.values().find(|c| c.meta.name == "data-recovery-demo-db-0").and_then(|c| c.volume.clone()).unwrap();
        assert!(s.db().data(&volume).is_some_and(|d| d.rows() > 9_000_000));
    }

    /// A readiness probe that counts the rows: Ready while the table is small, unready with
    /// the runtime's time-out once two million rows were written, and it says why; with
    /// pg_isready (POD030's fix) the pod stays Ready.
    #[test]
    fn a_probe_that_counts_the_rows_times_out_on_a_large_table() {
        let c = all().into_iter().find(|c| c.id == "probe-counts-rows").unwrap();
        let play_it = |manifest: &str| {
            let mut s = play(manifest);
            for (at, command) in c.then {
                let Ok(ordinal_core::sim::script::Action::Input(input)) = ordinal_core::sim::script::parse_command(command).map(|c| c.action) else { panic!("{command}") };
                s.schedule(SimTime::from_secs(*at), *command, input);
            }
            s.play_to(SimTime::from_secs(85));
            assert!(s.sim().snapshot().pods.values().all(|p| p.running_and_ready()), "Ready while the tables are small");
            s.play_to(SimTime::from_secs(150));
            s
        };
        let s = play_it(c.manifest);
        let pod = s.sim().snapshot().pods.values().find(|p| p.meta.name == "recovery-demo-db-0").unwrap().clone();
        assert!(!pod.status.ready && pod.status.restarts == 0, "{:?}", pod.status);
        assert!(s.log().lines().iter().any(|l| l.warning && l.text.contains("Readiness probe failed: command \"psql -U postgres -c SELECT count(*) FROM readings\" timed out")));
        let card = Scene::of(&s).groups[0].columns[0].pod.clone().unwrap();
        assert!(card.stuck.as_ref().is_some_and(|st| st.title == "unready: its readiness probe times out" && st.frees[0].contains("pg_isready")), "{card:?}");
        let fixed = c.manifest.replacen("[\"psql\", \"-U\", \"postgres\", \"-c\", \"SELECT count(*) FROM readings\"]", "[\"pg_isready\", \"-U\", \"postgres\"]", 1);
        assert_ne!(fixed, c.manifest);
        let s = play_it(&fixed);
        assert!(s.sim().snapshot().pods.values().all(|p| p.running_and_ready()));
    }

    /// With PGDATA on no volume, the rows are counted in the container and lost with the pod.
    #[test]
    fn a_database_on_no_volume_loses_its_rows_with_the_pod() {
        let c = all().into_iter().find(|c| c.id == "pgdata-off-volume").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(85));
        let rows = |s: &Session| Scene::of(s).groups[0].columns[0].pod.clone().unwrap().container_rows.unwrap();
        let before = rows(&s);
        assert!(before > 200, "{before}");
        for (at, command) in c.then {
            let Ok(ordinal_core::sim::script::Action::Input(input)) = ordinal_core::sim::script::parse_command(command).map(|c| c.action) else { panic!("{command}") };
            s.schedule(SimTime::from_secs(*at), *command, input);
        }
        s.play_to(SimTime::from_secs(120));
        assert!(rows(&s) < before / 2, "the new pod started empty");
        assert!(s.sim().snapshot().claims.values().all(|c| c.volume.as_ref().is_none_or(|v| s.db().data(v).is_none())), "the claims hold nothing");
    }

    /// postgres as uid 999 on a root-owned volume: the entrypoint's mkdir fails at every start;
    /// fsGroup fixes it.
    #[test]
    fn postgres_as_another_user_cannot_create_its_data_directory() {
        let c = all().into_iter().find(|c| c.id == "run-as-user").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(60));
        let card = Scene::of(&s).groups[0].columns[0].pod.clone().unwrap();
        assert!(card.restarts >= 1 && card.stuck.as_ref().is_some_and(|st| st.message.contains("Permission denied") && st.frees[0].contains("fsGroup: 999")), "{card:?}");
        let fixed = c.manifest.replacen("      containers:\n", "      securityContext:\n        fsGroup: 999\n      containers:\n", 1);
        let mut s = play(&fixed);
        s.play_to(SimTime::from_secs(90));
        assert!(s.sim().snapshot().pods.values().all(|p| p.running_and_ready() && p.status.restarts == 0) && s.sim().snapshot().pods.len() == 3);
    }

    /// No password on a new volume: the entrypoint exits 1 at every start.
    #[test]
    fn without_a_password_a_new_database_is_never_initialized() {
        let c = all().into_iter().find(|c| c.id == "no-password").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(60));
        let card = Scene::of(&s).groups[0].columns[0].pod.clone().unwrap();
        assert!(card.restarts >= 1 && card.stuck.as_ref().is_some_and(|st| st.title == "postgres exits at every start"), "{card:?}");
    }

    /// A CPU request without its m: no node fits, the pod stays Pending with the scheduler's
    /// reason; the request fixed and applied again, the pending pod keeps its old template until
    /// it is deleted (the controller waits for pod 0 first), and then the set comes up.
    #[test]
    fn a_cpu_without_its_m_is_never_scheduled() {
        let c = all().into_iter().find(|c| c.id == "cpu-without-m").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(120));
        let scene = Scene::of(&s);
        let pod = scene.groups[0].columns[0].pod.clone().unwrap();
        assert_eq!(pod.label, "Pending");
        assert!(pod.stuck.as_ref().is_some_and(|st| st.message.contains("3 Insufficient cpu")), "{pod:?}");
        assert!(s.log().lines().iter().any(|l| l.warning && l.text.contains("FailedScheduling") && l.text.contains("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")));
        assert_eq!(s.sim().snapshot().pods.len(), 1, "OrderedReady holds the others back");
        let fixed = c.manifest.replacen("cpu: 500\n", "cpu: 500m\n", 1).replacen("cpu: 2000\n", "cpu: 2000m\n", 1);
        let r = s.run("kubectl apply -f manifest.yaml", Input::Apply { manifest: fixed, source: "manifest.yaml".into(), namespace: None, validate: Default::default() });
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        s.play_to(SimTime::from_secs(180));
        assert_eq!(s.sim().snapshot().pods.len(), 1, "still stuck: the controller waits for pod 0, which keeps the old template");
        s.run("kubectl delete pod recovery-demo-db-0 -n scenarios", Input::Delete { resource: ordinal_core::sim::views::Resource::Pods, namespace: "scenarios".into(), name: "recovery-demo-db-0".into(), cascade: ordinal_core::sim::Cascade::Background, grace_period_s: None });
        s.play_to(SimTime::from_secs(400));
        let snap = s.sim().snapshot();
        assert_eq!(snap.pods.len(), 3, "{:?}", snap.pods.keys().collect::<Vec<_>>());
        assert!(snap.pods.values().all(|p| p.running_and_ready()));
    }

    /// The drill: snapshots at 1:30, everything deleted at 2:30, claims restored and the set
    /// applied again: the rows of 1:30 are back on each claim, those written after are not.
    #[test]
    fn the_drill_brings_the_rows_of_the_snapshots_back() {
        let mut s = play(ordinal_core::examples::GUIDE);
        for (at, command, input) in drill_steps() {
            s.schedule(SimTime::from_secs(at), command, input);
        }
        s.play_to(SimTime::from_secs(140));
        let rows_then: Vec<u64> = (0..3)
            .map(|i| {
                let snap = &s.sim().snapshot().snapshots[&ordinal_core::sim::model::ObjectKey::new("scenarios", &format!("data-recovery-demo-db-{i}-snap"))];
                assert_eq!(snap.ready, Some(true), "{snap:?}");
                s.sim().snapshot().snapshot_contents[snap.content.as_ref().unwrap()].data.as_ref().map_or(0, |d| d.rows())
            })
            .collect();
        assert!(rows_then[0] > 400, "{rows_then:?}");
        s.play_to(SimTime::from_secs(155));
        assert!(s.sim().snapshot().claims.is_empty() && s.sim().snapshot().volumes.is_empty(), "the data is gone");
        s.play_to(SimTime::from_secs(200));
        let snap = s.sim().snapshot();
        assert!(snap.pods.values().all(|p| p.running_and_ready()) && snap.pods.len() == 3);
        let card = Scene::of(&s);
        assert!(card.backups.iter().any(|b| b.kind == "VolumeSnapshot" && b.state == "ready"));
        let claim = &snap.claims[&ordinal_core::sim::model::ObjectKey::new("scenarios", "data-recovery-demo-db-0")];
        let rows_now = s.db().data(claim.volume.as_ref().unwrap()).unwrap().rows();
        assert!(rows_now >= rows_then[0] && rows_now < rows_then[0] + 400, "{rows_now} vs {}", rows_then[0]);
    }

    /// A memory limit below what postgres needs: OOMKilled at every start.
    #[test]
    fn a_memory_limit_too_low_is_oom_killed_at_every_start() {
        let c = all().into_iter().find(|c| c.id == "memory-too-low").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(120));
        let pod = s.sim().snapshot().pods.values().find(|p| p.meta.name == "recovery-demo-db-0").unwrap().clone();
        assert!(pod.status.restarts >= 2, "{:?}", pod.status);
        assert!(matches!(&pod.status.last_termination, Some(ordinal_core::sim::model::ContainerState::Terminated { reason, exit_code: 137, .. }) if reason == "OOMKilled"));
        assert!(s.log().lines().iter().any(|l| l.row.iter().any(|c| c == "OOMKilled")));
        // without a readiness probe each start counts as Ready for a moment: the next pods
        // come, and are killed the same way
        assert!(s.sim().snapshot().pods.values().all(|p| p.status.restarts >= 1 || !p.running_and_ready()));
    }

    /// PGDATA at the mount root crash-loops the first pod, and nothing else starts.
    #[test]
    fn pgdata_at_the_mount_root_crash_loops() {
        let c = all().into_iter().find(|c| c.id == "pgdata-mount-root").unwrap();
        let mut s = play(c.manifest);
        s.play_to(SimTime::from_secs(90));
        let scene = Scene::of(&s);
        let pod = scene.groups[0].columns[0].pod.clone().unwrap();
        assert!(pod.restarts >= 2, "{pod:?}");
        assert!(pod.stuck.is_some_and(|st| st.title == "postgres exits at every start"));
        // without a readiness probe each start counts as Ready for a moment: the next pod
        // comes, and crash-loops too
        assert!(s.sim().snapshot().pods.values().all(|p| p.status.restarts >= 1 || !p.running_and_ready()));
        assert!(s.db().data(&s.sim().snapshot().claims.values().next().unwrap().volume.clone().unwrap()).is_none_or(|d| !d.initialized));
    }

    #[test]
    fn without_a_service_there_is_no_dns() {
        let mut s = play(all()[1].manifest);
        s.play_to(SimTime::from_secs(120));
        let scene = Scene::of(&s);
        assert!(scene.services.iter().any(|c| c.missing));
        assert!(s.sim().snapshot().pods.values().all(|p| p.running_and_ready()));
        assert!(scene.groups[0].columns.iter().all(|c| c.pod.as_ref().is_some_and(|p| p.dns.is_none())));
    }

    /// The time from Ready to accepting connections of pod 0, in ms, sampled every 50 ms.
    fn ready_but_refusing_ms(manifest: &str) -> u64 {
        let mut s = play(manifest);
        let mut refusing = 0;
        for t in (0..60_000).step_by(50) {
            s.play_to(SimTime(t));
            let scene = Scene::of(&s);
            if let Some(p) = scene.groups[0].columns[0].pod.as_ref() {
                if p.label == "Ready 1/1" && p.db == Some(DbStatus::Starting) {
                    refusing += 50;
                }
            }
        }
        refusing
    }

    #[test]
    fn without_a_probe_pods_are_ready_before_the_database_and_with_one_they_are_not() {
        assert!(ready_but_refusing_ms(all()[2].manifest) >= 2_000);
        assert_eq!(ready_but_refusing_ms(&guide_with_probe()), 0);
    }
}
