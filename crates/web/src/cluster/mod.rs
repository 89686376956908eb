//! The cluster view: the core's simulated cluster, animated, controlled by clicks and by a
//! kubectl terminal.
//!
//! - [`session`]: the simulation with its recorded inputs; rewinding replays them.
//! - [`log`]: `kubectl get … -w` lines as the simulation produces them.
//! - [`scene`]: what the view draws, derived from the cluster state (plain data).
//! - [`shell`]: the terminal's commands, history and completion.
//! - [`state`]: the view's reducer (playback, selection, notices, terminal transcript).
//! - [`clock`]: the animation-frame hook that drives playback.
//! - [`view`] and its children: the components.
//!
//! Everything but `clock` and the components is plain Rust, tested natively.

pub mod clock;
pub mod consequences;
pub mod controls;
pub mod log;
pub mod scene;
pub mod session;
pub mod shell;
pub mod state;
pub mod terminal;
pub mod view;

pub use view::{ClusterKeep, ClusterView, LessonPointer};

/// The kinds of object the view draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjKind {
    /// A StatefulSet.
    StatefulSet,
    /// A pod.
    Pod,
    /// A PersistentVolumeClaim.
    Claim,
    /// A PersistentVolume.
    Volume,
    /// A Service.
    Service,
    /// A node.
    Node,
    /// A PodDisruptionBudget.
    Pdb,
    /// A Secret.
    Secret,
}

impl ObjKind {
    /// kubectl's resource word: `pod`, `pvc`, …
    pub fn word(self) -> &'static str {
        match self {
            ObjKind::StatefulSet => "statefulset",
            ObjKind::Pod => "pod",
            ObjKind::Claim => "pvc",
            ObjKind::Volume => "pv",
            ObjKind::Service => "service",
            ObjKind::Node => "node",
            ObjKind::Pdb => "pdb",
            ObjKind::Secret => "secret",
        }
    }
}

/// A reference to one object, for links between the log, the terminal and the drawing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    /// The kind.
    pub kind: ObjKind,
    /// The namespace (empty for volumes).
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl ObjRef {
    /// A reference.
    pub fn new(kind: ObjKind, namespace: &str, name: &str) -> ObjRef {
        let namespace = if matches!(kind, ObjKind::Volume | ObjKind::Node) { "" } else { namespace };
        ObjRef { kind, namespace: namespace.to_owned(), name: name.to_owned() }
    }

    /// The id of the element that draws it: `obj-pod-default-web-0`.
    pub fn dom_id(&self) -> String {
        if self.namespace.is_empty() {
            format!("obj-{}-{}", self.kind.word(), self.name)
        } else {
            format!("obj-{}-{}-{}", self.kind.word(), self.namespace, self.name)
        }
    }

    /// `pod/web-0`.
    pub fn kubectl(&self) -> String {
        format!("{}/{}", self.kind.word(), self.name)
    }
}
