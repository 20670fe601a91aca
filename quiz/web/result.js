// The result step, drawn from the engine's result and the definition's texts.
//
// Texts in the definition (band titles and summaries, reasons, notes, answer labels) are HTML our build
// rendered from the editors' Markdown, so they are inserted as HTML. Everything else (values in the result,
// answers) is only ever set as text.

import { dayMap, trackingSheet } from "./daymap.js";
import { element, required } from "./dom.js";
import { letterSection } from "./letter.js";
import { text } from "./strings.js";

/** @typedef {{href: string, title: string}} QuestionLink */
/** @typedef {{id: string, engine: {docx: (text: string) => Promise<ArrayBuffer>}}} ResultQuiz */

/**
 * Fill `section` with the result.
 * @param {HTMLElement} section  the result step's container; its first child is the heading
 * @param {any} result       the engine's result (contract 3)
 * @param {any} definition   the definition JSON the browser gets (texts as HTML)
 * @param {(questionId: string) => QuestionLink | null} questionLink  where "Change" goes
 * @param {ResultQuiz} quiz  the questionnaire's id and engine client (for the letter's .docx)
 */
export function renderResult(section, result, definition, questionLink, quiz) {
  const band = (definition.bands || []).find((/** @type {any} */ b) => b.id === result.band);
  const heading = required(section, ".quiz__heading");
  if (band) html(heading, band.title);
  else heading.textContent = result.band;
  const body = required(section, ".quiz__result-body");
  body.replaceChildren();
  if (band && band.summary) body.append(html(element("div", { class: "quiz__band-summary" }), band.summary));
  if (band && band.looks_like) body.append(html(element("div", { class: "quiz__band-looks-like" }), band.looks_like));
  body.append(element("p", { class: "quiz__decides" }, text("result.decides")));

  const focus = focusLabels(result.focus || [], definition);
  if (focus.length) {
    body.append(element("h3", { class: "quiz__subheading" }, text("result.focus")));
    const list = element("ul", { class: "quiz__focus" });
    for (const label of focus) list.append(label);
    body.append(list);
  }

  const reasons = result.reasons || [];
  if (reasons.length) {
    body.append(element("h3", { class: "quiz__subheading" }, text("result.why")));
    const list = element("ul", { class: "quiz__reasons" });
    for (const reason of reasons) {
      const rule = (definition.rules || []).find((/** @type {any} */ r) => r.id === reason.rule);
      const item = element("li", { class: "quiz__reason" });
      const because = element("div", { class: "quiz__because" });
      if (rule) html(because, rule.because);
      else because.textContent = String(reason.because ?? "");
      item.append(because);
      const link = reason.question ? questionLink(reason.question) : null;
      if (link) {
        const change = element("a", { class: "quiz__change", href: link.href, "data-change": reason.question },
          text("result.changeAnswer"));
        change.append(element("span", { class: "quiz__visually-hidden" }, text("result.changeHidden", { title: link.title })));
        item.append(element("p", {}, change));
      }
      list.append(item);
    }
    body.append(list);
  }

  const notes = (result.notes || [])
    .map((/** @type {string} */ id) => (definition.notes || []).find((/** @type {any} */ note) => note.id === id))
    .filter(Boolean);
  if (notes.length) {
    body.append(element("h3", { class: "quiz__subheading" }, text("result.notes")));
    for (const note of notes) {
      const block = element("div", { class: "quiz__note" });
      block.append(html(element("h4", { class: "quiz__note-title" }), note.title));
      block.append(html(element("div", { class: "quiz__note-text" }), note.text || ""));
      body.append(block);
    }
  }

  renderExtras(body, result, definition, quiz);
}

// ── Issue 4: the result a parent takes to the meeting ─────────────────────────────────────────────

/**
 * Day map, guidance per area, questions to ask, what to bring, tracking sheet, letter, print.
 * @param {HTMLElement} body
 * @param {any} result
 * @param {any} definition
 * @param {ResultQuiz} quiz
 */
