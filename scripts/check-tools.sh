#!/usr/bin/env bash
# Checks that the tool versions trunk is told to use (crates/web/Trunk.toml) are the ones the
# project pins (Cargo.lock, package-lock.json) and the ones on PATH. A mismatch would make trunk
# try to download its own copy, so it is an error here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

trunk_tool() {
  sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" "$ROOT/crates/web/Trunk.toml"
}

fail=0
check() { # what, expected, actual
  if [ "$2" = "$3" ]; then
    printf '  ok    %-34s %s\n' "$1" "$3"
  else
    printf '  FAIL  %-34s expected %s, found %s\n' "$1" "$2" "${3:-nothing}"
    fail=1
  fi
}

wb="$(wasm_bindgen_version)"
opt="version_$(binaryen_version | cut -d. -f1)"
log "checking tool versions"
check "Trunk.toml wasm_bindgen" "$wb" "$(trunk_tool wasm_bindgen)"
check "wasm-bindgen on PATH" "wasm-bindgen $wb" "$(wasm-bindgen --version 2>/dev/null || true)"
check "wasm-bindgen-test-runner on PATH" "wasm-bindgen-test-runner $wb" "$(wasm-bindgen-test-runner --version 2>/dev/null || true)"
check "Trunk.toml wasm_opt" "$opt" "$(trunk_tool wasm_opt)"
check "wasm-opt on PATH" "$opt" "$(wasm-opt --version 2>/dev/null | sed -n 's/.*(\(version_[0-9]*\)).*/\1/p')"
check "trunk on PATH" "trunk $TRUNK_VERSION" "$(trunk --version 2>/dev/null || true)"
exit "$fail"
