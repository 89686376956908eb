// The first load (issue 19; ARCHITECTURE.md, "The first load"): the page ships as two modules.
// The first shows the editor, its explanation, its findings and the concepts; the second (the
// simulator, the comparison, the lessons, the checklist) is fetched after the first paint or
// when a tab needs it, and takes the page over with the same text, caret and tab.
// - the first module works alone: with the second one unreachable, the editor's views work,
//   a tab of the second says why it cannot open and opens once it can;
// - each tab of the second module opens on a cold cache, keeping what the learner wrote, and
//   again after an offline reload;
// - a share link loads the second module without starting the first one;
// - the texts the first module leaves out (the upstream descriptions, the rules' explanations)
//   arrive once the editor shows; when they cannot, the panels say so and try again on request;
// - a new visitor sees the shell (scripts/prerender.mjs) before any WebAssembly has arrived,
//   and the app takes its place with the same view; a returning visitor and a share link never
//   see it.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { editor, expectField, openPage, openTab, setText, setUp, shot, t } from "./helpers.mjs";

setUp({ openEach: false });

/** The panel each tab of the second module shows once it has loaded. */
const SECOND = [
  ["Cluster", "[data-testid=cluster]"],
  ["Compare", "[data-testid=compare-start]"],
  ["Lessons", "[data-testid=lessons]"],
  ["Checklist", "#teach-checklist"],
];

const isSecond = (path) => /\/(ordinal-lab-[0-9a-f]+(_bg\.wasm|\.js)|(cluster|teach)-[0-9a-f]+\.css)$/.test(path);

/** Opens the page as a new visitor (nothing saved) with the first module's wasm held back;
 * returns the function that lets it through. */
async function asNewVisitorWithTheWasmHeldBack() {
  let holding = false;
  let release;
  const held = new Promise((r) => (release = r));
  await openPage({ serviceWorkers: "block" }, "", (context) =>
    context.route(/ordinal-web-[0-9a-f]+_bg\.wasm$/, async (route) => {
      if (holding) await held;
      await route.continue();
    }),
  );
  await t.page.evaluate(() => localStorage.clear());
  holding = true;
  await t.page.reload();
  return release;
}

