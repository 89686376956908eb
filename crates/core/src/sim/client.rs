//! Postgres clients in other containers (a backup Job's `pg_dump`): they reach the simulated
//! database of another pod through the cluster DNS, the way libpq does, and fail with libpq's
//! and pg_dump's own messages.
//!
//! Reference:
//! - libpq `fe-connect.c` (PostgreSQL 13, `connectFailureMessage`, `PQconnectPoll`): `could
//!   not translate host name "H" to address: <gai_strerror>` (musl, in the alpine images: `Name
//!   does not resolve`; glibc, in the Debian ones: `Name or service not known`); `could not
//!   connect to server: Connection refused` / `Is the server running on host "H" (IP) and
//!   accepting` / `TCP/IP connections on port 5432?`; without `-h`, the Unix socket
//!   `/var/run/postgresql/.s.PGSQL.5432`. PostgreSQL 14 rewrote them: `connection to server at
//!   "H" (IP), port 5432 failed: …` and `connection to server on socket "…" failed: …`.
//! - libpq `fe-auth.c :: pg_fe_sendauth`: `fe_sendauth: no password supplied`; the server's
//!   `FATAL:  password authentication failed for user "U"`, `FATAL:  database "D" does not
//!   exist`, `FATAL:  the database system is starting up`.
//! - pg_dump 13 `pg_backup_db.c :: ConnectDatabase`: `connection to database "D" failed: …`
//!   after `pg_dump: error: `; with no password and a server that wants one it first prompts
//!   (`Password: ` on standard error when there is no terminal) and reads an empty line.
//! - docker-library/postgres `docker-entrypoint.sh :: pg_setup_hba_conf`: connections over
//!   the network need the password (`host all all all scram-sha-256`, md5 before 14) unless
//!   `POSTGRES_HOST_AUTH_METHOD=trust`.
//!
//! The dump's size is a documented model: [`DUMP_HEADER_BYTES`] plus [`DUMP_BYTES_PER_ROW`] for
//! each row of `readings`, written at [`DUMP_BYTES_PER_SECOND`].

use super::dns::{self, Answer, RecordType};
use super::init::{ClientOutcome, Outside};
use super::model::*;
use super::postgres::{DbStatus, Postgres};
use super::time::{SimTime, WallClock};
use k8s_openapi::api::core::v1::Container;

/// The schema, the settings and the `COPY` statement of a dump of the `readings` table.
pub const DUMP_HEADER_BYTES: u64 = 1_400;
/// One row of `readings` as `COPY … FROM stdin` text: an id, a reading and a timestamp.
pub const DUMP_BYTES_PER_ROW: u64 = 48;
/// How fast pg_dump writes.
pub const DUMP_BYTES_PER_SECOND: u64 = 40 * 1024 * 1024;
/// The server's port.
const PORT: u16 = 5432;

/// The size of a dump of `rows` rows.
pub fn dump_bytes(rows: u64) -> u64 {
    DUMP_HEADER_BYTES + rows * DUMP_BYTES_PER_ROW
}

/// Why a client in the server's own container could not connect over the Unix socket.
pub enum LocalFailure {
    /// No server listens on the socket.
    NoSocket,
    /// The server refused the session (`FATAL:  …`).
    Fatal(String),
}

/// What `program` (psql, pg_dump) of PostgreSQL `major` prints when it cannot connect to
/// `dbname` over the Unix socket: libpq 13's `could not connect to server: …` and the server's
/// bare `FATAL`; from 14 on, `connection to server on socket "…" failed: …`; each as
/// [`client_error`] words it.
pub fn local_failure(program: &str, major: u32, dbname: &str, f: LocalFailure) -> String {
    let pg13 = major <= 13;
    client_error(program, pg13, dbname, &socket_reason(pg13, &f))
}

