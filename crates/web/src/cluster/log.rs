//! The event log: what `kubectl get pods -w`, `kubectl get pvc -w`, `kubectl get sts -w` and
//! `kubectl get events -w` would have printed, line by line, as the simulation produced it.
//! Lines are printed with the core's [`WatchPrinter`] (kubectl's columns and widths); each
//! carries the object it is about, so the view can highlight it.

use std::rc::Rc;

use ordinal_core::sim::events::{Change, Kind, SimEvent};
use ordinal_core::sim::model::EventType;
use ordinal_core::sim::views::get::event_row;
use ordinal_core::sim::views::table::WatchPrinter;
use ordinal_core::sim::views::Resource;
use ordinal_core::sim::SimTime;

use super::{ObjKind, ObjRef};

/// The most lines kept; older ones are dropped (a watch's scrollback is not infinite either).
pub const MAX_LINES: usize = 20_000;

/// Which watch printed a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    /// `kubectl get pods -w`.
    Pods,
    /// `kubectl get pvc -w`.
    Claims,
    /// `kubectl get sts -w`.
    Sets,
    /// `kubectl get events -w`.
    Events,
}

impl Stream {
    /// Every stream, in the order the filter shows them.
    pub const ALL: [Stream; 4] = [Stream::Pods, Stream::Claims, Stream::Sets, Stream::Events];

    /// The command whose output it is.
    pub fn command(self) -> &'static str {
        match self {
            Stream::Pods => "kubectl get pods -w",
            Stream::Claims => "kubectl get pvc -w",
            Stream::Sets => "kubectl get sts -w",
            Stream::Events => "kubectl get events -w",
        }
    }

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Stream::Pods => "pods",
            Stream::Claims => "pvc",
            Stream::Sets => "sts",
            Stream::Events => "events",
        }
    }

    fn index(self) -> usize {
        match self {
            Stream::Pods => 0,
            Stream::Claims => 1,
            Stream::Sets => 2,
            Stream::Events => 3,
        }
    }

    /// The watch of a resource `kubectl get -w` can follow.
    pub fn of(resource: Resource) -> Option<Stream> {
        Stream::ALL.into_iter().find(|s| s.resource() == resource)
    }

    fn resource(self) -> Resource {
        match self {
            Stream::Pods => Resource::Pods,
            Stream::Claims => Resource::Claims,
            Stream::Sets => Resource::StatefulSets,
            Stream::Events => Resource::Events,
        }
    }
}

/// One printed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// A number unique in the log (a stable key for rendering).
    pub seq: u64,
    /// When it was printed.
    pub at: SimTime,
    /// Which watch printed it.
    pub stream: Stream,
    /// The text, as kubectl prints it.
    pub text: String,
    /// Where the last column (an event's MESSAGE) begins in `text`, so that a narrow view can
    /// wrap it on its own.
    pub last_column: usize,
    /// The object the line is about (none for headers).
    pub object: Option<ObjRef>,
    /// A Warning event, or a pod or claim line that reports trouble.
    pub warning: bool,
    /// The row's cells, unaligned (empty for headers): what a terminal's own watch prints.
    pub row: Vec<String>,
}

/// The log.
#[derive(Clone, Debug)]
pub struct Log {
    lines: Vec<Rc<Line>>,
    printers: [WatchPrinter; 4],
    seq: u64,
}

impl Default for Log {
    fn default() -> Log {
        Log::new()
    }
}

