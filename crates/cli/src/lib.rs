//! The library half of `ordinal-cli`: the language server (`ordinal lsp`), a library so that
//! the fuzz harness (`cargo run -p xtask -- fuzz lsp`) can drive it in-process.

pub mod lsp;
