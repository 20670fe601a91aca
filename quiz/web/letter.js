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
//
// Two readers (issue 14): on a page in another language than the site's default (the school's: English), the
// kit offers the letter in the page's language, in the school's, or both (the school's copy for the school, the
// page's for the parent). The school's copy is the same letter filled from the same result (rule ids, area
// question ids, day rows: the same in every language) with the words of the school's definition JSON, fetched
// from the URL the build wrote on the kit's root (data-school-definition, data-school-language) only when the
// parent first asks for it, and the school's UI words (strings.js wordsIn). Each copy has its own box and keeps
// its own edits; the names typed once fill both. With both, the files hold the school's copy first.
// The filling (fillTemplate, letterValues, lettersOf, offeredLetters, parentVoice, bothCopies) is pure, given a
// way to turn HTML into text: node's tests run it (tests/js/letter.test.js). Its words are in strings.js.

import { element } from "./dom.js";
import { downloadBlob } from "./savefile.js";
import { pageLanguage, sameLanguage, text, voice, wordsIn } from "./strings.js";

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
 * @param {string} date  today, as the letter's language writes it
 * @param {ToText} [toText]
 * @param {string} [lang]  the letter's language (its prompts and the parent's voice), the page's unless given
 * @returns {Record<string, string>}
 */
export function letterValues(definition, result, names, date, toText = plain, lang = pageLanguage()) {
  const say = wordsIn(lang);
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
    return `- ${parentVoice(toText(rule ? rule.because : reason.because), voice(lang))}`;
  });
  return {
    date,
    child_name: names.child.trim() || say("letter.noChild"),
    parent_name: names.parent.trim() || say("letter.noParent"),
    areas: areas.join("\n") || say("letter.noAreas"),
    times: times.join("\n") || say("letter.noTimes"),
    reasons: reasons.join("\n") || say("letter.noReasons"),
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
 * @param {string} [lang]  the letter's language, the page's unless given
 */
export function fillLetter(definition, result, names, date, toText = plain, template = undefined, lang = pageLanguage()) {
  const body = template ?? (lettersOf(definition)[0] || { body: "" }).body;
  return fillTemplate(body, letterValues(definition, result || {}, names, date, toText, lang));
}

/** @typedef {"page" | "school" | "both"} Copies  which copies of the letter the parent chose */

/**
 * The two copies of a letter as one text, the school's first, then a divider line and the parent's: for a .txt
 * and the clipboard; with `pageBreak`, for a .docx, where a line holding only a form feed is a page break
 * (quiz/core/letter.py).
 * @param {string} school  the school's copy, as in its box
 * @param {string} own  the copy in the page's language, as in its box
 * @param {string} divider  the line between them
 * @param {boolean} [pageBreak]
 * @returns {string}
 */
export function bothCopies(school, own, divider, pageBreak = false) {
  return `${school.trimEnd()}\n${pageBreak ? "\f\n" : "\n"}${divider}\n\n${own.trimEnd()}\n`;
}

/**
 * A file name for the copies chosen: the letter's own for the page's language, the school's language after it
 * for the school's copy, both languages (the school's first) for both.
 * @param {string} id  the letter's id
 * @param {Copies} copies
 * @param {string} schoolLang  @param {string} pageLang
 */
export function copiesFileName(id, copies, schoolLang, pageLang) {
  /** @param {string} lang */
  const code = (lang) => lang.split("-")[0].toLowerCase();
  const base = letterFileName(id);
  if (copies === "school") return `${base}-${code(schoolLang)}`;
  if (copies === "both") return `${base}-${code(schoolLang)}-${code(pageLang)}`;
  return base;
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
 * @property {SchoolCopy | null} [school]  on a page in another language than the school's: the school's copy
 */

/**
 * The letter in the school's language (the site's default), offered on a page in another language.
 * @typedef {object} SchoolCopy
 * @property {string} lang  its language ("en")
 * @property {() => Promise<any>} definition  the definition JSON in that language, fetched when first asked for
 */

/**
 * The school's copy the build offers on this page: the URL of the default language's definition JSON and that
 * language's code, written on the kit's root (quiz/site/letters.py school_urls); null on a page in the school's
 * own language, or when the build wrote none.
 * @param {HTMLElement} root  the questionnaire's root, or the letters page's
 * @param {string} [lang]  the page's language
 * @returns {SchoolCopy | null}
 */
export function schoolCopy(root, lang = pageLanguage()) {
  const url = root.dataset.schoolDefinition;
  const code = root.dataset.schoolLanguage;
  if (!url || !code || sameLanguage(code, lang)) return null;
  /** @type {Promise<any> | null} */
  let loading = null;
  const definition = () => {
    if (!loading) {
      loading = fetch(new URL(url, document.baseURI)).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      });
      loading.catch(() => {
        loading = null; // asked for again next time
      });
    }
    return loading;
  };
  return { lang: code, definition };
}

