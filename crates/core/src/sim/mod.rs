//! The simulated cluster.

pub mod json;
