//! A simulated PostgreSQL in every postgres pod, so that a learner can see the data on a
//! claim outlive the pods that use it. One model for every front end: the web's Cluster tab,
//! the lessons' lab and `ordinal simulate` read it through [`super::Simulation::databases`]
//! and the script commands `kubectl logs` and `kubectl exec` ([`super::script`]).
//!
//! The cluster model knows nothing of what runs in the containers: this module watches the
//! cluster after every step of the simulation and keeps, per PersistentVolume, the data a
//! database wrote there: a client inserts [`ROWS_PER_SECOND`] rows into the table
//! `readings` whenever the database accepts connections. A pod that mounts a volume which
//! already holds a database skips `initdb` and starts faster; a new volume gets a new, empty
//! database. Everything is a pure function of the simulation's history (startup times come
//! from a hash of the pod's uid), so replaying the same inputs gives the same row counts.
//!
//! The version a server reports follows its image's tag ([`PgImage::parse`], from the data in
//! [`CURRENT_MINORS`]). The lines it logs are those of the official image's
//! `docker-entrypoint.sh` (docker-library/postgres: `docker_init_database_dir`,
//! `docker_process_init_files`, `docker_temp_server_start`/`_stop`, `_main`) and of the
//! server (`starting PostgreSQL …`, `database system was shut down at …`, after a kill
//! `database system was interrupted; last known up at …` and the redo lines, after SIGTERM
//! `received fast shutdown request` … `database system is shut down`).

use std::collections::{BTreeMap, VecDeque};

use super::model::{ClusterState, ContainerState, ObjectKey, Pod};
use super::time::{SimTime, WallClock};

/// Rows the simulated client inserts per second of simulated time while the database
/// accepts connections.
pub const ROWS_PER_SECOND: u64 = 8;
/// The table the client writes to.
pub const TABLE: &str = "readings";
/// Bytes of write-ahead log one row of `readings` costs (the heap tuple, its index entry and
/// the record headers).
pub const ROW_WAL_BYTES: u64 = 120;
/// `checkpoint_timeout`'s default: a running server writes a checkpoint every 5 minutes, after
/// which the WAL before it is not needed for crash recovery.
pub const CHECKPOINT_TIMEOUT_MS: u64 = 300_000;
/// `max_wal_size`'s default: once this much WAL has been written since the last checkpoint,
/// the server starts another, so crash recovery never has much more than this to replay.
pub const MAX_WAL_SIZE: u64 = 1024 * 1024 * 1024;
/// How fast crash recovery replays WAL (a cloud disk's random reads; real servers replay
/// between about 10 and 100 MB/s): 16 MiB per second.
pub const REDO_BYTES_PER_SECOND: u64 = 16 * 1024 * 1024;
/// Servers remembered after they stopped (for `kubectl logs --previous`).
const ENDED_KEPT: usize = 256;
/// The unix socket every postgres client here talks to.
const SOCKET: &str = "/var/run/postgresql/.s.PGSQL.5432";

/// What a volume holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Data {
    /// Milliseconds during which a database on this volume accepted connections, over all
    /// the pods that mounted it.
    pub up_ms: u64,
    /// `initdb` has run on it.
    pub initialized: bool,
    /// How the last server that used it stopped.
    pub last_stop: Option<Stop>,
    /// Rows inserted in bulk (`INSERT … SELECT generate_series(…)`), besides the client's.
    pub bulk_rows: u64,
    /// Write-ahead log written since the last checkpoint: what crash recovery must replay
    /// after an unclean stop ([`recovery_ms`]).
    pub wal_bytes: u64,
}

impl Data {
    /// Rows in the table `readings`.
    pub fn rows(&self) -> u64 {
        self.up_ms * ROWS_PER_SECOND / 1000 + self.bulk_rows
    }

    /// Bytes of the database directory: a fresh cluster plus the rows.
    pub fn bytes(&self) -> u64 {
        if self.initialized {
            39_800_000 + self.rows() * 96
        } else {
            0
        }
    }
}

/// A plain-format dump `pg_dump` wrote ([`Postgres::pg_dump`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dump {
    /// The rows of `readings` in it.
    pub rows: u64,
    /// The major version of the pg_dump that wrote it (the server's).
    pub major: u32,
    /// The role that owned the table.
    pub owner: String,
    /// It holds the table `readings` (a dump of the entrypoint's database); a dump of another
    /// database holds only the settings.
    pub table: bool,
}

impl Dump {
    /// Its size.
    pub fn bytes(&self) -> u64 {
        if self.table {
            super::client::dump_bytes(self.rows)
        } else {
            DUMP_SETTINGS_BYTES
        }
    }
}

/// A plain dump with no table in it: the header and the settings.
pub const DUMP_SETTINGS_BYTES: u64 = 640;

/// How a server stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopKind {
    /// SIGTERM: a fast shutdown that leaves a clean checkpoint.
    Clean,
    /// A crash, a SIGKILL or an eviction: the next start replays the WAL.
    Killed,
}

/// When and how a server stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    /// When.
    pub at: SimTime,
    /// How.
    pub kind: StopKind,
    /// It was killed during its crash recovery, which began then: the next start says the
    /// system was interrupted while in recovery, and recovers again from the same checkpoint.
    pub in_recovery: Option<SimTime>,
}

/// One run of postgres: from a container start to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// The pod.
    pub pod: ObjectKey,
    /// The pod's uid (a recreated pod is a new server).
    pub uid: String,
    /// The PersistentVolume holding `PGDATA`, if `PGDATA` is on a claim.
    pub volume: Option<String>,
    /// `PGDATA`.
    pub data_dir: String,
    /// The container started.
    pub started: SimTime,
    /// It accepts connections from then.
    pub accept_at: SimTime,
    /// It ran `initdb` (the volume was empty).
    pub fresh: bool,
    /// How the previous server on the volume stopped.
    pub previous: Option<Stop>,
    /// SIGTERM arrived: it stops accepting connections.
    pub shutdown_at: Option<SimTime>,
    /// It is gone.
    pub stopped: Option<Stop>,
    /// The version it runs, from its image.
    pub image: PgImage,
    /// The entrypoint or initdb refused to start it: what it printed before it exited 1
    /// ([`startup_failure`]). It never accepts connections.
    pub failed: Option<Vec<String>>,
    /// How long its crash recovery replays WAL (0 after a clean stop).
    pub recovery_ms: u64,
    /// Its last checkpoint (the end of its start, then every [`CHECKPOINT_TIMEOUT_MS`]).
    checkpoint: SimTime,
    /// Its start is over (the end-of-recovery checkpoint was written).
    recovered: bool,
    /// Rows it wrote in bulk.
    bulk_rows: u64,
    /// Its superuser: `POSTGRES_USER`, else `postgres`.
    pub user: String,
    /// The database the entrypoint created: `POSTGRES_DB`, else the superuser's name.
    pub database: String,
    pid: u32,
}

impl Server {
    /// Whether it accepts connections at `t`.
    pub fn accepting(&self, t: SimTime) -> bool {
        t >= self.accept_at && self.end().is_none_or(|end| t < end)
    }

    /// When it stopped accepting connections, if it did.
    fn end(&self) -> Option<SimTime> {
        match (self.shutdown_at, self.stopped) {
            (Some(a), Some(b)) => Some(a.min(b.at)),
            (a, b) => a.or(b.map(|s| s.at)),
        }
    }
}

/// What a pod's database is doing now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbStatus {
    /// No postgres container is running.
    Down,
    /// The server is starting (`initdb`, or recovery): it refuses connections.
    Starting,
    /// It accepts connections.
    Accepting,
    /// SIGTERM arrived: it is shutting down.
    ShuttingDown,
}

impl DbStatus {
    /// A short label for the pod card.
    pub fn label(self) -> &'static str {
        match self {
            DbStatus::Down => "db down",
            DbStatus::Starting => "db starting",
            DbStatus::Accepting => "db accepting",
            DbStatus::ShuttingDown => "db shutting down",
        }
    }
}

/// Memory of postgres's own processes (postmaster, checkpointer, background writer, WAL
/// writer, autovacuum launcher, logical replication launcher): about 5 MiB each.
pub const PROCESS_BYTES: u64 = 30 * 1024 * 1024;
/// Memory of one client connection's backend (its catalog caches and the default 4 MB
/// `work_mem` it may use for a sort).
pub const CONNECTION_BYTES: u64 = 9 * 1024 * 1024;
/// `shared_buffers`' default: the shared memory the server maps at start; pages count against
/// the container's memory as rows pass through them.
pub const SHARED_BUFFERS_BYTES: u64 = 128 * 1024 * 1024;
/// Bytes of shared buffers one row written fills (its heap tuple and index entry).
pub const ROW_BUFFER_BYTES: u64 = 120;

