// The questionnaire component: the built form, one question per step, then check answers, then the result.
//
// Constructed on the element marked data-module="quiz" (see quiz.js). Without JavaScript the same markup is a
// plain form showing every question; this class only hides, adds and moves focus. Follow-up questions are
// decided on the page (conditions.js) so the first questions work before the engine has loaded; the result
// always comes from the engine in the worker (engine-client.js).

import { asked, questionFrom } from "./conditions.js";
import { element } from "./dom.js";
import { EngineClient } from "./engine-client.js";
import { renderResult } from "./result.js";
import { AnswersPanel } from "./savefile.js";
import { clearAll, keepAnswers, keptAnswers } from "./storage.js";

const LOADING = "Getting the questionnaire ready on your device…";
const WORKING = "Working out your result…";

export class Quiz {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.id = root.dataset.questionnaire;
    this.version = Number(root.dataset.version) || 1;
    this.form = root.querySelector(".quiz__form");
    this.status = root.querySelector(".quiz__status");
    this.items = Array.from(root.querySelectorAll(".quiz__question"));
    this.questions = this.items.map((item) =>
      questionFrom(item.dataset, this.inputs(item).map((input) => ({ value: input.value, points: input.dataset.points }))),
    );
    this.byId = new Map(this.questions.map((question, index) => [question.id, { question, item: this.items[index] }]));
    const base = document.baseURI;
    this.engine = new EngineClient(
      {
        worker: new URL(root.dataset.worker, base),
        runtime: new URL(root.dataset.runtime, base),
        engine: root.dataset.engine,
        definition: new URL(root.dataset.definition, base),
      },
      (event) => this.onEngine(event),
    );
    this.definition = null; // a promise of the definition JSON, fetched once
    this.step = null; // {kind: "question", id} | {kind: "check"} | {kind: "result"}
    this.changing = false; // came from "Change": Continue goes back to check answers
    this.scoring = 0; // the latest score request; older replies are ignored
    this.result = null;
  }

  init() {
    this.root.classList.add("quiz--enhanced");
    this.build();
    this.restore();
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.continue();
    });
    this.form.addEventListener("change", () => {
      this.save();
      this.updateCount();
    });
    this.root.addEventListener("click", (event) => this.onClick(event));
    const saveData = Boolean(navigator.connection && navigator.connection.saveData);
    if (!saveData) this.startEngine();
    this.show(this.restoredStep(), { focus: false });
    performance.mark("quiz:first-question"); // for benchmarks/run.py: the first step is on screen and usable
  }

  // ── Markup the script adds ───────────────────────────────────────────────────────────────────

  build() {
    this.back = element("button", { type: "button", class: "quiz__back", "data-action": "back" }, "Back");
    this.errorSummary = element("div", { class: "quiz__error-summary", tabindex: "-1", hidden: true });
    this.form.prepend(this.back, this.errorSummary);
    this.actions = element("div", { class: "quiz__actions" },
      element("button", { type: "submit", class: "quiz__button" }, "Continue"));
    this.form.append(this.actions);

    this.problem = element("div", { class: "quiz__problem", hidden: true });
    this.status.after(this.problem);

    this.check = element("section", { class: "quiz__check", hidden: true },
      element("button", { type: "button", class: "quiz__back", "data-action": "back" }, "Back"),
      element("h2", { class: "quiz__heading", tabindex: "-1" }, "Check your answers"),
      element("dl", { class: "quiz__summary" }),
      element("button", { type: "button", class: "quiz__button", "data-action": "result" }, "See my result"));
    this.resultSection = element("section", { class: "quiz__result", hidden: true },
      element("h2", { class: "quiz__heading", tabindex: "-1" }, WORKING),
      element("div", { class: "quiz__result-body" }),
      element("div", { class: "quiz__result-actions" },
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-action": "check" },
          "Check or change your answers")));
    this.root.append(this.check, this.resultSection);
    // Save, load, remember and clear (savefile.js); its error summary sits at the top, GOV.UK style.
    this.panel = new AnswersPanel(this);
    this.root.append(this.panel.element);
    this.root.prepend(this.panel.errorSummary);
    this.root.addEventListener("change", (event) => {
      if (event.target.matches("[data-print-letter]")) {
        this.root.classList.toggle("quiz--print-letter", event.target.checked);
      }
    });
  }

  // ── Steps ────────────────────────────────────────────────────────────────────────────────────

  /** Show one step; focus moves to its heading unless the page has just opened. */
  show(step, { focus = true } = {}) {
    this.step = step;
    this.hideError();
    const onQuestion = step.kind === "question";
    this.form.hidden = !onQuestion;
    this.check.hidden = step.kind !== "check";
    this.resultSection.hidden = step.kind !== "result";
    this.root.dataset.step = step.kind;
    for (const item of this.items) item.hidden = !(onQuestion && item.dataset.question === step.id);
    let heading;
    if (onQuestion) {
      const askedIds = this.asked().asked;
      this.back.hidden = askedIds.indexOf(step.id) <= 0 && !this.changing;
      this.updateCount();
      heading = this.byId.get(step.id).item.querySelector(".quiz__title");
    } else if (step.kind === "check") {
      this.renderCheck();
      heading = this.check.querySelector(".quiz__heading");
    } else {
      heading = this.resultSection.querySelector(".quiz__heading");
    }
    this.panel.show(step, onQuestion && this.asked().asked.indexOf(step.id) === 0);
    this.saveStep();
    if (focus && heading) heading.focus();
    if (step.kind === "result") this.score(focus);
  }

  continue() {
    if (!this.step || this.step.kind !== "question") return;
    this.startEngine(); // with Save-Data on, the engine starts here rather than on opening
    const { question, item } = this.byId.get(this.step.id);
    if (!question.optional && !this.answered(item)) {
      this.showError(question, item);
      return;
    }
    this.save();
    const { asked: askedIds } = this.asked();
    const answers = this.answers();
    const later = askedIds.slice(askedIds.indexOf(question.id) + 1);
    const next = this.changing
      ? later.find((id) => !this.byId.get(id).question.optional && !(id in answers)) // a new follow-up
      : later[0];
    if (next) this.show({ kind: "question", id: next });
    else this.showCheck();
  }

  goBack() {
    if (!this.step) return;
    if (this.step.kind === "result") return this.showCheck();
    const askedIds = this.asked().asked;
    if (this.step.kind === "check") return this.show({ kind: "question", id: askedIds[askedIds.length - 1] });
    if (this.changing) return this.showCheck();
    const index = askedIds.indexOf(this.step.id);
    if (index > 0) this.show({ kind: "question", id: askedIds[index - 1] });
  }

  showCheck() {
    this.changing = false;
    this.show({ kind: "check" });
  }

  change(id) {
    if (!this.byId.has(id)) return;
    this.changing = true;
    this.show({ kind: "question", id });
  }

  onClick(event) {
    const target = event.target.closest("[data-action], [data-change], [data-print], .quiz__error-summary a");
    if (!target || !this.root.contains(target)) return;
    if (target.matches(".quiz__error-summary a")) {
      event.preventDefault();
      const input = document.getElementById(target.getAttribute("href").slice(1));
      if (input) {
        input.focus({ preventScroll: true });
        input.closest("fieldset").scrollIntoView({ block: "start" });
      }
      return;
    }
    if (target.dataset.change) {
      event.preventDefault();
      this.change(target.dataset.change);
      return;
    }
    const action = target.dataset.action;
    if (action === "back") this.goBack();
    else if (action === "result") this.show({ kind: "result" });
    else if (action === "check") this.showCheck();
    else if (action === "retry") this.retry();
    else if (action === "clear") this.clear();
    else if (target.dataset.print) this.print(target.dataset.print);
  }

  /** Print the summary (the default print styles) or only the tracking sheet. */
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

  inputs(item) {
    return Array.from(item.querySelectorAll("input.quiz__input"));
  }

  answered(item) {
    return this.inputs(item).some((input) => input.checked);
  }

  /** Every answer on screen, asked or not: question id → value (a list for multiple choice). */
  rawAnswers() {
    const raw = {};
    for (const { question, item } of this.byId.values()) {
      const chosen = this.inputs(item).filter((input) => input.checked).map((input) => input.value);
      if (!chosen.length) continue;
      raw[question.id] = question.kind === "multiple" ? chosen : chosen[0];
    }
    return raw;
  }

  asked() {
    return asked(this.questions, this.rawAnswers());
  }

  /** The answers that count (contract 2): questions not asked are left out, as the engine expects. */
  answers() {
    const raw = this.rawAnswers();
    const result = {};
    for (const id of this.asked().asked) if (id in raw) result[id] = raw[id];
    return result;
  }

  updateCount() {
    if (!this.step || this.step.kind !== "question") return;
    const askedIds = this.asked().asked;
    const count = this.byId.get(this.step.id).item.querySelector(".quiz__count");
    const number = askedIds.indexOf(this.step.id) + 1;
    if (count && number > 0) count.textContent = `Question ${number} of ${askedIds.length}`;
  }

  // ── Errors (GOV.UK error summary and error message) ──────────────────────────────────────────

  showError(question, item) {
    this.hideError();
    const inputs = this.inputs(item);
    const notSure = inputs.find((input) => input.value === "not_sure");
    let message = question.kind === "multiple" ? "Choose at least one answer" : "Choose an answer";
    if (notSure) message += `. If you don't know, choose “${labelText(notSure)}”`;
    const errorId = `${item.id}-error`;
    const inline = element("p", { class: "quiz__error-message", id: errorId },
      element("span", { class: "quiz__visually-hidden" }, "Error: "), message);
    const fieldset = item.querySelector("fieldset");
    fieldset.querySelector(".quiz__options").before(inline);
    const described = (fieldset.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    fieldset.setAttribute("aria-describedby", [...described, errorId].join(" "));
    item.classList.add("quiz__question--error");

    const link = element("a", { href: `#${inputs[0].id}` }, message);
    this.errorSummary.replaceChildren(element("div", { role: "alert" },
      element("h2", { class: "quiz__error-summary-title" }, "There is a problem"),
      element("ul", { class: "quiz__error-summary-list" }, element("li", {}, link))));
    this.errorSummary.hidden = false;
    this.errorSummary.focus();
  }

  hideError() {
    this.errorSummary.hidden = true;
    this.errorSummary.replaceChildren();
    for (const item of this.items) {
      const inline = item.querySelector(".quiz__error-message");
      if (!inline) continue;
      const fieldset = item.querySelector("fieldset");
      const described = fieldset.getAttribute("aria-describedby").split(" ").filter((id) => id && id !== inline.id);
      if (described.length) fieldset.setAttribute("aria-describedby", described.join(" "));
      else fieldset.removeAttribute("aria-describedby");
      inline.remove();
      item.classList.remove("quiz__question--error");
    }
  }

  // ── Check your answers ───────────────────────────────────────────────────────────────────────

  renderCheck() {
    const list = this.check.querySelector(".quiz__summary");
    list.replaceChildren();
    const raw = this.rawAnswers();
    for (const id of this.asked().asked) {
      const { item } = this.byId.get(id);
      const title = item.querySelector(".quiz__title");
      const term = element("dt", { class: "quiz__summary-key" });
      for (const child of title.childNodes) term.append(child.cloneNode(true)); // the build's HTML, copied
      const chosen = this.inputs(item).filter((input) => input.checked);
      const value = element("dd", { class: "quiz__summary-value" });
      if (!chosen.length) value.textContent = id in raw ? "" : "Not answered";
      else if (chosen.length === 1) value.textContent = labelText(chosen[0]);
      else value.append(element("ul", {}, ...chosen.map((input) => element("li", {}, labelText(input)))));
      const change = element("a", { class: "quiz__change", href: `#${item.id}`, "data-change": id }, "Change",
        element("span", { class: "quiz__visually-hidden" }, ` your answer to: ${title.textContent.trim()}`));
      list.append(element("div", { class: "quiz__summary-row" }, term, value,
        element("dd", { class: "quiz__summary-actions" }, change)));
    }
  }

  // ── The engine and the result ────────────────────────────────────────────────────────────────

  startEngine() {
    if (this.engine.state !== "idle") return;
    this.engine.start();
    this.loadDefinition();
  }

  loadDefinition() {
    if (!this.definition) {
      this.definition = fetch(this.engine.urls.definition).then((response) => {
        if (!response.ok) throw new Error(`could not load the questionnaire texts (HTTP ${response.status})`);
        return response.json();
      });
      this.definition.catch(() => {
        this.definition = null; // fetched again on Retry
      });
    }
    return this.definition;
  }

  onEngine(event) {
    if (event.type === "loading") {
      this.say(LOADING);
      this.problem.hidden = true;
    } else if (event.type === "ready") {
      if (!(this.step && this.step.kind === "result")) this.say("");
    } else if (event.type === "failed") {
      this.showProblem(event.error);
    }
  }

  showProblem(error) {
    this.say("");
    // The paper version (form.py's "Work it out on paper") is shown while the engine cannot run: quiz.css.
    const paper = this.root.querySelector(".quiz__paper");
    this.root.classList.add("quiz--failed");
    this.problem.replaceChildren(
      element("p", { class: "quiz__problem-text", role: "alert" },
        "The questionnaire could not get ready on this device. Your answers are kept. ",
        element("span", { class: "quiz__problem-detail" }, `(${error})`)),
      element("button", { type: "button", class: "quiz__button", "data-action": "retry" }, "Try again"),
      paper ? element("p", { class: "quiz__problem-paper" }, "Or ",
        element("a", { href: `#${paper.id}` }, "work it out on paper"),
        ": print this page, with every question and a guide to the result.") : "");
    this.problem.hidden = false;
  }

  retry() {
    this.problem.hidden = true;
    this.root.classList.remove("quiz--failed");
    this.engine.restart();
    this.loadDefinition();
    if (this.step && this.step.kind === "result") this.show({ kind: "result" });
  }

  async score(focus) {
    const token = ++this.scoring;
    const heading = this.resultSection.querySelector(".quiz__heading");
    const body = this.resultSection.querySelector(".quiz__result-body");
    heading.textContent = WORKING;
    body.replaceChildren();
    this.resultSection.setAttribute("aria-busy", "true");
    this.say(WORKING);
    this.startEngine();
    try {
      const [result, definition] = await Promise.all([this.engine.score(this.answers()), this.loadDefinition()]);
      if (token !== this.scoring || this.step.kind !== "result") return;
      renderResult(this.resultSection, result, definition, (id) => this.questionLink(id), this);
      this.result = result;
      this.root.dataset.band = result.band;
      this.say(`Your result: ${heading.textContent.trim()}`);
    } catch (error) {
      if (token !== this.scoring || this.step.kind !== "result") return;
      heading.textContent = "Your result could not be worked out";
      body.replaceChildren(element("p", {}, "Your answers are kept. Choose \"Try again\" above, or come back later."));
      this.say("");
      if (this.engine.state !== "failed") this.showProblem(error.message || String(error));
    } finally {
      if (token === this.scoring) this.resultSection.removeAttribute("aria-busy");
    }
    if (focus && token === this.scoring) heading.focus();
  }

  questionLink(id) {
    const entry = this.byId.get(id);
    if (!entry || !this.asked().asked.includes(id)) return null;
    return { href: `#${entry.item.id}`, title: entry.item.querySelector(".quiz__title").textContent.trim() };
  }

  say(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  // ── Answers kept in this tab (sessionStorage) ────────────────────────────────────────────────

  get storageKey() {
    return `quiz:${this.id}`;
  }

  save() {
    const file = { questionnaire: this.id, version: this.version, answers: this.answers() };
    keepAnswers(this.id, file, this.panel.remember.checked); // this tab; the device too if remembered
  }

  saveStep() {
    const step = this.step.kind === "question" ? `question:${this.step.id}` : this.step.kind;
    store(`${this.storageKey}:step`, step);
  }

  restore() {
    const file = keptAnswers(this.id); // this tab's answers first, else the device's if remembered
    if (file) this.setAnswers(file.answers);
  }

  /** Tick exactly the inputs whose values the answers name (values are compared, never put in the page). */
  setAnswers(answers) {
    for (const { item } of this.byId.values()) for (const input of this.inputs(item)) input.checked = false;
    for (const [id, value] of Object.entries(answers)) {
      const entry = this.byId.get(id);
      if (!entry) continue;
      const values = entry.question.kind === "multiple" ? (Array.isArray(value) ? value : []) : [value];
      for (const input of this.inputs(entry.item)) {
        if (values.includes(input.value)) input.checked = true;
      }
    }
  }

  restoredStep() {
    let saved = null;
    try {
      saved = sessionStorage.getItem(`${this.storageKey}:step`);
    } catch {
      saved = null;
    }
    const askedIds = this.asked().asked;
    if (saved && saved.startsWith("question:") && askedIds.includes(saved.slice(9))) {
      return { kind: "question", id: saved.slice(9) };
    }
    const answers = this.answers();
    const missing = askedIds.find((id) => !this.byId.get(id).question.optional && !(id in answers));
    if ((saved === "check" || saved === "result") && !missing) return { kind: saved };
    return { kind: "question", id: missing || askedIds[0] };
  }

  /** Answers read from a saved file, already checked by the engine: they replace those on screen. */
  load(loaded) {
    this.setAnswers(loaded);
    this.save();
    this.result = null;
    this.changing = false;
    const answers = this.answers();
    const missing = this.asked().asked.find((id) => !this.byId.get(id).question.optional && !(id in answers));
    this.show(missing ? { kind: "question", id: missing } : { kind: "check" });
    this.say("Your saved answers were loaded. Check them below.");
  }

  clear() {
    this.setAnswers({});
    clearAll(this.id); // sessionStorage and localStorage, answers and step
    this.panel.reset();
    this.resultSection.querySelector(".quiz__result-body").replaceChildren(); // the letter and its names too
    this.root.classList.remove("quiz--print-letter");
    this.result = null;
    delete this.root.dataset.band;
    this.changing = false;
    this.show({ kind: "question", id: this.asked().asked[0] });
    this.say("Your answers were cleared.");
  }
}

function labelText(input) {
  const label = input.labels && input.labels[0];
  return label ? label.textContent.trim() : input.value;
}

function store(key, value) {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // storage full or switched off: the answers stay on screen, only a reload would lose them
  }
}
