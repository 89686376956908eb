//! The lab: the simulated cluster a lesson runs in. It wraps a [`Simulation`] with what the
//! lessons need besides: the full history of what happened (for checks such as "pod 0 was
//! recreated"), the commands the learner ran, and a replay log that restores exactly the same
//! cluster from a share link ([`Lab::position`], [`Lab::restore`]).
//!
//! The lab's kubectl context uses the guide's namespace, [`NAMESPACE`], which exists from the
//! start: a command without `-n` runs there.

use super::check::CommandKind;
use crate::share::SimPosition;
use crate::sim::script::{self, Action, Read};
use crate::sim::time::{format_duration_ms, parse_duration_ms, SimTime};
use crate::sim::events::Kind;
use crate::sim::views::get::{self, GetRequest};
use crate::sim::views::table::WatchPrinter;
use crate::sim::views::Resource;
use crate::sim::{Input, Response, SimConfig, SimEvent, Simulation};

/// The namespace of the guide, where the lab works.
pub const NAMESPACE: &str = "scenarios";

/// The lab cluster's DNS domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// The most events the lab keeps (the oldest are dropped, a quarter of it at a time, past it).
pub const MAX_EVENTS: usize = 50_000;

/// The most entries the replay log may hold: a lab that reaches it stops recording, and its
/// position can no longer be shared.
pub const MAX_LOG: usize = 2_000;

/// What a command printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// The command as run (with the namespace the lab added).
    pub command: String,
    /// Standard output.
    pub stdout: String,
    /// Standard error (kubectl's error lines, or why the command was not understood).
    pub stderr: String,
    /// The command opened a watch (`kubectl get … -w`) or started a drain that still runs: what
    /// it prints next comes below it ([`Lab::take_watched`]).
    pub watch: bool,
}

impl Output {
    /// Whether the command failed: it wrote more than warnings on stderr and has ended (a
    /// drain that still runs prints its refused evictions and retries them).
    pub fn failed(&self) -> bool {
        !self.watch && self.stderr.lines().any(|l| !l.starts_with("Warning: "))
    }
}

/// A simulated cluster with its history, for lessons.
pub struct Lab {
    sim: Simulation,
    seed: u64,
    events: Vec<SimEvent>,
    commands: Vec<CommandKind>,
    /// How many events were ever drained (`events` keeps the newest [`MAX_EVENTS`]).
    seen: u64,
    log: Vec<String>,
    /// The replay log's size in bytes.
    logged_bytes: usize,
    logged_at: SimTime,
    /// Why the replay log stopped: it grew past [`MAX_LOG`], or an input came that no line
    /// of the log reads back ([`Lab::give`]).
    unrecorded: Option<String>,
    watch: Option<Watch>,
    /// The `kubectl drain` running in the terminal: its number and how much of its stdout and
    /// stderr was printed.
    drain: Option<(usize, usize, usize)>,
    /// The comparison with a Deployment and the moves played in it.
    comparison: Option<crate::compare::Comparison>,
    compared: Vec<crate::compare::Move>,
}

/// A `kubectl get … -w` running in the lab's terminal: after kubectl's initial list it prints
/// each change of the objects it follows, with its own widths, until the next command.
struct Watch {
    /// `Some(kind)` for pods, claims and sets; `None` for events.
    kind: Option<Kind>,
    namespace: Option<String>,
    names: Vec<String>,
    printer: WatchPrinter,
    /// Lines printed since the last [`Lab::take_watched`].
    pending: Vec<String>,
}

impl Watch {
    /// Opens a watch on what `request` asks for, if kubectl can watch it; returns kubectl's
    /// initial list (the objects as they are now) with it.
    fn open(sim: &Simulation, request: &GetRequest) -> Option<Result<(Watch, String), String>> {
        let kind = match request.resource {
            Resource::Pods => Some(Kind::Pod),
            Resource::Claims => Some(Kind::Claim),
            Resource::StatefulSets => Some(Kind::StatefulSet),
            Resource::Events => None,
            _ => return None,
        };
        let rows = match get::rows(sim.snapshot(), &sim.clock(), request) {
            Ok(rows) => rows,
            Err(e) => return Some(Err(e)),
        };
        let mut printer = WatchPrinter::new(request.resource.columns());
        let lines = printer.push_batch(&rows);
        let listed = if lines.is_empty() { String::new() } else { lines.join("\n") + "\n" };
        Some(Ok((Watch { kind, namespace: request.namespace.clone(), names: request.names.clone(), printer, pending: Vec::new() }, listed)))
    }