/// libpq's reason for a failure over the Unix socket.
fn socket_reason(pg13: bool, f: &LocalFailure) -> String {
    let socket = "/var/run/postgresql/.s.PGSQL.5432";
    match (f, pg13) {
        (LocalFailure::NoSocket, true) => format!("could not connect to server: No such file or directory\n\tIs the server running locally and accepting\n\tconnections on Unix domain socket \"{socket}\"?"),
        (LocalFailure::Fatal(m), true) => m.clone(),
        (LocalFailure::NoSocket, false) => format!("connection to server on socket \"{socket}\" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?"),
        (LocalFailure::Fatal(m), false) => format!("connection to server on socket \"{socket}\" failed: {m}"),
    }
}

/// How `program` prints a connection failure's `reason`: psql (and every client from 14 on)
/// `PROGRAM: error: REASON`; pg_dump 13 `connection to database "D" failed: REASON` after it.
fn client_error(program: &str, pg13: bool, dbname: &str, reason: &str) -> String {
    match (program, pg13) {
        ("psql", _) | (_, false) => format!("{program}: error: {reason}"),
        (_, true) => format!("{program}: error: connection to database \"{dbname}\" failed: {reason}"),
    }
}

/// What a container of `pod` reaches outside: the clock, its environment, the cluster's DNS and
/// databases.
pub struct Reach<'a> {
    /// The cluster.
    pub state: &'a ClusterState,
    /// The databases.
    pub db: &'a Postgres,
    /// The cluster domain.
    pub domain: &'a str,
    /// The wall clock.
    pub clock: WallClock,
    /// The pod the program runs in.
    pub pod: &'a Pod,
    /// Its container.
    pub container: &'a Container,
}

/// The options of a libpq client's command line.
#[derive(Default)]
struct Options {
    host: Option<String>,
    port: Option<u16>,
    user: Option<String>,
    dbname: Option<String>,
}

fn options(args: &[String]) -> Options {
    let mut o = Options::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut value = |short: &str, long: &str| -> Option<String> {
            if a == short || a == long {
                i += 1;
                return args.get(i).cloned();
            }
            if let Some(v) = a.strip_prefix(&format!("{long}=")) {
                return Some(v.to_owned());
            }
            a.strip_prefix(short).filter(|v| !v.is_empty() && short.len() == 2).map(str::to_owned)
        };
        if let Some(v) = value("-h", "--host") {
            o.host = Some(v);
        } else if let Some(v) = value("-p", "--port") {
            o.port = v.parse().ok();
        } else if let Some(v) = value("-U", "--username") {
            o.user = Some(v);
        } else if let Some(v) = value("-d", "--dbname") {
            o.dbname = Some(v);
        } else if let Some(v) = value("-f", "--file") {
            let _ = v;
        } else if let Some(v) = value("-c", "--command") {
            let _ = v;
        } else if !a.starts_with('-') && o.dbname.is_none() {
            o.dbname = Some(a.clone());
        }
        i += 1;
    }
    o
}

/// Why a connection failed, before the client program words it.
enum Failure {
    /// The name did not resolve.
    Resolve(String),
    /// No server on the Unix socket.
    Socket,
    /// Nothing listens at the address.
    Refused(String, String),
    /// The server refused us (`FATAL:  …`), at this address.
    Fatal(String, String, String),
    /// No password to send.
    NoPassword(String, String),
}

