#!/usr/bin/env bash
# Builds the page's second module (ARCHITECTURE.md, "The first load"): the `ordinal-lab`
# binary of crates/web, the whole page, which the first module (trunk's own build of
# `ordinal-web`) loads when a tab beyond the editor's is first opened.
#
# trunk runs it as a post_build hook (crates/web/Trunk.toml), for `trunk build` and for every
# rebuild of `trunk serve`, with TRUNK_STAGING_DIR, TRUNK_PROFILE and TRUNK_PUBLIC_URL set. It
# builds the binary with the same profile, runs the same wasm-bindgen (and, for a release,
# the same wasm-opt -Oz with the same features) that trunk runs on the first module, names the
# files after their content, and names them in the staged index.html as
# `<link rel="ordinal-lab" data-ordinal-lab="js|wasm" href>`: a link the browser does not
# fetch (a `rel` it does not know), read by the service worker, which precaches every file the
# page names once the page has loaded, and by lab-loader.js, which imports them. The style
# sheets only the second module uses (LAB_CSS, which trunk has hashed and linked) become such
# links too (`data-ordinal-lab="css"`), so that they no longer hold up the first paint;
# lab-loader.js applies them before the module mounts. (A `rel="prefetch"` was tried first:
# Chromium starts a prefetch at once, while the first module still downloads, and on a slow
# link the two share it; Lighthouse's mobile LCP went from 5.6 s to 10.7 s.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

staging="${TRUNK_STAGING_DIR:?run by trunk as the post_build hook of crates/web/Trunk.toml}"
profile="${TRUNK_PROFILE:-debug}"
public_url="${TRUNK_PUBLIC_URL:-./}"
html="$staging/index.html"
[ -f "$html" ] || { echo "build-lab: no $html" >&2; exit 1; }

flags=()
[ "$profile" = release ] && flags=(--release)
cd "$ROOT"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
log "second module: cargo build --bin ordinal-lab ($profile)"
cargo build --quiet --message-format=json-render-diagnostics --target wasm32-unknown-unknown -p ordinal-web --bin ordinal-lab "${flags[@]}" >"$tmp/messages.json"
wasm="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).target_directory))')/wasm32-unknown-unknown/$profile/ordinal-lab.wasm"
# the texts the first module fetches on first use (crates/core/build.rs writes them into the
# core's OUT_DIR; ordinal_core::library, crates/web/src/texts.rs)
library="$(node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const core = lines.filter((m) => m.reason === "build-script-executed" && /[/#]ordinal-core[@#]|ordinal-core /.test(m.package_id));
  if (core.length !== 1) throw new Error(`expected one build of ordinal-core'"'"'s build script, found ${core.length}`);
  process.stdout.write(core[0].out_dir + "/library.txt");
' "$tmp/messages.json")"
[ -s "$library" ] || { echo "build-lab: no $library" >&2; exit 1; }
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name ordinal-lab "$wasm"
if [ -d "$tmp/snippets" ]; then
  echo "build-lab: the second module's glue needs JavaScript snippets, which this script does not ship" >&2
  exit 1
fi
if [ "$profile" = release ]; then
  # the parameters of index.html's data-wasm-opt-params, for the same features as the first module
  params="$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' "$ROOT/crates/web/index.html")"
  read -r -a params <<<"$params"
  wasm-opt -Oz "${params[@]}" -o "$tmp/opt.wasm" "$tmp/ordinal-lab_bg.wasm"
  mv "$tmp/opt.wasm" "$tmp/ordinal-lab_bg.wasm"
fi
hash="$(cat "$tmp/ordinal-lab.js" "$tmp/ordinal-lab_bg.wasm" | sha256sum | cut -c1-16)"
rm -f "$staging"/ordinal-lab-*.js "$staging"/ordinal-lab-*_bg.wasm
cp "$tmp/ordinal-lab.js" "$staging/ordinal-lab-$hash.js"
cp "$tmp/ordinal-lab_bg.wasm" "$staging/ordinal-lab-${hash}_bg.wasm"

library_hash="$(sha256sum "$library" | cut -c1-16)"
rm -f "$staging"/library-*.txt
cp "$library" "$staging/library-$library_hash.txt"

links="<link rel=\"ordinal-lab\" href=\"${public_url}ordinal-lab-$hash.js\" data-ordinal-lab=\"js\" /><link rel=\"ordinal-lab\" href=\"${public_url}ordinal-lab-${hash}_bg.wasm\" data-ordinal-lab=\"wasm\" /><link rel=\"ordinal-library\" href=\"${public_url}library-$library_hash.txt\" />"
LAB_CSS="cluster teach"
node -e '
  const fs = require("fs");
  const [file, links, css] = process.argv.slice(1);
  let html = fs.readFileSync(file, "utf8").replace(/<link rel="ordinal-lab"[^>]*data-ordinal-lab="(js|wasm)"[^>]*>/g, "").replace(/<link rel="ordinal-library"[^>]*>/g, "");
  for (const name of css.split(" ")) {
    const sheet = new RegExp(`<link rel="stylesheet" (href="[^"]*/${name}-[0-9a-f]+\\.css"[^>]*?)\\s*/?>`);
    const m = html.match(sheet);
    // (lab-loader.js puts the integrity on the style sheet it makes)
    if (m) html = html.replace(sheet, () => `<link rel="ordinal-lab" ${m[1].replace(/\bintegrity=/, "data-integrity=")} data-ordinal-lab="css" />`);
    else if (!new RegExp(`/${name}-[0-9a-f]+\\.css"[^>]*data-ordinal-lab="css"`).test(html)) throw new Error(`${file}: no style sheet ${name}-….css`);
  }
  if (!html.includes("</head>")) throw new Error(`${file}: no </head>`);
  fs.writeFileSync(file, html.replace("</head>", () => `${links}</head>`));
' "$html" "$links" "$LAB_CSS"
log "second module: ordinal-lab-$hash.js, ordinal-lab-${hash}_bg.wasm ($(wc -c <"$staging/ordinal-lab-${hash}_bg.wasm") bytes); texts: library-$library_hash.txt ($(wc -c <"$staging/library-$library_hash.txt") bytes)"
