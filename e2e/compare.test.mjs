// End-to-end test of "Compare with a Deployment" (issue 18): the guide's StatefulSet and its
// nearest Deployment side by side on one simulated cluster, the same moves on both, and the
// difference named after each. The screenshot goes to docs/screenshots/compare-delete-pod.png.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openTab, setUp, shot, t } from "./helpers.mjs";

setUp();

const page = () => t.page;
const lane = (kind) => page().locator(`[data-testid=compare-lane][data-kind=${kind}]`);
const podNames = async (kind) => (await lane(kind).locator("[data-testid=compare-pod] .compare-pod-name").allTextContents()).sort();

describe("compare", () => {
  test("the guide as a Deployment: a deleted pod comes back under its name only in the StatefulSet", async () => {
    await openTab("Compare");
    await page().locator("[data-testid=compare-start]").click();
    await lane("StatefulSet").waitFor();
    assert.deepEqual(await podNames("StatefulSet"), ["recovery-demo-db-0", "recovery-demo-db-1", "recovery-demo-db-2"]);
    const before = await podNames("Deployment");
    assert.equal(before.length, 3);
    for (const name of before) assert.match(name, /^recovery-demo-db-[a-z0-9]{9,10}-[a-z0-9]{5}$/);
    // the DaemonSet: one pod per node, named <daemonset>-<5 characters>
    const daemons = await podNames("DaemonSet");
    assert.equal(daemons.length, 3);
    for (const name of daemons) assert.match(name, /^recovery-demo-db-[a-z0-9]{5}$/);
    // one shared ReadWriteOnce claim: the replicas on other nodes wait for the volume
    assert.ok((await lane("Deployment").locator(".compare-pod.is-waiting").count()) >= 1);
    assert.match(await lane("Deployment").locator("[data-testid=compare-storage]").textContent(), /3 pods share the ReadWriteOnce claim data-recovery-demo-db; its disk is attached to node-\d and can be attached to one node at a time/);
    await page().locator("[data-testid=compare-move][data-move=delete-pod]").click();
    const difference = page().locator("[data-testid=compare-entry][data-move=delete-pod] [data-testid=compare-difference]");
    await difference.waitFor();
    assert.match(await difference.textContent(), /The StatefulSet brought recovery-demo-db-0 back under the same name, on the same claim\. The Deployment replaced recovery-demo-db-\S+ with recovery-demo-db-\S+: a name nobody knew.* The DaemonSet put a new pod, recovery-demo-db-\S+, back on the same node/);
    assert.deepEqual(await podNames("StatefulSet"), ["recovery-demo-db-0", "recovery-demo-db-1", "recovery-demo-db-2"]);
    const after = await podNames("Deployment");
    assert.ok(after.some((n) => !before.includes(n)), `a new name among ${after}`);
    await page().locator("[data-testid=compare-latest]").scrollIntoViewIfNeeded();
    await page().waitForTimeout(200);
    await shot("compare-delete-pod");
    // what the Deployment cannot say
    await lane("Deployment").locator(".compare-dropped summary").click();
    assert.match(await lane("Deployment").locator(".compare-dropped").textContent(), /volumeClaimTemplates/);
  });

  test("scaling up is ordered in the StatefulSet and at once in the Deployment; a lost node strands one and hangs the other", async () => {
    await openTab("Compare");
    await page().locator("[data-testid=compare-start]").click();
    await page().locator("[data-testid=compare-move][data-move=scale-up]").click();
    const up = page().locator("[data-testid=compare-entry][data-move=scale-up] [data-testid=compare-difference]");
    await up.waitFor();
    assert.match(await up.textContent(), /one after another.*at once/);
    await page().locator("[data-testid=compare-move][data-move=lose-node]").click();
    const lost = page().locator("[data-testid=compare-entry][data-move=lose-node] [data-testid=compare-difference]");
    await lost.waitFor();
    assert.match(await lost.textContent(), /went silent\. The StatefulSet will not replace recovery-demo-db-\d(, recovery-demo-db-\d)* while it may still run there/);
    assert.ok((await lane("StatefulSet").locator(".compare-pod.is-terminating").count()) >= 1);
    await shot("compare-lose-node");
  });

  test("lesson 1 plays the comparison: predict, then delete a pod in both", async () => {
    await openTab("Lessons");
    await page().getByTestId("open-lesson-what-is-a-statefulset").click();
    await page().getByRole("button", { name: /^Step 4(, done)?$/ }).click();
    await page().locator("[data-testid=predict]").waitFor();
    // the right answer: the same name in the StatefulSet, a new random name in the Deployment
    await page().getByTestId("choice-1").click();
    assert.match(await page().getByTestId("choice-1").getAttribute("class"), /choice-right/);
    const inLesson = page().locator(".teach-compare");
    await inLesson.locator("[data-testid=compare-start]").click();
    await inLesson.locator("[data-testid=compare-move][data-move=delete-pod]").click();
    await inLesson.locator("[data-testid=compare-latest]").waitFor();
    await page().locator("[data-testid=step-check][data-done=true]").waitFor();
    await shot("compare-lesson-1");
  });
});
