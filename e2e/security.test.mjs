// Security end-to-end tests (issue 9, part 3):
// - the served page runs under its Content-Security-Policy (scripts/postprocess-dist.mjs) with
//   no violation on any view, and the policy really refuses inline script;
// - nothing from the YAML, a share link or the cluster's terminal is ever injected as HTML:
//   `<img onerror>`, `<script>`, `"><svg onload>`, `javascript:` URLs and Markdown links in
//   values, keys, names, labels, container names, images, annotations and comments;
// - no request is made after load (but for the page's second module, which the service worker
//   answers from its cache), and the whole app works offline once loaded.
//
// The injection tests run with the policy taken out of the page (see `openWithoutPolicy`): they
// test the app's own escaping, so a payload that got into the DOM would run and set
// `window.__xss`, not be stopped by the policy's backstop. Positive controls prove that the
// detectors fire when a payload does get in.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { caretAt, editor, fieldTitle, openPage, openTab, setText, setUp, shot, t } from "./helpers.mjs";

setUp();

// Every payload marks the element it would create with `data-pwn`, and would set window.__xss.
const IMG = `<img src=x data-pwn onerror="window.__xss=1">`;
const SCRIPT = `<script data-pwn>window.__xss=1</script>`;
const SVG = `"><svg data-pwn onload="window.__xss=1">`;
const JS_URL = "javascript:window.__xss=1";
const MD_JS = "[click](javascript:window.__xss=1)";
// a Markdown link to another site, breaking out of a `code span` if a message quotes the value
const MD_WEB = "` [phish](https://evil.example/) `";
const MD_WEB_TIGHT = "`[phish](https://evil.example/)`";

const q = (s) => JSON.stringify(s); // a YAML double-quoted scalar

/** A Service and a StatefulSet carrying the payloads in every kind of place, for the editor. */
const HOSTILE = `# ${SCRIPT} ${IMG}
# ${MD_JS} ${MD_WEB}
apiVersion: v1
kind: Service
metadata:
  name: ${q(IMG)}
  annotations:
    note: ${q(SCRIPT)}
    ${q(SVG)}: ${q(MD_WEB)}
spec:
  clusterIP: None
  selector:
    app: ${q(SVG)}
  ports:
    - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${q(SCRIPT)}
  labels:
    ${q(IMG)}: ${q(MD_JS)}
spec:
  serviceName: ${q(IMG)}
  replicas: 1
  ${q(SVG)}: 1
  selector:
    matchLabels:
      app: ${q(SVG)}
      tier: ${q(MD_WEB_TIGHT)}
  template:
    metadata:
      labels:
        app: ${q(MD_WEB)}
        tier: ${q(MD_WEB_TIGHT)}
        ${q(MD_WEB_TIGHT)}: x
    spec:
      containers:
        - name: ${q(SCRIPT)}
          image: ${q(IMG)}
          env:
            - name: LINK
              value: ${q(JS_URL)}
          ${q(MD_JS)}: ${q(MD_WEB)}
`;

/** A StatefulSet the simulated API server accepts, with payloads wherever it allows any text. */
const APPLIABLE = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    note: ${q(SCRIPT)}
spec:
  clusterIP: None
  selector:
    app: web
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  annotations:
    description: ${q(IMG)}
    link: ${q(MD_WEB)}
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
      annotations:
        x: ${q(SVG)}
    spec:
      containers:
        - name: web
          image: ${q(`nginx${IMG}`)}
          args: [${q(SCRIPT)}, ${q(JS_URL)}]
          env:
            - name: LINK
              value: ${q(MD_JS)}
`;

/** Installs the traps: dialogs are problems. */
function trapDialogs() {
  t.page.on("dialog", (d) => {
    t.problems.push(`dialog opened: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
}

/**
 * Opens the app at `hash` with the Content-Security-Policy meta tag removed from the page (and
 * no service worker, which would serve the unaltered page): an injected payload would run.
 */
