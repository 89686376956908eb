// End-to-end tests: the release `dist/`, served on 127.0.0.1 under a sub-path, in Debian's
// headless Chromium driven by playwright-core. Run by `make test-e2e` (after `make dist`).
//
// Each test gets a fresh browser context (so a fresh localStorage), types into the editor
// with the keyboard as a user would, and reads what the page shows. Screenshots go to
// docs/screenshots/.

import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = process.env.DIST ?? join(ROOT, "dist");
const SHOTS = join(ROOT, "docs", "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = (
  process.env.CHROME_FLAGS_LINE ??
  "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run " +
    "--disable-background-networking --disable-component-update --disable-sync"
).split(/\s+/);
// A sub-path, as on a static host that serves the site from a folder.
const BASE = "/ordinal/demo/";

const IMAGE = "StatefulSet spec.template.spec.containers[0].image";

let server;
let browser;
let context;
let page;
let problems; // console errors, page errors and requests that left 127.0.0.1

before(async () => {
  assert.ok(existsSync(join(DIST, "index.html")), `no ${DIST}/index.html: run \`make dist\` first`);
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(DIST, BASE);
  // playwright gives every launch a fresh, empty profile (--user-data-dir) of its own.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(options = {}) {
  context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  context.setDefaultTimeout(15_000);
  problems = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    problems.push(`request left localhost: ${url.href}`);
    return route.abort();
  });
  page = await context.newPage();
  page.on("console", (msg) => msg.type() === "error" && problems.push(`console error: ${msg.text()}`));
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  await page.goto(server.url);
  await page.locator("[data-testid=field-title]").waitFor();
  return page;
}

beforeEach(() => openPage());

afterEach(async () => {
  await context?.close();
  assert.deepEqual(problems, []);
});

const editor = () => page.locator("textarea#editor");
const fieldTitle = () => page.locator("[data-testid=field-title]");
const fieldPosition = () => page.locator("[data-testid=field-position]");

/** Puts the caret `delta` characters after the start of the first `needle` in the editor. */
async function caretAt(needle, delta = 0) {
  await editor().focus();
  await editor().evaluate(
    (el, [needle, delta]) => {
      const at = el.value.indexOf(needle);
      if (at < 0) throw new Error(`not in the editor: ${needle}`);
      el.setSelectionRange(at + delta, at + delta);
    },
    [needle, delta],
  );
}

/**
 * "Line L, column C" of the first `needle` in the editor's text, 1-based, columns in
 * characters: what the page must show for the field whose key starts there.
 */
async function positionOf(needle) {
  const text = await editor().inputValue();
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `not in the editor: ${needle}`);
  const before = text.slice(0, at).split("\n");
  return `Line ${before.length}, column ${[...before.at(-1)].length + 1}`;
}

async function expectField(title, position) {
  await page.waitForFunction(
    ([title, position]) =>
      document.querySelector("[data-testid=field-title]")?.textContent === title &&
      document.querySelector("[data-testid=field-position]")?.textContent === position,
    [title, position],
    { timeout: 5_000 },
  ).catch(() => {});
  assert.equal(await fieldTitle().textContent(), title);
  assert.equal(await fieldPosition().textContent(), position);
}

