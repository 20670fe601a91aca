// The site's service worker: the site and the questionnaire's engine offline, once a parent has used it.
//
// Written to the site root as sw.js by the quiz plugin (quiz/site/offline.py), which fills in BUILD (a hash of
// every built file), PRECACHE (every page and asset, relative to the site root) and RUNTIME (Pyodide and the
// engine). Its scope is the folder it is served from, so it works under a subpath such as /para-guide/.
//
// A first visit to a guidance page downloads nothing extra (parents on slow, metered phones): pages and assets
// are kept as they are visited. The whole site and the engine are kept once a questionnaire's engine has run
// on this device, and again by each new build for a device that kept the previous one.
//
//   install   if this device kept an older build, keep this build's pages and assets too (the engine
//             follows the next time a questionnaire runs, as on a first visit)
//   activate  delete this site's caches from older builds; take control of open pages
//   message   {type: "cache-runtime"} from assets/quiz/offline.js once a questionnaire's engine has booted:
//             that page first, then every page and asset, then Pyodide's files and the engine zip, go into the cache
//             (revalidated, mostly from the HTTP cache), so the site and the questionnaire work offline from then on
//   fetch     pages: network first, falling back to the cache (so a new build shows when online);
//             everything else: the cache first, else the network, kept in the cache
//
// Nothing here talks to another origin: requests outside the scope are left to the browser.

// The worker's own global scope, typed for the checker (jsconfig.workers.json): `self` in a service worker.
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const BUILD = "__BUILD__";
/** @type {string[]} */
// @ts-expect-error: a name only until offline.py writes the list of paths in its place
const PRECACHE = __PRECACHE__;
/** @type {string[]} */
// @ts-expect-error: as above
const RUNTIME = __RUNTIME__;
const SCOPE = sw.registration.scope; // ends with "/"
const PREFIX = `para-guide ${SCOPE} `; // caches are per origin; two sites on one origin keep apart
const CACHE = PREFIX + BUILD;

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => (names.some((name) => name.startsWith(PREFIX) && name !== CACHE) ? cacheMissing(PRECACHE) : null))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("message", (event) => {
  if (!(event.data && event.data.type === "cache-runtime")) return;
  // The page that asked first, alone: until it is kept, going offline there would show 404.html. The rest of the
  // site follows, then the engine (4 MB), so once the engine is kept the page is too.
  const page = event.source instanceof Client ? event.source.url.split(/[?#]/)[0] : "";
  const source = page.startsWith(SCOPE) ? [page] : [];
  event.waitUntil(cacheMissing(source).then(() => cacheMissing(PRECACHE.concat(RUNTIME))));
});

// Reads name this build's cache without opening it: caches.open would bring back a cache a newer build deleted.
const cached = (/** @type {string} */ url) => caches.match(url, { cacheName: CACHE, ignoreSearch: true });

/**
 * @param {string} url
 * @param {Response} response
 */
async function keep(url, response) {
  // An older worker still finishing its work after a newer build took over must not recreate its old cache.
  if (sw.serviceWorker && sw.serviceWorker.state === "redundant") return;
  await (await caches.open(CACHE)).put(url, response);
}

/** @param {string[]} paths  relative to the scope */
async function cacheMissing(paths) {
  const queue = paths.map((path) => new URL(path, SCOPE).href);
  // A few at a time, as a browser loads a page: quick on a good network, gentle on a slow one.
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      if (await cached(url)) continue;
      try {
        const response = await fetch(url, { cache: "no-cache" }); // revalidated: never an older build's copy
        if (response.status === 200) await keep(url, response);
      } catch {
        // offline or gone: tried again the next time a questionnaire page opens
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

sw.addEventListener("fetch", (event) => {
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

/**
 * @param {FetchEvent} event
 * @param {URL} url
 * @returns {Promise<Response>}
 */
async function networkFirst(event, url) {
  try {
    const response = await fetch(event.request);
    if (response.status === 200) event.waitUntil(keep(url.href, response.clone()));
    return response;
  } catch (error) {
    const page = (await cached(url.href)) || (await cached(new URL("404.html", SCOPE).href));
    if (page) return page;
    throw error;
  }
}

/**
 * @param {FetchEvent} event
 * @param {URL} url
 * @returns {Promise<Response>}
 */
async function cacheFirst(event, url) {
  const hit = await cached(url.href);
  if (hit) return hit;
  const response = await fetch(event.request);
  // Kept while the response streams on to the page (the wasm can start compiling before it is cached).
  if (response.status === 200) event.waitUntil(keep(url.href, response.clone()));
  return response;
}