/// Where a database whose `PGDATA` is on no volume keeps its data: the container's own
/// writable layer, new for every container the kubelet creates (a restart, a new pod), so
/// its rows die with it.
fn container_fs(pod: &Pod, since: SimTime) -> String {
    format!("{CONTAINER_FS}{}/{}", pod.meta.uid, since.0)
}

/// The prefix of [`container_fs`] keys.
const CONTAINER_FS: &str = "container:";

/// The memory a server uses at `t`, having written `rows` since its start.
fn memory_at(s: &Server, t: SimTime, rows: u64) -> u64 {
    let connections = if s.accepting(t) { u64::from(CONNECTIONS) } else { 0 };
    PROCESS_BYTES + connections * CONNECTION_BYTES + (rows * ROW_BUFFER_BYTES).min(SHARED_BUFFERS_BYTES)
}

/// The memory a postgres that accepts connections and has written nothing yet uses: the
/// least a container running it needs.
pub fn memory_when_accepting() -> u64 {
    PROCESS_BYTES + u64::from(CONNECTIONS) * CONNECTION_BYTES
}

/// How long crash recovery takes to replay `wal_bytes` of WAL.
pub fn recovery_ms(wal_bytes: u64) -> u64 {
    wal_bytes * 1000 / REDO_BYTES_PER_SECOND
}

/// How a postgres container that starts at `since` comes up: what [`Postgres::observe`] will
/// start for it, worked out in advance, so that the kubelet's probes can ask when it will
/// answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Startup {
    /// It accepts connections from then (far in the future when it fails to start).
    pub accept_at: SimTime,
    /// `initdb` runs first.
    pub fresh: bool,
    /// Crash recovery's share of the start.
    pub recovery_ms: u64,
    /// The entrypoint or initdb refuses to start it.
    pub failed: Option<Vec<String>>,
}

/// The databases of the cluster.
#[derive(Clone, Debug, Default)]
pub struct Postgres {
    data: BTreeMap<String, Data>,
    live: Vec<Server>,
    ended: VecDeque<Server>,
}

/// The postgres container of a pod: its index, if any container runs a postgres image.
fn postgres_container(pod: &Pod) -> Option<usize> {
    pod.spec.containers.iter().position(is_postgres_container)
}

/// Whether a container runs the postgres server: a postgres image whose entrypoint starts the
/// server. A `command` of another program (`sh -c "pg_dump …"`), or `args` that name one with
/// no `command` (the entrypoint then `exec`s them, `docker-entrypoint.sh :: _main`), runs a
/// client instead.
pub fn is_postgres_container(c: &k8s_openapi::api::core::v1::Container) -> bool {
    if !c.image.as_deref().is_some_and(|i| i.contains("postgres")) {
        return false;
    }
    let base = |w: &String| w.rsplit('/').next().unwrap_or(w).to_owned();
    match (c.command.as_deref().and_then(|c| c.first()), c.args.as_deref().and_then(|a| a.first())) {
        (Some(cmd), _) => matches!(base(cmd).as_str(), "docker-entrypoint.sh" | "postgres"),
        (None, Some(arg)) => arg.starts_with('-') || base(arg) == "postgres",
        (None, None) => true,
    }
}

/// The postgres container's `limits.memory`, in bytes.
pub fn memory_limit(pod: &Pod) -> Option<u64> {
    let c = &pod.spec.containers[postgres_container(pod)?];
    let q = c.resources.as_ref()?.limits.as_ref()?.get("memory")?;
    let mut a = super::resources::Amount::default();
    a.add(&q.0);
    u64::try_from(a.milli / 1000).ok().filter(|b| *b > 0)
}

/// `limits.cpu` of the postgres container, in millicores.
pub fn cpu_limit_millis(pod: &Pod) -> Option<u64> {
    let c = &pod.spec.containers[postgres_container(pod)?];
    let q = c.resources.as_ref()?.limits.as_ref()?.get("cpu")?;
    let mut a = super::resources::Amount::default();
    a.add(&q.0);
    u64::try_from(a.milli).ok().filter(|m| *m > 0)
}

/// Bytes a row of `readings` takes in the table's pages (the tuple, its header and its line
/// pointer), as [`Data::bytes`] counts them.
pub const ROW_DISK_BYTES: u64 = 96;
/// How fast a sequential scan reads the table from the volume: 125 MiB/s, the baseline
/// throughput of a cloud block volume (gp3); the table outgrows the 128 MB of shared buffers
/// at about 1.4 million rows.
pub const SCAN_BYTES_PER_SECOND: u64 = 125 * 1024 * 1024;
/// How many rows one core counts a second once they are read (one backend: `count(*)`
/// without parallel workers).
pub const SCAN_ROWS_PER_CPU_SECOND: u64 = 10_000_000;

/// How long a query that scans `readings` (`SELECT count(*) FROM readings`) takes on a table of
/// `rows`: the slower of reading its pages from the volume and counting them on the CPU the
/// container may use (a `limits.cpu` under one core throttles the backend).
pub fn scan_ms(rows: u64, cpu_limit_millis: Option<u64>) -> u64 {
    let read = rows * ROW_DISK_BYTES * 1000 / SCAN_BYTES_PER_SECOND;
    let millis = cpu_limit_millis.unwrap_or(1000).clamp(1, 1000);
    let count = rows * 1_000_000 / (SCAN_ROWS_PER_CPU_SECOND * millis);
    read.max(count)
}

/// Whether the pod runs postgres.
pub fn is_postgres(pod: &Pod) -> bool {
    postgres_container(pod).is_some()
}

