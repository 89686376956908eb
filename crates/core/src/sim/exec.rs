//! `kubectl exec POD -- COMMAND`: the commands the simulated containers answer (`hostname`,
//! `df`, `ls` of a mount, `pg_isready`, `psql`, `pg_dump`), and the learner's side of the
//! terminal: the files the shell's `> FILE` writes and `< FILE` reads, as in the guide's
//! option 2, `kubectl exec POD -- pg_dump -U postgres > backup.sql`, and its way back,
//! `kubectl exec -i POD -- psql -U postgres < backup.sql`.
//!
//! The shell opens the files before kubectl runs: `> FILE` empties (or creates) it even when
//! the command then fails, and a `< FILE` that does not exist stops the line before kubectl
//! starts (bash: `bash: FILE: No such file or directory`). kubectl passes its standard input
//! to the command only with `-i` (`--stdin`); without it the command reads nothing
//! (kubectl's `exec.go`: the stream is attached only when `Stdin` is set), so `psql <
//! backup.sql` without `-i` restores nothing, and says nothing. With `-t` and a standard
//! input that is a file, kubectl warns `Unable to use a TTY - input is not a terminal or the
//! right kind of file` and goes on without one.

use super::api::{ApiError, Response};
use super::client::StoredFile;
use super::model::*;
use super::postgres::{Dump, TABLE};
use super::script::Printed;
use super::time::SimTime;
use super::world::World;

/// The pod, if its container runs; else what kubectl prints.
fn running<'a>(w: &'a World, namespace: &str, name: &str) -> Result<&'a Pod, String> {
    let Some(pod) = w.state.pods.get(&ObjectKey::new(namespace, name)) else { return Err(format!("Error from server (NotFound): pods \"{name}\" not found")) };
    if !matches!(pod.status.container, Some(ContainerState::Running { .. })) {
        let container = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
        return Err(format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    }
    Ok(pod)
}

/// How the shell wires a `kubectl exec` line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redirect {
    /// `-i` / `--stdin`: kubectl passes its standard input to the command.
    pub stdin: bool,
    /// `-t` / `--tty`.
    pub tty: bool,
    /// `< FILE`.
    pub input: Option<String>,
    /// `> FILE`, or `>> FILE` (appends).
    pub output: Option<(String, bool)>,
}

/// `kubectl exec … > FILE` or `< FILE`: runs the command with the shell's redirections.
pub(crate) fn redirected(w: &mut World, namespace: &str, name: &str, command: &[String], r: &Redirect) -> Response {
    let now = w.now();
    let mut response = Response::default();
    // the shell opens the input, then the output, before kubectl starts
    let input = match &r.input {
        Some(file) => match w.local_files.get(file) {
            Some(f) => Some(f.clone()),
            None => {
                let line = format!("bash: {file}: No such file or directory");
                response.errors.push(ApiError { message: line.clone(), kubectl: line });
                return response;
            }
        },
        None => None,
    };
    if let Some((file, append)) = &r.output {
        let empty = StoredFile { name: file.clone(), bytes: 0, rows: None, written: now, dump: None };
        if *append {
            w.local_files.entry(file.clone()).or_insert(empty);
        } else {
            w.local_files.insert(file.clone(), empty);
        }
    }
    if input.is_some() && r.tty {
        response.warnings.push("Unable to use a TTY - input is not a terminal or the right kind of file".to_owned());
    }
    let program = command.first().map(String::as_str).unwrap_or("");
    let (printed, dump) = match (&input, r.stdin, program) {
        (Some(file), true, "psql") if !command.iter().any(|a| a == "-c" || a.starts_with("--command")) => match restore(w, namespace, name, command, file) {
            Ok((stdout, errors)) => {
                response.stdout = stdout;
                for (at, line) in errors {
                    response.warning_offsets.push(at);
                    response.warnings.push(line);
                }
                return response;
            }
            Err(p) => (p, None),
        },
        (Some(file), false, _) => {
            let mut p = run(w, namespace, name, command).0;
            if !p.failed {
                response.remarks.push(format!(
                    "{name}'s {program} read nothing: without -i (--stdin) kubectl exec does not pass your standard input on, so {} stayed on your side. Add -i: kubectl exec -i {name}{} -- {} < {}",
                    file.name,
                    namespace_flag(namespace),
                    command.join(" "),
                    file.name
                ));
                p.stdout.clear();
            }
            (p, None)
        }
        _ => run(w, namespace, name, command),
    };
    if let Some((file, append)) = &r.output {
        let f = w.local_files.get_mut(file).expect("opened above");
        match &dump {
            Some(d) if !append || f.bytes == 0 => {
                *f = StoredFile { name: file.clone(), bytes: d.bytes(), rows: d.table.then_some(d.rows), written: now, dump: Some(d.clone()) };
                response.remarks.push(format!("{file} on your side: a plain dump of {} rows of {TABLE}, {} bytes.", d.rows, d.bytes()));
            }
            _ => {
                f.bytes += printed.stdout.len() as u64;
                f.written = now;
                if dump.is_some() {
                    f.dump = None;
                    f.rows = None;
                }
            }
        }
        let stderr = if dump.is_some() { String::new() } else { printed.stderr.clone() };
        return finish(response, String::new(), stderr, printed.failed);
    }
    finish(response, printed.stdout, printed.stderr, printed.failed)
}

