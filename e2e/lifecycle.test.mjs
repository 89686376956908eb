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
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("init-bash");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().waitForFunction(() => /^Init:(RunContainerError|CrashLoopBackOff)$/.test(document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state ?? ""), null, { timeout: 30_000 });
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    const why = await stuck.textContent();
    assert.match(why, /an init container fails/);
    assert.match(why, /StartError, exit code 128/);
    assert.equal(await page().locator("[data-testid=cl-pod]").count(), 1, "OrderedReady holds pods 1 and 2 back");
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl describe pod recovery-demo-db-0 -n scenarios");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: "Init Containers:" }).waitFor();
    await page().locator(".cl-term-line", { hasText: 'exec: "bash": executable file not found in $PATH' }).first().waitFor();
    await page().locator("[data-testid=cl-play]").click();
    await page().waitForTimeout(500);
    await stuck.scrollIntoViewIfNeeded();
    await shot("lifecycle-4-init-bash");
  });

  test("the guide's liveness probe kills a database in its crash recovery, again and again", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("60");
    await page().locator("[data-testid=cl-consequence]").selectOption("liveness-kills-recovery");
    await page().locator("[data-testid=cl-watching]").waitFor();
    // the load at 1:30, the unclean stop at 1:35, then kills at 50 s into each start
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "CrashLoopBackOff", null, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    const why = await stuck.textContent();
    assert.match(why, /killed by its own probe/);
    assert.match(why, /replays its write-ahead log first/);
    assert.match(why, /add a startupProbe/);
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl describe pod recovery-demo-db-0 -n scenarios");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: "Liveness probe failed: /var/run/postgresql:5432 - rejecting connections" }).first().waitFor();
    await page().locator(".cl-term-line", { hasText: "Container postgres failed liveness probe, will be restarted" }).first().waitFor();
    await input.fill("kubectl logs recovery-demo-db-0 -n scenarios --previous");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: "automatic recovery in progress" }).first().waitFor();
    await stuck.scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("lifecycle-5-liveness-kills-recovery");
  });

  test("a memory limit below what postgres needs: OOMKilled, exit code 137, at every start", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("memory-too-low");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().waitForFunction(() => /^(OOMKilled|CrashLoopBackOff)$/.test(document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state ?? ""), null, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    const why = await stuck.textContent();
    assert.match(why, /out of memory/);
    assert.match(why, /OOMKilled, exit code 137/);
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl describe pod recovery-demo-db-0 -n scenarios");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: /Reason:\s+OOMKilled/ }).first().waitFor();
    await page().locator(".cl-term-line", { hasText: /Exit Code:\s+137/ }).first().waitFor();
    await stuck.scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("lifecycle-6-oom");
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
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("run-as-user");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "CrashLoopBackOff", null, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    const why = await stuck.textContent();
    assert.match(why, /runs as uid 999/);
    assert.match(why, /fsGroup: 999/);
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl logs recovery-demo-db-0 -n scenarios --previous");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: "mkdir: can't create directory '/data/pgdata': Permission denied" }).first().waitFor();
    await stuck.scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("lifecycle-8-run-as-user");
  });

  test("no POSTGRES_PASSWORD: the entrypoint refuses to initialize a new volume", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("no-password");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "CrashLoopBackOff", null, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    await page().locator("[data-testid=cl-tab-terminal]").click();
    const input = page().locator("[data-testid=cl-term-input]");
    await input.fill("kubectl logs recovery-demo-db-0 -n scenarios --previous");
    await input.press("Enter");
    await page().locator(".cl-term-line", { hasText: "Error: Database is uninitialized and superuser password is not specified." }).first().waitFor();
    const stuck = pod0().locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    await stuck.scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("lifecycle-9-no-password");
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
