// The questionnaire component: the built form, one question per step, then check answers, then the result.
//
// Constructed on the element marked data-module="quiz" (see quiz.js). Without JavaScript the same markup is a
// plain form showing every question; this class only hides, adds and moves focus. It puts the parts together
// and answers the page's events:
//   questions.js      the questions and answers, read from the form (follow-ups decided by conditions.js)
//   navigation.js     the steps as history entries, the back link, Continue, the error summary (error-summary.js)
//   check-answers.js  check your answers, with Change links
//   result-step.js    the result, always from the engine in the worker (engine-client.js), drawn by result.js
//   persistence.js    answers and step kept in this tab, or on the device if asked (storage.js)
//   savefile.js       save, load, remember and clear
// Every word it shows comes from strings.js.

import { CheckAnswers } from "./check-answers.js";
import { dataAttribute, element, required } from "./dom.js";
import { engineUrls, savingData, sharedEngine } from "./engine-client.js";
import { Navigation } from "./navigation.js";
import { Persistence } from "./persistence.js";
import { QuestionForm } from "./questions.js";
import { loadResultDrawing, ResultStep } from "./result-step.js";
import { AnswersPanel } from "./savefile.js";
import { text } from "./strings.js";

/** @typedef {import("./navigation.js").Step} Step */
/** @typedef {import("./conditions.js").Answers} Answers */

export class Quiz {
  /**
   * @param {HTMLElement} root  carries data-questionnaire, data-version and the URLs (data-worker, data-runtime,
   *        data-engine, data-definition) that quiz/site/form.py writes
   * @throws {import("./dom.js").ConfigError} when one of those is missing
   * @throws {import("./dom.js").ElementError} when the form's markup is not there
   */
  constructor(root) {
    this.root = root;
    this.id = dataAttribute(root, "questionnaire");
    this.version = Number(root.dataset.version) || 1;
    this.form = /** @type {HTMLFormElement} */ (required(root, ".quiz__form"));
    this.status = required(root, ".quiz__status");
    this.questions = new QuestionForm(root);
    this.persistence = new Persistence(this.id, this.version);
    this.engine = sharedEngine(engineUrls(root)); // perhaps already started by quiz.js, from the head
    /** @type {Promise<any> | null} the definition JSON, fetched once */
    this.definition = null;
    this.problem = element("div", { class: "quiz__problem", hidden: true });
    this.check = new CheckAnswers(this.questions);
    this.result = new ResultStep({
      id: this.id,
      root,
      engine: this.engine,
      answers: () => this.answers(),
      definition: () => this.loadDefinition(),
      questionLink: (id) => this.questionLink(id),
      say: (line) => this.say(line),
      failed: (message) => this.showProblem(message),
      current: () => Boolean(this.navigation.step && this.navigation.step.kind === "result"),
    });
    this.resumeView = resumeView(this.id);
    this.navigation = new Navigation(root, this.id, this.questions, this.form,
      { check: this.check, result: this.result, resume: this.resumeView }, {
      showing: (step, first) => {
        if (step.kind === "check") this.check.render();
        this.panel.show(step, first);
        this.persistence.saveStep(step);
      },
      shown: (step, focus) => {
        if (step.kind === "result") this.result.score(focus);
      },
      answered: () => this.save(),
    });
    // Save, load, remember and clear (savefile.js); its error summary sits at the top, GOV.UK style.
    this.panel = new AnswersPanel(this);
  }

