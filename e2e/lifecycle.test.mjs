// End-to-end test of a best practice's consequence in the cluster view (issue 15): the
// password read from a Secret that does not exist under that name. The container is never
// created (CreateContainerConfigError), the pod card says why and how to create the Secret,
// and creating it in the terminal lets the pod start by itself. Screenshots go to
// docs/screenshots/lifecycle-*.png.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openTab, setText, setUp, shot, t } from "./helpers.mjs";
import { readFileSync } from "node:fs";

setUp();

const page = () => t.page;
const pod0 = () => page().locator('[data-testid=cl-pod][data-name="recovery-demo-db-0"]');

/** Plays a mistake from the Cluster tab's menu at `speed` until pod 0's state matches `state`. */
async function playMistake(id, speed, state, timeout = 60_000) {
  await openTab("Cluster");
  await page().locator("[data-testid=cl-speed]").selectOption(speed);
  await page().locator("[data-testid=cl-consequence]").selectOption(id);
  await page().locator("[data-testid=cl-watching]").waitFor();
  await page().waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state ?? ""),
    state.source,
    { timeout },
  );
}

/** Opens pod 0's "why it is stuck" note and returns its text. */
async function whyStuck() {
  const stuck = pod0().locator("[data-testid=cl-stuck]");
  await stuck.locator("summary").click();
  return stuck.textContent();
}

/** Runs a command in the terminal and waits for a line holding `expected`. */
async function inTerminal(command, ...expected) {
  await page().locator("[data-testid=cl-tab-terminal]").click();
  const input = page().locator("[data-testid=cl-term-input]");
  await input.fill(command);
  await input.press("Enter");
  for (const text of expected) {
    await page().locator(".cl-term-line", { hasText: text }).first().waitFor();
  }
}

/** Pauses, brings pod 0's note into view and takes the screenshot. */
async function shotOfPod0(name) {
  await pod0().locator("[data-testid=cl-stuck]").scrollIntoViewIfNeeded();
  await page().waitForTimeout(300);
  await shot(name);
}

