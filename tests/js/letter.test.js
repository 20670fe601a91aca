// The letter's filling (letter.js), without a page: placeholders, braces, the parent's voice, empty parts.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  bothCopies, copiesFileName, fillLetter, fillTemplate, letterFileName, letterValues, lettersOf, offeredLetters,
  optionLabels, parentVoice,
} from "../../quiz/web/letter.js";

// The definition's texts are HTML; the page turns them into text with DOMParser, this stands in for it.
/** @param {unknown} html */
const toText = (html) => String(html ?? "").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();

const HELP = [{ value: "low", label: "<p>Low</p>", label_text: "Low" },
  { value: "high", label: "<p>A <em>lot</em></p>", label_text: "A lot" }];
const DEFINITION = {
  letter: "Dear team,\n{areas}\n{times}\n{reasons}\n{{not a placeholder}} {unknown}\n{parent_name} for {child_name}, {date}\n\n",
  // As the build writes it (schema.normalise): each question's own options, every label also as plain text.
  questions: [
    { id: "reading", title: "<p>How is reading?</p>", title_text: "How is reading?", options: HELP, area: "reading in class" },
    { id: "moving", title: "<p>How is <strong>moving</strong> around?</p>", title_text: "How is moving around?", options: HELP },
    { id: "times", title: "<p>When?</p>", title_text: "When?",
      options: [{ value: "morning", label: "<p>The morning</p>", label_text: "The morning" }] },
  ],
  day: { question: "times" },
  rules: [{ id: "needs_help", because: "<p>The team can help you plan. You know <em>your</em> child.</p>" }],
};
const RESULT = {
  areas: [{ question: "reading", level: 3 }, { question: "moving", level: 2 }, { question: "times", level: 1 }],
  answers: { reading: "high", moving: "low" },
  day: [{ time: "morning", level: 2 }, { time: "evening", level: 3 }, { time: "night", level: 1 }],
  reasons: [{ rule: "needs_help" }, { because: "You said so." }],
};
const NAMES = { parent: "  Ana  ", child: "Sam" };

test("fillTemplate fills known placeholders, keeps unknown ones, and reads {{ }} as braces", () => {
  assert.equal(fillTemplate("{a} and {b} {{a}} }}{{", { a: "one" }), "one and {b} {a} }{\n");
  assert.equal(fillTemplate("text  \n\n\n", {}), "text\n", "one newline at the end");
});

test("the letter lists the areas and times at level 2 or more, with their answers, in the parent's voice", () => {
  const letter = fillLetter(DEFINITION, RESULT, NAMES, "1 December 2026", toText);
  assert.equal(letter, [
    "Dear team,",
    "- reading in class (a lot)",
    "- How is moving around? (low)",
    "- The morning",
    "- evening",
    "- The team can help me plan. I know my child.",
    "- I said so.",
    "{not a placeholder} {unknown}",
    "Ana for Sam, 1 December 2026",
  ].join("\n") + "\n");
});

test("empty names and an empty result leave a bracketed prompt for the parent to fill", () => {
  const values = letterValues(DEFINITION, {}, { parent: " ", child: "" }, "today", toText);
  assert.deepEqual(values, {
    date: "today",
    child_name: "[my child's name]",
    parent_name: "[your name]",
    areas: "- [the areas you would like to talk about]",
    times: "- [the times of day, if you know them]",
    reasons: "- [what you have seen]",
  });
});

test("parentVoice turns whole words only", () => {
  assert.equal(parentVoice("Your youth: you help you. You, yours."), "My youth: I help me. I, yours.");
  assert.equal(parentVoice("Tu hijo", [["Tu", "Mi"]]), "Mi hijo", "another language's pairs");
});

test("optionLabels puts the named question's labels first, as the build wrote them in plain text", () => {
  const definition = { questions: [{ id: "a", options: [{ value: "x", label: "<b>From a</b>", label_text: "From a" }] },
    { id: "b", options: [{ value: "x", label: "From b", label_text: "From b" }, { value: "y", label: "Y", label_text: "Y" }] }] };
  assert.deepEqual([...optionLabels(definition, "b")], [["x", "From b"], ["y", "Y"]]);
  assert.deepEqual([...optionLabels(definition, undefined)], [["x", "From a"], ["y", "Y"]]);
});

// ── The letter kit: several letters, each offered when the result's `when` held ───────────────────

const KIT = {
  ...DEFINITION,
  letter: undefined,
  letters: [
    { id: "meeting_request", title: "<em>Ask</em> for a meeting", hint: "Ask to meet.", body: "Dear team, {areas}\n{parent_name}" },
    { id: "fba_request", title: "Ask for an FBA", body: "An FBA for {child_name}, please. {times}" },
    { id: "records_request", title: "See the records", hint: "", body: "Records of {child_name}, {date}." },
  ],
};

