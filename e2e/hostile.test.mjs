// Hostile input in the browser (issue 9, part 2): each text a classroom might paste (an alias
// bomb, 10,000-deep nesting, 10 MB, 100,000 documents, a 1 MB line, NUL and control
// characters, CRLF, a BOM, tabs) is pasted into the editor. The page shows the clear message,
// with its line and column (or the valid text's explanation), or, for a text over ordinal's
// limits (10 MB, 100,000 documents), refuses the paste and says why; it stays responsive (a tab
// opens at a click), shows no error banner, keeps the text, and either autosaves it (a reload
// brings it back) or says that it is not saved.
//
// The tests assert what must be true, and that the page answers within a generous hang limit
// (HANG_MS): a busy machine must not fail them. The time is measured in the page, from just
// before the paste to the app's own `ordinal:analysis-rendered` mark (crates/web/src/app.rs),
// and printed, one JSON line per input ("hostile {...}"); `make bench` runs this file and judges
// those figures against the one-second target (scripts/bench.mjs, step `hostile`), and
// docs/limits.md records them.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, openTab, setUp, shot, t } from "./helpers.mjs";

setUp({ openEach: false });

/** Past this the page is taken as hung: a failure whatever the machine's load. The speed
 * target (one second) is `make bench`'s to judge, from the printed figures. */
const HANG_MS = 20_000;

/**
 * The inputs, built in the page (no need to ship 10 MB through the driver). Each builder gets
 * the guide's text; `expect` is the message the page must show (null: a valid text, explained),
 * `at` its "line L, column C".
 */