async function openWithoutPolicy(hash = "") {
  await openPage({ serviceWorkers: "block" });
  await t.context.route(
    (url) => url.pathname === new URL(t.server.url).pathname,
    async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const stripped = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
      assert.notEqual(stripped, html, "the served page has a policy to take out");
      await route.fulfill({ response, body: stripped });
    },
  );
  await t.page.goto("about:blank");
  await t.page.goto(t.server.url + hash);
  await t.page.locator(hash.startsWith("#share=") ? "[data-testid=share-banner]" : "[data-testid=field-title]").waitFor();
  assert.equal(await t.page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 0);
  trapDialogs();
}

/** What a payload would have left behind: all must be empty. */
async function injected() {
  return t.page.evaluate(() => {
    const attrs = (el) => [...el.attributes];
    const all = [...document.querySelectorAll("*")];
    return {
      xss: window.__xss ?? null,
      pwn: document.querySelectorAll("[data-pwn]").length,
      handlers: all.flatMap((el) => attrs(el).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
      scripts: [...document.scripts].map((s) => s.getAttribute("src") ?? `inline: ${s.textContent.slice(0, 40)}`).filter((s) => !/^(\.\/boot-[0-9a-f]{16}\.js|shell\.js|sw-register\.js|lab-loader\.js)$/.test(s)),
      jsUrls: all.filter((el) => attrs(el).some((a) => ["href", "src", "action", "formaction", "xlink:href"].includes(a.name) && /^\s*javascript:/i.test(a.value))).length,
      foreignLinks: [...document.querySelectorAll("a[href]")].map((a) => a.href).filter((h) => !h.startsWith(location.origin) && !/^https:\/\/(kubernetes\.io|github\.com|[a-z0-9.-]*\.k8s\.io)\//.test(h) && h.includes("evil")),
    };
  });
}

const CLEAN = { xss: null, pwn: 0, handlers: [], scripts: [], jsUrls: 0, foreignLinks: [] };

async function assertClean(where) {
  await t.page.waitForTimeout(50); // an onerror fires after the failed image load
  assert.deepEqual(await injected(), CLEAN, `something was injected: ${where}`);
}

/** The visible text of the page. */
const pageText = () => t.page.evaluate(() => document.body.innerText);

describe("content security policy", () => {
  test("the page declares the policy and has no inline script", async () => {
    const policy = await t.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    const directives = Object.fromEntries(policy.split(/\s*;\s*/).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(" ")]));
    assert.equal(directives["script-src"], "'self' 'wasm-unsafe-eval'");
    assert.equal(directives["default-src"], "'self'");
    assert.equal(directives["object-src"], "'none'");
    assert.equal(directives["base-uri"], "'none'");
    assert.equal(directives["form-action"], "'none'");
    assert.equal(directives["connect-src"], "'self'");
    assert.equal(directives["img-src"], "'self' data:");
    assert.equal(directives["style-src"], "'self'");
    assert.ok(!/unsafe-inline/.test(directives["script-src"] + directives["style-src"] + (directives["style-src-elem"] ?? "")));
    // the policy comes before anything it governs
    assert.deepEqual(
      await t.page.evaluate(() => [...document.head.children].slice(0, 2).map((e) => e.outerHTML.slice(0, 50))),
      ['<meta charset="utf-8">', '<meta http-equiv="Content-Security-Policy" content'],
    );
    const served = await (await fetch(t.server.url)).text();
    for (const m of served.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(m[1], /\bsrc=/, `inline script in the served page: ${m[0]}`);
      assert.equal(m[2].trim(), "");
    }
  });

  test("every view runs without a violation, and the policy refuses inline script", async () => {
    // the policy is in force: an inline handler and an inline script are refused and reported
    trapDialogs();
    await t.page.evaluate(([img, script]) => {
      document.body.insertAdjacentHTML("beforeend", img);
      const s = document.createElement("script");
      s.textContent = script.replace(/<\/?script[^>]*>/g, "");
      document.body.append(s);
    }, [IMG, SCRIPT]);
    await t.page.waitForFunction(() => document.querySelector("img[data-pwn]")?.complete);
    await t.page.waitForTimeout(200);
    assert.equal(await t.page.evaluate(() => window.__xss ?? null), null, "the policy let an inline script run");
    const refused = t.problems.filter((p) => p.startsWith("csp violation:"));
    assert.ok(refused.some((p) => p.includes("script-src-attr")), t.problems.join("\n"));
    assert.ok(refused.some((p) => p.includes("script-src-elem")), t.problems.join("\n"));
    await t.page.evaluate(() => document.querySelectorAll("[data-pwn], body > script:not([src])").forEach((e) => e.remove()));
    t.problems.length = 0;

    // now every view, with their dynamic styles, drawing and workers: no violation at all
    await exercise({ withLinkOpen: true });
    assert.deepEqual(t.problems, []);
  });
});

