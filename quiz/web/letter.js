// The letter: a draft written request for an IEP team meeting, filled from the result, edited on the page.
//
// The template is the definition's `letter:` (plain text with {placeholders}, checked by the engine). It is
// filled here, in one place, from the result (areas, times, reasons) and the two names the parent types. The
// names and the edited text are never stored. "Copy", ".txt" and ".docx" (made by quiz/core/letter.py in the engine
// worker, so Word's file is built on the device) all use the text in the box, with the parent's own edits.
// The filling (fillTemplate, letterValues, parentVoice) is pure, given a way to turn HTML into text: node's
// tests run it (tests/js/letter.test.js). Its words are in strings.js.

import { element } from "./dom.js";
import { downloadBlob } from "./savefile.js";
import { text, voice } from "./strings.js";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** @typedef {(html: unknown) => string} ToText  the plain text of a piece of the definition's HTML */
/** @typedef {{parent: string, child: string}} Names  as the parent typed them */

/**
 * Plain text of a piece of the definition's HTML (parsed inert, never put in the page).
 * @type {ToText}
 */
export function plain(html) {
  const doc = new DOMParser().parseFromString(String(html ?? ""), "text/html");
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
}

/**
 * The option labels of the definition's questions, value → plain text, the day's question first.
 * @param {any} definition
 * @param {string | undefined} questionId
 * @param {ToText} [toText]
 * @returns {Map<string, string>}
 */
export function optionLabels(definition, questionId, toText = plain) {
  const labels = new Map();
  /** @type {any[]} */
  const questions = [...(definition.questions || [])].sort((a, b) => Number(b.id === questionId) - Number(a.id === questionId));
  for (const question of questions) {
    for (const option of question.options || (definition.scales || {})[question.scale] || []) {
      if (!labels.has(option.value)) labels.set(option.value, toText(option.label));
    }
  }
  return labels;
}

/**
 * The result speaks to the parent ("Your child needs…"); the letter is the parent speaking ("My child…").
 * @param {string} words
 * @param {ReadonlyArray<readonly [string, string]>} [pairs]  whole words to turn, in order (strings.js VOICE)
 * @returns {string}
 */
export function parentVoice(words, pairs = voice()) {
  return pairs.reduce((turned, [from, to]) => turned.replace(new RegExp(`\\b${from}\\b`, "g"), to), words);
}

/**
 * The template with every {placeholder} named in `values` filled; {{ and }} stand for a brace, as in Python's
 * str.format (the engine checked the template that way). Unknown placeholders are left as they are.
 * @param {string} template
 * @param {Record<string, string>} values
 * @returns {string}
 */
export function fillTemplate(template, values) {
  return template.replace(/\{\{|\}\}|\{([a-z_]+)\}/g, (match, name) =>
    match === "{{" ? "{" : match === "}}" ? "}" : name in values ? values[name] : match).trimEnd() + "\n";
}

/**
 * What the letter's placeholders stand for, from the result (areas, times, reasons) and the names typed.
 * @param {any} definition  its questions, scales, day and rules
 * @param {any} result  the engine's result (contract 3, with areas, answers and day)
 * @param {Names} names
 * @param {string} date  today, as the parent's language writes it
 * @param {ToText} [toText]
 * @returns {Record<string, string>}
 */
export function letterValues(definition, result, names, date, toText = plain) {
  /** @type {Map<string, any>} */
  const questions = new Map((definition.questions || []).map((/** @type {any} */ q) => [q.id, q]));
  const day = definition.day || {};
  const labels = optionLabels(definition, day.question, toText);
  /** @param {any} question  @param {unknown} value */
  const answerLabel = (question, value) => {
    /** @type {Array<{value: string, label: string}>} */
    const options = question.options || (definition.scales || {})[question.scale] || [];
    const option = options.find((o) => o.value === value);
    return option ? toText(option.label).toLowerCase() : String(value);
  };
  /** @type {string[]} */
  const areas = (result.areas || [])
    .filter((/** @type {any} */ area) => area.level >= 2)
    .map((/** @type {any} */ area) => {
      const question = questions.get(area.question) || {};
      const value = (result.answers || {})[area.question];
      return `- ${question.area || toText(question.title) || area.question} (${answerLabel(question, value)})`;
    });
  /** @type {string[]} */
  const times = (result.day || []).filter((/** @type {any} */ row) => row.level >= 2)
    .map((/** @type {any} */ row) => `- ${labels.get(row.time) || row.time}`);
  /** @type {string[]} */
  const reasons = (result.reasons || []).map((/** @type {any} */ reason) => {
    const rule = (definition.rules || []).find((/** @type {any} */ r) => r.id === reason.rule);
    return `- ${parentVoice(toText(rule ? rule.because : reason.because))}`;
  });
  return {
    date,
    child_name: names.child.trim() || text("letter.noChild"),
    parent_name: names.parent.trim() || text("letter.noParent"),
    areas: areas.join("\n") || text("letter.noAreas"),
    times: times.join("\n") || text("letter.noTimes"),
    reasons: reasons.join("\n") || text("letter.noReasons"),
  };
}

