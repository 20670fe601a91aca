// The letters page: the letter kit without the questionnaire, for a parent who needs a letter now.
//
// Entry point for the element quiz/site/letters.py writes for `<!-- letters: <questionnaire id> -->`, marked
// data-module="quiz-letters". Without JavaScript that element already holds every letter as text to copy or
// print; this script puts the kit (letter.js) in its place: the two names, a choice of letter, the editable text,
// copy, .txt and .docx. There is no result, so every letter is offered and the parts a result would fill say what
// to write. The .docx is made by the questionnaire's engine worker (engine-client.js), started only once the
// parent starts using the kit, so reading the page costs no engine download. Nothing is stored; no globals.

import { ConfigError, dataAttribute, element } from "./dom.js";
import { EngineClient, engineUrls } from "./engine-client.js";
import { letterKit, schoolCopy } from "./letter.js";
import { text } from "./strings.js";

export class LettersPage {
  /**
   * @param {HTMLElement} root  carries data-kit (the questionnaire whose letters these are) and the URLs
   *        data-definition, data-worker, data-runtime and data-engine; on a page in another language than the
   *        school's, data-school-definition and data-school-language (the letter's copy for the school)
   * @throws {ConfigError} when one of those is missing
   */
  constructor(root) {
    this.root = root;
    this.id = `letters-${dataAttribute(root, "kit")}`;
    // A failure reaches the parent through the .docx call it rejects (letter.js says so): no listener.
    this.engine = new EngineClient(engineUrls(root));
    this.definitionUrl = this.engine.urls.definition;
  }

  /** Fetch the letters and put the kit in place of the plain letters; on failure, the plain letters stay. */
  async init() {
    const status = element("p", { class: "quiz__letter-status", role: "status", "aria-live": "polite" });
    this.root.prepend(status);
    try {
      const response = await fetch(this.definitionUrl);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const definition = await response.json();
      const kit = letterKit(definition, null, { id: this.id, engine: this.engine, heading: "h2",
        title: "letter.pageTitle", school: schoolCopy(this.root) });
      if (!kit) return;
      // The engine is started once the parent starts on a letter, so a .docx is ready sooner after.
      kit.addEventListener("input", () => this.engine.start(), { once: true });
      kit.addEventListener("change", () => this.engine.start(), { once: true });
      for (const plain of this.root.querySelectorAll(".quiz-letters__plain")) plain.setAttribute("hidden", "");
      status.remove();
      this.root.append(kit);
      this.root.classList.add("quiz-letters--enhanced");
    } catch (error) {
      status.textContent = text("letter.pageFailed", { message: (error instanceof Error && error.message) || String(error) });
    }
  }

  /** Stop the engine worker, if one was started. */
  stop() {
    this.engine.stop();
  }
}

/** What the kit needs: module workers (for the .docx), fetch, URL and Element.append. */
function supported() {
  return "Worker" in window && "fetch" in window && "URL" in window && "append" in Element.prototype;
}

if (supported()) {
  for (const root of document.querySelectorAll('[data-module="quiz-letters"]')) {
    if (!(root instanceof HTMLElement) || root.dataset.quizInit) continue; // enhanced once
    root.dataset.quizInit = "true";
    try {
      new LettersPage(root).init();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error); // a page the build did not write as expected keeps its plain letters
    }
  }
}
