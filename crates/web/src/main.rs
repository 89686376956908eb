//! The web app's entry point; trunk builds this binary to WebAssembly.

fn main() {
    ordinal_web::start();
}
