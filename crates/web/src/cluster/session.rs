//! A recorded simulation: the core's [`Lab`] (the simulation, every event it made, the
//! commands run, the replay log a share link carries), every input given to it with the
//! simulated time it was given at, and the event log (the simulated databases are the core's,
//! kept by the simulation: `Simulation::databases`).
//!
//! The Cluster tab and the lessons share one: a lesson opens its lab as the Cluster tab's
//! session ([`Session::of_lab`]), its terminal and buttons act on it ([`Session::run_line`]),
//! the Cluster tab's on the same, and its checks read the lab ([`Session::lab`]).
//!
//! Time moves only forward in a [`Simulation`]. The model is deterministic, so going back
//! means starting again and replaying the recorded inputs up to the wanted time
//! ([`Session::seek`]). For a replay to match what the learner saw, live play and replay make
//! the same calls in the same order: the simulation is advanced from one timer to the next
//! (never across one), every input is followed by a reaction at the same instant, and the
//! simulation shows the databases the cluster after every step of its own.

use ordinal_core::lessons::lab::{self, Lab, Logged, Output};
use ordinal_core::sim::postgres::Postgres;
use ordinal_core::sim::{Input, KubeletMode, Response, SimConfig, SimTime, Simulation};

use std::collections::BTreeSet;

use super::log::Log;
use super::scene::KnownSet;

/// The seed of every session: the same clicks give the same cluster, on every machine.
pub const SEED: u64 = 20_240_601;
/// The most simulation calls one [`Session::play_to`] makes (a guard against a runaway
/// model; a normal minute of a hundred pods needs a few thousand).
const MAX_STEPS: usize = 1_000_000;

/// One input, with when it was given.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// Simulated time.
    pub at: SimTime,
    /// The kubectl command that does it.
    pub command: String,
    /// How it was given.
    given: Given,
}

/// How an input was given, to give it again the same way.
#[derive(Clone, Debug, PartialEq)]
enum Given {
    /// From the Cluster tab (a button, its terminal, a consequence played), as this input.
    Input(Input),
    /// A lesson's terminal line (`typed`) or a click in its drawing: the lab reads the command.
    Line { typed: bool },
}

/// The simulation and its history.
pub struct Session {
    config: SimConfig,
    lab: Lab,
    inputs: Vec<Recorded>,
    /// How many of `inputs` the simulation has been given.
    applied: usize,
    head: SimTime,
    log: Log,
    /// How many of the lab's events the log has read ([`Lab::event_count`]).
    read: u64,
    /// Every StatefulSet seen, so that what it leaves behind stays drawn under its name.
    known: BTreeSet<KnownSet>,
    /// Bumped whenever something visible changed.
    revision: u64,
    /// Bumped whenever the cluster changed (not when only time moved).
    changes: u64,
    /// The lesson or challenge whose lab this is ("Lesson 4's lab"); `None` for the Cluster
    /// tab's own cluster.
    label: Option<String>,
    /// A "fix it" challenge's lab: drawn as a quiz (no node menu, no waiting reasons), as the
    /// challenge's own view draws it.
    quiz: bool,
    /// How many of the first inputs set the cluster up and stay off the timeline (the commands
    /// that broke a challenge's cluster would name its cause).
    setup: usize,
}

impl Default for Session {
    fn default() -> Session {
        Session::new(Session::default_config())
    }
}

impl Session {
    /// The cluster the page simulates: three nodes, the automatic kubelet with realistic
    /// delays, a default StorageClass that binds at once.
    pub fn default_config() -> SimConfig {
        let mut config = SimConfig::auto();
        config.kubelet = KubeletMode::Auto;
        config
    }

    /// An empty cluster at time zero.
    pub fn new(config: SimConfig) -> Session {
        Session::seeded(config, SEED)
    }

    /// An empty cluster at time zero, whose randomness (names, addresses, placement) comes from
    /// `seed`.
    pub fn seeded(config: SimConfig, seed: u64) -> Session {
        Session::over(config.clone(), Lab::with_config(config, seed))
    }

