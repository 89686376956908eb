//! The cluster view's state and its reducer (separate from the page's): playback, the
//! selected object, the notice under the toolbar, and the terminal's transcript.
//!
//! The [`Session`] is large and changes on every frame, so the state holds it behind an
//! `Rc<RefCell<…>>` and the reducer mutates it in place; [`Ui::frame`] changes whenever it
//! did, which is what makes Yew render again.

use std::cell::RefCell;
use std::rc::Rc;

use ordinal_core::apiserver::ServerVersion;
use ordinal_core::sim::api::{Cascade, Input};
use ordinal_core::sim::kubelet::KubeletAction;
use ordinal_core::sim::model::ObjectKey;
use ordinal_core::sim::script::{self, Action};
use ordinal_core::sim::views::Resource;
use ordinal_core::sim::{Response, SimTime};
use yew::Reducible;

use super::consequences;
use super::log::Stream;
use super::session::Session;
use super::shell::{self, Output, Shell, Style};
use super::{ObjKind, ObjRef};

/// Playback speeds offered.
pub const SPEEDS: [f64; 8] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 60.0];
/// The longest wall-clock gap between two frames that playback honours; a longer one (a
/// background tab, a breakpoint) counts as this.
const MAX_FRAME_GAP_MS: f64 = 100.0;
/// While only time moves (row counters, the clock), the view is drawn at most this often
/// (ms of wall-clock time); CSS transitions animate in between.
const TIME_ONLY_REDRAW_MS: f64 = 100.0;
/// When the cluster changed, the view is drawn at most this often, so that a burst of
/// changes (a hundred pods at once) costs one drawing per two frames.
const CHANGE_REDRAW_MS: f64 = 30.0;

/// Playback's wall-clock bookkeeping, shared (not part of what is drawn).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// The previous frame's timestamp while playing.
    last_frame: Option<f64>,
    /// Simulated time not yet played (below a millisecond).
    carry: f64,
    /// When the view was last drawn because of a frame.
    last_draw: f64,
    /// The session's revision when it was.
    drawn_revision: u64,
}
/// Transcript lines kept.
const TRANSCRIPT: usize = 2_000;

/// A line of the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermLine {
    /// A number unique in the transcript.
    pub seq: u64,
    /// How it is shown.
    pub style: Style,
    /// The text (no trailing newline).
    pub text: String,
}

/// A message under the toolbar: an error to read, and what can be done about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// An error, or information.
    pub error: bool,
    /// One line.
    pub title: String,
    /// The server's or kubectl's text, verbatim.
    pub body: String,
    /// Buttons.
    pub offers: Vec<Offer>,
}

/// Something a notice offers to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Offer {
    /// Create the namespace, then apply the text again.
    CreateNamespace {
        /// The namespace.
        namespace: String,
        /// The text to apply after.
        text: Rc<str>,
    },
    /// Delete the set with `--cascade=orphan` and apply it again with another
    /// `podManagementPolicy`: the real way to change a field the server will not change.
    Recreate {
        /// The set.
        set: ObjRef,
        /// The new policy.
        policy: String,
    },
    /// Apply the editor's text (after its preview).
    Apply {
        /// The text.
        text: Rc<str>,
    },
    /// Go back to the cluster the tab had before a lesson's lab was opened in it.
    BringBack,
}

impl Offer {
    /// The button's label.
    pub fn label(&self) -> String {
        match self {
            Offer::CreateNamespace { namespace, .. } => format!("Create namespace {namespace} and apply again"),
            Offer::Recreate { policy, .. } => format!("Delete with --cascade=orphan, re-create with {policy}"),
            Offer::Apply { .. } => "Apply it".to_owned(),
            Offer::BringBack => "Bring back the cluster you had".to_owned(),
        }
    }
}

/// A change to the cluster made with a button; each is a kubectl command.
#[derive(Clone, Debug, PartialEq)]
pub enum Control {
    /// `kubectl delete pod`.
    DeletePod(ObjRef),
    /// A fault: unready, ready, crash, evict.
    Fault(ObjRef, KubeletAction),
    /// `kubectl scale`.
    Scale(ObjRef, i32),
    /// `kubectl set image`.
    SetImage(ObjRef, String, String),
    /// `kubectl patch … partition`.
    Partition(ObjRef, i32),
    /// `kubectl patch … podManagementPolicy` (which the server refuses).
    Policy(ObjRef, String),
    /// `kubectl delete statefulset [--cascade=orphan]`.
    DeleteSet(ObjRef, Cascade),
    /// Something done to a node (by name).
    Node(String, NodeOp),
}

/// What the node menu does to a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeOp {
    /// `node-down`: the node drops off the network; its kubelet stops answering.
    Down,
    /// `node-up`: it answers again.
    Up,
    /// `kubectl cordon`.
    Cordon,
    /// `kubectl uncordon`.
    Uncordon,
    /// `kubectl drain … --ignore-daemonsets --delete-emptydir-data`.
    Drain,
    /// `kubectl delete node`.
    Delete,
    /// Add (`true`) or remove the out-of-service taint.
    OutOfService(bool),
}

impl NodeOp {
    /// Every operation, in the menu's order.
    pub const ALL: [NodeOp; 8] = [NodeOp::Down, NodeOp::Up, NodeOp::Cordon, NodeOp::Uncordon, NodeOp::Drain, NodeOp::OutOfService(true), NodeOp::OutOfService(false), NodeOp::Delete];

    /// The menu's label.
    pub fn label(self) -> &'static str {
        match self {
            NodeOp::Down => "Cut it off the network (node-down)",
            NodeOp::Up => "Bring it back (node-up)",
            NodeOp::Cordon => "Cordon",
            NodeOp::Uncordon => "Uncordon",
            NodeOp::Drain => "Drain",
            NodeOp::Delete => "Delete the Node object",
            NodeOp::OutOfService(true) => "Mark it shut down (out-of-service taint)",
            NodeOp::OutOfService(false) => "Remove the out-of-service taint",
        }
    }

    /// A stable id for the menu's `value` and tests.
    pub fn id(self) -> &'static str {
        match self {
            NodeOp::Down => "down",
            NodeOp::Up => "up",
            NodeOp::Cordon => "cordon",
            NodeOp::Uncordon => "uncordon",
            NodeOp::Drain => "drain",
            NodeOp::Delete => "delete",
            NodeOp::OutOfService(true) => "out-of-service",
            NodeOp::OutOfService(false) => "in-service",
        }
    }

    /// The operation of an id.
    pub fn from_id(id: &str) -> Option<NodeOp> {
        NodeOp::ALL.into_iter().find(|op| op.id() == id)
    }
}

