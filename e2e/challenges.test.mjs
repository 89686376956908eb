// End-to-end tests of issue 20 in the browser: "Fix it" challenges played by their actions
// (hints one at a time, the simulator's waiting reason on request, the fix made in the lab's
// terminal or the editor, ✔ when the cluster works again, the solution only when asked for),
// their progress kept in this browser, a lesson a teacher wrote opened from a file or dropped
// (its problems listed by line and column) and carried by a share link, and presenter mode
// saying where the lesson or challenge stands. Screenshots: docs/screenshots/challenge-*.png
// and lesson-13-presenter.png.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, caretAt, editor, openTab, setText, setUp, shot, t } from "./helpers.mjs";

setUp();

const EXAMPLE = join(ROOT, "docs", "examples", "lesson-scale-down.md");
const challenge = () => t.page.getByTestId("challenge");
const status = () => t.page.getByTestId("challenge-status");

async function toList() {
  await openTab("Lessons");
  const back = t.page.getByRole("button", { name: /^All lessons/ });
  if (await back.count()) await back.click();
  await t.page.getByTestId("challenges").waitFor();
}

async function openChallenge(id) {
  await toList();
  await t.page.getByTestId(`open-challenge-${id}`).click();
  await challenge().waitFor();
  assert.equal(await challenge().getAttribute("data-challenge"), id);
}

async function runInLab(command) {
  const before = await t.page.locator("[data-testid=lab-transcript] .lab-entry").count();
  await t.page.getByTestId("lab-input").fill(command);
  await t.page.getByTestId("lab-input").press("Enter");
  await t.page.waitForFunction((n) => document.querySelectorAll("[data-testid=lab-transcript] .lab-entry").length > n || n >= 40, before);
  return t.page.locator("[data-testid=lab-transcript] .lab-entry").last().innerText();
}

async function waitFixed(timeout = 30_000) {
  await t.page.waitForFunction(() => document.querySelector("[data-testid=challenge-status]")?.dataset.done === "true", null, { timeout });
}

/** Runs the lab at its fastest until the challenge is fixed, then reads its line in the list. */
async function fixedThenListed(id) {
  await t.page.getByTestId("lab-speed").selectOption("60");
  await waitFixed(60_000);
  await toList();
  return t.page.getByTestId(`challenge-progress-${id}`).textContent();
}

/** Makes a share link of what is on screen and opens it as someone else would: nothing saved. */
async function openOwnShareLink() {
  await t.page.getByTestId("share").click();
  const link = await t.page.getByTestId("share-link").inputValue();
  assert.ok(link.includes("#share="), link);
  await t.context.clearCookies();
  await t.page.evaluate(() => localStorage.clear());
  await t.page.goto("about:blank");
  await t.page.goto(link);
}

/** Hints shown one at a time, each only when asked for; returns the texts shown. */
async function takeHints(n) {
  const texts = [];
  for (let i = 1; i <= n; i++) {
    assert.equal(await t.page.locator(`[data-testid=hint-${i}]`).count(), 0, `hint ${i} shown before it was asked for`);
    assert.equal(await t.page.getByTestId("hint").textContent(), `Hint ${i} of 3`);
    await t.page.getByTestId("hint").click();
    await t.page.getByTestId(`hint-${i}`).waitFor();
    texts.push(await t.page.getByTestId(`hint-${i}`).innerText());
    assert.equal(await t.page.locator(`[data-testid=hint-${i + 1}]`).count(), 0, `hint ${i + 1} came with hint ${i}`);
  }
  return texts;
}

async function askWhy() {
  await t.page.getByTestId("why").click();
  await t.page.getByTestId("why-text").waitFor();
  return t.page.getByTestId("why-text").innerText();
}

/** The solution's explanation is nowhere on the page until "Show the solution". */
async function assertNoSolution(phrase) {
  assert.equal(await t.page.getByTestId("solution").count(), 0);
  assert.ok(!(await t.page.locator("body").innerText()).includes(phrase), `the solution's "${phrase}" is shown before it was asked for`);
}

