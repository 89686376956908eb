// End-to-end test of the backups (issue 16): the disaster-recovery drill from the Cluster
// tab's menu. Snapshots are taken at 1:30 and shown ready with their rows in the backups row;
// at 2:30 the StatefulSet and its claims are deleted, the claims are restored from the
// snapshots at 2:40 and the set applied again at 2:50: each claim's rows are back. The
// screenshots go to docs/screenshots/backups-drill.png (the restored claims) and
// backups-snapshots.png (the backups row). Then the guide's option 2 in the terminal: a dump
// saved on your side with `pg_dump > backup.sql`, `psql < backup.sql` without -i reading
// nothing, with -i bringing the rows back, and the checklist's backups item passing on it
// (backups-local-dump.png, backups-checklist.png).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openTab, runInTerminal, setUp, shot, t } from "./helpers.mjs";

setUp();

const page = () => t.page;

/** The seconds the cluster's clock shows (`1:30.0` → 90). */
async function clock() {
  const text = await page().locator("[data-testid=cl-time]").first().textContent();
  const [m, s] = text.trim().split(":");
  return Number(m) * 60 + Number(s);
}

describe("backups", () => {
  test("the disaster-recovery drill: snapshots, everything deleted, claims restored, rows back", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("16");
    await page().locator("[data-testid=cl-consequence]").selectOption("dr-drill");
    await page().locator("[data-testid=cl-watching]", { hasText: "disaster-recovery drill" }).waitFor();
    // the snapshots, ready, with the rows they hold
    const snapshot = page().locator('[data-testid=cl-backup][data-kind=VolumeSnapshot][data-name="data-recovery-demo-db-0-snap"]');
    await snapshot.waitFor({ timeout: 60_000 });
    await page().waitForFunction(() => document.querySelectorAll('[data-testid=cl-backup][data-kind=VolumeSnapshot][data-state=ready]').length === 3, null, { timeout: 30_000 });
    const held = Number((await snapshot.textContent()).match(/(\d+) rows/)[1]);
    assert.ok(held > 300, `the snapshot holds ${held} rows`);
    // everything deleted at 2:30, restored: the claims are back with their rows
    await page().waitForFunction(() => {
      const t = document.querySelector("[data-testid=cl-time]")?.textContent ?? "0:0";
      const [m, s] = t.trim().split(":");
      return Number(m) * 60 + Number(s) > 200;
    }, null, { timeout: 90_000 });
    await page().locator("[data-testid=cl-play]").click();
    assert.ok((await clock()) > 200);
    const rows = Number(await page().locator('[data-testid=cl-pvc][data-name="data-recovery-demo-db-0"] [data-testid=cl-rows]').first().getAttribute("data-rows"));
    assert.ok(rows >= held && rows < held + 600, `the restored claim holds ${rows} rows, the snapshot ${held}`);
    // the explanation read, hide it to see the restored claims and the snapshots together
    await page().locator("[data-testid=cl-watching] .cl-dismiss").click();
    await page().locator('[data-testid=cl-pvc][data-name="data-recovery-demo-db-0"]').first().scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("backups-drill");
    await page().locator("[data-testid=cl-backups]").scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("backups-snapshots");
  });

  test("the guide's option 2: a dump on your side, read back with psql -i, and the checklist counts it", async () => {
    await openTab("Cluster");
    await page().locator("[data-testid=cl-speed]").selectOption("16");
    await page().locator("[data-testid=cl-apply]").click();
    await page().locator("[data-testid=cl-offer]", { hasText: "Create namespace scenarios" }).click();
    await page().waitForFunction(() => document.querySelectorAll(".cl-db.is-up").length === 3, null, { timeout: 60_000 });
    await page().locator("[data-testid=cl-play]").click();
    const run = runInTerminal;
    // as root pg_dump is refused, in postgres 13's words, and the shell has emptied the file
    let screen = await run("kubectl exec recovery-demo-db-0 -n scenarios -- pg_dump > backup.sql");
    assert.match(screen, /pg_dump: error: connection to database "root" failed: FATAL: {2}role "root" does not exist/);
    const local = page().locator("[data-testid=cl-backup][data-kind=Local]");
    await local.waitFor();
    assert.match(await local.textContent(), /backup\.sql: 0 bytes/);
    await run("kubectl exec recovery-demo-db-0 -n scenarios -- pg_dump -U postgres > backup.sql");
    await page().waitForFunction(() => /backup\.sql: a dump of \d+ rows/.test(document.querySelector("[data-testid=cl-backup][data-kind=Local]")?.textContent ?? ""));
    const dumped = Number((await local.textContent()).match(/a dump of (\d+) rows/)[1]);
    assert.ok(dumped > 100, `the dump holds ${dumped} rows`);
    await local.scrollIntoViewIfNeeded();
    await page().waitForTimeout(300);
    await shot("backups-local-dump");
    // without -i psql reads nothing; with -i the dump's rows are appended
    screen = await run("kubectl exec recovery-demo-db-0 -n scenarios -- psql -U postgres < backup.sql");
    assert.match(screen, /psql read nothing: without -i/);
    const before = Number(await page().locator('[data-testid=cl-pvc][data-name="data-recovery-demo-db-0"] [data-testid=cl-rows]').first().getAttribute("data-rows"));
    screen = await run("kubectl exec -i recovery-demo-db-0 -n scenarios -- psql -U postgres < backup.sql");
    assert.match(screen, new RegExp(`COPY ${dumped}`));
    assert.match(screen, /ERROR: {2}relation "readings" already exists/);
    const after = Number(await page().locator('[data-testid=cl-pvc][data-name="data-recovery-demo-db-0"] [data-testid=cl-rows]').first().getAttribute("data-rows"));
    assert.ok(after >= before + dumped, `rows ${before} → ${after} after reading back ${dumped}`);
    // the guide's manifest schedules no backup, but the checklist counts the one taken here
    await openTab("Checklist");
    const item = page().getByTestId("check-backups");
    assert.equal(await item.getAttribute("data-status"), "pass");
    assert.match(await item.textContent(), /backup\.sql/);
    assert.match(await item.textContent(), /read back into/);
    await item.scrollIntoViewIfNeeded();
    await shot("backups-checklist");
  });
});