/// FNV-1a, for deterministic per-pod variation.
fn hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The value of an environment variable of the container as the kubelet resolves it: a
/// literal, or a Secret's or ConfigMap's key (`None` when unset or unresolvable).
pub fn env_value(state: &ClusterState, pod: &Pod, c: &k8s_openapi::api::core::v1::Container, name: &str) -> Option<String> {
    let ns = &pod.meta.namespace;
    let lookup = |kind: &str, object: &str, key: &str| -> Option<String> {
        let o = state.others.get(&(kind.to_owned(), ObjectKey::new(ns, object)))?;
        if let Some(v) = o.body.get("stringData").and_then(|d| d.get(key)).and_then(|v| v.as_str()) {
            return Some(v.to_owned());
        }
        let v = o.body.get("data")?.get(key)?.as_str()?;
        // a Secret's data is base64
        Some(if kind == "Secret" { String::from_utf8_lossy(&crate::apiserver::base64::decode(v)?).into_owned() } else { v.to_owned() })
    };
    if let Some(e) = c.env.iter().flatten().rev().find(|e| e.name == name) {
        if let Some(v) = &e.value {
            return Some(v.clone());
        }
        let from = e.value_from.as_ref()?;
        if let Some(r) = &from.secret_key_ref {
            return lookup("Secret", &r.name, &r.key);
        }
        if let Some(r) = &from.config_map_key_ref {
            return lookup("ConfigMap", &r.name, &r.key);
        }
        return None;
    }
    for from in c.env_from.iter().flatten().rev() {
        let prefix = from.prefix.as_deref().unwrap_or("");
        let Some(key) = name.strip_prefix(prefix) else { continue };
        let found = match (&from.secret_ref, &from.config_map_ref) {
            (Some(r), _) => lookup("Secret", &r.name, key),
            (None, Some(r)) => lookup("ConfigMap", &r.name, key),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// What initdb prints before it touches the data directory.
const INITDB_INTRO: [&str; 9] = [
    "The files belonging to this database system will be owned by user \"postgres\".",
    "This user must also own the server process.",
    "",
    "The database cluster will be initialized with locale \"en_US.utf8\".",
    "The default database encoding has accordingly been set to \"UTF8\".",
    "The default text search configuration will be set to \"english\".",
    "",
    "Data page checksums are disabled.",
    "",
];

/// Whether a class's volumes are block devices the driver formats on first use (a cloud's
/// CSI disk: ext4 with `lost+found` at its root), rather than a directory on the node.
pub(crate) fn formatted_filesystem(state: &ClusterState, volume: &str) -> bool {
    state.volumes.get(volume).is_some_and(|v| v.node_affinity.is_none() && !state.storage_classes.get(&v.storage_class).is_some_and(|c| c.provisioner.contains("local-path")))
}

/// Why the official image's entrypoint exits 1 instead of starting postgres, on a data
/// directory that holds no database yet (docker-library/postgres `docker-entrypoint.sh`:
/// `_main` → `docker_verify_minimum_env`, then `docker_init_database_dir` → `initdb`), with
/// the lines it prints:
/// - no `POSTGRES_PASSWORD` and no `POSTGRES_HOST_AUTH_METHOD=trust`: the entrypoint's error;
/// - `PGDATA` at the root of a volume the driver formatted (it holds `lost+found`): initdb's
///   `directory "…" exists but is not empty` and its mount-point hint (`initdb.c ::
///   warn_on_mount_point`; from PostgreSQL 15 with `detail:` and `hint:` prefixes).
pub fn startup_failure(state: &ClusterState, db: &Postgres, pod: &Pod) -> Option<Vec<String>> {
    let c = &pod.spec.containers[postgres_container(pod)?];
    let image = PgImage::parse(c.image.as_deref().unwrap_or(""));
    let data_dir = env_value(state, pod, c, "PGDATA").filter(|d| !d.is_empty()).unwrap_or_else(|| image.default_pgdata());
    let volume = data_volume(state, pod, 0, &data_dir);
    if volume.as_ref().and_then(|v| db.data(v)).is_some_and(|d| d.initialized) {
        return None; // "Skipping initialization"
    }
    // `docker_create_db_directories`: `mkdir -p "$PGDATA"` comes first, as whatever user the
    // container runs as; only root goes on to chown the directory to postgres
    let uid = super::init::run_as_user(&pod.spec, c);
    if uid != 0 && !can_create_pgdata(state, pod, &image, uid, volume.as_deref()) {
        return Some(vec![if image.alpine {
            format!("mkdir: can't create directory '{data_dir}': Permission denied")
        } else {
            format!("mkdir: cannot create directory \u{2018}{data_dir}\u{2019}: Permission denied")
        }]);
    }
    let password = env_value(state, pod, c, "POSTGRES_PASSWORD").unwrap_or_default();
    let trust = env_value(state, pod, c, "POSTGRES_HOST_AUTH_METHOD").is_some_and(|m| m == "trust");
    if password.is_empty() && !trust {
        return Some(
            [
                "Error: Database is uninitialized and superuser password is not specified.",
                "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
                "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
                "",
                "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
                "       connections without a password. This is *not* recommended.",
                "",
                "       See PostgreSQL documentation about \"trust\":",
                "       https://www.postgresql.org/docs/current/auth-trust.html",
            ]
            .map(str::to_owned)
            .to_vec(),
        );
    }
    let mount_root = claim_mounts(pod).iter().any(|(m, _)| m.trim_end_matches('/') == data_dir.trim_end_matches('/'));
    if mount_root && volume.as_deref().is_some_and(|v| formatted_filesystem(state, v)) {
        let mut lines: Vec<String> = INITDB_INTRO.iter().map(|l| (*l).to_owned()).collect();
        lines.push(format!("initdb: error: directory \"{data_dir}\" exists but is not empty"));
        if image.major >= 15 {
            lines.push("initdb: detail: It contains a lost+found directory, perhaps due to it being a mount point.".to_owned());
            lines.push("initdb: hint: Using a mount point directly as the data directory is not recommended.".to_owned());
        } else {
            lines.push("It contains a lost+found directory, perhaps due to it being a mount point.".to_owned());
            lines.push("Using a mount point directly as the data directory is not recommended.".to_owned());
        }
        lines.push("Create a subdirectory under the mount point.".to_owned());
        return Some(lines);
    }
    None
}

/// Whether a container running as `uid` (not root) can create `PGDATA`: on a volume whose
/// root it owns (the guide's init container `chown`s it), that the kubelet made
/// group-writable for the pod's `fsGroup` (`volume.SetVolumeOwnership`: the group's rwx bits
/// and setgid on every directory, at each mount with the default `fsGroupChangePolicy:
/// Always`), or a node directory open to all (local-path's 0777); in the image's own
/// filesystem, only as the image's postgres user (uid 70 on alpine, 999 on Debian), who owns
/// `/var/lib/postgresql`.
fn can_create_pgdata(state: &ClusterState, pod: &Pod, image: &PgImage, uid: u32, volume: Option<&str>) -> bool {
    match volume.and_then(|v| state.volumes.get(v)) {
        Some(v) => v.owner == uid || pod.spec.security_context.as_ref().is_some_and(|s| s.fs_group.is_some()) || !formatted_filesystem(state, &v.meta.name),
        None => uid == if image.alpine { 70 } else { 999 },
    }
}

/// The newest minor release of each major version the official image shipped, as of
/// 2026-01-01 (the simulator's default epoch): `versions.json` of docker-library/postgres at
/// commit 59063d8 (2025-12-04); 13.23 is 13's last release (end of life, 2025-11-13). With
/// the Debian package version of its `trixie` variant.
pub const CURRENT_MINORS: &[(u32, u32, &str)] = &[
    (18, 1, "18.1-1.pgdg13+2"),
    (17, 7, "17.7-3.pgdg13+1"),
    (16, 11, "16.11-1.pgdg13+1"),
    (15, 15, "15.15-1.pgdg13+1"),
    (14, 20, "14.20-1.pgdg13+1"),
    (13, 23, "13.23-1.pgdg13+1"),
];

/// The date [`CURRENT_MINORS`] describes.
pub const CURRENT_MINORS_AS_OF: &str = "2026-01-01";

/// The major version `postgres`, `postgres:latest` and `postgres:alpine` stood for then.
pub const LATEST_MAJOR: u32 = 18;

/// What an image reference says about the postgres it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgImage {
    /// `13` for `postgres:13.8-alpine`.
    pub major: u32,
    /// `8` for `postgres:13.8-alpine`; the newest minor of the major ([`CURRENT_MINORS`]) for
    /// a tag that names only the major (`13-alpine`), none, or `latest`.
    pub minor: u32,
    /// Alpine based (`-alpine`, `-alpine3.22`), else Debian.
    pub alpine: bool,
    /// The tag named no version (no tag, `latest`, `alpine`, a digest only): the version is
    /// [`LATEST_MAJOR`]'s, as of [`CURRENT_MINORS`].
    pub floating: bool,
}

impl PgImage {
    /// Reads `postgres`, `postgres:13-alpine`, `docker.io/library/postgres:16.4`,
    /// `localhost:5000/postgres`, `postgres:17@sha256:…`.
    pub fn parse(image: &str) -> PgImage {
        let name = image.split('@').next().unwrap_or(image);
        let last = name.rsplit('/').next().unwrap_or(name);
        let tag = last.split_once(':').map_or("", |(_, t)| t);
        let mut numbers = tag.split(|c: char| !c.is_ascii_digit() && c != '.').next().unwrap_or("").split('.');
        let major = numbers.next().and_then(|d| d.parse::<u32>().ok()).filter(|m| *m >= 9);
        let minor = numbers.next().and_then(|d| d.parse::<u32>().ok());
        let newest = |m: u32| CURRENT_MINORS.iter().find(|(x, _, _)| *x == m).map_or(0, |(_, n, _)| *n);
        let alpine = tag.contains("alpine");
        match major {
            Some(major) => PgImage { major, minor: minor.unwrap_or_else(|| newest(major)), alpine, floating: false },
            None => PgImage { major: LATEST_MAJOR, minor: newest(LATEST_MAJOR), alpine, floating: true },
        }
    }

    /// `13.8`.
    pub fn version(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }

    /// Where the image's entrypoint puts the data when `PGDATA` is not set: the images of
    /// 18 and later moved it (`ENV PGDATA /var/lib/postgresql/18/docker` in their Dockerfile).
    pub fn default_pgdata(&self) -> String {
        if self.major >= 18 {
            format!("/var/lib/postgresql/{}/docker", self.major)
        } else {
            "/var/lib/postgresql/data".to_owned()
        }
    }

    /// `SELECT version()` and the server's `starting …` line. The compilers are those of the
    /// images' bases in [`CURRENT_MINORS`] (Alpine 3.23, Debian trixie); an older pinned minor
    /// was built with an older one, which the model does not track.
    pub fn version_string(&self) -> String {
        let v = self.version();
        if self.alpine {
            format!("PostgreSQL {v} on x86_64-pc-linux-musl, compiled by gcc (Alpine 15.2.0) 15.2.0, 64-bit")
        } else {
            let package = CURRENT_MINORS.iter().find(|(m, n, _)| *m == self.major && *n == self.minor).map_or_else(|| format!("{v}-1.pgdg13+1"), |(_, _, p)| (*p).to_owned());
            format!("PostgreSQL {v} (Debian {package}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit")
        }
    }
}

impl Postgres {
    /// What a snapshot of a volume captures now: its data as written, crash-consistent. A
    /// server running on it did not stop, so a database restored from it starts with crash
    /// recovery, as after a kill.
    pub fn snapshot_data(&self, volume: &str, now: SimTime) -> Option<Data> {
        let mut data = self.data.get(volume)?.clone();
        if self.live.iter().any(|s| s.volume.as_deref() == Some(volume) && s.stopped.is_none()) {
            data.last_stop = Some(Stop { at: now, kind: StopKind::Killed, in_recovery: None });
        }
        Some(data)
    }

    /// A volume provisioned from a snapshot holds the snapshot's data.
    pub(crate) fn restore_data(&mut self, volume: &str, data: Data) {
        self.data.insert(volume.to_owned(), data);
    }

    /// The data on a volume, once a database has used it.
    pub fn data(&self, volume: &str) -> Option<&Data> {
        self.data.get(volume)
    }

    /// The running (or last) server of a pod incarnation.
    pub fn server(&self, pod: &ObjectKey, uid: &str) -> Option<&Server> {
        self.live.iter().rev().find(|s| &s.pod == pod && s.uid == uid)
    }

    /// The server that ran in the pod's container before the current one (`--previous`).
    pub fn previous_server(&self, pod: &ObjectKey, uid: &str) -> Option<&Server> {
        self.ended.iter().rev().find(|s| &s.pod == pod && s.uid == uid)
    }

    /// The database status of a pod incarnation at `now`.
    pub fn status(&self, pod: &ObjectKey, uid: &str, now: SimTime) -> DbStatus {
        match self.server(pod, uid) {
            None => DbStatus::Down,
            Some(s) if s.stopped.is_some() => DbStatus::Down,
            Some(s) if s.shutdown_at.is_some() => DbStatus::ShuttingDown,
            Some(s) if s.accepting(now) => DbStatus::Accepting,
            Some(_) => DbStatus::Starting,
        }
    }

    /// Accounts for the time from `from` to `to`, during which the cluster did not change.
    pub fn integrate(&mut self, from: SimTime, to: SimTime) {
        if to <= from {
            return;
        }
        for s in &mut self.live {
            let Some(volume) = &s.volume else { continue };
            let start = from.max(s.accept_at);
            let end = s.end().map_or(to, |e| e.min(to));
            let data = self.data.entry(volume.clone()).or_default();
            if s.accept_at <= to && !s.recovered {
                // the end of the start: after crash recovery, its checkpoint; the replayed WAL
                // is no longer needed
                s.recovered = true;
                if s.recovery_ms > 0 {
                    data.wal_bytes = 0;
                }
            }
            if s.accept_at <= to {
                data.initialized = true;
            }
            if end > start {
                data.up_ms += end.since(start);
                data.wal_bytes = (data.wal_bytes + end.since(start) * ROWS_PER_SECOND * ROW_WAL_BYTES / 1000).min(MAX_WAL_SIZE);
                // checkpoints every checkpoint_timeout: WAL before the last one is not replayed
                while s.checkpoint.plus_ms(CHECKPOINT_TIMEOUT_MS) <= end {
                    s.checkpoint = s.checkpoint.plus_ms(CHECKPOINT_TIMEOUT_MS);
                    data.wal_bytes = end.since(s.checkpoint) * ROWS_PER_SECOND * ROW_WAL_BYTES / 1000;
                }
            }
        }
    }

    /// Brings the servers in line with the cluster at its current time: starts one for
    /// every postgres container that started among the `touched` pods (those written since
    /// the last call), stops those whose container or pod is gone.
    pub fn observe(&mut self, state: &ClusterState, touched: &[ObjectKey]) {
        let now = state.now;
        let mut i = 0;
        while i < self.live.len() {
            let s = &mut self.live[i];
            let pod = state.pods.get(&s.pod).filter(|p| p.meta.uid == s.uid);
            let stop = match pod {
                None => Some(if s.shutdown_at.is_some() && s.accept_at <= now { StopKind::Clean } else { StopKind::Killed }),
                Some(p) => {
                    if p.meta.terminating() && s.shutdown_at.is_none() {
                        s.shutdown_at = Some(p.meta.deletion.unwrap_or(now).max(s.started));
                    }
                    match &p.status.container {
                        Some(ContainerState::Running { since }) if *since == s.started => {
                            let probe = postgres_container(p).is_some_and(|c| p.spec.containers[c].readiness_probe.is_some());
                            if probe && p.status.ready && s.accept_at > now {
                                // The readiness probe runs pg_isready: passing means it answers.
                                s.accept_at = now;
                            }
                            None
                        }
                        // a shutdown is clean only for a server that finished its start: one
                        // stopped in initdb or in crash recovery leaves no checkpoint
                        Some(ContainerState::Terminated { reason, .. }) if (reason == "Completed" || s.shutdown_at.is_some()) && s.accept_at <= now => Some(StopKind::Clean),
                        _ => Some(StopKind::Killed),
                    }
                }
            };
            match stop {
                Some(kind) => {
                    let mut s = self.live.remove(i);
                    // a fast shutdown is over about 90 ms after the signal (see server_log)
                    let at = s.shutdown_at.map_or(now, |t| t.plus_ms(90).min(now));
                    let recovering = s.recovery_ms > 0 && !s.recovered && s.failed.is_none();
                    let stop = Stop { at, kind, in_recovery: recovering.then(|| s.started.plus_ms(s.accept_at.since(s.started).saturating_sub(s.recovery_ms) * 30 / 100)) };
                    s.stopped = Some(stop);
                    if let Some(v) = s.volume.as_ref().filter(|v| v.starts_with(CONTAINER_FS)) {
                        // the container's filesystem goes with it
                        self.data.remove(v);
                    } else if let Some(v) = &s.volume {
                        let data = self.data.entry(v.clone()).or_default();
                        data.last_stop = Some(stop);
                        if kind == StopKind::Clean {
                            // the shutdown checkpoint
                            data.wal_bytes = 0;
                        }
                    }
                    if self.ended.len() >= ENDED_KEPT {
                        self.ended.pop_front();
                    }
                    self.ended.push_back(s);
                }
                None => i += 1,
            }
        }
        let running: std::collections::BTreeSet<(&ObjectKey, &str)> = self.live.iter().map(|s| (&s.pod, s.uid.as_str())).collect();
        let mut started = Vec::new();
        for (key, pod) in touched.iter().filter_map(|k| state.pods.get_key_value(k)) {
            let Some(ContainerState::Running { since }) = &pod.status.container else { continue };
            if pod.meta.terminating() || running.contains(&(key, pod.meta.uid.as_str())) {
                continue;
            }
            let Some(c) = postgres_container(pod) else { continue };
            let container = &pod.spec.containers[c];
            let image = PgImage::parse(container.image.as_deref().unwrap_or(""));
            let data_dir = env_value(state, pod, container, "PGDATA").filter(|d| !d.is_empty()).unwrap_or_else(|| image.default_pgdata());
            let volume = data_volume(state, pod, c, &data_dir).or_else(|| Some(container_fs(pod, *since)));
            let previous = volume.as_ref().and_then(|v| self.data.get(v)).and_then(|d| d.last_stop);
            let Some(Startup { mut accept_at, fresh, recovery_ms, failed }) = self.startup(state, pod, *since) else { continue };
            let user = env_value(state, pod, container, "POSTGRES_USER").filter(|u| !u.is_empty()).unwrap_or_else(|| "postgres".to_owned());
            let database = env_value(state, pod, container, "POSTGRES_DB").filter(|d| !d.is_empty()).unwrap_or_else(|| user.clone());
            if container.readiness_probe.is_some() && pod.status.ready && failed.is_none() {
                // a manual `ready`: the probe passed, so it answers
                accept_at = accept_at.min(now.max(*since));
            }
            let h = hash(&[pod.meta.uid.as_bytes(), &since.0.to_le_bytes()]);
            started.push(Server {
                pod: key.clone(),
                uid: pod.meta.uid.clone(),
                volume,
                data_dir,
                started: *since,
                accept_at,
                fresh,
                previous,
                shutdown_at: None,
                stopped: None,
                image,
                failed,
                recovery_ms,
                checkpoint: accept_at,
                recovered: false,
                bulk_rows: 0,
                user: user.clone(),
                database: database.clone(),
                pid: 40 + (h >> 20) as u32 % 30,
            });
        }
        self.live.extend(started);
    }

    /// How the postgres container of `pod`, started at `since`, comes up (`None` for a pod
    /// without postgres): `initdb` on an empty volume takes 3–5 s; a database that was shut
    /// down cleanly starts in 0.7–1.6 s; after an unclean stop (a crash, a kill, an OOM kill,
    /// a node that died) crash recovery first replays the WAL written since the last
    /// checkpoint, at [`REDO_BYTES_PER_SECOND`]. The spread comes from a hash of the pod's uid
    /// and the start time, so the same run gives the same times.
    pub fn startup(&self, state: &ClusterState, pod: &Pod, since: SimTime) -> Option<Startup> {
        let c = postgres_container(pod)?;
        let container = &pod.spec.containers[c];
        let image = PgImage::parse(container.image.as_deref().unwrap_or(""));
        let data_dir = env_value(state, pod, container, "PGDATA").filter(|d| !d.is_empty()).unwrap_or_else(|| image.default_pgdata());
        let failed = startup_failure(state, self, pod);
        let volume = data_volume(state, pod, c, &data_dir).unwrap_or_else(|| container_fs(pod, since));
        let data = self.data.get(&volume);
        let fresh = !data.is_some_and(|d| d.initialized);
        let killed = data.and_then(|d| d.last_stop).is_some_and(|s| s.kind == StopKind::Killed);
        let recovery = if !fresh && killed { recovery_ms(data.map_or(0, |d| d.wal_bytes)) } else { 0 };
        let h = hash(&[pod.meta.uid.as_bytes(), &since.0.to_le_bytes()]);
        let startup = if fresh { 3_000 + h % 2_000 } else { 700 + h % 900 + recovery };
        let accept_at = if failed.is_some() { SimTime(u64::MAX / 4) } else { since.plus_ms(startup) };
        Some(Startup { accept_at, fresh, recovery_ms: recovery, failed })
    }

    /// The memory the pod's postgres uses at `now` (what counts against `limits.memory`), by
    /// the model of [`PROCESS_BYTES`], [`CONNECTION_BYTES`] per client connection once it
    /// accepts them, and the shared buffers the rows written since its start filled, up to
    /// [`SHARED_BUFFERS_BYTES`]. `extra_rows`: rows about to be written.
    pub fn memory(&self, pod: &Pod, now: SimTime, extra_rows: u64) -> Option<u64> {
        let s = self.server(&pod.meta.key(), &pod.meta.uid).filter(|s| s.stopped.is_none())?;
        Some(memory_at(s, now, self.rows_since(s, now) + extra_rows))
    }

    /// Rows written through this server since it started.
    fn rows_since(&self, s: &Server, now: SimTime) -> u64 {
        let client = now.since(s.accept_at.min(now)) * ROWS_PER_SECOND / 1000;
        client + s.bulk_rows
    }

    /// The rows of the pod's running database when its `PGDATA` is on no volume: they live in
    /// the container's own filesystem, and the next container starts without them.
    pub fn container_rows(&self, pod: &Pod) -> Option<u64> {
        let s = self.server(&pod.meta.key(), &pod.meta.uid).filter(|s| s.stopped.is_none())?;
        let v = s.volume.as_deref().filter(|v| v.starts_with(CONTAINER_FS))?;
        Some(self.data.get(v).map_or(0, Data::rows))
    }

    /// What the volume holding the pod's `PGDATA` holds, if anything was written there.
    pub fn data_of(&self, state: &ClusterState, pod: &Pod) -> Option<&Data> {
        let c = postgres_container(pod)?;
        let container = &pod.spec.containers[c];
        let image = PgImage::parse(container.image.as_deref().unwrap_or(""));
        let data_dir = env_value(state, pod, container, "PGDATA").filter(|d| !d.is_empty()).unwrap_or_else(|| image.default_pgdata());
        self.data.get(&data_volume(state, pod, c, &data_dir)?)
    }

    /// `INSERT INTO readings SELECT generate_series(…)` through the pod's server: the rows
    /// land on its volume at once, and their WAL waits for the next checkpoint. `Err` with
    /// what psql prints when the server does not answer.
    pub fn insert(&mut self, pod: &Pod, rows: u64, now: SimTime) -> Result<String, String> {
        let key = pod.meta.key();
        let (user, database) = self.server(&key, &pod.meta.uid).map(|s| (s.user.clone(), s.database.clone())).unwrap_or_default();
        self.connect_local(pod, "psql", &user, &database, now)?;
        let volume = self.live.iter_mut().find(|s| s.pod == key && s.uid == pod.meta.uid).and_then(|s| {
            s.bulk_rows += rows;
            s.volume.clone()
        });
        let data = self.data.entry(volume.unwrap_or_else(|| format!("container:{}", pod.meta.uid))).or_default();
        data.bulk_rows += rows;
        data.wal_bytes = (data.wal_bytes + rows * ROW_WAL_BYTES).min(MAX_WAL_SIZE);
        Ok(format!("INSERT 0 {rows}\n"))
    }

    /// `kubectl logs POD [--previous]`.
    pub fn logs(&self, pod: &Pod, previous: bool, clock: &WallClock, now: SimTime) -> Result<String, String> {
        let key = pod.meta.key();
        let server = if previous { self.previous_server(&key, &pod.meta.uid) } else { self.server(&key, &pod.meta.uid).or_else(|| self.previous_server(&key, &pod.meta.uid)) };
        let Some(server) = server else {
            let container = postgres_container(pod).map(|c| pod.spec.containers[c].name.clone()).unwrap_or_default();
            return Err(if previous {
                format!("Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{}\" not found", pod.meta.name)
            } else {
                format!("Error from server (BadRequest): container \"{container}\" in pod \"{}\" is waiting to start: ContainerCreating", pod.meta.name)
            });
        };
        let mut out = String::new();
        let end = server.stopped.map_or(now, |st| st.at.min(now));
        for (at, line) in server_log(server, clock) {
            if at <= end {
                out.push_str(&line);
                out.push('\n');
            }
        }
        Ok(out)
    }

    /// The rows of `readings` where the server keeps its data (a volume, or its container).
    fn rows_of(&self, server: &Server) -> u64 {
        server.volume.as_ref().and_then(|v| self.data.get(v)).map_or(0, Data::rows)
    }

    /// A client in the pod's own container (`kubectl exec POD -- psql|pg_dump …`) connecting
    /// over the Unix socket as `user` to `database`: the image's `pg_hba.conf` trusts local
    /// connections, so only the server's state, the role and the database can refuse it.
    /// `Err` with what `program` prints.
    fn connect_local(&self, pod: &Pod, program: &str, user: &str, database: &str, now: SimTime) -> Result<&Server, String> {
        let major = self.server(&pod.meta.key(), &pod.meta.uid).map(|s| s.image.major).or_else(|| postgres_container(pod).map(|c| PgImage::parse(pod.spec.containers[c].image.as_deref().unwrap_or("")).major)).unwrap_or(13);
        let fail = |f: super::client::LocalFailure| Err(super::client::local_failure(program, major, database, f));
        match self.status(&pod.meta.key(), &pod.meta.uid, now) {
            DbStatus::Down => return fail(super::client::LocalFailure::NoSocket),
            DbStatus::Starting => return fail(super::client::LocalFailure::Fatal("FATAL:  the database system is starting up".to_owned())),
            DbStatus::ShuttingDown => return fail(super::client::LocalFailure::Fatal("FATAL:  the database system is shutting down".to_owned())),
            DbStatus::Accepting => {}
        }
        let Some(server) = self.server(&pod.meta.key(), &pod.meta.uid) else { return fail(super::client::LocalFailure::NoSocket) };
        // the server knows one role, its superuser, and the databases initdb and the entrypoint
        // made
        if user != server.user {
            return fail(super::client::LocalFailure::Fatal(format!("FATAL:  role \"{user}\" does not exist")));
        }
        if ![server.database.as_str(), "postgres", "template1"].contains(&database) {
            return fail(super::client::LocalFailure::Fatal(format!("FATAL:  database \"{database}\" does not exist")));
        }
        Ok(server)
    }

    /// `psql …` in a pod: `Ok(stdout)` or `Err(stderr)`.
    pub fn psql(&self, pod: &Pod, args: &[String], clock: &WallClock, now: SimTime) -> Result<String, String> {
        let PsqlArgs { sql, user, database } = PsqlArgs::parse(args);
        let server = self.connect_local(pod, "psql", &user, &database, now)?;
        let Some(sql) = sql else {
            return Ok(format!(
                "psql ({}.{})\nType \"help\" for help.\n\n{database}=# \n(an interactive session is not simulated: pass one query with -c, e.g. psql -U {} -c \"SELECT count(*) FROM {TABLE};\")\n",
                server.image.major,
                server.image.minor,
                server.user
            ));
        };
        let rows = self.rows_of(server);
        let normalized: String = sql.trim().trim_end_matches(';').split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        // the client's table lives in the entrypoint's database
        if database != server.database && normalized.contains(TABLE) && !normalized.starts_with('\\') {
            let text = sql.trim();
            let at = text.to_lowercase().find(TABLE).unwrap_or(0);
            return Err(format!("ERROR:  relation \"{TABLE}\" does not exist\nLINE 1: {text}\n{}^", " ".repeat("LINE 1: ".len() + text[..at].chars().count())));
        }
        let answer = match normalized.as_str() {
            "select count(*) from pg_stat_activity" => single("count", &CONNECTIONS.to_string()),
            q if q == format!("select count(*) from {TABLE}") || q == format!("select count(*) from public.{TABLE}") => single("count", &rows.to_string()),
            "select version()" => single("version", &server.image.version_string()),
            "select now()" | "select current_timestamp" => single("now", &format!("{}+00", pg_time(clock, now))),
            "select pg_is_in_recovery()" => single("pg_is_in_recovery", "f"),
            "\\l" | "\\list" => list_databases(&server.user, &server.database),
            "\\dt" if database == server.database => {
                psql_table(Some("List of relations"), &["Schema", "Name", "Type", "Owner"], &[vec!["public".into(), TABLE.into(), "table".into(), server.user.clone()]])
            }
            "\\dt" => "Did not find any relations.\n".to_owned(),
            _ => {
                return Err(format!(
                    "ordinal: this simulated psql answers only: SELECT count(*) FROM {TABLE}; INSERT INTO {TABLE} SELECT generate_series(1, N); SELECT count(*) FROM pg_stat_activity; SELECT version(); SELECT now(); \\l; \\dt"
                ))
            }
        };
        Ok(answer)
    }

    /// `pg_dump …` in the pod's own container: the dump of the database it names, or `Err` with
    /// what pg_dump prints. The simulated client's table lives in the entrypoint's database, so
    /// a dump of another database holds no rows.
    pub fn pg_dump(&self, pod: &Pod, args: &[String], now: SimTime) -> Result<Dump, String> {
        let PsqlArgs { user, database, .. } = PsqlArgs::parse(args);
        let server = self.connect_local(pod, "pg_dump", &user, &database, now)?;
        let rows = if database == server.database { self.rows_of(server) } else { 0 };
        Ok(Dump { rows, major: server.image.major, owner: server.user.clone(), table: database == server.database })
    }

    /// `psql …` reading a plain dump on its standard input (`kubectl exec -i POD -- psql -U
    /// postgres < backup.sql`): what psql prints for each statement of the dump (its standard
    /// output and standard error), the rows landing in `readings`. psql goes on after an error
    /// (no `ON_ERROR_STOP`), so it exits 0 even when a statement failed. The client's table
    /// already exists in the entrypoint's database (the client created it when the server first
    /// accepted connections), so there `CREATE TABLE` fails and `COPY` appends the dump's rows:
    /// `readings` has no unique key in this model. `Err` when psql cannot connect.
    pub fn restore(&mut self, pod: &Pod, args: &[String], dump: &Dump, now: SimTime) -> Result<(String, Vec<(usize, String)>), String> {
        let PsqlArgs { user, database, .. } = PsqlArgs::parse(args);
        let (server_user, server_database) = {
            let server = self.connect_local(pod, "psql", &user, &database, now)?;
            (server.user.clone(), server.database.clone())
        };
        let mut out = String::new();
        let mut err: Vec<(usize, String)> = Vec::new();
        // pg_dump's `_doSetFixedOutputState`: the timeouts (transaction_timeout from 17 on),
        // the encoding and the strings, the search path (a SELECT), then four more settings;
        // then the table's default_tablespace and default_table_access_method
        let first = if dump.major >= 17 { 6 } else { 5 };
        out.push_str(&"SET\n".repeat(first));
        out.push_str(" set_config \n------------\n \n(1 row)\n\n");
        out.push_str(&"SET\n".repeat(6));
        if !dump.table {
            return Ok((out, err));
        }
        if database == server_database {
            err.push((out.len(), format!("ERROR:  relation \"{TABLE}\" already exists")));
        } else {
            out.push_str("CREATE TABLE\n");
        }
        if dump.owner == server_user {
            out.push_str("ALTER TABLE\n");
        } else {
            err.push((out.len(), format!("ERROR:  role \"{}\" does not exist", dump.owner)));
        }
        out.push_str(&format!("COPY {}\n", dump.rows));
        if database == server_database {
            self.insert(pod, dump.rows, now).map_err(|e| e.replace("psql: error: ", ""))?;
        }
        Ok((out, err))
    }

    /// `pg_isready`: its output and exit code.
    pub fn pg_isready(&self, pod: &Pod, now: SimTime) -> (String, i32) {
        let (what, code) = match self.status(&pod.meta.key(), &pod.meta.uid, now) {
            DbStatus::Accepting => ("accepting connections", 0),
            DbStatus::Starting | DbStatus::ShuttingDown => ("rejecting connections", 1),
            DbStatus::Down => ("no response", 2),
        };
        (format!("/var/run/postgresql:5432 - {what}\n"), code)
    }

    /// `df -h [PATH]` in a pod (busybox's columns on alpine images). `Err` for a path that
    /// does not exist.
    pub fn df(&self, state: &ClusterState, pod: &Pod, path: Option<&str>) -> Result<String, String> {
        let node = pod.status.node.clone().unwrap_or_default();
        let node_hash = hash(&[node.as_bytes()]);
        let disk = 62_725_623_808u64; // 58.4G
        let mut node_used = 11_000_000_000 + node_hash % 4_000_000_000;
        for v in state.volumes.values().filter(|v| v.node_affinity.as_deref().is_none_or(|n| n == node)) {
            node_used += self.data.get(&v.meta.name).map_or(0, Data::bytes) / 3;
        }
        let mut rows: Vec<(String, u64, u64, String)> = vec![("overlay".to_owned(), disk, node_used, "/".to_owned()), ("tmpfs".to_owned(), 67_108_864, 0, "/dev".to_owned())];
        let mut disks = 0;
        for (mount, claim) in claim_mounts(pod) {
            let volume = state.claims.get(&ObjectKey::new(&pod.meta.namespace, &claim)).and_then(|c| c.volume.clone());
            let data = volume.as_ref().and_then(|v| self.data.get(v)).map_or(0, Data::bytes);
            match volume.as_ref().and_then(|v| state.volumes.get(v)).filter(|v| super::attachdetach::attachable(v)) {
                // a network disk of its own (EBS on Nitro: NVMe devices after the root disk),
                // as large as the volume
                Some(v) => {
                    disks += 1;
                    let size = crate::apiserver::quantity::parse(&v.capacity).map_or(0, |b| b as u64);
                    rows.push((format!("/dev/nvme{disks}n1"), size, data, mount));
                }
                // a local volume: a folder on the node's disk
                None => rows.push(("/dev/vda1".to_owned(), disk, node_used + data, mount)),
            }
        }
        rows.push(("shm".to_owned(), 67_108_864, 1_024 * 1_024, "/dev/shm".to_owned()));
        let chosen: Vec<&(String, u64, u64, String)> = match path {
            None => rows.iter().collect(),
            Some(p) => {
                let best = rows.iter().filter(|r| p == r.3 || p.starts_with(&format!("{}/", r.3.trim_end_matches('/')))).max_by_key(|r| r.3.len());
                match best {
                    Some(r) if p == r.3 || !p.starts_with("/proc") => vec![r],
                    _ => return Err(format!("df: {p}: No such file or directory")),
                }
            }
        };
        let mut out = String::from("Filesystem                Size      Used Available Use% Mounted on\n");
        for (fs, size, used, mount) in chosen {
            let avail = size.saturating_sub(*used);
            let pct = if *size == 0 { 0 } else { (used * 100).div_ceil(*size) };
            out.push_str(&format!("{fs:<20} {:>9} {:>9} {:>9} {pct:>3}% {mount}\n", human(*size), human(*used), human(avail)));
        }
        Ok(out)
    }
}

/// Busybox's `df -h` sizes: `58.4G`, `975.9M`, `0`.
fn human(bytes: u64) -> String {
    if bytes == 0 {
        return "0".to_owned();
    }
    let units = ["", "K", "M", "G", "T"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes}")
    } else {
        format!("{v:.1}{}", units[u])
    }
}

/// The mount paths of the pod's claims: (mountPath, claimName), for its postgres container.
fn claim_mounts(pod: &Pod) -> Vec<(String, String)> {
    let Some(c) = postgres_container(pod).or(if pod.spec.containers.is_empty() { None } else { Some(0) }) else { return Vec::new() };
    let volumes = pod.spec.volumes.as_deref().unwrap_or(&[]);
    pod.spec.containers[c]
        .volume_mounts
        .iter()
        .flatten()
        .filter_map(|m| {
            let v = volumes.iter().find(|v| v.name == m.name)?;
            let claim = v.persistent_volume_claim.as_ref()?;
            Some((m.mount_path.clone(), claim.claim_name.clone()))
        })
        .collect()
}

/// The volume that holds `data_dir`: the claim mounted at the longest prefix of it.
fn data_volume(state: &ClusterState, pod: &Pod, _container: usize, data_dir: &str) -> Option<String> {
    let (_, claim) = claim_mounts(pod).into_iter().filter(|(m, _)| data_dir == m || data_dir.starts_with(&format!("{}/", m.trim_end_matches('/')))).max_by_key(|(m, _)| m.len())?;
    state.claims.get(&ObjectKey::new(&pod.meta.namespace, &claim)).and_then(|c| c.volume.clone())
}

/// The options of `psql` and `pg_dump` this model reads: `-c SQL`, `-U USER`, `-d DB` (or the
/// first word that is no option). `kubectl exec` runs as root, so the role defaults to
/// `root`, and the database to the role's name, as libpq defaults them.
struct PsqlArgs {
    sql: Option<String>,
    user: String,
    database: String,
}

impl PsqlArgs {
    fn parse(args: &[String]) -> PsqlArgs {
        let mut sql = None;
        let (mut user, mut database) = ("root".to_owned(), None::<String>);
        let mut i = 0;
        while i < args.len() {
            let next = args.get(i + 1).cloned();
            match args[i].as_str() {
                "-c" | "--command" => {
                    sql = next;
                    i += 1;
                }
                "-U" | "--username" => {
                    user = next.unwrap_or_default();
                    i += 1;
                }
                "-d" | "--dbname" => {
                    database = next;
                    i += 1;
                }
                "-f" | "--file" | "-h" | "--host" | "-p" | "--port" => i += 1,
                a if a.starts_with("--command=") => sql = Some(a["--command=".len()..].to_owned()),
                a if a.starts_with("--username=") => user = a["--username=".len()..].to_owned(),
                a if a.starts_with("--dbname=") => database = Some(a["--dbname=".len()..].to_owned()),
                a if a.starts_with("-c") && a.len() > 2 => sql = Some(a[2..].to_owned()),
                a if a.starts_with("-U") && a.len() > 2 => user = a[2..].to_owned(),
                a if a.starts_with("-d") && a.len() > 2 => database = Some(a[2..].to_owned()),
                a if !a.starts_with('-') && database.is_none() => database = Some(a.to_owned()),
                _ => {}
            }
            i += 1;
        }
        let database = database.unwrap_or_else(|| user.clone());
        PsqlArgs { sql, user, database }
    }
}

/// `pg_stat_activity` rows of an idle server: five background processes and this session.
const CONNECTIONS: u32 = 6;

/// psql's aligned output of one value in one column.
#[cfg(test)]
#[test]
fn psql_lists_databases_as_psql_aligns_them() {
    let expected = "                                 List of databases
   Name    |  Owner   | Encoding |  Collate   |   Ctype    |   Access privileges   
-----------+----------+----------+------------+------------+-----------------------
 postgres  | postgres | UTF8     | en_US.utf8 | en_US.utf8 | 
 template0 | postgres | UTF8     | en_US.utf8 | en_US.utf8 | =c/postgres          +
           |          |          |            |            | postgres=CTc/postgres
 template1 | postgres | UTF8     | en_US.utf8 | en_US.utf8 | =c/postgres          +
           |          |          |            |            | postgres=CTc/postgres
(3 rows)

";
    assert_eq!(list_databases("postgres", "postgres"), expected);
    let custom = list_databases("app", "appdb");
    assert!(custom.contains("\n appdb     | app   | UTF8") && custom.contains("(4 rows)"), "{custom}");
}

fn single(column: &str, value: &str) -> String {
    let width = column.len().max(value.len());
    let pad = width - column.len();
    let header = format!(" {}{column}{} ", " ".repeat(pad / 2), " ".repeat(pad - pad / 2));
    let numeric = value.chars().all(|c| c.is_ascii_digit());
    let cell = if numeric { format!(" {value:>width$} ") } else { format!(" {value:<width$} ") };
    format!("{header}\n{}\n{}\n(1 row)\n\n", "-".repeat(width + 2), cell.trim_end())
}

/// `\l`: the databases initdb made (owned by the superuser it ran as, `POSTGRES_USER`), and
/// the entrypoint's `POSTGRES_DB` (`docker_setup_db`: `CREATE DATABASE`).
fn list_databases(user: &str, database: &str) -> String {
    let mut names = vec![database.to_owned(), "postgres".to_owned(), "template0".to_owned(), "template1".to_owned()];
    names.sort();
    names.dedup();
    let rows: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            let access = if n.starts_with("template") { format!("=c/{user}\n{user}=CTc/{user}") } else { String::new() };
            vec![n.clone(), user.to_owned(), "UTF8".into(), "en_US.utf8".into(), "en_US.utf8".into(), access]
        })
        .collect();
    psql_table(Some("List of databases"), &["Name", "Owner", "Encoding", "Collate", "Ctype", "Access privileges"], &rows)
}

