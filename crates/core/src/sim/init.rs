//! Init containers: what one does when the kubelet runs it, so that the kubelet
//! ([`super::kubelet`]) can run them in order, each to completion, before the app containers
//! (reference: `pkg/kubelet/kuberuntime/kuberuntime_manager.go :: computeInitContainerActions`
//! in v1.35 — the next init container starts only when the one before exited 0; a failed one
//! is restarted with the crash back-off, since a StatefulSet's pods have
//! `restartPolicy: Always`).
//!
//! The simulated container runs its `command` and `args` the way the image would:
//! - the executable must exist in the image. Images we know the contents of (busybox and
//!   alpine, whose programs are busybox's applets) have a list of what is on their `PATH`; a name that is not there fails in the
//!   runtime before anything runs: runc's `exec: "NAME": executable file not found in $PATH`,
//!   the kubelet's `RunContainerError` and a `StartError` termination with exit code 128
//!   (`kuberuntime_container.go :: startContainer`). Other images are taken to have it.
//! - `sh -c SCRIPT` (also `ash`, `bash`) runs the script's simple commands joined by `&&`,
//!   `||`, `;` and newlines: `exit N`, `true`, `false`, `sleep N` (seconds), `echo`, and the
//!   image's other programs, which succeed (`chown` needs root: as another user it prints
//!   `Operation not permitted` and fails). A command the image lacks prints
//!   `sh: NAME: not found` and gives 127, as busybox's `ash` does. Loops and conditionals
//!   (`until`, `while`, `for`, `if`, `case`) are taken to finish after a few seconds.
//! - `chown [-R] UID[:GID] PATH`, run as root on a path that a claim's volume is mounted at,
//!   gives that volume to `UID` ([`Run::chowns`]): the guide's `chown -R 999:999 /data`.

use k8s_openapi::api::core::v1::{Container, PodSpec};

/// What running an init container does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// The process ran for `ms` and exited with `code`, printing `output`.
    Exits {
        /// The exit code (0: it completed).
        code: i32,
        /// How long it ran, in simulated milliseconds.
        ms: u64,
        /// What it printed (its logs).
        output: Vec<String>,
        /// The mount paths it `chown`ed, with the new owner's uid.
        chowns: Vec<(String, u32)>,
        /// The files it wrote through a redirection (`> /backup/x.sql`).
        files: Vec<FileWrite>,
    },
    /// The executable is not in the image: the runtime cannot start the container.
    NotFound {
        /// The name as written.
        executable: String,
    },
}

/// A file a container wrote (`pg_dump … > FILE`): the shell creates it before the program runs,
/// so a program that fails leaves it empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileWrite {
    /// The path as the container sees it.
    pub path: String,
    /// Its size.
    pub bytes: u64,
    /// The rows of `readings` in it, for a dump.
    pub rows: Option<u64>,
    /// `>>`: appended rather than replaced.
    pub append: bool,
}

/// What a postgres client program did ([`Outside::pg_client`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientOutcome {
    /// The exit code.
    pub code: i32,
    /// Bytes it wrote to standard output (a dump).
    pub stdout_bytes: u64,
    /// Rows of `readings` in that output.
    pub rows: Option<u64>,
    /// What it printed on standard error, a line each.
    pub stderr: Vec<String>,
    /// How long it ran, in simulated milliseconds.
    pub ms: u64,
}

/// What a container's programs see beyond their own filesystem: the clock, the container's
/// environment, and the cluster's network for the postgres clients. Init containers run
/// without it ([`run`]); a Job's container runs with the world's ([`run_with`]).
pub trait Outside {
    /// Unix seconds now.
    fn now_unix(&self) -> i64;
    /// The container's environment variable, as the kubelet resolved it.
    fn env(&self, name: &str) -> Option<String>;
    /// Runs `pg_dump`, `pg_dumpall` or `psql` with these arguments.
    fn pg_client(&self, program: &str, args: &[String]) -> ClientOutcome;
}