    /// A session over `lab` (simulating `config`), nothing recorded yet.
    fn over(config: SimConfig, lab: Lab) -> Session {
        Session {
            lab,
            config,
            inputs: Vec::new(),
            applied: 0,
            head: SimTime::ZERO,
            log: Log::new(),
            read: 0,
            known: BTreeSet::new(),
            revision: 0,
            changes: 0,
            label: None,
            quiz: false,
            setup: 0,
        }
    }

    /// A lesson's lab as it is, named by `label` ("Lesson 4's lab"), for the lesson and the
    /// Cluster tab to go on with together: its replay log becomes the recording (so that
    /// rewinding replays it) and its events the event log. An error if the lab can no longer
    /// be replayed ([`Lab::unrecorded`]).
    pub fn of_lab(lab: Lab, label: &str) -> Result<Session, String> {
        let position = lab.position().ok_or_else(|| format!("{label} cannot be replayed: {}.", lab.unrecorded().unwrap_or_default()))?;
        let mut inputs = Vec::new();
        let mut at = SimTime::ZERO;
        for entry in lab::read_log(&position)? {
            let (command, given) = match entry {
                Logged::Advance(ms) => {
                    at = at.plus_ms(ms);
                    continue;
                }
                Logged::Apply(manifest) => ("kubectl apply -f manifest.yaml".to_owned(), Given::Input(apply(manifest))),
                Logged::Command(line) => (line.to_owned(), Given::Line { typed: true }),
            };
            inputs.push(Recorded { at, command, given });
        }
        let mut s = Session::over(Lab::config(), lab);
        s.applied = inputs.len();
        s.inputs = inputs;
        s.label = Some(label.to_owned());
        s.after_call();
        s.head = s.now();
        Ok(s)
    }

    /// Whether it is drawn as a quiz (a challenge's lab).
    pub fn quiz(&self) -> bool {
        self.quiz
    }

    /// Draws it as a quiz, or not; a quiz's inputs so far are its setup, kept off the
    /// timeline ([`Session::shown_inputs`]).
    pub fn set_quiz(&mut self, quiz: bool) {
        self.quiz = quiz;
        self.setup = if quiz { self.inputs.len() } else { 0 };
    }

    /// The recorded inputs the timeline shows: all but a quiz's setup.
    pub fn shown_inputs(&self) -> &[Recorded] {
        &self.inputs[self.setup.min(self.inputs.len())..]
    }

    /// The lesson or challenge whose lab this is, if it is one.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The lab: the simulation with its history, for the lessons' checks and share links.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// The simulation, to read.
    pub fn sim(&self) -> &Simulation {
        self.lab.sim()
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.sim().now()
    }

    /// The furthest time played so far (the end of the timeline).
    pub fn head(&self) -> SimTime {
        self.head.max(self.now())
    }

    /// The recorded inputs, in order.
    pub fn inputs(&self) -> &[Recorded] {
        &self.inputs
    }

    /// The event log.
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// The simulated databases (the core's model, which the simulation keeps up to date).
    pub fn db(&self) -> &Postgres {
        self.sim().databases()
    }

    /// Every StatefulSet the session has seen.
    pub fn known_sets(&self) -> &BTreeSet<KnownSet> {
        &self.known
    }

    /// Changes whenever something visible changed, time included.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Changes whenever the cluster changed (an event, an input), not when only time moved.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Records what is given now. Recorded inputs after now (after a rewind) are dropped: the
    /// learner took another path.
    fn record(&mut self, command: String, given: Given) -> SimTime {
        let at = self.now();
        self.inputs.truncate(self.applied);
        self.head = at;
        self.inputs.push(Recorded { at, command, given });
        self.applied += 1;
        at
    }

    /// Records what is given now, gives it to the lab (`act`) and lets the cluster react at the
    /// same instant.
    fn act<R>(&mut self, command: String, given: Given, act: impl FnOnce(&mut Lab) -> R) -> R {
        let at = self.record(command, given);
        let out = act(&mut self.lab);
        self.changes += 1;
        self.after_call();
        self.advance(at);
        out
    }