describe("pod lifecycle consequences", () => {
  test("a missing Secret holds the container until it is created", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("missing-secret");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "CreateContainerConfigError", null, { timeout: 30_000 });
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    const why = await stuck.textContent();
    assert.match(why, /its container cannot be created/);
    assert.match(why, /secret "postgres-secret" not found/);
    assert.match(why, /kubectl create secret generic postgres-secret --from-literal=KEY=VALUE -n scenarios/);
    await page().locator("[data-testid=cl-secret]").waitFor();
    assert.match(await page().locator("[data-testid=cl-secret]").textContent(), /postgres-secrets.*keys: password/);
    assert.equal(await page().locator("[data-testid=cl-pod]").count(), 1, "OrderedReady holds pods 1 and 2 back");
    await page().locator("[data-testid=cl-play]").click();
    await page().waitForTimeout(500);
    await stuck.scrollIntoViewIfNeeded();
    await shot("lifecycle-1-missing-secret");
    await page().locator("[data-testid=cl-play]").click();
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl create secret generic postgres-secret --from-literal=password=demo-password -n scenarios");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: "secret/postgres-secret created" }).waitFor();
    await page().waitForFunction(
      () => {
        const pods = [...document.querySelectorAll("[data-testid=cl-pod]")];
        return pods.length === 3 && pods.every((p) => p.dataset.state === "Ready 1/1");
      },
      null,
      { timeout: 30_000 },
    );
    assert.equal(await page().locator("[data-testid=cl-stuck]").count(), 0);
    await page().locator("[data-testid=cl-play]").click();
    await page().waitForTimeout(500);
    await shot("lifecycle-2-secret-created");
  });

  test("PGDATA at the root of the volume: initdb refuses lost+found, the pod crash-loops, its log says why", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("pgdata-mount-root");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "CrashLoopBackOff", null, { timeout: 30_000 });
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    assert.match(await stuck.textContent(), /initdb refuses a directory that is not empty/);
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl logs recovery-demo-db-0 -n scenarios --previous");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: 'initdb: error: directory "/data" exists but is not empty' }).waitFor();
    await page().locator(".cl-term-line", { hasText: "It contains a lost+found directory" }).waitFor();
    await page().locator("[data-testid=cl-play]").click();
    await page().waitForTimeout(500);
    await stuck.scrollIntoViewIfNeeded();
    await shot("lifecycle-3-pgdata-mount-root");
  });

  test("an init container that runs bash in busybox: Init:RunContainerError, the describe says why", async () => {
    await playMistake("init-bash", "8", /^Init:(RunContainerError|CrashLoopBackOff)$/, 30_000);
    const why = await whyStuck();
    assert.match(why, /an init container fails/);
    assert.match(why, /StartError, exit code 128/);
    assert.equal(await page().locator("[data-testid=cl-pod]").count(), 1, "OrderedReady holds pods 1 and 2 back");
    await inTerminal("kubectl describe pod recovery-demo-db-0 -n scenarios", "Init Containers:", 'exec: "bash": executable file not found in $PATH');
    await page().locator("[data-testid=cl-play]").click();
    await shotOfPod0("lifecycle-4-init-bash");
  });
  test("the guide's liveness probe kills a database in its crash recovery, again and again", async () => {
    // the load at 1:30, the unclean stop at 1:35, then kills at 50 s into each start
    await playMistake("liveness-kills-recovery", "60", /^CrashLoopBackOff$/);
    await page().locator("[data-testid=cl-play]").click();
    const why = await whyStuck();
    assert.match(why, /killed by its own probe/);
    assert.match(why, /replays its write-ahead log first/);
    assert.match(why, /add a startupProbe/);
    await inTerminal("kubectl describe pod recovery-demo-db-0 -n scenarios", "Liveness probe failed: /var/run/postgresql:5432 - rejecting connections", "Container postgres failed liveness probe, will be restarted");
    await inTerminal("kubectl logs recovery-demo-db-0 -n scenarios --previous", "automatic recovery in progress");
    await shotOfPod0("lifecycle-5-liveness-kills-recovery");
  });
  test("a memory limit below what postgres needs: OOMKilled, exit code 137, at every start", async () => {
    await playMistake("memory-too-low", "8", /^(OOMKilled|CrashLoopBackOff)$/);
    await page().locator("[data-testid=cl-play]").click();
    const why = await whyStuck();
    assert.match(why, /out of memory/);
    assert.match(why, /OOMKilled, exit code 137/);
    await inTerminal("kubectl describe pod recovery-demo-db-0 -n scenarios", /Reason:\s+OOMKilled/, /Exit Code:\s+137/);
    await shotOfPod0("lifecycle-6-oom");
  });
  test("no PGDATA: the rows live in the container and are gone with the pod", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("16");
    await page().locator("[data-testid=cl-consequence]").selectOption("pgdata-off-volume");
    await page().locator("[data-testid=cl-watching]").waitFor();
    const rows = () => pod0().locator("[data-testid=cl-ephemeral]").getAttribute("data-rows").then(Number);
    await page().waitForFunction(() => Number(document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"] [data-testid=cl-ephemeral]')?.dataset.rows ?? 0) > 300, null, { timeout: 60_000 });
    const before = await rows();
    assert.equal(await page().locator("[data-testid=cl-rows]").count(), 0, "the claims hold no rows");
    // pod 0 is deleted at 1:30 and comes back empty
    await page().waitForFunction((b) => {
      const n = Number(document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"] [data-testid=cl-ephemeral]')?.dataset.rows ?? -1);
      return n >= 0 && n < b / 2;
    }, before, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    await page().waitForTimeout(300);
    await pod0().scrollIntoViewIfNeeded();
    await shot("lifecycle-7-pgdata-off-volume");
  });

  test("postgres as uid 999 on a root-owned volume: the entrypoint's mkdir is refused", async () => {
    await playMistake("run-as-user", "8", /^CrashLoopBackOff$/);
    await page().locator("[data-testid=cl-play]").click();
    const why = await whyStuck();
    assert.match(why, /runs as uid 999/);
    assert.match(why, /fsGroup: 999/);
    await inTerminal("kubectl logs recovery-demo-db-0 -n scenarios --previous", "mkdir: can't create directory '/data/pgdata': Permission denied");
    await shotOfPod0("lifecycle-8-run-as-user");
  });
  test("no POSTGRES_PASSWORD: the entrypoint refuses to initialize a new volume", async () => {
    await playMistake("no-password", "8", /^CrashLoopBackOff$/);
    await page().locator("[data-testid=cl-play]").click();
    await inTerminal("kubectl logs recovery-demo-db-0 -n scenarios --previous", "Error: Database is uninitialized and superuser password is not specified.");
    await whyStuck();
    await shotOfPod0("lifecycle-9-no-password");
  });
  test("a CPU without its m: no node fits, the pod stays Pending with the scheduler's reason", async () => {
    await playMistake("cpu-without-m", "8", /^Pending$/);
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"] [data-testid=cl-stuck]') !== null, null, { timeout: 30_000 });
    await page().locator("[data-testid=cl-play]").click();
    const why = await whyStuck();
    assert.match(why, /3 Insufficient cpu/);
    await inTerminal("kubectl describe node node-1", /^Allocatable:/, /^\s+cpu:\s+4$/);
    assert.equal(await page().locator("[data-testid=cl-pod]").count(), 1, "OrderedReady holds pods 1 and 2 back");
    await shotOfPod0("lifecycle-10-cpu-without-m");
  });
  test("a readiness probe that counts the rows times out once the table is large: the pod leaves DNS", async () => {
    await playMistake("probe-counts-rows", "16", /^Ready 1\/1$/);
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"] [data-testid=cl-stuck]') !== null, null, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    assert.equal(await pod0().getAttribute("data-state"), "Running 0/1");
    const why = await whyStuck();
    assert.match(why, /its readiness probe times out/);
    assert.match(why, /pg_isready/);
    await inTerminal("kubectl describe pod recovery-demo-db-0 -n scenarios", 'Readiness probe failed: command "psql -U postgres -c SELECT count(*) FROM readings" timed out');
    await inTerminal("nslookup recovery-demo-db-0.recovery-demo-headless -n scenarios", "NXDOMAIN");
    // the explanation read, hide it to see the pod and why
    await page().locator("[data-testid=cl-watching] .cl-dismiss").click();
    await shotOfPod0("lifecycle-11-probe-times-out");
  });
  test("a finding whose mistake shows at run time offers to play it: See what happens", async () => {
    await setText(readFileSync(new URL("../crates/core/examples/broken/pgdata-is-mount-root.yaml", import.meta.url), "utf8"));
    await openTab("Problems");
    const finding = page().locator('.problem[data-code="PVC012"]');
    await finding.scrollIntoViewIfNeeded();
    await shot("problems-see-what-happens");
    await finding.locator("[data-testid=see-what-happens]").click();
    await page().locator("[data-testid=cl-watching]", { hasText: "PGDATA at the root of the volume" }).waitFor();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "CrashLoopBackOff", null, { timeout: 30_000 });
    assert.equal(await page().getByRole("tab", { name: /^Cluster/ }).getAttribute("aria-selected"), "true");
  });
});
