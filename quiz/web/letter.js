// The letter kit: draft letters filled from the result, edited on the page: a meeting request, a records
// request, an FBA request, a request for prior written notice, a summary of the meeting.
//
// The letters are the definition's `letters:` (each an id, a title, a hint and a body: plain text with
// {placeholders}, checked by the engine), or its older single `letter:`. The engine's result lists the letters
// whose `when` holds (result.letters); the letters page (quiz/site/letters.py) offers them all, without a result.
// Each is filled here, in one place, from the result (areas, times, reasons) and the two names the parent types
// once for every letter. The names and the edited texts are never stored. "Copy", ".txt" and ".docx" (made by
// quiz/core/letter.py in the engine worker, so Word's file is built on the device) use the text in the box, with
// the parent's own edits; each letter keeps its edits while the parent looks at another.
// The filling (fillTemplate, letterValues, lettersOf, offeredLetters, parentVoice) is pure, given a way to turn
// HTML into text: node's tests run it (tests/js/letter.test.js). Its words are in strings.js.

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
 * The option labels of the definition's questions, value → plain text (label_text: the build writes each question's
 * own options, its scale resolved, with every label in plain text), the day's question first.
 * @param {any} definition
 * @param {string | undefined} questionId
 * @returns {Map<string, string>}
 */