impl Reach<'_> {
    fn env_var(&self, name: &str) -> Option<String> {
        super::postgres::env_value(self.state, self.pod, self.container, name)
    }

    fn pg13(&self) -> bool {
        super::postgres::PgImage::parse(self.container.image.as_deref().unwrap_or("")).major <= 13
    }

    fn musl(&self) -> bool {
        self.container.image.as_deref().is_some_and(|i| i.contains("alpine") || i.rsplit('/').next().is_some_and(|n| n.starts_with("busybox")))
    }

    /// The A record the pod's resolver finds for `host` (its search path: `ndots:5`).
    fn resolve(&self, host: &str) -> Option<String> {
        if host.parse::<std::net::Ipv4Addr>().is_ok() {
            return Some(host.to_owned());
        }
        for name in dns::candidates(host, &self.pod.meta.namespace, self.domain) {
            if let Answer::Records(ips) = dns::resolve(self.state, self.domain, &name, RecordType::A) {
                if let Some(ip) = ips.first() {
                    return Some(ip.clone());
                }
            }
        }
        None
    }

    /// The pod serving an IP: a pod's own, or a Service's cluster IP (one of its ready
    /// endpoints).
    fn pod_at(&self, ip: &str) -> Option<&Pod> {
        if let Some(p) = self.state.pods.values().find(|p| p.status.ip.is_some_and(|a| a.to_string() == ip) && !p.status.phase.is_terminal()) {
            return Some(p);
        }
        let svc = self.state.services.values().find(|s| s.spec.cluster_ip.as_deref() == Some(ip))?;
        let slices = self.state.endpoint_slices.get(&svc.meta.key())?;
        let name = slices.iter().flat_map(|s| s.endpoints.iter()).find(|e| e.ready).map(|e| e.pod.clone())?;
        self.state.pods.get(&ObjectKey::new(&svc.meta.namespace, &name))
    }

    /// Connects as libpq would: the rows of `readings` in the database, or why not.
    fn connect(&self, o: &Options) -> Result<u64, Failure> {
        let host = o.host.clone().or_else(|| self.env_var("PGHOST"));
        let Some(host) = host.filter(|h| !h.starts_with('/')) else { return Err(Failure::Socket) };
        let Some(ip) = self.resolve(&host) else { return Err(Failure::Resolve(host)) };
        let port = o.port.or_else(|| self.env_var("PGPORT").and_then(|p| p.parse().ok())).unwrap_or(PORT);
        let Some(server_pod) = self.pod_at(&ip).filter(|_| port == PORT) else { return Err(Failure::Refused(host, ip)) };
        let now = self.state.now;
        match self.db.status(&server_pod.meta.key(), &server_pod.meta.uid, now) {
            DbStatus::Accepting => {}
            DbStatus::Starting => return Err(Failure::Fatal(host, ip, "FATAL:  the database system is starting up".to_owned())),
            DbStatus::Down | DbStatus::ShuttingDown => return Err(Failure::Refused(host, ip)),
        }
        let Some(server) = self.db.server(&server_pod.meta.key(), &server_pod.meta.uid) else { return Err(Failure::Refused(host, ip)) };
        let user = o.user.clone().or_else(|| self.env_var("PGUSER")).unwrap_or_else(|| "root".to_owned());
        let dbname = o.dbname.clone().or_else(|| self.env_var("PGDATABASE")).unwrap_or_else(|| user.clone());
        let server_container = server_pod.spec.containers.iter().find(|c| super::postgres::is_postgres_container(c));
        let server_env = |name: &str| server_container.and_then(|c| super::postgres::env_value(self.state, server_pod, c, name));
        let trust = server_env("POSTGRES_HOST_AUTH_METHOD").as_deref() == Some("trust");
        if !trust {
            let Some(password) = self.env_var("PGPASSWORD").filter(|p| !p.is_empty()) else { return Err(Failure::NoPassword(host, ip)) };
            if user != server.user || server_env("POSTGRES_PASSWORD").as_deref() != Some(password.as_str()) {
                return Err(Failure::Fatal(host, ip, format!("FATAL:  password authentication failed for user \"{user}\"")));
            }
        } else if user != server.user {
            return Err(Failure::Fatal(host, ip, format!("FATAL:  role \"{user}\" does not exist")));
        }
        if ![server.database.as_str(), "postgres", "template1"].contains(&dbname.as_str()) {
            return Err(Failure::Fatal(host, ip, format!("FATAL:  database \"{dbname}\" does not exist")));
        }
        Ok(self.db.data_of(self.state, server_pod).map_or(0, |d| d.rows()))
    }

    /// libpq's message for a failure, in the client's version, as lines.
    fn words(&self, program: &str, dbname: &str, f: &Failure) -> Vec<String> {
        let gai = if self.musl() { "Name does not resolve" } else { "Name or service not known" };
        let pg13 = self.pg13();
        let reason = match (f, pg13) {
            (Failure::Resolve(h), _) => format!("could not translate host name \"{h}\" to address: {gai}"),
            (Failure::Socket, _) => socket_reason(pg13, &LocalFailure::NoSocket),
            (Failure::Refused(h, ip), true) => format!("could not connect to server: Connection refused\n\tIs the server running on host \"{h}\" ({ip}) and accepting\n\tTCP/IP connections on port {PORT}?"),
            (Failure::Fatal(_, _, m), true) => m.clone(),
            (Failure::NoPassword(..), true) => "fe_sendauth: no password supplied".to_owned(),
            (Failure::Refused(h, ip), false) => format!("connection to server at \"{h}\" ({ip}), port {PORT} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?"),
            (Failure::Fatal(h, ip, m), false) => format!("connection to server at \"{h}\" ({ip}), port {PORT} failed: {m}"),
            (Failure::NoPassword(h, ip), false) => format!("connection to server at \"{h}\" ({ip}), port {PORT} failed: fe_sendauth: no password supplied"),
        };
        let text = client_error(program, pg13, dbname, &reason);
        let mut lines: Vec<String> = Vec::new();
        if matches!(f, Failure::NoPassword(..)) {
            // the password prompt, answered by an empty standard input
            lines.push("Password: ".to_owned());
        }
        lines.extend(text.lines().map(str::to_owned));
        lines
    }
}