const CASES = [
  {
    name: "alias bomb (billion laughs)",
    build: () => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
        lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
      }
      return lines.join("\n") + "\n";
    },
    expect: /aliases expand to more than 100000 nodes \(an alias bomb\?\)/,
  },
  {
    name: "10,000-deep flow nesting",
    build: () => "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
    expect: /nesting is deeper than 25[56] levels/,
    at: "line 1, column 259",
  },
  {
    name: "10,000-deep block nesting",
    build: () => "a:\n" + "- ".repeat(10_000) + "x\n",
    expect: /nesting is deeper than 256 levels/,
  },
  {
    name: "10 MB document",
    build: () => {
      const head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n";
      const line = (i) => `  key-${String(i).padStart(7, "0")}: ${"v".repeat(50)}\n`;
      const out = [head];
      let size = head.length;
      for (let i = 0; size < 10 * 1024 * 1024; i++) {
        out.push(line(i));
        size += 64;
      }
      return out.join("");
    },
    shot: "hostile-10mb",
    // refused before the browser inserts it (crates/web/src/paste.rs)
    refused: /^Not pasted: the text would be 10\.\d MiB, more than the 2 MiB ordinal reads\. Your text is unchanged\.$/,
  },
  {
    name: "100,000 documents",
    build: () => "---\nx: 1\n".repeat(100_000),
    refused: /^Not pasted: the text would hold 100,000 documents, more than the 10,000 ordinal reads\. Your text is unchanged\.$/,
  },
  {
    name: "10,000 documents (the most ordinal reads)",
    build: () => "---\nx: 1\n".repeat(10_000),
    expect: null,
    // the lists name their first entries and count the rest
    check: async () => {
      assert.equal(await t.page.getByTestId("documents-more").textContent(), "… and 9900 more documents.");
      await openTab("Problems");
      assert.equal(await t.page.locator("[data-testid=problems] > li").count(), 200);
      assert.match(await t.page.getByTestId("problems-more").textContent(), /^The list shows the first 200 findings; \d+ more are marked in the editor's gutter\.$/);
    },
  },
  {
    name: "1 MB single line, broken at its end",
    build: () => {
      const items = [];
      for (let i = 0, n = 4; n < 1024 * 1024; i++) {
        items.push(String(i));
        n += String(i).length + 2;
      }
      return "a: [" + items.join(", ") + "}\n";
    },
    expect: /./,
    at: (text) => `line 1, column ${text.length - 1}`,
  },
  {
    name: "NUL and other control characters",
    build: () => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\u0000c\n  b: \u0007\u001b[31m\n",
    shot: "hostile-nul",
    expect: /control character U\+0000 \(NUL\) is not allowed in YAML/,
    at: "line 6, column 7",
  },
  {
    name: "tabs in indentation",
    build: (guide) => guide.replace("\n  replicas: 3\n", "\n\treplicas: 3\n"),
    expect: /YAML indentation must use spaces, not tabs/,
  },
  // (a textarea's value has LF line ends whatever is pasted: HTML normalizes CR LF to LF)
  { name: "CRLF line ends", build: (guide) => guide.replace("replicas: 3", "replicas: 4").replaceAll("\n", "\r\n"), expect: null },
  { name: "a byte order mark", build: (guide) => "\ufeff" + guide, expect: null },
  { name: "tabs in values", build: (guide) => guide.replace("value: \"demo-password\"", "value: \"demo\tpassword\"\t# a tab"), expect: null },
];

/** Builds the text in the page, puts it on the clipboard and selects the editor's text. */
async function toClipboard(build) {
  // an expression evaluated by the driver, which the page's policy (no eval) does not cover
  await t.page.evaluate(`window.__build = ${build.toString()}`);
  const length = await t.page.evaluate(async () => {
    window.__text = window.__build(document.querySelector("#editor").value);
    await navigator.clipboard.writeText(window.__text);
    return window.__text.length;
  });
  await t.page.locator("#editor").focus();
  await t.page.keyboard.press("Control+a");
  return length;
}

/**
 * Pastes the built text for real: it goes to the clipboard, then Ctrl+A, Ctrl+V in the editor,
 * so the browser inserts it as it does for a user. Measured in the page: from the Ctrl+V
 * keydown to the input event (the browser's own insertion), and to the next analysis drawn.
 */
async function paste(build) {
  const length = await toClipboard(build);
  await t.page.evaluate(() => {
    const h = (window.__h = { before: performance.getEntriesByName("ordinal:analysis-rendered").length });
    document.addEventListener("keydown", (e) => e.key.toLowerCase() === "v" && (h.key ??= e.timeStamp), { capture: true });
    document.querySelector("#editor").addEventListener("input", () => (h.input = performance.now()), { once: true });
  });
  await t.page.keyboard.press("Control+v");
  await t.page.waitForFunction(() => performance.getEntriesByName("ordinal:analysis-rendered").length > window.__h.before, null, { timeout: 30_000 });
  return t.page.evaluate((length) => {
    const h = window.__h;
    const shown = performance.getEntriesByName("ordinal:analysis-rendered").at(-1).startTime;
    // the pasted text drawn (the first render after the input, with the textarea laid out)
    const drawn = performance.getEntriesByName("ordinal:text-rendered").find((m) => m.startTime >= h.input)?.startTime ?? h.input;
    return {
      length,
      kept: document.querySelector("#editor").value === window.__text.replace(/\r\n?/g, "\n"),
      pasteMs: h.input - h.key,
      drawnMs: drawn - h.key,
      shownMs: shown - h.key,
      afterDrawnMs: shown - drawn,
    };
  }, length);
}

/**
 * The time Chromium takes to lay out `window.__text` in a bare textarea like the editor's: the
 * median of three (it varies by half from one to the next on a shared machine).
 */
async function bareTextareaLayoutMs() {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await bareTextareaLayoutOnce());
  return runs.sort((a, b) => a - b)[1];
}

async function bareTextareaLayoutOnce() {
  return t.page.evaluate(() => {
    const editor = document.querySelector("#editor");
    const bare = document.createElement("textarea");
    bare.setAttribute("wrap", "off");
    bare.style.cssText = `position: fixed; left: 0; top: 0; width: ${editor.clientWidth}px; height: ${editor.clientHeight}px; font: ${getComputedStyle(editor).font}`;
    document.body.append(bare);
    bare.scrollHeight;
    const start = performance.now();
    bare.value = window.__text;
    bare.scrollHeight; // forces the layout
    const ms = performance.now() - start;
    bare.remove();
    return ms;
  });
}

/**
 * A paste over the limits: the page refuses it before the browser inserts it, says why within
 * the budget, and the text stays as it was (and saved).
 */
