// Frame times of the cluster view animating 100 pods, in headless Chromium.
//
//   node scripts/bench-frames.mjs [--dist DIR] [--pods N] [--seconds S] [--speed X] [--json]
//
// Serves the built site (default: dist/, the release build of `make dist`) on 127.0.0.1,
// opens the Cluster tab, puts a StatefulSet with N replicas and podManagementPolicy Parallel
// in the editor, applies it and records the interval between consecutive
// requestAnimationFrame callbacks for S seconds of wall-clock time while the pods go from
// Pending through ContainerCreating to Ready (and their databases start writing rows), then
// again while the set scales to zero. Prints the frame-time p50, p95, p99 and max, the frames
// per second, and the count of frames slower than 20 ms (a missed 60 Hz frame).
//
// `make bench-frames` runs it against dist/.

import { chromium } from "playwright-core";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../e2e/server.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const DIST = option("dist", process.env.DIST ?? join(ROOT, "dist"));
const PODS = Number(option("pods", "100"));
const SECONDS = Number(option("seconds", "10"));
const SPEED = option("speed", "1");
const JSON_OUT = args.includes("--json");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = (
  process.env.CHROME_FLAGS_LINE ??
  "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run " +
    "--disable-background-networking --disable-component-update --disable-sync"
).split(/\s+/);

if (!existsSync(join(DIST, "index.html"))) {
  console.error(`no ${DIST}/index.html: run \`make dist\` first`);
  process.exit(2);
}

const manifest = (replicas) => `apiVersion: v1
kind: Service
metadata:
  name: bench
spec:
  clusterIP: None
  selector:
    app: bench
  ports:
  - name: postgres
    port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: bench
spec:
  serviceName: bench
  replicas: ${replicas}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: bench
  template:
    metadata:
      labels:
        app: bench
    spec:
      containers:
      - name: postgres
        image: postgres:13-alpine
        env:
        - name: PGDATA
          value: /data/pgdata
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
`;

/** Records rAF intervals in the page for `ms` and returns them. */
async function frames(page, ms) {
  return page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const out = [];
        let last = null;
        const start = performance.now();
        const tick = (t) => {
          if (last !== null) out.push(t - last);
          last = t;
          if (t - start < ms) requestAnimationFrame(tick);
          else resolve(out);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

function summary(name, intervals) {
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const total = intervals.reduce((a, b) => a + b, 0);
  return {
    phase: name,
    frames: intervals.length,
    p50_ms: +at(0.5).toFixed(2),
    p95_ms: +at(0.95).toFixed(2),
    p99_ms: +at(0.99).toFixed(2),
    max_ms: +sorted[sorted.length - 1].toFixed(2),
    fps: +((intervals.length * 1000) / total).toFixed(1),
    over_20ms: intervals.filter((x) => x > 20).length,
  };
}

const server = await serve(DIST, "/bench/");
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.locator("#tab-cluster").click();
  await page.locator("[data-testid=cluster]").waitFor();
  await page.locator("textarea#editor").fill(manifest(PODS));
  await page.locator("[data-testid=cl-speed]").selectOption(SPEED);
  const idle = summary("idle (empty cluster)", await frames(page, 2000));
  await page.locator("[data-testid=cl-apply]").click();
  const create = summary(`${PODS} pods created (Parallel), ${SPEED}x`, await frames(page, SECONDS * 1000));
  const ready = await page.locator("[data-testid=cl-pod][data-state='Ready 1/1']").count();
  await page.locator("[data-testid=cl-replicas]").fill("0");
  await page.locator("[data-testid=cl-scale]").click();
  const scaleDown = summary(`scale ${PODS} to 0, ${SPEED}x`, await frames(page, SECONDS * 1000));
  const result = { pods: PODS, ready_after_create: ready, phases: [idle, create, scaleDown], errors };
  if (JSON_OUT) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${PODS} pods, ${ready} Ready after ${SECONDS} s; Chromium ${browser.version()}, 1280x720`);
    console.log("phase                                   frames   p50 ms   p95 ms   p99 ms   max ms    fps   >20 ms");
    for (const p of result.phases) {
      console.log(
        `${p.phase.padEnd(38)} ${String(p.frames).padStart(7)} ${p.p50_ms.toFixed(2).padStart(8)} ${p.p95_ms.toFixed(2).padStart(8)} ${p.p99_ms.toFixed(2).padStart(8)} ${p.max_ms.toFixed(2).padStart(8)} ${p.fps.toFixed(1).padStart(6)} ${String(p.over_20ms).padStart(8)}`,
      );
    }
    for (const e of errors) console.log(`page error: ${e}`);
  }
  if (errors.length) process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
