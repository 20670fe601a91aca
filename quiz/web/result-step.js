// The result step: asks the engine to score the answers on screen and draws the answer (result.js).
//
// The result always comes from the engine in the worker. Only the latest request counts: a reply to an older
// one (the parent went back and changed an answer meanwhile) is dropped. While it works, the heading and the
// status line say so; if it fails, the answers stay and the page offers to try again.

import { element } from "./dom.js";
import { text } from "./strings.js";

// A name, not a literal in import(): quiz/site/plugin.py preloads every "./x.js" it finds after an import or export.
const DRAWING = "./result.js";
/** @typedef {typeof import("./result.js")} Drawing  renderResult and onPartClick */
/** @type {Promise<Drawing> | null} */
let drawing = null;

/**
 * The code that draws the result (result.js, and through it the day map and the letters), fetched once. It is
 * not imported statically, so it is not among the modules the first question waits for (quiz/site/plugin.py
 * preloads the static imports only); questionnaire.js asks for it once the first question is on screen.
 * @returns {Promise<Drawing>}
 */
export function loadResultDrawing() {
  if (!drawing) {
    const loading = /** @type {Promise<Drawing>} */ (import(DRAWING));
    loading.catch(() => {
      drawing = null; // asked for again at the next result
    });
    drawing = loading;
  }
  return drawing;
}

/** @typedef {import("./conditions.js").Answers} Answers */
/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/**
 * What the result step needs from the questionnaire.
 * @typedef {object} ResultHost
 * @property {string} id  the questionnaire id
 * @property {HTMLElement} root  the questionnaire's root, whose data-band names the band shown
 * @property {EngineClient} engine
 * @property {() => Answers} answers  the answers that count
 * @property {() => Promise<any>} definition  the definition JSON, with its texts
 * @property {(id: string) => {href: string, title: string} | null} questionLink  where "Change" goes
 * @property {(line: string) => void} say  the status line
 * @property {(message: string) => void} failed  the engine could not give a result
 * @property {() => boolean} current  whether the result step is still the one on screen
 */

export class ResultStep {
  /** @param {ResultHost} host */
  constructor(host) {
    this.host = host;
    this.heading = element("h2", { class: "quiz__heading", tabindex: "-1" }, text("status.working"));
    this.body = element("div", { class: "quiz__result-body" });
    this.alerts = element("div", { class: "quiz__alerts" }); // urgent notes, before everything else (result.js)
    this.element = element("section", { class: "quiz__result", hidden: true },
      this.alerts,
      this.heading,
      this.body,
      element("div", { class: "quiz__result-actions" },
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-action": "check" },
          text("result.checkOrChange"))));
    /** @type {((event: MouseEvent) => boolean) | null} opens and closes the result's parts, once drawn */
    this.partClick = null;
    this.element.addEventListener("click", (event) => {
      if (this.partClick) this.partClick(event);
    });
    this.scoring = 0; // the latest score request; older replies are ignored
    /** @type {any} the engine's latest result (contract 3), or null */
    this.result = null;
  }

  /**
   * Score the answers on screen and show the result; focus moves to its heading when `focus`.
   * @param {boolean} focus
   * @returns {Promise<void>}
   */
  async score(focus) {
    const host = this.host;
    const token = ++this.scoring;
    this.heading.textContent = text("status.working");
    this.body.replaceChildren();
    this.alerts.replaceChildren();
    /** @type {HTMLElement} */
    let first = this.heading;
    this.element.setAttribute("aria-busy", "true");
    delete host.root.dataset.band; // none is shown while these answers are worked out (the tests wait on it)
    host.say(text("status.working"));
    try {
      const [result, definition, draw] = await Promise.all([host.engine.score(host.answers()), host.definition(),
        loadResultDrawing()]);
      if (token !== this.scoring || !host.current()) return;
      this.partClick = draw.onPartClick;
      first = draw.renderResult(this.element, result, definition, host.questionLink, host) || this.heading;
      this.result = result;
      host.root.dataset.band = result.band;
      host.say(text("status.result", { title: (this.heading.textContent || "").trim() }));
    } catch (error) {
      if (token !== this.scoring || !host.current()) return;
      this.heading.textContent = text("result.failedTitle");
      this.body.replaceChildren(element("p", {}, text("result.failedText")));
      host.say("");
      if (host.engine.state !== "failed") host.failed((error instanceof Error && error.message) || String(error));
    } finally {
      if (token === this.scoring) this.element.removeAttribute("aria-busy");
    }
    if (focus && token === this.scoring) first.focus(); // an urgent note's heading first, else the band's

  }

  /** After "Clear my answers": no result, no letter, no names typed into it. */
  clear() {
    this.body.replaceChildren();
    this.alerts.replaceChildren();
    this.result = null;
  }
}