export function optionLabels(definition, questionId) {
  const labels = new Map();
  /** @type {any[]} */
  const questions = [...(definition.questions || [])].sort((a, b) => Number(b.id === questionId) - Number(a.id === questionId));
  for (const question of questions) {
    for (const option of question.options || []) {
      if (!labels.has(option.value)) labels.set(option.value, String(option.label_text));
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
 * @param {any} definition  its questions (with their options, as the build normalised them), day and rules
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
  const labels = optionLabels(definition, day.question);
  /** @param {any} question  @param {unknown} value */
  const answerLabel = (question, value) => {
    /** @type {Array<{value: string, label_text: string}>} */
    const options = question.options || [];
    const option = options.find((o) => o.value === value);
    return option ? String(option.label_text).toLowerCase() : String(value);
  };
  /** @type {string[]} */
  const areas = (result.areas || [])
    .filter((/** @type {any} */ area) => area.level >= 2)
    .map((/** @type {any} */ area) => {
      const question = questions.get(area.question) || {};
      const value = (result.answers || {})[area.question];
      return `- ${question.area || question.title_text || area.question} (${answerLabel(question, value)})`;
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

/** @typedef {{id: string, title: string, hint: string, body: string}} Letter  titles and hints as HTML */

/**
 * The definition's letters, in order: its `letters:`, else its single `letter:` as the meeting request.
 * @param {any} definition
 * @returns {Letter[]}
 */
export function lettersOf(definition) {
  /** @type {any[]} */
  const listed = Array.isArray(definition.letters) ? definition.letters : [];
  if (listed.length) {
    return listed.map((item) => ({ id: String(item.id), title: String(item.title || item.id), hint: String(item.hint || ""),
      body: String(item.body || "") }));
  }
  return definition.letter
    ? [{ id: "meeting_request", title: text("letter.title"), hint: "", body: String(definition.letter) }]
    : [];
}

/**
 * The letters to offer: those the result names (result.letters: each `when` held), or all without a result.
 * @param {any} definition
 * @param {any} result  the engine's result, or null on the letters page
 * @returns {Letter[]}
 */
export function offeredLetters(definition, result) {
  const all = lettersOf(definition);
  if (!result || !Array.isArray(result.letters)) return all;
  return all.filter((letter) => result.letters.includes(letter.id) || !Array.isArray(definition.letters));
}

/**
 * A letter's text: its template with every placeholder filled.
 * @param {any} definition
 * @param {any} result  the engine's result, or {} without one (each part then says what to write)
 * @param {Names} names
 * @param {string} date
 * @param {ToText} [toText]
 * @param {string} [template]  the letter's body; the definition's first letter when left out
 */
export function fillLetter(definition, result, names, date, toText = plain, template = undefined) {
  const body = template ?? (lettersOf(definition)[0] || { body: "" }).body;
  return fillTemplate(body, letterValues(definition, result || {}, names, date, toText));
}

/**
 * A file name for a letter: its id with hyphens ("records_request" → "records-request-letter").
 * @param {string} id
 */
export function letterFileName(id) {
  const stem = id.replace(/_/g, "-");
  return /letter$/.test(stem) ? stem : `${stem}-letter`;
}

/**
 * @typedef {object} KitOptions
 * @property {string} id  the prefix of the ids made here (the questionnaire's id, or the letters page's)
 * @property {{docx: (text: string) => Promise<ArrayBuffer>}} engine  makes the .docx
 * @property {"h2" | "h3"} [heading]  the section heading's level (h3 inside the result)
 * @property {string} [title]  the section heading's key in strings.js, if not the result's
 */

/**
 * The letter kit: the two names, a choice of letter (when there are several), the editable text, copy and
 * downloads, and a copy of the text for print. Renders into the result's letters slot or the letters page.
 * @param {any} definition  as for the result (texts as HTML, letter bodies as plain text)
 * @param {any} result  the engine's result, or null on the letters page (every letter, parts left to fill)
 * @param {KitOptions} options
 * @returns {HTMLElement | null}  null when the definition has no letter for this result
 */
export function letterKit(definition, result, options) {
  const letters = offeredLetters(definition, result);
  if (!letters.length) return null;
  const id = `quiz-${options.id}-letter`;
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
  /** @type {Map<string, string>} the parent's own text of each letter they edited (in memory only) */
  const edits = new Map();
  let current = letters[0];
  const names = () => ({ parent: parent.input.value, child: child.input.value });
  const refill = () => {
    box.value = edits.get(current.id) ?? fillLetter(definition, result, names(), date, plain, current.body);
    printed.textContent = box.value;
  };
  for (const input of [parent.input, child.input]) input.addEventListener("input", refill);
  box.addEventListener("input", () => {
    edits.set(current.id, box.value);
    printed.textContent = box.value;
  });

  const choice = letters.length > 1 ? chooser(letters, id, (chosen) => {
    current = chosen;
    section.dataset.letterChosen = chosen.id;
    note.textContent = "";
    refill();
  }) : null;
  /** @param {string} action  @param {string} label */
  const button = (action, label) => element("button", { type: "button", class: "quiz__button quiz__button--secondary",
    "data-letter": action }, label);
  const Heading = options.heading || "h3";
  const section = element("section", { class: "quiz__letter", "aria-labelledby": `${id}-heading`,
    "data-letter-chosen": current.id },
    element(Heading, { class: "quiz__subheading", id: `${id}-heading` },
      text(options.title || (letters.length > 1 ? "letter.kitTitle" : "letter.title"))),
    element("p", { id: `${id}-hint` }, text("letter.hint")),
    parent.block, child.block,
    choice || "",
    element("div", { class: "quiz__field" },
      element("label", { class: "quiz__field-label", for: box.id }, text("letter.text")), box),
    element("div", { class: "quiz__result-actions" },
      button("copy", text("letter.copy")), button("txt", text("letter.txt")), button("docx", text("letter.docx"))),
    note, printed);
  refill();
  section.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-letter]") : null;
    if (!(target instanceof HTMLElement)) return;
    const action = target.dataset.letter;
    const base = letterFileName(current.id);
    try {
      if (action === "copy") {
        await navigator.clipboard.writeText(box.value);
        note.textContent = text("letter.copied");
      } else if (action === "txt") {
        downloadBlob(new Blob([box.value.replace(/\r?\n/g, "\r\n")], { type: "text/plain;charset=utf-8" }), `${base}.txt`);
        note.textContent = text("letter.savedTxt");
      } else if (action === "docx") {
        note.textContent = text("letter.making");
        const bytes = await options.engine.docx(box.value);
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

/**
 * "Which letter?": one radio per letter, its hint beside it (GOV.UK's radios with hints).
 * @param {Letter[]} letters
 * @param {string} id
 * @param {(letter: Letter) => void} chosen
 * @returns {HTMLElement}
 */
function chooser(letters, id, chosen) {
  const options = letters.map((letter, index) => {
    const inputId = `${id}-choose-${letter.id}`;
    const input = element("input", { type: "radio", class: "quiz__input", id: inputId, name: `${id}-choose`,
      value: letter.id, "data-letter-choice": letter.id, "aria-describedby": letter.hint ? `${inputId}-hint` : null });
    input.checked = index === 0;
    input.addEventListener("change", () => {
      if (input.checked) chosen(letter);
    });
    const label = element("label", { class: "quiz__label", for: inputId });
    label.innerHTML = letter.title; // the definition's title, rendered by our build from the editor's Markdown
    const block = element("div", { class: "quiz__option" }, input, label);
    if (letter.hint) {
      const hint = element("div", { class: "quiz__option-hint", id: `${inputId}-hint` });
      hint.innerHTML = letter.hint; // as the title: rendered by our build from the editor's Markdown
      block.append(hint);
    }
    return block;
  });
  return element("fieldset", { class: "quiz__fieldset quiz__letter-choice" },
    element("legend", { class: "quiz__legend quiz__letter-legend" }, text("letter.choose")),
    element("div", { class: "quiz__options quiz__options--radio" }, ...options));
}

/**
 * The letter section of the result (kept for result.js): the kit, or null when there is no letter.
 * @param {any} definition
 * @param {any} result
 * @param {{id: string, engine: {docx: (text: string) => Promise<ArrayBuffer>}}} quiz
 * @returns {HTMLElement | null}
 */
export function letterSection(definition, result, quiz) {
  return letterKit(definition, result, { id: quiz.id, engine: quiz.engine });
}