/**
 * The letter's text: the definition's template with every placeholder filled.
 * @param {any} definition
 * @param {any} result
 * @param {Names} names
 * @param {string} date
 * @param {ToText} [toText]
 */
export function fillLetter(definition, result, names, date, toText = plain) {
  return fillTemplate(String(definition.letter || ""), letterValues(definition, result, names, date, toText));
}

/**
 * The letter section: two name fields, the editable text, copy and downloads.
 * @param {any} definition  as for the result
 * @param {any} result
 * @param {{id: string, engine: {docx: (text: string) => Promise<ArrayBuffer>}}} quiz
 * @returns {HTMLElement}
 */
export function letterSection(definition, result, quiz) {
  const id = `quiz-${quiz.id}-letter`;
  /** @param {string} key  @param {string} label */
  const field = (key, label) => {
    const input = element("input", { type: "text", id: `${id}-${key}`, class: "quiz__text-input", autocomplete: "off",
      "data-letter-name": key });
    return { input, block: element("div", { class: "quiz__field" },
      element("label", { class: "quiz__field-label", for: input.id }, label), input) };
  };
  const parent = field("parent", text("letter.parent"));
  const child = field("child", text("letter.child"));
  const box = element("textarea", { id: `${id}-text`, class: "quiz__letter-text", rows: "18", spellcheck: "true",
    "aria-describedby": `${id}-hint` });
  const note = element("p", { class: "quiz__letter-status", role: "status", "aria-live": "polite" });
  const date = new Date().toLocaleDateString(document.documentElement.lang || "en-US",
    { year: "numeric", month: "long", day: "numeric" });
  // A textarea prints as a small box with a scroll bar: print shows this copy of its text instead.
  const printed = element("div", { class: "quiz__letter-print", "aria-hidden": "true" });
  let edited = false;
  const refill = () => {
    if (!edited) box.value = fillLetter(definition, result, { parent: parent.input.value, child: child.input.value }, date);
    printed.textContent = box.value;
  };
  refill();
  for (const input of [parent.input, child.input]) input.addEventListener("input", refill);
  box.addEventListener("input", () => {
    edited = true;
    printed.textContent = box.value;
  });
  const base = `${quiz.id}-letter`;
  /** @param {string} action  @param {string} label */
  const button = (action, label) => element("button", { type: "button", class: "quiz__button quiz__button--secondary",
    "data-letter": action }, label);
  const section = element("section", { class: "quiz__letter", "aria-labelledby": `${id}-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-heading` }, text("letter.title")),
    element("p", { id: `${id}-hint` }, text("letter.hint")),
    parent.block, child.block,
    element("div", { class: "quiz__field" },
      element("label", { class: "quiz__field-label", for: box.id }, text("letter.text")), box),
    element("div", { class: "quiz__result-actions" },
      button("copy", text("letter.copy")), button("txt", text("letter.txt")), button("docx", text("letter.docx"))),
    note, printed);
  section.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-letter]") : null;
    if (!(target instanceof HTMLElement)) return;
    const action = target.dataset.letter;
    try {
      if (action === "copy") {
        await navigator.clipboard.writeText(box.value);
        note.textContent = text("letter.copied");
      } else if (action === "txt") {
        downloadBlob(new Blob([box.value.replace(/\r?\n/g, "\r\n")], { type: "text/plain;charset=utf-8" }), `${base}.txt`);
        note.textContent = text("letter.savedTxt");
      } else if (action === "docx") {
        note.textContent = text("letter.making");
        const bytes = await quiz.engine.docx(box.value);
        downloadBlob(new Blob([bytes], { type: DOCX_TYPE }), `${base}.docx`);
        note.textContent = text("letter.savedDocx");
      }
    } catch (error) {
      note.textContent = action === "copy"
        ? text("letter.copyFailed")
        : text("letter.fileFailed", { message: (error instanceof Error && error.message) || String(error) });
    }
  });
  return section;
}