/// No network, no environment, the simulation's default start instant (for checks that run a
/// command without a cluster: its postgres clients fail without a word).
struct Nowhere;

impl Outside for Nowhere {
    fn now_unix(&self) -> i64 {
        1_767_225_600
    }
    fn env(&self, _: &str) -> Option<String> {
        None
    }
    fn pg_client(&self, _: &str, _: &[String]) -> ClientOutcome {
        ClientOutcome { code: 1, ..ClientOutcome::default() }
    }
}

impl Run {
    /// The mount paths the run gave to a uid (none unless it exited 0).
    pub fn chowns(&self) -> &[(String, u32)] {
        match self {
            Run::Exits { code: 0, chowns, .. } => chowns,
            _ => &[],
        }
    }
}

/// The message of the runtime's error for an executable that is not in the image (runc
/// 1.2+, through containerd 2), as the kubelet reports it.
pub fn not_found_message(executable: &str) -> String {
    format!(
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{executable}\": executable file not found in $PATH: unknown"
    )
}

/// How long a container takes from start to its first instruction.
const START_MS: u64 = 300;

/// The longest `sleep` modelled (an hour): longer ones are cut there.
const MAX_SLEEP_S: u64 = 3_600;

/// busybox's applets (`busybox --list` of busybox:1.36, those a script uses) and the shell's
/// builtins.
const BUSYBOX: &[&str] = &[
    "sh", "ash", "awk", "basename", "cat", "chgrp", "chmod", "chown", "cp", "cut", "date", "dd", "df", "dirname", "du", "echo", "env", "expr", "false", "find",
    "grep", "gunzip", "gzip", "head", "hostname", "id", "ln", "ls", "mkdir", "mktemp", "mv", "nc", "nslookup", "ping", "printf", "ps", "pwd", "readlink", "rm", "rmdir",
    "sed", "seq", "sleep", "sort", "stat", "su", "sync", "tail", "tar", "tee", "test", "[", "timeout", "touch", "tr", "true", "uname", "uniq", "wc", "wget", "which",
    "whoami", "xargs", "yes",
];

/// What is on the image's `PATH`, for the images whose contents the simulator knows (images
/// named `busybox` and `alpine`); `None` for the others (every
/// executable is taken to exist there: a Debian-based image such as postgres has too many).
pub fn path_of(image: &str) -> Option<Vec<&'static str>> {
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.split([':', '@']).next().unwrap_or(name) {
        "busybox" => Some(BUSYBOX.to_vec()),
        "alpine" => Some(BUSYBOX.iter().chain(&["apk"]).copied().collect()),
        _ => None,
    }
}