    /// Prints the event if this watch shows it.
    fn see(&mut self, event: &SimEvent) {
        let (namespace, name, row) = match (event, self.kind) {
            (SimEvent::Watch { kind, namespace, name, row, .. }, Some(k)) if *kind == k => (namespace, name, row.clone()),
            (SimEvent::Event { at, event }, None) => (&event.namespace, &event.name, get::event_row(event, *at)),
            _ => return,
        };
        if self.namespace.as_ref().is_some_and(|n| n != namespace) || (!self.names.is_empty() && !self.names.contains(name)) {
            return;
        }
        let (header, line) = self.printer.push(&row);
        self.pending.extend(header);
        self.pending.push(line);
    }
}

impl Lab {
    /// A cluster with the guide's namespace and nothing in it, at time zero.
    pub fn new(seed: u64) -> Lab {
        Lab::with_config(Lab::config(), seed)
    }

    /// A cluster as `config` says, at time zero: the Cluster tab's own, or a lab's
    /// ([`Lab::config`]).
    pub fn with_config(config: SimConfig, seed: u64) -> Lab {
        Lab { sim: Simulation::new(config, seed), seed, events: Vec::new(), seen: 0, commands: Vec::new(), log: Vec::new(), logged_bytes: 0, logged_at: SimTime(0), unrecorded: None, watch: None, drain: None, comparison: None, compared: Vec::new() }
    }

    /// The cluster a lab simulates: the automatic kubelet, and the guide's namespace beside the
    /// default one.
    pub fn config() -> SimConfig {
        let mut config = SimConfig::auto();
        config.namespaces.push(NAMESPACE.to_owned());
        config
    }

    /// Plays a move in the comparison of `text`'s StatefulSet with a Deployment (made on first
    /// use).
    pub fn compare(&mut self, text: &str, played: crate::compare::Move) -> Result<(), String> {
        if self.comparison.is_none() {
            self.comparison = Some(crate::compare::Comparison::new(text, self.seed)?);
        }
        if let Some(c) = self.comparison.as_mut() {
            c.play(played);
            self.compared.push(played);
        }
        Ok(())
    }

    /// The moves played in the comparison, oldest first.
    pub fn compared(&self) -> &[crate::compare::Move] {
        &self.compared
    }

    /// The simulation, for rendering.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// Everything that happened, oldest first.
    pub fn events(&self) -> &[SimEvent] {
        &self.events
    }

    /// The commands the learner ran, oldest first.
    pub fn commands(&self) -> &[CommandKind] {
        &self.commands
    }

    /// The events that came after the first `count` ever drained (those still kept).
    pub fn events_since(&self, count: u64) -> &[SimEvent] {
        let first_kept = self.seen - self.events.len() as u64;
        let skip = count.saturating_sub(first_kept).min(self.events.len() as u64) as usize;
        &self.events[skip..]
    }

