// Decides, before the body is parsed, whether the page shows its shell: the copy of a new
// visitor's first view that `make dist` writes into index.html (scripts/prerender.mjs; the
// app takes its place when it has drawn the same, crates/web/src/shell.rs). It shows only where
// it is what the app will show: no text saved in this browser (the app saves under
// "ordinal.editor.text", crates/web/src/storage.rs), nothing in the address after `#` (a share
// link opens a lesson or a lab), and a browser that can run the app.
(() => {
  let saved = false;
  try {
    saved = localStorage.getItem("ordinal.editor.text") !== null;
  } catch {
    // storage refused: the app cannot have saved a text either
  }
  if (!saved && !location.hash && typeof WebAssembly === "object") {
    const html = document.documentElement;
    html.setAttribute("data-shell", "");
    // the shell's editor takes keys before the app is there: typed into or scrolled, it shows
    // its own text, which its highlighted copy no longer matches (style.css); the app takes it
    // over (crates/web/src/shell.rs)
    const typed = (e) => e.target.id === "shell-editor" && html.setAttribute("data-shell-typed", "");
    document.addEventListener("input", typed, true);
    document.addEventListener("scroll", typed, true);
  }
})();
