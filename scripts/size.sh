#!/usr/bin/env bash
# Prints the raw, gzip (-9) and brotli (-q 11) size of every file in dist/, grouped by when a
# browser downloads it (ARCHITECTURE.md, "The first load"):
#   first load     what the page needs to show the editor, its explanation and its findings:
#                  index.html, the first module's script and wasm, the bootstrap, the style
#                  sheet, lab-loader.js, sw-register.js;
#   second module  the files index.html names with data-ordinal-lab (the whole page's wasm and
#                  script, the cluster and teaching style sheets), precached by the service
#                  worker once the page has loaded, loaded when a tab needs them;
#   texts          the file index.html names as rel="ordinal-library" (the upstream descriptions,
#                  the rules' explanations, the concepts and the field texts), fetched by the
#                  first module once the editor shows, precached by the service worker;
#   service worker sw.js, registered after the page's load event.
# and checks the first load's budget: it exits with 1 when the first load, brotli'd, exceeds
# FIRST_LOAD_LIMIT_KIB, the 400 KiB of issue 19 (scripts/dist.sh runs it, so the build fails);
# FIRST_LOAD_TARGET_KIB, the same by default, is the figure the verdict line compares with.
# docs/benchmarks.md, "The first load", has the figures.
# Usage: scripts/size.sh [DIR]   (default: dist)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dir="${1:-$ROOT/dist}"
[ -f "$dir/index.html" ] || { echo "no $dir/index.html: run 'make dist' first" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing: run scripts/setup.sh" >&2; exit 1; }

FIRST_LOAD_TARGET_KIB="${FIRST_LOAD_TARGET_KIB:-400}"
FIRST_LOAD_LIMIT_KIB="${FIRST_LOAD_LIMIT_KIB:-400}"

kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
row() { printf '%-48s %12s %12s %12s\n' "$@"; }

# the files of the second module, as index.html links them
second="$(grep -o '<link [^>]*data-ordinal-lab="[a-z]*"[^>]*>' "$dir/index.html" | sed -n 's/.*href="\.\{0,1\}\/\{0,1\}\([^"]*\)".*/\1/p' | sort -u)"
texts="$(grep -o '<link rel="ordinal-library"[^>]*>' "$dir/index.html" | sed -n 's/.*href="\.\{0,1\}\/\{0,1\}\([^"]*\)".*/\1/p' | sort -u)"
group_of() {
  local name="$1"
  if [ "$name" = sw.js ]; then echo "service worker"
  elif grep -qxF "$name" <<<"$second"; then echo "second module"
  elif grep -qxF "$name" <<<"$texts"; then echo "texts"
  else echo "first load"
  fi
}

declare -A raw_of gz_of br_of
for group in "first load" "second module" "texts" "service worker"; do
  raw_of[$group]=0 gz_of[$group]=0 br_of[$group]=0
done
row "file" "raw" "gzip -9" "brotli -q 11"
for group in "first load" "second module" "texts" "service worker"; do
  echo "$group:"
  while IFS= read -r -d '' file; do
    name="${file#"$dir"/}"
    [ "$(group_of "$name")" = "$group" ] || continue
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    br=$(brotli -q 11 -c "$file" | wc -c)
    raw_of[$group]=$((raw_of[$group] + raw)) gz_of[$group]=$((gz_of[$group] + gz)) br_of[$group]=$((br_of[$group] + br))
    row "  $name" "$(kib "$raw")" "$(kib "$gz")" "$(kib "$br")"
  done < <(find "$dir" -type f -not -path '*/.stage/*' -print0 | sort -z)
done
total_raw=0 total_gz=0 total_br=0
for group in "first load" "second module" "texts" "service worker"; do
  row "$group" "$(kib "${raw_of[$group]}")" "$(kib "${gz_of[$group]}")" "$(kib "${br_of[$group]}")"
  total_raw=$((total_raw + raw_of[$group])) total_gz=$((total_gz + gz_of[$group])) total_br=$((total_br + br_of[$group]))
done
row "total" "$(kib $total_raw)" "$(kib $total_gz)" "$(kib $total_br)"
row "first load (bytes)" "${raw_of[first load]}" "${gz_of[first load]}" "${br_of[first load]}"
row "second module (bytes)" "${raw_of[second module]}" "${gz_of[second module]}" "${br_of[second module]}"
row "total (bytes)" "$total_raw" "$total_gz" "$total_br"

[ -n "$second" ] || { echo "index.html links no second module (data-ordinal-lab): was it built by scripts/build-lab.sh?" >&2; exit 1; }
[ -n "$texts" ] || { echo "index.html names no texts file (rel=\"ordinal-library\"): was it built by scripts/build-lab.sh?" >&2; exit 1; }
first_br="${br_of[first load]}"
if [ "$first_br" -gt $((FIRST_LOAD_TARGET_KIB * 1024)) ]; then
  echo "first load: $(kib "$first_br") brotli, over the target of $FIRST_LOAD_TARGET_KIB KiB (docs/benchmarks.md, \"The first load\")"
else
  echo "first load: $(kib "$first_br") brotli, within the target of $FIRST_LOAD_TARGET_KIB KiB"
fi
if [ "$first_br" -gt $((FIRST_LOAD_LIMIT_KIB * 1024)) ]; then
  echo "first load: $(kib "$first_br") brotli is over the enforced limit of $FIRST_LOAD_LIMIT_KIB KiB: something was added to the first module that the editor does not need?" >&2
  exit 1
fi
