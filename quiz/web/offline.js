// Registers the site's service worker (sw.js at the site root, written by the quiz plugin), so the pages and,
// once it has run, the questionnaire work offline. Loaded on every page as a module: no globals.
//
// This file is served from <root>/assets/quiz/, so the root is two folders up: right under a subpath too.
// When a questionnaire's engine has booted (engine-client.js marks "quiz:engine-ready"), the worker is asked
// to keep Pyodide and the engine: on a first visit they were fetched before the worker took control.

if ("serviceWorker" in navigator && window.isSecureContext) {
  const root = new URL("../../", import.meta.url);
  // Loaded async (mkdocs.yml): the page may still be parsing, and the questionnaire is known only once it is.
  const parsed = document.readyState === "loading"
    ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }))
    : Promise.resolve();
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => parsed)
    .then(() => {
      if (!document.querySelector('[data-module="quiz"]') || !("PerformanceObserver" in window)) return;
      const observer = new PerformanceObserver((list) => {
        if (!list.getEntriesByName("quiz:engine-ready").length) return;
        observer.disconnect();
        navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "cache-runtime" }));
      });
      observer.observe({ type: "mark", buffered: true });
    })
    .catch(() => {
      // no service worker (private mode, a host that does not serve sw.js): the site still works online
    });
}
