#!/usr/bin/env node
// The last step of `make dist` (scripts/dist.sh): makes dist/index.html run under a strict
// Content-Security-Policy.
//
// trunk 0.21 has no option for an external loader (trunk-rs/trunk#288 is open): it writes the
// wasm bootstrap as an inline `<script type="module">`, which a policy without
// 'unsafe-inline' refuses to run. So this script
//   1. moves that inline module into `boot-<hash>.js` beside it and loads it with
//      `<script type="module" src integrity>` (same code, same order: a module script is
//      deferred either way; trunk's modulepreload link stays as it is), with two additions
//      (`forShareLinks`): while the shell shows (scripts/prerender.mjs), the wasm is asked for
//      once it is painted, and a share link, which may open a lesson and a lab, loads the
//      page's second module first (ARCHITECTURE.md, "The first load");
//   2. renames trunk's wasm preload link so that the browser does not fetch it with the head;
//   3. adds the policy as a `<meta http-equiv="Content-Security-Policy">`, first in <head>, so
//      it covers every element after it;
//   4. refuses to finish if the page still holds any inline script or `on…=` handler;
//   5. drops the whole-line comments of the page's own small scripts (`SMALL_SCRIPTS`), which
//      count against the first load's budget; their sources in crates/web keep them.
// The service worker (sw.js) precaches every file index.html links to, so it picks up the boot
// file by itself. Running the script twice changes nothing.
//
// Usage: node scripts/postprocess-dist.mjs [DIST]    (default: dist/ at the repository root)

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The policy. Why each part:
 * - default-src 'self': anything not named below comes from the page's own origin only.
 * - script-src 'self' 'wasm-unsafe-eval': the app's own files, and compiling its WebAssembly;
 *   no inline script, no eval.
 * - style-src 'self' with style-src-attr 'unsafe-inline': style sheets and <style> elements only
 *   from our own files; `style="…"` attributes are allowed because the Yew components position
 *   editor lines and timeline markers with them (and Yew sets them with setAttribute). An
 *   attribute can only style, never run code, and no text from the YAML reaches one.
 * - img-src 'self' data:: the favicon is an inline SVG data: URL.
 * - connect-src 'self': the bootstrap fetches the .wasm, the service worker its own files.
 * - object-src 'none', base-uri 'none', form-action 'none': no plugins, no <base> hijack, no form
 *   posts anywhere.
 * frame-ancestors, report-uri and sandbox are ignored in a <meta> policy; a host that can send
 * headers should add `Content-Security-Policy: frame-ancestors 'none'` (README.md).
 */
export const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-elem 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const INLINE_MODULE = /<script type="module">([\s\S]*?)<\/script>/;

/**
 * trunk's bootstrap, changed in two ways:
 * - a share link (`#share=…`, which may open a lesson and a lab) loads the second module
 *   straight away through lab-loader.js instead of starting the first module and then loading
 *   it. If that fails, the first module starts as usual; it tries again and says why the link
 *   cannot be opened;
 * - while the shell shows (scripts/prerender.mjs), the wasm is asked for once the shell is
 *   painted, and compiled, instantiated and started in tasks of their own, so that the page
 *   stays responsive while the app gets ready behind the shell (crates/web/src/shell.rs).
 */
