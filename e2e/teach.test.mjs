// End-to-end tests of teaching a class: lesson 3 completed by doing its actions, a share link
// opened in a fresh browser profile, damaged links that leave the saved text alone, the
// production checklist, presenter mode at 1280×720, and the app working offline.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { editor, openTab, setUp, shot, t } from "./helpers.mjs";

setUp();

const check = () => t.page.locator("[data-testid=step-check]");
const lesson = () => t.page.locator("[data-testid=lesson]");

/** Waits until the open step's check shows ✔. */
async function waitDone(timeout = 30_000) {
  await t.page.waitForFunction(() => document.querySelector("[data-testid=step-check]")?.dataset.done === "true", null, { timeout });
}

async function next() {
  const step = Number(await lesson().getAttribute("data-step"));
  await t.page.getByTestId("next").click();
  await t.page.waitForFunction((s) => document.querySelector("[data-testid=lesson]")?.dataset.step === String(s), step + 1);
}

async function openLesson(id) {
  await openTab("Lessons");
  await t.page.getByTestId(`open-lesson-${id}`).click();
  await lesson().waitFor();
  assert.equal(await lesson().getAttribute("data-lesson"), id);
}

async function runInLab(command) {
  await t.page.getByTestId("lab-input").fill(command);
  await t.page.getByTestId("lab-input").press("Enter");
}

/** Inserts text before the first `needle` of the editor, as a paste does. */
async function insertBefore(needle, text) {
  await editor().evaluate(
    (el, [needle, text]) => {
      const at = el.value.indexOf(needle);
      if (at < 0) throw new Error(`not in the editor: ${needle}`);
      el.focus();
      el.setSelectionRange(at, at);
      document.execCommand("insertText", false, text);
    },
    [needle, text],
  );
}

/**
 * Opens `url` in a new browser context (a new, empty profile: no saved text, no storage), with
 * the same guards as every test: console errors and requests that leave 127.0.0.1 are problems.
 * Unlike `openPage`, it waits for the lesson, which a share link opens instead of the explanation.
 */
async function openInFreshProfile(url) {
  assert.deepEqual(t.problems, [], "problems on the page before");
  await t.context.close();
  t.problems = [];
  const context = await t.browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.setDefaultTimeout(15_000);
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1") return route.continue();
    t.problems.push(`request left localhost: ${u.href}`);
    return route.abort();
  });
  t.context = context;
  t.page = await context.newPage();
  t.page.on("console", (msg) => msg.type() === "error" && t.problems.push(`console error: ${msg.text()}`));
  t.page.on("pageerror", (err) => t.problems.push(`page error: ${err.message}`));
  await t.page.goto(url);
  await lesson().waitFor();
}

/** Lesson 3 up to its third step: predicted, applied, the pods up in order. */
async function lesson3ToStep3() {
  await openLesson("ordered-creation");
  assert.match(await t.page.getByTestId("step-title").textContent(), /Three replicas, three ordinals/);
  await next();
  // the prediction comes first, and the action waits for it
  assert.match(await t.page.getByTestId("step-action").textContent(), /Make your prediction first/);
  await t.page.getByTestId("choice-1").click();
  assert.match(await t.page.getByTestId("reveal").textContent(), /^Right\./);
  assert.equal(await check().getAttribute("data-done"), "false");
  // the lab plays in real time for a class; a test has no class to wait for
  await t.page.getByTestId("lab-speed").selectOption("8");
  await t.page.getByTestId("lab-apply").click();
  // the pods appear one by one while the clock runs
  await t.page.locator(".lab #obj-pod-scenarios-recovery-demo-db-0").waitFor();
  assert.equal(await t.page.locator(".lab #obj-pod-scenarios-recovery-demo-db-2").count(), 0, "pod 2 waits for pods 0 and 1");
  await waitDone(60_000);
  assert.equal(await t.page.locator(".lab [data-testid=cl-pod][data-state='Ready 1/1']").count(), 3);
  await next();
}

