// The letter: a draft written request for an IEP team meeting, filled from the result, edited on the page.
//
// The template is the definition's `letter:` (plain text with {placeholders}, checked by the engine). It is
// filled here, in one place, from the result (areas, times, reasons) and the two names the parent types. The
// names and the edited text are never stored. "Copy", ".txt" and ".docx" (made by quiz/core/letter.py in the engine
// worker, so Word's file is built on the device) all use the text in the box, with the parent's own edits.

import { element } from "./dom.js";
import { downloadBlob } from "./savefile.js";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Plain text of a piece of the definition's HTML (parsed inert, never put in the page). */
export function plain(html) {
  const doc = new DOMParser().parseFromString(String(html ?? ""), "text/html");
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
}

/** The option labels of the definition's questions, value → plain text, the day's question first. */
export function optionLabels(definition, questionId) {
  const labels = new Map();
  const questions = [...(definition.questions || [])].sort((a, b) => Number(b.id === questionId) - Number(a.id === questionId));
  for (const question of questions) {
    for (const option of question.options || (definition.scales || {})[question.scale] || []) {
      if (!labels.has(option.value)) labels.set(option.value, plain(option.label));
    }
  }
  return labels;
}

/** The result speaks to the parent ("Your child needs…"); the letter is the parent speaking ("My child…"). */
export function parentVoice(text) {
  return text
    .replace(/\bhelp you\b/g, "help me")
    .replace(/\bYour\b/g, "My")
    .replace(/\byour\b/g, "my")
    .replace(/\bYou\b/g, "I")
    .replace(/\byou\b/g, "I");
}

/** The letter's text: the template with every placeholder filled. */
export function fillLetter(definition, result, names, date) {
  const questions = new Map((definition.questions || []).map((q) => [q.id, q]));
  const day = definition.day || {};
  const labels = optionLabels(definition, day.question);
  const answerLabel = (question, value) => {
    const options = question.options || (definition.scales || {})[question.scale] || [];
    const option = options.find((o) => o.value === value);
    return option ? plain(option.label).toLowerCase() : String(value);
  };
  const areas = (result.areas || [])
    .filter((area) => area.level >= 2)
    .map((area) => {
      const question = questions.get(area.question) || {};
      const value = (result.answers || {})[area.question];
      return `- ${question.area || plain(question.title) || area.question} (${answerLabel(question, value)})`;
    });
  const times = (result.day || []).filter((row) => row.level >= 2).map((row) => `- ${labels.get(row.time) || row.time}`);
  const reasons = (result.reasons || []).map((reason) => {
    const rule = (definition.rules || []).find((r) => r.id === reason.rule);
    return `- ${parentVoice(plain(rule ? rule.because : reason.because))}`;
  });
  const values = {
    date,
    child_name: names.child.trim() || "[my child's name]",
    parent_name: names.parent.trim() || "[your name]",
    areas: areas.join("\n") || "- [the areas you would like to talk about]",
    times: times.join("\n") || "- [the times of day, if you know them]",
    reasons: reasons.join("\n") || "- [what you have seen]",
  };
  // {{ and }} stand for a brace, as in Python's str.format (the engine checked the template that way).
  return String(definition.letter || "").replace(/\{\{|\}\}|\{([a-z_]+)\}/g, (match, name) =>
    match === "{{" ? "{" : match === "}}" ? "}" : name in values ? values[name] : match).trimEnd() + "\n";
}

/**
 * The letter section: two name fields, the editable text, copy and downloads.
 * @param {object} definition, result  as for the result
 * @param {{id: string, engine: {docx: (text: string) => Promise<ArrayBuffer>}}} quiz
 */
export function letterSection(definition, result, quiz) {
  const id = `quiz-${quiz.id}-letter`;
  const field = (key, label) => {
    const input = element("input", { type: "text", id: `${id}-${key}`, class: "quiz__text-input", autocomplete: "off",
      "data-letter-name": key });
    return { input, block: element("div", { class: "quiz__field" },
      element("label", { class: "quiz__field-label", for: input.id }, label), input) };
  };
  const parent = field("parent", "Your name");
  const child = field("child", "Your child's name");
  const text = element("textarea", { id: `${id}-text`, class: "quiz__letter-text", rows: "18", spellcheck: "true",
    "aria-describedby": `${id}-hint` });
  const note = element("p", { class: "quiz__letter-status", role: "status", "aria-live": "polite" });
  const date = new Date().toLocaleDateString(document.documentElement.lang || "en-US",
    { year: "numeric", month: "long", day: "numeric" });
  // A textarea prints as a small box with a scroll bar: print shows this copy of its text instead.
  const printed = element("div", { class: "quiz__letter-print", "aria-hidden": "true" });
  let edited = false;
  const refill = () => {
    if (!edited) text.value = fillLetter(definition, result, { parent: parent.input.value, child: child.input.value }, date);
    printed.textContent = text.value;
  };
  refill();
  for (const input of [parent.input, child.input]) input.addEventListener("input", refill);
  text.addEventListener("input", () => {
    edited = true;
    printed.textContent = text.value;
  });
  const base = `${quiz.id}-letter`;
  const button = (action, label) => element("button", { type: "button", class: "quiz__button quiz__button--secondary",
    "data-letter": action }, label);
  const section = element("section", { class: "quiz__letter", "aria-labelledby": `${id}-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-heading` }, "A letter to ask for a meeting"),
    element("p", { id: `${id}-hint` },
      "This is a draft you can change. Your names are only used in this letter: they are not kept or sent anywhere. Send it to your child's teacher or the special education office, and keep a copy."),
    parent.block, child.block,
    element("div", { class: "quiz__field" },
      element("label", { class: "quiz__field-label", for: text.id }, "Your letter (you can change it)"), text),
    element("div", { class: "quiz__result-actions" },
      button("copy", "Copy to clipboard"), button("txt", "Download as text (.txt)"),
      button("docx", "Download as Word (.docx)")),
    note, printed);
  section.addEventListener("click", async (event) => {
    const target = event.target.closest("[data-letter]");
    if (!target) return;
    const action = target.dataset.letter;
    try {
      if (action === "copy") {
        await navigator.clipboard.writeText(text.value);
        note.textContent = "The letter was copied. You can paste it into an email.";
      } else if (action === "txt") {
        downloadBlob(new Blob([text.value.replace(/\r?\n/g, "\r\n")], { type: "text/plain;charset=utf-8" }), `${base}.txt`);
        note.textContent = "The letter was saved as a text file.";
      } else if (action === "docx") {
        note.textContent = "Making the Word file…";
        const bytes = await quiz.engine.docx(text.value);
        downloadBlob(new Blob([bytes], { type: DOCX_TYPE }), `${base}.docx`);
        note.textContent = "The letter was saved as a Word file.";
      }
    } catch (error) {
      note.textContent = action === "copy"
        ? "The letter could not be copied here. Select the text in the box and copy it."
        : `The file could not be made (${(error && error.message) || error}).`;
    }
  });
  return section;
}
