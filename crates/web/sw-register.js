// Registers ordinal's service worker (sw.js, beside this file), scoped to this folder, so the
// page works offline after the first visit wherever the site is hosted. A browser without
// service workers, or a page opened from file://, simply stays online-only.
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch((e) => {
      console.warn(`ordinal: offline use is unavailable (${e.message})`);
    });
  });
}