    /// How many events were ever drained: [`Lab::events_since`] of it is empty.
    pub fn event_count(&self) -> u64 {
        self.seen
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether something is still due to happen (a pod starting, a volume provisioning, …).
    pub fn busy(&self) -> bool {
        self.sim.poll_timeout().is_some()
    }

    /// When the next thing is due, in simulated milliseconds.
    pub fn next_due(&self) -> Option<u64> {
        self.sim.poll_timeout().map(SimTime::as_millis)
    }

    fn drain(&mut self) {
        while let Some(e) = self.sim.poll_event() {
            if let Some(w) = &mut self.watch {
                w.see(&e);
            }
            self.events.push(e);
            self.seen += 1;
        }
        // dropped a quarter at a time: the Cluster tab's cluster drains on every timer
        if self.events.len() > MAX_EVENTS + MAX_EVENTS / 4 {
            let extra = self.events.len() - MAX_EVENTS;
            self.events.drain(..extra);
        }
    }

    fn record(&mut self, line: String) {
        if self.unrecorded.is_some() {
            return;
        }
        if self.log.len() + 2 > MAX_LOG {
            self.unrecorded = Some(format!("it ran more commands than a link can carry ({MAX_LOG})"));
            return;
        }
        // a link unpacks to at most this much: the Cluster tab's cluster may apply a large
        // manifest again and again, and keeps none of it past that
        if self.logged_bytes + line.len() + 32 > crate::share::MAX_DECODED_LEN {
            self.unrecorded = Some(format!("its inputs are more than a link can carry ({} KiB)", crate::share::MAX_DECODED_LEN / 1024));
            self.log = Vec::new();
            return;
        }
        let now = self.sim.now();
        if now > self.logged_at {
            self.log.push(format!("advance {}ms", now.since(self.logged_at)));
            self.logged_at = now;
        }
        self.logged_bytes += line.len() + 32;
        self.log.push(line);
    }

    /// Whether a `kubectl get … -w` is following changes.
    /// A `kubectl drain` typed last still runs too: it prints as it evicts and retries.
    pub fn watching(&self) -> bool {
        self.watch.is_some() || self.drain.is_some_and(|(id, _, _)| self.sim.drains().get(id).is_some_and(|d| d.running))
    }

    /// The lines the open watch (or the running drain) printed since the last call, oldest
    /// first.
    pub fn take_watched(&mut self) -> Vec<String> {
        let mut lines = self.watch.as_mut().map(|w| std::mem::take(&mut w.pending)).unwrap_or_default();
        lines.extend(self.drain_printed());
        lines
    }

    /// What the followed drain printed since it was last asked, stdout then stderr.
    fn drain_printed(&mut self) -> Vec<String> {
        let Some((id, out, err)) = self.drain else { return Vec::new() };
        let Some(d) = self.sim.drains().get(id) else { return Vec::new() };
        let mut lines: Vec<String> = d.stdout.get(out..).unwrap_or_default().lines().map(str::to_owned).collect();
        lines.extend(d.stderr.iter().skip(err).cloned());
        self.drain = Some((id, d.stdout.len(), d.stderr.len()));
        lines
    }

    /// Moves simulated time forward by `ms` (the animation's clock).
    pub fn advance(&mut self, ms: u64) {
        let t = self.sim.now().plus_ms(ms);
        self.sim.advance_to(t);
        self.drain();
    }

    /// Moves simulated time forward to `t` (no-op for a time in the past).
    pub fn advance_to(&mut self, t: SimTime) {
        self.sim.advance_to(t);
        self.drain();
    }

    /// Runs until nothing more happens without input.
    pub fn settle(&mut self) {
        self.sim.settle();
        self.drain();
    }

    /// `kubectl apply -f -` of a manifest (the editor's text). Returns what kubectl prints.
    pub fn apply(&mut self, manifest: &str) -> Output {
        let response = self.give("kubectl apply -f manifest.yaml", Input::Apply { manifest: manifest.to_owned(), source: "manifest.yaml".into(), namespace: None, validate: Default::default() });
        Output {
            command: "kubectl apply -f manifest.yaml".into(),
            stdout: response.stdout,
            stderr: response.errors.iter().map(|e| format!("{}\n", e.kubectl)).collect(),
            watch: false,
        }
    }

    /// Gives the cluster an input from outside the lab's terminal (the Cluster tab's buttons,
    /// its terminal, a consequence it plays), with the command that stands for it. The replay
    /// log keeps the command if the lab's terminal reads it back to the same input (a manifest
    /// applied as it is, by its text); otherwise the lab can no longer be shared
    /// ([`Lab::unrecorded`] says why) and plays on.
    pub fn give(&mut self, command: &str, input: Input) -> Response {
        if self.unrecorded.is_none() {
            match self.replay_line(command, &input) {
                Some(line) => self.record(line),
                None => self.unrecorded = Some(format!("it took an input a link cannot carry ({command})")),
            }
        }
        self.commands.extend(input_kind(&input));
        let response = self.sim.handle(input);
        self.sim.advance_to(self.sim.now());
        self.drain();
        response
    }

    /// The line of the replay log that gives `input` again, if there is one.
    fn replay_line(&self, command: &str, input: &Input) -> Option<String> {
        if let Input::Apply { manifest, namespace: None, validate, .. } = input {
            if *validate == Default::default() {
                let delimiter = (0..).map(|i| if i == 0 { "EOF".to_owned() } else { format!("EOF{i}") }).find(|d| !manifest.lines().any(|l| l == d)).unwrap_or_default();
                let body = manifest.strip_suffix('\n').unwrap_or(manifest);
                return Some(format!("kubectl apply -f - <<{delimiter}\n{body}\n{delimiter}"));
            }
        }
        let line = with_namespace(command, &script::split_words(command).ok()?);
        let parsed = script::parse_command(&line).ok()?;
        match script::resolve_nodes(&self.sim, &parsed.action) {
            Ok((Action::Input(given), _)) if given == *input => Some(line),
            _ => None,
        }
    }

    /// Why the lab can no longer be shared ([`Lab::position`] is `None`), if it cannot.
    pub fn unrecorded(&self) -> Option<&str> {
        self.unrecorded.as_deref()
    }

    /// Deletes a pod, as a click on it in the cluster view does. A watch open in the terminal
    /// keeps printing (the click is not a command typed there).
    pub fn delete_pod(&mut self, name: &str) -> Output {
        self.click(&format!("kubectl delete pod {name}"))
    }

    /// Runs the command a click in the cluster view stands for (a pod's ✕, a node's menu): as
    /// [`Lab::run`] does, but an open watch keeps printing (the click is not typed there).
    pub fn click(&mut self, command: &str) -> Output {
        self.execute(command)
    }

    /// Runs one terminal command: the simulator's kubectl, `nslookup` and `dig`, plus the
    /// guide's `kubectl logs` and `kubectl exec` (`psql`, `pg_isready`, `df -h`), answered from
    /// the model.
    /// A `kubectl get … -w` keeps printing until the next command ([`Lab::take_watched`]).
    pub fn run(&mut self, line: &str) -> Output {
        self.watch = None;
        self.drain = None;
        self.execute(line)
    }

    fn execute(&mut self, line: &str) -> Output {
        let joined = script::pasted_command(line);
        let line = if line.contains('\n') { joined.as_str() } else { line.trim() };
        let words = match script::split_words(line) {
            Ok(w) => w,
            Err(e) => return Output { command: line.into(), stdout: String::new(), stderr: format!("{}\n", e.message), watch: false },
        };
        let command = with_namespace(line, &words);
        let parsed = match script::parse_command(&command) {
            Ok(c) => c,
            Err(e) => {
                return Output {
                    command,
                    stdout: String::new(),
                    stderr: format!(
                        "{}\nThe lab understands kubectl get, describe, delete, scale, set image, patch, logs and exec, and nslookup and dig.\n",
                        e.message
                    ),
                    watch: false,
                }
            }
        };
        // `node-of:POD` stands for the node POD runs on, as in the scenario scripts
        let parsed = match script::resolve_nodes(&self.sim, &parsed.action) {
            Ok((action, _)) => script::Command { action, ..parsed },
            Err(e) => return Output { command, stdout: String::new(), stderr: format!("{e}\n"), watch: false },
        };
        let kind = match &parsed.action {
            Action::Read(Read::Get { request, .. }) => Some(CommandKind::Get(request.resource)),
            Action::Read(Read::Describe { resource, .. }) => Some(CommandKind::Describe(*resource)),
            Action::Read(Read::Nslookup { .. }) => Some(CommandKind::Nslookup),
            Action::Read(Read::Dig { .. }) => Some(CommandKind::Dig),
            Action::Read(Read::Run { inner, .. }) => Some(if matches!(**inner, Read::Dig { .. }) { CommandKind::Dig } else { CommandKind::Nslookup }),
            Action::Read(Read::Logs { .. }) => Some(CommandKind::Logs),
            Action::Read(Read::Exec { .. }) => Some(CommandKind::Exec),
            Action::Read(Read::Why { .. }) => Some(CommandKind::Why),
            Action::Input(input) => input_kind(input),
            _ => None,
        };
        // recorded with the time it was typed at, before it runs; `advance 30s` is time moving
        // on, which the next entry's `advance` records
        if !matches!(parsed.action, Action::Advance(_)) {
            self.record(command.clone());
        }
        let opened = match &parsed.action {
            Action::Read(Read::Get { request, watch: true }) => Watch::open(&self.sim, request),
            _ => None,
        };
        let out = match (opened, parsed.action) {
            (Some(Ok((watch, listed))), _) => {
                self.watch = Some(watch);
                Output { command: command.clone(), stdout: listed, stderr: String::new(), watch: true }
            }
            (Some(Err(e)), _) => Output { command: command.clone(), stdout: String::new(), stderr: format!("{e}\n"), watch: false },
            (None, Action::Read(read)) => {
                let printed = script::print(&self.sim, &read);
                Output { command: command.clone(), stdout: printed.stdout, stderr: printed.stderr, watch: false }
            }
            (None, Action::Input(input)) => {
                let drains = matches!(input, Input::Drain { .. });
                let response = self.sim.handle(input);
                self.sim.advance_to(self.sim.now());
                self.drain();
                let mut stderr: String = response.warnings.iter().map(|w| format!("{w}\n")).chain(response.errors.iter().map(|e| format!("{}\n", e.kubectl))).collect();
                let mut stdout = response.stdout;
                if drains && !self.sim.drains().is_empty() {
                    // kubectl drain prints as it goes: what it printed so far, the rest later
                    let id = self.sim.drains().len() - 1;
                    self.drain = Some((id, 0, 0));
                    let d = &self.sim.drains()[id];
                    stdout.push_str(&d.stdout);
                    stderr.extend(d.stderr.iter().map(|l| format!("{l}\n")));
                    self.drain = Some((id, d.stdout.len(), d.stderr.len()));
                }
                Output { command: command.clone(), stdout, stderr, watch: self.watching() }
            }
            (None, Action::Advance(ms)) => {
                self.advance(ms);
                Output { command: command.clone(), stdout: format!("(simulated time moved on by {})\n", format_duration_ms(ms)), stderr: String::new(), watch: false }
            }
            (None, Action::Apply { .. }) => Output {
                command: command.clone(),
                stdout: String::new(),
                stderr: "the lab has no files: use the Apply button, which applies the editor's manifest\n".into(),
                watch: false,
            },
        };
        self.commands.extend(kind);
        out
    }

    /// Where the lab is, for a share link: replaying it gives the same cluster and history.
    /// `None` when a link cannot carry it ([`Lab::unrecorded`] says why).
    pub fn position(&self) -> Option<SimPosition> {
        self.unrecorded.is_none().then(|| SimPosition { seed: self.seed, time_ms: self.sim.now().as_millis(), inputs: self.log.clone() })
    }

    /// Rebuilds a lab from a position: the same seed, the same inputs at the same simulated
    /// times, then time up to where it was. Fails on an input the lab never writes.
    pub fn restore(position: &SimPosition) -> Result<Lab, String> {
        let mut lab = Lab::new(position.seed);
        for entry in read_log(position)? {
            match entry {
                Logged::Advance(ms) => lab.advance(ms),
                Logged::Apply(manifest) => {
                    lab.apply(&manifest);
                }
                Logged::Command(line) => {
                    lab.run(line);
                }
            }
        }
        let now = lab.sim.now().as_millis();
        if position.time_ms < now {
            return Err(format!("the position's time ({} ms) is before its last input ({now} ms)", position.time_ms));
        }
        lab.advance(position.time_ms - now);
        Ok(lab)
    }
}

/// One entry of a lab's replay log ([`Lab::position`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Logged<'a> {
    /// Simulated time moved on by this many milliseconds.
    Advance(u64),
    /// The editor's text applied (`kubectl apply -f -`), ending with a newline.
    Apply(String),
    /// A command typed, with its namespace.
    Command(&'a str),
}

/// Reads a position's replay log, or says which entry cannot be read. The last entry is
/// followed by time moving on to `position.time_ms` (a time before the inputs' is refused).
pub fn read_log(position: &SimPosition) -> Result<Vec<Logged<'_>>, String> {
    let mut entries = Vec::with_capacity(position.inputs.len());
    let mut at = 0u64;
    for (i, line) in position.inputs.iter().enumerate() {
        if let Some(d) = line.strip_prefix("advance ") {
            let ms = parse_duration_ms(d).ok_or_else(|| format!("input {}: not a duration: {d:?}", i + 1))?;
            at = at.saturating_add(ms);
            entries.push(Logged::Advance(ms));
        } else if let Some(rest) = line.strip_prefix("kubectl apply -f - <<") {
            let (delimiter, body) = rest.split_once('\n').ok_or_else(|| format!("input {}: an apply without a manifest", i + 1))?;
            let manifest = body.strip_suffix(delimiter).and_then(|b| b.strip_suffix('\n')).ok_or_else(|| format!("input {}: the manifest does not end with {delimiter}", i + 1))?;
            entries.push(Logged::Apply(format!("{manifest}\n")));
        } else {
            entries.push(Logged::Command(line));
        }
    }
    if position.time_ms < at {
        return Err(format!("the position's time ({} ms) is before its last input ({at} ms)", position.time_ms));
    }
    Ok(entries)
}