test("lettersOf reads the kit in order, and an older single `letter:` as the meeting request", () => {
  assert.deepEqual(lettersOf(KIT).map((l) => [l.id, l.hint]),
    [["meeting_request", "Ask to meet."], ["fba_request", ""], ["records_request", ""]]);
  const [only] = lettersOf(DEFINITION);
  assert.equal(only.id, "meeting_request");
  assert.equal(only.title, "A letter to ask for a meeting");
  assert.equal(only.body, DEFINITION.letter);
  assert.deepEqual(lettersOf({}), []);
});

test("offeredLetters keeps the letters the result names, and all of them without a result (the letters page)", () => {
  assert.deepEqual(offeredLetters(KIT, { letters: ["records_request", "meeting_request"] }).map((l) => l.id),
    ["meeting_request", "records_request"], "the definition's order");
  assert.deepEqual(offeredLetters(KIT, { letters: [] }), []);
  assert.equal(offeredLetters(KIT, null).length, 3);
  assert.equal(offeredLetters(KIT, {}).length, 3, "a result from before the kit names none: all are offered");
  assert.equal(offeredLetters(DEFINITION, { letters: [] }).length, 1, "a single `letter:` has no condition");
});

test("fillLetter fills the letter given, from the result and the names, or with prompts without a result", () => {
  const [, fba, records] = lettersOf(KIT);
  assert.equal(fillLetter(KIT, RESULT, NAMES, "today", toText, fba.body), "An FBA for Sam, please. - The morning\n- evening\n");
  assert.equal(fillLetter(KIT, null, { parent: "", child: "" }, "today", toText, records.body),
    "Records of [my child's name], today.\n");
  assert.equal(fillLetter(KIT, null, NAMES, "today", toText), "Dear team, - [the areas you would like to talk about]\nAna\n",
    "the first letter when none is given");
});

test("letterFileName names the file after the letter", () => {
  assert.equal(letterFileName("records_request"), "records-request-letter");
  assert.equal(letterFileName("cover_letter"), "cover-letter");
});

// ── Two readers (issue 14): the same letter in the school's language and the page's ──────────────────

// The same definition in Spanish: the same ids and values, other words.
const SPANISH = {
  ...DEFINITION,
  letter: "Estimado equipo:\n{areas}\n{times}\n{reasons}\n{parent_name} por {child_name}, {date}\n",
  questions: [
    { ...DEFINITION.questions[0], area: "lectura en clase",
      options: [{ value: "low", label_text: "Poca" }, { value: "high", label_text: "Mucha" }] },
    { ...DEFINITION.questions[1], title_text: "¿Cómo se mueve?", options: [{ value: "low", label_text: "Poca" }] },
    { ...DEFINITION.questions[2], options: [{ value: "morning", label_text: "La mañana" }] },
  ],
  rules: [{ id: "needs_help", because: "<p>Su equipo puede ayudar a su hijo.</p>" }],
};

test("one result fills the letter in each language with that language's words, prompts and voice", () => {
  const english = fillLetter(DEFINITION, RESULT, NAMES, "December 1, 2026", toText, undefined, "en");
  const spanish = fillLetter(SPANISH, RESULT, NAMES, "1 de diciembre de 2026", toText, undefined, "es");
  assert.ok(english.includes("- reading in class (a lot)\n") && english.includes("I know my child."), english);
  assert.ok(spanish.includes("- lectura en clase (mucha)\n- ¿Cómo se mueve? (poca)\n- La mañana\n"), spanish);
  assert.ok(spanish.includes("- Mi equipo puede ayudar a mi hijo.\n"), "the Spanish voice turns the possessives");
  assert.ok(!spanish.includes("reading") && !english.includes("lectura"));
  const empty = { parent: "", child: "" };
  assert.equal(letterValues(SPANISH, {}, empty, "hoy", toText, "es").parent_name, "[su nombre]");
  assert.equal(letterValues(DEFINITION, {}, empty, "today", toText, "en").parent_name, "[your name]",
    "the school's prompts in English, whatever the page's language");
});

test("bothCopies puts the school's copy first, a divider, then the parent's; a .docx gets a page break line", () => {
  assert.equal(bothCopies("Dear team,\nAna\n", "Estimado equipo:\nAna\n\n", "- - -"),
    "Dear team,\nAna\n\n- - -\n\nEstimado equipo:\nAna\n");
  assert.equal(bothCopies("Dear team,\n", "Estimado equipo:\n", "- - -", true),
    "Dear team,\n\f\n- - -\n\nEstimado equipo:\n", "a line of only a form feed: quiz/core/letter.py's page break");
});

test("copiesFileName adds the languages of the copies chosen, the school's first", () => {
  assert.equal(copiesFileName("records_request", "page", "en", "es"), "records-request-letter");
  assert.equal(copiesFileName("records_request", "school", "en", "es-MX"), "records-request-letter-en");
  assert.equal(copiesFileName("records_request", "both", "en-US", "es-MX"), "records-request-letter-en-es");
});