/// The programs a container's `command` and `args` would run that its image does not have:
/// (name, in a shell script). The exec form's executable fails in the runtime; a name in an
/// `sh -c` script is the shell's `not found` (exit 127). Empty for images whose contents are
/// unknown ([`path_of`]), and for scripts with loops, conditionals, substitutions or pipes.
pub fn missing_programs(image: &str, argv: &[String]) -> Vec<(String, bool)> {
    let path = path_of(image);
    let Some(exe) = argv.first().filter(|_| path.is_some()) else { return Vec::new() };
    if !has(&path, exe) {
        return vec![(exe.clone(), false)];
    }
    let base = exe.rsplit('/').next().unwrap_or(exe);
    let Some(script) = argv.get(2).filter(|_| matches!(base, "sh" | "ash") && argv[1] == "-c") else { return Vec::new() };
    if script.contains(['|', '`', '$', '>', '<', '(', '{']) || script.split_whitespace().any(|w| SHELL_WORDS.contains(&w)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut first = true;
    for t in tokenize(script) {
        if matches!(t.as_str(), "&&" | "||" | ";") {
            first = true;
            continue;
        }
        if first && !t.contains('=') && !BUILTINS.contains(&t.as_str()) && !has(&path, &t) && !out.iter().any(|(n, _)| n == &t) {
            out.push((t.clone(), true));
        }
        first = false;
    }
    out
}

/// Shell keywords: a script that uses them is not checked word by word.
const SHELL_WORDS: &[&str] = &["until", "while", "for", "if", "case", "then", "do", "function"];

/// Shell builtins, which need no program.
const BUILTINS: &[&str] = &["true", "false", ":", "echo", "exit", "cd", "export", "set", "unset", "exec", "source", ".", "read", "trap", "wait", "umask", "ulimit", "eval", "shift", "return", "printf", "test", "["];

fn has(path: &Option<Vec<&'static str>>, executable: &str) -> bool {
    let base = executable.rsplit('/').next().unwrap_or(executable);
    path.as_ref().is_none_or(|p| p.contains(&base))
}

/// The uid the container runs as: its `securityContext.runAsUser`, else the pod's, else the
/// image's user (root for busybox, alpine and postgres, whose entrypoint drops to postgres
/// itself).
pub fn run_as_user(spec: &PodSpec, c: &Container) -> u32 {
    c.security_context
        .as_ref()
        .and_then(|s| s.run_as_user)
        .or_else(|| spec.security_context.as_ref().and_then(|s| s.run_as_user))
        .map_or(0, |u| u32::try_from(u).unwrap_or(0))
}

/// Runs an init container of a pod with this spec (see the module's documentation).
pub fn run(spec: &PodSpec, c: &Container) -> Run {
    run_with(spec, c, &Nowhere)
}

/// Runs a container's command with what it can reach outside ([`Outside`]): `date`, `$VAR`,
/// `$(…)`, redirections to files, and the postgres clients.
pub fn run_with(spec: &PodSpec, c: &Container, outside: &dyn Outside) -> Run {
    let path = path_of(c.image.as_deref().unwrap_or(""));
    let argv: Vec<String> = c.command.iter().flatten().chain(c.args.iter().flatten()).cloned().collect();
    let Some(exe) = argv.first() else {
        // the image's default command: busybox's and alpine's `sh` exit at once without input
        return Run::Exits { code: 0, ms: START_MS, output: Vec::new(), chowns: Vec::new(), files: Vec::new() };
    };
    if !has(&path, exe) {
        return Run::NotFound { executable: exe.clone() };
    }
    let root = run_as_user(spec, c) == 0;
    let base = exe.rsplit('/').next().unwrap_or(exe);
    let mounts: Vec<String> = c.volume_mounts.iter().flatten().map(|m| m.mount_path.trim_end_matches('/').to_owned()).collect();
    let mut shell = Shell { path: &path, root, mounts: &mounts, ms: START_MS, output: Vec::new(), chowns: Vec::new(), files: Vec::new(), outside, captured: None };
    let code = if matches!(base, "sh" | "ash" | "bash") && argv.get(1).is_some_and(|a| a == "-c") {
        shell.script(argv.get(2).map_or("", String::as_str))
    } else {
        shell.simple(&argv, false)
    };
    Run::Exits { code, ms: shell.ms, output: shell.output, chowns: shell.chowns, files: shell.files }
}

/// What a command wrote to standard output while it was redirected to a file.
#[derive(Default)]
struct Captured {
    bytes: u64,
    rows: Option<u64>,
}

struct Shell<'a> {
    path: &'a Option<Vec<&'static str>>,
    root: bool,
    mounts: &'a [String],
    ms: u64,
    output: Vec<String>,
    chowns: Vec<(String, u32)>,
    files: Vec<FileWrite>,
    outside: &'a dyn Outside,
    /// Standard output goes to a file while this is set.
    captured: Option<Captured>,
}

