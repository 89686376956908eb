//! `YAML`: the text cannot be read as YAML, or reads differently than it looks.

pub(crate) mod duplicate_key;
pub(crate) mod kubectl_only_yaml;
pub(crate) mod syntax_error;