/// psql's aligned format: a centered title and headers, cells padded to the widest, a cell's
/// further lines marked with `+` at the column's end, and the row count.
fn psql_table(title: Option<&str>, headers: &[&str], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| rows.iter().flat_map(|r| r[i].lines()).map(|l| l.chars().count()).chain([headers[i].len()]).max().unwrap_or(0))
        .collect();
    let total: usize = widths.iter().map(|w| w + 2).sum::<usize>() + widths.len() - 1;
    let mut out = String::new();
    if let Some(t) = title {
        let pad = total.saturating_sub(t.len()) / 2;
        out.push_str(&format!("{}{t}\n", " ".repeat(pad)));
    }
    let header: Vec<String> = headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| {
            let pad = w - h.len();
            format!(" {}{h}{} ", " ".repeat(pad / 2), " ".repeat(pad - pad / 2))
        })
        .collect();
    out.push_str(&header.join("|"));
    out.push('\n');
    out.push_str(&widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+"));
    out.push('\n');
    for r in rows {
        let lines: Vec<Vec<&str>> = r.iter().map(|c| if c.is_empty() { vec![""] } else { c.lines().collect() }).collect();
        let height = lines.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let cells: Vec<String> = lines
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (l, w))| {
                    let text = l.get(k).copied().unwrap_or("");
                    let more = k + 1 < l.len();
                    let last = i + 1 == widths.len();
                    let cell = format!("{text:<w$}");
                    // psql pads every cell but the last
                    match (more, last) {
                        (true, _) => format!(" {cell}+"),
                        (false, true) => format!(" {text}"),
                        (false, false) => format!(" {cell} "),
                    }
                })
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out.push_str(&format!("({} row{})\n\n", rows.len(), if rows.len() == 1 { "" } else { "s" }));
    out
}

