// End-to-end tests of the cluster view (crates/web/src/cluster/): the guide's three flows
// played by clicking — three pods created in order, pod-0 deleted and back with the same
// claim, a scale 3→1→3 that reattaches the claims — plus a rolling update, the terminal,
// the consequences of the guide's mistakes, the timeline and accessibility. Screenshots go
// to docs/screenshots/cluster-*.png.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { editor, openTab, runInTerminal, setText, setUp, shot, t } from "./helpers.mjs";

setUp();

const page = () => t.page;
const pod = (n) => page().locator(`[data-testid=cl-pod][data-name="recovery-demo-db-${n}"]`);
const claim = (n) => page().locator(`[data-testid=cl-pvc][data-name="data-recovery-demo-db-${n}"]`);

/** Opens the Cluster tab and sets the playback speed. */
async function openCluster(speed = "8") {
  await openTab("Cluster");
  await page().locator("[data-testid=cluster]").waitFor();
  await page().locator("[data-testid=cl-speed]").selectOption(speed);
}

/** Applies the editor's manifest, creating the namespace the API server asks for. */
async function applyGuide() {
  await page().locator("[data-testid=cl-apply]").click();
  const notice = page().locator("[data-testid=cl-notice]");
  await notice.waitFor();
  assert.match(await notice.textContent(), /namespaces "scenarios" not found/);
  await page().locator("[data-testid=cl-offer]", { hasText: "Create namespace scenarios" }).click();
  await notice.waitFor({ state: "detached" });
}

/** Waits until `n` pods show Ready 1/1 and no other pod exists. */
async function readyPods(n, timeout = 30_000) {
  await page().waitForFunction(
    (n) => {
      const pods = [...document.querySelectorAll("[data-testid=cl-pod]")];
      return pods.length === n && pods.every((p) => p.dataset.state === "Ready 1/1");
    },
    n,
    { timeout },
  );
}

/** Waits until `n` databases accept connections (the pods may be Ready before: no probe). */
async function databasesUp(n, timeout = 30_000) {
  await page().waitForFunction((n) => document.querySelectorAll(".cl-db.is-up").length === n, n, { timeout });
}

/** The `kubectl get pods -w` lines of the log, in order. */
async function podLines() {
  return page().locator("[data-testid=cl-log-line][data-stream=pods] code").allTextContents();
}

/** The events of the log, in order. */
async function eventLines() {
  await page().locator("[data-testid=cl-filter-events][aria-pressed=true]").waitFor();
  return page().locator("[data-testid=cl-log-line][data-stream=events] code").allTextContents();
}

async function rows(n) {
  return Number(await claim(n).locator("[data-testid=cl-rows]").getAttribute("data-rows"));
}

async function volume(n) {
  return (await page().locator(`[data-testid=cl-pvc][data-name="data-recovery-demo-db-${n}"] + .cl-bind-line + [data-testid=cl-pv]`).getAttribute("aria-label")) ?? "";
}

/** Pauses playback, lets the transitions finish, saves a screenshot, and plays on. */
async function still(name) {
  const play = page().locator("[data-testid=cl-play]");
  const playing = (await play.getAttribute("aria-pressed")) === "true";
  if (playing) await play.click();
  await page().waitForTimeout(600);
  await shot(name);
  if (playing) await play.click();
}

/** Types a command in the terminal and waits for its echo. */
const run = runInTerminal;