/// ` -n NAMESPACE` for a command line to suggest, outside `default`.
fn namespace_flag(namespace: &str) -> String {
    if namespace == "default" {
        String::new()
    } else {
        format!(" -n {namespace}")
    }
}

/// `psql` reading a file on its standard input: what it printed (the standard error lines
/// with where in the output they came), or what failed.
fn restore(w: &mut World, namespace: &str, name: &str, command: &[String], file: &StoredFile) -> Result<(String, Vec<(usize, String)>), Printed> {
    let pod = running(w, namespace, name).map_err(Printed::fail)?.clone();
    if !super::postgres::is_postgres(&pod) {
        return Err(exec(w, namespace, name, command));
    }
    let Some(dump) = &file.dump else {
        return Err(Printed::fail(format!("ordinal: the simulated psql reads back plain dumps that pg_dump wrote; {} is not one", file.name)));
    };
    let now = w.now();
    if dump.table && super::kubelet::killed_by_write(w, &pod, dump.rows) {
        return Err(Printed::fail("command terminated with exit code 137"));
    }
    let restored = w.db.restore(&pod, &command[1..], dump, now).map_err(|e| Printed { stdout: String::new(), stderr: format!("{e}\ncommand terminated with exit code 2\n"), failed: true })?;
    if dump.table {
        super::kubelet::recheck_probes(w, &pod.meta.key());
        w.restores.push(format!("`{}` ({} rows) was read back into `{name}` with psql", file.name, dump.rows));
    }
    Ok(restored)
}

/// A response from what the command printed: standard error goes before the output when the
/// command succeeded (as a warning does), and is the error when it failed.
fn finish(mut response: Response, stdout: String, stderr: String, failed: bool) -> Response {
    response.stdout = stdout;
    let lines = stderr.lines().map(str::to_owned);
    if failed {
        let text = stderr.trim_end().to_owned();
        let message = text.lines().next().unwrap_or("").to_owned();
        response.errors.push(ApiError { message, kubectl: text });
    } else {
        response.warnings.extend(lines);
    }
    response
}

/// `kubectl exec POD -- COMMAND…`, answered by the simulated container.
pub(crate) fn exec(w: &World, namespace: &str, name: &str, command: &[String]) -> Printed {
    run(w, namespace, name, command).0
}

