// Shared set-up of the end-to-end tests: the release `dist/`, served on 127.0.0.1 under a
// sub-path, in Debian's headless Chromium driven by playwright-core. Each test gets a fresh
// browser context (so a fresh localStorage); console errors, page errors and requests that
// leave 127.0.0.1 fail the test unless it expects them.

import { after, afterEach, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = process.env.DIST ?? join(ROOT, "dist");
export const SHOTS = join(ROOT, "docs", "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = (
  process.env.CHROME_FLAGS_LINE ??
  "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run " +
    "--disable-background-networking --disable-component-update --disable-sync"
).split(/\s+/);
// A sub-path, as on a static host that serves the site from a folder.
export const BASE = "/ordinal/demo/";

/** The test's world: `t.page`, `t.context`, `t.server`, `t.problems` (reset for every test). */
export const t = { server: null, browser: null, context: null, page: null, problems: [], expectErrors: false };

/** Registers the hooks: one server and browser per file, a fresh page per test. */
export function setUp({ openEach = true } = {}) {
  before(async () => {
    assert.ok(existsSync(join(DIST, "index.html")), `no ${DIST}/index.html: run \`make dist\` first`);
    mkdirSync(SHOTS, { recursive: true });
    t.server = await serve(DIST, BASE);
    // playwright gives every launch a fresh, empty profile (--user-data-dir) of its own.
    t.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 60_000 });
  });
  after(async () => {
    await t.browser?.close();
    await t.server?.close();
  });
  if (openEach) beforeEach(() => openPage());
  afterEach(async () => {
    await t.context?.close();
    t.context = null;
    const problems = t.expectErrors ? t.problems.filter((p) => p.startsWith("request") || p.startsWith("csp")) : t.problems;
    t.expectErrors = false;
    assert.deepEqual(problems, []);
  });
}

/**
 * Makes every Content-Security-Policy violation in `context`'s pages a problem of the test
 * (`t.problems`)
 * (Chromium also logs most of them as console errors; the event catches all of them, with the
 * directive that refused).
 */
export async function reportCspViolations(context) {
  await context.exposeBinding("__ordinalCspViolation", (_source, what) => t.problems.push(`csp violation: ${what}`));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__ordinalCspViolation(`${e.effectiveDirective} refused ${e.blockedURI || "inline code"} (${e.sourceFile || "page"}:${e.lineNumber})`);
    });
  });
}

/**
 * Opens the page in a fresh context (options for `browser.newContext`), at `query` if given;
 * `prepare(context)` runs before the page is asked for (routes a test needs from the start).
 */
export async function openPage(options = {}, query = "", prepare = null) {
  if (t.context) {
    await t.context.close();
    assert.deepEqual(t.expectErrors ? [] : t.problems, [], "problems on the page before");
  }
  t.context = await t.browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  t.context.setDefaultTimeout(15_000);
  t.problems = [];
  await t.context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    t.problems.push(`request left localhost: ${url.href}`);
    return route.abort();
  });
  await reportCspViolations(t.context);
  if (prepare) await prepare(t.context);
  t.page = await t.context.newPage();
  t.page.on("console", (msg) => msg.type() === "error" && t.problems.push(`console error: ${msg.text()}`));
  t.page.on("pageerror", (err) => t.problems.push(`page error: ${err.message}`));
  await t.page.goto(t.server.url + query);
  await t.page.locator("[data-testid=field-title]").waitFor();
  // the texts the first module fetches once the editor shows (crates/web/src/texts.rs)
  await t.page.waitForFunction(() => document.body.dataset.texts && document.body.dataset.texts !== "loading");
  return t.page;
}

export const editor = () => t.page.locator("textarea#editor");
export const fieldTitle = () => t.page.locator("[data-testid=field-title]");
export const fieldPosition = () => t.page.locator("[data-testid=field-position]");

/** Puts the caret `delta` characters after the start of the first `needle` in the editor. */
export async function caretAt(needle, delta = 0, length = 0) {
  await editor().focus();
  await editor().evaluate(
    (el, [needle, delta, length]) => {
      const at = el.value.indexOf(needle);
      if (at < 0) throw new Error(`not in the editor: ${needle}`);
      el.setSelectionRange(at + delta, at + delta + length);
    },
    [needle, delta, length],
  );
}

/** The 1-based line of the first `needle` in the editor's text. */
export async function lineOf(needle) {
  const text = await editor().inputValue();
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `not in the editor: ${needle}`);
  return text.slice(0, at).split("\n").length;
}

/**
 * "Line L, column C" of the first `needle` in the editor's text, 1-based, columns in
 * characters: what the page must show for the field whose key starts there.
 */
export async function positionOf(needle) {
  const text = await editor().inputValue();
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `not in the editor: ${needle}`);
  const before = text.slice(0, at).split("\n");
  return `Line ${before.length}, column ${[...before.at(-1)].length + 1}`;
}

export async function expectField(title, position) {
  await t.page
    .waitForFunction(
      ([title, position]) =>
        document.querySelector("[data-testid=field-title]")?.textContent === title &&
        (position === undefined || document.querySelector("[data-testid=field-position]")?.textContent === position),
      [title, position],
      { timeout: 5_000 },
    )
    .catch(() => {});
  assert.equal(await fieldTitle().textContent(), title);
  if (position !== undefined) assert.equal(await fieldPosition().textContent(), position);
}

/** Replaces the whole text as a paste would (one input event). */
export async function setText(text) {
  await editor().evaluate((el, text) => {
    el.focus();
    el.select();
    document.execCommand("insertText", false, text);
  }, text);
}

/** Selects a side-panel tab by its label. */
export async function openTab(name) {
  await t.page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
}

/** Saves a screenshot to docs/screenshots/NAME.png. */
export async function shot(name) {
  await t.page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Types a command in the Cluster tab's terminal, waits for its echo, and returns the screen. */
export async function runInTerminal(command) {
  await t.page.locator("[data-testid=cl-tab-terminal]").click();
  const input = t.page.locator("[data-testid=cl-term-input]");
  await input.fill(command);
  await input.press("Enter");
  await t.page.locator(".cl-term-line.is-command", { hasText: command }).last().waitFor();
  return t.page.locator("[data-testid=cl-term-screen]").innerText();
}
