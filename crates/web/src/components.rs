//! The page's components. Each takes plain data and callbacks; none holds domain state.

pub mod concepts;
pub mod editor;
pub mod examples_menu;
pub mod explain;
pub mod header;
pub mod problems;
pub mod share_button;
pub mod tabs;

pub use concepts::Concepts;
pub use editor::Editor;
pub use examples_menu::ExamplesMenu;
pub use explain::Explain;
pub use header::Header;
pub use problems::Problems;
pub use share_button::ShareButton;
pub use tabs::{TabSpec, Tabs};
