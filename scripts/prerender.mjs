#!/usr/bin/env node
// A step of `make dist` (scripts/dist.sh), after postprocess-dist.mjs: writes the page's shell
// into dist/index.html, a copy of what a new visitor's first view shows, taken from the built
// page itself (ARCHITECTURE.md, "The first load"; crates/web/src/shell.rs).
//
// The browser paints the shell as soon as the HTML and the style sheet are there; the first
// module's WebAssembly (390 KiB) arrives seconds later on a slow phone, mounts out of sight and
// takes the shell's place once it has drawn the same view. This script opens dist/ in headless
// Chromium (playwright-core, the e2e tests' browser) as a new visitor (no storage, 1280x1600 so
// that every line of the guide's manifest is drawn), with the texts of `library-*.txt` held
// back, because the app shows its first view before they arrive; and copies the page:
//   - a textarea's text becomes its content (its value is a property, not in the markup);
//   - every id gets the prefix `shell-`, and so do the attributes that name ids, so that the
//     app's elements, mounting beside the shell, are the only ones with their ids;
//   - `data-testid` attributes go, so that no test ever finds the shell instead of the app;
//   - everything but the editor's textarea is `inert`: a click there could only be lost;
// and puts it in `<div id="shell" class="shell">` after the <noscript>. The editor takes keys
// from the first paint: once typed into (or scrolled), shell.js shows its own text, and the app
// takes its text, selection, focus and scroll over when it takes the shell's place
// (crates/web/src/shell.rs, `Typed`). style.css shows the shell only under `<html data-shell>`,
// which shell.js sets for a new visitor. Running the script again replaces the shell.
//
// Usage: node scripts/prerender.mjs [DIST]    (default: dist/ at the repository root)

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../e2e/server.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const BEGIN = "<!-- the shell: scripts/prerender.mjs -->";
const END = "<!-- end of the shell -->";
const SHELL = new RegExp(`\\n?\\s*${BEGIN}[\\s\\S]*?${END}`);
const NOSCRIPT = /<noscript>[\s\S]*?<\/noscript>/;

/** The first view of the page at `url`, copied as described above. */
async function snapshot(url) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 }, serviceWorkers: "block" });
    // the texts stay on their way, as they are when the app first draws
    await context.route(/\/library-[0-9a-f]+\.txt$/, () => {});
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName("ordinal:analysis-rendered").length > 0 && document.querySelector(".app"), null, { timeout: 60_000 });
    if (errors.length) throw new Error(`the page failed: ${errors.join("; ")}`);
    return await page.evaluate(() => {
      const app = document.querySelector(".app").cloneNode(true);
      const live = document.querySelectorAll(".app textarea");
      app.querySelectorAll("textarea").forEach((ta, i) => (ta.textContent = live[i].value));
      // everything is inert but the editor's textarea: what is around it, on each level up
      const editor = app.querySelector("textarea#editor");
      if (!editor) throw new Error("the first view has no textarea#editor");
      for (let el = editor; el !== app; el = el.parentElement) {
        for (const sibling of el.parentElement.children) if (sibling !== el) sibling.setAttribute("inert", "");
      }
      const prefix = (v) => `shell-${v}`;
      for (const el of app.querySelectorAll("*")) {
        if (el.id) el.id = prefix(el.id);
        for (const name of ["for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant", "list"]) {
          const v = el.getAttribute(name);
          if (v) el.setAttribute(name, v.split(/\s+/).map(prefix).join(" "));
        }
        const href = el.getAttribute("href");
        if (href?.startsWith("#")) el.setAttribute("href", `#${prefix(href.slice(1))}`);
        el.removeAttribute("data-testid");
      }
      return app.outerHTML;
    });
  } finally {
    await browser.close();
  }
}

/** Writes the shell into `dist`'s index.html; returns its size in bytes. */
export async function prerender(dist) {
  const indexPath = join(dist, "index.html");
  const original = readFileSync(indexPath, "utf8");
  // the copy is of the page without a shell
  const bare = original.replace(SHELL, "");
  writeFileSync(indexPath, bare);
  const server = await serve(dist, "/ordinal/");
  let app;
  try {
    app = await snapshot(server.url);
  } catch (e) {
    writeFileSync(indexPath, original);
    throw e;
  } finally {
    await server.close();
  }
  if (/<script\b|\son[a-z]+\s*=/i.test(app)) throw new Error("the shell holds a script or an event handler");
  const shell = `${BEGIN}<div id="shell" class="shell">${app}</div>${END}`;
  if (!NOSCRIPT.test(bare)) throw new Error(`${indexPath}: no <noscript> to put the shell after`);
  writeFileSync(indexPath, bare.replace(NOSCRIPT, (m) => `${m}\n    ${shell}`));
  return shell.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? join(ROOT, "dist");
  if (!existsSync(join(dist, "index.html"))) {
    console.error(`prerender: no ${dist}/index.html`);
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`prerender: no Chromium at ${CHROMIUM} to take the shell with: run \`make setup\` (it installs Debian's chromium), or set CHROMIUM`);
    process.exit(1);
  }
  const bytes = await prerender(dist);
  console.log(`prerender: the shell of the first view in index.html (${(bytes / 1024).toFixed(1)} KiB before compression)`);
}