/**
 * One language's copy of the letters: its definition (null until the school's is fetched), its box, its print
 * copy and the parent's edits of each letter in that language (in memory only).
 * @typedef {object} Copy
 * @property {string} lang
 * @property {any} definition
 * @property {HTMLTextAreaElement} box
 * @property {HTMLElement} field  the box with its label
 * @property {HTMLElement} printed  a copy of the box's text, for print
 * @property {Map<string, string>} edits  letter id → the parent's own text
 * @property {string} date  today, as the copy's language writes it
 */

/**
 * @param {string} id  the kit's id
 * @param {"page" | "school"} which
 * @param {string} lang
 * @param {any} definition
 * @param {string} label  the box's label, naming its language when there are two
 * @param {boolean} foreign  not the page's language: marked with its own lang, so a screen reader reads it so
 * @returns {Copy}
 */
function letterCopy(id, which, lang, definition, label, foreign) {
  const box = element("textarea", { id: which === "page" ? `${id}-text` : `${id}-text-${which}`,
    class: "quiz__letter-text", rows: "18", spellcheck: "true", "aria-describedby": `${id}-hint`,
    lang: foreign ? lang : null, "data-letter-copy": which });
  const field = element("div", { class: "quiz__field" },
    element("label", { class: "quiz__field-label", for: box.id }, label), box);
  // A textarea prints as a small box with a scroll bar: print shows this copy of its text instead.
  const printed = element("div", { class: "quiz__letter-print", "aria-hidden": "true", lang: foreign ? lang : null,
    "data-letter-copy": which });
  const date = new Date().toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
  return { lang, definition, box, field, printed, edits: new Map(), date };
}

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
  const school = options.school || null;
  /** @param {string} key  @param {string} label */
  const field = (key, label) => {
    const input = element("input", { type: "text", id: `${id}-${key}`, class: "quiz__text-input", autocomplete: "off",
      "data-letter-name": key });
    return { input, block: element("div", { class: "quiz__field" },
      element("label", { class: "quiz__field-label", for: input.id }, label), input) };
  };
  const parent = field("parent", text("letter.parent"));
  const child = field("child", text("letter.child"));
  const note = element("p", { class: "quiz__letter-status", role: "status", "aria-live": "polite" });
  const own = letterCopy(id, "page", pageLanguage(), definition, text(school ? "letter.textPage" : "letter.text"), false);
  const theirs = school ? letterCopy(id, "school", school.lang, null, text("letter.textSchool"), true) : null;
  /** @type {Copies} */
  let copies = "page";
  let current = letters[0];
  const names = () => ({ parent: parent.input.value, child: child.input.value });
  /** @param {Copy} copy  the letter chosen in that copy's language: the parent's edit, else filled afresh */
  const fill = (copy) => {
    if (!copy.definition) return;
    const letter = lettersOf(copy.definition).find((item) => item.id === current.id) || current;
    copy.box.value = copy.edits.get(current.id)
      ?? fillLetter(copy.definition, result, names(), copy.date, plain, letter.body, copy.lang);
    copy.printed.textContent = copy.box.value;
  };
  const refill = () => {
    fill(own);
    if (theirs) fill(theirs);
  };
  for (const input of [parent.input, child.input]) input.addEventListener("input", refill);
  for (const copy of theirs ? [own, theirs] : [own]) {
    copy.box.addEventListener("input", () => {
      copy.edits.set(current.id, copy.box.value);
      copy.printed.textContent = copy.box.value;
    });
  }
  /** The copies chosen that are ready: the school's only once its definition is here. */
  const ready = () => (theirs && theirs.definition ? copies : "page");
  const show = () => {
    const shown = ready();
    section.dataset.letterCopies = shown;
    own.field.hidden = own.printed.hidden = shown === "school";
    if (theirs) theirs.field.hidden = theirs.printed.hidden = shown === "page";
  };

  const choice = letters.length > 1 ? chooser(letters, id, (chosen) => {
    current = chosen;
    section.dataset.letterChosen = chosen.id;
    note.textContent = "";
    refill();
  }) : null;
  const languages = school && theirs ? languageChooser(id, async (chosen) => {
    copies = chosen;
    note.textContent = "";
    if (chosen !== "page" && !theirs.definition) {
      note.textContent = text("letter.schoolLoading");
      try {
        theirs.definition = await school.definition();
        note.textContent = "";
        fill(theirs);
      } catch (error) {
        note.textContent = text("letter.schoolFailed",
          { message: (error instanceof Error && error.message) || String(error) });
        copies = "page"; // the choice shown is the copy shown; choosing again tries again
        const pageRadio = languages && languages.querySelector('[data-letter-language="page"]');
        if (pageRadio instanceof HTMLInputElement) pageRadio.checked = true;
      }
    }
    show();
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
    languages || "",
    theirs ? theirs.field : "", own.field, // the school's copy first, as in the files
    element("div", { class: "quiz__result-actions" },
      button("copy", text("letter.copy")), button("txt", text("letter.txt")), button("docx", text("letter.docx"))),
    note, theirs ? theirs.printed : "", own.printed);
  refill();
  show();
  /** @param {boolean} pageBreak  the text of the copies chosen (a .docx gets a page break between two) */
  const chosenText = (pageBreak) => {
    const shown = ready();
    if (!theirs || shown === "page") return own.box.value;
    if (shown === "school") return theirs.box.value;
    return bothCopies(theirs.box.value, own.box.value, text("letter.bothDivider"), pageBreak);
  };
  section.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-letter]") : null;
    if (!(target instanceof HTMLElement)) return;
    const action = target.dataset.letter;
    const base = copiesFileName(current.id, ready(), school ? school.lang : own.lang, own.lang);
    try {
      if (action === "copy") {
        await navigator.clipboard.writeText(chosenText(false));
        note.textContent = text("letter.copied");
      } else if (action === "txt") {
        downloadBlob(new Blob([chosenText(false).replace(/\r?\n/g, "\r\n")], { type: "text/plain;charset=utf-8" }),
          `${base}.txt`);
        note.textContent = text("letter.savedTxt");
      } else if (action === "docx") {
        note.textContent = text("letter.making");
        const bytes = await options.engine.docx(chosenText(true));
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
 * "Which language?": the page's, the school's, or both (GOV.UK's radios, a hint under the legend).
 * @param {string} id
 * @param {(copies: Copies) => void} chosen
 * @returns {HTMLElement}
 */
function languageChooser(id, chosen) {
  /** @type {Array<[Copies, string]>} */
  const choices = [["page", "letter.languagePage"], ["school", "letter.languageSchool"], ["both", "letter.languageBoth"]];
  const options = choices.map(([value, key]) => {
    const inputId = `${id}-language-${value}`;
    const input = element("input", { type: "radio", class: "quiz__input", id: inputId, name: `${id}-language`,
      value, "data-letter-language": value });
    input.checked = value === "page";
    input.addEventListener("change", () => {
      if (input.checked) chosen(value);
    });
    return element("div", { class: "quiz__option" }, input,
      element("label", { class: "quiz__label", for: inputId }, text(key)));
  });
  return element("fieldset", { class: "quiz__fieldset quiz__letter-choice quiz__letter-language",
    "aria-describedby": `${id}-language-hint` },
    element("legend", { class: "quiz__legend quiz__letter-legend" }, text("letter.language")),
    element("div", { class: "quiz__hint", id: `${id}-language-hint` }, text("letter.languageHint")),
    element("div", { class: "quiz__options quiz__options--radio" }, ...options));
}

/**
 * The letter section of the result (kept for result.js): the kit, or null when there is no letter. The school's
 * copy is offered when the questionnaire's root names one (on a page in another language than the school's).
 * @param {any} definition
 * @param {any} result
 * @param {{id: string, engine: {docx: (text: string) => Promise<ArrayBuffer>}, root?: HTMLElement}} quiz
 * @returns {HTMLElement | null}
 */
export function letterSection(definition, result, quiz) {
  return letterKit(definition, result, { id: quiz.id, engine: quiz.engine,
    school: quiz.root ? schoolCopy(quiz.root) : null });
}
