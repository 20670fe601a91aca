// The questions as the built form holds them, and the answers ticked in it.
//
// Everything is read from the markup quiz/site/form.py writes: each question's <li> (data-question, data-kind,
// data-ask-when, data-default, data-optional) and its inputs (value, data-points). Which follow-ups are asked
// is decided here with conditions.js, so the first questions work before the engine has loaded. Answers live
// in the inputs only: this class reads and ticks them, it keeps no copy.

import { asked, questionFrom } from "./conditions.js";
import { labelText, required, textOf } from "./dom.js";

/** @typedef {import("./conditions.js").Question} Question */
/** @typedef {import("./conditions.js").Answers} Answers */
/** @typedef {{question: Question, item: HTMLElement}} Entry */

export class QuestionForm {
  /** @param {HTMLElement} root  the questionnaire's root, holding its <form> */
  constructor(root) {
    /** @type {HTMLElement[]} */
    this.items = Array.from(root.querySelectorAll(".quiz__question"));
    /** @type {Question[]} */
    this.questions = this.items.map((item) =>
      questionFrom(item.dataset, inputs(item).map((input) => ({ value: input.value, points: input.dataset.points }))),
    );
    /** @type {Map<string, Entry>} */
    this.byId = new Map(this.questions.map((question, index) => [question.id, { question, item: this.items[index] }]));
    // The answers the definition counts an unanswered question as (data-default): "I don't know" answers.
    this.unknowns = new Set(this.questions.map((question) => question.default).filter((value) => value !== null));
  }

  /**
   * The question with this id and its <li>.
   * @param {string} id
   * @returns {Entry}
   */
  entry(id) {
    const found = this.byId.get(id);
    if (!found) throw new RangeError(`the form has no question "${id}"`);
    return found;
  }

  /** @param {string} id */
  has(id) {
    return this.byId.has(id);
  }

  /**
   * The question's title element (the heading focus moves to).
   * @param {string} id
   */
  title(id) {
    return required(this.entry(id).item, ".quiz__title");
  }

  /** @param {string} id  @returns {string} the title as plain text */
  titleText(id) {
    return textOf(this.title(id));
  }

  /** @param {string} id  @returns {HTMLInputElement[]} */
  inputs(id) {
    return inputs(this.entry(id).item);
  }

  /** @param {string} id  @returns {HTMLInputElement[]} the inputs ticked */
  chosen(id) {
    return this.inputs(id).filter((input) => input.checked);
  }

  /** @param {string} id */
  answered(id) {
    return this.chosen(id).length > 0;
  }

  /**
   * The input to suggest to a parent who does not know: the question's own default answer, else an answer that
   * the definition counts other unanswered questions as. Null when the question offers neither.
   * @param {string} id
   * @returns {HTMLInputElement | null}
   */
  dontKnow(id) {
    const { question } = this.entry(id);
    const options = this.inputs(id);
    return options.find((input) => input.value === question.default) ||
      options.find((input) => this.unknowns.has(input.value)) || null;
  }

  /** Every answer on screen, asked or not: question id → value (a list for multiple choice). */
  rawAnswers() {
    /** @type {Answers} */
    const raw = {};
    for (const question of this.questions) {
      const chosen = this.chosen(question.id).map((input) => input.value);
      if (!chosen.length) continue;
      raw[question.id] = question.kind === "multiple" ? chosen : chosen[0];
    }
    return raw;
  }

  /** @returns {string[]} the ids of the questions asked, in order, given the answers on screen */
  asked() {
    return asked(this.questions, this.rawAnswers()).asked;
  }

  /** The answers that count (contract 2): questions not asked are left out, as the engine expects. */
  answers() {
    const raw = this.rawAnswers();
    /** @type {Answers} */
    const result = {};
    for (const id of this.asked()) if (id in raw) result[id] = raw[id];
    return result;
  }

  /** @returns {string | undefined} the first question asked that must be answered and is not */
  firstMissing() {
    const answers = this.answers();
    return this.asked().find((id) => !this.entry(id).question.optional && !(id in answers));
  }

  /**
   * Tick exactly the inputs whose values the answers name (values are compared, never put in the page).
   * @param {Answers} answers
   */
  setAnswers(answers) {
    for (const item of this.items) for (const input of inputs(item)) input.checked = false;
    for (const [id, value] of Object.entries(answers)) {
      const entry = this.byId.get(id);
      if (!entry) continue;
      const values = entry.question.kind === "multiple" ? (Array.isArray(value) ? value : []) : [value];
      for (const input of inputs(entry.item)) {
        if (values.includes(input.value)) input.checked = true;
      }
    }
  }

  /**
   * The labels of the chosen answers, as plain text.
   * @param {string} id
   * @returns {string[]}
   */
  chosenLabels(id) {
    return this.chosen(id).map(labelText);
  }
}

/**
 * @param {HTMLElement} item  a question's <li>
 * @returns {HTMLInputElement[]}
 */
function inputs(item) {
  return Array.from(item.querySelectorAll("input.quiz__input"));
}