impl Control {
    /// The kubectl command it runs. The core's script reader turns it into the input, so
    /// the command shown in the terminal is exactly what happened.
    pub fn command(&self) -> String {
        let flag = |o: &ObjRef| if o.namespace == "default" { String::new() } else { format!(" -n {}", o.namespace) };
        match self {
            Control::DeletePod(p) => format!("kubectl delete pod {}{}", p.name, flag(p)),
            Control::Fault(p, action) => format!("{} {}{}", action.as_str(), p.name, flag(p)),
            Control::Scale(s, n) => format!("kubectl scale statefulset {} --replicas={n}{}", s.name, flag(s)),
            Control::SetImage(s, container, image) => format!("kubectl set image statefulset/{} {container}={image}{}", s.name, flag(s)),
            Control::Partition(s, p) => format!(
                "kubectl patch statefulset {}{} --type=merge -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{p}}}}}}}}}'",
                s.name,
                flag(s)
            ),
            Control::Policy(s, policy) => format!("kubectl patch statefulset {}{} --type=merge -p '{{\"spec\":{{\"podManagementPolicy\":\"{policy}\"}}}}'", s.name, flag(s)),
            Control::DeleteSet(s, cascade) => {
                let c = if *cascade == Cascade::Orphan { " --cascade=orphan" } else { "" };
                format!("kubectl delete statefulset {}{}{c}", s.name, flag(s))
            }
            Control::Node(node, op) => match op {
                NodeOp::Down => format!("node-down {node}"),
                NodeOp::Up => format!("node-up {node}"),
                NodeOp::Cordon => format!("kubectl cordon {node}"),
                NodeOp::Uncordon => format!("kubectl uncordon {node}"),
                NodeOp::Drain => format!("kubectl drain {node} --ignore-daemonsets --delete-emptydir-data"),
                NodeOp::Delete => format!("kubectl delete node {node}"),
                NodeOp::OutOfService(on) => format!("kubectl taint nodes {node} {}=nodeshutdown:NoExecute{}", ordinal_core::sim::nodes::OUT_OF_SERVICE, if *on { "" } else { "-" }),
            },
        }
    }

    /// The input the command gives.
    pub fn input(&self) -> Result<Input, String> {
        match script::parse_command(&self.command()).map(|c| c.action) {
            Ok(Action::Input(input)) => Ok(input),
            Ok(_) => Err(format!("{} is not a write", self.command())),
            Err(e) => Err(e.message),
        }
    }
}

/// Everything that can happen to the view.
#[derive(Clone, Debug)]
pub enum UiAction {
    /// An animation frame at this `performance.now()`.
    Frame(f64),
    /// Play or pause.
    SetPlaying(bool),
    /// Play to the next thing that happens, then pause.
    Step,
    /// Playback speed.
    Speed(f64),
    /// Go to a time (ms), replaying from the start to go back.
    Seek(u64),
    /// Back to time zero, keeping the recorded inputs (they replay as time passes).
    Restart,
    /// An empty cluster, nothing recorded.
    Reset,
    /// Select an object (highlight it), or clear the selection.
    Select(Option<ObjRef>),
    /// Apply the editor's text.
    Apply(Rc<str>),
    /// A button.
    Control(Control),
    /// A line typed in the terminal (with the editor's text, the terminal's files).
    Shell(String, Rc<str>),
    /// Take an offer of the notice.
    Take(Offer),
    /// Close the notice.
    Dismiss,
    /// Show or hide a stream in the event log.
    ToggleStream(Stream),
    /// Play a consequence (by id) on a fresh cluster.
    Consequence(String),
    /// Start over on another Kubernetes version.
    Version(ServerVersion),
    /// Start over with nodes of another size (`cpu=4,memory=8092Mi`, as `--node-allocatable`).
    NodeSize(String),
    /// Hide what the consequence being played asks to watch.
    StopWatching,
    /// Say what applying the editor's text would do, without applying it.
    Preview(Rc<str>),
}

/// The view's state.
#[derive(Clone)]
pub struct Ui {
    /// The simulation and its history.
    pub session: Rc<RefCell<Session>>,
    /// The terminal's history.
    pub shell: Rc<RefCell<Shell>>,
    /// Changes whenever the session did.
    pub frame: u64,
    /// Playing or paused.
    pub playing: bool,
    /// Simulated seconds per wall-clock second.
    pub speed: f64,
    /// Playback's bookkeeping.
    clock: Rc<RefCell<Clock>>,
    /// The highlighted object.
    pub selected: Option<ObjRef>,
    /// The notice under the toolbar.
    pub notice: Option<Notice>,
    /// The terminal's lines.
    pub transcript: Rc<Vec<TermLine>>,
    transcript_seq: u64,
    /// Streams shown in the event log.
    pub streams: Vec<Stream>,
    /// What the consequence being played asks to watch.
    pub watching: Option<(String, String)>,
    /// The cluster runs a played mistake's manifest, not the editor's (until the editor's is
    /// applied or the cluster restarts).
    pub played: bool,
    /// The terminal's `kubectl get … -w`, until the next command.
    watch: Option<shell::OpenWatch>,
    /// Per `kubectl drain` of the session (by id): how much of its stdout and stderr the
    /// terminal has shown.
    drains_shown: Vec<(usize, usize)>,
    /// The cluster the tab had before a lesson's lab was opened in it ([`Ui::open_lab`]).
    previous: Option<Rc<RefCell<Session>>>,
}

impl PartialEq for Ui {
    fn eq(&self, other: &Ui) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.frame == other.frame
            && self.playing == other.playing
            && self.speed == other.speed
            && self.selected == other.selected
            && self.notice == other.notice
            && Rc::ptr_eq(&self.transcript, &other.transcript)
            && self.streams == other.streams
            && self.watching == other.watching
            && self.played == other.played
    }
}

impl Default for Ui {
    fn default() -> Ui {
        Ui::new(Session::default())
    }
}

impl Ui {
    /// A view of a session, playing at normal speed.
    pub fn new(session: Session) -> Ui {
        Ui {
            session: Rc::new(RefCell::new(session)),
            shell: Rc::default(),
            frame: 0,
            playing: true,
            speed: 1.0,
            clock: Rc::default(),
            selected: None,
            notice: None,
            transcript: Rc::new(vec![TermLine { seq: 0, style: Style::Note, text: "A simulated cluster: three nodes, a default StorageClass. Type help, or press Tab to complete.".to_owned() }]),
            transcript_seq: 1,
            streams: vec![Stream::Pods, Stream::Events],
            watching: None,
            played: false,
            watch: None,
            drains_shown: Vec::new(),
            previous: None,
        }
    }

