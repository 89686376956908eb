// Loads the page's second module (ARCHITECTURE.md, "The first load"). The first module, the
// editor and its panels, calls window.ordinalLoadLab() when a tab beyond them is first opened
// (and the bootstrap does for a share link). The module's files are named by the
// <link rel="prefetch" data-ordinal-lab="js|wasm"> that scripts/build-lab.sh adds to
// index.html; the browser has usually fetched them while idle, and the service worker keeps
// them for offline use. Running the module mounts the whole page in place of the first one
// (crates/web/src/lazy.rs). A failed attempt can be tried again.
let loading = null;
let attempt = 0;

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
      [...document.querySelectorAll('link[data-ordinal-lab="css"]')].map((prefetch) => {
        if (document.querySelector(`link[rel="stylesheet"][href="${prefetch.getAttribute("href")}"]`)) return null;
        const sheet = document.createElement("link");
        sheet.rel = "stylesheet";
        sheet.setAttribute("href", prefetch.getAttribute("href"));
        if (prefetch.dataset.integrity) sheet.integrity = prefetch.dataset.integrity;
        return new Promise((resolve, reject) => {
          sheet.onload = resolve;
          sheet.onerror = () => {
            sheet.remove();
            reject(new Error(`the style sheet ${prefetch.href} could not be loaded`));
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