    /// Gives an input now and records it. Returns what kubectl would print.
    pub fn run(&mut self, command: impl Into<String>, input: Input) -> Response {
        let command = command.into();
        self.act(command.clone(), Given::Input(input.clone()), |lab| lab.give(&command, input))
    }

    /// Runs a line of a lesson's terminal (`typed`), or the command a click in its drawing
    /// stands for, through the lab (which adds the guide's namespace and answers reads), and
    /// records it. Returns what the terminal prints.
    pub fn run_line(&mut self, line: &str, typed: bool) -> Output {
        self.act(line.to_owned(), Given::Line { typed }, |lab| if typed { lab.run(line) } else { lab.click(line) })
    }

    /// Applies a manifest as a lesson's Apply button does (`kubectl apply -f -`).
    pub fn apply_text(&mut self, manifest: &str) -> Output {
        self.act("kubectl apply -f manifest.yaml".to_owned(), Given::Input(apply(manifest.to_owned())), |lab| lab.apply(manifest))
    }

    /// What a watch or a drain running in a lesson's terminal printed since last asked.
    pub fn take_watched(&mut self) -> Vec<String> {
        self.lab.take_watched()
    }

    /// Records an input for later: it is given when playback reaches `at` (a script of a
    /// consequence being played). Inputs stay in time order.
    pub fn schedule(&mut self, at: SimTime, command: impl Into<String>, input: Input) {
        let at = at.max(self.now());
        let i = self.inputs.partition_point(|r| r.at <= at).max(self.applied);
        self.inputs.insert(i, Recorded { at, command: command.into(), given: Given::Input(input) });
        self.head = self.head.max(at);
    }

    /// Whether recorded inputs lie ahead of the current time (after a rewind).
    pub fn has_future(&self) -> bool {
        self.applied < self.inputs.len()
    }

    /// Plays forward to `t` (no-op for a time in the past), giving the recorded inputs that
    /// fall on the way.
    pub fn play_to(&mut self, t: SimTime) {
        let start = self.now();
        for _ in 0..MAX_STEPS {
            let next_input = self.inputs.get(self.applied).map(|r| r.at).filter(|&at| at <= t);
            let limit = next_input.unwrap_or(t);
            match self.sim().poll_timeout() {
                Some(timer) if timer <= limit => self.advance(timer),
                _ => match next_input {
                    Some(at) => {
                        self.advance(at);
                        let Recorded { command, given, .. } = self.inputs[self.applied].clone();
                        self.applied += 1;
                        match given {
                            Given::Input(input) => drop(self.lab.give(&command, input)),
                            Given::Line { typed: true } => drop(self.lab.run(&command)),
                            Given::Line { typed: false } => drop(self.lab.click(&command)),
                        }
                        self.after_call();
                    }
                    None => {
                        self.advance(t);
                        break;
                    }
                },
            }
        }
        self.head = self.head.max(self.now());
        if self.now() != start {
            self.revision += 1;
        }
    }

    /// Moves to `t`, forward by playing, backward by replaying from the start.
    pub fn seek(&mut self, t: SimTime) {
        if t < self.now() {
            self.restart();
        }
        self.play_to(t);
        self.revision += 1;
        self.changes += 1;
    }