    /// The tab shows a lesson's lab (`session`, [`Session::of_lab`]), the one the lesson
    /// plays on: what is done here happens in the lesson too. The tab's own cluster, if
    /// anything was done in it, stays one click away (the notice's [`Offer::BringBack`]);
    /// a lab that replaces another lab keeps it so.
    pub fn open_lab(mut self, session: Rc<RefCell<Session>>) -> Ui {
        if Rc::ptr_eq(&self.session, &session) {
            return self;
        }
        let (what, clock, namespaces) = {
            let s = session.borrow();
            let namespaces: std::collections::BTreeSet<String> = s.sim().snapshot().pods.keys().map(|k| k.namespace.clone()).collect();
            (s.label().unwrap_or("The lab").to_owned(), ordinal_core::sim::time::format_duration_ms(s.now().as_millis()), namespaces)
        };
        let own = {
            let current = self.session.borrow();
            (current.label().is_none() && !current.inputs().is_empty()).then(|| self.session.clone())
        };
        if own.is_some() {
            self.previous = own;
        }
        self.show(session);
        self.played = false;
        self.playing = true;
        let namespace = match namespaces.iter().next() {
            Some(ns) if namespaces.len() == 1 => format!(" Its objects are in namespace {ns}, which this terminal now uses when a command names none."),
            _ => String::new(),
        };
        self.note(&format!("{what} at t = {clock}: rewind it, cut a node off, follow the event log.{namespace} The lesson and this tab play one cluster: what you do here, the lesson sees."));
        let had = self.previous.is_some();
        self.notice = Some(Notice {
            error: false,
            title: if had { format!("{what} is playing here. The cluster you had in this tab is kept.") } else { format!("{what} is playing here.") },
            body: String::new(),
            offers: if had { vec![Offer::BringBack] } else { Vec::new() },
        });
        self
    }

    /// Shows another session (a lab opened here, or the one it replaced): nothing of the old
    /// one stays selected, watched or followed.
    fn show(&mut self, session: Rc<RefCell<Session>>) {
        self.session = session;
        self.watch = None;
        self.drains_seen();
        self.selected = None;
        self.watching = None;
        self.rewind_clock();
        self.frame += 1;
    }

    /// Applies one action (the reducer without `Rc`).
    pub fn apply(mut self, action: UiAction) -> Ui {
        match action {
            UiAction::Frame(ts) => {
                if self.tick(ts) {
                    self.follow_watch();
                    self.follow_drains();
                    self.frame += 1;
                }
            }
            UiAction::SetPlaying(playing) => {
                self.playing = playing;
                self.rewind_clock();
            }
            UiAction::Step => {
                self.playing = false;
                self.rewind_clock();
                self.session.borrow_mut().step();
                self.follow_drains();
                self.frame += 1;
            }
            UiAction::Speed(speed) => self.speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            UiAction::Seek(ms) => {
                self.watch = None;
                self.session.borrow_mut().seek(SimTime(ms));
                self.drains_seen();
                self.rewind_clock();
                self.frame += 1;
            }
            UiAction::Restart => {
                self.watch = None;
                self.session.borrow_mut().seek(SimTime::ZERO);
                self.drains_seen();
                self.playing = true;
                self.rewind_clock();
                self.frame += 1;
            }
            UiAction::Reset => {
                self.watch = None;
                self.session.borrow_mut().reset();
                self.drains_seen();
                self.selected = None;
                self.notice = None;
                self.watching = None;
                self.note("The cluster was reset: nothing in it, the clock at zero.");
                self.frame += 1;
            }
            UiAction::Select(obj) => self.selected = if self.selected == obj { None } else { obj },
            UiAction::Apply(text) => self.apply_text(text),
            UiAction::Control(control) => self.control(control),
            UiAction::Shell(line, editor) => {
                self.watch = None;
                self.follow_drains();
                let before = self.session.borrow().sim().drains().len();
                let out = {
                    let mut session = self.session.borrow_mut();
                    let mut shell = self.shell.borrow_mut();
                    shell.execute(&line, &mut session, &editor)
                };
                self.watch = out.watch.clone();
                self.echo(&line, out);
                // the shell printed what a drain it started printed so far; older ones go on
                {
                    let session = self.session.borrow();
                    let drains = session.sim().drains();
                    self.drains_shown.resize(drains.len().max(self.drains_shown.len()), (0, 0));
                    for (i, d) in drains.iter().enumerate().skip(before) {
                        self.drains_shown[i] = (d.stdout.len(), d.stderr.len());
                    }
                }
                self.follow_drains();
                self.frame += 1;
            }
            UiAction::Take(offer) => self.take(offer),
            UiAction::Dismiss => self.notice = None,
            UiAction::StopWatching => self.watching = None,
            UiAction::Preview(text) => self.preview(text),
            UiAction::ToggleStream(stream) => {
                if let Some(i) = self.streams.iter().position(|s| *s == stream) {
                    self.streams.remove(i);
                } else {
                    self.streams.push(stream);
                }
            }
            UiAction::Consequence(id) => self.consequence(&id),
            UiAction::Version(version) => {
                self.restart_on(version);
                self.note(&format!("A new, empty cluster running Kubernetes {}.", version.as_str()));
            }
            UiAction::NodeSize(size) => {
                let mut config = self.session.borrow().config().clone();
                if config.set_node_allocatable(&size).is_ok() {
                    let version = config.api.version;
                    self.session.borrow_mut().reset_with(config);
                    self.restart_on(version);
                    self.note(&format!("A new, empty cluster whose three nodes each offer {} to pods.", size.replace(',', ", ")));
                }
            }
        }
        self
    }

    /// Plays the time since the previous frame. Returns whether the view should be drawn:
    /// the cluster changed, or only time moved and the last drawing is old enough.
    pub fn tick(&self, ts: f64) -> bool {
        if !self.playing {
            self.rewind_clock();
            return false;
        }
        let mut clock = self.clock.borrow_mut();
        let dt = clock.last_frame.map_or(0.0, |last| (ts - last).clamp(0.0, MAX_FRAME_GAP_MS));
        clock.last_frame = Some(ts);
        let sim_ms = dt * self.speed + clock.carry;
        let whole = sim_ms.floor();
        clock.carry = sim_ms - whole;
        let mut session = self.session.borrow_mut();
        if whole >= 1.0 {
            let to = session.now().plus_ms(whole as u64);
            session.play_to(to);
        }
        let since = ts - clock.last_draw;
        let changed = session.changes() != clock.drawn_revision;
        if (changed && since >= CHANGE_REDRAW_MS) || !(0.0..TIME_ONLY_REDRAW_MS).contains(&since) {
            clock.last_draw = ts;
            clock.drawn_revision = session.changes();
            return true;
        }
        false
    }

