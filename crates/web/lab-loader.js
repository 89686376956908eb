// Loads the page's second module (ARCHITECTURE.md, "The first load"). The first module, the
// editor and its panels, calls window.ordinalLoadLab() when a tab beyond them is first opened
// (and the bootstrap does for a share link). The module's files are named by the
// <link rel="ordinal-lab" data-ordinal-lab="js|wasm|css"> that scripts/build-lab.sh adds to
// index.html, which the browser does not fetch by itself: the service worker precaches them
// once the page has loaded (after the first module's own download), and answers from that
// cache from then on, offline too. Running the module mounts the whole page in place of the
// first one (crates/web/src/lazy.rs). A failed attempt can be tried again.
let loading = null;
let attempt = 0;

const labLinks = () => [...document.querySelectorAll("link[data-ordinal-lab]")];

// Without a service worker (a browser without one, a page opened from a file) nothing fetches
// the second module ahead of the click: fetch it into the HTTP cache once the page has loaded
// and the browser is idle, so that it does not share the network with the first module.
if (!("serviceWorker" in navigator) || location.protocol === "file:") {
  window.addEventListener("load", () => {
    const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 1));
    setTimeout(() => idle(() => labLinks().forEach((l) => fetch(l.href).catch(() => {}))), 2000);
  });
}

window.ordinalLoadLab = () => {
  loading ??= (async () => {
    const js = document.querySelector('link[data-ordinal-lab="js"]');
    const wasm = document.querySelector('link[data-ordinal-lab="wasm"]');
    if (!js || !wasm) throw new Error("this build of the page has no second module");
    // a module that failed to load stays failed under its URL: a new attempt asks anew
    const url = attempt === 0 ? js.href : `${js.href}?attempt=${attempt}`;
    attempt += 1;
    // the style sheets of the second module, applied (and loaded) before it mounts
    await Promise.all(
      labLinks().filter((l) => l.dataset.ordinalLab === "css").map((link) => {
        if (document.querySelector(`link[rel="stylesheet"][href="${link.getAttribute("href")}"]`)) return null;
        const sheet = document.createElement("link");
        sheet.rel = "stylesheet";
        sheet.setAttribute("href", link.getAttribute("href"));
        if (link.dataset.integrity) sheet.integrity = link.dataset.integrity;
        return new Promise((resolve, reject) => {
          sheet.onload = resolve;
          sheet.onerror = () => {
            sheet.remove();
            reject(new Error(`the style sheet ${link.href} could not be loaded`));
          };
          document.head.append(sheet);
        });
      }),
    );
    const module = await import(url);
    await module.default({ module_or_path: wasm.href });
  })().catch((e) => {
    loading = null;
    throw e;
  });
  return loading;
};