describe("the first load", () => {
  test("the first module works alone; a tab of the second says why it cannot open, then opens", async () => {
    // the second module's files cannot be reached (a network that dropped, a proxy that
    // refuses), from the start: no service worker has them
    let blocked = true;
    await openPage({ serviceWorkers: "block" }, "", (context) =>
      context.route(/ordinal-lab-|\/(cluster|teach)-[0-9a-f]+\.css/, (route) => (blocked ? route.abort() : route.continue())),
    );
    t.expectErrors = true;
    // no apiVersion: a finding
    await setText("kind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n");
    await editor().evaluate((el) => el.setSelectionRange(el.value.indexOf("clusterIP"), el.value.indexOf("clusterIP")));
    await expectField("Service spec.clusterIP");
    await openTab("Problems");
    await t.page.locator("[data-testid=findings-count]").filter({ hasText: /^\d+ findings?: / }).waitFor();
    assert.match(await t.page.locator("#side-panel").textContent(), /apiVersion/);
    await openTab("Concepts");
    await openTab("Cluster");
    const failed = t.page.getByTestId("lab-failed");
    await failed.waitFor();
    assert.match(await failed.textContent(), /^The cluster simulator could not be loaded: .+\.\s*The editor and its explanations keep working\./);
    await shot("first-load-second-module-unreachable");
    // the network is back: Try again
    blocked = false;
    await failed.getByRole("button", { name: "Try again" }).click();
    await t.page.locator("[data-testid=cluster]").waitFor();
    assert.match(await editor().inputValue(), /clusterIP: None/, "the text the learner wrote");
    assert.equal(await t.page.getByRole("tab", { name: "Cluster" }).getAttribute("aria-selected"), "true");
  });

  for (const [tab, panel] of SECOND) {
    test(`on a cold cache, the ${tab} tab loads the second module and keeps the text, the caret and the tab`, async () => {
      await openPage();
      const before = [...t.server.requests];
      assert.ok(before.some((p) => /\/ordinal-web-[0-9a-f]+_bg\.wasm$/.test(p)), before.join("\n"));
      await setText(`${await editor().inputValue()}# edited before the ${tab} tab\n`);
      await editor().evaluate((el) => {
        const at = el.value.indexOf("serviceName");
        el.setSelectionRange(at, at);
      });
      await expectField("StatefulSet spec.serviceName");
      await t.page.getByRole("tab", { name: new RegExp(`^${tab}`) }).click();
      await t.page.locator(panel).first().waitFor();
      assert.ok(t.server.requests.some(isSecond), "the second module was fetched");
      assert.match(await editor().inputValue(), new RegExp(`# edited before the ${tab} tab\\n$`));
      assert.equal(await t.page.getByRole("tab", { name: new RegExp(`^${tab}`) }).getAttribute("aria-selected"), "true");
      assert.equal(await t.page.evaluate(() => document.activeElement?.id), `tab-${tab.toLowerCase()}`, "the focus stays on the tab");
      const caret = await editor().evaluate((el) => el.value.slice(el.selectionStart, el.selectionStart + 11));
      assert.equal(caret, "serviceName");
      await openTab("Explain");
      await expectField("StatefulSet spec.serviceName");
    });
  }

  test("the texts arrive once the editor shows; a failure says so, and Try again fetches them", async () => {
    let blocked = true;
    await openPage({ serviceWorkers: "block" }, "", (context) =>
      context.route(/\/library-[0-9a-f]+\.txt$/, (route) => (blocked ? route.abort() : route.continue())),
    );
    t.expectErrors = true;
    // the guide's text has findings: a rule's explanation cannot be shown yet
    await openTab("Problems");
    const first = t.page.locator("[data-testid=problems] > li.problem").first();
    await first.getByRole("button", { name: "Why?" }).click();
    await first.locator(".texts-pending").filter({ hasText: /^The rule's explanation could not be loaded \(.+\)\. Try again$/ }).waitFor();
    await openTab("Explain");
    await setText("apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  sessionAffinity: None\n  selector:\n    app: db\n  ports:\n  - port: 5432\n");
    await editor().evaluate((el) => el.setSelectionRange(el.value.indexOf("sessionAffinity"), el.value.indexOf("sessionAffinity")));
    await expectField("Service spec.sessionAffinity");
    const pending = t.page.locator(".texts-pending");
    await pending.filter({ hasText: /could not be loaded/ }).waitFor();
    assert.match(await pending.textContent(), /^The explanation could not be loaded \(.+\)\. Try again$/);
    assert.equal(await t.page.getByTestId("field-summary").textContent(), "A field of type string.");
    await shot("first-load-texts-unreachable");
    blocked = false;
    await pending.getByRole("button", { name: "Try again" }).click();
    await t.page.getByTestId("field-summary").filter({ hasText: /^Supports "ClientIP" and "None"/ }).waitFor();
    assert.equal(await pending.count(), 0);
    await shot("first-load-texts-arrived");
    // and the rules' explanations came with them
    // no apiVersion: a finding
    await setText("kind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n");
    await openTab("Problems");
    await first.getByRole("button", { name: "Why?" }).click();
    assert.match(await first.locator(".rule-doc").textContent(), /What it does/);
    assert.ok(t.server.requests.some((p) => /\/library-[0-9a-f]+\.txt$/.test(p)), "the texts were fetched");
  });

  test("after one visit, an offline reload opens every tab", async () => {
    await openPage();
    await t.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    await t.context.setOffline(true);
    // the texts come from the service worker's cache
    await t.page.reload();
    await setText("apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  sessionAffinity: None\n");
    await editor().evaluate((el) => el.setSelectionRange(el.value.indexOf("sessionAffinity"), el.value.indexOf("sessionAffinity")));
    await t.page.getByTestId("field-summary").filter({ hasText: /^Supports "ClientIP" and "None"/ }).waitFor();
    for (const [tab, panel] of SECOND) {
      await t.page.reload();
      await t.page.locator("[data-testid=field-title]").waitFor();
      await openTab(tab);
      await t.page.locator(panel).first().waitFor();
    }
    await t.context.setOffline(false);
  });

  test("a share link starts the second module only", async () => {
    await openPage();
    await openTab("Lessons");
    await t.page.locator("[data-testid=lessons]").waitFor();
    await t.page.getByTestId("share").click();
    const link = await t.page.getByTestId("share-link").inputValue();
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const from = t.server.requests.length;
    await page.goto(link);
    await page.locator("[data-testid=lessons], [data-testid=lesson]").first().waitFor();
    const asked = t.server.requests.slice(from);
    assert.ok(asked.some(isSecond), asked.join("\n"));
    // the first module never started
    assert.equal(await page.evaluate(() => typeof window.wasmBindings), "undefined", "the first module was started");
    await context.close();
  });

  test("a share link made in the first module carries the text", async () => {
    await openPage();
    await setText("apiVersion: v1\nkind: Service\nmetadata:\n  name: shared-from-the-first-module\n");
    await t.page.getByTestId("share").click();
    const popover = t.page.getByTestId("share-popover");
    assert.match(await popover.textContent(), /^A link to this text \(\d+ characters\)/);
    const link = await t.page.getByTestId("share-link").inputValue();
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(link);
    await page.locator("textarea#editor").waitFor();
    await page.waitForFunction(() => document.querySelector("textarea#editor")?.value.includes("shared-from-the-first-module"));
    await context.close();
  });

  test("a new visitor sees the first view before the wasm arrives; the app takes its place", async () => {
    const release = await asNewVisitorWithTheWasmHeldBack();
    const page = t.page;
    const shell = page.locator("#shell");
    await shell.waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-shell")), true);
    // what the app shows first: the guide's manifest, the explanation of its first field, the findings
    assert.match(await shell.locator("textarea").inputValue(), /^apiVersion: v1\nkind: Service/);
    assert.match(await shell.locator("p.summary").textContent(), /Services belong to the core Kubernetes API/);
    assert.match(await shell.locator(".findings-count").textContent(), /^\d+ findings?/);
    // only its editor can be used, and nothing in it takes an id or a test id of the app's
    assert.equal(await shell.getAttribute("inert"), null);
    assert.equal(await page.locator("#shell-editor").evaluate((el) => el.closest("[inert]") === null), true);
    for (const part of [".app-header", "[role=tablist]", "p.summary", ".gutter", ".overlay"]) {
      assert.equal(await shell.locator(part).first().evaluate((el) => el.closest("[inert]") !== null), true, `${part} is inert`);
    }
    assert.equal(await page.locator("#shell [data-testid]").count(), 0);
    assert.equal(await page.locator("#shell [id]:not([id^=shell-])").count(), 0);
    assert.equal(await page.evaluate(() => typeof window.wasmBindings), "undefined");
    await shot("first-load-shell");
    release();
    await page.locator("[data-testid=field-title]").waitFor();
    await page.waitForFunction(() => !document.getElementById("shell") && !document.querySelector("[data-mounting]"));
    assert.equal(await page.locator("textarea#editor").count(), 1);
    assert.match(await page.locator("p.summary").textContent(), /Services belong to the core Kubernetes API/);
    await page.locator("textarea#editor").focus();
    await page.keyboard.type("# mine\n");
    await page.waitForFunction(() => document.querySelector("textarea#editor").value.startsWith("# mine\n"));

    // the same visitor, back: their text, and no shell
    await page.reload();
    await page.waitForFunction(() => document.querySelector("textarea#editor")?.value.startsWith("# mine\n"));
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-shell")), false);
    assert.equal(await page.locator("#shell").isVisible(), false);
  });

  test("the shell's editor takes keys before the wasm arrives; the app takes them over, caret and focus too", async () => {
    const release = await asNewVisitorWithTheWasmHeldBack();
    const page = t.page;
    const typed = page.locator("#shell-editor");
    await typed.waitFor();
    // a learner starts at once: a comment above the manifest, typed into the shell
    await typed.click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.type("# my notes\n");
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-shell-typed")), true);
    // its own text shows, not the highlighted copy that no longer matches
    const look = await typed.evaluate((el) => ({ color: getComputedStyle(el).color, overlay: getComputedStyle(el.parentElement.querySelector(".overlay")).visibility }));
    assert.notEqual(look.color, "rgba(0, 0, 0, 0)");
    assert.equal(look.overlay, "hidden");
    await shot("first-load-shell-typed");
    assert.equal(await page.evaluate(() => typeof window.wasmBindings), "undefined", "the app is not there yet");
    release();
    await page.waitForFunction(() => !document.getElementById("shell") && !document.querySelector("[data-mounting]"));
    // the app has the text, the caret after what was typed, and the focus
    const app = await page.evaluate(() => {
      const el = document.querySelector("textarea#editor");
      return { value: el.value, caret: el.selectionStart, focused: document.activeElement === el };
    });
    assert.ok(app.value.startsWith("# my notes\napiVersion: v1\n"), app.value.slice(0, 40));
    assert.equal(app.caret, "# my notes\n".length);
    assert.equal(app.focused, true);
    // typing goes on in the app, where the analysis follows the text
    await page.keyboard.type("# more\n");
    await page.waitForFunction(() => document.querySelector("textarea#editor").value.startsWith("# my notes\n# more\napiVersion"));
    await page.waitForFunction(() => /^\d+ findings?/.test(document.querySelector(".findings-count")?.textContent ?? ""));
    // and it is saved: back again, the text is there, without a shell
    await page.reload();
    await page.waitForFunction(() => document.querySelector("textarea#editor")?.value.startsWith("# my notes\n# more\n"));
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-shell")), false);
  });
});