    /// Forgets the previous frame (after a pause, a seek, a jump).
    fn rewind_clock(&self) {
        let mut clock = self.clock.borrow_mut();
        clock.last_frame = None;
        clock.carry = 0.0;
    }

    fn push_line(&mut self, style: Style, text: String) {
        let lines = Rc::make_mut(&mut self.transcript);
        for line in text.trim_end_matches('\n').split('\n') {
            lines.push(TermLine { seq: self.transcript_seq, style, text: line.to_owned() });
            self.transcript_seq += 1;
        }
        if lines.len() > TRANSCRIPT {
            let extra = lines.len() - TRANSCRIPT;
            lines.drain(..extra);
        }
    }

    /// Prints what running `kubectl drain`s printed since the terminal last showed them (a
    /// drain keeps running across commands, retrying every 5 s).
    fn follow_drains(&mut self) {
        let new: Vec<(Style, String)> = {
            let session = self.session.borrow();
            let drains = session.sim().drains();
            let mut new = Vec::new();
            let announced = self.drains_shown.len();
            self.drains_shown.resize(drains.len().max(announced), (0, 0));
            for (i, (d, shown)) in drains.iter().zip(self.drains_shown.iter_mut()).enumerate() {
                if i >= announced {
                    // started by a recorded input, not by a command typed or clicked now
                    let command = session.inputs().iter().rev().find(|r| r.command.starts_with("kubectl drain") && r.command.split_whitespace().nth(2) == Some(d.node.as_str())).map(|r| r.command.clone());
                    new.push((Style::Command, format!("{}{}", shell::PROMPT, command.unwrap_or_else(|| format!("kubectl drain {}", d.node)))));
                }
                if d.stdout.len() > shown.0 {
                    new.push((Style::Out, d.stdout[shown.0..].trim_end_matches('\n').to_owned()));
                }
                new.extend(d.stderr.iter().skip(shown.1).map(|l| (Style::Err, l.clone())));
                *shown = (d.stdout.len(), d.stderr.len());
            }
            new
        };
        for (style, text) in new {
            self.push_line(style, text);
        }
    }

    /// Marks everything the drains printed so far as shown (a command printed it, or the
    /// session was replayed).
    fn drains_seen(&mut self) {
        let session = self.session.borrow();
        self.drains_shown = session.sim().drains().iter().map(|d| (d.stdout.len(), d.stderr.len())).collect();
    }

    /// Prints what the terminal's `kubectl get … -w` shows since the last frame.
    fn follow_watch(&mut self) {
        let Some(mut watch) = self.watch.take() else { return };
        let lines = watch.follow(self.session.borrow().log());
        for line in lines {
            self.push_line(Style::Out, line);
        }
        self.watch = Some(watch);
    }

    fn note(&mut self, text: &str) {
        self.push_line(Style::Note, text.to_owned());
    }

    /// Shows a command and its output in the terminal, as if typed.
    fn echo(&mut self, command: &str, out: Output) {
        if out.clear {
            self.transcript = Rc::new(Vec::new());
            return;
        }
        self.push_line(Style::Command, format!("{}{command}", shell::PROMPT));
        for (style, text) in out.chunks {
            self.push_line(style, text);
        }
    }

    /// Runs a write, shows it in the terminal; an error becomes the notice.
    fn run(&mut self, command: String, input: Input) -> Response {
        self.follow_drains();
        let response = self.session.borrow_mut().run(command.clone(), input);
        let mut out = Output::default();
        out.response(&response);
        shell::namespace_hint(&response, &mut out);
        self.echo(&command, out);
        // a drain this command started is announced by the command line just echoed
        let n = self.session.borrow().sim().drains().len();
        if n > self.drains_shown.len() {
            self.drains_shown.resize(n, (0, 0));
        }
        self.follow_drains();
        self.frame += 1;
        response
    }

    fn apply_text(&mut self, text: Rc<str>) {
        self.played = false;
        let command = "kubectl apply -f manifest.yaml".to_owned();
        let r = self.run(command, Input::Apply { manifest: text.to_string(), source: "manifest.yaml".to_owned(), namespace: None, validate: Default::default() });
        self.notice = if r.errors.is_empty() {
            None
        } else {
            let offers = shell::missing_namespace(&r).map(|namespace| Offer::CreateNamespace { namespace, text: text.clone() }).into_iter().collect();
            let applied = r.stdout.lines().count();
            let title = if applied > 0 { format!("The API server accepted {applied} object(s) and rejected the rest") } else { "The API server rejected the manifest".to_owned() };
            Some(Notice { error: true, title, body: r.errors.iter().map(|e| e.kubectl.clone()).collect::<Vec<_>>().join("\n"), offers })
        };
    }

    fn control(&mut self, control: Control) {
        let command = control.command();
        let input = match control.input() {
            Ok(input) => input,
            Err(message) => {
                self.notice = Some(Notice { error: true, title: "The command could not be read".to_owned(), body: message, offers: Vec::new() });
                return;
            }
        };
        let r = self.run(command, input);
        if r.errors.is_empty() {
            if matches!(control, Control::DeletePod(_) | Control::DeleteSet(..)) {
                self.selected = None;
            }
            self.notice = None;
            return;
        }
        let body = r.errors.iter().map(|e| e.kubectl.clone()).collect::<Vec<_>>().join("\n");
        let offers = match &control {
            Control::Policy(set, policy) if body.contains("Forbidden") => vec![Offer::Recreate { set: set.clone(), policy: policy.clone() }],
            _ => Vec::new(),
        };
        let title = match &control {
            Control::Policy(..) => "podManagementPolicy cannot be changed on an existing StatefulSet".to_owned(),
            _ => "The command failed".to_owned(),
        };
        self.notice = Some(Notice { error: true, title, body, offers });
    }

    /// What Apply would do to the cluster as it is now, worked out on a copy of the simulation
    /// ([`ordinal_core::plan::preview`]), shown in the notice with the offer to apply.
    fn preview(&mut self, text: Rc<str>) {
        let plan = ordinal_core::plan::preview(self.session.borrow().sim(), &text, "manifest.yaml");
        let refused = plan.rejected.is_some();
        let missing_namespace = plan.rejected.as_deref().is_some_and(|e| e.contains("namespaces \"") && e.contains("not found"));
        self.notice = Some(Notice {
            error: refused,
            title: if refused { "Apply would be refused:".to_owned() } else { "Apply would do this (worked out on a copy of the cluster; nothing has changed yet):".to_owned() },
            body: plan.to_text(),
            offers: if refused && !missing_namespace { Vec::new() } else { vec![Offer::Apply { text }] },
        });
        self.frame += 1;
    }

