// What the benchmark scripts share: the repository root, their `--name value` options, the
// Chromium they start (with the flags of scripts/env.sh), and the load average they report.

import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const args = process.argv.slice(2);
/** The value after `--name` on the command line, or `fallback`. */
export const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
/** Whether `--name` is on the command line. */
export const flag = (name) => args.includes(`--${name}`);

/** The built site to measure: `--dist DIR`, else $DIST, else dist/. */
export const DIST = option("dist", process.env.DIST ?? join(ROOT, "dist"));

export const CHROMIUM = process.env.CHROME_PATH ?? process.env.CHROMIUM ?? "/usr/bin/chromium";
export const FLAGS = (
  process.env.CHROME_FLAGS_LINE ??
  "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run " +
    "--disable-background-networking --disable-component-update --disable-sync"
).split(/\s+/);

/** The 1-, 5- and 15-minute load averages, e.g. "1.20 1.05 0.98". */
export const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