describe("nothing from the text is injected as HTML", () => {
  test("positive control: the detectors see a payload that does get in", async () => {
    await openWithoutPolicy();
    t.expectErrors = true; // the payload's image, src=x, is not found
    await t.page.evaluate((img) => document.body.insertAdjacentHTML("beforeend", img), IMG);
    await t.page.waitForFunction(() => window.__xss === 1, null, { timeout: 5_000 });
    const found = await injected();
    assert.equal(found.xss, 1);
    assert.equal(found.pwn, 1);
    assert.deepEqual(found.handlers, ["IMG[onerror]"]);
    await t.page.evaluate(() => {
      document.querySelector("[data-pwn]").remove();
      delete window.__xss;
    });
    await assertClean("after the control was removed");
  });

  test("payloads in values, keys, names, labels, images and comments stay text in every view", async () => {
    await openWithoutPolicy();
    await setText(HOSTILE);
    await t.page.waitForFunction((len) => document.querySelector("#editor").value.length === len, HOSTILE.length);
    await assertClean("the editor and its highlighting");
    // the highlighted text shows the payloads as they were typed
    const overlay = await t.page.locator(".overlay").innerText();
    for (const p of [`# ${SCRIPT} ${IMG}`, `# ${MD_JS} ${MD_WEB}`, q(SVG), q(IMG)]) assert.ok(overlay.includes(p), `the editor does not show ${p}`);

    // the explanation of each key and value that carries a payload
    for (const [needle, delta] of [
      [`  name: ${q(IMG)}`, 3],
      [`    note: ${q(SCRIPT)}`, 12],
      [`    ${q(SVG)}: `, 6],
      [`    ${q(IMG)}: ${q(MD_JS)}`, 6],
      [`  ${q(SVG)}: 1`, 5],
      [`          image: ${q(IMG)}`, 20],
      [`          ${q(MD_JS)}: `, 14],
      [`# ${SCRIPT}`, 4],
    ]) {
      await caretAt(needle, delta);
      await t.page.waitForTimeout(150);
      await assertClean(`the explanation at ${needle}`);
    }
    await caretAt(`    ${q(IMG)}: ${q(MD_JS)}`, 6);
    await t.page.waitForFunction((img) => document.querySelector("[data-testid=field-title]")?.textContent.includes(img), IMG, { timeout: 5_000 });
    assert.match(await fieldTitle().textContent(), /^StatefulSet metadata\.labels\[<img src=x data-pwn onerror="window\.__xss=1">\]$/);
    await shot("security-xss-explain");

    // hover over a highlighted payload
    const span = t.page.locator(".ov-line span", { hasText: "<svg data-pwn" }).first();
    const box = await span.boundingBox();
    await t.page.mouse.move(box.x + 5, box.y + box.height / 2);
    await t.page.waitForTimeout(200);
    await assertClean("hovering a payload");

    // the problems quote the names as text
    await openTab("Problems");
    await t.page.locator(".problem").first().waitFor();
    const problems = await t.page.locator("[data-testid=problems]").innerText();
    assert.ok(problems.includes(SCRIPT) || problems.includes(IMG), `no problem quotes a payload:\n${problems}`);
    for (const button of await t.page.locator(".problem [data-testid=fix]").all()) {
      await button.click();
      await assertClean("a fix preview");
    }
    await shot("security-xss-problems");
    await assertClean("the problems");

    await openTab("Concepts");
    await assertClean("the concepts");
    await openTab("Checklist");
    await assertClean("the checklist");
    await openTab("Lessons");
    await assertClean("the lessons");

    // the cluster refuses the invalid names and quotes them as text
    await openTab("Cluster");
    await t.page.locator("[data-testid=cl-apply]").click();
    const notice = t.page.locator("[data-testid=cl-notice]");
    await notice.waitFor();
    assert.ok((await notice.innerText()).includes("<"), await notice.innerText());
    await assertClean("the cluster's notice");

    // reload: the autosaved payloads come back as text
    await t.page.reload();
    await t.page.waitForFunction((text) => document.querySelector("#editor")?.value === text, HOSTILE);
    await assertClean("after reload");
  });

  test("a share link carrying payloads opens as text", async () => {
    await openWithoutPolicy();
    await setText(HOSTILE);
    await t.page.getByTestId("share").click();
    const link = await t.page.getByTestId("share-link").inputValue();
    assert.ok(link.startsWith(t.server.url + "#share="), link);
    await assertClean("the share popover");

    await openWithoutPolicy(link.slice(t.server.url.length));
    await t.page.waitForFunction((text) => document.querySelector("#editor")?.value === text, HOSTILE, { timeout: 10_000 });
    await assertClean("the opened link");
    assert.ok(!t.page.url().includes("share="), t.page.url());
    await openTab("Problems");
    await assertClean("the opened link's problems");

    // a hand-made link whose fragment is itself a payload is refused as text
    for (const hash of [`#share=${encodeURIComponent(IMG)}`, `#share=${SCRIPT}`, `#share=${JS_URL}`, `#${SVG}`]) {
      await t.page.goto("about:blank");
      await t.page.goto(t.server.url + hash);
      await t.page.locator(hash.startsWith("#share=") ? "[data-testid=share-banner]" : "#editor").waitFor();
      await t.page.waitForTimeout(200);
      await assertClean(`the link ${hash}`);
    }
  });

  test("the cluster view, its event log and its terminal show payloads as text", async () => {
    await openWithoutPolicy();
    await setText(APPLIABLE);
    await openTab("Cluster");
    await t.page.locator("[data-testid=cl-speed]").selectOption("8");
    await t.page.locator("[data-testid=cl-apply]").click();
    await t.page.locator("[data-testid=cl-pod]").first().waitFor({ timeout: 20_000 });
    // let the pods try their image (waited for, not slept: a busy machine plays slower)
    await t.page.waitForFunction(() => document.querySelector("[data-testid=cl-log]")?.innerText.includes("<img src=x"), null, { timeout: 30_000 });
    await assertClean("the pods and the event log");
    const log = await t.page.locator("[data-testid=cl-log]").innerText();
    assert.ok(log.includes("<img src=x"), `the event log does not show the image:\n${log}`);

    await t.page.locator("[data-testid=cl-scale-up]").click();
    await t.page.locator("[data-testid=cl-pod]").first().click();
    await assertClean("a selected pod");

    await t.page.locator("[data-testid=cl-tab-terminal]").click();
    const input = t.page.locator("[data-testid=cl-term-input]");
    for (const command of [
      "kubectl describe pod web-0",
      "kubectl get sts web -o yaml",
      "kubectl get pod web-0 -o yaml",
      "kubectl describe svc web",
      "kubectl get events",
      `kubectl get pods ${IMG}`,
      `kubectl logs ${SCRIPT}`,
      `${SVG} ${MD_JS}`,
    ]) {
      await input.fill(command);
      await input.press("Enter");
      await t.page.locator(".cl-term-line.is-command", { hasText: command.slice(0, 20) }).last().waitFor();
      await assertClean(`the terminal after ${command}`);
    }
    const screen = await t.page.locator("[data-testid=cl-term-screen]").innerText();
    for (const p of [IMG, SCRIPT, SVG]) assert.ok(screen.includes(p), `the terminal does not show ${p}`);
    await shot("security-xss-cluster");
  });
});