describe("ordinal in a browser", () => {
  test("opens on the guide's example and explains the field under the cursor as the user types", async () => {
    assert.equal(await page.title(), "ordinal — learn Kubernetes StatefulSets");
    assert.match(await page.locator("header").textContent(), /ordinal/);
    const text = await editor().inputValue();
    assert.match(text, /^apiVersion: v1\nkind: Service\n/);
    assert.match(text, /\n---\napiVersion: apps\/v1\nkind: StatefulSet\n/);
    await expectField("Service apiVersion", "Line 1, column 1");
    assert.match(await page.locator(".documents").textContent(), /Document 1: Service.*Document 2: StatefulSet/);

    // Type into the image's value: the page explains the image field.
    await caretAt("image: postgres", "image: ".length);
    await page.keyboard.type("docker.io/library/");
    assert.match(await editor().inputValue(), /image: docker\.io\/library\/postgres:13-alpine\n/);
    await expectField(IMAGE, await positionOf("image: "));
    assert.equal(await page.locator(".field-facts").getByText("apps/v1").count(), 1);

    // Arrow keys move the caret; the explanation follows it.
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowUp");
    await expectField("StatefulSet spec.template.spec.containers[0].name", await positionOf("name: postgres"));
    await page.keyboard.press("ArrowDown");
    await expectField(IMAGE, await positionOf("image: "));

    await page.screenshot({ path: join(SHOTS, "slice-desktop.png") });
  });

  test("a syntax error shows its message, line and column, and the last good analysis stays", async () => {
    await caretAt("replicas: 3", "replicas: ".length);
    await expectField("StatefulSet spec.replicas", await positionOf("replicas: "));

    await page.keyboard.type("[");
    const error = page.locator("[data-testid=syntax-error]");
    await error.waitFor();
    const [, line] = (await page.locator("[data-testid=error-position]").textContent()).match(/^line (\d+), column \d+$/);
    // The gutter marks the same line.
    assert.equal(await page.locator(".gutter-line.is-error").textContent(), line);
    assert.ok((await page.locator("[data-testid=error-message]").textContent()).trim().length > 0);
    // The last good analysis is still on screen, marked as such.
    assert.equal(await fieldTitle().textContent(), "StatefulSet spec.replicas");
    assert.equal(await page.locator("[data-testid=field].is-stale").count(), 1);
    await page.screenshot({ path: join(SHOTS, "slice-syntax-error.png") });

    // Undoing the typo clears the error.
    await page.keyboard.press("Backspace");
    await error.waitFor({ state: "detached" });
    assert.equal(await page.locator("[data-testid=field].is-stale").count(), 0);
    await expectField("StatefulSet spec.replicas", await positionOf("replicas: "));
  });

  test("positions stay right after non-ASCII text (UTF-16 caret, UTF-8 text)", async () => {
    await caretAt("apiVersion: v1");
    // é: 2 bytes, 1 UTF-16 unit. ☸: 3 bytes, 1 unit. 😀: 4 bytes, 2 units.
    await page.keyboard.type("# Démo ☸ 😀\n");
    await expectField("Service apiVersion", "Line 2, column 1");
    await page.keyboard.press("ArrowDown");
    await expectField("Service kind", "Line 3, column 1");
    await caretAt("name: recovery-demo-headless", "name: recovery".length);
    await page.keyboard.type("-é😀");
    await caretAt("namespace: scenarios");
    await expectField("Service metadata.namespace", await positionOf("namespace: scenarios"));
    // A key after non-ASCII text on its own line: its column counts characters, not bytes
    // (app is at character 25, byte 29, UTF-16 unit 26).
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('  labels: {tier: "dé😀", app: db}');
    await caretAt("app: db", 1);
    const position = await positionOf("app: db");
    assert.match(position, /, column 25$/);
    await expectField("Service metadata.labels.app", position);
  });

  test("the text is autosaved and restored on reload", async () => {
    await caretAt("apiVersion: v1");
    await page.keyboard.type("# my notes\n");
    await caretAt("replicas: 3", "replicas: ".length);
    await page.keyboard.type("[");
    await page.locator("[data-testid=syntax-error]").waitFor();
    const typed = await editor().inputValue();

    await page.reload();
    await page.locator("[data-testid=syntax-error]").waitFor();
    assert.equal(await editor().inputValue(), typed);
    assert.equal(await page.locator("[data-testid=save-status]").textContent(), "Saved in this browser");
  });

  test("the site loads from a sub-path and asks nothing of any other host", async () => {
    const wasm = server.requests.filter((p) => p.endsWith(".wasm"));
    assert.ok(wasm.length > 0, "the wasm module was loaded");
    for (const path of server.requests) {
      assert.ok(path.startsWith(BASE), `request outside the sub-path: ${path}`);
    }
  });

  test("fits a 390px phone and follows the dark colour scheme", async () => {
    assert.deepEqual(problems, []);
    await context.close();
    await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await caretAt("serviceName:", 2);
    await expectField("StatefulSet spec.serviceName", await positionOf("serviceName:"));
    await page.screenshot({ path: join(SHOTS, "slice-phone.png") });
    assert.deepEqual(problems, []);
    await context.close();

    await openPage({ colorScheme: "dark" });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(15, 18, 22)");
    await caretAt("image: postgres", 3);
    await expectField(IMAGE, await positionOf("image: "));
    await page.screenshot({ path: join(SHOTS, "slice-dark.png") });
  });
});