    /// When the next thing happens: a timer of the model or a recorded input.
    pub fn next_change(&self) -> Option<SimTime> {
        let timer = self.sim().poll_timeout();
        let input = self.inputs.get(self.applied).map(|r| r.at);
        match (timer, input) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Plays to the next moment something visible happens (a log line). Returns false when
    /// nothing is left to happen.
    pub fn step(&mut self) -> bool {
        let lines = self.log.lines().last().map(|l| l.seq);
        for _ in 0..10_000 {
            let Some(next) = self.next_change() else { return false };
            self.play_to(next.max(self.now()));
            if self.log.lines().last().map(|l| l.seq) != lines {
                return true;
            }
        }
        true
    }

    /// Starts over: an empty cluster at time zero, nothing recorded.
    pub fn reset(&mut self) {
        self.reset_with(self.config.clone());
    }

    /// Starts over with another configuration (another Kubernetes version).
    pub fn reset_with(&mut self, config: SimConfig) {
        self.config = config;
        self.restart();
        self.inputs.clear();
        self.setup = 0;
        self.head = SimTime::ZERO;
        self.revision += 1;
        self.changes += 1;
    }

    /// The simulation back at time zero, with nothing given yet: what it made (the lab, the
    /// event log, the sets seen) starts again; the recording, the timeline's end, the counters
    /// and what the session is (its label, a quiz) stay.
    fn restart(&mut self) {
        self.lab = Lab::with_config(self.config.clone(), self.lab.seed());
        self.applied = 0;
        self.log = Log::new();
        self.read = 0;
        self.known = BTreeSet::new();
    }

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Advances the model to `t` (which no timer precedes).
    fn advance(&mut self, t: SimTime) {
        self.lab.advance_to(t);
        self.after_call();
    }

    fn after_call(&mut self) {
        let mut changed = false;
        for e in self.lab.events_since(self.read) {
            self.log.push(e);
            changed = true;
        }
        self.read = self.lab.event_count();
        for set in KnownSet::of(self.lab.sim().snapshot()) {
            if !self.known.iter().any(|k| k.name == set.name && k.namespace == set.namespace) {
                self.known.insert(set);
            }
        }
        if changed {
            self.revision += 1;
            self.changes += 1;
        }
    }
}

/// `kubectl apply -f manifest.yaml` of a text, as the Apply buttons give it.
fn apply(manifest: String) -> Input {
    Input::Apply { manifest, source: "manifest.yaml".into(), namespace: None, validate: Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::sim::api::Cascade;
    use ordinal_core::sim::views::Resource;

    pub(crate) fn guide() -> String {
        ordinal_core::examples::GUIDE.replace("namespace: scenarios", "namespace: default")
    }

    fn apply(s: &mut Session, text: &str) -> Response {
        s.run("kubectl apply -f manifest.yaml", Input::Apply { manifest: text.to_owned(), source: "manifest.yaml".into(), namespace: None, validate: Default::default() })
    }

    fn fingerprint(s: &Session) -> String {
        let state = s.sim().snapshot();
        let mut out = format!("{:?}\n", s.now());
        for p in state.pods.values() {
            out.push_str(&format!("{} {} {:?} {:?} {:?}\n", p.meta.name, p.meta.uid, p.status.phase, p.status.ip, p.status.ready));
        }
        for v in state.volumes.values() {
            out.push_str(&format!("{} rows={:?}\n", v.meta.name, s.db().data(&v.meta.name).map(|d| d.rows())));
        }
        for l in s.log().lines() {
            out.push_str(&format!("{:?} {}\n", l.at, l.text));
        }
        out
    }

    fn ready(s: &Session) -> usize {
        s.sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count()
    }

    #[test]
    fn creates_the_guide_pods_in_order_and_writes_rows() {
        let mut s = Session::default();
        let r = apply(&mut s, &guide());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        s.play_to(SimTime::from_secs(120));
        assert_eq!(ready(&s), 3);
        let created: Vec<&str> = s.log().lines().iter().filter(|l| l.text.contains("SuccessfulCreate") && l.text.contains("create Pod")).map(|l| l.text.as_str()).collect();
        assert_eq!(created.len(), 3);
        for (i, line) in created.iter().enumerate() {
            assert!(line.contains(&format!("recovery-demo-db-{i} ")), "{line}");
        }
        let rows: Vec<u64> = s.sim().snapshot().volumes.keys().map(|v| s.db().data(v).unwrap().rows()).collect();
        assert!(rows.iter().all(|&r| r > 100), "{rows:?}");
    }

    #[test]
    fn a_replay_matches_live_play_whatever_the_frame_sizes() {
        let mut live = Session::default();
        apply(&mut live, &guide());
        let mut t = 0u64;
        let mut frame = 1u64;
        while t < 40_000 {
            frame = (frame * 7919 + 13) % 97 + 1;
            t += frame * 16;
            live.play_to(SimTime(t));
        }
        live.run("kubectl delete pod recovery-demo-db-0", Input::Delete { resource: Resource::Pods, namespace: "default".into(), name: "recovery-demo-db-0".into(), cascade: Cascade::Background, grace_period_s: None });
        live.run("kubectl scale sts recovery-demo-db --replicas=1", Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: "default".into(), name: "recovery-demo-db".into(), replicas: 1 });
        while t < 90_000 {
            frame = (frame * 7919 + 13) % 97 + 1;
            t += frame * 16;
            live.play_to(SimTime(t));
        }
        let end = live.now();
        let mut replay = Session { inputs: live.inputs.clone(), ..Session::default() };
        replay.play_to(end);
        assert_eq!(fingerprint(&replay), fingerprint(&live));

        // Seeking back and forth lands on the same states.
        let mut sought = Session { inputs: live.inputs.clone(), ..Session::default() };
        sought.play_to(end);
        sought.seek(SimTime(20_000));
        assert!(sought.has_future());
        sought.seek(end);
        assert_eq!(fingerprint(&sought), fingerprint(&live));
    }

    #[test]
    fn data_survives_the_pod_and_a_new_input_after_a_rewind_drops_the_future() {
        let mut s = Session::default();
        apply(&mut s, &guide());
        s.play_to(SimTime::from_secs(90));
        let volume = s.sim().snapshot().claims.values().find(|c| c.meta.name == "data-recovery-demo-db-0").and_then(|c| c.volume.clone()).unwrap();
        let before = s.db().data(&volume).unwrap().rows();
        s.run("kubectl delete pod recovery-demo-db-0", Input::Delete { resource: Resource::Pods, namespace: "default".into(), name: "recovery-demo-db-0".into(), cascade: Cascade::Background, grace_period_s: None });
        s.play_to(SimTime::from_secs(150));
        let pod = &s.sim().snapshot().pods.values().find(|p| p.meta.name == "recovery-demo-db-0").unwrap().clone();
        assert!(pod.running_and_ready());
        let after = s.db().data(&volume).unwrap().rows();
        assert!(after > before, "{after} rows after, {before} before");
        let server = s.db().server(&pod.meta.key(), &pod.meta.uid).unwrap();
        assert!(!server.fresh, "the new pod found the old database");

        s.seek(SimTime::from_secs(60));
        assert!(s.has_future());
        s.run("kubectl scale sts recovery-demo-db --replicas=1", Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: "default".into(), name: "recovery-demo-db".into(), replicas: 1 });
        assert!(!s.has_future());
        assert_eq!(s.inputs().len(), 2);
        assert_eq!(s.head(), SimTime::from_secs(60));
    }

