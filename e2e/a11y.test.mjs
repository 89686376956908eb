// Accessibility: an axe-core scan (WCAG 2.x A and AA rules and best practices) of every view
// of the page, light and dark, desktop and phone, finds no serious or critical violation.
// And every action can be reached by keyboard: skip links, tabs with arrow keys, visible focus.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { caretAt, editor, openPage, openTab, setUp, t } from "./helpers.mjs";

setUp();

async function scan(where) {
  const results = await new AxeBuilder({ page: t.page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${where}: ${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`);
  assert.deepEqual(report, [], report.join("\n"));
  return results;
}

async function scanEveryView(where) {
  await caretAt("serviceName", 2);
  await t.page.waitForSelector(".ex-links");
  await scan(`${where} explanation`);
  await openTab("Problems");
  await t.page.locator(".problem[data-code=SEC001] [data-testid=why]").click();
  await t.page.locator(".problem[data-code=SEC001] [data-testid=fix]").click();
  await scan(`${where} problems`);
  await openTab("Concepts");
  await scan(`${where} concept list`);
  await t.page.locator(".concept-link").first().click();
  await scan(`${where} concept`);
  await t.page.getByTestId("examples").click();
  await scan(`${where} examples menu`);
}

describe("accessibility", () => {
  test("axe finds no serious or critical violation, light, desktop", async () => {
    await scanEveryView("light");
  });

  test("axe finds no serious or critical violation, dark", async () => {
    await openPage({ colorScheme: "dark" });
    await scanEveryView("dark");
  });

  test("axe finds no serious or critical violation, phone", async () => {
    await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await scanEveryView("phone");
  });

  test("keyboard only: skip link to the editor, tabs by arrow keys, the findings count is announced", async () => {
    await t.page.keyboard.press("Tab");
    const skip = await t.page.evaluate(() => document.activeElement.textContent);
    assert.equal(skip, "Skip to the editor");
    const outline = await t.page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focus is visible");
    await t.page.keyboard.press("Enter");
    assert.ok(await editor().evaluate((el) => document.activeElement === el), "the skip link focuses the editor");
    // the tabs: focus the selected one, then arrows
    await t.page.getByRole("tab", { name: "Explain" }).focus();
    await t.page.keyboard.press("ArrowRight");
    assert.equal(await t.page.getByRole("tab", { name: /^Problems/ }).getAttribute("aria-selected"), "true");
    assert.equal(await t.page.evaluate(() => document.activeElement.id), "tab-problems");
    await t.page.keyboard.press("End");
    const last = await t.page.evaluate(() => [...document.querySelectorAll("[role=tablist][aria-label='Side panel'] > [role=tab]")].at(-1).id);
    assert.equal(await t.page.evaluate(() => document.activeElement.id), last);
    await t.page.keyboard.press("Home");
    assert.equal(await t.page.evaluate(() => document.activeElement.id), "tab-explain");
    // the live region
    const live = t.page.getByTestId("findings-count");
    assert.equal(await live.getAttribute("aria-live"), "polite");
    assert.match(await live.textContent(), /^\d+ findings: /);
  });

  test("reduced motion is respected", async () => {
    const duration = () => t.page.evaluate(() => getComputedStyle(document.querySelector(".btn")).transitionDuration);
    assert.notEqual(await duration(), "0s", "buttons animate by default");
    await openPage({ reducedMotion: "reduce" });
    assert.equal(await duration(), "0s");
  });
});
