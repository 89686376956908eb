#!/usr/bin/env bash
# The end-to-end test of `ordinal lsp` with a real LSP client that is not ours: Neovim's built-in
# client (Debian's neovim, 0.7.2 on Debian 12), headless, drives the debug build of `ordinal`
# through open, diagnostics (with related places), hover, highlights, references, symbols, a quick
# fix applied, a change and completion (crates/cli/tests/lsp/nvim.lua). Prints one line per check
# and ends with `lsp (neovim X.Y.Z): N passed, N failed`; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

command -v nvim >/dev/null || { echo "test-lsp: nvim is missing (make setup installs Debian's neovim)" >&2; exit 1; }
log "lsp: cargo build -p ordinal-cli, then Neovim $(nvim --version | head -1 | cut -d' ' -f2) against target/debug/ordinal"
cargo build -q -p ordinal-cli

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp crates/cli/tests/lsp/fixture.yaml "$work/fixture.yaml"
# No user configuration, no shada, no swap file: only the test's Lua runs.
ORDINAL="$ROOT/target/debug/ordinal" FIXTURE="$work/fixture.yaml" \
  timeout --kill-after=10 120 nvim --headless --clean -n -i NONE \
  -c "luafile $ROOT/crates/cli/tests/lsp/nvim.lua" </dev/null