impl Shell<'_> {
    /// Runs a script: simple commands joined by `&&`, `||`, `;` and newlines. Returns the exit
    /// status (`exit N` ends it at once).
    fn script(&mut self, script: &str) -> i32 {
        let words: Vec<&str> = script.split_whitespace().collect();
        if words.iter().any(|w| matches!(*w, "until" | "while" | "for" | "if" | "case")) {
            self.ms += 3_000;
            return 0;
        }
        let mut status = 0;
        let mut run_next = true;
        let mut command: Vec<String> = Vec::new();
        let script = self.expand(script);
        let tokens = tokenize(&script);
        for t in tokens.into_iter().chain(std::iter::once(";".to_owned())) {
            let op = matches!(t.as_str(), "&&" | "||" | ";" | "\n");
            if !op {
                command.push(t);
                continue;
            }
            let redirect = take_redirect(&mut command);
            if !command.is_empty() && run_next && command[0] != "exit" && redirect.is_some() {
                let (path, append) = redirect.unwrap_or_default();
                self.captured = Some(Captured::default());
                status = self.simple(&command, true);
                let captured = self.captured.take().unwrap_or_default();
                self.files.push(FileWrite { path, bytes: captured.bytes, rows: captured.rows, append });
                command.clear();
                run_next = match t.as_str() {
                    "&&" => status == 0,
                    "||" => status != 0,
                    _ => true,
                };
                continue;
            }
            if !command.is_empty() && run_next {
                if command[0] == "exit" {
                    // ash keeps the low 8 bits; what is not a number is an error (status 2)
                    return match command.get(1).map(|n| (n, n.parse::<u64>())) {
                        None => status,
                        Some((_, Ok(n))) => (n & 255) as i32,
                        Some((n, Err(_))) => {
                            self.output.push(format!("sh: exit: Illegal number: {n}"));
                            2
                        }
                    };
                }
                status = self.simple(&command, true);
            }
            command.clear();
            run_next = match t.as_str() {
                "&&" => status == 0,
                "||" => status != 0,
                _ => true,
            };
        }
        status
    }

    /// Runs one command; `in_shell`: a missing program is the shell's `not found`.
    fn simple(&mut self, argv: &[String], in_shell: bool) -> i32 {
        let exe = argv[0].as_str();
        let base = exe.rsplit('/').next().unwrap_or(exe);
        if in_shell && !BUILTINS.contains(&base) && !has(self.path, exe) {
            self.output.push(format!("sh: {exe}: not found"));
            return 127;
        }
        match base {
            "true" | ":" => 0,
            "false" => 1,
            "sleep" => {
                let s = argv.get(1).and_then(|a| a.trim_end_matches('s').parse::<u64>().ok()).unwrap_or(0).min(MAX_SLEEP_S);
                self.ms += s * 1000;
                0
            }
            "echo" => {
                self.stdout(&argv[1..].join(" "));
                0
            }
            "date" => {
                let text = date(self.outside.now_unix(), argv.get(1).and_then(|f| f.strip_prefix('+')));
                self.stdout(&text);
                0
            }
            "chown" => self.chown(&argv[1..]),
            "pg_dump" | "pg_dumpall" | "psql" => {
                let outcome = self.outside.pg_client(base, &argv[1..]);
                self.ms += outcome.ms;
                self.output.extend(outcome.stderr);
                match self.captured.as_mut() {
                    Some(c) => {
                        c.bytes += outcome.stdout_bytes;
                        c.rows = outcome.rows.or(c.rows);
                    }
                    // a dump to the terminal: the simulator keeps its size, not its text
                    None => {}
                }
                outcome.code
            }
            _ => 0,
        }
    }

    /// A line on standard output: the logs, or the file it is redirected to.
    fn stdout(&mut self, line: &str) {
        match self.captured.as_mut() {
            Some(c) => c.bytes += line.len() as u64 + 1,
            None => self.output.push(line.to_owned()),
        }
    }

    /// `$(…)` (a simple command: `date +%Y%m%d`) and `$NAME` / `${NAME}` (the container's
    /// environment), outside single quotes; `\%` is `%`.
    fn expand(&mut self, script: &str) -> String {
        let mut out = String::new();
        let mut chars = script.chars().peekable();
        let mut single = false;
        while let Some(ch) = chars.next() {
            match ch {
                '\'' => {
                    single = !single;
                    out.push(ch);
                }
                '\\' if !single && chars.peek() == Some(&'%') => {}
                '$' if !single && chars.peek() == Some(&'(') => {
                    chars.next();
                    let mut inner = String::new();
                    for c in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                        inner.push(c);
                    }
                    let inner = inner.replace("\\%", "%");
                    let words = tokenize(&inner);
                    if !words.is_empty() {
                        let before = self.output.len();
                        self.simple(&words, true);
                        let printed: Vec<String> = self.output.drain(before..).collect();
                        out.push_str(&printed.join(" "));
                    }
                }
                '$' if !single && chars.peek().is_some_and(|c| *c == '{' || c.is_ascii_alphabetic() || *c == '_') => {
                    let braced = chars.peek() == Some(&'{');
                    if braced {
                        chars.next();
                    }
                    let mut name = String::new();
                    while let Some(&c) = chars.peek() {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            name.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    if braced && chars.peek() == Some(&'}') {
                        chars.next();
                    }
                    out.push_str(&self.outside.env(&name).unwrap_or_default());
                }
                c => out.push(c),
            }
        }
        out
    }

    fn chown(&mut self, args: &[String]) -> i32 {
        let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let Some((owner, paths)) = operands.split_first() else { return 1 };
        if !self.root {
            for p in paths {
                self.output.push(format!("chown: {p}: Operation not permitted"));
            }
            return 1;
        }
        let uid = owner.split([':', '.']).next().and_then(|u| u.parse::<u32>().ok()).unwrap_or(match owner.split([':', '.']).next() {
            Some("postgres") => 70,
            _ => 0,
        });
        for p in paths {
            let p = p.trim_end_matches('/');
            if self.mounts.iter().any(|m| m == p) {
                self.chowns.push((p.to_owned(), uid));
            }
        }
        self.ms += 200;
        0
    }
}

