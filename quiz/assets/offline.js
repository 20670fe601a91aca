// Registers the site's service worker (sw.js at the site root, written by the quiz plugin), so the pages and,
// once it has run, the questionnaire work offline. Loaded on every page as a module: no globals.
//
// This file is served from <root>/assets/quiz/, so the root is two folders up: right under a subpath too.

if ("serviceWorker" in navigator && window.isSecureContext) {
  const root = new URL("../../", import.meta.url);
  navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname, type: "classic" }).catch(() => {
    // no service worker (private mode, a host that does not serve sw.js): the site still works online
  });
}