const TROUBLE: &[&str] = &["Error", "CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "Evicted", "Failed", "Lost"];

impl Log {
    /// An empty log.
    pub fn new() -> Log {
        let printer = |s: Stream| WatchPrinter::new(s.resource().columns());
        Log { lines: Vec::new(), printers: Stream::ALL.map(printer), seq: 0 }
    }

    /// Every line kept, oldest first (shared: the view keeps them without copying).
    pub fn lines(&self) -> &[Rc<Line>] {
        &self.lines
    }

    /// The number the next line will get.
    pub fn next_seq(&self) -> u64 {
        self.seq
    }

    /// The header a stream prints before its first line.
    pub fn header(&self, stream: Stream) -> String {
        self.printers[stream.index()].header()
    }

    /// Prints what the event shows, if a watch shows it.
    pub fn push(&mut self, event: &SimEvent) {
        let (stream, at, row, object, warning) = match event {
            SimEvent::Watch { at, kind, namespace, name, change, row } => {
                let (stream, kind) = match kind {
                    Kind::Pod => (Stream::Pods, ObjKind::Pod),
                    Kind::Claim => (Stream::Claims, ObjKind::Claim),
                    Kind::StatefulSet => (Stream::Sets, ObjKind::StatefulSet),
                    _ => return,
                };
                let trouble = row.iter().any(|c| TROUBLE.contains(&c.as_str()));
                let object = (*change != Change::Deleted || kind != ObjKind::StatefulSet).then(|| ObjRef::new(kind, namespace, name));
                (stream, *at, row.clone(), object, trouble)
            }
            SimEvent::Event { at, event } => {
                let kind = match event.kind.as_str() {
                    "Pod" => Some(ObjKind::Pod),
                    "StatefulSet" => Some(ObjKind::StatefulSet),
                    "PersistentVolumeClaim" => Some(ObjKind::Claim),
                    "PersistentVolume" => Some(ObjKind::Volume),
                    "Service" => Some(ObjKind::Service),
                    "Node" => Some(ObjKind::Node),
                    "PodDisruptionBudget" => Some(ObjKind::Pdb),
                    _ => None,
                };
                let object = kind.map(|k| ObjRef::new(k, &event.namespace, &event.name));
                (Stream::Events, *at, event_row(event, *at), object, event.type_ == EventType::Warning)
            }
            SimEvent::Write { .. } => return,
        };
        let (header, text) = self.printers[stream.index()].push(&row);
        if let Some(h) = header {
            let last_column = h.rfind(' ').map_or(0, |i| i + 1);
            self.add(Line { seq: 0, at, stream, text: h, last_column, object: None, warning: false, row: Vec::new() });
        }
        let last = row.last().map_or("", String::as_str);
        let last_column = if !last.is_empty() && text.ends_with(last) { text.len() - last.len() } else { text.len() };
        self.add(Line { seq: 0, at, stream, text, last_column, object, warning, row });
    }

    fn add(&mut self, mut line: Line) {
        line.seq = self.seq;
        self.seq += 1;
        if self.lines.len() >= MAX_LINES {
            self.lines.drain(..MAX_LINES / 4);
        }
        self.lines.push(Rc::new(line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::sim::model::Event;

    #[test]
    fn prints_watch_lines_with_their_header_and_links_them() {
        let mut log = Log::new();
        let row = |s: &str| vec!["db-0".to_owned(), "0/1".to_owned(), s.to_owned(), "0".to_owned(), "0s".to_owned()];
        log.push(&SimEvent::Watch { at: SimTime(10), kind: Kind::Pod, namespace: "ns".into(), name: "db-0".into(), change: Change::Added, row: row("Pending") });
        log.push(&SimEvent::Watch { at: SimTime(20), kind: Kind::Pod, namespace: "ns".into(), name: "db-0".into(), change: Change::Modified, row: row("CrashLoopBackOff") });
        let texts: Vec<&str> = log.lines().iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["NAME   READY   STATUS    RESTARTS   AGE", "db-0   0/1     Pending   0          0s", "db-0   0/1     CrashLoopBackOff   0          0s"]);
        assert_eq!(log.lines()[0].object, None);
        assert_eq!(log.lines()[1].object, Some(ObjRef::new(ObjKind::Pod, "ns", "db-0")));
        assert!(!log.lines()[1].warning && log.lines()[2].warning);
        assert_eq!(log.lines().iter().map(|l| l.seq).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn prints_events_and_marks_warnings() {
        let mut log = Log::new();
        let event = Event {
            namespace: "ns".into(),
            kind: "StatefulSet".into(),
            name: "db".into(),
            uid: "u".into(),
            type_: EventType::Warning,
            reason: "FailedCreate".into(),
            message: "create Pod db-0 in StatefulSet db failed".into(),
            source: "statefulset-controller".into(),
            count: 1,
            first: SimTime(5),
            last: SimTime(5),
        };
        log.push(&SimEvent::Event { at: SimTime(5), event });
        let last = log.lines().last().unwrap();
        assert_eq!(last.text, "0s          Warning   FailedCreate   statefulset/db   create Pod db-0 in StatefulSet db failed");
        assert_eq!(&last.text[last.last_column..], "create Pod db-0 in StatefulSet db failed");
        assert!(last.warning);
        assert_eq!(last.object, Some(ObjRef::new(ObjKind::StatefulSet, "ns", "db")));
        assert_eq!(log.lines()[0].text, "LAST SEEN   TYPE      REASON         OBJECT           MESSAGE");
    }
}
