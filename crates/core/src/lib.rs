//! `ordinal-core`: everything the ordinal app and CLI know, with no IO, no clock and no
//! web dependency.
//!
//! - [`yaml`]: YAML with source spans; parsing never fails.
//! - [`analysis`]: the entry points the web app and the CLI call.
//! - [`examples`]: the guide's example manifests, compiled in.

#![warn(missing_docs)]

pub mod analysis;
pub mod examples;
pub mod yaml;