    /// What a lab and a session opened from it must agree on: the objects and their states,
    /// the databases' rows, the clock.
    fn cluster_of(sim: &Simulation) -> String {
        let state = sim.snapshot();
        let mut out = format!("{:?}\n{:?}\n", sim.now(), ordinal_core::sim::script::Summary::of(sim));
        for v in state.volumes.values() {
            out.push_str(&format!("{} rows={:?}\n", v.meta.name, sim.databases().data(&v.meta.name).map(|d| d.rows())));
        }
        out
    }

    #[test]
    fn every_lesson_s_and_challenge_s_lab_opens_in_the_cluster_tab_as_it_was() {
        use ordinal_core::lessons::{self, challenge};
        const SEED: u64 = 11;
        let mut labs: Vec<(String, Lab)> = Vec::new();
        for l in lessons::lessons() {
            let r = lessons::rehearse(l, ordinal_core::examples::GUIDE, SEED);
            if let Some(mut lab) = r.lab {
                // and time moves on a little, mid-way through whatever is due
                lab.advance(1_500);
                labs.push((l.id.to_owned(), lab));
            }
        }
        for c in challenge::challenges() {
            let mut broken = c.start(ordinal_core::examples::GUIDE, SEED).unwrap();
            let mut text = broken.text.clone();
            let mut lab = Some(broken.lab);
            for m in &c.solution {
                lessons::play(m, &mut text, &mut lab, SEED).unwrap();
            }
            broken.lab = lab.unwrap();
            broken.lab.advance(2_500);
            labs.push((c.id.to_owned(), broken.lab));
        }
        assert!(labs.len() > 15, "{}", labs.len());
        for (id, lab) in labs {
            let position = lab.position().unwrap();
            let session = Lab::restore(&position).and_then(|l| Session::of_lab(l, &id)).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(cluster_of(session.sim()), cluster_of(lab.sim()), "{id}");
            assert_eq!(session.lab().position().as_ref(), Some(&position), "{id}: the same replay log");
            assert_eq!(session.log().lines().is_empty(), lab.events().is_empty(), "{id}: the event log has the lab's history");
            // rewinding replays the lab's inputs
            let mut sought = Session::of_lab(lab, &id).unwrap();
            sought.seek(SimTime::ZERO);
            sought.seek(session.now());
            assert_eq!(cluster_of(sought.sim()), cluster_of(session.sim()), "{id}, replayed");
            assert_eq!(sought.lab().commands(), session.lab().commands(), "{id}: the lab's history replayed");
        }
    }

