// What the benchmark scripts share: the repository root, their `--name value` options, the
// Chromium they start (with the flags of scripts/env.sh), and the load average they report.

import { createServer } from "node:http";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
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

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Serves `dist` under `base` like a static host: compressed, hashed files cached. */
export async function serveCompressed(dist, base) {
  const cache = new Map();
  const body = (file, encoding) => {
    const key = `${file}\0${encoding}`;
    if (!cache.has(key)) {
      const raw = readFileSync(file);
      cache.set(
        key,
        encoding === "br"
          ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
          : encoding === "gzip"
            ? gzipSync(raw, { level: 9 })
            : raw,
      );
    }
    return cache.get(key);
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    if (!path.startsWith(base)) return res.writeHead(404).end("not found");
    let file = normalize(join(dist, path.slice(base.length)));
    if (!file.startsWith(normalize(dist + sep)) && file !== normalize(dist)) return res.writeHead(403).end("forbidden");
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const accepts = String(req.headers["accept-encoding"] ?? "");
      const encoding = /\bbr\b/.test(accepts) ? "br" : /\bgzip\b/.test(accepts) ? "gzip" : null;
      const hashed = /-[0-9a-f]{8,}(_bg)?\.(js|css|wasm)$/.test(file);
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        vary: "accept-encoding",
      };
      if (encoding) headers["content-encoding"] = encoding;
      res.writeHead(200, headers).end(body(file, encoding));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  // Compress every file before serving (brotli -q 11 of the wasm takes seconds: a host does it
  // once, at deploy time, not while the page waits).
  for (const name of readdirSync(dist)) {
    const file = join(dist, name);
    if (statSync(file).isFile()) for (const encoding of ["br", "gzip", null]) body(file, encoding);
  }
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}${base}`, close: () => new Promise((r) => server.close(r)) };
}