    fn take(&mut self, offer: Offer) {
        self.notice = None;
        match offer {
            Offer::Apply { text } => self.apply_text(text),
            Offer::BringBack => {
                if let Some(previous) = self.previous.take() {
                    self.show(previous);
                    self.note("Your cluster is back, as you left it.");
                }
            }
            Offer::CreateNamespace { namespace, text } => {
                self.run(format!("kubectl create namespace {namespace}"), Input::CreateNamespace { name: namespace });
                self.apply_text(text);
            }
            Offer::Recreate { set, policy } => {
                let manifest = {
                    let s = self.session.borrow();
                    s.sim().snapshot().statefulsets.get(&ObjectKey::new(&set.namespace, &set.name)).map(ordinal_core::sim::api::statefulset_manifest)
                };
                let Some(manifest) = manifest else { return };
                let Some(manifest) = set_policy(&manifest, &policy) else { return };
                let r = self.run(
                    format!("kubectl delete statefulset {} -n {} --cascade=orphan", set.name, set.namespace),
                    Input::Delete { resource: Resource::StatefulSets, namespace: set.namespace.clone(), name: set.name.clone(), cascade: Cascade::Orphan, grace_period_s: None },
                );
                if !r.errors.is_empty() {
                    return;
                }
                let r = self.run(format!("kubectl apply -f {}.yaml   # the same set, podManagementPolicy: {policy}", set.name), Input::Apply { manifest, source: format!("{}.yaml", set.name), namespace: None, validate: Default::default() });
                if r.errors.is_empty() {
                    self.note("The new StatefulSet adopted the orphaned pods and their claims: nothing was restarted.");
                }
            }
        }
    }

    /// What each node offers to pods, as the node-size menu writes it.
    pub fn node_size(&self) -> String {
        let c = self.session.borrow().config().clone();
        format!("cpu={},memory={}Mi", c.node_cpu_milli / 1000, c.node_memory >> 20)
    }

    /// An empty cluster on a Kubernetes version.
    fn restart_on(&mut self, version: ServerVersion) {
        let mut config = self.session.borrow().config().clone();
        config.api.version = version;
        self.session.borrow_mut().reset_with(config);
        self.drains_seen();
        self.selected = None;
        self.notice = None;
        self.watching = None;
        self.played = false;
        self.frame += 1;
    }

    fn consequence(&mut self, id: &str) {
        let mut then: &[(u64, &str)] = &[];
        let mut steps = Vec::new();
        let (title, watch, manifest, version) = if id == consequences::DRILL_ID {
            steps = consequences::drill_steps();
            (consequences::DRILL_TITLE.to_owned(), consequences::DRILL_WATCH.to_owned(), ordinal_core::examples::GUIDE.to_owned(), ServerVersion::V1_35)
        } else if id == consequences::WITH_PROBE_ID {
            (
                "with the guide's readiness probe".to_owned(),
                "Now each pod turns Ready only once pg_isready answers: Ready 1/1 and db accepting arrive together, and DNS names appear only for pods that can serve.".to_owned(),
                consequences::guide_with_probe(),
                ServerVersion::V1_35,
            )
        } else {
            match consequences::all().into_iter().find(|c| c.id == id) {
                Some(c) => {
                    then = c.then;
                    (c.title.to_owned(), c.watch.to_owned(), c.manifest.to_owned(), c.version)
                }
                None => return,
            }
        };
        self.restart_on(version);
        self.note(&format!("Playing on a fresh cluster (Kubernetes {}): {title}. The editor is unchanged.", version.as_str()));
        self.run("kubectl create namespace scenarios".to_owned(), Input::CreateNamespace { name: "scenarios".to_owned() });
        self.run(format!("kubectl apply -f {id}.yaml"), Input::Apply { manifest, source: format!("{id}.yaml"), namespace: None, validate: Default::default() });
        for (at, command) in then {
            if let Ok(Action::Input(input)) = script::parse_command(command).map(|c| c.action) {
                self.session.borrow_mut().schedule(SimTime::from_secs(*at), *command, input);
            }
        }
        for (at, command, input) in steps {
            self.session.borrow_mut().schedule(SimTime::from_secs(at), command, input);
        }
        self.notice = None;
        self.watching = Some((title, watch));
        self.played = true;
        self.playing = true;
        self.rewind_clock();
    }
}

/// The manifest with another `podManagementPolicy`.
fn set_policy(manifest: &str, policy: &str) -> Option<String> {
    let from = ["\"OrderedReady\"", "\"Parallel\""].into_iter().find(|p| manifest.contains(&format!("\"podManagementPolicy\": {p}")))?;
    Some(manifest.replacen(&format!("\"podManagementPolicy\": {from}"), &format!("\"podManagementPolicy\": \"{policy}\""), 1))
}

impl Reducible for Ui {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        // Most frames only move time: the same state comes back, and Yew draws nothing.
        if let UiAction::Frame(ts) = action {
            if !self.tick(ts) {
                return self;
            }
            let mut next = Rc::unwrap_or_clone(self);
            next.follow_watch();
            next.follow_drains();
            next.frame += 1;
            return Rc::new(next);
        }
        Rc::new(Rc::unwrap_or_clone(self).apply(action))
    }
}

