//! The guide's example manifests, compiled in: the app's default document.

/// The guide's headless Service (`service.yaml`).
pub const GUIDE_SERVICE: &str = include_str!("../examples/service.yaml");

/// The guide's StatefulSet (`statefulset.yaml`).
pub const GUIDE_STATEFULSET: &str = include_str!("../examples/statefulset.yaml");

/// Both, as one multi-document buffer: the Service first (it must exist before the
/// StatefulSet), then the StatefulSet.
pub const GUIDE: &str = include_str!("../examples/guide.yaml");
