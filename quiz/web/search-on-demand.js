// Material for MkDocs' search worker, on a questionnaire page: its index is built when the parent first searches.
//
// Material builds its search index (lunr) in a worker as soon as any page loads, CPU that a phone's few cores
// need while the questionnaire's engine starts: waiting for a search, the engine is ready about 0.1 s sooner with
// a warm cache (benchmarks/history.md, fourth round). On questionnaire pages the quiz plugin (quiz/site/search.py)
// names this worker in the page's __config instead of Material's, with Material's own file as ?material=.
//
// This worker answers Material's "setup" (the page handing over the index) with "ready" at once, and keeps the
// index. Blank queries, which Material sends as its search box starts, get no results, as Material's worker
// gives them. The first query with a word in it loads Material's worker into this one (importScripts: the same
// global scope, so its stemmers load from ../lunr/ as they would), hands it the index, then the queries, in order;
// from then on Material's worker answers everything itself. Material's message types, from its source
// (integrations/search/worker/message): 0 setup, 1 ready, 2 query, 3 result.

"use strict";

const scope = /** @type {DedicatedWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
const material = new URL(scope.location.href).searchParams.get("material") || "";
const toPage = scope.postMessage.bind(scope);
/** @type {{type: number, data?: unknown}[]} */
const held = []; // setup first, then the queries that came before Material's worker was here
let loaded = false;

scope.addEventListener("message", (event) => {
  if (loaded) return; // Material's own listener answers from now on
  const message = event.data;
  if (message.type === QUERY && String(message.data).trim() === "") {
    toPage({ type: RESULT, data: { items: [] } });
    return;
  }
  if (message.type === SETUP) {
    held.unshift(message);
    toPage({ type: READY });
  } else {
    held.push(message);
  }
  if (held[0].type === SETUP && held.some((item) => item.type === QUERY)) loadMaterial();
});

const loadMaterial = () => {
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) throw new Error(`not Material's search worker: ${material}`);
  // Material's worker answers the setup with "ready", once its index is built: the page had that from us, so it
  // is not sent again; it is the moment the queries kept here can go to Material's worker, in order.
  scope.postMessage = (message) => {
    if (!(message && message.type === READY)) toPage(message);
    else for (const query of held.splice(1)) scope.dispatchEvent(new MessageEvent("message", { data: query }));
  };
  try {
    scope.importScripts(material);
  } catch (error) {
    scope.postMessage = toPage; // not loaded (offline before it was kept, say): the next query tries again
    throw error;
  }
  loaded = true;
  scope.dispatchEvent(new MessageEvent("message", { data: held[0] }));
};
