// Moving between the steps: one question at a time, then check answers, then the result; each a page of history.
//
// Only the questions asked (conditions.js, through QuestionForm) are steps; Continue walks them in order.
// "Change" on check answers opens one question and Continue returns to check answers, by way of any follow-up
// the new answer brings in. A question that must be answered and is not gets the error summary and an error
// message (error-summary.js), GOV.UK style. Focus moves to each new step's heading.
//
// History, as separate pages would have it (GOV.UK: "do not break the back button"): each step is an entry,
// pushed with the step in its state and in the URL's hash (#q-academics, #check, #result), so the browser's Back
// and Forward move one step, a reload keeps the step, and the page's answers stay as given. The back link sits
// before <main> (overrides/main.html's slot, as GOV.UK places it in the header area); it goes back one entry
// when the previous entry is one of ours, else to the step before.

import { element, labelText } from "./dom.js";
import { ErrorSummary, markQuestion, unmarkQuestions } from "./error-summary.js";
import { text } from "./strings.js";

/** @typedef {{kind: "question", id: string} | {kind: "check"} | {kind: "result"} | {kind: "resume"}} Step */
/** @typedef {{element: HTMLElement, heading: HTMLElement}} View  a step other than a question */
/**
 * What the questionnaire does around each move.
 * @typedef {object} Hooks
 * @property {(step: Step, first: boolean) => void} showing  the step is on screen, focus not yet moved;
 *           `first`: it is the first question
 * @property {(step: Step, focus: boolean) => void} shown  focus has moved (when `focus`)
 * @property {() => void} answered  Continue accepted the answer on screen
 */
/**
 * A history entry's state: the questionnaire, the step (as its hash, without "#"), whether Continue returns
 * to check answers, and how many of our entries come before it in this tab.
 * @typedef {{quiz: string, step: string, changing: boolean, index: number}} Entry
 */
/** @typedef {"push" | "replace" | "keep"} HistoryMode */

const QUESTION_HASH = "q-";

/**
 * The hash (without "#") that names a step.
 * @param {Step} step
 * @returns {string}
 */
export function stepHash(step) {
  return step.kind === "question" ? `${QUESTION_HASH}${step.id}` : step.kind;
}

/**
 * The step a hash names (with or without "#"), or null when it names none.
 * @param {string} hash
 * @returns {Step | null}
 */