describe("Fix it challenges", () => {
  test("the list beside the lessons gives symptom titles only; challenge 9 fixed in the terminal with two hints and the waiting reason", async () => {
    await toList();
    const cards = t.page.locator("[data-testid^=open-challenge-]");
    assert.equal(await cards.count(), 9);
    const list = await t.page.getByTestId("challenges").innerText();
    assert.match(list, /Pending since the maintenance/);
    assert.ok(!list.includes("cordon"), "the list gives away the fix");
    assert.match(await t.page.getByTestId("teach-progress").textContent(), /Challenges: 0 of 9 fixed/);

    await openChallenge("pending-after-maintenance");
    assert.match(await t.page.getByTestId("lesson-name").textContent(), /^Fix it 9 · Pending since the maintenance$/);
    assert.ok((await t.page.getByTestId("symptom").innerText()).length > 20);
    await assertNoSolution("uncordon");
    // the lab is the broken cluster: db-2 Pending, every node cordoned
    await t.page.locator(".lab #obj-pod-scenarios-recovery-demo-db-2").waitFor();
    assert.equal(await status().getAttribute("data-done"), "false");
    assert.match(await runInLab("kubectl get nodes"), /SchedulingDisabled/);

    const hints = await takeHints(2);
    assert.match(hints[1], /Hint 2: /);
    assert.equal(await t.page.getByTestId("hint").textContent(), "Hint 3 of 3");
    const why = await askWhy();
    assert.match(why, /recovery-demo-db-2/);
    await assertNoSolution("uncordon node-1");

    for (const n of [1, 2, 3]) assert.match(await runInLab(`kubectl uncordon node-${n}`), new RegExp(`node/node-${n} uncordoned`));
    await t.page.getByTestId("lab-speed").selectOption("60");
    await waitFixed();
    assert.match(await status().textContent(), /Fixed/);
    assert.equal(await t.page.getByTestId("lesson-where").textContent(), "Fixed");
    await t.page.getByTestId("challenge-title").scrollIntoViewIfNeeded();
    await shot("challenge-fixed");

    // the list shows it fixed, with the help taken, and keeps it over a reload
    await toList();
    assert.equal(await t.page.getByTestId("challenge-progress-pending-after-maintenance").textContent(), "✔ fixed (2 hints)");
    assert.match(await t.page.getByTestId("teach-progress").textContent(), /Challenges: 1 of 9 fixed, 1 without the solution\./);
    await t.page.reload();
    await toList();
    assert.equal(await t.page.getByTestId("challenge-progress-pending-after-maintenance").textContent(), "✔ fixed (2 hints)");
    // reopened, the two hints are there and the third still waits
    await openChallenge("pending-after-maintenance");
    await t.page.getByTestId("hint-2").waitFor();
    assert.equal(await t.page.locator("[data-testid=hint-3]").count(), 0);
  });

  test("challenge 1: the node is gone for good; the learner finds its node and tells the cluster in the terminal", async () => {
    await openChallenge("unreachable-replica");
    await assertNoSolution("out-of-service");
    // the lab draws the cluster as the Cluster tab does, but keeps the reasons for "Why is it
    // waiting?" and has no node menu naming the fix
    await t.page.locator("#teach-lab #obj-pod-scenarios-recovery-demo-db-1[data-state=Terminating]").waitFor();
    assert.equal(await t.page.locator("#teach-lab [data-testid=cl-set-why]").isVisible(), false);
    assert.equal(await t.page.locator("#teach-lab [data-testid=cl-node-menu]").count(), 0);
    // the Cluster tab plays the same cluster, drawn as a quiz too: no node menu, no reasons,
    // no timeline of the commands that broke it
    await openTab("Cluster");
    assert.match(await t.page.getByTestId("cl-notice").innerText(), /Challenge 1's lab is playing here\./);
    await t.page.locator("[data-testid=cluster] #obj-pod-scenarios-recovery-demo-db-1[data-state=Terminating]").waitFor();
    assert.equal(await t.page.locator("[data-testid=cluster] [data-testid=cl-node-menu]").count(), 0);
    assert.equal(await t.page.locator("[data-testid=cluster] [data-testid=cl-set-why]").isVisible(), false);
    assert.equal(await t.page.locator(".cl-marker").count(), 0);
    await openTab("Lessons");
    await takeHints(1);
    const why = await askWhy();
    assert.match(why, /recovery-demo-db-1/);
    // which node? the learner reads it, as in a real cluster
    const wide = await runInLab("kubectl get pod recovery-demo-db-1 -o wide");
    const node = wide.match(/\b(node-\d+)\b/)?.[1];
    assert.ok(node, `no node in:\n${wide}`);
    assert.match(await runInLab("kubectl get nodes"), new RegExp(`${node}\\s+NotReady`));
    assert.equal(await status().getAttribute("data-done"), "false");
    assert.match(await runInLab(`kubectl taint nodes ${node} node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`), new RegExp(`node/${node} tainted`));
    assert.equal(await fixedThenListed("unreachable-replica"), "✔ fixed (1 hint)");
  });

  test("challenge 8: PGDATA on the mount, fixed in the editor, applied, the pods recreated in the terminal", async () => {
    await openChallenge("fresh-install-never-starts");
    await takeHints(3);
    assert.equal(await t.page.getByTestId("hint").textContent(), "No more hints");
    assert.ok(await t.page.getByTestId("hint").isDisabled());
    await askWhy();
    // the edit a learner makes: PGDATA into a directory below the mount
    const text = await editor().inputValue();
    const at = text.search(/value: \/data\n/);
    assert.ok(at >= 0, "PGDATA is not /data in the broken manifest");
    await caretAt("value: /data\n", "value: /data".length);
    await t.page.keyboard.type("/pgdata");
    assert.match(await editor().inputValue(), /value: \/data\/pgdata\n/);
    assert.equal(await status().getAttribute("data-done"), "false", "fixed before the cluster runs the fix");
    await t.page.getByTestId("lab-apply").click();
    await runInLab("kubectl delete pod -l app=recovery-demo");
    assert.equal(await fixedThenListed("fresh-install-never-starts"), "✔ fixed (3 hints)");
  });

  test("challenge 5: Show the solution explains, Play the solution fixes; opening asks before replacing edited text", async () => {
    await setText("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n");
    await t.page.waitForFunction(() => localStorage.getItem("ordinal.editor.text")?.includes("name: mine"));
    await toList();
    await t.page.getByTestId("open-challenge-pending-forever").click();
    await t.page.getByTestId("lesson-confirm").waitFor();
    assert.match(await t.page.getByTestId("lesson-confirm").innerText(), /Challenge 5 starts from the guide's manifests\. Replace your text\?/);
    assert.equal(await editor().inputValue(), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n", "replaced before the answer");
    await t.page.getByTestId("lesson-confirm-replace").click();
    await challenge().waitFor();
    assert.match(await t.page.getByTestId("share-banner").textContent(), /Challenge 5 starts from the guide's manifests: they replaced your text/);
    assert.ok(!(await editor().inputValue()).includes("name: mine"));

    await t.page.getByTestId("show-solution").click();
    await t.page.getByTestId("solution").waitFor();
    const solution = await t.page.getByTestId("solution").innerText();
    assert.ok(solution.length > 100, solution);
    assert.equal(await status().getAttribute("data-done"), "false");
    await t.page.getByTestId("lab-speed").selectOption("60");
    await t.page.getByTestId("play-solution").click();
    await waitFixed(60_000);
    assert.ok(await t.page.getByTestId("play-solution").isDisabled());
    await toList();
    assert.equal(await t.page.getByTestId("challenge-progress-pending-forever").textContent(), "✔ fixed (solution shown)");
    assert.match(await t.page.getByTestId("teach-progress").textContent(), /Challenges: 1 of 9 fixed, 0 without the solution\./);
  });

  test("a challenge in presenter mode at 1280×720 says which one it is", async () => {
    await openChallenge("drain-hangs");
    await takeHints(1);
    await askWhy();
    await t.page.getByTestId("presenter-toggle").click();
    await t.page.locator(".app.presenter").waitFor();
    const name = t.page.getByTestId("lesson-name");
    assert.equal(await name.textContent(), "Fix it 2 · A drain has hung for ten minutes");
    for (const el of [name, t.page.getByTestId("lesson-where"), t.page.getByTestId("challenge-title")]) {
      const box = await el.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 720 && box.width > 0, `not on the projector: ${JSON.stringify(box)}`);
    }
    // fixed by editing the budget in the manifest: the editor stays in sight
    assert.equal(await t.page.locator(".app.presenter-lab").count(), 0);
    assert.equal(await editor().isVisible(), true);
    await shot("challenge-presenter-editor");
    // challenge 1 is investigated and fixed in the lab: the challenge beside its lab, without
    // the editor, the pods on the projector too
    await t.page.keyboard.press("Escape");
    await t.page.locator(".app.presenter").waitFor({ state: "detached" });
    await toList();
    await t.page.getByTestId("open-challenge-unreachable-replica").click();
    // challenge 2's broken manifest is in the editor: the page asks before replacing it
    await t.page.getByTestId("lesson-confirm-replace").click();
    await challenge().waitFor();
    await t.page.getByTestId("presenter-toggle").click();
    await t.page.locator(".app.presenter-lab").waitFor();
    assert.equal(await editor().isVisible(), false);
    const pods = await t.page.locator(".lab [data-testid=cl-pod]").evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
    assert.ok(pods > 0 && pods <= 720, `the lab's pods end below the projector: ${pods}`);
    await shot("challenge-presenter");
  });

  test("a share link made in a challenge reopens it on the lab as it was", async () => {
    await openChallenge("unreachable-replica");
    await takeHints(1);
    const before = await runInLab("kubectl get pods");
    await openOwnShareLink();
    await challenge().waitFor();
    assert.equal(await challenge().getAttribute("data-challenge"), "unreachable-replica");
    assert.match(await t.page.getByTestId("share-banner").textContent(), /challenge 1, “The app cannot reach recovery-demo-db-1”/);
    // the same cluster: the pods as they were when the link was made
    assert.equal((await runInLab("kubectl get pods")).replace(/\s+\d+[smh]\b/g, ""), before.replace(/\s+\d+[smh]\b/g, ""));
    // no hint shown and no solution: the link opens the puzzle, not its answer
    assert.equal(await t.page.getByTestId("hint-1").count(), 0);
  });
});

describe("the new views, scanned", () => {
  test("axe finds no serious or critical violation in the lists, a file's problems, a challenge with its help shown, and presented", async () => {
    const scan = async (what) => {
      const { violations } = await new AxeBuilder({ page: t.page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    };
    await toList();
    const file = join(mkdtempSync(join(tmpdir(), "ordinal-lesson-")), "empty.md");
    writeFileSync(file, "# Lesson x\n");
    await t.page.getByTestId("lesson-file").setInputFiles(file);
    await t.page.getByTestId("lesson-problems").waitFor();
    await scan("lesson and challenge lists with a file's problems");
    // the file input and the lessons start on the first screen, the challenges one click away
    for (const id of ["lesson-file", "open-lesson-what-is-a-statefulset", "to-challenges"]) {
      const box = await t.page.getByTestId(id).boundingBox();
      assert.ok(box && box.y < 720, `${id} is below the first screen: ${JSON.stringify(box)}`);
    }
    await shot("lessons-and-challenges");
    await t.page.getByTestId("to-challenges").click();
    assert.equal(await t.page.evaluate(() => document.activeElement?.id), "challenges-title");
    const first = await t.page.getByTestId("open-challenge-unreachable-replica").boundingBox();
    assert.ok(first && first.y >= 0 && first.y + first.height <= 720, `the first challenge is not in view: ${JSON.stringify(first)}`);
    await shot("challenges-list");
    await openChallenge("restore-is-empty");
    await takeHints(2);
    await askWhy();
    await t.page.getByTestId("show-solution").click();
    await t.page.getByTestId("solution").waitFor();
    await scan("a challenge with hints, the waiting reason and the solution");
    await t.page.getByTestId("presenter-toggle").click();
    await t.page.locator(".app.presenter").waitFor();
    await scan("a challenge presented");
  });
});

describe("lessons teachers write", () => {
  test("a lesson file opens in the player, a file with problems lists them by line and column", async () => {
    await toList();
    await t.page.getByTestId("lesson-file").setInputFiles(EXAMPLE);
    const lesson = t.page.locator("[data-testid=lesson]");
    await lesson.waitFor();
    assert.equal(await lesson.getAttribute("data-lesson"), "scale-down-keeps-claims");
    assert.match(await t.page.getByTestId("lesson-name").textContent(), /^Lesson 21 · Scaling down keeps the claims$/);
    assert.match(await t.page.getByTestId("lesson-where").textContent(), /^Step 1 of \d+$/);
    // it plays like a built-in lesson: its first step ticks itself from the terminal
    await t.page.getByTestId("lab-input").fill("kubectl get pvc");
    await t.page.getByTestId("lab-input").press("Enter");
    await t.page.waitForFunction(() => document.querySelector("[data-testid=step-check]")?.dataset.done === "true");
    assert.ok(await t.page.getByTestId("prev").isDisabled(), "no built-in lesson before a teacher's");
    // listed after the built-in lessons, with its progress
    await toList();
    assert.match(await t.page.getByTestId("progress-scale-down-keeps-claims").textContent(), /^1\/\d+ steps done$/);

    // a damaged copy, opened with the input: nothing opens, each problem at its line and column
    const good = readFileSync(EXAMPLE, "utf8");
    const lines = good.split("\n");
    const startLine = lines.indexOf("start: guide") + 1;
    const checkLine = lines.indexOf("check: ran get pvc") + 1;
    assert.ok(startLine > 0 && checkLine > 0);
    const bad = good.replace("start: guide", "start: guid").replace("check: ran get pvc", "check: pod recovery-demo-db-0 happy");
    const file = join(mkdtempSync(join(tmpdir(), "ordinal-lesson-")), "broken-lesson.md");
    writeFileSync(file, bad);
    await t.page.getByTestId("lesson-file").setInputFiles(file);
    await t.page.getByTestId("lesson-problems").waitFor();
    const problems = await t.page.locator("[data-testid=lesson-problems] li").allInnerTexts();
    assert.deepEqual(problems, [`line ${startLine}, column 8: unknown start \`guid\` (guide or keep)`, `line ${checkLine}, column 8: unknown pod state \`happy\``]);
    assert.equal(await t.page.locator("[data-testid=lesson]").count(), 0);

    // the same, dropped on the Lessons tab: a lesson id the built-in ones use is refused too
    const clash = good.replace("scale-down-keeps-claims", "scaling");
    await t.page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "clash.md", { type: "text/markdown" }));
      const target = document.querySelector("[data-testid=lessons]");
      target.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, clash);
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson-problems]")?.innerText.includes("built-in"));
    assert.match(await t.page.locator("[data-testid=lesson-problems] li").first().innerText(), /^line 1, column \d+: `scaling` is the id of a built-in lesson: choose another$/);
    // and the good file, dropped, opens
    await t.page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "lesson-scale-down.md", { type: "text/markdown" }));
      document.querySelector("[data-testid=lessons]").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, good);
    await t.page.locator("[data-testid=lesson][data-lesson=scale-down-keeps-claims]").waitFor();
  });

  test("a share link made in a teacher's lesson carries the file and opens it again", async () => {
    await toList();
    await t.page.getByTestId("lesson-file").setInputFiles(EXAMPLE);
    await t.page.locator("[data-testid=lesson][data-lesson=scale-down-keeps-claims]").waitFor();
    await t.page.getByRole("button", { name: /^Step 2/ }).click();
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson]")?.dataset.step === "1");
    await openOwnShareLink();
    const lesson = t.page.locator("[data-testid=lesson]");
    await lesson.waitFor();
    assert.equal(await lesson.getAttribute("data-lesson"), "scale-down-keeps-claims");
    assert.equal(await lesson.getAttribute("data-step"), "1");
    assert.match(await t.page.getByTestId("share-banner").textContent(), /lesson 21, “Scaling down keeps the claims”, step 2/);
  });

  test("a new lesson (13) in presenter mode at 1280×720 shows its title and the step it stands at", async () => {
    await toList();
    await t.page.getByTestId("open-lesson-practices-broken-and-fixed").click();
    const lesson = t.page.locator("[data-testid=lesson]");
    await lesson.waitFor();
    await t.page.getByRole("button", { name: /^Step 3(, done)?$/ }).click();
    await t.page.waitForFunction(() => document.querySelector("[data-testid=lesson]")?.dataset.step === "2");
    await t.page.getByTestId("presenter-toggle").click();
    await t.page.locator(".app.presenter").waitFor();
    const where = t.page.getByTestId("lesson-where");
    assert.match(await where.textContent(), /^Step 3 of \d+$/);
    assert.match(await t.page.getByTestId("lesson-name").textContent(), /^Lesson 13 · /);
    for (const el of [where, t.page.getByTestId("lesson-name"), t.page.getByTestId("step-title")]) {
      const box = await el.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 720 && box.width > 0, `not on the projector: ${JSON.stringify(box)}`);
    }
    await shot("lesson-13-presenter");
  });
});
