// Lighthouse performance and accessibility scores of the built site, served locally.
//
//   node scripts/bench-lighthouse.mjs [--dist DIR] [--runs N] [--save DIR] [--json]
//
// Serves the built site (default: dist/, the release build of `make dist`) on 127.0.0.1 the
// way a static host would: each response compressed with brotli (or gzip) when the browser
// accepts it, the hashed assets cacheable for a year, index.html revalidated. Then runs
// Lighthouse 12 (npm `lighthouse`, its Node API) in Chromium (CHROME_PATH or /usr/bin/chromium,
// headless, fresh profile) with two configurations:
//
//   desktop: Lighthouse's desktop preset (1350x940 screen, 10 Mbit/s, 40 ms RTT, no CPU
//            slowdown): a classroom laptop on a projector, what ordinal is made for;
//   mobile:  Lighthouse's default (a Moto G Power screen, simulated slow 4G: 1.6 Mbit/s,
//            150 ms RTT, and a CPU 4 times slower).
//
// Each configuration runs N times (default 3); the median performance score is reported with
// its run's metrics, and the accessibility score (the same in every run). The failing audits
// of each category are listed, so a missed score says why. `--save DIR` writes each run's full
// report (DIR/PRESET-RUN.json, open it in https://googlechrome.github.io/lighthouse/viewer/).

import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM as CHROME, DIST, FLAGS, flag, load, option, serveCompressed } from "./bench-common.mjs";

const RUNS = Number(option("runs", "3"));
const JSON_OUT = flag("json");
const SAVE = option("save", null);
const BASE = "/ordinal/";

if (!existsSync(join(DIST, "index.html"))) {
  console.error(`no ${DIST}/index.html: run \`make dist\` first`);
  process.exit(2);
}

const failing = (lhr, category) =>
  lhr.categories[category].auditRefs
    .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 0.9)
    .map((r) => `${r.id} (${Math.round(lhr.audits[r.id].score * 100)})`);

const metric = (lhr, id) => Math.round(lhr.audits[id].numericValue);

async function audit(url, name, config) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
    try {
      const result = await lighthouse(
        url,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] },
        config,
      );
      runs.push(result.lhr);
      if (SAVE) {
        mkdirSync(SAVE, { recursive: true });
        writeFileSync(join(SAVE, `${name}-${i + 1}.json`), result.report);
      }
    } finally {
      await chrome.kill();
    }
  }
  runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const lhr = runs[Math.floor(runs.length / 2)];
  return {
    preset: name,
    performance: Math.round(lhr.categories.performance.score * 100),
    performance_runs: runs.map((r) => Math.round(r.categories.performance.score * 100)),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    fcp_ms: metric(lhr, "first-contentful-paint"),
    lcp_ms: metric(lhr, "largest-contentful-paint"),
    tbt_ms: metric(lhr, "total-blocking-time"),
    cls: +lhr.audits["cumulative-layout-shift"].numericValue.toFixed(3),
    si_ms: metric(lhr, "speed-index"),
    failing_performance: failing(lhr, "performance"),
    failing_accessibility: failing(lhr, "accessibility"),
    runtime_error: lhr.runtimeError?.message ?? null,
    lighthouse: lhr.lighthouseVersion,
  };
}

const server = await serveCompressed(DIST, BASE);
try {
  const loadBefore = load();
  const presets = [await audit(server.url, "desktop", desktopConfig), await audit(server.url, "mobile", undefined)];
  const result = { runs: RUNS, load_before: loadBefore, load_after: load(), presets };
  if (JSON_OUT) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`Lighthouse ${presets[0].lighthouse}, ${RUNS} runs each (median); load average ${result.load_before} → ${result.load_after}`);
    console.log("preset    performance  accessibility    FCP ms    LCP ms    TBT ms     CLS     SI ms  runs");
    for (const p of presets) {
      console.log(
        `${p.preset.padEnd(9)} ${String(p.performance).padStart(11)} ${String(p.accessibility).padStart(14)} ${String(p.fcp_ms).padStart(9)} ${String(p.lcp_ms).padStart(9)} ${String(p.tbt_ms).padStart(9)} ${p.cls.toFixed(3).padStart(7)} ${String(p.si_ms).padStart(9)}  ${p.performance_runs.join(" ")}`,
      );
    }
    for (const p of presets) {
      if (p.failing_performance.length) console.log(`${p.preset} performance audits below 90: ${p.failing_performance.join(", ")}`);
      if (p.failing_accessibility.length) console.log(`${p.preset} accessibility audits failing: ${p.failing_accessibility.join(", ")}`);
      if (p.runtime_error) console.log(`${p.preset}: ${p.runtime_error}`);
    }
  }
} finally {
  await server.close();
}