function renderExtras(body, result, definition, quiz) {
  const id = `quiz-${quiz.id}`;
  const map = dayMap(result, definition, `${id}-day-heading`);
  if (map) {
    // Placed right after "Why", before the notes: the picture belongs with the reasons.
    const heading = element("h3", { class: "quiz__subheading", id: `${id}-day-heading` }, text("result.day"));
    const notesHeading = [...body.querySelectorAll(".quiz__subheading")].find((h) => h.nextElementSibling &&
      h.nextElementSibling.classList.contains("quiz__note"));
    const block = element("div", { class: "quiz__day" }, heading, map);
    if (notesHeading) notesHeading.before(block);
    else body.append(block);
  }

  const guidance = areaGuidance(result, definition, id);
  if (guidance) body.append(guidance);

  const meeting = element("section", { class: "quiz__meeting", "aria-labelledby": `${id}-meeting-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-meeting-heading` }, text("result.meeting")));
  /** @type {Array<[string, string, "ol" | "ul"]>} */
  const lists = [["questions_to_ask", text("result.questionsToAsk"), "ol"], ["what_to_bring", text("result.whatToBring"), "ul"]];
  for (const [key, title, tag] of lists) {
    /** @type {string[]} */
    const items = definition[key] || [];
    if (!items.length) continue;
    meeting.append(element("h4", { class: "quiz__meeting-title" }, title),
      element(tag, { class: `quiz__meeting-list quiz__meeting-list--${key}` },
        ...items.map((item) => html(element("li"), item))));
  }
  if (meeting.children.length > 1) body.append(meeting);

  const sheet = trackingSheet(result, definition, quiz.id);
  if (sheet) body.append(sheet);
  // The letter kit (letter.js, issue 11): the letters this result offers, in one section; null when none.
  const letters = letterSection(definition, result, quiz);
  if (letters) body.append(letters);

  const includeLetter = element("input", { type: "checkbox", id: `${id}-print-letter`, class: "quiz__input",
    "data-print-letter": "" });
  body.append(element("section", { class: "quiz__print", "aria-label": text("result.print") },
    letters ? element("div", { class: "quiz__option" }, includeLetter,
      element("label", { class: "quiz__label", for: includeLetter.id }, text("result.printLetter"))) : "",
    element("div", { class: "quiz__result-actions" },
      element("button", { type: "button", class: "quiz__button", "data-print": "summary" }, text("result.printButton")))));
}

/**
 * What support can look like for each area that matters: areas at the top two levels ("often", "always"), or
 * when none is that high, those at the level below ("sometimes"). Texts from each question's `guidance`.
 * @param {any} result
 * @param {any} definition
 * @param {string} id  the prefix of the ids made here
 * @returns {HTMLElement | null}
 */
function areaGuidance(result, definition, id) {
  /** @type {Map<string, any>} */
  const questions = new Map((definition.questions || []).map((/** @type {any} */ q) => [q.id, q]));
  /** @type {Array<{question: string, level: number}>} */
  const withGuidance = (result.areas || []).filter((/** @type {any} */ area) => (questions.get(area.question) || {}).guidance);
  const levels = (definition.day && definition.day.levels) || [];
  const high = Math.max(levels.length - 2, 1);
  let shown = withGuidance.filter((area) => area.level >= high);
  if (!shown.length) shown = withGuidance.filter((area) => area.level >= 1);
  if (!shown.length) return null;
  const section = element("section", { class: "quiz__areas", "aria-labelledby": `${id}-areas-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-areas-heading` }, text("result.areas")));
  const parts = [["looks_like", text("result.looksLike")], ["try_first", text("result.tryFirst")],
    ["independence", text("result.independence")]];
  for (const area of shown) {
    const question = questions.get(area.question);
    const name = question.area || "";
    const block = element("div", { class: "quiz__area", "data-area": area.question },
      element("h4", { class: "quiz__area-title" }, name ? name[0].toUpperCase() + name.slice(1) : area.question));
    for (const [key, title] of parts) {
      if (!question.guidance[key]) continue;
      block.append(element("p", { class: "quiz__area-part" }, element("strong", {}, title)),
        html(element("div", { class: `quiz__area-text quiz__area-text--${key}` }), question.guidance[key]));
    }
    section.append(block);
  }
  return section;
}

/**
 * The labels of the `focus` values, from the options of the question that offers them (as list items).
 * @param {string[]} values
 * @param {any} definition
 * @returns {HTMLElement[]}
 */
function focusLabels(values, definition) {
  // `focus: when` names the question whose values it lists; its labels come first, then any other question's.
  /** @type {any[]} */
  const questions = [...(definition.questions || [])].sort(
    (a, b) => Number(b.id === definition.focus) - Number(a.id === definition.focus),
  );
  /** @type {Array<{value: string, label: string}>} */
  const options = questions.flatMap((q) => q.options || (definition.scales || {})[q.scale] || []);
  return values.map((value) => {
    const option = options.find((o) => o.value === value);
    const item = element("li");
    if (option) html(item, option.label);
    else item.textContent = String(value);
    return item;
  });
}

/**
 * Put trusted HTML from the definition into `target`; returns target.
 * @template {HTMLElement} T
 * @param {T} target
 * @param {string} trusted
 * @returns {T}
 */
function html(target, trusted) {
  target.innerHTML = trusted; // texts rendered by our build from the editors' Markdown, never parent input
  return target;
}
