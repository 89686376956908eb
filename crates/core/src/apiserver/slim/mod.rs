//! The API server's checks over the slim types of [`kinds`], for the lint rules.
//!
//! `defaults.rs`, `selector.rs`, `checks.rs` and `validate/` are compiled twice: over
//! k8s-openapi's types in [`crate::apiserver`] (the simulator stores those objects and prints
//! them), and here over types that hold only the fields those checks read or default. The
//! lint rules decode with these, so the page's first module, which has the editor and its
//! findings but no simulator, carries neither k8s-openapi's deserializers nor the time library
//! behind its `Time` fields (ARCHITECTURE.md, "The first load"). The same text of the checks
//! serves both; `tests.rs` runs the two over the corpus and the fixtures and wants the same
//! errors.

// The fields are k8s-openapi's, documented there and in the catalogue; only the types are ours.
#[allow(missing_docs)]
pub mod kinds;

// Loaded twice on purpose: once over k8s-openapi's types in the parent, once here.
#[path = "../defaults.rs"]
pub mod defaults;
#[path = "../selector.rs"]
pub mod selector;
#[path = "../validate/mod.rs"]
pub mod validate;

#[path = "../checks.rs"]
mod checks;

pub use checks::*;
