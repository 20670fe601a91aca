// The questionnaire's answers and step, kept on this device through storage.js (which says where and why).
//
// A step is kept as "question:<id>", "check" or "result"; a kept step that no longer fits the answers (a
// follow-up no longer asked) is for navigation.js to set aside.

import { clearAll, keepAnswers, keepStep, keptAnswers, keptStep } from "./storage.js";

/** @typedef {import("./navigation.js").Step} Step */
/** @typedef {import("./conditions.js").Answers} Answers */

const QUESTION = "question:";

export class Persistence {
  /**
   * @param {string} id  the questionnaire id
   * @param {number} version  the answers file's version
   */
  constructor(id, version) {
    this.id = id;
    this.version = version;
  }

  /**
   * The answers file of contract 2 for these answers.
   * @param {Answers} answers
   * @returns {import("./storage.js").AnswersFile}
   */
  file(answers) {
    return { questionnaire: this.id, version: this.version, answers };
  }

  /**
   * Keep the answers in this tab, and on the device too when `remember` is on.
   * @param {Answers} answers
   * @param {boolean} remember
   */
  save(answers, remember) {
    keepAnswers(this.id, this.file(answers), remember);
  }

  /** @param {Step} step */
  saveStep(step) {
    if (step.kind === "resume") return; // the choice on opening is not a step to come back to
    keepStep(this.id, step.kind === "question" ? `${QUESTION}${step.id}` : step.kind);
  }

  /** @returns {Answers | null} this tab's answers, else the device's if remembered */
  savedAnswers() {
    const file = keptAnswers(this.id);
    return file ? file.answers : null;
  }

  /** @returns {Step | null} the step this tab was on */
  savedStep() {
    const saved = keptStep(this.id);
    if (saved && saved.startsWith(QUESTION)) return { kind: "question", id: saved.slice(QUESTION.length) };
    if (saved === "check" || saved === "result") return { kind: saved };
    return null;
  }

  /** Forget the answers and the step, in this tab and on the device. */
  clear() {
    clearAll(this.id);
  }
}