async function refusedPaste(c) {
  const before = await t.page.evaluate(() => document.querySelector("#editor").value);
  const length = await toClipboard(c.build);
  await t.page.evaluate(() => {
    const h = (window.__h = {});
    document.addEventListener("keydown", (e) => e.key.toLowerCase() === "v" && (h.key ??= e.timeStamp), { capture: true });
    new MutationObserver((_, o) => {
      if (document.querySelector("[data-testid=paste-refused]")) {
        h.shown = performance.now();
        o.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await t.page.keyboard.press("Control+v");
  const notice = t.page.getByTestId("paste-refused");
  await notice.waitFor({ timeout: HANG_MS });
  assert.match((await notice.locator("span").textContent()).trim(), c.refused);
  const shownMs = await t.page.evaluate(() => window.__h.shown - window.__h.key);
  assert.equal(await t.page.evaluate(() => document.querySelector("#editor").value), before, "the text is unchanged");
  // responsive, no banner, still saved
  await openTab("Problems");
  await openTab("Explain");
  assert.equal(await t.page.locator("#panic-banner").count(), 0);
  assert.equal((await t.page.locator("[data-testid=save-status]").textContent()).trim(), "Saved in this browser");
  const row = { input: c.name, chars: length, "Ctrl+V → refusal shown ms": +shownMs.toFixed(0), message: (await notice.locator("span").textContent()).trim() };
  console.log(`hostile ${JSON.stringify(row)}`);
  if (c.shot) await shot(c.shot);
  assert.ok(shownMs <= HANG_MS, `${c.name}: refused ${shownMs.toFixed(0)} ms after the paste`);
}

describe("hostile input pasted into the page", () => {
  for (const c of CASES) {
    test(c.name, async () => {
      await openPage({ permissions: ["clipboard-read", "clipboard-write"] });
      if (c.refused) return refusedPaste(c);
      const r = await paste(c.build);
      assert.ok(r.kept, "the pasted text is in the editor");
      assert.notEqual(r.shownMs, null, "no analysis after the paste");

      const error = t.page.locator("[data-testid=syntax-error]");
      if (c.expect) {
        await error.waitFor({ timeout: HANG_MS });
        const message = await t.page.locator("[data-testid=error-message]").textContent();
        const position = await t.page.locator("[data-testid=error-position]").textContent();
        assert.match(message, c.expect);
        assert.match(position, /^line \d+, column \d+$/);
        if (c.at) {
          const text = await t.page.evaluate(() => document.querySelector("#editor").value);
          assert.equal(position, typeof c.at === "function" ? c.at(text) : c.at);
        }
        r.message = `${position}: ${message.trim().slice(0, 100)}`;
      } else {
        assert.equal(await error.count(), 0, "a valid text shows no error");
        r.message = (await t.page.locator(".findings-count, [data-testid=findings-count]").first().textContent()).trim();
      }

      await c.check?.();
      // responsive: a click on a tab is answered at once
      const click = Date.now();
      await openTab("Problems");
      await t.page.waitForFunction(() => document.querySelector('[role=tab][aria-selected=true]')?.textContent.startsWith("Problems"));
      r.tabMs = Date.now() - click;
      await openTab("Explain");
      assert.equal(await t.page.locator("#panic-banner").count(), 0, "the error banner is shown");

      // saved, or the page says it is not
      const status = (await t.page.locator("[data-testid=save-status]").textContent()).trim();
      r.saved = status;
      const row = {
        input: c.name,
        chars: r.length,
        "Ctrl+V → input event ms": +r.pasteMs.toFixed(0),
        "Ctrl+V → text drawn ms": +r.drawnMs.toFixed(0),
        "Ctrl+V → message shown ms": +r.shownMs.toFixed(0),
        "text drawn → message shown ms": +r.afterDrawnMs.toFixed(0),
        "tab click ms": r.tabMs,
        saved: status,
        message: r.message,
      };
      const bare = await bareTextareaLayoutMs();
      row["bare textarea layout ms"] = +bare.toFixed(0);
      console.log(`hostile ${JSON.stringify(row)}`);
      if (c.shot) await shot(c.shot);
      if (status === "Saved in this browser") {
        const length = await t.page.evaluate(() => document.querySelector("#editor").value.length);
        await t.page.reload();
        await t.page.waitForFunction((n) => document.querySelector("#editor")?.value.length === n, length, { timeout: 20_000 });
      } else {
        // no text that is let in is over a browser's storage (about 5 MB a site): the 10 MB one is refused
        assert.match(status, /^Not saved: 10\.3 MiB is more than this browser's storage holds$/);
      }
      // The page answered: it did not hang. (How fast, against the one-second target, is
      // `make bench`'s figure, from the row printed above.)
      assert.ok(r.shownMs <= HANG_MS, `${c.name}: the message came ${r.shownMs.toFixed(0)} ms after the paste: ${JSON.stringify(row)}`);
    });
  }
});
