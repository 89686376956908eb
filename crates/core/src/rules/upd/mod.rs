//! `UPD`: edits to an applied object that the API server forbids or that surprise.

pub(crate) mod immutable_field;
