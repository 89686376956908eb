#!/usr/bin/env bash
# Prints the raw, gzip (-9) and brotli (-q 11) size of every file in dist/ and their total:
# what a static host stores, and what it sends to a browser that accepts each encoding.
# Usage: scripts/size.sh [DIR]   (default: dist)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dir="${1:-$ROOT/dist}"
[ -f "$dir/index.html" ] || { echo "no $dir/index.html: run 'make dist' first" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing: run scripts/setup.sh" >&2; exit 1; }

kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
row() { printf '%-44s %12s %12s %12s\n' "$@"; }

row "file" "raw" "gzip -9" "brotli -q 11"
total_raw=0 total_gz=0 total_br=0
while IFS= read -r -d '' file; do
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  row "${file#"$dir"/}" "$(kib "$raw")" "$(kib "$gz")" "$(kib "$br")"
done < <(find "$dir" -type f -not -path '*/.stage/*' -print0 | sort -z)
row "total" "$(kib $total_raw)" "$(kib $total_gz)" "$(kib $total_br)"
row "total (bytes)" "$total_raw" "$total_gz" "$total_br"
