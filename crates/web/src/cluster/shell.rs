//! The terminal's shell: it answers from the simulation as a cluster would.
//!
//! kubectl's own commands (`apply`, `get`, `describe`, `delete`, `scale`, `set image`,
//! `patch`, `create namespace`, `run … -- nslookup`) and `nslookup`/`dig` go to the core's
//! script reader and views ([`script::parse_command`], [`script::answer`]), so the terminal
//! prints exactly what `ordinal simulate` prints. What runs inside the containers
//! (`kubectl logs`, `kubectl exec … -- psql|pg_isready|df|hostname`) is answered by the
//! core's simulated databases (`ordinal_core::sim::postgres`), through the same reader. The editor's text is the file system:
//! `manifest.yaml` is the whole buffer, `service.yaml` and `statefulset.yaml` its documents of
//! those kinds.

use ordinal_core::sim::api::Input;
use ordinal_core::sim::model::{ClusterState, ObjectKey};
use ordinal_core::sim::script::{self, Action, Read};
use ordinal_core::sim::time::format_duration_ms;
use ordinal_core::sim::views::table::WatchPrinter;
use ordinal_core::sim::views::Resource;
use ordinal_core::sim::Response;

use super::log::Stream;
use super::session::Session;

/// The prompt.
pub const PROMPT: &str = "$ ";

/// How a transcript line is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A command the user typed (or a control ran), after the prompt.
    Command,
    /// Standard output.
    Out,
    /// Standard error.
    Err,
    /// A remark of the simulator, not part of any real output.
    Note,
}

/// What a command printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Lines, in order (a chunk may hold several lines).
    pub chunks: Vec<(Style, String)>,
    /// `clear`: empty the screen first.
    pub clear: bool,
    /// `kubectl get … -w`: the watch to keep printing until the next command.
    pub watch: Option<OpenWatch>,
}

/// A `kubectl get … -w` running in the terminal: after kubectl's initial list, the lines of
/// the event log that it shows, printed with its own widths, until the next command stops it.
#[derive(Clone, Debug)]
pub struct OpenWatch {
    /// The stream it follows.
    pub stream: Stream,
    /// `-n` (none for `-A`).
    pub namespace: Option<String>,
    /// The names asked for (all when empty).
    pub names: Vec<String>,
    /// Its printer (widths only grow).
    pub printer: WatchPrinter,
    /// The first log line it has not printed.
    pub from: u64,
}

impl OpenWatch {
    /// The lines of `log` it prints next, and moves past them.
    pub fn follow(&mut self, log: &super::log::Log) -> Vec<String> {
        let lines = log.lines();
        let start = lines.partition_point(|l| l.seq < self.from);
        let mut out = Vec::new();
        for l in &lines[start..] {
            let Some(o) = &l.object else { continue };
            if l.stream != self.stream || self.namespace.as_ref().is_some_and(|n| *n != o.namespace) || (!self.names.is_empty() && !self.names.contains(&o.name)) {
                continue;
            }
            let (header, line) = self.printer.push(&l.row);
            out.extend(header);
            out.push(line);
        }
        self.from = log.next_seq();
        out
    }
}

impl PartialEq for OpenWatch {
    /// The same watch (its printer's widths aside).
    fn eq(&self, other: &Self) -> bool {
        self.stream == other.stream && self.namespace == other.namespace && self.names == other.names && self.from == other.from
    }
}

impl Eq for OpenWatch {}

impl Output {
    fn out(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.chunks.push((Style::Out, text));
        }
    }

    fn err(&mut self, text: impl Into<String>) {
        self.chunks.push((Style::Err, text.into()));
    }

    fn note(&mut self, text: impl Into<String>) {
        self.chunks.push((Style::Note, text.into()));
    }

    /// Adds what kubectl printed for a write.
    pub fn response(&mut self, r: &Response) {
        // a warning comes where kubectl prints it: after the lines of the objects before
        let mut at = 0;
        for (i, w) in r.warnings.iter().enumerate() {
            let to = r.warning_offsets.get(i).copied().unwrap_or(0).clamp(at, r.stdout.len());
            self.out(r.stdout.get(at..to).unwrap_or_default());
            at = to;
            self.err(w.clone());
        }
        self.out(r.stdout.get(at..).unwrap_or_default());
        for e in &r.errors {
            self.err(e.kubectl.clone());
        }
        for remark in &r.remarks {
            self.note(remark.clone());
        }
    }

    /// All the text, for tests.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.trim_end_matches('\n')).collect::<Vec<_>>().join("\n")
    }
}

