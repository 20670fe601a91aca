// GOV.UK's error summary and error message, for the questionnaire.
//
// The summary is a box at the top of the step that takes focus, with a title and one link per problem; a link
// moves focus to the field it names and brings that field's question into view. The error message is the
// red line inside a question's fieldset, tied to it by aria-describedby. Messages are set as text only.

import { element } from "./dom.js";
import { text } from "./strings.js";

/** @type {Set<ErrorSummary>} the summaries on screen: while any is, the page's title starts "Error: " */
const shown = new Set();

/** GOV.UK: an error adds "Error: " to the page's title, so a screen reader says it first on the new page. */
function updateTitle() {
  const prefix = text("error.prefix");
  const titled = document.title.startsWith(prefix);
  if (shown.size && !titled) document.title = prefix + document.title;
  else if (!shown.size && titled) document.title = document.title.slice(prefix.length);
}

export class ErrorSummary {
  /** @param {string} className  the box's class ("quiz__error-summary"; a refused file has its own) */
  constructor(className) {
    this.element = element("div", { class: className, tabindex: "-1", hidden: true });
    this.element.addEventListener("click", (event) => {
      const link = event.target instanceof Element ? event.target.closest("a") : null;
      if (!link) return;
      event.preventDefault();
      const field = document.getElementById((link.getAttribute("href") || "").slice(1));
      if (!field) return;
      field.focus({ preventScroll: true });
      (field.closest("fieldset") || field).scrollIntoView({ block: "start" });
    });
  }

  /**
   * Show the problems, each a link to the field it is about, and move focus to the summary.
   * @param {Array<{field: string, message: string}>} problems  field: the id of the input to fix
   */
  show(problems) {
    this.element.replaceChildren(element("div", { role: "alert" },
      element("h2", { class: "quiz__error-summary-title" }, text("error.title")),
      element("ul", { class: "quiz__error-summary-list" },
        ...problems.map(({ field, message }) => element("li", {}, element("a", { href: `#${field}` }, message))))));
    this.element.hidden = false;
    shown.add(this);
    updateTitle();
    this.element.focus();
  }

  hide() {
    this.element.hidden = true;
    this.element.replaceChildren();
    if (shown.delete(this)) updateTitle();
  }
}

/**
 * Put the error message in a question's fieldset, before its options, and mark the question.
 * @param {HTMLElement} item  the question's <li>
 * @param {string} message
 */
export function markQuestion(item, message) {
  const fieldset = item.querySelector("fieldset");
  if (!fieldset) return;
  const errorId = `${item.id}-error`;
  const inline = element("p", { class: "quiz__error-message", id: errorId },
    element("span", { class: "quiz__visually-hidden" }, text("error.prefix")), message);
  const options = fieldset.querySelector(".quiz__options");
  if (options) options.before(inline);
  else fieldset.append(inline);
  fieldset.setAttribute("aria-describedby", [...describedBy(fieldset), errorId].join(" "));
  item.classList.add("quiz__question--error");
}

/**
 * Take every error message out of these questions again.
 * @param {HTMLElement[]} items
 */
export function unmarkQuestions(items) {
  for (const item of items) {
    const inline = item.querySelector(".quiz__error-message");
    const fieldset = item.querySelector("fieldset");
    if (!inline || !fieldset) continue;
    const described = describedBy(fieldset).filter((id) => id !== inline.id);
    if (described.length) fieldset.setAttribute("aria-describedby", described.join(" "));
    else fieldset.removeAttribute("aria-describedby");
    inline.remove();
    item.classList.remove("quiz__question--error");
  }
}

/** @param {Element} node  @returns {string[]} */
function describedBy(node) {
  return (node.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
}
