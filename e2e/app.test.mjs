// End-to-end tests of the first slice: the page opens on the guide's example, explains the
// field under the caret as the user types, reports syntax errors, keeps positions right after
// non-ASCII text, autosaves, loads from a sub-path without any other host, and fits a phone
// and the dark scheme. Set-up and helpers: helpers.mjs. Screenshots go to docs/screenshots/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { caretAt, editor, expectField, fieldTitle, openPage, positionOf, setUp, shot, t, BASE } from "./helpers.mjs";

const IMAGE = "StatefulSet spec.template.spec.containers[0].image";

setUp();

describe("ordinal in a browser", () => {
  test("opens on the guide's example and explains the field under the cursor as the user types", async () => {
    assert.equal(await t.page.title(), "ordinal — learn Kubernetes StatefulSets");
    assert.match(await t.page.locator("header").textContent(), /ordinal/);
    const text = await editor().inputValue();
    assert.match(text, /^apiVersion: v1\nkind: Service\n/);
    assert.match(text, /\n---\napiVersion: apps\/v1\nkind: StatefulSet\n/);
    await expectField("Service apiVersion", "Line 1, column 1");
    assert.match(await t.page.locator(".documents").textContent(), /Document 1: Service.*Document 2: StatefulSet/);

    // Type into the image's value: the page explains the image field.
    await caretAt("image: postgres", "image: ".length);
    await t.page.keyboard.type("docker.io/library/");
    assert.match(await editor().inputValue(), /image: docker\.io\/library\/postgres:13-alpine\n/);
    await expectField(IMAGE, await positionOf("image: "));
    assert.equal(await t.page.locator(".api-version").textContent(), "apps/v1");

    // Arrow keys move the caret; the explanation follows it.
    await t.page.keyboard.press("End");
    await t.page.keyboard.press("ArrowUp");
    await expectField("StatefulSet spec.template.spec.containers[0].name", await positionOf("name: postgres"));
    await t.page.keyboard.press("ArrowDown");
    await expectField(IMAGE, await positionOf("image: "));

    await shot("slice-desktop");
  });

  test("a syntax error shows its message, line and column, and the last good analysis stays", async () => {
    await caretAt("replicas: 3", "replicas: ".length);
    await expectField("StatefulSet spec.replicas", await positionOf("replicas: "));

    await t.page.keyboard.type("[");
    const error = t.page.locator("[data-testid=syntax-error]");
    await error.waitFor();
    const [, line] = (await t.page.locator("[data-testid=error-position]").textContent()).match(/^line (\d+), column \d+$/);
    // The gutter marks the same line.
    assert.equal(await t.page.locator(".gutter-line.is-error").textContent(), line);
    assert.ok((await t.page.locator("[data-testid=error-message]").textContent()).trim().length > 0);
    // The last good analysis is still on screen, marked as such.
    assert.equal(await fieldTitle().textContent(), "StatefulSet spec.replicas");
    assert.equal(await t.page.locator("[data-testid=field].is-stale").count(), 1);
    await shot("slice-syntax-error");

    // Undoing the typo clears the error.
    await t.page.keyboard.press("Backspace");
    await error.waitFor({ state: "detached" });
    assert.equal(await t.page.locator("[data-testid=field].is-stale").count(), 0);
    await expectField("StatefulSet spec.replicas", await positionOf("replicas: "));
  });

  test("positions stay right after non-ASCII text (UTF-16 caret, UTF-8 text)", async () => {
    await caretAt("apiVersion: v1");
    // é: 2 bytes, 1 UTF-16 unit. ☸: 3 bytes, 1 unit. 😀: 4 bytes, 2 units.
    await t.page.keyboard.type("# Démo ☸ 😀\n");
    await expectField("Service apiVersion", "Line 2, column 1");
    await t.page.keyboard.press("ArrowDown");
    await expectField("Service kind", "Line 3, column 1");
    await caretAt("name: recovery-demo-headless", "name: recovery".length);
    await t.page.keyboard.type("-é😀");
    await caretAt("namespace: scenarios");
    await expectField("Service metadata.namespace", await positionOf("namespace: scenarios"));
    // A key after non-ASCII text on its own line: its column counts characters, not bytes
    // (app is at character 25, byte 29, UTF-16 unit 26).
    await t.page.keyboard.press("End");
    await t.page.keyboard.press("Enter");
    // Enter keeps the indentation of the line above
    await t.page.keyboard.type('labels: {tier: "dé😀", app: db}');
    await caretAt("app: db", 1);
    const position = await positionOf("app: db");
    assert.match(position, /, column 25$/);
    await expectField("Service metadata.labels.app", position);
  });

  test("the text is autosaved and restored on reload", async () => {
    await caretAt("apiVersion: v1");
    await t.page.keyboard.type("# my notes\n");
    await caretAt("replicas: 3", "replicas: ".length);
    await t.page.keyboard.type("[");
    await t.page.locator("[data-testid=syntax-error]").waitFor();
    const typed = await editor().inputValue();

    await t.page.reload();
    await t.page.locator("[data-testid=syntax-error]").waitFor();
    assert.equal(await editor().inputValue(), typed);
    assert.equal(await t.page.locator("[data-testid=save-status]").textContent(), "Saved in this browser");
  });

  test("the site loads from a sub-path and asks nothing of any other host", async () => {
    const wasm = t.server.requests.filter((p) => p.endsWith(".wasm"));
    assert.ok(wasm.length > 0, "the wasm module was loaded");
    for (const path of t.server.requests) {
      assert.ok(path.startsWith(BASE), `request outside the sub-path: ${path}`);
    }
  });

  test("fits a 390px phone and follows the dark colour scheme", async () => {
    await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = await t.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await caretAt("serviceName:", 2);
    await expectField("StatefulSet spec.serviceName", await positionOf("serviceName:"));
    await shot("slice-phone");
    await openPage({ colorScheme: "dark" });
    const background = await t.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(15, 18, 22)");
    await caretAt("image: postgres", 3);
    await expectField(IMAGE, await positionOf("image: "));
    await shot("slice-dark");
  });
});
