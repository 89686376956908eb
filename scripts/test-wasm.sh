#!/usr/bin/env bash
# Component tests of crates/web in headless Chromium: wasm-bindgen-test through chromedriver.
# Extra arguments go to `cargo test`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

# A fresh, throwaway Chromium profile for every run.
tmp="$(mktemp -d -t ordinal-wasm-test.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
node -e '
  const [file, binary, profile, ...flags] = process.argv.slice(1);
  const args = [...flags, `--user-data-dir=${profile}`];
  require("fs").writeFileSync(file, JSON.stringify({ "goog:chromeOptions": { binary, args } }, null, 2));
' "$tmp/webdriver.json" "$CHROMIUM" "$tmp/profile" "${CHROME_FLAGS[@]}"

export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$tmp/webdriver.json"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}"

log "wasm-bindgen-test in headless Chromium ($("$CHROMIUM" --version 2>/dev/null | head -1))"
# `timeout` so a stuck browser can never hang the run.
timeout --kill-after=30 900 \
  cargo test -p ordinal-web --target wasm32-unknown-unknown --test browser "$@"
