// Moving between the steps: one question at a time, then check answers, then the result.
//
// Only the questions asked (conditions.js, through QuestionForm) are steps; Back and Continue walk them in
// order. "Change" on check answers opens one question and Continue returns to check answers, by way of any
// follow-up the new answer brings in. A question that must be answered and is not gets the error summary and
// an error message (error-summary.js), GOV.UK style. Focus moves to each new step's heading.

import { element, labelText } from "./dom.js";
import { ErrorSummary, markQuestion, unmarkQuestions } from "./error-summary.js";
import { text } from "./strings.js";

/** @typedef {{kind: "question", id: string} | {kind: "check"} | {kind: "result"}} Step */
/** @typedef {{element: HTMLElement, heading: HTMLElement}} View  a step other than a question */
/**
 * What the questionnaire does around each move.
 * @typedef {object} Hooks
 * @property {(step: Step, first: boolean) => void} showing  the step is on screen, focus not yet moved;
 *           `first`: it is the first question
 * @property {(step: Step, focus: boolean) => void} shown  focus has moved (when `focus`)
 * @property {() => void} answered  Continue accepted the answer on screen
 */

export class Navigation {
  /**
   * @param {HTMLElement} root  the questionnaire's root (its data-step says the step, for styles and tests)
   * @param {import("./questions.js").QuestionForm} questions
   * @param {HTMLFormElement} form  the built form, the question steps' container
   * @param {{check: View, result: View}} views
   * @param {Hooks} hooks
   */
  constructor(root, questions, form, views, hooks) {
    this.root = root;
    this.questions = questions;
    this.form = form;
    this.views = views;
    this.hooks = hooks;
    this.back = element("button", { type: "button", class: "quiz__back", "data-action": "back" }, text("step.back"));
    this.errors = new ErrorSummary("quiz__error-summary");
    form.prepend(this.back, this.errors.element);
    /** @type {Step | null} */
    this.step = null;
    this.changing = false; // came from "Change": Continue goes back to check answers
  }

  /**
   * Show one step; focus moves to its heading unless the page has just opened.
   * @param {Step} step
   * @param {{focus?: boolean}} [options]
   */
  show(step, { focus = true } = {}) {
    this.step = step;
    this.hideError();
    const onQuestion = step.kind === "question";
    this.form.hidden = !onQuestion;
    this.views.check.element.hidden = step.kind !== "check";
    this.views.result.element.hidden = step.kind !== "result";
    this.root.dataset.step = step.kind;
    for (const item of this.questions.items) item.hidden = !(onQuestion && item.dataset.question === step.id);
    let heading;
    let first = false;
    if (step.kind === "question") {
      const index = this.questions.asked().indexOf(step.id);
      first = index === 0;
      this.back.hidden = index <= 0 && !this.changing;
      this.updateCount();
      heading = this.questions.title(step.id);
    } else {
      heading = this.views[step.kind].heading;
    }
    this.hooks.showing(step, first);
    if (focus) heading.focus();
    this.hooks.shown(step, focus);
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

  goBack() {
    const step = this.step;
    if (!step) return;
    if (step.kind === "result") return this.showCheck();
    const askedIds = this.questions.asked();
    if (step.kind === "check") return this.show({ kind: "question", id: askedIds[askedIds.length - 1] });
    if (this.changing) return this.showCheck();
    const index = askedIds.indexOf(step.id);
    if (index > 0) this.show({ kind: "question", id: askedIds[index - 1] });
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
   * Where to start when the page opens: the kept step if it still fits the answers, else the first question
   * that needs an answer.
   * @param {Step | null} kept
   * @returns {Step}
   */
  resume(kept) {
    const askedIds = this.questions.asked();
    if (kept && kept.kind === "question" && askedIds.includes(kept.id)) return kept;
    const missing = this.questions.firstMissing();
    if (kept && kept.kind !== "question" && !missing) return kept;
    return { kind: "question", id: missing || askedIds[0] };
  }

  /** @returns {Step} the first question that needs an answer, else check answers */
  firstToAnswer() {
    const missing = this.questions.firstMissing();
    return missing ? { kind: "question", id: missing } : { kind: "check" };
  }

  /** Back to the first question, as if the page were new. */
  restart() {
    this.changing = false;
    this.show({ kind: "question", id: this.questions.asked()[0] });
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