/// The commands the shell knows, for `help`, the unknown-command message and completion.
pub const COMMANDS: &[(&str, &str)] = &[
    ("kubectl apply -f FILE [-n NS] [--validate=strict|warn|ignore]", "apply manifest.yaml (the editor), service.yaml or statefulset.yaml"),
    ("kubectl create namespace NAME", "create a namespace"),
    ("kubectl create secret generic NAME --from-literal=KEY=VALUE [-n NS]", "create a Secret (the guide's postgres-secret)"),
    ("kubectl get RESOURCE [NAME] [-n NS] [-o wide|yaml|name] [-w] [-l SELECTOR]", "all, pods, pvc, pv, sts, deploy, rs, ds, svc, endpoints, endpointslices, events, nodes, sc, controllerrevisions, secrets, pdb"),
    ("kubectl describe pod|sts|deploy|rs|ds|pvc|svc|secret|pdb|node NAME [-n NS]", "details and events of one object"),
    ("kubectl delete pod|sts|deploy|rs|ds|svc|pvc NAME [-n NS] [--cascade=orphan] [--grace-period=N --force]", "delete (also pvc -l SELECTOR)"),
    ("kubectl scale sts|deploy|rs NAME --replicas=N [-n NS]", "scale a StatefulSet, Deployment or ReplicaSet"),
    ("kubectl set image sts|deploy|ds/NAME CONTAINER=IMAGE [-n NS]", "start a rolling update"),
    ("kubectl rollout status sts|deploy|ds/NAME, rollout history|undo deploy/NAME", "follow a rollout, list a Deployment's revisions, go back to one"),
    ("kubectl patch sts|pvc NAME [--type=merge] -p JSON [-n NS]", "e.g. set the partition, grow a claim"),
    ("kubectl logs POD [-n NS] [--previous]", "the postgres log of a pod"),
    ("kubectl exec POD [-n NS] -- psql|pg_isready|df -h|hostname|nslookup|dig …", "run a command in a pod"),
    ("kubectl run -it --rm debug --image=busybox --restart=Never -- nslookup NAME", "ask the cluster DNS from a throwaway pod"),
    ("nslookup NAME, dig [+short] [A|SRV] NAME", "ask the cluster DNS"),
    ("kubectl cordon|uncordon NODE", "mark a node (un)schedulable"),
    ("kubectl drain NODE --ignore-daemonsets [--delete-emptydir-data] [--timeout=2m] [--grace-period=N]", "cordon, then evict the node's pods through the Eviction API; it keeps running"),
    ("kubectl taint nodes NODE KEY[=VALUE]:EFFECT[-]", "add or remove a taint (e.g. node.kubernetes.io/out-of-service=nodeshutdown:NoExecute)"),
    ("kubectl delete node NODE", "delete the Node object (PodGC removes its pods)"),
    ("node-down NODE, node-up NODE", "cut a node from the network (its kubelet stops answering), bring it back"),
    ("why [statefulset/NAME] [-n NS]", "what keeps each StatefulSet from being complete, and why"),
    ("kubectl exec POD -- pg_dump -U postgres > FILE, kubectl exec -i POD -- psql -U postgres < FILE", "a dump kept on this side of the terminal, and read back"),
    ("advance DURATION", "move the clock, e.g. advance 30s"),
    ("unready|ready|crash|evict|imgfail POD [-n NS]", "inject a fault (ready undoes unready and crash)"),
    ("ls, cat FILE, history, clear, help", "the shell itself"),
];

/// First words the shell knows.
pub const TOP: &[&str] = &["kubectl", "nslookup", "dig", "why", "advance", "node-down", "node-up", "unready", "ready", "crash", "evict", "imgfail", "ls", "cat", "history", "clear", "help"];
/// kubectl verbs the shell knows.
pub const VERBS: &[&str] = &["apply", "cordon", "create", "delete", "describe", "drain", "exec", "get", "logs", "patch", "rollout", "run", "scale", "set", "taint", "uncordon"];
/// Resource words for completion.
const RESOURCES: &[&str] = &["all", "pods", "pvc", "pv", "statefulsets", "sts", "deployments", "deploy", "replicasets", "rs", "daemonsets", "ds", "services", "svc", "endpoints", "endpointslices", "events", "nodes", "storageclasses", "controllerrevisions", "secrets", "pdb", "volumeattachments"];
/// The most history entries kept.
const HISTORY: usize = 500;

fn help() -> String {
    let width = COMMANDS.iter().map(|(c, _)| c.chars().count()).max().unwrap_or(0).min(60);
    let mut out = String::from("Commands (answered by the simulated cluster; default namespace \"default\"):\n");
    for (c, what) in COMMANDS {
        if c.chars().count() > width {
            out.push_str(&format!("  {c}\n  {:width$}  {what}\n", ""));
        } else {
            out.push_str(&format!("  {c:width$}  {what}\n"));
        }
    }
    out.push_str("Tab completes, ↑ and ↓ walk the history.\n");
    out
}

/// The editor's text as files: `manifest.yaml`, and `service.yaml` / `statefulset.yaml` for
/// its documents of those kinds.
pub fn files(editor: &str) -> Vec<(String, String)> {
    let mut out = vec![("manifest.yaml".to_owned(), editor.to_owned())];
    let parse = ordinal_core::yaml::parse(editor);
    for (file, kind) in [("service.yaml", "Service"), ("statefulset.yaml", "StatefulSet")] {
        let docs: Vec<&str> = parse.documents.iter().filter(|d| d.kind() == Some(kind)).filter_map(|d| editor.get(d.range.start as usize..d.range.end as usize)).collect();
        if !docs.is_empty() {
            out.push((file.to_owned(), docs.iter().map(|d| d.trim_end_matches('\n')).collect::<Vec<_>>().join("\n---\n") + "\n"));
        }
    }
    out
}

/// The shell: its history and the position in it while walking it.
#[derive(Clone, Debug, Default)]
pub struct Shell {
    history: Vec<String>,
    cursor: Option<usize>,
    draft: String,
}

/// The result of Tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The line after completing.
    pub line: String,
    /// The choices, when there are several and the line could not be extended.
    pub options: Vec<String>,
}