/// What the command printed, and the dump it wrote on its standard output (pg_dump's).
fn run(w: &World, namespace: &str, name: &str, command: &[String]) -> (Printed, Option<Dump>) {
    let state = &w.state;
    let pod = match running(w, namespace, name) {
        Ok(p) => p,
        Err(e) => return (Printed::fail(e), None),
    };
    let db = &w.db;
    let now = w.now();
    let exited = |mut p: Printed, code: i32| {
        if code != 0 {
            p.stderr.push_str(&format!("command terminated with exit code {code}\n"));
            p.failed = true;
        }
        p
    };
    let not_found = |program: &str| {
        Printed::fail(format!("error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"))
    };
    let postgres = super::postgres::is_postgres(pod);
    let program = command.first().map(String::as_str).unwrap_or("");
    let printed = match program {
        "hostname" => Printed::out(format!("{}\n", pod.spec.hostname.clone().unwrap_or_else(|| pod.meta.name.clone()))),
        "df" => {
            let path = command[1..].iter().find(|a| !a.starts_with('-')).map(String::as_str);
            match db.df(state, pod, path) {
                Ok(text) => Printed::out(text),
                Err(e) => exited(Printed { stderr: format!("{e}\n"), ..Printed::default() }, 1),
            }
        }
        "ls" => match ls(w, pod, &command[1..]) {
            Ok(text) => Printed::out(text),
            Err(e) => exited(Printed { stderr: format!("{e}\n"), ..Printed::default() }, 1),
        },
        "pg_isready" | "psql" | "pg_dump" if !postgres => not_found(program),
        "pg_dump" => match db.pg_dump(pod, &command[1..], now) {
            Ok(dump) => {
                let note = format!(
                    "ordinal: pg_dump wrote a plain dump of {} rows of {TABLE} ({} bytes) to its standard output; the terminal does not print it. Redirect it to a file on your side to keep it: kubectl exec {name}{} -- {} > backup.sql\n",
                    dump.rows,
                    dump.bytes(),
                    namespace_flag(namespace),
                    command.join(" ")
                );
                return (Printed { stderr: note, ..Printed::default() }, Some(dump));
            }
            Err(e) => exited(Printed { stderr: format!("{e}\n"), ..Printed::default() }, 1),
        },
        "pg_isready" => {
            let (text, code) = db.pg_isready(pod, now);
            exited(Printed::out(text), code)
        }
        "psql" => match db.psql(pod, &command[1..], &w.clock, now) {
            Ok(text) => Printed::out(text),
            // psql exits 2 when it cannot connect, 1 when a statement fails
            Err(e) => {
                let code = if e.starts_with("ERROR:") { 1 } else { 2 };
                exited(Printed { stderr: format!("{e}\n"), ..Printed::default() }, code)
            }
        },
        other => not_found(other),
    };
    (printed, None)
}

/// `ls [-l] [-a] PATH` of a volume's mount: the files containers wrote there (a dump), and
/// `lost+found` at the root of a volume the driver formatted. busybox's `ls -l` format (the
/// alpine images): mode, links, owner, group, size, date (`%b %e %H:%M`), name; `total` in
/// 1K blocks of 4K allocations.
fn ls(w: &World, pod: &Pod, args: &[String]) -> Result<String, String> {
    let state = &w.state;
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let path = args.iter().find(|a| !a.starts_with('-')).map_or("/", String::as_str).trim_end_matches('/');
    let c = pod.spec.containers.first().ok_or_else(|| "ls: no container".to_owned())?;
    let mount = c.volume_mounts.iter().flatten().find(|m| m.mount_path.trim_end_matches('/') == path);
    let Some(mount) = mount else { return Err(format!("ls: {path}: the simulator lists the root of a mounted volume only")) };
    let volume = pod.spec.volumes.iter().flatten().find(|v| v.name == mount.name);
    let (store, formatted) = match volume {
        Some(v) if v.persistent_volume_claim.is_some() => {
            let claim = v.persistent_volume_claim.as_ref().map(|c| c.claim_name.clone()).unwrap_or_default();
            let pv = state.claims.get(&ObjectKey::new(&pod.meta.namespace, &claim)).and_then(|c| c.volume.clone()).unwrap_or_default();
            (format!("pv/{pv}"), super::postgres::formatted_filesystem(state, &pv))
        }
        Some(v) if v.empty_dir.is_some() => (format!("emptydir/{}/{}", pod.meta.uid, v.name), false),
        _ => return Err(format!("ls: {path}: the simulator lists volumes of claims and emptyDirs only")),
    };
    let clock = w.clock;
    let files = state.files.get(&store).cloned().unwrap_or_default();
    let stamp = |t: SimTime| clock.ls_stamp(t);
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut blocks = 0;
    if formatted {
        entries.push(("lost+found".to_owned(), format!("drwx------    2 root     root         16384 {} lost+found", stamp(state.volumes.get(store.trim_start_matches("pv/")).map_or(SimTime::ZERO, |v| v.meta.created)))));
        blocks += 16;
    }
    for f in &files {
        entries.push((f.name.clone(), format!("-rw-r--r--    1 root     root     {:>9} {} {}", f.bytes, stamp(f.written), f.name)));
        blocks += f.bytes.div_ceil(4096) * 4;
    }
    entries.sort();
    Ok(if long {
        let mut out = format!("total {blocks}\n");
        for (_, line) in entries {
            out.push_str(&line);
            out.push('\n');
        }
        out
    } else {
        entries.into_iter().map(|(n, _)| format!("{n}\n")).collect()
    })
}

