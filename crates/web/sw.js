// ordinal's service worker: keeps the app working offline after the first visit.
//
// The app is a static page (index.html, one .js, one .wasm, .css files) whose asset names carry
// a content hash. On install the worker reads index.html and caches it with every asset it
// links to. Pages are answered network first (a new release shows up as soon as it is online)
// and fall back to the cache offline; hashed assets are answered from the cache first, and
// files no longer linked by the newest page are dropped from the cache. All
// URLs are relative to the worker's own location, so the site works from any sub-path, and
// only same-origin GET requests are touched: nothing is ever sent anywhere else.

const CACHE = "ordinal-shell-v1";

function shellUrl() {
  return new URL("./", self.registration.scope).href;
}

/** The assets index.html links to (trunk's hashed .js, .wasm and .css, and ours). */
function linkedAssets(html, base) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)\s*=\s*"([^"]+)"/g)) {
    const url = new URL(m[1], base);
    if (url.origin === self.location.origin) urls.add(url.href);
  }
  return [...urls];
}

/**
 * Drops what the cache holds that the page no longer links to: the hashed files of superseded
 * builds, which would otherwise pile up with every release.
 */
async function prune(cache, html, base) {
  const keep = new Set([base, ...linkedAssets(html, base)]);
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const base = shellUrl();
      const page = await fetch(base, { cache: "no-cache" });
      if (!page.ok) throw new Error(`index.html: HTTP ${page.status}`);
      const html = await page.clone().text();
      await cache.put(base, page);
      await cache.addAll(linkedAssets(html, base).filter((u) => !u.startsWith("data:")));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE && name.startsWith("ordinal-")) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // the page: network first, so a new release is picked up; the cached shell offline
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        try {
          const fresh = await fetch(request);
          if (fresh.ok) {
            const html = await fresh.clone().text();
            await cache.put(shellUrl(), fresh.clone());
            // the files of the page just fetched are cached as it asks for them
            event.waitUntil(prune(cache, html, shellUrl()));
          }
          return fresh;
        } catch {
          return (await cache.match(shellUrl())) ?? Response.error();
        }
      })(),
    );
    return;
  }
  // hashed assets: cache first; anything new is cached as it is fetched
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      const fresh = await fetch(request);
      if (fresh.ok) await cache.put(request, fresh.clone());
      return fresh;
    })(),
  );
});
