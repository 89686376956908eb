//! Validation, split by kind as `pkg/apis/{apps,core}/validation` is.

pub mod apps;
pub mod batch;
pub mod meta;
pub mod pod;
pub mod pvc;
pub mod service;
pub mod statefulset;

/// Field-path helpers producing the server's notation (`a.b[0].c`).
pub mod path {
    /// `at.key`, or `key` at the root.
    pub fn child(at: &str, key: &str) -> String {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}.{key}")
        }
    }

    /// `at[i]`.
    pub fn index(at: &str, i: usize) -> String {
        format!("{at}[{i}]")
    }
}
