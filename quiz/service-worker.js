// The site's service worker: every page and asset offline, and the questionnaire's engine once it has run.
//
// Written to the site root as sw.js by the quiz plugin (quiz/offline.py), which fills in BUILD (a hash of
// every built file), PRECACHE (every page and asset, relative to the site root) and RUNTIME (Pyodide and the
// engine, cached when a questionnaire page says its engine is ready). Its scope is the folder
// it is served from, so it works under a subpath such as /para-guide/.
//
//   install   precache every page and asset of this build into the cache "<scope> <BUILD>"
//   activate  delete this site's caches from older builds; take control of open pages
//   message   {type: "cache-runtime"} from assets/quiz/offline.js once a questionnaire's engine has booted:
//             Pyodide's files and the engine zip go into the cache (from the HTTP cache, usually), so the
//             questionnaire works offline from then on, even when it booted before this worker took control
//   fetch     pages: network first, falling back to the cache (so a new build shows when online);
//             everything else: the cache first, else the network, kept in the cache (Pyodide's files and
//             the engine are cached this way the first time the questionnaire page boots the engine)
//
// Nothing here talks to another origin: requests outside the scope are left to the browser.

const BUILD = "__BUILD__";
const PRECACHE = __PRECACHE__;
const RUNTIME = __RUNTIME__;
const SCOPE = self.registration.scope; // ends with "/"
const PREFIX = `para-guide ${SCOPE} `; // caches are per origin; two sites on one origin keep apart
const CACHE = PREFIX + BUILD;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "cache-runtime") event.waitUntil(cacheMissing(RUNTIME));
});

async function cacheMissing(paths) {
  const cache = await caches.open(CACHE);
  for (const path of paths) {
    const url = new URL(path, SCOPE).href;
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url);
      if (response.status === 200) await cache.put(url, response);
    } catch {
      // offline or gone: tried again the next time a questionnaire page opens
    }
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  url.hash = "";
  if (request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html")) {
    event.respondWith(networkFirst(event, url));
  } else {
    event.respondWith(cacheFirst(event, url));
  }
});

async function networkFirst(event, url) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    if (response.status === 200) event.waitUntil(cache.put(url.href, response.clone()));
    return response;
  } catch (error) {
    const cached = (await cache.match(url.href, { ignoreSearch: true })) || (await cache.match(new URL("404.html", SCOPE).href));
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(event, url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(url.href, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(event.request);
  // Kept while the response streams on to the page (the wasm can start compiling before it is cached).
  if (response.status === 200) event.waitUntil(cache.put(url.href, response.clone()));
  return response;
}
