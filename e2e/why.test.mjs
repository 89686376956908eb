// End-to-end test of "why" (issue 17): the reason a StatefulSet is not complete, under its
// header in the cluster view with the pods it names outlined, and the same sentence from the
// terminal's `why`. The screenshot goes to docs/screenshots/why-set-waits.png.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { editor, openTab, runInTerminal, setText, setUp, shot, t } from "./helpers.mjs";

setUp();

const page = () => t.page;

describe("why", () => {
  test("the set says why it waits: pod 0 Pending with the scheduler's reason, OrderedReady holds the rest", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator("[data-testid=cl-consequence]").selectOption("cpu-without-m");
    await page().locator("[data-testid=cl-watching]").waitFor();
    const why = page().locator("[data-testid=cl-set-why]");
    await page().waitForFunction(() => /Unschedulable/.test(document.querySelector("[data-testid=cl-set-why]")?.textContent ?? ""), null, { timeout: 30_000 });
    await page().locator("[data-testid=cl-play]").click();
    const text = await why.textContent();
    assert.match(text, /PodNotReady recovery-demo-db-0 is not scheduled yet: under OrderedReady the controller waits for it to be Running and Ready before it creates recovery-demo-db-1\./);
    assert.match(text, /Unschedulable .*3 Insufficient cpu/);
    const pod0 = page().locator('[data-testid=cl-pod][data-name="recovery-demo-db-0"]');
    assert.match(await pod0.getAttribute("class"), /is-waited-on/);
    // the terminal says the same
    const screen = await runInTerminal("why -n scenarios");
    assert.match(screen, /statefulset\/recovery-demo-db \(scenarios\) waits:/);
    assert.match(screen, /Unschedulable: /);
    await page().locator("[data-testid=cl-watching] .cl-dismiss").click();
    // the played manifest is not the editor's: no line of the editor is offered
    assert.equal(await page().locator("[data-testid=cl-why-line]").count(), 0);
    await why.scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("why-set-waits");
  });

  test("a reason points at the line behind it: no Service of the serviceName, and a link to spec.serviceName", async () => {
    // the editor's manifest without its Service document
    const guide = await editor().inputValue();
    const setOnly = guide.slice(guide.indexOf("---\n") + 4);
    await setText(setOnly);
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("16");
    await page().locator("[data-testid=cl-apply]").click();
    await page().locator("[data-testid=cl-offer]", { hasText: "Create namespace scenarios" }).click();
    await page().waitForFunction(() => /ServiceMissing/.test(document.querySelector("[data-testid=cl-set-why]")?.textContent ?? ""), null, { timeout: 30_000 });
    const link = page().locator("[data-testid=cl-set-why] li[data-code=ServiceMissing] [data-testid=cl-why-line]");
    const line = setOnly.split("\n").findIndex((l) => l.includes("serviceName:")) + 1;
    assert.equal(await link.textContent(), `line ${line}`);
    await link.click();
    const selected = await editor().evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(selected, "recovery-demo-headless");
  });

  test("Preview says what Apply would do before it does: the pods rolled from the highest ordinal, the claims kept", async () => {
    const guide = await editor().inputValue();
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("16");
    await page().locator("[data-testid=cl-apply]").click();
    await page().locator("[data-testid=cl-offer]", { hasText: "Create namespace scenarios" }).click();
    await page().waitForFunction(() => [...document.querySelectorAll("[data-testid=cl-pod]")].filter((p) => p.dataset.state === "Ready 1/1").length === 3, null, { timeout: 60_000 });
    await setText(guide.replace("postgres:13-alpine", "postgres:14-alpine"));
    await openTab("Cluster");
    await page().locator("[data-testid=cl-play]").click();
    await page().locator("[data-testid=cl-preview]").click();
    const notice = page().locator("[data-testid=cl-notice]");
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /Apply would do this/);
    assert.match(text, /pods replaced, in order: recovery-demo-db-2, recovery-demo-db-1, recovery-demo-db-0/);
    assert.match(text, /claims kept: data-recovery-demo-db-0, data-recovery-demo-db-1, data-recovery-demo-db-2/);
    // nothing changed yet
    assert.equal(await page().locator('[data-testid=cl-set-revision]').count(), 0);
    await shot("why-preview-before-apply");
    await page().locator("[data-testid=cl-offer]", { hasText: "Apply it" }).click();
    await page().locator("[data-testid=cl-set-revision]").waitFor({ timeout: 10_000 });
  });

  test("the stress test: twelve drills on the manifest, the rollback trap at its line, the tested items judged", async () => {

    await openTab("Checklist");
    // it starts by itself a moment after the text last changed, one drill per slice
    await page().locator("[data-testid=stress-card][data-done=true]").waitFor({ timeout: 30_000 });
    assert.equal(await page().getByTestId("stress-drill").count(), 12);
    for (const id of ["tested-scaling", "tested-recovery", "tested-persistence"]) {
      assert.equal(await page().getByTestId(`check-${id}`).getAttribute("data-status"), "pass", id);
    }
    const blocked = page().locator('[data-testid=stress-drill][data-outcome=blocked]');
    assert.equal(await blocked.count(), 1);
    assert.match(await blocked.textContent(), /forced-rollback trap/);
    await blocked.scrollIntoViewIfNeeded();
    await shot("checklist-stress-test");
    await blocked.getByTestId("stress-line").click();
    const selected = await editor().evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.match(selected, /postgres:13-alpine/);
    // an edit starts it again: until the new run is done, the tested items are the learner's
    await setText((await editor().inputValue()).replace("replicas: 3", "replicas: 2"));
    await openTab("Checklist");
    await page().locator("[data-testid=stress-card][data-done=true]").waitFor({ timeout: 30_000 });
    assert.equal(await page().getByTestId("stress-drill").count(), 11, "two pods to delete, not three");
  });
});
