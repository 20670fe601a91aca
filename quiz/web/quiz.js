// Entry point: enhance each questionnaire on the page, if this browser can run the engine.
//
// Progressive enhancement, as GOV.UK Frontend does it: the page is a complete form without this script; the
// script adds one question per step and the result only where the browser has what that needs (module
// workers for the engine, fetch, URL). It defines no globals: a module's names stay in the module. The parts
// it puts together are listed at the top of questionnaire.js; every file it imports, directly or not (the
// bundle's chunks, build.py), is preloaded from the page's head (quiz/site/plugin.py), where it is async.

import { ConfigError, ElementError } from "./dom.js";
import { engineUrls, savingData, sharedEngine } from "./engine-client.js";
import { Quiz } from "./questionnaire.js";

/** Whether this browser has what the questionnaire needs: module workers, fetch, URL and Element.append. */
function supported() {
  if (!("Worker" in window && "fetch" in window && "URL" in window && "append" in Element.prototype)) return false;
  // Module workers cannot be asked for directly: a browser that supports them reads the `type` option.
  let readsType = false;
  /** @type {WorkerOptions} */
  const probe = {
    get type() {
      readsType = true;
      return /** @type {WorkerType} */ ("module");
    },
  };
  try {
    new Worker("blob://", probe).terminate();
  } catch {
    // the URL is meant to fail; only whether `type` was read matters
  }
  return readsType;
}

/**
 * Whether this page came from the browser's cache, or was only revalidated: a return visit, so the engine's files
 * are very likely there too. On a first visit the engine's 4 MB would share the network with the page's own files
 * and delay the first question (by 0.5 s over HTTP/2 on Slow 4G: benchmarks/results.md, issue 13).
 */
function returnVisit() {
  const [navigation] = performance.getEntriesByType("navigation");
  return navigation instanceof PerformanceNavigationTiming && navigation.transferSize < navigation.encodedBodySize;
}

/**
 * On a return visit, start each questionnaire's engine from the head's <meta name="quiz-engine"> (quiz/site/
 * plugin.py writes one per questionnaire on the page), while the page is still being parsed: then the worker's
 * start-up is what the parent waits for. The questionnaire, enhanced once the page is parsed, takes the same
 * engine up (sharedEngine); on a first visit it starts the engine itself, as the first question is shown. Not
 * with Save-Data on: then the engine starts at the first Continue.
 */
function startEarly() {
  if (savingData() || !returnVisit()) return;
  performance.mark("quiz:engine-early"); // for the tests: this visit took the early start
  for (const meta of document.querySelectorAll('meta[name="quiz-engine"]')) {
    if (!(meta instanceof HTMLElement)) continue;
    try {
      sharedEngine(engineUrls(meta)).start();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error); // the questionnaire starts its engine itself, from its own root
    }
  }
}

/** Enhance each questionnaire on the page, once. */
function enhance() {
  for (const root of document.querySelectorAll('[data-module="quiz"]')) {
    if (!(root instanceof HTMLElement)) continue;
    if (root.dataset.quizInit) continue; // enhanced once, even if this script is loaded twice
    root.dataset.quizInit = "true";
    let quiz;
    try {
      quiz = new Quiz(root); // reads and checks the markup; changes nothing until every part is there
    } catch (error) {
      // A page the build did not write as expected: it stays the plain form, and the console says why.
      if (!(error instanceof ConfigError || error instanceof ElementError)) throw error;
      console.error(error);
      continue;
    }
    quiz.init();
  }
}

if (supported()) {
  startEarly();
  // The script is async (plugin.py): it may run before the questionnaire is parsed.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance, { once: true });
  else enhance();
}
