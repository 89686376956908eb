//! What several test files share.

use std::path::{Path, PathBuf};

/// The `.yaml` and `.yml` files under `dir`, at any depth, appended to `out` (none when `dir`
/// cannot be read: `../shared` may be absent).
pub fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}
