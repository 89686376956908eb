// End-to-end tests of nodes, drains and budgets in the cluster view (issue 14): a node cut off
// the network with the pod on it stuck Terminating and explained, then force-deleted from the
// terminal, its replacement waiting for the volume's force detach; the guide's budget refusing
// an eviction while two nodes drain; a disruption mistake played from the menu; and the nodes
// on a phone. Screenshots go to docs/screenshots/nodes-*.png.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, openTab, setText, setUp, shot, t } from "./helpers.mjs";

setUp();

const page = () => t.page;
const pod = (n) => page().locator(`[data-testid=cl-pod][data-name="recovery-demo-db-${n}"]`);
const nodeCard = (name) => page().locator(`[data-testid=cl-node-card][data-name="${name}"]`);

const PDB = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: recovery-demo-pdb
  namespace: scenarios
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: recovery-demo
`;

async function openCluster(speed = "8") {
  await openTab("Cluster");
  await page().locator("[data-testid=cluster]").waitFor();
  await page().locator("[data-testid=cl-speed]").selectOption(speed);
}

async function applyWithNamespace() {
  await page().locator("[data-testid=cl-apply]").click();
  await page().locator("[data-testid=cl-offer]", { hasText: "Create namespace scenarios" }).click();
  await page().locator("[data-testid=cl-notice]").waitFor({ state: "detached" });
}

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

/** The node a pod card says it runs on. */
async function nodeOf(n) {
  return (await pod(n).locator("[data-testid=cl-node]").textContent()).trim();
}

async function nodeMenu(name, op) {
  await nodeCard(name).locator("[data-testid=cl-node-menu]").selectOption(op);
}

async function run(command) {
  await page().locator("[data-testid=cl-tab-terminal]").click();
  const input = page().locator("[data-testid=cl-term-input]");
  await input.fill(command);
  await input.press("Enter");
  await page().locator(".cl-term-line.is-command", { hasText: command }).last().waitFor();
}

async function terminalText() {
  await page().locator("[data-testid=cl-tab-terminal]").click();
  return page().locator("[data-testid=cl-term-screen]").innerText();
}

/** Pauses, lets transitions end, brings `focus` (a locator) into view, saves a screenshot. */
async function still(name, focus) {
  const play = page().locator("[data-testid=cl-play]");
  if ((await play.getAttribute("aria-pressed")) === "true") await play.click();
  await page().waitForTimeout(600);
  if (focus) await focus.scrollIntoViewIfNeeded();
  await shot(name);
}

async function play() {
  const play = page().locator("[data-testid=cl-play]");
  if ((await play.getAttribute("aria-pressed")) !== "true") await play.click();
}

describe("nodes, drains and budgets", () => {
  test("a node cut off: the pod stays Terminating and says why; a force delete brings it back after the volume's force detach", async () => {
    await openCluster("60");
    await applyWithNamespace();
    await readyPods(3);
    const cards = page().locator("[data-testid=cl-node-card]");
    assert.equal(await cards.count(), 3);
    const node = await nodeOf(0);
    await nodeMenu(node, "down");
    assert.match(await nodeCard(node).getAttribute("data-status"), /^Ready/, "the cluster notices only after the grace period");
    await nodeCard(node).locator("[data-testid=cl-node-note]").waitFor();
    // NotReady after 50 s, the taints, then the eviction at 5:50
    await page().waitForFunction((n) => document.querySelector(`[data-testid=cl-node-card][data-name="${n}"]`)?.dataset.status === "NotReady", node, { timeout: 30_000 });
    assert.match(await nodeCard(node).locator("[data-testid=cl-taint]").first().textContent(), /unreachable/);
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "Terminating", null, { timeout: 60_000 });
    const stuck = pod(0).locator("[data-testid=cl-stuck]");
    await stuck.locator("summary").click();
    const why = await stuck.textContent();
    assert.match(why, /stuck Terminating: its node does not answer/);
    assert.match(why, /will not create a new recovery-demo-db-0 while it exists/);
    assert.match(why, /--grace-period=0 --force/);
    await stuck.scrollIntoViewIfNeeded();
    await still("nodes-1-terminating-forever");
    // nothing happens however long it waits
    await play();
    await page().waitForTimeout(1500);
    assert.equal(await pod(0).getAttribute("data-state"), "Terminating");
    await run("kubectl delete pod recovery-demo-db-0 -n scenarios --grace-period=0 --force");
    const text = await terminalText();
    assert.match(text, /Warning: Immediate deletion does not wait for confirmation/);
    assert.match(text, /pod "recovery-demo-db-0" force deleted from scenarios namespace/);
    assert.match(text, /two copies of this identity may run at once/);
    // the replacement lands elsewhere, and its volume is still attached to the dead node
    await page().waitForFunction((n) => {
      const card = document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]');
      const where = card?.querySelector("[data-testid=cl-node]")?.textContent;
      return card && card.dataset.state !== "Terminating" && where && where.trim() !== n;
    }, node, { timeout: 15_000 });
    await page().locator("[data-testid=cl-pv-attach]", { hasText: `still attached to ${node}` }).first().waitFor({ timeout: 15_000 });
    const multi = pod(0).locator("[data-testid=cl-stuck]");
    await multi.locator("summary").click();
    assert.match(await multi.textContent(), /force-detaches it more than 6 minutes after/);
    await multi.scrollIntoViewIfNeeded();
    await still("nodes-2-multi-attach");
    await play();
    await page().waitForFunction(() => document.querySelector('[data-testid=cl-pod][data-name="recovery-demo-db-0"]')?.dataset.state === "Ready 1/1", null, { timeout: 60_000 });
    await nodeMenu(node, "up");
    await page().waitForFunction((n) => document.querySelector(`[data-testid=cl-node-card][data-name="${n}"]`)?.dataset.status === "Ready", node);
    await still("nodes-3-recovered");
  });

  test("two drains with the guide's budget: the second eviction is refused, retried, and lets through once the first replica is back", async () => {
    await setText((await import("node:fs")).readFileSync(new URL("../crates/core/examples/guide.yaml", import.meta.url), "utf8") + PDB);
    await openCluster("8");
    await applyWithNamespace();
    await readyPods(3);
    const pdb = page().locator("[data-testid=cl-pdb]");
    assert.match(await pdb.locator("[data-testid=cl-pdb-allowed]").textContent(), /ALLOWED DISRUPTIONS 1/);
    await page().locator("[data-testid=cl-speed]").selectOption("1");
    await nodeMenu("node-1", "drain");
    await nodeMenu("node-2", "drain");
    await pdb.locator("[data-testid=cl-pdb-refused]").waitFor();
    assert.match(await pdb.locator("[data-testid=cl-pdb-allowed]").textContent(), /ALLOWED DISRUPTIONS 0/);
    const text = await terminalText();
    assert.match(text, /\$ kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data/);
    assert.match(text, /error when evicting pods\/"recovery-demo-db-\d" -n "scenarios" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    await page().locator("[data-testid=cl-stuck] summary", { hasText: "eviction refused by the budget" }).first().click();
    await page().locator("[data-testid=cl-tab-terminal]").click();
    await still("nodes-4-budget-refuses", pdb);
    await play();
    await page().locator("[data-testid=cl-speed]").selectOption("8");
    await page().locator(".cl-term-line", { hasText: "node/node-2 drained" }).waitFor({ timeout: 30_000 });
    await page().locator(".cl-term-line", { hasText: "node/node-1 drained" }).waitFor({ timeout: 30_000 });
    await readyPods(3);
    assert.equal(await nodeCard("node-3").locator("[data-testid=cl-node-pod]").count(), 3);
    assert.match(await nodeCard("node-1").getAttribute("data-status"), /SchedulingDisabled/);
    await still("nodes-5-drained");
  });

  test("Play a mistake: a budget that allows nothing makes the drain time out", async () => {
    await openCluster("60");
    await page().locator("[data-testid=cl-consequence]").selectOption("pdb-allows-nothing");
    await page().locator("[data-testid=cl-watching]").waitFor();
    await page().locator("[data-testid=cl-tab-terminal]").click();
    await page().locator(".cl-term-line", { hasText: "global timeout reached: 2m0s" }).first().waitFor({ timeout: 60_000 });
    const pdb = page().locator("[data-testid=cl-pdb]");
    assert.equal(await pdb.getAttribute("data-allowed"), "0");
    assert.match(await pdb.locator("[data-testid=cl-pdb-refused]").textContent(), /refused \d+ eviction/);
    await still("nodes-6-budget-allows-nothing", pdb);
  });

  test("the nodes on a phone: three cards, their menus whole", async () => {
    await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openCluster("8");
    await applyWithNamespace();
    await readyPods(3);
    const boxes = await page().locator("[data-testid=cl-node-menu]").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]));
    assert.equal(boxes.length, 3);
    for (const [left, right] of boxes) assert.ok(left >= 0 && right <= 390, `a node menu is cut: ${left}..${right}`);
    await page().locator("[data-testid=cl-nodes]").scrollIntoViewIfNeeded();
    await still("nodes-7-phone");
  });
});