describe("teaching a class", () => {
  test("lesson 3, ordered creation, completed by doing its actions", async () => {
    await lesson3ToStep3();
    // step 3: type a command in the lab's terminal
    assert.equal(await check().getAttribute("data-done"), "false");
    await runInLab("kubectl get pvc");
    await waitDone();
    assert.match(await t.page.getByTestId("lab-transcript").textContent(), /data-recovery-demo-db-2\s+Bound/);
    await next();
    // step 4: edit the manifest
    assert.equal(await check().getAttribute("data-done"), "false");
    await insertBefore(
      "        volumeMounts:",
      "        readinessProbe:\n          exec:\n            command: [\"pg_isready\", \"-U\", \"postgres\"]\n          periodSeconds: 5\n",
    );
    await waitDone();
    await shot("teach-lesson");
  });

  test("the lab's kubectl get pods -w follows the cluster live while a pod is clicked away", async () => {
    await lesson3ToStep3();
    const transcript = () => t.page.getByTestId("lab-transcript").textContent();
    await runInLab("kubectl get pods -w");
    await t.page.getByTestId("lab-watching").waitFor();
    // kubectl's initial list: the three pods as they are now, once
    assert.equal((await transcript()).match(/recovery-demo-db-\d\s+1\/1\s+Running/g)?.length, 3);
    await t.page.locator(".lab #obj-pod-scenarios-recovery-demo-db-0 [data-testid=cl-pod-delete]").click();
    // the click's delete, then the watch's lines as the pod terminates and comes back
    await t.page.waitForFunction(() => /recovery-demo-db-0\s+1\/1\s+Terminating/.test(document.querySelector("[data-testid=lab-transcript]").textContent));
    await t.page.waitForFunction(() => /recovery-demo-db-0\s+1\/1\s+Running[^\n]*$/.test([...document.querySelectorAll("[data-testid=lab-transcript] .lab-output")].pop().textContent.trim()), null, { timeout: 60_000 });
    const text = await transcript();
    assert.ok(text.indexOf('pod "recovery-demo-db-0" deleted') < text.indexOf("Terminating"), text);
    assert.match(text, /recovery-demo-db-0\s+0\/1\s+Pending/);
    assert.equal(text.match(/NAME\s+READY/g).length, 1, "the header once");
    await shot("lab-watch");
    // the next command stops it
    await runInLab("kubectl get sts");
    await t.page.getByTestId("lab-watching").waitFor({ state: "detached" });
  });

  test("a share link opens the same state in a fresh browser profile", async () => {
    await lesson3ToStep3();
    await runInLab("kubectl get pods");
    const text = await editor().inputValue();
    const clock = await t.page.getByTestId("lab-clock").textContent();
    const pods = await t.page.locator(".lab [data-testid=cl-pod]").evaluateAll((els) => els.map((e) => `${e.dataset.name} ${e.dataset.state}`));
    await t.page.getByTestId("share").click();
    const link = await t.page.getByTestId("share-link").inputValue();
    assert.ok(link.startsWith(t.server.url + "#share="), link);
    assert.ok(link.length < 4000, `the link is ${link.length} characters`);

    await openInFreshProfile(link);
    assert.equal(await lesson().getAttribute("data-lesson"), "ordered-creation");
    assert.equal(await lesson().getAttribute("data-step"), "2");
    assert.equal(await editor().inputValue(), text);
    assert.equal(await t.page.getByTestId("lab-clock").textContent(), clock);
    const again = await t.page.locator(".lab [data-testid=cl-pod]").evaluateAll((els) => els.map((e) => `${e.dataset.name} ${e.dataset.state}`));
    assert.deepEqual(again, pods);
    assert.match(await t.page.getByTestId("share-banner").textContent(), /lesson 3, “Ordered creation”, step 3/);
    // the link was read once: the address no longer carries it
    assert.ok(!t.page.url().includes("share="), t.page.url());
  });

  test("a link replaces the saved text recoverably; a damaged link leaves it alone", async () => {
    // the learner's own text, autosaved
    await editor().evaluate((el) => {
      el.focus();
      el.select();
      document.execCommand("insertText", false, "# my own notes\nkind: ConfigMap\n");
    });
    await t.page.waitForFunction(() => localStorage.getItem("ordinal.editor.text")?.includes("my own notes"));
    const mine = await editor().inputValue();

    // a damaged link: a clear message, the text untouched
    await t.page.goto(t.server.url + "#share=eJwrSS0u0c1JTU0B@@");
    await t.page.reload();
    await t.page.getByTestId("share-banner").waitFor();
    assert.match(await t.page.getByTestId("share-banner").textContent(), /This link is damaged \(unexpected character '@'.*Your own text is unchanged\./);
    assert.equal(await editor().inputValue(), mine);
    // a link too long to be one
    await t.page.goto(t.server.url + "#share=" + "A".repeat(70_000));
    await t.page.reload();
    await t.page.getByTestId("share-banner").waitFor();
    assert.match(await t.page.getByTestId("share-banner").textContent(), /This link is too long/);
    assert.equal(await editor().inputValue(), mine);

    // a good link replaces it, and offers it back
    await openTab("Lessons");
    await t.page.getByTestId("open-lesson-scaling").click();
    // the lesson asks before it replaces the learner's text
    await t.page.getByTestId("lesson-confirm-replace").click();
    const guide = await editor().inputValue();
    await t.page.getByTestId("share").click();
    const link = await t.page.getByTestId("share-link").inputValue();
    await editor().evaluate((el, mine) => {
      el.focus();
      el.select();
      document.execCommand("insertText", false, mine);
    }, mine);
    await t.page.waitForFunction(() => localStorage.getItem("ordinal.editor.text")?.includes("my own notes"));
    await t.page.goto(link);
    await t.page.reload();
    await t.page.getByTestId("share-restore").waitFor();
    assert.equal(await editor().inputValue(), guide);
    await t.page.getByTestId("share-restore").click();
    await t.page.waitForFunction((mine) => document.querySelector("#editor").value === mine, mine);
  });

  test("the production checklist judges the YAML, fixes, and keeps the ticks", async () => {
    await openTab("Checklist");
    const item = (id) => t.page.getByTestId(`check-${id}`);
    for (const id of ["resources", "secrets", "probes", "pdb", "storage-class", "backups"]) {
      assert.equal(await item(id).getAttribute("data-status"), "fail", id);
    }
    for (const id of ["headless-service", "storage-size"]) {
      assert.equal(await item(id).getAttribute("data-status"), "pass", id);
    }
    assert.match(await item("secrets").textContent(), /POSTGRES_PASSWORD/);
    await t.page.getByTestId("checklist-fix-secrets").click();
    // the fix moves the password into a Secret in the same file: still a password in Git
    await t.page.waitForFunction(() => /still a password in Git/.test(document.querySelector("[data-testid=check-secrets]")?.textContent ?? ""));
    assert.equal(await item("secrets").getAttribute("data-status"), "fail");
    assert.match(await editor().inputValue(), /secretKeyRef/);
    await t.page.getByTestId("tick-monitoring").check();
    await shot("teach-checklist");
    await t.page.reload();
    await openTab("Checklist");
    assert.equal(await item("monitoring").getAttribute("data-status"), "ticked");
    assert.match(await item("secrets").textContent(), /still a password in Git/, "the fixed text was autosaved");
  });

  test("presenter mode at 1280×720: large type, keys, hidden editor and a pointer", async () => {
    await openLesson("deletion-and-recovery");
    await t.page.getByTestId("presenter-toggle").click();
    await t.page.locator(".app.presenter").waitFor();
    // the keyboard moves through the steps
    await t.page.keyboard.press("ArrowRight");
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson]")?.dataset.step === "1");
    await t.page.keyboard.press("PageDown");
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson]")?.dataset.step === "2");
    await t.page.keyboard.press("ArrowLeft");
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson]")?.dataset.step === "1");
    await t.page.keyboard.press("ArrowRight");
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson]")?.dataset.step === "2");
    // type read from the back of the room: the narration is at least 20 px
    const size = await t.page.locator(".step-narration, .predict-question").first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 20, `narration at ${size}px`);
    await shot("teach-presenter");
    // the editor can be hidden, and a spotlight follows the pointer
    await t.page.keyboard.press("h");
    await t.page.locator(".app.presenter-solo").waitFor();
    assert.equal(await t.page.locator(".pane-editor").isVisible(), false);
    await t.page.keyboard.press("p");
    await t.page.mouse.move(640, 300);
    await t.page.getByTestId("spotlight").waitFor();
    assert.equal(await t.page.getByTestId("spotlight").evaluate((el) => el.style.getPropertyValue("--spot-x")), "640px");
    await shot("teach-presenter-solo");
    await t.page.keyboard.press("Escape");
    await t.page.waitForFunction(() => !document.querySelector(".app.presenter"));
  });

  test("axe finds no serious or critical violation in the lesson, the lab, presenter mode and the checklist", async () => {
    const scan = async (what) => {
      // after the pods' entrance (a fade from transparent, which axe would read as low contrast)
      await t.page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
      const { violations } = await new AxeBuilder({ page: t.page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    };
    await openTab("Lessons");
    await scan("lesson list");
    await lesson3ToStep3();
    await runInLab("kubectl get pods");
    await scan("lesson with lab");
    await t.page.getByTestId("presenter-toggle").click();
    await scan("presenter mode");
    await t.page.keyboard.press("Escape");
    await openTab("Checklist");
    await scan("checklist");
  });

  test("after the first visit the app works offline, from its sub-path", async () => {
    await t.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    const scope = await t.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, t.server.url);
    await t.context.setOffline(true);
    await t.page.reload();
    await t.page.locator("[data-testid=field-title]").waitFor();
    // the app runs: it analyses what is typed
    await editor().evaluate((el) => {
      el.focus();
      el.setSelectionRange(el.value.indexOf("13-alpine"), el.value.indexOf("13-alpine") + 9);
      document.execCommand("insertText", false, "latest");
    });
    await openTab("Problems");
    await t.page.locator(".problem[data-code=POD001]").waitFor();
    await t.context.setOffline(false);
  });

  test("a new release's page drops the cached files of the old one", async () => {
    await t.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    // a file of a superseded build, as an earlier visit would have left it
    const stale = new URL("ordinal-web-0000000000000000_bg.wasm", t.server.url).href;
    const cached = () =>
      t.page.evaluate(async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        return urls;
      });
    await t.page.evaluate(async (url) => {
      const [name] = (await caches.keys()).filter((n) => n.startsWith("ordinal-"));
      await (await caches.open(name)).put(url, new Response("old"));
    }, stale);
    assert.ok((await cached()).includes(stale));
    await t.page.reload();
    await t.page.locator("[data-testid=field-title]").waitFor();
    // the worker prunes after answering the navigation: poll (evaluate awaits the promise)
    const deadline = Date.now() + 10_000;
    while ((await cached()).includes(stale)) {
      assert.ok(Date.now() < deadline, `${stale} is still cached 10 s after the reload`);
      await t.page.waitForTimeout(100);
    }
    // what the page links to is still there, so it still works offline
    const urls = await cached();
    assert.ok(urls.some((u) => u.endsWith(".wasm")), urls.join("\n"));
    assert.ok(urls.some((u) => /boot-[0-9a-f]{16}\.js$/.test(u) || u.endsWith(".js")), urls.join("\n"));
  });
});