  init() {
    this.root.classList.add("quiz--enhanced");
    this.build();
    const kept = this.persistence.savedAnswers(); // this tab's answers first, else the device's if remembered
    if (kept) this.questions.setAnswers(kept);
    // Opened afresh (a link, the address bar) with answers kept from before: the parent chooses to continue or to
    // start again. A reload, or Back into the page, goes straight to the step its history entry names.
    const entry = history.state && history.state.quiz === this.id ? history.state : null;
    const ask = Boolean(kept && Object.keys(kept).length) && (entry ? entry.step === "resume" : Navigation.openedAfresh());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!this.navigation.step || this.navigation.step.kind !== "question") return;
      this.startEngine(); // with Save-Data on, the engine starts here rather than on opening
      this.navigation.continue();
    });
    this.form.addEventListener("change", () => {
      this.save();
      this.navigation.updateCount();
    });
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.matches("[data-print-letter]")) {
        this.root.classList.toggle("quiz--print-letter", event.target.checked);
      }
    });
    this.engine.listen((event) => this.onEngine(event));
    if (!savingData()) this.startEngine();
    const first = ask ? /** @type {Step} */ ({ kind: "resume" }) : this.navigation.resume(this.persistence.savedStep());
    this.navigation.show(first, { focus: false, history: "replace" });
    performance.mark("quiz:first-question"); // for benchmarks/run.py: the first step is on screen and usable
    loadResultDrawing(); // the result's code, now that the first question does not wait for it
  }

  /** The markup the script adds around the built form. */
  build() {
    this.form.append(element("div", { class: "quiz__actions" },
      element("button", { type: "submit", class: "quiz__button" }, text("step.continue"))));
    this.status.after(this.problem);
    this.form.before(this.resumeView.element);
    this.root.append(this.check.element, this.result.element, this.panel.element);
    this.root.prepend(this.panel.errorSummary.element);
  }

  /** @param {MouseEvent} event */
  onClick(event) {
    const target = event.target instanceof Element ? event.target.closest("[data-action], [data-change], [data-print]") : null;
    if (!(target instanceof HTMLElement) || !this.root.contains(target)) return;
    if (target.dataset.change) {
      event.preventDefault();
      this.navigation.change(target.dataset.change);
      return;
    }
    const action = target.dataset.action;
    if (action === "resume") this.navigation.show(this.navigation.resume(this.persistence.savedStep()), { history: "replace" });
    else if (action === "start-again") this.clear("replace");
    else if (action === "result") this.navigation.show({ kind: "result" });
    else if (action === "check") this.navigation.showCheck();
    else if (action === "retry") this.retry();
    else if (action === "clear") this.clear();
    else if (target.dataset.print) this.print(target.dataset.print);
  }

  /**
   * Print the summary (the default print styles) or only the tracking sheet.
   * @param {string} kind  "summary" or "sheet"
   */
  print(kind) {
    if (kind === "sheet") this.root.dataset.print = "sheet";
    const done = () => {
      delete this.root.dataset.print;
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  }

  // ── Answers ──────────────────────────────────────────────────────────────────────────────────

  /** @returns {Answers} the answers that count (contract 2) */
  answers() {
    return this.questions.answers();
  }

  /** Keep the answers: in this tab, and on the device too if the parent ticked "Remember". */
  save() {
    this.persistence.save(this.answers(), this.panel.remember.checked);
  }

  /**
   * Answers read from a saved file, already checked by the engine: they replace those on screen.
   * @param {Answers} loaded
   */
  load(loaded) {
    this.questions.setAnswers(loaded);
    this.save();
    this.result.result = null;
    this.navigation.changing = false;
    this.navigation.show(this.navigation.firstToAnswer());
    this.say(text("status.loaded"));
  }

  /** @param {import("./navigation.js").HistoryMode} [mode]  how the first question enters history */
  clear(mode = "push") {
    this.questions.setAnswers({});
    this.persistence.clear(); // sessionStorage and localStorage, answers and step
    this.panel.reset();
    this.result.clear(); // the letter and its names too
    this.root.classList.remove("quiz--print-letter");
    delete this.root.dataset.band;
    this.navigation.restart(mode);
    this.say(text("status.cleared"));
  }

  /**
   * Where a reason's "Change your answer" link goes, for a question asked; null otherwise.
   * @param {string} id
   * @returns {{href: string, title: string} | null}
   */
  questionLink(id) {
    if (!this.questions.has(id) || !this.questions.asked().includes(id)) return null;
    return { href: `#${this.questions.entry(id).item.id}`, title: this.questions.titleText(id) };
  }

  // ── The engine ───────────────────────────────────────────────────────────────────────────────

  startEngine() {
    if (this.engine.state === "idle") this.engine.start();
    this.loadDefinition();
  }

  /** @returns {Promise<any>} the definition JSON (texts for the result), fetched once, again after a failure */
  loadDefinition() {
    if (!this.definition) {
      const loading = fetch(this.engine.urls.definition).then((response) => {
        if (!response.ok) throw new Error(text("problem.definition", { status: response.status }));
        return response.json();
      });
      loading.catch(() => {
        this.definition = null; // fetched again on Retry
      });
      this.definition = loading;
    }
    return this.definition;
  }

  /** @param {{type: string, error?: string}} event  from EngineClient */
  onEngine(event) {
    if (event.type === "loading") {
      this.say(text("status.loading"));
      this.problem.hidden = true;
    } else if (event.type === "ready") {
      if (!(this.navigation.step && this.navigation.step.kind === "result")) this.say("");
    } else if (event.type === "failed") {
      this.showProblem(event.error || text("problem.unknown"));
    }
  }

  /** @param {string} error  what went wrong, shown in brackets */
  showProblem(error) {
    this.say("");
    // The paper version (form.py's "Work it out on paper") is shown while the engine cannot run: quiz.css.
    const paper = this.root.querySelector(".quiz__paper");
    this.root.classList.add("quiz--failed");
    this.problem.replaceChildren(
      element("p", { class: "quiz__problem-text", role: "alert" }, text("problem.text"),
        element("span", { class: "quiz__problem-detail" }, `(${error})`)),
      element("button", { type: "button", class: "quiz__button", "data-action": "retry" }, text("problem.retry")),
      paper ? element("p", { class: "quiz__problem-paper" }, text("problem.paperBefore"),
        element("a", { href: `#${paper.id}` }, text("problem.paperLink")), text("problem.paperAfter")) : "");
    this.problem.hidden = false;
  }

  retry() {
    this.problem.hidden = true;
    this.root.classList.remove("quiz--failed");
    this.engine.restart();
    this.loadDefinition();
    if (this.navigation.step && this.navigation.step.kind === "result") this.navigation.show({ kind: "result" });
  }

  /** @param {string} line  the status line (a polite live region) */
  say(line) {
    if (this.status.textContent !== line) this.status.textContent = line;
  }
}

/**
 * The choice on opening the page afresh with answers kept from before: continue where they left off, or start again.
 * @param {string} id  the questionnaire id
 * @returns {{element: HTMLElement, heading: HTMLElement}}
 */
function resumeView(id) {
  const heading = element("h2", { class: "quiz__heading", tabindex: "-1" }, text("resume.title"));
  const hint = `quiz-${id}-start-again-hint`;
  return {
    heading,
    element: element("section", { class: "quiz__resume", hidden: true },
      heading,
      element("p", {}, text("resume.text")),
      element("div", { class: "quiz__result-actions" },
        element("button", { type: "button", class: "quiz__button", "data-action": "resume" }, text("resume.continue")),
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-action": "start-again",
          "aria-describedby": hint }, text("resume.startAgain"))),
      element("p", { class: "quiz__keep-hint", id: hint }, text("resume.startAgainHint"))),
  };
}
