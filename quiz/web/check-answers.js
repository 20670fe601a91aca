// "Check your answers": every question asked, the answer given, and a Change link back to it (GOV.UK pattern).

import { element } from "./dom.js";
import { text } from "./strings.js";

/** @typedef {import("./questions.js").QuestionForm} QuestionForm */

export class CheckAnswers {
  /** @param {QuestionForm} questions */
  constructor(questions) {
    this.questions = questions;
    this.list = element("dl", { class: "quiz__summary" });
    this.heading = element("h2", { class: "quiz__heading", tabindex: "-1" }, text("check.title"));
    this.element = element("section", { class: "quiz__check", hidden: true },
      this.heading,
      this.list,
      element("button", { type: "button", class: "quiz__button", "data-action": "result" }, text("check.seeResult")));
  }

  /** Fill the list from the answers on screen. */
  render() {
    this.list.replaceChildren();
    const raw = this.questions.rawAnswers();
    for (const id of this.questions.asked()) {
      const { item } = this.questions.entry(id);
      const title = this.questions.title(id);
      const term = element("dt", { class: "quiz__summary-key" });
      for (const child of title.childNodes) term.append(child.cloneNode(true)); // the build's HTML, copied
      const labels = this.questions.chosenLabels(id);
      const value = element("dd", { class: "quiz__summary-value" });
      if (!labels.length) value.textContent = id in raw ? "" : text("check.notAnswered");
      else if (labels.length === 1) value.textContent = labels[0];
      else value.append(element("ul", {}, ...labels.map((label) => element("li", {}, label))));
      const change = element("a", { class: "quiz__change", href: `#${item.id}`, "data-change": id }, text("check.change"),
        element("span", { class: "quiz__visually-hidden" }, text("check.changeHidden", { title: this.questions.titleText(id) })));
      this.list.append(element("div", { class: "quiz__summary-row" }, term, value,
        element("dd", { class: "quiz__summary-actions" }, change)));
    }
  }
}