export function forShareLinks(code) {
  const start = code.indexOf("const wasm = await init(");
  if (start < 0) throw new Error("trunk's bootstrap has no `const wasm = await init(`: see forShareLinks");
  const call = /const wasm = await init\(\{ module_or_path: ('[^']+') \}\);/;
  if (!call.test(code)) throw new Error("trunk's bootstrap calls init otherwise than `init({ module_or_path: '…' })`: see forShareLinks");
  const indent = (s) => s.trim().split("\n").map((l) => (l.trim() ? `  ${l}` : l)).join("\n");
  const started = code
    .slice(start)
    .replace(call, (_, path) => `const wasm = await init({ module_or_path: shell ? await compiled(${path}) : ${path} });`);
  return `${code.slice(0, start)}// the shell (scripts/prerender.mjs) is painted before the WebAssembly is asked for
const shell = document.documentElement.hasAttribute("data-shell");
const nextTask = () => new Promise((next) => setTimeout(next));
// (a module runs once the page is parsed: the shell has usually been painted by then)
const painted = () => performance.getEntriesByType("paint").length > 0;
if (shell && !painted()) await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
// compiled in a task of its own (or left to init, which knows what to do with a server that
// does not say application/wasm)
async function compiled(path) {
  try {
    const module = await WebAssembly.compileStreaming(fetch(path));
    await nextTask();
    return module;
  } catch {
    return path;
  }
}
// a share link loads the page's second module first (lab-loader.js)
const shared = location.hash.startsWith("#share=");
if (!shared || !(await window.ordinalLoadLab().then(() => true, () => false))) {
${indent(started)}
}
`;
}

/** The page's own scripts that trunk copies as they are (`copy-file`), loaded with the page. */
export const SMALL_SCRIPTS = ["shell.js", "sw-register.js", "lab-loader.js"];

/**
 * `code` without its whole-line `//` comments and the blank lines they leave. Refuses code
 * with a template literal over several lines, where such a line could be text.
 */
export function withoutLineComments(code, name) {
  const lines = code.split("\n");
  if (lines.some((l) => (l.match(/`/g)?.length ?? 0) % 2 === 1)) throw new Error(`${name}: a template literal spans lines; see withoutLineComments`);
  return lines.filter((l) => !/^\s*\/\//.test(l)).join("\n").replace(/\n{3,}/g, "\n\n").replace(/^\n+/, "");
}

/** Rewrites `dist`'s index.html in place; returns the boot file's name. */
export function postprocess(dist) {
  const indexPath = join(dist, "index.html");
  let html = readFileSync(indexPath, "utf8");

  let boot = html.match(/<script type="module" src="\.\/(boot-[0-9a-f]{16}\.js)"/)?.[1];
  if (!boot) {
    const inline = html.match(INLINE_MODULE);
    if (!inline) throw new Error(`${indexPath}: trunk's inline <script type="module"> bootstrap not found`);
    const code = forShareLinks(inline[1].trim() + "\n");
    const digest = createHash("sha384").update(code).digest();
    boot = `boot-${digest.toString("hex").slice(0, 16)}.js`;
    writeFileSync(join(dist, boot), code);
    const tag = `<script type="module" src="./${boot}" integrity="sha384-${digest.toString("base64")}"></script>`;
    html = html.replace(INLINE_MODULE, () => tag);
  }

  // The first module's wasm is fetched by the bootstrap once the shell is painted, not
  // preloaded with the page's head (where it would share the slow start of a connection with
  // the style sheet the shell waits for). The link stays, under a name browsers do not fetch,
  // for the service worker, which precaches every file index.html names.
  html = html.replace(/<link rel="preload" (href="[^"]+_bg\.wasm")[^>]*>/, (_, href) => `<link rel="ordinal-first-module" ${href}>`);

  if (!html.includes('http-equiv="Content-Security-Policy"')) {
    const charset = /<meta charset="utf-8" \/>\n?/;
    if (!charset.test(html)) throw new Error(`${indexPath}: no <meta charset="utf-8" /> to put the policy after`);
    html = html.replace(charset, (m) => `${m}    <meta http-equiv="Content-Security-Policy" content="${POLICY}" />\n`);
  }

  // What the policy would refuse must not be in the page at all.
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (!/\bsrc=/.test(m[1]) || m[2].trim() !== "") throw new Error(`${indexPath}: inline script left: ${m[0].slice(0, 80)}`);
  }
  const handler = html.match(/<[^>]+\son[a-z]+\s*=/i);
  if (handler) throw new Error(`${indexPath}: inline event handler: ${handler[0]}`);
  if (/<style\b/i.test(html)) throw new Error(`${indexPath}: inline <style> element`);

  writeFileSync(indexPath, html);
  for (const name of SMALL_SCRIPTS) {
    const file = join(dist, name);
    if (existsSync(file)) writeFileSync(file, withoutLineComments(readFileSync(file, "utf8"), name));
  }
  return boot;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
  if (!existsSync(join(dist, "index.html"))) {
    console.error(`postprocess-dist: no ${dist}/index.html`);
    process.exit(1);
  }
  const boot = postprocess(dist);
  console.log(`postprocess-dist: bootstrap in ${boot}, Content-Security-Policy in index.html`);
}