impl Shell {
    /// The commands run so far, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// ↑: the previous command (`current` is kept as a draft to come back to).
    pub fn up(&mut self, current: &str) -> Option<String> {
        if self.history.is_empty() {
            return None;
        }
        let i = match self.cursor {
            None => {
                self.draft = current.to_owned();
                self.history.len() - 1
            }
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.cursor = Some(i);
        Some(self.history[i].clone())
    }

    /// ↓: the next command, or the draft after the newest.
    pub fn down(&mut self) -> Option<String> {
        let i = self.cursor?;
        if i + 1 >= self.history.len() {
            self.cursor = None;
            return Some(std::mem::take(&mut self.draft));
        }
        self.cursor = Some(i + 1);
        Some(self.history[i + 1].clone())
    }

    /// Runs one line.
    pub fn execute(&mut self, line: &str, session: &mut Session, editor: &str) -> Output {
        let joined = script::pasted_command(line);
        let line = if line.contains('\n') { joined.as_str() } else { line.trim() };
        self.cursor = None;
        self.draft.clear();
        if line.is_empty() {
            return Output::default();
        }
        if self.history.last().map(String::as_str) != Some(line) {
            if self.history.len() >= HISTORY {
                self.history.remove(0);
            }
            self.history.push(line.to_owned());
        }
        // a lesson's lab works in the guide's namespace, as the lesson's terminal does
        let namespaced = session.label().map(|_| ordinal_core::lessons::lab::in_lab_namespace(line));
        let line = namespaced.as_deref().unwrap_or(line);
        let mut out = Output::default();
        let words = match script::split_words(line) {
            Ok(w) => w,
            Err(e) => {
                out.err(format!("sh: syntax error at column {}: {}", e.column, e.message));
                return out;
            }
        };
        let Some(first) = words.first() else { return out };
        match first.as_str() {
            "help" => out.out(help()),
            "clear" => out.clear = true,
            "history" => {
                let text: String = self.history.iter().enumerate().map(|(i, h)| format!("{:>5}  {h}\n", i + 1)).collect();
                out.out(text);
            }
            "ls" => {
                // the editor's files, and what `> FILE` wrote on this side of the terminal
                let local = session.sim().local_files();
                let mut names: Vec<String> = files(editor).into_iter().map(|(n, _)| n).collect();
                names.extend(local.keys().filter(|n| !names.contains(n)).cloned().collect::<Vec<_>>());
                out.out(names.join("  ") + "\n");
            }
            "cat" => {
                let all = files(editor);
                for name in &words[1..] {
                    match (all.iter().find(|(n, _)| n == name), session.sim().local_files().get(name)) {
                        (Some((_, text)), _) => out.out(text.clone()),
                        (None, Some(f)) => {
                            let what = match f.rows {
                                Some(rows) => format!("a plain dump of {rows} rows of readings"),
                                None => "the output of a command".to_owned(),
                            };
                            out.note(format!("{name} is {what}, {} bytes: the simulator keeps its size and what it holds, not its text. Read it back with kubectl exec -i POD -n NAMESPACE -- psql -U postgres < {name}", f.bytes));
                        }
                        (None, None) => out.err(format!("cat: {name}: No such file or directory")),
                    }
                }
            }
            "psql" | "pg_isready" | "df" | "hostname" => {
                out.err(format!("sh: {first}: command not found"));
                out.note(format!("{first} runs inside the database pods: kubectl exec POD -n NAMESPACE -- {}", words.join(" ")));
            }
            "kubectl" => core_command(line, session, editor, &mut out),
            w if TOP.contains(&w) => core_command(line, session, editor, &mut out),
            other => {
                out.err(format!("sh: {other}: command not found"));
                out.note(format!("This terminal answers from the simulated cluster. Type help for the list; it knows: {}.", TOP.join(", ")));
            }
        }
        out
    }
}

/// Everything the core's script reader knows.
fn core_command(line: &str, session: &mut Session, editor: &str, out: &mut Output) {
    let command = match script::parse_command(line) {
        Ok(c) => c,
        Err(e) => {
            out.err(format!("error: {}", e.message));
            if e.message.contains("not simulated") || e.message.starts_with("unknown command") {
                out.note("Type help for what this terminal knows.");
            }
            return;
        }
    };
    match command.action {
        Action::Apply { file, namespace, validate } => {
            if file == "-" {
                out.err("error: reading manifests from standard input is not simulated; use -f manifest.yaml (the editor's text)");
                return;
            }
            let name = file.trim_start_matches("./");
            match files(editor).into_iter().find(|(n, _)| n == name) {
                Some((_, text)) => {
                    let r = session.run(line, Input::Apply { manifest: text, source: name.to_owned(), namespace, validate });
                    out.response(&r);
                    namespace_hint(&r, out);
                }
                None => {
                    out.err(format!("error: the path \"{file}\" does not exist"));
                    out.note(format!("The files here come from the editor: {}.", files(editor).iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")));
                }
            }
        }
        Action::Input(input) => {
            let claim = match &input {
                Input::Patch { resource: Resource::Claims, namespace, name, .. } => Some((namespace.clone(), name.clone())),
                _ => None,
            };
            let r = session.run(line, input);
            out.response(&r);
            // what would let a claim grow, which the API server's refusal does not say
            if let Some((namespace, name)) = claim {
                let refused = r.errors.iter().any(|e| e.message.contains("must support resize"));
                if refused || r.errors.is_empty() {
                    if let Some(hint) = ordinal_core::sim::api::resize_hint(session.sim().snapshot(), &namespace, &name) {
                        out.note(hint);
                    }
                }
            }
            // `kubectl drain` keeps running in the cluster; what it printed so far
            if let Some(d) = r.drain.and_then(|id| session.sim().drains().get(id)) {
                out.out(d.stdout.clone());
                for line in &d.stderr {
                    out.err(line.clone());
                }
            }
        }
        Action::Advance(ms) => {
            let to = session.now().plus_ms(ms);
            session.play_to(to);
            out.note(format!("The clock moved on by {}.", format_duration_ms(ms)));
        }
        Action::Read(Read::Get { request, watch: true }) => {
            let Some(stream) = Stream::of(request.resource) else {
                out.out(script::answer(session.sim(), &Read::Get { request, watch: false }).unwrap_or_else(|e| e));
                return;
            };
            // kubectl's initial list: the objects as they are now, one batch; then the changes
            let sim = session.sim();
            let rows = match ordinal_core::sim::views::get::rows(sim.snapshot(), &sim.clock(), &request) {
                Ok(rows) => rows,
                Err(e) => {
                    out.err(e);
                    return;
                }
            };
            let mut printer = WatchPrinter::new(request.resource.columns());
            let lines = printer.push_batch(&rows);
            if !lines.is_empty() {
                out.out(lines.join("\n") + "\n");
            }
            out.note("Watching: changes print below as they happen; the next command stops the watch.");
            out.watch = Some(OpenWatch { stream, namespace: request.namespace.clone(), names: request.names.clone(), printer, from: session.log().next_seq() });
        }
        Action::Read(read) => {
            let printed = script::print(session.sim(), &read);
            let empty = printed.stdout.starts_with("No resources found in default namespace.");
            out.out(printed.stdout.clone());
            if !printed.stderr.is_empty() {
                out.err(printed.stderr.trim_end_matches('\n'));
            }
            if empty {
                if let Some(ns) = busy_namespace(session.sim().snapshot()) {
                    out.note(format!("Your objects are in namespace \"{ns}\": add -n {ns}."));
                }
            }
            container_notes(&read, &printed, session, out);
            if let Read::RolloutStatus { resource, namespace, name } = &read {
                if matches!(script::rollout_status(session.sim().snapshot(), *resource, namespace, name), Ok((_, false))) {
                    out.note("kubectl would keep waiting and print a line at each change; run the command again as the rollout goes on.");
                }
            }
        }
    }
}

/// A namespace other than `default` that holds pods or sets.
fn busy_namespace(state: &ClusterState) -> Option<String> {
    state.statefulsets.keys().chain(state.pods.keys()).chain(state.claims.keys()).map(|k| k.namespace.clone()).find(|ns| ns != "default")
}

/// After `namespaces "x" not found`, say how to create it.
pub fn namespace_hint(r: &Response, out: &mut Output) {
    if let Some(ns) = missing_namespace(r) {
        out.note(format!("Create the namespace first: kubectl create namespace {ns}"));
    }
}

/// The namespace an apply failed for, if it failed for a missing namespace.
pub fn missing_namespace(r: &Response) -> Option<String> {
    r.errors.iter().find_map(|e| {
        let rest = e.message.strip_prefix("namespaces \"")?;
        let (ns, tail) = rest.split_once('"')?;
        (tail.trim() == "not found").then(|| ns.to_owned())
    })
}

/// The simulator's remarks after a `kubectl logs` or `kubectl exec`: where the pod is when
/// it is not in the namespace asked, what `-f` would do, why `df` shows the node's disk.
fn container_notes(read: &Read, printed: &script::Printed, session: &Session, out: &mut Output) {
    let state = session.sim().snapshot();
    let (namespace, pod) = match read {
        Read::Logs { namespace, pod, .. } | Read::Exec { namespace, pod, .. } => (namespace, pod),
        _ => return,
    };
    if printed.stderr.starts_with("Error from server (NotFound): pods") && namespace == "default" {
        if let Some(ns) = state.pods.keys().find(|k| &k.name == pod).map(|k| k.namespace.clone()) {
            out.note(format!("The pod is in namespace \"{ns}\": add -n {ns}."));
        }
        return;
    }
    match read {
        Read::Logs { follow: true, .. } if !printed.failed => out.note("kubectl would keep following; run the command again to see new lines."),
        Read::Exec { command, .. } if printed.stderr.contains("executable file not found") => {
            let _ = command;
            out.note(format!("The simulated containers run: {}.", script::EXEC_COMMANDS.join(", ")));
        }
        Read::Exec { command, .. } if command.first().is_some_and(|c| c == "df") && !printed.failed => {
            let Some(p) = state.pods.get(&ObjectKey::new(namespace, pod)) else { return };
            let class = p.claim_names().first().and_then(|c| state.claims.get(&ObjectKey::new(namespace, c))).and_then(|c| c.spec.storage_class_name.clone());
            if let Some(sc) = class.and_then(|c| state.storage_classes.get(&c)).filter(|sc| sc.provisioner.contains("local-path")) {
                out.note(format!("StorageClass {} ({}) makes each volume a folder on the node's disk, so df shows the node's filesystem: the claim's size is not enforced.", sc.name, sc.provisioner));
            }
        }
        _ => {}
    }
}

/// The longest common prefix.
fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else { return String::new() };
    let mut end = first.len();
    for s in &items[1..] {
        end = end.min(first.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    first[..end].to_owned()
}

fn resource_names(state: &ClusterState, resource: Resource, namespace: Option<&str>) -> Vec<String> {
    let ns_ok = |k: &ObjectKey| namespace.is_none_or(|n| k.namespace == n);
    let mut names: Vec<String> = match resource {
        Resource::Pods => state.pods.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::Claims => state.claims.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::StatefulSets => state.statefulsets.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::Services | Resource::Endpoints | Resource::EndpointSlices => state.services.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::Volumes => state.volumes.keys().cloned().collect(),
        Resource::Nodes => state.nodes.iter().map(|n| n.name.clone()).collect(),
        Resource::StorageClasses => state.storage_classes.keys().cloned().collect(),
        Resource::ControllerRevisions => state.revisions.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::PodDisruptionBudgets => state.pdbs.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::Jobs => state.jobs.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::CronJobs => state.cronjobs.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::VolumeSnapshots => state.snapshots.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::VolumeSnapshotContents => state.snapshot_contents.keys().cloned().collect(),
        Resource::VolumeSnapshotClasses => state.snapshot_classes.keys().cloned().collect(),
        Resource::VolumeAttachments => state.volume_attachments.keys().cloned().collect(),
        Resource::Events => Vec::new(),
        Resource::Deployments => state.deployments.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::ReplicaSets => state.replicasets.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::DaemonSets => state.daemonsets.keys().filter(|k| ns_ok(k)).map(|k| k.name.clone()).collect(),
        Resource::Secrets => state.others.keys().filter(|(kind, k)| kind == resource.kind() && ns_ok(k)).map(|(_, k)| k.name.clone()).collect(),
    };
    names.sort();
    names.dedup();
    names
}

/// Completes the word under the caret (at the end of `line`).
pub fn complete(line: &str, session: &Session, editor: &str) -> Completion {
    let state = session.sim().snapshot();
    let (before, current) = match line.rfind(char::is_whitespace) {
        Some(i) => (&line[..i + 1], &line[i + 1..]),
        None => ("", line),
    };
    let words: Vec<String> = before.split_whitespace().map(str::to_owned).collect();
    let explicit_ns = words.iter().position(|w| w == "-n" || w == "--namespace").and_then(|i| words.get(i + 1)).map(String::as_str);
    let prev = words.last().map(String::as_str).unwrap_or("");
    let strs = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    let pods = || resource_names(state, Resource::Pods, explicit_ns);
    let mut suffix = " ";
    let candidates: Vec<String> = if words.is_empty() {
        strs(TOP)
    } else if prev == "-n" || prev == "--namespace" {
        state.namespaces.keys().cloned().collect()
    } else if prev == "-f" || prev == "--filename" || words[0] == "cat" {
        files(editor).into_iter().map(|(n, _)| n).collect()
    } else if prev == "-o" || prev == "--output" {
        strs(&["wide", "yaml", "name"])
    } else if words[0] == "nslookup" || words[0] == "dig" || prev == "nslookup" || prev == "dig" {
        let mut names: Vec<String> = session.sim().dns_records().into_iter().map(|r| r.name).collect();
        names.extend(state.services.keys().map(|k| format!("{}.{}", k.name, k.namespace)));
        names.sort();
        names.dedup();
        if current.starts_with('_') || prev == "SRV" || prev == "srv" {
            names
        } else {
            names.into_iter().filter(|n| !n.starts_with('_')).collect()
        }
    } else if matches!(words[0].as_str(), "unready" | "ready" | "crash" | "evict" | "imgfail") {
        pods()
    } else if words[0] == "kubectl" {
        let verb = words.get(1).map(String::as_str);
        let args: Vec<&String> = words.iter().skip(2).filter(|w| !w.starts_with('-')).collect();
        match verb {
            None => strs(VERBS),
            Some("apply") => {
                if current.starts_with('-') {
                    strs(&["-f", "-n"])
                } else {
                    strs(&["-f"])
                }
            }
            Some("create") => {
                if args.is_empty() {
                    strs(&["namespace"])
                } else {
                    Vec::new()
                }
            }
            Some("logs") => {
                if current.starts_with('-') {
                    strs(&["-n", "--previous", "-f"])
                } else {
                    pods()
                }
            }
            Some("exec") => {
                if let Some(d) = words.iter().position(|w| w == "--") {
                    match words.len() - d - 1 {
                        0 => strs(script::EXEC_COMMANDS),
                        _ => match words[d + 1].as_str() {
                            "psql" => strs(&["-U", "postgres", "-c"]),
                            "df" => strs(&["-h", "/data"]),
                            _ => Vec::new(),
                        },
                    }
                } else if current.starts_with('-') {
                    strs(&["--", "-n", "-it"])
                } else if args.is_empty() {
                    pods()
                } else {
                    strs(&["--"])
                }
            }
            Some("set") => {
                if args.is_empty() {
                    strs(&["image"])
                } else if args.len() == 1 {
                    suffix = "";
                    let sets = resource_names(state, Resource::StatefulSets, explicit_ns);
                    sets.into_iter().map(|s| format!("statefulset/{s} ")).collect()
                } else {
                    let name = args[1].trim_start_matches("statefulset/").trim_start_matches("sts/");
                    suffix = "";
                    state
                        .statefulsets
                        .values()
                        .filter(|s| s.meta.name == name)
                        .flat_map(|s| s.spec.template.spec.iter().flat_map(|p| p.containers.iter().map(|c| format!("{}=", c.name))).collect::<Vec<_>>())
                        .collect()
                }
            }
            Some("get" | "describe" | "delete" | "scale" | "patch") => {
                if current.starts_with('-') {
                    suffix = "";
                    let flags: &[&str] = match verb {
                        Some("get") => &["-n ", "-o ", "-w ", "-A ", "-l ", "--show-labels "],
                        Some("delete") => &["-n ", "--cascade=orphan ", "--grace-period=0 ", "--force ", "-l "],
                        Some("scale") => &["-n ", "--replicas="],
                        Some("patch") => &["-n ", "--type=merge ", "-p "],
                        _ => &["-n "],
                    };
                    strs(flags)
                } else if let Some((r, _)) = current.split_once('/') {
                    match Resource::parse(r) {
                        Some(resource) => resource_names(state, resource, explicit_ns).into_iter().map(|n| format!("{r}/{n}")).collect(),
                        None => Vec::new(),
                    }
                } else if args.is_empty() {
                    let list: &[&str] = match verb {
                        Some("scale") | Some("patch") => &["statefulset", "sts"],
                        Some("describe") => &["pod", "sts", "pvc", "svc"],
                        Some("delete") => &["pod", "sts", "pvc", "svc"],
                        _ => RESOURCES,
                    };
                    strs(list)
                } else if args.len() == 1 {
                    Resource::parse(args[0]).map(|r| resource_names(state, r, explicit_ns)).unwrap_or_default()
                } else if verb == Some("scale") {
                    suffix = "";
                    strs(&["--replicas="])
                } else {
                    strs(&["-n"])
                }
            }
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let matching: Vec<String> = candidates.into_iter().filter(|c| c.starts_with(current)).collect();
    match matching.len() {
        0 => Completion { line: line.to_owned(), options: Vec::new() },
        1 => {
            let c = &matching[0];
            let end = if c.ends_with('=') || c.ends_with('/') || c.ends_with(' ') { "" } else { suffix };
            Completion { line: format!("{before}{c}{end}"), options: Vec::new() }
        }
        _ => {
            let prefix = common_prefix(&matching);
            if prefix.len() > current.len() {
                Completion { line: format!("{before}{prefix}"), options: Vec::new() }
            } else {
                Completion { line: line.to_owned(), options: matching.into_iter().map(|m| m.trim_end().to_owned()).collect() }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::sim::SimTime;

    fn guide() -> String {
        ordinal_core::examples::GUIDE.to_owned()
    }

    fn ready_session() -> (Shell, Session) {
        let mut shell = Shell::default();
        let mut s = Session::default();
        let out = shell.execute("kubectl apply -f manifest.yaml", &mut s, &guide());
        assert!(out.text().contains("namespaces \"scenarios\" not found"), "{}", out.text());
        assert!(out.text().contains("kubectl create namespace scenarios"));
        assert_eq!(shell.execute("kubectl create namespace scenarios", &mut s, &guide()).text(), "namespace/scenarios created");
        let out = shell.execute("kubectl apply -f service.yaml", &mut s, &guide());
        assert_eq!(out.text(), "service/recovery-demo-headless created");
        let out = shell.execute("kubectl apply -f statefulset.yaml", &mut s, &guide());
        assert_eq!(out.text(), "statefulset.apps/recovery-demo-db created");
        s.play_to(SimTime::from_secs(120));
        (shell, s)
    }

    #[test]
    fn the_guides_two_line_patch_is_one_command_and_grows_the_disk() {
        let (mut shell, mut s) = ready_session();
        let g = guide();
        // pasted with its continuation, as the guide writes it; the default class is a CSI
        // block-storage driver that allows expansion, so the claim grows
        let out = shell.execute("kubectl patch pvc data-recovery-demo-db-0 -n scenarios \\\n  -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}'", &mut s, &g);
        assert_eq!(out.text(), "persistentvolumeclaim/data-recovery-demo-db-0 patched");
        let lookup = shell.execute("kubectl run -it --rm debug --image=busybox --restart=Never -n scenarios -- nslookup recovery-demo-db-0.recovery-demo-headless", &mut s, &g).text();
        assert!(lookup.ends_with("pod \"debug\" deleted from scenarios namespace"), "{lookup}");
    }

    #[test]
    fn why_answers_and_the_dump_is_listed_on_this_side() {
        let (mut shell, mut s) = ready_session();
        let g = guide();
        let mut run = |line: &str| shell.execute(line, &mut s, &g).text();
        assert_eq!(run("why"), "statefulset/recovery-demo-db (scenarios): complete, nothing to wait for.");
        // without its Service the set waits for nothing but its DNS names
        run("kubectl delete svc recovery-demo-headless -n scenarios");
        let why = run("why statefulset/recovery-demo-db -n scenarios");
        assert!(why.starts_with("statefulset/recovery-demo-db (scenarios) waits:\n  ServiceMissing: No Service recovery-demo-headless exists in scenarios"), "{why}");
        assert_eq!(run("kubectl apply -f service.yaml"), "service/recovery-demo-headless created");
        assert_eq!(run("why -n scenarios"), "statefulset/recovery-demo-db (scenarios): complete, nothing to wait for.");
        assert!(run("why sts/nope").contains("no StatefulSet nope"));
        run("kubectl exec recovery-demo-db-0 -n scenarios -- pg_dump -U postgres > backup.sql");
        assert_eq!(run("ls"), "manifest.yaml  service.yaml  statefulset.yaml  backup.sql");
        let cat = run("cat backup.sql");
        assert!(cat.starts_with("backup.sql is a plain dump of ") && cat.contains("Read it back with kubectl exec -i POD"), "{cat}");
    }

    #[test]
    fn apply_refuses_unknown_fields_unless_told_to_warn() {
        let mut shell = Shell::default();
        let mut s = Session::default();
        let g = guide().replace("  serviceName: recovery-demo-headless\n", "  serviceName: recovery-demo-headless\n  bogusField: 1\n");
        assert!(g.contains("bogusField"));
        shell.execute("kubectl create namespace scenarios", &mut s, &g);
        let out = shell.execute("kubectl apply -f manifest.yaml", &mut s, &g);
        let refused = "Error from server (BadRequest): error when creating \"manifest.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.bogusField\"";
        assert!(out.chunks.iter().any(|(style, t)| *style == Style::Err && t == refused), "{}", out.text());
        let out = shell.execute("kubectl apply -f manifest.yaml --validate=warn", &mut s, &g);
        assert_eq!(out.text(), "service/recovery-demo-headless unchanged\nWarning: unknown field \"spec.bogusField\"\nstatefulset.apps/recovery-demo-db created");
        assert_eq!(out.chunks[1], (Style::Err, "Warning: unknown field \"spec.bogusField\"".to_owned()));
        assert!(shell.execute("kubectl apply -f manifest.yaml --validate=maybe", &mut s, &g).text().contains("invalid - validate option \"maybe\""));
    }

    #[test]
    fn answers_the_guides_commands() {
        let (mut shell, mut s) = ready_session();
        let g = guide();
        let mut run = |line: &str| shell.execute(line, &mut s, &g).text();
        let pods = run("kubectl get pods -n scenarios -l app=recovery-demo");
        assert!(pods.starts_with("NAME                 READY   STATUS    RESTARTS   AGE\nrecovery-demo-db-0   1/1     Running   0"), "{pods}");
        let none = run("kubectl get pods");
        assert!(none.contains("No resources found in default namespace.") && none.contains("add -n scenarios"), "{none}");
        assert!(run("kubectl get pvc -n scenarios").contains("data-recovery-demo-db-2   Bound"));
        assert!(run("kubectl describe statefulset recovery-demo-db -n scenarios").contains("Pods Status:"));
        let lookup = run("kubectl run -it --rm debug --image=busybox --restart=Never -- nslookup recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local");
        assert!(lookup.contains("Name:\trecovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local\nAddress: 10.244."), "{lookup}");
        let srv = run("dig SRV _postgres._tcp.recovery-demo-headless.scenarios.svc.cluster.local");
        assert!(srv.contains("NXDOMAIN") || srv.contains("ANSWER: 0"), "the guide's port has no name: {srv}");
        let df = run("kubectl exec recovery-demo-db-0 -n scenarios -- df -h /data");
        // the volume's own disk, at the claim's size
        assert!(df.starts_with("Filesystem                Size      Used Available Use% Mounted on\n/dev/nvme1n1 "), "{df}");
        assert!(df.contains(" 1.0G ") && df.ends_with("/data"), "{df}");
        let count = run("kubectl exec recovery-demo-db-0 -n scenarios -- psql -U postgres -c \"SELECT count(*) FROM pg_stat_activity;\"");
        assert_eq!(count, " count \n-------\n     6\n(1 row)");
        let rows = run("kubectl exec -it recovery-demo-db-0 -n scenarios -- psql -U postgres -c 'select count(*) from readings'");
        assert!(rows.starts_with(" count \n-------\n"), "{rows}");
        assert_eq!(run("kubectl exec recovery-demo-db-1 -n scenarios -- pg_isready"), "/var/run/postgresql:5432 - accepting connections");
        let logs = run("kubectl logs recovery-demo-db-0 -n scenarios");
        assert!(logs.contains("fixing permissions on existing directory /data/pgdata ... ok"), "{logs}");
        assert!(logs.trim_end().ends_with("LOG:  database system is ready to accept connections"), "{logs}");
        let watch = run("kubectl get pods -n scenarios -w");
        assert!(watch.starts_with("NAME                 READY   STATUS    RESTARTS   AGE\nrecovery-demo-db-0   1/1     Running"), "kubectl's initial list, not the history: {watch}");
        assert!(run("kubectl get events -n scenarios").contains("SuccessfulCreate"));
        assert_eq!(run("kubectl exec recovery-demo-db-0 -n scenarios -- hostname"), "recovery-demo-db-0");
        assert!(run("kubectl exec recovery-demo-db-0 -n scenarios -- bash").contains("executable file not found in $PATH"));
        assert!(run("kubectl logs nope -n scenarios").contains("pods \"nope\" not found"));
        assert!(run("kubectl logs recovery-demo-db-0").contains("add -n scenarios"));
    }

    #[test]
    fn writes_go_through_the_session_and_a_restarted_database_keeps_its_data() {
        let (mut shell, mut s) = ready_session();
        let g = guide();
        assert_eq!(shell.execute("kubectl delete pod recovery-demo-db-0 -n scenarios", &mut s, &g).text(), "pod \"recovery-demo-db-0\" deleted from scenarios namespace");
        s.play_to(SimTime::from_secs(200));
        let logs = shell.execute("kubectl logs recovery-demo-db-0 -n scenarios", &mut s, &g).text();
        assert!(logs.contains("PostgreSQL Database directory appears to contain a database; Skipping initialization"), "{logs}");
        assert!(logs.contains("database system was shut down at"), "{logs}");
        assert!(shell.execute("kubectl scale statefulset recovery-demo-db --replicas=1 -n scenarios", &mut s, &g).text().contains("scaled"));
        let before = s.inputs().len();
        let out = shell.execute("kubectl delete pvc -l app=recovery-demo -n scenarios", &mut s, &g).text();
        assert_eq!(out.lines().filter(|l| l.starts_with("persistentvolumeclaim \"data-recovery-demo-db-")).count(), 3, "{out}");
        assert_eq!(s.inputs().len(), before + 1);
        let out = shell.execute("advance 30s", &mut s, &g);
        assert_eq!(out.chunks[0].0, Style::Note);
    }

    #[test]
    fn unknown_commands_list_what_is_supported() {
        let (mut shell, mut s) = ready_session();
        let g = guide();
        let out = shell.execute("helm install db", &mut s, &g);
        assert_eq!(out.chunks[0], (Style::Err, "sh: helm: command not found".to_owned()));
        assert!(out.chunks[1].1.contains("kubectl, nslookup, dig"));
        let out = shell.execute("kubectl port-forward pod/recovery-demo-db-0 5432", &mut s, &g).text();
        assert!(out.contains("is not simulated") && out.contains("Type help"), "{out}");
        assert!(shell.execute("psql -U postgres", &mut s, &g).text().contains("kubectl exec POD"));
        assert!(shell.execute("help", &mut s, &g).text().contains("kubectl logs POD"));
        assert!(shell.execute("clear", &mut s, &g).clear);
    }

    #[test]
    fn every_offered_word_is_understood() {
        let (mut shell, mut s) = ready_session();
        let g = guide();
        for verb in VERBS {
            let text = shell.execute(&format!("kubectl {verb}"), &mut s, &g).text();
            assert!(!text.contains("is not simulated") && !text.contains("command not found"), "kubectl {verb}: {text}");
        }
        for word in TOP {
            let text = shell.execute(word, &mut s, &g).text();
            assert!(!text.contains("command not found"), "{word}: {text}");
        }
        for (usage, _) in COMMANDS {
            let first = usage.split([' ', ',', '|']).next().unwrap();
            assert!(TOP.contains(&first), "help lists {first}, which the shell does not know");
        }
    }

    #[test]
    fn history_walks_back_and_forth_and_keeps_the_draft() {
        let mut shell = Shell::default();
        let mut s = Session::default();
        shell.execute("kubectl get pods", &mut s, "");
        shell.execute("kubectl get pvc", &mut s, "");
        shell.execute("kubectl get pvc", &mut s, "");
        assert_eq!(shell.history(), ["kubectl get pods", "kubectl get pvc"]);
        assert_eq!(shell.up("kubectl ge").as_deref(), Some("kubectl get pvc"));
        assert_eq!(shell.up("").as_deref(), Some("kubectl get pods"));
        assert_eq!(shell.up("").as_deref(), Some("kubectl get pods"));
        assert_eq!(shell.down().as_deref(), Some("kubectl get pvc"));
        assert_eq!(shell.down().as_deref(), Some("kubectl ge"));
        assert_eq!(shell.down(), None);
    }

    #[test]
    fn completes_commands_resources_names_namespaces_and_files() {
        let (_, s) = ready_session();
        let g = guide();
        let c = |line: &str| complete(line, &s, &g);
        assert_eq!(c("kub").line, "kubectl ");
        assert_eq!(c("kubectl ge").line, "kubectl get ");
        assert_eq!(c("kubectl get po").line, "kubectl get pods ");
        assert_eq!(c("kubectl get pods -n sc").line, "kubectl get pods -n scenarios ");
        assert_eq!(c("kubectl logs rec").line, "kubectl logs recovery-demo-db-");
        assert_eq!(c("kubectl logs recovery-demo-db-").options, ["recovery-demo-db-0", "recovery-demo-db-1", "recovery-demo-db-2"]);
        assert_eq!(c("kubectl apply -f st").line, "kubectl apply -f statefulset.yaml ");
        assert_eq!(c("kubectl scale sts recovery-demo-db -").line, "kubectl scale sts recovery-demo-db -");
        assert_eq!(c("kubectl scale sts recovery-demo-db --r").line, "kubectl scale sts recovery-demo-db --replicas=");
        assert_eq!(c("kubectl describe pvc data-recovery-demo-db-1").line, "kubectl describe pvc data-recovery-demo-db-1 ");
        assert_eq!(c("kubectl exec recovery-demo-db-0 -n scenarios -- pg").line, "kubectl exec recovery-demo-db-0 -n scenarios -- pg_isready ");
        assert_eq!(c("kubectl set image statefulset/recovery-demo-db po").line, "kubectl set image statefulset/recovery-demo-db postgres=");
        assert_eq!(c("nslookup recovery-demo-db-0").line, "nslookup recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local ");
        assert_eq!(c("kubectl get sts/").line, "kubectl get sts/recovery-demo-db ");
        assert_eq!(c("zzz").line, "zzz");
    }

    #[test]
    fn splits_the_editor_into_files() {
        let f = files(&guide());
        assert_eq!(f.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["manifest.yaml", "service.yaml", "statefulset.yaml"]);
        assert!(f[1].1.contains("kind: Service") && !f[1].1.contains("kind: StatefulSet"));
        assert!(f[2].1.contains("kind: StatefulSet") && !f[2].1.contains("kind: Service\n"));
        assert_eq!(files("not: [yaml").len(), 1);
    }
}