/// The pod a reference names, as the object kinds go.
pub fn is_pod(o: &ObjRef) -> bool {
    o.kind == ObjKind::Pod
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::scene::Scene;

    fn guide() -> Rc<str> {
        Rc::from(ordinal_core::examples::GUIDE)
    }

    fn frames(mut ui: Ui, seconds: u64) -> Ui {
        let mut t = 1000.0;
        ui = ui.apply(UiAction::Frame(t));
        for _ in 0..seconds * 60 {
            t += 1000.0 / 60.0;
            ui = ui.apply(UiAction::Frame(t));
        }
        ui
    }

    fn set() -> ObjRef {
        ObjRef::new(ObjKind::StatefulSet, "scenarios", "recovery-demo-db")
    }

    /// Preview works on a copy: it says what Apply would do (the new image rolls the pods from
    /// the highest ordinal, the claims are kept), changes nothing, and offers to apply.
    #[test]
    fn preview_says_what_apply_would_do_and_changes_nothing() {
        let ui = Ui::default().apply(UiAction::Apply(guide()));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        let ui = frames(ui.apply(UiAction::Take(offer)).apply(UiAction::Speed(8.0)), 20);
        let before: Vec<(String, String)> = ui.session.borrow().sim().snapshot().pods.values().map(|p| (p.meta.name.clone(), p.revision().to_owned())).collect();
        let new: Rc<str> = Rc::from(ordinal_core::examples::GUIDE.replace("postgres:13-alpine", "postgres:14-alpine").as_str());
        let ui = ui.apply(UiAction::Preview(new.clone()));
        let notice = ui.notice.clone().unwrap();
        assert!(!notice.error && notice.title.starts_with("Apply would do this"), "{notice:?}");
        assert!(notice.body.starts_with("pods replaced, in order: recovery-demo-db-2, recovery-demo-db-1, recovery-demo-db-0\n"), "{}", notice.body);
        assert!(notice.body.contains("claims kept: data-recovery-demo-db-0, data-recovery-demo-db-1, data-recovery-demo-db-2"));
        let after: Vec<(String, String)> = ui.session.borrow().sim().snapshot().pods.values().map(|p| (p.meta.name.clone(), p.revision().to_owned())).collect();
        assert_eq!(before, after, "the preview changed the cluster");
        assert_eq!(notice.offers, vec![Offer::Apply { text: new.clone() }]);
        // a field a live set cannot change: refused, with the recipe
        let parallel: Rc<str> = Rc::from(ordinal_core::examples::GUIDE.replace("  replicas: 3\n", "  replicas: 3\n  podManagementPolicy: Parallel\n").as_str());
        let ui = ui.apply(UiAction::Preview(parallel));
        let notice = ui.notice.clone().unwrap();
        assert!(notice.error && notice.body.contains("--cascade=orphan") && notice.offers.is_empty(), "{notice:?}");
    }

    #[test]
    fn apply_offers_the_missing_namespace_then_plays() {
        let ui = Ui::default().apply(UiAction::Apply(guide()));
        let notice = ui.notice.clone().unwrap();
        assert!(notice.body.contains("namespaces \"scenarios\" not found"), "{}", notice.body);
        let offer = notice.offers[0].clone();
        assert_eq!(offer.label(), "Create namespace scenarios and apply again");
        let ui = ui.apply(UiAction::Take(offer)).apply(UiAction::Speed(8.0));
        assert!(ui.notice.is_none());
        let text: Vec<&str> = ui.transcript.iter().map(|l| l.text.as_str()).collect();
        assert!(text.contains(&"$ kubectl create namespace scenarios") && text.contains(&"statefulset.apps/recovery-demo-db created"), "{text:?}");
        let ui = frames(ui, 20);
        let s = ui.session.borrow();
        assert!(s.now() >= SimTime::from_secs(150), "{:?}", s.now());
        assert_eq!(s.sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count(), 3);
    }

    #[test]
    fn get_w_prints_the_pods_as_they_are_then_follows_the_changes() {
        let mut ui = Ui::default().apply(UiAction::Apply(guide()));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        ui = frames(ui.apply(UiAction::Take(offer)).apply(UiAction::Speed(8.0)), 20);
        let editor = guide();
        ui = ui.apply(UiAction::Shell("kubectl get pods -n scenarios -w".into(), editor.clone()));
        let text = |ui: &Ui| ui.transcript.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        let start = text(&ui).iter().rposition(|l| l == "$ kubectl get pods -n scenarios -w").unwrap();
        let printed: Vec<String> = text(&ui)[start + 1..].to_vec();
        // kubectl's initial list: the three pods as they are, not the history since the apply
        assert!(printed[0].starts_with("NAME ") && printed[1].starts_with("recovery-demo-db-0 ") && printed[1].contains("1/1") && printed[1].contains("Running"), "{printed:?}");
        assert_eq!(printed.iter().filter(|l| l.starts_with("recovery-demo-db-")).count(), 3, "{printed:?}");
        assert!(!printed.iter().any(|l| l.contains("Pending") || l.contains("ContainerCreating")), "{printed:?}");
        // then the changes, as they happen, until the next command
        ui = ui.apply(UiAction::Control(Control::DeletePod(ObjRef::new(ObjKind::Pod, "scenarios", "recovery-demo-db-1"))));
        ui = frames(ui, 5);
        let after = text(&ui);
        assert!(after.iter().any(|l| l.starts_with("recovery-demo-db-1 ") && l.contains("Terminating")), "{after:?}");
        ui = ui.apply(UiAction::Shell("kubectl get sts -n scenarios".into(), editor));
        let count = ui.transcript.len();
        ui = frames(ui, 5);
        assert_eq!(ui.transcript.len(), count, "the next command stopped the watch");
    }

    #[test]
    fn the_policy_cannot_change_but_can_be_recreated_with_the_pods_kept() {
        let mut ui = Ui::default().apply(UiAction::Apply(guide()));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        ui = frames(ui.apply(UiAction::Take(offer)).apply(UiAction::Speed(8.0)), 20);
        let uids: Vec<String> = ui.session.borrow().sim().snapshot().pods.values().map(|p| p.meta.uid.clone()).collect();
        ui = ui.apply(UiAction::Control(Control::Policy(set(), "Parallel".into())));
        let notice = ui.notice.clone().unwrap();
        assert!(notice.body.contains("Forbidden"), "{}", notice.body);
        ui = frames(ui.apply(UiAction::Take(notice.offers[0].clone())), 5);
        assert!(ui.notice.is_none());
        let s = ui.session.borrow();
        let state = s.sim().snapshot();
        let sts = state.statefulsets.values().next().unwrap();
        assert_eq!(sts.spec.pod_management_policy.as_deref(), Some("Parallel"));
        assert_eq!(state.pods.values().map(|p| p.meta.uid.clone()).collect::<Vec<_>>(), uids, "no pod was replaced");
        assert!(state.pods.values().all(|p| p.meta.controller().is_some_and(|o| o.uid == sts.meta.uid)), "adopted");
    }

    #[test]
    fn controls_run_as_kubectl_commands() {
        assert_eq!(
            Control::Partition(set(), 2).command(),
            "kubectl patch statefulset recovery-demo-db -n scenarios --type=merge -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}}}}'"
        );
        assert!(matches!(Control::Partition(set(), 2).input(), Ok(Input::Patch { ref patch, .. }) if patch["spec"]["updateStrategy"]["rollingUpdate"]["partition"] == 2));
        assert_eq!(Control::DeleteSet(set(), Cascade::Orphan).command(), "kubectl delete statefulset recovery-demo-db -n scenarios --cascade=orphan");
        assert!(matches!(Control::DeleteSet(set(), Cascade::Orphan).input(), Ok(Input::Delete { cascade: Cascade::Orphan, .. })));
        let pod = ObjRef::new(ObjKind::Pod, "scenarios", "recovery-demo-db-1");
        assert_eq!(Control::Fault(pod.clone(), KubeletAction::Unready).command(), "unready recovery-demo-db-1 -n scenarios");
        assert_eq!(Control::SetImage(set(), "postgres".into(), "postgres:14-alpine".into()).command(), "kubectl set image statefulset/recovery-demo-db postgres=postgres:14-alpine -n scenarios");
        for c in [Control::DeletePod(pod.clone()), Control::Fault(pod, KubeletAction::Evict), Control::Scale(set(), 1), Control::Policy(set(), "Parallel".into()), Control::DeleteSet(set(), Cascade::Background)] {
            assert!(c.input().is_ok(), "{}", c.command());
        }
    }

    #[test]
    fn pausing_stops_the_clock_and_seeking_back_replays() {
        let mut ui = Ui::default().apply(UiAction::Apply(guide()));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        ui = frames(ui.apply(UiAction::Take(offer)), 3);
        let t = ui.session.borrow().now();
        assert!(t >= SimTime(2_900) && t <= SimTime(3_100), "{t:?}");
        ui = frames(ui.apply(UiAction::SetPlaying(false)), 3);
        assert_eq!(ui.session.borrow().now(), t);
        ui = ui.apply(UiAction::Seek(1_000));
        assert_eq!(ui.session.borrow().now(), SimTime(1_000));
        ui = ui.apply(UiAction::Seek(t.0));
        assert_eq!(ui.session.borrow().now(), t);
        let lines = ui.session.borrow().log().lines().len();
        ui = ui.apply(UiAction::Step);
        assert!(ui.session.borrow().log().lines().len() > lines);
    }

    #[test]
    fn consequences_play_on_a_fresh_cluster() {
        let ui = Ui::default().apply(UiAction::Consequence("no-service".into()));
        assert!(ui.watching.as_ref().is_some_and(|(t, _)| t.contains("does not exist")));
        assert_eq!(ui.session.borrow().inputs().len(), 2);
        let ui = ui.apply(UiAction::Consequence(consequences::WITH_PROBE_ID.into()));
        assert_eq!(ui.session.borrow().inputs().len(), 2);
    }

    fn transcript(ui: &Ui) -> Vec<String> {
        ui.transcript.iter().map(|l| l.text.clone()).collect()
    }

    /// The guide with its budget in the right namespace: a drain from the node menu streams
    /// its refusals into the terminal as they happen, the budget card counts them, and the
    /// refused pod says why it stays.
    #[test]
    fn a_drain_from_the_node_menu_streams_and_the_budget_refuses() {
        let mut pdb = String::from(ordinal_core::examples::GUIDE);
        pdb.push_str("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: recovery-demo-pdb\n  namespace: scenarios\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: recovery-demo\n");
        let mut ui = Ui::default().apply(UiAction::Apply(Rc::from(pdb.as_str())));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        ui = frames(ui.apply(UiAction::Take(offer)).apply(UiAction::Speed(8.0)), 15);
        assert!(ui.session.borrow().sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count() == 3);
        ui = ui.apply(UiAction::Control(Control::Node("node-1".into(), NodeOp::Drain)));
        ui = ui.apply(UiAction::Control(Control::Node("node-2".into(), NodeOp::Drain)));
        let lines = transcript(&ui);
        assert!(lines.iter().any(|l| l == "$ kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data"), "{lines:?}");
        let refused = |ui: &Ui| transcript(ui).iter().filter(|l| l.contains("Cannot evict pod as it would violate the pod's disruption budget.")).count();
        let first = refused(&ui);
        assert!(first >= 1, "{:?}", transcript(&ui));
        let scene = Scene::of(&ui.session.borrow());
        assert!(scene.pdbs[0].refused >= 1 && scene.pdbs[0].allowed == 0, "{:?}", scene.pdbs);
        let stuck: Vec<_> = scene.groups[0].columns.iter().filter_map(|c| c.pod.as_ref()?.stuck.clone()).collect();
        assert!(stuck.iter().any(|s| s.message.contains("PodDisruptionBudget recovery-demo-pdb refuses")), "{stuck:?}");
        assert!(scene.nodes.iter().any(|n| n.obj.name == "node-2" && n.draining.is_some()));
        // the drains go on printing as simulated time passes, without a command
        let before = transcript(&ui);
        ui = frames(ui.apply(UiAction::Speed(1.0)), 6);
        let after = transcript(&ui);
        let added = &after[before.len()..];
        assert!(added.iter().any(|l| l.starts_with("evicting pod scenarios/") || l.ends_with(" evicted")), "{added:?}");
        assert!(!added.iter().any(|l| l.starts_with("$ ")), "{added:?}");
        ui = frames(ui.apply(UiAction::Speed(8.0)), 15);
        let lines = transcript(&ui);
        assert!(lines.iter().any(|l| l == "node/node-1 drained") && lines.iter().any(|l| l == "node/node-2 drained"), "{lines:?}");
        let scene = Scene::of(&ui.session.borrow());
        assert!(scene.nodes.iter().filter(|n| n.cordoned).count() == 2 && scene.nodes.iter().all(|n| n.draining.is_none()));
        assert!(scene.nodes.iter().find(|n| n.obj.name == "node-3").is_some_and(|n| n.pods.len() == 3 && n.volumes.len() == 3), "{:?}", scene.nodes);
    }

    /// Cutting a node off: the card goes silent, then NotReady; the pod on it says why it
    /// is stuck; bringing it back clears it.
    #[test]
    fn a_node_cut_off_and_brought_back() {
        let mut ui = Ui::default().apply(UiAction::Apply(guide()));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        ui = frames(ui.apply(UiAction::Take(offer)).apply(UiAction::Speed(8.0)), 15);
        let node = ui.session.borrow().sim().snapshot().pods[&ObjectKey::new("scenarios", "recovery-demo-db-0")].status.node.clone().unwrap();
        ui = ui.apply(UiAction::Control(Control::Node(node.clone(), NodeOp::Down)));
        assert!(transcript(&ui).contains(&format!("$ node-down {node}")));
        let card = |ui: &Ui| Scene::of(&ui.session.borrow()).nodes.into_iter().find(|n| n.obj.name == node).unwrap();
        assert_eq!(card(&ui).health, super::super::scene::NodeHealth::Silent);
        ui = frames(ui, 10);
        assert_eq!(card(&ui).health, super::super::scene::NodeHealth::NotReady);
        assert!(card(&ui).taints.iter().any(|t| t == "unreachable:NoExecute"), "{:?}", card(&ui).taints);
        let scene = Scene::of(&ui.session.borrow());
        let pod = scene.groups[0].columns[0].pod.clone().unwrap();
        assert!(pod.stuck.is_some_and(|s| s.title == "its node stopped answering"));
        ui = ui.apply(UiAction::Control(Control::Node(node.clone(), NodeOp::Up)));
        ui = frames(ui, 2);
        assert_eq!(card(&ui).health, super::super::scene::NodeHealth::Ready);
        assert!(Scene::of(&ui.session.borrow()).groups[0].columns.iter().all(|c| c.pod.as_ref().is_some_and(|p| p.stuck.is_none())));
    }

    /// The disruption mistakes: without a budget, or with the guide's budget in the wrong
    /// namespace, two replicas go down at once; a budget that allows nothing makes the drain
    /// time out.
    #[test]
    fn the_disruption_mistakes_play_their_drains() {
        for id in ["no-pdb", "pdb-wrong-namespace"] {
            let ui = Ui::default().apply(UiAction::Consequence(id.into()));
            ui.session.borrow_mut().play_to(SimTime(75_500));
            let s = ui.session.borrow();
            let down = s.sim().snapshot().pods.values().filter(|p| !p.running_and_ready() || p.meta.terminating()).count();
            assert_eq!(down, 2, "{id}: two replicas down at once");
            assert_eq!(s.sim().drains().len(), 2);
        }
        let mut ui = Ui::default().apply(UiAction::Consequence("pdb-allows-nothing".into()));
        ui = frames(ui.apply(UiAction::Speed(8.0)), 30);
        let lines = transcript(&ui);
        assert!(lines.iter().any(|l| l.contains("global timeout reached: 2m0s")), "{lines:?}");
        let scene = Scene::of(&ui.session.borrow());
        assert!(scene.pdbs[0].refused >= 20 && scene.pdbs[0].allowed == 0);
        assert!(scene.nodes.iter().find(|n| n.obj.name == "node-1").is_some_and(|n| n.cordoned));
    }

    /// The node-size menu starts a cluster whose nodes offer less: a pod asking for 3 CPUs
    /// no longer fits, and its card quotes the scheduler.
    #[test]
    fn smaller_nodes_leave_a_big_request_pending() {
        let ui = Ui::default().apply(UiAction::NodeSize("cpu=2,memory=3996Mi".into()));
        assert_eq!(ui.node_size(), "cpu=2,memory=3996Mi");
        assert!(transcript(&ui).iter().any(|l| l.contains("each offer cpu=2, memory=3996Mi")));
        let manifest = ordinal_core::examples::GUIDE.replacen("        volumeMounts:\n", "        resources:\n          requests:\n            cpu: \"3\"\n        volumeMounts:\n", 1);
        let mut ui = ui.apply(UiAction::Apply(Rc::from(manifest.as_str())));
        let offer = ui.notice.clone().unwrap().offers[0].clone();
        ui = frames(ui.apply(UiAction::Take(offer)), 3);
        let scene = Scene::of(&ui.session.borrow());
        let pod = scene.groups[0].columns[0].pod.clone().unwrap();
        assert!(pod.stuck.is_some_and(|s| s.message.contains("3 Insufficient cpu") && s.message.contains("Preemption is not helpful")), "{:?}", scene.groups[0].columns[0].pod);
    }

    #[test]
    fn a_lesson_s_lab_plays_here_and_the_cluster_the_tab_had_comes_back() {
        use ordinal_core::lessons::Lab;
        // the tab's own cluster, with something done in it
        let ui = frames(Ui::default().apply(UiAction::Shell("kubectl create namespace team".into(), guide())), 1);
        let mine = ui.session.borrow().inputs().len();
        let mut lab = Lab::new(11);
        lab.apply(ordinal_core::examples::GUIDE);
        lab.settle();
        lab.delete_pod("recovery-demo-db-1");
        lab.advance(700);
        let now = lab.sim().now();
        let shared = Rc::new(RefCell::new(Session::of_lab(lab, "Lesson 4's lab").unwrap()));
        let ui = ui.open_lab(shared.clone());
        assert!(Rc::ptr_eq(&ui.session, &shared), "one cluster: the lesson's");
        {
            let s = ui.session.borrow();
            assert_eq!(s.now(), now);
            assert!(s.sim().snapshot().pods.values().any(|p| p.meta.name == "recovery-demo-db-1" && p.meta.terminating()), "the pod still terminating, as in the lab");
        }
        let lines = transcript(&ui);
        assert!(lines.iter().any(|l| l.starts_with("Lesson 4's lab at t = ") && l.contains("namespace scenarios, which this terminal now uses")), "{lines:?}");
        let notice = ui.notice.clone().unwrap();
        assert_eq!((notice.title.as_str(), notice.offers.clone()), ("Lesson 4's lab is playing here. The cluster you had in this tab is kept.", vec![Offer::BringBack]));
        // it plays on from there, and what the tab does the lesson sees, in its lab's history
        let ui = frames(ui, 5);
        assert!(shared.borrow().sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count() >= 2);
        let ui = ui.apply(UiAction::Shell("kubectl scale sts recovery-demo-db --replicas=2".into(), guide()));
        assert_eq!(shared.borrow().sim().snapshot().statefulsets.values().next().map(|s| format!("{:?}", s.spec.replicas)), Some("Some(2)".to_owned()), "the terminal used the lab's namespace");
        assert_eq!(shared.borrow().lab().commands().last(), Some(&ordinal_core::lessons::check::CommandKind::Scale));
        assert!(shared.borrow().lab().position().is_some(), "still shareable");
        // another lesson's lab keeps the tab's own cluster to bring back
        let other = Rc::new(RefCell::new(Session::of_lab(Lab::new(11), "Lesson 5's lab").unwrap()));
        let ui = ui.open_lab(other);
        assert_eq!(ui.notice.clone().unwrap().offers, vec![Offer::BringBack]);
        // and the tab's own cluster comes back
        let ui = ui.apply(UiAction::Take(Offer::BringBack));
        assert_eq!(ui.session.borrow().inputs().len(), mine);
        assert!(ui.session.borrow().sim().snapshot().pods.is_empty());
        // nothing to bring back when the tab's cluster was empty
        let fresh = Ui::default().open_lab(shared);
        assert!(fresh.notice.unwrap().offers.is_empty());
    }
}