/// Takes `> FILE`, `>FILE`, `>> FILE` off a command: (path, append).
fn take_redirect(command: &mut Vec<String>) -> Option<(String, bool)> {
    let i = command.iter().position(|w| w.starts_with('>'))?;
    let word = command.remove(i);
    let append = word.starts_with(">>");
    let rest = word.trim_start_matches('>').to_owned();
    let path = if rest.is_empty() { (i < command.len()).then(|| command.remove(i))? } else { rest };
    Some((path, append))
}

/// busybox `date [+FORMAT]` in UTC: `%Y %m %d %H %M %S %y %j %s %%`, and the default form
/// `Thu Jan  1 02:00:00 UTC 2026`.
pub fn date(unix: i64, format: Option<&str>) -> String {
    let days = unix.div_euclid(86_400);
    let rem = unix.rem_euclid(86_400);
    let (y, mo, d) = super::time::civil_from_days(days);
    let (h, mi, se) = (rem / 3600, (rem / 60) % 60, rem % 60);
    use super::time::{MONTHS, WEEKDAYS};
    let Some(format) = format else {
        return format!("{} {} {d:>2} {h:02}:{mi:02}:{se:02} UTC {y}", WEEKDAYS[days.rem_euclid(7) as usize], MONTHS[(mo - 1) as usize]);
    };
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&format!("{y:04}")),
            Some('y') => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{se:02}")),
            Some('j') => out.push_str(&format!("{:03}", days - super::time::days_from_civil(y, 1, 1) + 1)),
            Some('s') => out.push_str(&unix.to_string()),
            Some('F') => out.push_str(&format!("{y:04}-{mo:02}-{d:02}")),
            Some('T') => out.push_str(&format!("{h:02}:{mi:02}:{se:02}")),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// Splits a script into words and the operators `&&`, `||`, `;` and newline, minding quotes.
