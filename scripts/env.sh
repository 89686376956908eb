# shellcheck shell=bash
# Sourced by the other scripts: the project's paths, the pinned tool versions, and the flags
# every headless Chromium here is started with. No side effects besides exporting variables.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Tools installed by scripts/setup.sh come first on PATH: cargo's bin (trunk, wasm-bindgen,
# wasm-bindgen-test-runner) and the npm packages' bin (wasm-opt from `binaryen`).
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# trunk: never ask crates.io whether a newer trunk exists.
export TRUNK_SKIP_VERSION_CHECK=true

export TRUNK_VERSION="0.21.14"

# CI builds once on a fresh clone: incremental compilation would only write caches (gigabytes)
# that nothing reads again.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi

# pre-commit from PyPI, for the test of .pre-commit-hooks.yaml (scripts/test-precommit.sh), in a
# virtual environment of its own under .tools/ (Debian's Python refuses a `pip install` outside
# one). PRE_COMMIT_BIN=/path/to/pre-commit uses another copy.
export PRE_COMMIT_VERSION="4.7.0"
export PRE_COMMIT_VENV="$ROOT/.tools/pre-commit"
export PRE_COMMIT_BIN="${PRE_COMMIT_BIN:-$PRE_COMMIT_VENV/bin/pre-commit}"

# The wasm-bindgen version of Cargo.lock: wasm-bindgen-cli must be exactly this one.
wasm_bindgen_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# The binaryen version package-lock.json pins (the major is wasm-opt's version: 132.0.0 -> 132).
binaryen_version() {
  node -e 'const l = require(process.argv[1]); process.stdout.write(l.packages["node_modules/binaryen"].version)' \
    "$ROOT/package-lock.json"
}

# Debian's Chromium and its driver.
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# Flags for every headless Chromium started by the tests. Without the background-networking
# flags Chromium keeps trying to reach Google's hosts, which this machine's network refuses.
CHROME_FLAGS=(
  --headless
  --no-sandbox
  --disable-gpu
  --disable-quic
  --no-first-run
  --disable-background-networking
  --disable-component-update
  --disable-sync
)
export CHROME_FLAGS_LINE="${CHROME_FLAGS[*]}"

log() { printf '==> %s\n' "$*"; }
