//! The page's components. Each takes plain data and callbacks; none holds domain state.

pub mod editor;
pub mod explain;
pub mod header;

pub use editor::Editor;
pub use explain::Explain;
pub use header::Header;