export function stepFromHash(hash) {
  const name = hash.replace(/^#/, "");
  if (name === "check" || name === "result" || name === "resume") return { kind: name };
  if (name.startsWith(QUESTION_HASH) && name.length > QUESTION_HASH.length) {
    return { kind: "question", id: name.slice(QUESTION_HASH.length) };
  }
  return null;
}

export class Navigation {
  /**
   * @param {HTMLElement} root  the questionnaire's root (its data-step says the step, for styles and tests)
   * @param {string} id  the questionnaire id, kept in each history entry's state
   * @param {import("./questions.js").QuestionForm} questions
   * @param {HTMLFormElement} form  the built form, the question steps' container
   * @param {{check: View, result: View, resume: View}} views
   * @param {Hooks} hooks
   */
  constructor(root, id, questions, form, views, hooks) {
    this.root = root;
    this.id = id;
    this.questions = questions;
    this.form = form;
    this.views = views;
    this.hooks = hooks;
    this.back = element("a", { class: "quiz__back", href: "#", hidden: true }, text("step.back"));
    this.back.addEventListener("click", (event) => {
      event.preventDefault();
      this.goBack();
    });
    this.errors = new ErrorSummary("quiz__error-summary");
    form.prepend(this.errors.element);
    // Before <main>, where overrides/main.html leaves a slot; at the top of the questionnaire on another theme.
    const slot = document.querySelector("[data-quiz-back]");
    if (slot) {
      slot.setAttribute("aria-label", text("step.back")); // a landmark of its own, named for what it holds
      slot.append(this.back);
    }
    else root.prepend(this.back);
    /** @type {Step | null} */
    this.step = null;
    this.changing = false; // came from "Change": Continue goes back to check answers
    this.index = 0; // how many of our history entries come before the one on screen
    window.addEventListener("popstate", (event) => this.onHistory(event.state));
  }

  /**
   * Show one step; focus moves to its heading unless the page has just opened. A new step is a new history
   * entry (`push`); the page's first step replaces the entry it opened on; a move through history adds none.
   * @param {Step} step
   * @param {{focus?: boolean, history?: HistoryMode}} [options]
   */
  show(step, { focus = true, history = "push" } = {}) {
    const same = this.step && stepHash(this.step) === stepHash(step);
    this.step = step;
    this.hideError();
    const onQuestion = step.kind === "question";
    this.form.hidden = !onQuestion;
    for (const kind of /** @type {const} */ (["check", "result", "resume"])) this.views[kind].element.hidden = step.kind !== kind;
    this.root.dataset.step = step.kind;
    for (const item of this.questions.items) item.hidden = !(onQuestion && item.dataset.question === step.id);
    let heading;
    let first = false;
    if (step.kind === "question") {
      first = this.questions.asked().indexOf(step.id) === 0;
      this.updateCount();
      heading = this.questions.title(step.id);
    } else {
      heading = this.views[step.kind].heading;
    }
    this.record(step, same ? "replace" : history);
    this.updateBack();
    this.hooks.showing(step, first);
    if (focus) heading.focus();
    this.hooks.shown(step, focus);
  }

  /**
   * Keep the step in the browser's history.
   * @param {Step} step
   * @param {HistoryMode} mode
   */
  record(step, mode) {
    if (mode === "keep") return;
    if (mode === "push") this.index += 1;
    /** @type {Entry} */
    const entry = { quiz: this.id, step: stepHash(step), changing: this.changing, index: this.index };
    const url = new URL(location.href);
    url.hash = step.kind === "resume" ? "" : stepHash(step);
    try {
      if (mode === "push") history.pushState(entry, "", url.href);
      else history.replaceState(entry, "", url.href);
    } catch {
      // a browser that refuses (too many entries, say) still shows the step
    }
  }

  /**
   * The browser moved through history (Back, Forward): show the step its entry names, with the answers as given.
   * @param {unknown} state
   */
  onHistory(state) {
    const entry = /** @type {Partial<Entry> | null} */ (state && typeof state === "object" ? state : null);
    if (!entry || entry.quiz !== this.id || typeof entry.step !== "string") return; // a jump link's entry, say
    const wanted = stepFromHash(entry.step);
    if (!wanted) return;
    this.index = Number(entry.index) || 0;
    this.changing = Boolean(entry.changing);
    const step = this.fit(wanted);
    if (this.step && stepHash(this.step) === stepHash(step)) return; // already on screen
    this.show(step, { history: stepHash(step) === entry.step ? "keep" : "replace" });
  }

  /** The back link goes to the step before: its href names it; following it goes back one entry if ours. */
  updateBack() {
    const step = this.step;
    const before = step ? this.previous(step) : null;
    this.back.hidden = !before;
    if (before) this.back.setAttribute("href", `#${stepHash(before)}`);
  }

  /** The back link, pressed. */
  goBack() {
    const step = this.step;
    if (!step) return;
    if (this.index > 0) {
      history.back(); // onHistory shows the entry before
      return;
    }
    const before = this.previous(step);
    if (before) {
      if (before.kind === "check") this.changing = false;
      this.show(before);
    }
  }

  /**
   * The step before this one, as Back would find it without history; null on the first question.
   * @param {Step} step
   * @returns {Step | null}
   */
  previous(step) {
    if (step.kind === "resume") return null;
    if (step.kind === "result") return { kind: "check" };
    const askedIds = this.questions.asked();
    if (step.kind === "check") return { kind: "question", id: askedIds[askedIds.length - 1] };
    if (this.changing) return { kind: "check" };
    const index = askedIds.indexOf(step.id);
    return index > 0 ? { kind: "question", id: askedIds[index - 1] } : null;
  }

  /** Continue: on to the next question asked, or to check answers; or the error, if an answer is needed. */
  continue() {
    const step = this.step;
    if (!step || step.kind !== "question") return;
    const { question } = this.questions.entry(step.id);
    if (!question.optional && !this.questions.answered(step.id)) {
      this.showError(step.id);
      return;
    }
    this.hooks.answered();
    const askedIds = this.questions.asked();
    const answers = this.questions.answers();
    const later = askedIds.slice(askedIds.indexOf(question.id) + 1);
    const next = this.changing
      ? later.find((id) => !this.questions.entry(id).question.optional && !(id in answers)) // a new follow-up
      : later[0];
    if (next) this.show({ kind: "question", id: next });
    else this.showCheck();
  }

  showCheck() {
    this.changing = false;
    this.show({ kind: "check" });
  }

  /**
   * "Change": open one question; Continue comes back to check answers.
   * @param {string} id
   */
  change(id) {
    if (!this.questions.has(id)) return;
    this.changing = true;
    this.show({ kind: "question", id });
  }

  /**
   * The step itself if it still fits the answers, else the nearest that does: a question no longer asked, or
   * check answers and the result while a question still needs an answer, give the first question to answer.
   * @param {Step} step
   * @returns {Step}
   */
  fit(step) {
    const askedIds = this.questions.asked();
    if (step.kind === "question" && askedIds.includes(step.id)) return step;
    if (step.kind === "resume") return step;
    const missing = this.questions.firstMissing();
    if (step.kind !== "question" && !missing) return step;
    return { kind: "question", id: missing || askedIds[0] };
  }

  /**
   * Where to start when the page opens: this tab's history entry if it has one (a reload, or Back into the
   * page), else the kept step if it still fits the answers, else the first question that needs an answer.
   * @param {Step | null} kept
   * @returns {Step}
   */
  resume(kept) {
    const entry = /** @type {Partial<Entry> | null} */ (history.state);
    if (entry && entry.quiz === this.id && typeof entry.step === "string" && entry.step !== "resume") {
      const fromHistory = stepFromHash(entry.step);
      if (fromHistory) {
        this.index = Number(entry.index) || 0;
        this.changing = Boolean(entry.changing);
        return this.fit(fromHistory);
      }
    }
    if (kept && kept.kind !== "resume") return this.fit(kept);
    const askedIds = this.questions.asked();
    return { kind: "question", id: this.questions.firstMissing() || askedIds[0] };
  }

  /**
   * Whether the page was opened afresh (a link, the address bar), not reloaded nor reached through history, nor
   * from this same page in another language (its language menu: the parent is in the middle, not coming back).
   * @returns {boolean}
   */
  static openedAfresh() {
    const entry = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0]);
    return (!entry || (entry.type !== "reload" && entry.type !== "back_forward")) && !Navigation.fromTwin();
  }

  /**
   * Whether the previous page was this page in another language: one of its hreflang links (overrides/main.html).
   * @returns {boolean}
   */
  static fromTwin() {
    if (!document.referrer) return false;
    const from = new URL(document.referrer);
    from.hash = "";
    const links = /** @type {NodeListOf<HTMLLinkElement>} */ (document.querySelectorAll("link[hreflang]"));
    return [...links].some((link) => link.href === from.href);
  }

  /** @returns {Step} the first question that needs an answer, else check answers */
  firstToAnswer() {
    const missing = this.questions.firstMissing();
    return missing ? { kind: "question", id: missing } : { kind: "check" };
  }

  /**
   * Back to the first question, as if the page were new.
   * @param {HistoryMode} [mode]  a new history entry unless told
   */
  restart(mode = "push") {
    this.changing = false;
    this.show({ kind: "question", id: this.questions.asked()[0] }, { history: mode });
  }

  /** "Question 3 of 12": the count among the questions asked now, which follow-ups change. */
  updateCount() {
    const step = this.step;
    if (!step || step.kind !== "question") return;
    const askedIds = this.questions.asked();
    const count = this.questions.entry(step.id).item.querySelector(".quiz__count");
    const number = askedIds.indexOf(step.id) + 1;
    if (count && number > 0) count.textContent = text("step.count", { number, total: askedIds.length });
  }

  /**
   * The error summary and the question's error message; "I don't know" is suggested where the question has it.
   * @param {string} id
   */
  showError(id) {
    this.hideError();
    const { question, item } = this.questions.entry(id);
    const dontKnow = this.questions.dontKnow(id);
    let message = text(question.kind === "multiple" ? "error.chooseSome" : "error.chooseOne");
    if (dontKnow) message = text("error.dontKnow", { message, label: labelText(dontKnow) });
    markQuestion(item, message);
    this.errors.show([{ field: this.questions.inputs(id)[0].id, message }]);
  }

  hideError() {
    this.errors.hide();
    unmarkQuestions(this.questions.items);
  }
}