fn tokenize(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = script.chars().peekable();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => quote = Some(ch),
            (None, '&' | '|') if chars.peek() == Some(&ch) => {
                chars.next();
                flush(&mut word, &mut out);
                out.push(format!("{ch}{ch}"));
            }
            (None, ';' | '\n') => {
                flush(&mut word, &mut out);
                out.push(";".to_owned());
            }
            (None, c) if c.is_whitespace() => flush(&mut word, &mut out),
            (None, c) => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{SecurityContext, VolumeMount};

    fn pod() -> PodSpec {
        PodSpec::default()
    }

    fn container(image: &str, command: &[&str]) -> Container {
        Container {
            name: "init".into(),
            image: Some(image.into()),
            command: (!command.is_empty()).then(|| command.iter().map(|s| (*s).to_owned()).collect()),
            volume_mounts: Some(vec![VolumeMount { name: "data".into(), mount_path: "/data".into(), ..Default::default() }]),
            ..Default::default()
        }
    }

    fn code(r: &Run) -> Option<i32> {
        match r {
            Run::Exits { code, .. } => Some(*code),
            Run::NotFound { .. } => None,
        }
    }

    #[test]
    fn the_guides_chown_completes_and_gives_the_volume_to_999() {
        let r = run(&pod(), &container("busybox", &["sh", "-c", "chown -R 999:999 /data"]));
        assert_eq!(code(&r), Some(0));
        assert_eq!(r.chowns(), &[("/data".to_owned(), 999)]);
    }

    #[test]
    fn exit_codes_follow_the_shell() {
        let p = pod();
        assert_eq!(code(&run(&p, &container("busybox", &["false"]))), Some(1));
        assert_eq!(code(&run(&p, &container("busybox", &["sh", "-c", "exit 3"]))), Some(3));
        assert_eq!(code(&run(&p, &container("busybox", &["sh", "-c", "exit 300"]))), Some(44));
        assert_eq!(code(&run(&p, &container("busybox", &["sh", "-c", "exit -1"]))), Some(2));
        assert_eq!(code(&run(&p, &container("busybox", &["sh", "-c", "true && exit 1; echo no"]))), Some(1));
        assert_eq!(code(&run(&p, &container("busybox", &["sh", "-c", "false || echo fine"]))), Some(0));
        assert_eq!(code(&run(&p, &container("busybox", &["sh", "-c", "false && echo no"]))), Some(1));
        assert_eq!(code(&run(&p, &container("busybox", &[]))), Some(0), "busybox's sh exits 0 without input");
        let slept = run(&p, &container("busybox", &["sleep", "5"]));
        assert!(matches!(slept, Run::Exits { code: 0, ms, .. } if ms >= 5_000));
    }

    #[test]
    fn what_the_image_lacks_is_not_found() {
        let p = pod();
        assert_eq!(run(&p, &container("busybox:1.36", &["bash", "-c", "true"])), Run::NotFound { executable: "bash".into() });
        assert_eq!(run(&p, &container("busybox", &["chwon", "999", "/data"])), Run::NotFound { executable: "chwon".into() });
        let r = run(&p, &container("busybox", &["sh", "-c", "chwon -R 999:999 /data"]));
        assert!(matches!(&r, Run::Exits { code: 127, output, .. } if output == &["sh: chwon: not found".to_owned()]), "{r:?}");
        assert_eq!(code(&run(&p, &container("example.com/tools:1", &["anything"]))), Some(0), "an unknown image is taken to have it");
        assert!(not_found_message("bash").contains("exec: \"bash\": executable file not found in $PATH"));
    }

    #[test]
    fn chown_as_another_user_is_not_permitted() {
        let mut c = container("busybox", &["chown", "-R", "999:999", "/data"]);
        c.security_context = Some(SecurityContext { run_as_user: Some(999), ..Default::default() });
        let r = run(&pod(), &c);
        assert!(matches!(&r, Run::Exits { code: 1, output, .. } if output == &["chown: /data: Operation not permitted".to_owned()]), "{r:?}");
        assert!(r.chowns().is_empty());
    }
}
