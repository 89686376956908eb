// End-to-end tests of the explainer page: findings appear where the mistake is typed, quick
// fixes preview, apply and undo, hovering explains, related fields light up, concepts open,
// examples load (and the replaced text comes back), keys indent, and a panic keeps the text.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { caretAt, editor, expectField, lineOf, openPage, openTab, positionOf, setUp, shot, t } from "./helpers.mjs";

setUp();

const problem = (code) => t.page.locator(`.problem[data-code=${code}]`);

/** Waits until the findings include (or, with `present = false`, no longer include) `code`. */
async function waitForFinding(code, present = true) {
  await t.page.waitForFunction(
    ([code, present]) => !!document.querySelector(`.problem[data-code=${code}]`) === present,
    [code, present],
    { timeout: 10_000 },
  );
}

/** The overlay's spans with a class, as { text, line } (1-based line). */
async function overlaySpans(cls) {
  return t.page.evaluate((cls) => {
    const lh = parseFloat(getComputedStyle(document.querySelector("#editor")).lineHeight);
    return [...document.querySelectorAll(`.ov-line .${cls}`)].map((s) => ({
      text: s.textContent,
      line: Math.round(parseFloat(s.parentElement.style.top) / lh) + 1,
    }));
  }, cls);
}

describe("the explainer page", () => {
  test("the Problems list puts the most severe first, then goes by line; the count leaves out zeros", async () => {
    // an error far down the text (an invalid replica count), warnings above it
    await caretAt("replicas: 3", "replicas: ".length, 1);
    await t.page.keyboard.type("-1");
    await openTab("Problems");
    await t.page.locator(".problem.sev-error").first().waitFor();
    const rows = await t.page.locator(".problem").evaluateAll((els) =>
      els.map((li) => ({
        rank: li.classList.contains("sev-error") ? 0 : li.classList.contains("sev-warning") ? 1 : 2,
        line: Number(li.querySelector("[data-testid=position]")?.textContent.split(":")[0]),
      })),
    );
    assert.ok(rows.length > 2, JSON.stringify(rows));
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      assert.ok(a.rank < b.rank || (a.rank === b.rank && a.line <= b.line), `out of order: ${JSON.stringify(rows)}`);
    }
    const count = await t.page.getByTestId("findings-count").textContent();
    assert.ok(!/\b0 /.test(count) && !/infos/.test(count), count);
  });

  test("a typed mistake is flagged at its line: squiggle, gutter mark and problem", async () => {
    await caretAt("postgres:13-alpine", "postgres:".length, "13-alpine".length);
    await t.page.keyboard.type("latest");
    const line = await lineOf("image: postgres:latest");
    // the gutter's mark names the finding, and a click on it opens it in Problems
    const mark = t.page.locator(".gutter-line.has-finding", { hasText: new RegExp(`^${line}$`) });
    await t.page.waitForFunction((line) => [...document.querySelectorAll(".gutter-line.has-finding")].some((g) => g.textContent === String(line) && g.title.includes("POD001")), line);
    await mark.click();
    await waitForFinding("POD001");
    assert.equal(await t.page.getByRole("tab", { name: /^Problems/ }).getAttribute("aria-selected"), "true");
    assert.ok(await problem("POD001").evaluate((li) => li.contains(document.activeElement)), "the finding has the focus");
    const position = await problem("POD001").locator("[data-testid=position]").textContent();
    assert.equal(position.split(":")[0], String(line));
    // the squiggle is under the image, on that line, and the gutter marks the line
    const squiggles = await overlaySpans("sq-warning");
    assert.ok(squiggles.some((s) => s.line === line && "postgres:latest".includes(s.text) && s.text.length > 0), JSON.stringify(squiggles));
    assert.equal(await t.page.locator(".gutter-line.has-warning", { hasText: new RegExp(`^${line}$`) }).count(), 1);
    // the line in the middle of the editor for the screenshot
    await editor().evaluate((el, line) => (el.scrollTop = (line - 12) * parseFloat(getComputedStyle(el).lineHeight)), line);
    await t.page.waitForTimeout(100);
    await shot("finding-typed");
    // "Why?" unfolds the rule's explanation
    await problem("POD001").getByRole("button", { name: "Why?" }).click();
    assert.match(await problem("POD001").locator(".rule-doc").textContent(), /What it does/);
    // a click on the finding selects its range in the editor
    await problem("POD001").locator(".problem-main").click();
    const selected = await editor().evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.ok("postgres:latest".includes(selected) && selected.length > 0, selected);
    assert.ok(await editor().evaluate((el) => document.activeElement === el));
  });

  test("a quick fix shows its diff, applies in one click, and Ctrl+Z brings the finding back", async () => {
    // the guide's signature mistake: the Service loses `clusterIP: None`
    await caretAt("  clusterIP: None\n", 0, "  clusterIP: None\n".length);
    await t.page.keyboard.press("Backspace");
    const broken = await editor().inputValue();
    assert.ok(!broken.includes("clusterIP"));
    await openTab("Problems");
    await waitForFinding("STS006");
    await problem("STS006").locator("[data-testid=fix]").click();
    const preview = problem("STS006").locator("[data-testid=fix-preview]");
    await preview.waitFor();
    assert.deepEqual(await preview.locator(".diff-line.add .diff-text").allTextContents(), ["  clusterIP: None"]);
    assert.equal(await preview.locator(".diff-line.del").count(), 0);
    await shot("fix-preview");
    await preview.locator("[data-testid=apply-fix]").click();
    await waitForFinding("STS006", false);
    assert.match(await editor().inputValue(), /targetPort: 5432\n  clusterIP: None\n---\n/);
    // undo: the editor's own undo stack has the fix as one step
    await editor().focus();
    await t.page.keyboard.press("Control+z");
    await t.page.waitForFunction((broken) => document.querySelector("#editor").value === broken, broken);
    await waitForFinding("STS006");
    await t.page.keyboard.press("Control+Shift+z");
    await waitForFinding("STS006", false);
  });

  test("hovering a field explains it and highlights its related fields", async () => {
    const key = t.page.locator(".ov-line .t-key", { hasText: /^serviceName$/ });
    const box = await key.boundingBox();
    await t.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expectField("StatefulSet spec.serviceName");
    assert.equal(await t.page.locator(".field-meta .via").textContent(), "under the pointer");
    assert.equal(await t.page.locator("[data-testid=source]").textContent(), "From the guide");
    for (const section of ["what", "options", "why", "mistakes", "kubectl", "simulator", "links"]) {
      assert.equal(await t.page.locator(`[data-section=${section}]`).count(), 1, section);
    }
    // the Service's name and the serviceName value light up together
    const related = await overlaySpans("hl-related");
    assert.deepEqual(
      related.map((r) => r.text).sort(),
      ["recovery-demo-headless", "recovery-demo-headless"],
    );
    assert.deepEqual(related.map((r) => r.line).sort((a, b) => a - b), [await lineOf("name: recovery-demo-headless"), await lineOf("serviceName:")]);
    assert.match(await t.page.locator(".ex-links").textContent(), /recovery-demo-db-0\.recovery-demo-headless\.scenarios\.svc\.cluster\.local/);
    // the places' labels are Markdown: their names are code, not text in backticks
    const labels = await t.page.locator(".ex-links .link .linklike").allTextContents();
    assert.ok(labels.length > 0 && labels.every((l) => !l.includes("`")), JSON.stringify(labels));
    await shot("hover-explanation");

    // the claim template's name: its mount and the claims it produces
    await caretAt("      name: data", 12);
    await expectField("StatefulSet spec.volumeClaimTemplates[0].metadata.name");
    assert.match(await t.page.locator(".ex-links").textContent(), /data-recovery-demo-db-0, data-recovery-demo-db-1, data-recovery-demo-db-2/);
    // and a concept page is one click away
    await t.page.locator(".ex-concepts .chip").first().click();
    await t.page.locator("[data-testid=concept]").waitFor();
    // scripts that scroll the overlay itself (find in page does) cannot shift it off the text
    await t.page.locator(".ov-line").last().evaluate((el) => el.scrollIntoView());
    await t.page.waitForFunction(() => document.querySelector(".overlay").scrollTop === 0);
    assert.equal(await t.page.getByRole("tab", { name: "Concepts" }).getAttribute("aria-selected"), "true");
    await shot("concept");
  });

  test("a field of an unknown kind is shown as such, not as an error", async () => {
    // pasted in front of the guide's text
    await editor().evaluate((el) => {
      el.focus();
      el.setSelectionRange(0, 0);
      document.execCommand("insertText", false, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\n");
    });
    await caretAt("kind: Widget", 2);
    await expectField("Widget kind");
    assert.match(await t.page.locator("[data-testid=unknown-kind]").textContent(), /does not explain/);
    assert.equal(await t.page.locator("[data-testid=source]").textContent(), "Not explained by ordinal");
  });

  test("the examples menu loads a broken example after asking, and the previous text comes back", async () => {
    await caretAt("apiVersion: v1");
    await t.page.keyboard.type("# my own notes\n");
    const mine = await editor().inputValue();
    await t.page.getByTestId("examples").click();
    await shot("examples-menu");
    await t.page.locator("[data-example=selector-mismatch]").click();
    await t.page.getByTestId("confirm").waitFor();
    await t.page.getByTestId("confirm-replace").click();
    await t.page.waitForFunction(() => document.querySelector("#editor").value.startsWith("# Selector does not match"));
    await openTab("Problems");
    await waitForFinding("STS001");
    // restore, then undo and redo through the editor
    await t.page.getByTestId("restore").click();
    await t.page.waitForFunction((mine) => document.querySelector("#editor").value === mine, mine);
    await editor().focus();
    await t.page.keyboard.press("Control+z");
    await t.page.waitForFunction(() => document.querySelector("#editor").value.startsWith("# Selector does not match"));
    await t.page.keyboard.press("Control+z");
    await t.page.waitForFunction((mine) => document.querySelector("#editor").value === mine, mine);
    // an unedited example loads without asking
    await t.page.getByTestId("examples").click();
    await t.page.locator("[data-example=guide]").click();
    assert.equal(await t.page.getByTestId("confirm").count(), 1, "the text was edited, so it asks");
    await t.page.getByTestId("confirm-replace").click();
    await t.page.getByTestId("examples").click();
    await t.page.locator("[data-example=web]").click();
    assert.equal(await t.page.getByTestId("confirm").count(), 0);
    await t.page.waitForFunction(() => document.querySelector("#editor").value.startsWith("# Source: https://github.com/kubernetes/website/"));
  });

  test("Tab indents, Shift+Tab outdents, Escape then Tab leaves the editor", async () => {
    await caretAt("replicas: 3");
    await t.page.keyboard.press("Tab");
    assert.match(await editor().inputValue(), /\n    replicas: 3\n/);
    await t.page.keyboard.press("Shift+Tab");
    assert.match(await editor().inputValue(), /\n  replicas: 3\n/);
    await t.page.keyboard.press("Control+z");
    await t.page.keyboard.press("Control+z");
    assert.match(await editor().inputValue(), /\n  replicas: 3\n/);
    assert.ok(await editor().evaluate((el) => document.activeElement === el), "Tab stayed in the editor");
    await t.page.keyboard.press("Escape");
    await t.page.keyboard.press("Tab");
    assert.ok(await editor().evaluate((el) => document.activeElement !== el), "Escape, Tab left the editor");
  });

  test("a panic shows a banner and keeps the text", async () => {
    await openPage({}, "?panic-test");
    await caretAt("apiVersion: v1");
    await t.page.keyboard.type("# typed just before the crash\n");
    const typed = await editor().inputValue();
    t.expectErrors = true;
    await t.page.getByTestId("panic-test").click();
    const banner = t.page.locator("#panic-banner");
    await banner.waitFor();
    assert.equal(await banner.getAttribute("role"), "alert");
    assert.match(await banner.textContent(), /Your text is saved in this browser/);
    assert.ok(t.problems.some((p) => p.includes("test panic requested")), t.problems.join("\n"));
    await shot("panic-banner");
    const saved = await t.page.evaluate(() => JSON.parse(localStorage.getItem("ordinal.editor.text")));
    assert.equal(saved, typed);
    await banner.getByRole("link", { name: "Reload" }).click();
    await t.page.waitForFunction((typed) => document.querySelector("#editor")?.value === typed, typed);
    assert.equal(await t.page.locator("#panic-banner").count(), 0);
    assert.equal(await t.page.getByTestId("panic-test").count(), 0, "the reload leaves the test flag behind");
  });
});