/// What kind of command gives `input`, for the lessons' `ran` checks.
fn input_kind(input: &Input) -> Option<CommandKind> {
    Some(match input {
        Input::Apply { .. } => CommandKind::Apply,
        Input::Exec { .. } | Input::Insert { .. } => CommandKind::Exec,
        Input::Delete { resource, .. } => CommandKind::Delete(*resource),
        Input::Scale { .. } => CommandKind::Scale,
        Input::SetImage { .. } => CommandKind::SetImage,
        Input::Patch { .. } => CommandKind::Patch,
        Input::CreateJobFrom { .. } => CommandKind::CreateJob,
        Input::Drain { .. } => CommandKind::Drain,
        Input::Cordon { .. } => CommandKind::Cordon,
        Input::Taint { .. } => CommandKind::Taint,
        _ => return None,
    })
}

/// A command as the lab runs it: `-n scenarios` added where it names no namespace (as
/// [`Lab::run`] does). The Cluster tab's terminal, showing a lab, reads commands so.
pub fn in_lab_namespace(line: &str) -> String {
    match script::split_words(line) {
        Ok(words) => with_namespace(line, &words),
        Err(_) => line.to_owned(),
    }
}

/// Adds `-n scenarios` to a kubectl (but `apply`, whose manifests say where they go), nslookup,
/// dig, node-down or node-up command that names no namespace (`node-of:POD` then names a pod
/// of the lab's namespace).
fn with_namespace(line: &str, words: &[String]) -> String {
    let names_one = words.iter().any(|w| w == "-n" || w.starts_with("-n=") || w.starts_with("--namespace") || w == "-A" || w == "--all-namespaces");
    let head = words.first().map(String::as_str);
    let kubectl_cluster_scoped = words.get(2).and_then(|w| Resource::parse(w.split('/').next().unwrap_or(""))).is_some_and(|r| matches!(r, Resource::Volumes | Resource::Nodes | Resource::StorageClasses));
    let applies = head == Some("kubectl") && words.get(1).is_some_and(|w| w == "apply");
    if names_one || applies || (kubectl_cluster_scoped && !line.contains("node-of")) || !matches!(head, Some("kubectl" | "nslookup" | "dig" | "node-down" | "node-up")) || words.len() < 2 {
        return line.to_owned();
    }
    // before `--`, so that `kubectl run … -- nslookup NAME` and `exec … -- psql` keep their tail
    match line.find(" -- ") {
        Some(at) => format!("{} -n {NAMESPACE}{}", &line[..at], &line[at..]),
        None => format!("{line} -n {NAMESPACE}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script::Summary;

    fn guide_lab() -> Lab {
        let mut lab = Lab::new(7);
        let out = lab.apply(crate::examples::GUIDE);
        assert!(!out.failed(), "{out:?}");
        lab
    }

    #[test]
    fn a_watch_follows_changes_live_until_the_next_command() {
        let mut lab = guide_lab();
        lab.settle();
        let out = lab.run("kubectl get pods -w");
        assert_eq!(out.command, "kubectl get pods -w -n scenarios");
        let listed: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(listed.len(), 4, "kubectl's initial list, the pods as they are now: {out:?}");
        assert!(listed[0].starts_with("NAME ") && listed[1].starts_with("recovery-demo-db-0   1/1     Running"), "{out:?}");
        assert!(lab.watching() && lab.take_watched().is_empty(), "nothing changed yet");
        // a click on a pod deletes it while the watch keeps printing
        lab.delete_pod("recovery-demo-db-0");
        assert!(lab.watching());
        let mut lines = lab.take_watched();
        for _ in 0..600 {
            lab.advance(100);
            lines.extend(lab.take_watched());
        }
        assert!(lines.iter().all(|l| l.starts_with("recovery-demo-db-0 ")), "only the changes, no header again: {lines:?}");
        let status = |l: &String| l.split_whitespace().nth(2).unwrap_or_default().to_owned();
        let statuses: Vec<String> = lines.iter().map(status).collect();
        let terminating = statuses.iter().position(|s| s == "Terminating").expect("Terminating printed");
        let pending = statuses.iter().position(|s| s == "Pending").expect("the new pod printed");
        assert!(terminating < pending && statuses.last().is_some_and(|s| s == "Running"), "{lines:?}");
        // the next command typed stops it
        lab.run("kubectl get sts");
        assert!(!lab.watching());
        lab.delete_pod("recovery-demo-db-1");
        lab.advance(5_000);
        assert!(lab.take_watched().is_empty());
    }

    #[test]
    fn a_watch_of_what_kubectl_cannot_watch_prints_once_and_a_bad_watch_fails() {
        let mut lab = guide_lab();
        let out = lab.run("kubectl get svc -w");
        assert!(out.stdout.contains("recovery-demo-headless") && !lab.watching(), "{out:?}");
        let out = lab.run("kubectl get pods nosuch -w");
        assert_eq!(out.stderr, "Error from server (NotFound): pods \"nosuch\" not found\n");
        assert!(out.failed() && !lab.watching(), "{out:?}");
    }

    #[test]
    fn the_guide_comes_up_in_the_lab_namespace() {
        let mut lab = guide_lab();
        lab.settle();
        let ready = lab.sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count();
        assert_eq!(ready, 3);
        assert!(!lab.busy(), "a settled guide has nothing due");
        let out = lab.run("kubectl get pods");
        assert!(out.stdout.contains("recovery-demo-db-2   1/1     Running"), "{}", out.stdout);
        assert_eq!(out.command, "kubectl get pods -n scenarios");
        assert_eq!(lab.commands(), [CommandKind::Apply, CommandKind::Get(Resource::Pods)]);
        assert!(lab.run("kubectl get pv").stdout.contains("data-recovery-demo-db-0"));
        // a Job from a CronJob counts as `ran create-job`, whether or not the CronJob exists
        let out = lab.run("kubectl create job now --from=cronjob/nightly");
        assert!(out.stderr.contains("cronjobs.batch \"nightly\" not found"), "{out:?}");
        assert_eq!(lab.commands().last(), Some(&CommandKind::CreateJob));
    }

    #[test]
    fn logs_and_exec_answer_from_the_model() {
        let mut lab = guide_lab();
        lab.settle();
        let first = lab.run("kubectl logs recovery-demo-db-0");
        assert!(first.stdout.contains("init process complete") && !first.stdout.contains("Skipping initialization"), "{first:?}");
        lab.delete_pod("recovery-demo-db-0");
        lab.settle();
        let again = lab.run("kubectl logs recovery-demo-db-0 -n scenarios");
        assert!(again.stdout.contains("Skipping initialization"), "the data came back: {again:?}");
        assert!(lab.run("kubectl exec recovery-demo-db-0 -- df -h /data").stdout.contains("/data"));
        // without a readiness probe the pod is Ready before postgres accepts connections
        let early = lab.run("kubectl exec -it recovery-demo-db-0 -- pg_isready");
        assert_eq!(early.stdout, "/var/run/postgresql:5432 - rejecting connections\n");
        assert_eq!(early.stderr, "command terminated with exit code 1\n");
        lab.advance(5_000);
        assert!(lab.run("kubectl exec -it recovery-demo-db-0 -- pg_isready").stdout.contains("accepting connections"));
        assert!(lab.run("kubectl logs nope").stderr.contains("NotFound"));
        let unknown = lab.run("kubectl frobnicate");
        assert!(unknown.failed() && unknown.stderr.contains("The lab understands"), "{unknown:?}");
    }

    #[test]
    fn logs_speak_with_the_cluster_tabs_voice() {
        // The same model as the Cluster tab (sim::postgres): timestamps, the version of the
        // image's tag, a clean shutdown after a graceful delete, recovery after a kill.
        let mut lab = guide_lab();
        lab.settle();
        lab.advance(10_000);
        let first = lab.run("kubectl logs recovery-demo-db-0").stdout;
        assert!(first.contains("UTC [1] LOG:  starting PostgreSQL 13.23 on x86_64-pc-linux-musl"), "{first}");
        assert!(first.contains("PostgreSQL init process complete; ready for start up."), "{first}");
        assert!(first.lines().last().unwrap().ends_with("LOG:  database system is ready to accept connections"), "{first}");

        lab.run("kubectl set image statefulset/recovery-demo-db postgres=postgres:13.8-alpine");
        lab.settle();
        lab.advance(10_000);
        let updated = lab.run("kubectl logs recovery-demo-db-0").stdout;
        assert!(updated.contains("LOG:  starting PostgreSQL 13.8 on x86_64-pc-linux-musl"), "{updated}");
        assert!(updated.contains("Skipping initialization"), "{updated}");
        assert!(updated.contains("LOG:  database system was shut down at"), "the rolling update stopped the old server cleanly: {updated}");
        assert!(!updated.contains("interrupted"), "{updated}");
        let version = lab.run("kubectl exec recovery-demo-db-0 -- psql -U postgres -c 'SELECT version();'").stdout;
        assert!(version.contains("PostgreSQL 13.8 on"), "{version}");

        let crash = lab.run("crash recovery-demo-db-1 -n scenarios");
        assert!(!crash.failed(), "{crash:?}");
        lab.advance(30_000);
        let recovered = lab.run("kubectl logs recovery-demo-db-1").stdout;
        assert!(recovered.contains("LOG:  database system was interrupted; last known up at"), "{recovered}");
        assert!(recovered.contains("automatic recovery in progress"), "{recovered}");
        let previous = lab.run("kubectl logs recovery-demo-db-1 --previous");
        assert!(previous.stdout.contains("database system is ready to accept connections") && !previous.failed(), "{previous:?}");
    }

    #[test]
    fn a_position_replays_to_the_same_cluster_and_history() {
        let mut lab = guide_lab();
        // the animation's clock: uneven ticks
        for ms in [16, 250, 33, 1000, 4000, 700, 9000, 20_000] {
            lab.advance(ms);
        }
        lab.delete_pod("recovery-demo-db-1");
        lab.advance(1234);
        lab.run("kubectl scale statefulset recovery-demo-db --replicas=2");
        lab.run("kubectl get pvc");
        lab.advance(60_000);
        // time moved on by a command is replayed once
        lab.run("advance 30s");
        lab.advance(500);
        let position = lab.position().unwrap();
        let again = Lab::restore(&position).unwrap();
        assert_eq!(Summary::of(again.sim()), Summary::of(lab.sim()));
        assert_eq!(again.events(), lab.events());
        assert_eq!(again.commands(), lab.commands());
        assert_eq!(again.position().unwrap(), position);
        // through a share link too
        let link = crate::share::encode(&crate::share::Payload { sim: Some(position.clone()), ..Default::default() }).unwrap();
        let back = crate::share::decode(&link).unwrap().sim.unwrap();
        assert_eq!(Summary::of(Lab::restore(&back).unwrap().sim()), Summary::of(lab.sim()));
    }

    #[test]
    fn inputs_given_from_outside_replay_from_a_link_or_say_why_they_cannot() {
        let mut lab = Lab::new(3);
        // the Cluster tab's Apply and buttons: the manifest by its text, the commands as typed
        lab.give("kubectl apply -f guide.yaml", Input::Apply { manifest: crate::examples::GUIDE.into(), source: "guide.yaml".into(), namespace: None, validate: Default::default() });
        lab.advance(90_000);
        let delete = script::parse_command("kubectl delete pod recovery-demo-db-1 -n scenarios").unwrap().action;
        let Action::Input(delete) = delete else { panic!() };
        lab.give("kubectl delete pod recovery-demo-db-1 -n scenarios", delete);
        lab.advance(2_000);
        assert_eq!(lab.commands(), [CommandKind::Apply, CommandKind::Delete(Resource::Pods)]);
        let position = lab.position().unwrap();
        let again = Lab::restore(&position).unwrap();
        assert_eq!(Summary::of(again.sim()), Summary::of(lab.sim()));
        assert_eq!(again.events(), lab.events());
        // an input whose command reads back to another one stops the recording, and says so
        lab.give("kubectl scale statefulset recovery-demo-db --replicas=1", Input::Scale { resource: Resource::StatefulSets, namespace: "default".into(), name: "recovery-demo-db".into(), replicas: 1 });
        assert!(lab.position().is_none());
        assert_eq!(lab.unrecorded(), Some("it took an input a link cannot carry (kubectl scale statefulset recovery-demo-db --replicas=1)"));
    }

    #[test]
    fn a_log_larger_than_a_link_stops_and_says_so() {
        let mut lab = Lab::new(3);
        let big = format!("# {}\n{}", "x".repeat(300 * 1024), crate::examples::GUIDE);
        for _ in 0..3 {
            lab.apply(&big);
        }
        assert!(lab.position().is_some());
        lab.apply(&big);
        assert!(lab.position().is_none());
        assert_eq!(lab.unrecorded(), Some("its inputs are more than a link can carry (1024 KiB)"));
    }

    #[test]
    fn events_since_counts_every_event_ever_drained() {
        let mut lab = guide_lab();
        let first = lab.event_count();
        assert!(first > 0 && lab.events_since(first).is_empty());
        assert_eq!(lab.events_since(0).len() as u64, first);
        lab.settle();
        assert_eq!(lab.events_since(first), &lab.events()[first as usize..]);
    }

    #[test]
    fn bad_positions_are_refused_with_a_reason() {
        let bad = SimPosition { seed: 1, time_ms: 0, inputs: vec!["advance soon".into()] };
        assert_eq!(Lab::restore(&bad).err().unwrap(), "input 1: not a duration: \"soon\"");
        let cut = SimPosition { seed: 1, time_ms: 0, inputs: vec!["kubectl apply -f - <<EOF\nkind: Service".into()] };
        assert_eq!(Lab::restore(&cut).err().unwrap(), "input 1: the manifest does not end with EOF");
        let back = SimPosition { seed: 1, time_ms: 5, inputs: vec!["advance 10ms".into()] };
        assert!(Lab::restore(&back).err().unwrap().contains("before its last input"));
    }

    #[test]
    fn the_namespace_is_added_only_where_it_belongs() {
        let w = |l: &str| with_namespace(l, &script::split_words(l).unwrap());
        assert_eq!(w("kubectl get pods"), "kubectl get pods -n scenarios");
        assert_eq!(w("kubectl get pods -n other"), "kubectl get pods -n other");
        assert_eq!(w("kubectl get pv"), "kubectl get pv");
        assert_eq!(w("kubectl apply -f guide.yaml"), "kubectl apply -f guide.yaml");
        assert_eq!(w("kubectl run -it --rm debug --image=busybox --restart=Never -- nslookup x"), "kubectl run -it --rm debug --image=busybox --restart=Never -n scenarios -- nslookup x");
        assert_eq!(w("nslookup recovery-demo-db-0.recovery-demo-headless"), "nslookup recovery-demo-db-0.recovery-demo-headless -n scenarios");
    }
}