/// postgres's log timestamps: `2026-01-01 00:00:05.123 UTC`.
fn pg_time(clock: &WallClock, t: SimTime) -> String {
    let seconds = clock.rfc3339(t);
    format!("{}.{:03}", seconds.trim_end_matches('Z').replace('T', " "), t.0 % 1000)
}

/// Every line the server writes, with the time it writes it.
fn server_log(s: &Server, clock: &WallClock) -> Vec<(SimTime, String)> {
    let mut out: Vec<(SimTime, String)> = Vec::new();
    if let Some(lines) = &s.failed {
        return lines.iter().map(|l| (s.started, l.clone())).collect();
    }
    // the start without its crash recovery, which comes between `redo starts` and `redo done`
    let span = s.accept_at.since(s.started).saturating_sub(s.recovery_ms).max(10);
    let at = |fraction: u64| s.started.plus_ms(span * fraction / 100 + if fraction > 55 && !s.fresh { s.recovery_ms } else { 0 });
    let log = |t: SimTime, pid: u32, text: &str| (t, format!("{} UTC [{pid}] {text}", pg_time(clock, t)));
    let version = s.image.version_string();
    if s.fresh {
        let t0 = at(0);
        for line in INITDB_INTRO {
            out.push((t0, line.to_owned()));
        }
        out.push((t0, format!("fixing permissions on existing directory {} ... ok", s.data_dir)));
        for (pct, line) in [
            (5, "creating subdirectories ... ok"),
            (8, "selecting dynamic shared memory implementation ... posix"),
            (10, "selecting default max_connections ... 100"),
            (12, "selecting default shared_buffers ... 128MB"),
            (14, "selecting default time zone ... UTC"),
            (16, "creating configuration files ... ok"),
            (30, "running bootstrap script ... ok"),
            (55, "performing post-bootstrap initialization ... ok"),
            (62, "syncing data to disk ... ok"),
            (62, ""),
            (62, ""),
            (62, "Success. You can now start the database server using:"),
            (62, ""),
        ] {
            out.push((at(pct), line.to_owned()));
        }
        out.push((at(62), format!("    pg_ctl -D {} -l logfile start", s.data_dir)));
        out.push((at(62), String::new()));
        let init_pid = s.pid + 7;
        let t = at(66);
        out.push((t, format!("waiting for server to start....{}", log(t, init_pid, &format!("LOG:  starting {version}")).1)));
        out.push(log(t, init_pid, &format!("LOG:  listening on Unix socket \"{SOCKET}\"")));
        out.push(log(at(68), init_pid + 3, &format!("LOG:  database system was shut down at {}", pg_time(clock, at(62)).split('.').next().unwrap_or_default().to_owned() + " UTC")));
        out.push(log(at(70), init_pid, "LOG:  database system is ready to accept connections"));
        out.push((at(70), " done".to_owned()));
        out.push((at(70), "server started".to_owned()));
        if s.database != "postgres" {
            // docker_setup_db: psql's answer, then a blank line
            out.push((at(71), "CREATE DATABASE".to_owned()));
            out.push((at(71), String::new()));
        }
        out.push((at(72), String::new()));
        out.push((at(72), "/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*".to_owned()));
        out.push((at(72), String::new()));
        out.push(log(at(74), init_pid, "LOG:  received fast shutdown request"));
        out.push((at(74), "waiting for server to shut down....".to_owned()));
        out.push(log(at(76), init_pid, "LOG:  database system is shut down"));
        out.push((at(78), " done".to_owned()));
        out.push((at(78), "server stopped".to_owned()));
        out.push((at(80), String::new()));
        out.push((at(80), "PostgreSQL init process complete; ready for start up.".to_owned()));
        out.push((at(80), String::new()));
    } else {
        out.push((at(0), String::new()));
        out.push((at(0), "PostgreSQL Database directory appears to contain a database; Skipping initialization".to_owned()));
        out.push((at(0), String::new()));
    }
    let pid = 1;
    let boot = at(if s.fresh { 84 } else { 10 });
    out.push(log(boot, pid, &format!("LOG:  starting {version}")));
    out.push(log(boot, pid, "LOG:  listening on IPv4 address \"0.0.0.0\", port 5432"));
    out.push(log(boot, pid, "LOG:  listening on IPv6 address \"::\", port 5432"));
    out.push(log(boot, pid, &format!("LOG:  listening on Unix socket \"{SOCKET}\"")));
    let worker = s.pid;
    let recovery = at(if s.fresh { 90 } else { 30 });
    match (s.fresh, s.previous) {
        (false, Some(Stop { at: last, kind: StopKind::Killed, in_recovery })) => {
            let seconds = |t: SimTime| pg_time(clock, t).split('.').next().unwrap_or_default().to_owned();
            match in_recovery {
                // xlog.c, StartupXLOG: the control file says DB_IN_CRASH_RECOVERY
                Some(since) => {
                    out.push(log(recovery, worker, &format!("LOG:  database system was interrupted while in recovery at {} UTC", seconds(since))));
                    out.push(log(recovery, worker, "HINT:  This probably means that some data is corrupted and you will have to use the last backup for recovery."));
                }
                None => out.push(log(recovery, worker, &format!("LOG:  database system was interrupted; last known up at {} UTC", seconds(last)))),
            }
            out.push(log(recovery, worker, "LOG:  database system was not properly shut down; automatic recovery in progress"));
            out.push(log(at(55), worker, "LOG:  redo starts at 0/1A3B2C8"));
            // PostgreSQL 14 added the resource usage to this line (xlog.c, StartupXLOG); the
            // elapsed time is the model's replay time, the CPU shares a model of a disk-bound
            // replay
            let elapsed = (s.recovery_ms.max(20)) as f64 / 1000.0;
            let usage = if s.image.major >= 14 { format!(" system usage: CPU: user: {:.2} s, system: {:.2} s, elapsed: {elapsed:.2} s", elapsed * 0.4, elapsed * 0.1) } else { String::new() };
            out.push(log(at(80), worker, &format!("LOG:  redo done at 0/1C4D9F0{usage}")));
        }
        (false, Some(Stop { at: last, .. })) => {
            out.push(log(recovery, worker, &format!("LOG:  database system was shut down at {} UTC", pg_time(clock, last).split('.').next().unwrap_or_default())));
        }
        _ => out.push(log(recovery, worker, &format!("LOG:  database system was shut down at {} UTC", pg_time(clock, at(78)).split('.').next().unwrap_or_default()))),
    }
    out.push(log(s.accept_at, pid, "LOG:  database system is ready to accept connections"));
    if let Some(t) = s.shutdown_at {
        out.push(log(t, pid, "LOG:  received fast shutdown request"));
        out.push(log(t, pid, "LOG:  aborting any active transactions"));
        out.push(log(t, pid, &format!("LOG:  background worker \"logical replication launcher\" (PID {}) exited with exit code 1", s.pid + 6)));
        out.push(log(t.plus_ms(40), s.pid + 1, "LOG:  shutting down"));
        out.push(log(t.plus_ms(90), pid, "LOG:  database system is shut down"));
    }
    out.sort_by_key(|(t, _)| *t);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psql_prints_single_values_like_psql() {
        assert_eq!(single("count", "1204"), " count \n-------\n  1204\n(1 row)\n\n");
        assert_eq!(single("count", "6"), " count \n-------\n     6\n(1 row)\n\n");
        assert_eq!(single("pg_is_in_recovery", "f"), " pg_is_in_recovery \n-------------------\n f\n(1 row)\n\n");
    }

    #[test]
    fn sizes_read_like_busybox() {
        assert_eq!(human(0), "0");
        assert_eq!(human(62_725_623_808), "58.4G");
        assert_eq!(human(67_108_864), "64.0M");
        assert_eq!(human(512), "512");
    }

    #[test]
    fn versions_come_from_the_image_tag() {
        let v = |i: &str| {
            let p = PgImage::parse(i);
            (p.version(), p.alpine, p.floating)
        };
        assert_eq!(v("postgres:13.8-alpine"), ("13.8".to_owned(), true, false));
        assert_eq!(v("postgres:13-alpine"), ("13.23".to_owned(), true, false));
        assert_eq!(v("docker.io/library/postgres:16.4"), ("16.4".to_owned(), false, false));
        assert_eq!(v("postgres:17.7-alpine3.23"), ("17.7".to_owned(), true, false));
        assert_eq!(v("postgres:16@sha256:0123"), ("16.11".to_owned(), false, false));
        assert_eq!(v("postgres"), ("18.1".to_owned(), false, true));
        assert_eq!(v("postgres:latest"), ("18.1".to_owned(), false, true));
        assert_eq!(v("postgres:alpine"), ("18.1".to_owned(), true, true));
        assert_eq!(v("localhost:5000/postgres"), ("18.1".to_owned(), false, true));
        assert_eq!(PgImage::parse("postgres:13.8-alpine").version_string(), "PostgreSQL 13.8 on x86_64-pc-linux-musl, compiled by gcc (Alpine 15.2.0) 15.2.0, 64-bit");
        assert_eq!(PgImage::parse("postgres:17").version_string(), "PostgreSQL 17.7 (Debian 17.7-3.pgdg13+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit");
        assert_eq!(PgImage::parse("postgres").default_pgdata(), "/var/lib/postgresql/18/docker");
        assert_eq!(PgImage::parse("postgres:17").default_pgdata(), "/var/lib/postgresql/data");
    }
}
