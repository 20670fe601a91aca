// "Your answers": save them to a file, load a saved file, remember them on this device, or clear them.
//
// No account and no server: a saved file is the answers file of contract 2, downloaded from a blob: URL. A file
// the parent loads is read back THROUGH THE ENGINE (the worker's "parse", engine.parse_answers_file), so the
// browser accepts and refuses exactly what `python -m quiz score` does. A refused file leaves the answers on
// screen untouched and shows a GOV.UK-style error summary that takes focus. Nothing from a file is ever
// inserted as HTML: the engine's message is set as text, and answers only tick the inputs whose value matches.

import { element } from "./dom.js";
import { forgetOnDevice, remembered } from "./storage.js";

export const FILE_LIMIT = 64 * 1024; // bytes; the engine's own limit too (engine.ANSWERS_FILE_LIMIT)

export class AnswersPanel {
  /**
   * @param {{id: string, version: number, answers: () => object, engine: object,
   *          load: (answers: object) => void, clear: () => void, save: () => void}} quiz
   */
  constructor(quiz) {
    this.quiz = quiz;
    const id = quiz.id;
    this.fileInput = element("input", { type: "file", id: `quiz-${id}-load`, class: "quiz__file",
      accept: ".json,application/json" });
    this.remember = element("input", { type: "checkbox", id: `quiz-${id}-remember`, class: "quiz__input" });
    this.remember.checked = remembered(id);
    this.errorSummary = element("div", { class: "quiz__load-error", tabindex: "-1", hidden: true }); // styled as the error summary
    this.loadBlock = element("div", { class: "quiz__load" },
      element("label", { class: "quiz__label", for: this.fileInput.id }, "Load saved answers"),
      element("p", { class: "quiz__keep-hint", id: `${this.fileInput.id}-hint` },
        "Choose a file you saved from this questionnaire before. It is read on your device only."),
      this.fileInput);
    this.fileInput.setAttribute("aria-describedby", `${this.fileInput.id}-hint`);
    this.more = element("div", { class: "quiz__keep-more" },
      element("div", { class: "quiz__option quiz__remember" }, this.remember,
        element("label", { class: "quiz__label", for: this.remember.id }, "Remember on this device"),
        element("div", { class: "quiz__option-hint", id: `${this.remember.id}-hint` },
          "This keeps your answers in this browser after you close it, until you untick it or clear them, so do not use it on a shared computer.")),
      element("div", { class: "quiz__result-actions" },
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-keep": "save" },
          "Save my answers"),
        element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-action": "clear" },
          "Clear my answers")));
    this.remember.setAttribute("aria-describedby", `${this.remember.id}-hint`);
    this.element = element("section", { class: "quiz__keep", "aria-labelledby": `quiz-${id}-keep-heading`, hidden: true },
      // h2: the panel is a peer of the steps (their headings are h2), and comes right after the page's h1 at the start
      element("h2", { class: "quiz__keep-heading", id: `quiz-${id}-keep-heading` }, "Your answers"),
      element("p", {}, "Your answers stay on this device. Nothing is sent anywhere."),
      this.more, this.loadBlock);

    this.fileInput.addEventListener("change", () => this.loadFile());
    this.remember.addEventListener("change", () => {
      if (this.remember.checked) quiz.save();
      else forgetOnDevice(id);
    });
    this.element.addEventListener("click", (event) => {
      if (event.target.closest('[data-keep="save"]')) this.download();
    });
    this.errorSummary.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      if (!link) return;
      event.preventDefault();
      this.fileInput.focus();
    });
  }

  /** Where the panel shows: all of it on check answers and the result, only "Load" on the first question. */
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
        throw new Error(`the file is larger than ${FILE_LIMIT / 1024} KB, so it is not an answers file`);
      }
      const answers = await this.quiz.engine.parse(await file.text());
      this.quiz.load(answers);
    } catch (error) {
      this.showError(String((error && error.message) || error));
    } finally {
      this.fileInput.value = ""; // the same file can be chosen again after a fix
    }
  }

  showError(message) {
    const text = `This file could not be loaded: ${message}. Your answers on screen have not changed.`;
    this.errorSummary.replaceChildren(element("div", { role: "alert" },
      element("h2", { class: "quiz__error-summary-title" }, "There is a problem"),
      element("ul", { class: "quiz__error-summary-list" },
        element("li", {}, element("a", { href: `#${this.fileInput.id}` }, text)))));
    this.errorSummary.hidden = false;
    this.errorSummary.focus();
  }

  hideError() {
    this.errorSummary.hidden = true;
    this.errorSummary.replaceChildren();
  }

  /** After "Clear my answers": nothing remembered, no error, no file chosen. */
  reset() {
    this.remember.checked = false;
    this.fileInput.value = "";
    this.hideError();
  }
}

/** Offer `blob` as a download called `name` (a blob: URL on this page; nothing leaves the device). */
export function downloadBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
