// Entry point: enhance each questionnaire on the page, if this browser can run the engine.
//
// Progressive enhancement, as GOV.UK Frontend does it: the page is a complete form without this script; the
// script adds one question per step and the result only where the browser has what that needs (module
// workers for the engine, fetch, URL). It defines no globals: a module's names stay in the module. The parts
// it puts together are listed at the top of questionnaire.js; every module it imports, directly or not, is
// preloaded from the page's head (quiz/site/plugin.py).

import { ConfigError, ElementError } from "./dom.js";
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

if (supported()) {
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