impl Outside for Reach<'_> {
    fn now_unix(&self) -> i64 {
        self.clock.unix(self.state.now)
    }

    fn env(&self, name: &str) -> Option<String> {
        self.env_var(name)
    }

    fn pg_client(&self, program: &str, args: &[String]) -> ClientOutcome {
        let o = options(args);
        let user = o.user.clone().or_else(|| self.env_var("PGUSER")).unwrap_or_else(|| "root".to_owned());
        let dbname = o.dbname.clone().or_else(|| self.env_var("PGDATABASE")).unwrap_or_else(|| user.clone());
        match self.connect(&o) {
            Ok(rows) => {
                let (bytes, rows) = if program == "psql" { (0, None) } else { (dump_bytes(rows), Some(rows)) };
                ClientOutcome { code: 0, stdout_bytes: bytes, rows, stderr: Vec::new(), ms: 200 + bytes * 1000 / DUMP_BYTES_PER_SECOND }
            }
            Err(f) => {
                let code = if program == "psql" { 2 } else { 1 };
                ClientOutcome { code, stdout_bytes: 0, rows: None, stderr: self.words(program, &dbname, &f), ms: 50 }
            }
        }
    }
}

/// A file on a volume (`ls -l` of its mount), as a container wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// Its path from the volume's root.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// The rows of `readings` in it, for a dump.
    pub rows: Option<u64>,
    /// When it was last written.
    pub written: SimTime,
    /// A dump pg_dump wrote: what it holds (a file on the learner's side of the terminal).
    pub dump: Option<super::postgres::Dump>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_like_libpq() {
        let o = options(&["-h".into(), "db".into(), "-U".into(), "postgres".into(), "app".into()]);
        assert_eq!((o.host.as_deref(), o.user.as_deref(), o.dbname.as_deref()), (Some("db"), Some("postgres"), Some("app")));
        let o = options(&["--host=db".into(), "-Upostgres".into(), "-d".into(), "x".into()]);
        assert_eq!((o.host.as_deref(), o.user.as_deref(), o.dbname.as_deref()), (Some("db"), Some("postgres"), Some("x")));
    }

    #[test]
    fn a_dump_grows_with_the_rows() {
        assert_eq!(dump_bytes(0), DUMP_HEADER_BYTES);
        assert_eq!(dump_bytes(1000), DUMP_HEADER_BYTES + 48_000);
    }
}
