// "Your answers": save them to a file, load a saved file, remember them on this device, or clear them.
//
// No account and no server: a saved file is the answers file of contract 2, downloaded from a blob: URL. A file
// the parent loads is read back THROUGH THE ENGINE (the worker's "parse", engine.parse_answers_file), so the
// browser accepts and refuses exactly what `python -m quiz score` does. A refused file leaves the answers on
// screen untouched and shows a GOV.UK-style error summary that takes focus. Nothing from a file is ever
// inserted as HTML: the engine's message is set as text, and answers only tick the inputs whose value matches.

import { element } from "./dom.js";
import { ErrorSummary } from "./error-summary.js";
import { forgetOnDevice, remembered } from "./storage.js";
import { text } from "./strings.js";

/** @typedef {import("./conditions.js").Answers} Answers */
/** @typedef {import("./navigation.js").Step} Step */
/**
 * What the panel needs from the questionnaire.
 * @typedef {object} PanelHost
 * @property {string} id  the questionnaire id
 * @property {number} version  the answers file's version
 * @property {() => Answers} answers  the answers that count
 * @property {{parse: (text: string) => Promise<Answers>}} engine  checks a file's text as the CLI does
 * @property {(answers: Answers) => void} load  put a file's answers on screen
 * @property {() => void} save  keep the answers (on the device too, once "Remember" is ticked)
 */

export const FILE_LIMIT = 64 * 1024; // bytes; the engine's own limit too (engine.ANSWERS_FILE_LIMIT)

export class AnswersPanel {
  /** @param {PanelHost} quiz */
  constructor(quiz) {
    this.quiz = quiz;
    const id = quiz.id;
    this.fileInput = element("input", { type: "file", id: `quiz-${id}-load`, class: "quiz__file",
      accept: ".json,application/json" });
    this.remember = element("input", { type: "checkbox", id: `quiz-${id}-remember`, class: "quiz__input" });
    this.remember.checked = remembered(id);
    this.errorSummary = new ErrorSummary("quiz__load-error"); // styled as the error summary, under its own class
    this.loadBlock = element("div", { class: "quiz__load" },
      element("label", { class: "quiz__label", for: this.fileInput.id }, text("keep.load")),
      element("p", { class: "quiz__keep-hint", id: `${this.fileInput.id}-hint` }, text("keep.loadHint")),
      this.fileInput);
    this.fileInput.setAttribute("aria-describedby", `${this.fileInput.id}-hint`);
    this.more = element("div", { class: "quiz__keep-more" },
      element("div", { class: "quiz__option quiz__remember" }, this.remember,
        element("label", { class: "quiz__label", for: this.remember.id }, text("keep.remember")),
        element("div", { class: "quiz__option-hint", id: `${this.remember.id}-hint` }, text("keep.rememberHint"))),
      element("div", { class: "quiz__result-actions" },
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-keep": "save" },
          text("keep.save")),
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-action": "clear" },
          text("keep.clear"))));
    this.remember.setAttribute("aria-describedby", `${this.remember.id}-hint`);
    this.element = element("section", { class: "quiz__keep", "aria-labelledby": `quiz-${id}-keep-heading`, hidden: true },
      // h2: the panel is a peer of the steps (their headings are h2), and comes right after the page's h1 at the start
      element("h2", { class: "quiz__keep-heading", id: `quiz-${id}-keep-heading` }, text("keep.title")),
      element("p", {}, text("keep.private")),
      this.more, this.loadBlock);

    this.fileInput.addEventListener("change", () => this.loadFile());
    this.remember.addEventListener("change", () => {
      if (this.remember.checked) quiz.save();
      else forgetOnDevice(id);
    });
    this.element.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest('[data-keep="save"]')) this.download();
    });
  }

  /**
   * Where the panel shows: all of it on check answers and the result, only "Load" on the first question.
   * @param {Step} step
   * @param {boolean} first  the step is the first question
   */
  show(step, first) {
    const full = step.kind === "check" || step.kind === "result";
    this.element.hidden = !(full || (step.kind === "question" && first));
    this.more.hidden = !full;
    this.element.dataset.place = full ? step.kind : "start";
    this.hideError();
  }

  /** The answers file of contract 2, as a download named after the questionnaire. */
  download() {
    const file = { questionnaire: this.quiz.id, version: this.quiz.version, answers: this.quiz.answers() };
    const blob = new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" });
    downloadBlob(blob, `${this.quiz.id}-answers.json`);
  }

  async loadFile() {
    const file = this.fileInput.files && this.fileInput.files[0];
    if (!file) return;
    this.hideError();
    try {
      if (file.size > FILE_LIMIT) {
        throw new Error(text("keep.tooLarge", { size: FILE_LIMIT / 1024 }));
      }
      const answers = await this.quiz.engine.parse(await file.text());
      this.quiz.load(answers);
    } catch (error) {
      this.showError((error instanceof Error && error.message) || String(error));
    } finally {
      this.fileInput.value = ""; // the same file can be chosen again after a fix
    }
  }

  /** @param {string} message  the engine's, set as text */
  showError(message) {
    this.errorSummary.show([{ field: this.fileInput.id, message: text("keep.refused", { message }) }]);
  }

  hideError() {
    this.errorSummary.hide();
  }

  /** After "Clear my answers": nothing remembered, no error, no file chosen. */
  reset() {
    this.remember.checked = false;
    this.fileInput.value = "";
    this.hideError();
  }
}

/**
 * Offer `blob` as a download called `name` (a blob: URL on this page; nothing leaves the device).
 * @param {Blob} blob
 * @param {string} name
 */
export function downloadBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
