//! The page's second module: the whole page, built by `scripts/build-lab.sh` (a trunk hook)
//! and loaded by the first module when a tab beyond the editor's is opened.

fn main() {
    ordinal_web::start_lab();
}