    #[test]
    fn a_lesson_and_the_cluster_tab_play_one_recording_that_rewinds_and_shares() {
        use ordinal_core::lessons::check::CommandKind;
        use ordinal_core::sim::views::Resource;
        let mut s = Session::of_lab(Lab::new(5), "Lesson 4's lab").unwrap();
        assert_eq!(s.label(), Some("Lesson 4's lab"));
        // the lesson's Apply, its clock, a typed command, a click in its drawing
        assert!(!s.apply_text(ordinal_core::examples::GUIDE).failed());
        s.play_to(SimTime::from_secs(80));
        let out = s.run_line("kubectl get pods", true);
        assert_eq!(out.command, "kubectl get pods -n scenarios");
        s.run_line("kubectl delete pod recovery-demo-db-2", false);
        s.play_to(SimTime::from_secs(85));
        // the Cluster tab's terminal, on the same cluster
        s.run("kubectl scale statefulset recovery-demo-db --replicas=2 -n scenarios", Input::Scale { resource: Resource::StatefulSets, namespace: "scenarios".into(), name: "recovery-demo-db".into(), replicas: 2 });
        s.play_to(SimTime::from_secs(150));
        assert_eq!(s.lab().commands(), [CommandKind::Apply, CommandKind::Get(Resource::Pods), CommandKind::Delete(Resource::Pods), CommandKind::Scale]);
        let live = cluster_of(s.sim());
        let events = s.lab().events().len();
        // a rewind replays every one of them the way it was given
        s.seek(SimTime::from_secs(81));
        assert!(s.has_future());
        s.seek(SimTime::from_secs(150));
        assert_eq!(cluster_of(s.sim()), live);
        assert_eq!(s.lab().events().len(), events);
        assert_eq!(s.lab().commands().len(), 4);
        // and a share link of the lab restores the same cluster
        let again = Lab::restore(&s.lab().position().unwrap()).unwrap();
        assert_eq!(cluster_of(again.sim()), live);
    }

    #[test]
    fn a_challenge_s_lab_keeps_the_commands_that_broke_it_off_the_timeline() {
        use ordinal_core::lessons::challenge;
        let c = &challenge::challenges()[0];
        let broken = c.start(ordinal_core::examples::GUIDE, 11).unwrap();
        let mut s = Session::of_lab(broken.lab, "Challenge 1's lab").unwrap();
        assert!(!s.inputs().is_empty() && s.shown_inputs().len() == s.inputs().len());
        s.set_quiz(true);
        assert!(s.quiz() && s.shown_inputs().is_empty());
        s.run_line("kubectl get pods", true);
        assert_eq!(s.shown_inputs().len(), 1);
        // a rewind keeps both
        s.seek(SimTime::ZERO);
        assert!(s.quiz() && s.shown_inputs().len() == 1);
    }

    #[test]
    fn steps_to_the_next_line_and_stops_when_nothing_is_left() {
        let mut s = Session::default();
        assert!(!s.step());
        apply(&mut s, &guide());
        let lines = s.log().lines().len();
        assert!(s.step());
        assert!(s.log().lines().len() > lines);
    }
}
