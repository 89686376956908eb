#!/usr/bin/env bash
# Installs what the build and the tests need, and skips what is already there.
#
# For a Debian machine with rustup's Rust, whose only package sources are crates.io, npm,
# PyPI and Debian's apt. Nothing is downloaded from anywhere else, and trunk is configured
# (crates/web/Trunk.toml) to use the tools installed here instead of downloading its own.
#
#   - the wasm32-unknown-unknown Rust target          (rustup)
#   - trunk, with its own lockfile                    (cargo install --locked)
#   - wasm-bindgen-cli at Cargo.lock's wasm-bindgen   (cargo install, without --locked)
#   - chromium, chromium-driver, brotli               (apt-get)
#   - neovim, the LSP client of `make test-lsp`        (apt-get)
#   - playwright-core, binaryen (wasm-opt), ...       (npm ci, from package-lock.json)
#   - pre-commit, in .tools/pre-commit                (pip, in a venv; python3-venv from apt)
#   - every crate of Cargo.lock, so builds can run with the network cut (cargo fetch)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Rust target ------------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "present: rust target wasm32-unknown-unknown"
else
  log "installing: rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- trunk --------------------------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  log "present: trunk $TRUNK_VERSION"
else
  log "installing: trunk $TRUNK_VERSION (cargo install --locked; about 9 minutes on 2 cores)"
  cargo install --locked trunk --version "=$TRUNK_VERSION"
fi

# --- wasm-bindgen-cli ---------------------------------------------------------------------------
# Its version must equal the wasm-bindgen crate's, which the root Cargo.toml pins with `=`.
# Not --locked: wasm-bindgen-cli's own lockfile asks for a crate version crates.io lacks.
WB_VERSION="$(wasm_bindgen_version)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ] &&
  [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $WB_VERSION" ]; then
  log "present: wasm-bindgen-cli $WB_VERSION"
else
  log "installing: wasm-bindgen-cli $WB_VERSION (cargo install; about 5 minutes)"
  cargo install wasm-bindgen-cli --version "=$WB_VERSION"
fi

# --- Debian packages ----------------------------------------------------------------------------
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v nvim >/dev/null || missing+=(neovim)
if [ ${#missing[@]} -eq 0 ]; then
  log "present: chromium, chromium-driver, brotli, node, npm, neovim"
else
  log "installing with apt-get: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- npm packages -------------------------------------------------------------------------------
# `npm ci` again whenever package-lock.json changed since the last install.
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.ordinal-package-lock.sha256"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  log "present: npm packages of package-lock.json"
else
  log "installing: npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

# --- pre-commit ---------------------------------------------------------------------------------
# In a virtual environment of its own: Debian's Python refuses `pip install` outside one (PEP 668).
# Debian's python3 makes venvs only with python3-venv (ensurepip), which is installed if missing.
if [ "$("$PRE_COMMIT_BIN" --version 2>/dev/null || true)" = "pre-commit $PRE_COMMIT_VERSION" ]; then
  log "present: pre-commit $PRE_COMMIT_VERSION"
else
  log "installing: pre-commit $PRE_COMMIT_VERSION (pip, into ${PRE_COMMIT_VENV#"$ROOT/"})"
  if ! python3 -m venv --clear "$PRE_COMMIT_VENV"; then
    log "installing with apt-get: python3-venv"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv
    python3 -m venv --clear "$PRE_COMMIT_VENV"
  fi
  "$PRE_COMMIT_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
fi

# --- crates ---------------------------------------------------------------------------------------
# Download every crate of Cargo.lock now, so trunk can build with the network cut.
log "fetching: crates of Cargo.lock (cargo fetch)"
cargo fetch --quiet

"$ROOT/scripts/check-tools.sh"