/**
 * Uses every feature of the app once: typing, the explanation under the caret and the pointer,
 * problems and a quick fix, concepts, the examples menu, the cluster (apply, scale, delete a
 * pod, terminal commands), a lesson's steps, presenter mode, the checklist, a share link (and,
 * if `withLinkOpen`, opening it in the same tab, which is a page load). Returns the share link.
 */
async function exercise({ withLinkOpen = false } = {}) {
  trapDialogs();
  await caretAt("image: postgres", "image: ".length);
  await t.page.keyboard.type("docker.io/library/");
  await caretAt("serviceName:", 2);
  const key = t.page.locator(".ov-line .t-key", { hasText: /^replicas$/ }).first();
  const box = await key.boundingBox();
  await t.page.mouse.move(box.x + 3, box.y + box.height / 2);
  await t.page.waitForFunction(() => document.querySelector("[data-testid=field-title]")?.textContent.endsWith("spec.replicas"));
  await t.page.mouse.move(0, 0);

  // problems and a quick fix
  await caretAt("  clusterIP: None\n", 0, "  clusterIP: None\n".length);
  await t.page.keyboard.press("Backspace");
  await openTab("Problems");
  const sts006 = t.page.locator(".problem[data-code=STS006]");
  await sts006.waitFor();
  await sts006.locator("[data-testid=fix]").click();
  await sts006.locator("[data-testid=apply-fix]").click();
  await sts006.waitFor({ state: "detached" });

  await openTab("Concepts");
  await t.page.locator("[data-testid=concept-list] button, [data-testid=concept-list] a").first().click();
  await t.page.locator("[data-testid=concept]").waitFor();

  // the examples menu
  await t.page.getByTestId("examples").click();
  await t.page.locator("[data-example=selector-mismatch]").click();
  await t.page.getByTestId("confirm-replace").click();
  await t.page.waitForFunction(() => document.querySelector("#editor").value.startsWith("# Selector does not match"));
  await t.page.getByTestId("restore").click();
  await t.page.waitForFunction(() => document.querySelector("#editor").value.includes("docker.io/library/postgres"));

  // the cluster: apply, scale, delete a pod, terminal commands
  await openTab("Cluster");
  await t.page.locator("[data-testid=cl-speed]").selectOption("8");
  await t.page.locator("[data-testid=cl-apply]").click();
  await t.page.locator("[data-testid=cl-offer]", { hasText: "Create namespace scenarios" }).click();
  await t.page.waitForFunction(() => [...document.querySelectorAll("[data-testid=cl-pod]")].filter((p) => p.dataset.state === "Ready 1/1").length === 3, null, { timeout: 40_000 });
  await t.page.locator("[data-testid=cl-replicas]").fill("1");
  await t.page.locator("[data-testid=cl-scale]").click();
  await t.page.waitForFunction(() => document.querySelectorAll("[data-testid=cl-pod]").length === 1, null, { timeout: 30_000 });
  await t.page.locator("[data-testid=cl-pod]").first().click();
  await t.page.locator("[data-testid=cl-pod-delete]").first().click();
  await t.page.locator("[data-testid=cl-tab-terminal]").click();
  for (const command of ["kubectl get pods -n scenarios", "kubectl describe pod recovery-demo-db-0 -n scenarios", "kubectl get sts -n scenarios -o yaml"]) {
    await t.page.locator("[data-testid=cl-term-input]").fill(command);
    await t.page.locator("[data-testid=cl-term-input]").press("Enter");
    await t.page.locator(".cl-term-line.is-command", { hasText: command }).last().waitFor();
  }

  // a lesson's steps, its lab, presenter mode
  await openTab("Lessons");
  await t.page.getByTestId("open-lesson-ordered-creation").click();
  // the editor holds the learner's own text by now: the lesson asks before replacing it
  await t.page.locator("[data-testid=lesson], [data-testid=lesson-confirm-replace]").first().waitFor();
  if (await t.page.getByTestId("lesson-confirm-replace").count()) await t.page.getByTestId("lesson-confirm-replace").click();
  await t.page.locator("[data-testid=lesson]").waitFor();
  await t.page.getByTestId("next").click();
  await t.page.getByTestId("choice-1").click();
  await t.page.getByTestId("lab-apply").click();
  await t.page.getByTestId("lab-input").fill("kubectl get pods");
  await t.page.getByTestId("lab-input").press("Enter");
  await t.page.getByTestId("presenter-toggle").click();
  await t.page.mouse.move(400, 300);
  await t.page.waitForTimeout(300);
  await t.page.keyboard.press("Escape");
  await openTab("Checklist");
  await t.page.locator("[data-testid=checklist]").waitFor();

  // a share link
  await t.page.getByTestId("share").click();
  const link = await t.page.getByTestId("share-link").inputValue();
  assert.ok(link.startsWith(t.server.url + "#share="), link);
  if (withLinkOpen) {
    await t.page.goto("about:blank");
    await t.page.goto(link);
    await t.page.locator("[data-testid=lesson]").waitFor();
    assert.match(await t.page.getByTestId("share-banner").textContent(), /lesson 3/);
  }
  return link;
}