describe("the cluster view", () => {
  test("creates the guide's three pods in order, each after the previous is Ready", async () => {
    await openCluster("4");
    const empty = await page().locator("[data-testid=cl-empty]").textContent();
    assert.match(empty, /The cluster is empty/);
    await applyGuide();
    // Pod 1 exists only once pod 0 is Ready: catch the moment in between.
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-1"]'), null, { timeout: 30_000 });
    assert.equal(await pod(0).getAttribute("data-state"), "Ready 1/1");
    assert.equal(await pod(2).count(), 0, "pod 2 waits for pod 1");
    assert.equal(await claim(2).getAttribute("data-phase"), "Missing");
    await still("cluster-1-ordered-creation");
    await readyPods(3);

    const lines = await podLines();
    const first = (name) => lines.findIndex((l) => l.startsWith(`${name} `));
    const ready = (name) => lines.findIndex((l) => l.startsWith(`${name} `) && /\s1\/1\s+Running/.test(l));
    for (const n of [1, 2]) {
      assert.ok(ready(`recovery-demo-db-${n - 1}`) >= 0 && ready(`recovery-demo-db-${n - 1}`) < first(`recovery-demo-db-${n}`), `pod ${n} was created before pod ${n - 1} was Ready:\n${lines.join("\n")}`);
    }
    const created = (await eventLines()).filter((l) => /SuccessfulCreate\s.*create Pod/.test(l)).map((l) => l.match(/create Pod (\S+)/)[1]);
    assert.deepEqual(created, ["recovery-demo-db-0", "recovery-demo-db-1", "recovery-demo-db-2"]);
    // Each ready pod has its DNS name; each claim is bound to a volume.
    const names = await page().locator("[data-testid=cl-dns-name]").evaluateAll((els) => els.map((e) => e.dataset.fqdn));
    assert.deepEqual(names, [0, 1, 2].map((n) => `recovery-demo-db-${n}.recovery-demo-headless.scenarios.svc.cluster.local`));
    for (const n of [0, 1, 2]) {
      assert.equal(await claim(n).getAttribute("data-phase"), "Bound");
      assert.match(await volume(n), /^PersistentVolume pvc-.*, Bound$/);
    }
    assert.equal(await page().locator("[data-testid=cl-set-ready]").textContent(), "READY 3/3");
    await databasesUp(3);
    await still("cluster-2-three-ready");

    // A log line links to its object.
    await page().locator("[data-testid=cl-log-line][data-object='pod/recovery-demo-db-1'] button").last().click();
    assert.match(await pod(1).getAttribute("class"), /is-selected/);
  });

  test("deletes pod-0, which comes back with the same claim, the same data and a new IP", async () => {
    await openCluster();
    await applyGuide();
    await readyPods(3);
    await databasesUp(3);
    const uid = await pod(0).getAttribute("data-uid");
    const ip = await pod(0).locator(".cl-ip").textContent();
    const pv = await volume(0);
    await page().locator("[data-testid=cl-speed]").selectOption("1");
    await pod(0).locator("[data-testid=cl-pod-delete]").click();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "Terminating");
    const before = await rows(0);
    assert.ok(before > 0, "the database wrote rows");
    assert.equal(await pod(0).locator("[data-testid=cl-pod-dns]").textContent(), "no DNS", "a terminating pod leaves DNS at once");
    assert.equal(await page().locator("[data-testid=cl-dns-name][data-pod=recovery-demo-db-0]").count(), 0);
    await still("cluster-3-pod0-terminating");

    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().waitForFunction(
      (uid) => {
        const p = document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]');
        return p && p.dataset.uid !== uid && p.dataset.state === "Ready 1/1";
      },
      uid,
      { timeout: 30_000 },
    );
    assert.equal(await volume(0), pv, "the same claim, bound to the same volume");
    assert.ok((await rows(0)) >= before, "the rows written before are still there");
    assert.notEqual(await pod(0).locator(".cl-ip").textContent(), ip, "a new pod gets a new IP");
    await page().locator("[data-testid=cl-dns-name][data-pod=recovery-demo-db-0]").waitFor();
    const events = await eventLines();
    assert.ok(events.some((l) => /Killing\s+pod\/recovery-demo-db-0/.test(l)));
    const logs = await run("kubectl logs recovery-demo-db-0 -n scenarios");
    assert.match(logs, /PostgreSQL Database directory appears to contain a database; Skipping initialization/);
    await still("cluster-4-pod0-back");
  });

  test("scales 3→1→3: pods go in reverse order, the claims stay and are reattached", async () => {
    await openCluster();
    await applyGuide();
    await readyPods(3);
    await databasesUp(3);
    const volumes = [await volume(0), await volume(1), await volume(2)];
    await page().locator("[data-testid=cl-replicas]").fill("1");
    await page().locator("[data-testid=cl-scale]").click();
    await readyPods(1);
    assert.equal(await page().locator("[data-testid=cl-pod-absent]").count(), 2);
    const deleted = (await eventLines()).filter((l) => /SuccessfulDelete/.test(l)).map((l) => l.match(/delete Pod (\S+)/)[1]);
    assert.deepEqual(deleted, ["recovery-demo-db-2", "recovery-demo-db-1"], "reverse order");
    const kept = [await rows(1), await rows(2)];
    for (const n of [1, 2]) {
      assert.equal(await claim(n).getAttribute("data-phase"), "Bound", `claim ${n} stays`);
      assert.equal(await volume(n), volumes[n]);
    }
    assert.equal(await page().locator("[data-testid=cl-dns-name]").count(), 1);
    await still("cluster-5-scaled-to-1");

    await page().locator("[data-testid=cl-replicas]").fill("3");
    await page().locator("[data-testid=cl-scale]").click();
    await readyPods(3);
    for (const n of [1, 2]) {
      assert.equal(await volume(n), volumes[n], `pod ${n} got its old volume back`);
      assert.ok((await rows(n)) >= kept[n - 1], `pod ${n} found its rows`);
    }
    const pvc = await run("kubectl get pvc -n scenarios");
    assert.match(pvc, /data-recovery-demo-db-2\s+Bound/);
    await still("cluster-6-scaled-back-to-3");
  });

  test("rolls out a new image from the highest ordinal down", async () => {
    await openCluster();
    await applyGuide();
    await readyPods(3);
    await page().locator("[data-testid=cl-more]").click();
    await page().locator("[data-testid=cl-image]").fill("postgres:14-alpine");
    await page().locator("[data-testid=cl-set-image]").click();
    await page().waitForFunction(() => document.querySelectorAll(".cl-pod.is-outdated").length > 0, null, { timeout: 10_000 });
    await still("cluster-7-rolling-update");
    await page().waitForFunction(
      () => {
        const pods = [...document.querySelectorAll("[data-testid=cl-pod]")];
        return pods.length === 3 && pods.every((p) => p.dataset.state === "Ready 1/1" && !p.classList.contains("is-outdated"));
      },
      null,
      { timeout: 40_000 },
    );
    const deleted = (await eventLines()).filter((l) => /SuccessfulDelete/.test(l)).map((l) => l.match(/delete Pod (\S+)/)[1]);
    assert.deepEqual(deleted, ["recovery-demo-db-2", "recovery-demo-db-1", "recovery-demo-db-0"]);
    await databasesUp(3);
    const out = await run("kubectl exec recovery-demo-db-0 -n scenarios -- psql -U postgres -c 'SELECT version();'");
    assert.match(out, /PostgreSQL 14\./);

    // podManagementPolicy cannot change: the server says so, and the real way is offered.
    await page().locator("[data-testid=cl-policy]").selectOption("Parallel");
    const notice = page().locator("[data-testid=cl-notice]");
    assert.match(await notice.textContent(), /spec: Forbidden: updates to statefulset spec for fields other than/);
    await page().locator("[data-testid=cl-offer]").click();
    await page().waitForFunction(() => document.querySelector("[data-testid=cl-set-policy]")?.textContent === "Parallel");
    assert.equal(await page().locator("[data-testid=cl-pod]").count(), 3, "the new set adopted the pods");
  });

  test("answers the guide's commands in the terminal, with completion and history", async () => {
    await openCluster();
    await applyGuide();
    await readyPods(3);
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kub");
    await input.press("Tab");
    assert.equal(await input.inputValue(), "kubectl ");
    await input.pressSequentially("get po");
    await input.press("Tab");
    await input.pressSequentially("-n sc");
    await input.press("Tab");
    assert.equal(await input.inputValue(), "kubectl get pods -n scenarios ");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: /^recovery-demo-db-2\s+1\/1\s+Running/ }).waitFor();
    await input.press("ArrowUp");
    assert.equal(await input.inputValue(), "kubectl get pods -n scenarios");
    await input.fill("");

    const dns = await run("nslookup recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local");
    assert.match(dns, /Name:\trecovery-demo-db-0\.recovery-demo-headless\.scenarios\.svc\.cluster\.local\nAddress: 10\.244\./);
    await databasesUp(3);
    assert.match(await run("kubectl exec recovery-demo-db-0 -n scenarios -- pg_isready"), /accepting connections/);
    assert.match(await run("kubectl exec recovery-demo-db-0 -n scenarios -- psql -U postgres -c \"SELECT count(*) FROM readings;\""), / count \n-------\n\s+\d+\n\(1 row\)/);
    assert.match(await run("kubectl exec recovery-demo-db-0 -n scenarios -- df -h /data"), /Filesystem\s+Size\s+Used\s+Available\s+Use%\s+Mounted on/);
    await page().locator("[data-testid=cl-expand]").click();
    await still("cluster-8-terminal");
    await page().keyboard.press("Escape");
    assert.equal(await page().locator(".cluster.is-expanded").count(), 0, "Esc leaves the full view");
    assert.match(await run("kubectl describe pvc data-recovery-demo-db-0 -n scenarios"), /Used By:\s+recovery-demo-db-0/);
    const unknown = await run("helm list");
    assert.match(unknown, /sh: helm: command not found/);
    assert.match(unknown, /Type help for the list; it knows: kubectl, nslookup, dig/);
  });

  test("refuses an unknown field as kubectl apply does, and applies it with a warning under --validate=warn", async () => {
    const guide = await editor().inputValue();
    await setText(guide.replace("  serviceName: recovery-demo-headless\n", "  serviceName: recovery-demo-headless\n  bogusField: 1\n"));
    await openCluster();
    await run("kubectl create namespace scenarios");
    const refused = await run("kubectl apply -f manifest.yaml");
    assert.match(refused, /Error from server \(BadRequest\): error when creating "manifest\.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec\.bogusField"/);
    const warned = await run("kubectl apply -f manifest.yaml --validate=warn");
    assert.match(warned, /service\/recovery-demo-headless unchanged\nWarning: unknown field "spec\.bogusField"\nstatefulset\.apps\/recovery-demo-db created/);
    assert.equal(await page().locator(".cl-term-line.is-err", { hasText: 'Warning: unknown field "spec.bogusField"' }).count(), 1);
    await still("cluster-11-strict-field-validation");
  });

  test("plays the consequences of the guide's mistakes", async () => {
    await openCluster();
    // No readiness probe: Ready 1/1 while postgres still refuses connections.
    await page().locator("[data-testid=cl-speed]").selectOption("1");
    await page().locator("[data-testid=cl-consequence]").selectOption("no-readiness-probe");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().locator(".cl-db.is-warn").first().waitFor({ timeout: 20_000 });
    assert.equal(await page().locator(".cl-pod:has(.cl-db.is-warn)").first().getAttribute("data-state"), "Ready 1/1");
    await still("cluster-9-ready-too-early");

    // A volumeMount typo on v1.33: the set is accepted and every pod creation fails.
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("volume-mount-typo");
    await page().waitForFunction(() => [...document.querySelectorAll("[data-testid=cl-log-line].is-warning code")].filter((c) => c.textContent.includes("FailedCreate")).length >= 3, null, { timeout: 20_000 });
    assert.equal(await page().locator("[data-testid=cl-pod]").count(), 0);
    assert.match(await page().locator("[data-testid=cl-version]").inputValue(), /v1\.33/);
    await page().locator("[data-testid=cl-filter-pods]").click();
    await page().locator("[data-testid=cl-expand]").click();
    await still("cluster-10-failed-create");
    await page().locator("[data-testid=cl-expand]").click();
    await page().locator("[data-testid=cl-filter-pods]").click();

    // No Service: the pods run, nobody resolves them.
    await page().locator("[data-testid=cl-consequence]").selectOption("no-service");
    await page().waitForFunction(() => [...document.querySelectorAll("[data-testid=cl-pod]")].filter((p) => p.dataset.state === "Ready 1/1").length === 3, null, { timeout: 30_000 });
    assert.equal(await page().locator("[data-testid=cl-svc][data-missing=true]").count(), 1);
    assert.equal(await page().locator("[data-testid=cl-dns-name]").count(), 0);
    assert.match(await run("nslookup recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local"), /NXDOMAIN/);
  });

  test("rewinds on the timeline by replaying, and keeps its state across tabs", async () => {
    await openCluster();
    await applyGuide();
    await readyPods(3);
    await page().locator("[data-testid=cl-speed]").selectOption("1");
    await pod(1).locator("[data-testid=cl-pod-delete]").click();
    await page().locator("[data-testid=cl-play]").click();
    assert.equal(await page().locator("[data-testid=cl-play]").getAttribute("aria-label"), "Play");
    assert.equal(await pod(1).getAttribute("data-state"), "Terminating");
    const end = await page().locator("[data-testid=cl-time]").textContent();
    const endMs = await page().locator("[data-testid=cl-scrubber]").getAttribute("max");
    await page().locator("[data-testid=cl-scrubber]").fill("2000");
    await page().waitForFunction(() => document.querySelector("[data-testid=cl-time]")?.textContent === "0:02.0");
    assert.ok((await page().locator("[data-testid=cl-pod]").count()) <= 1, "two seconds in, at most pod 0 exists");
    await page().locator("[data-testid=cl-replaying]").waitFor();
    assert.equal(await page().locator(".cl-time-end").textContent(), end, "the timeline keeps its end");
    await page().locator("[data-testid=cl-step]").click();
    assert.notEqual(await page().locator("[data-testid=cl-time]").textContent(), "0:02.0");
    await page().locator("[data-testid=cl-scrubber]").fill(endMs);
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-1"]')?.dataset.state === "Terminating", null, { timeout: 5_000 });
    await openTab("Explain");
    await openTab("Cluster");
    assert.equal(await pod(1).getAttribute("data-state"), "Terminating", "the paused cluster is where it was");
    await page().locator("[data-testid=cl-play]").click();
    await readyPods(3);
  });

  test("has no serious accessibility violations", async () => {
    await openCluster();
    await applyGuide();
    await readyPods(3);
    await pod(1).locator(".cl-pod-main").click();
    await page().locator("[data-testid=cl-pod-actions]").waitFor();
    const results = await new AxeBuilder({ page: page() }).include("[data-testid=cluster]").analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`), []);
  });
});
