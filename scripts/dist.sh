#!/usr/bin/env bash
# Builds the release site into dist/ with trunk: size-tuned wasm (root Cargo.toml's release
# profile), wasm-opt -Oz from the npm package `binaryen`, relative URLs (Trunk.toml).
#
# Where the machine allows it (root, util-linux `unshare`), trunk runs in a new network
# namespace with no network at all: that proves it never downloads a tool. The crates were
# fetched beforehand by scripts/setup.sh (`cargo fetch`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT/crates/web"

"$ROOT/scripts/check-tools.sh" >/dev/null || "$ROOT/scripts/check-tools.sh"

log_file="$ROOT/target/trunk-build.log"
mkdir -p "$ROOT/target"
run=(trunk --verbose build --release)
if [ "${ORDINAL_ALLOW_NETWORK:-}" != 1 ] && unshare --net true 2>/dev/null; then
  log "trunk build --release, with the network cut (unshare --net)"
  run=(unshare --net "${run[@]}")
else
  log "trunk build --release"
fi
if ! "${run[@]}" >"$log_file" 2>&1; then
  tail -n 60 "$log_file"
  echo "trunk build failed; full log: $log_file" >&2
  exit 1
fi

# trunk's own log says where each tool came from: it must be the PATH ones.
for tool in wasm-bindgen wasm-opt; do
  line="$(grep -o "using system installed binary: [^ ]*/$tool " "$log_file" | head -n 1 || true)"
  if [ -z "$line" ]; then
    echo "trunk did not report using the installed $tool; see $log_file" >&2
    exit 1
  fi
  log "trunk ${line% }"
done
# (cargo's own "Downloading crates" lines are not trunk's.)
if grep -i 'download' "$log_file" | grep -qvE '^\s*Download(ing|ed) '; then
  grep -i 'download' "$log_file" >&2
  echo "trunk tried to download something; see $log_file" >&2
  exit 1
fi
# trunk writes the wasm bootstrap as an inline script: move it to a file and add the
# Content-Security-Policy (scripts/postprocess-dist.mjs says why and how).
log "$(node "$ROOT/scripts/postprocess-dist.mjs" "$ROOT/dist")"
# the copy of a new visitor's first view that the browser paints before the wasm arrives,
# taken from the built page in Chromium (scripts/prerender.mjs says why and how)
log "$(node "$ROOT/scripts/prerender.mjs" "$ROOT/dist")"
log "built $(cd "$ROOT" && ls dist | tr '\n' ' ')"
# the first load's budget (scripts/size.sh): the build fails when it is exceeded
if ! size_report="$("$ROOT/scripts/size.sh" "$ROOT/dist")"; then
  echo "$size_report"
  exit 1
fi
log "$(tail -n 1 <<<"$size_report")"