describe("no network after load", () => {
  test("no request is made while every feature is used, and all of it works offline", async () => {
    // The service worker installs right after load, caching the app's own files once: wait
    // for it to control the page, so that its install is part of the load.
    await t.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    const loaded = [...t.server.requests];
    assert.ok(loaded.some((p) => /\/boot-[0-9a-f]{16}\.js$/.test(p)), loaded.join("\n"));
    for (const p of loaded) assert.ok(p.startsWith(new URL(t.server.url).pathname), p);

    // The page's second module (the simulator, the lessons; ARCHITECTURE.md, "The first load")
    // is asked for when a tab needs it: the service worker answers from what it precached, so
    // nothing reaches the server. Nothing else is asked for.
    const second = await t.page.evaluate(() => [...document.querySelectorAll("link[data-ordinal-lab]")].map((l) => l.href));
    assert.equal(second.length, 4, "the second module's script, wasm and two style sheets are linked");
    for (const url of second) assert.ok(loaded.includes(new URL(url).pathname), `${url} is precached at load`);
    const requests = [];
    t.context.on("request", (r) => requests.push(`${r.method()} ${r.url()}${r.serviceWorker() ? " (service worker)" : ""}`));
    const link = await exercise();
    await t.page.waitForTimeout(500);
    assert.deepEqual(requests.filter((r) => !second.some((url) => r === `GET ${url}`)), [], "requests made after load");
    assert.deepEqual(t.server.requests.slice(loaded.length), [], "requests that reached the server after load");

    // offline: reload, the same exercise, and the share link opened
    await t.context.setOffline(true);
    await t.page.reload();
    await t.page.locator("[data-testid=field-title], [data-testid=lesson]").first().waitFor();
    await t.page.evaluate(() => localStorage.clear());
    await t.page.reload();
    await t.page.locator("[data-testid=field-title]").waitFor();
    await exercise();
    await t.page.goto("about:blank");
    await t.page.goto(link);
    await t.page.locator("[data-testid=lesson]").waitFor();
    // The browser checks the worker's own script for an update on each page load, from the
    // browser process, which Chromium's offline emulation does not cover (a browser that is
    // really offline just fails the check); the page and the app asked for nothing.
    const offline = t.server.requests.slice(loaded.length).filter((p) => p !== `${new URL(t.server.url).pathname}sw.js`);
    assert.deepEqual(offline, [], "requests that reached the server while offline");
    await t.context.setOffline(false);
  });
});
