// strings.js: lookup by key in the page's language, falling back to English; named error for a missing key.

import assert from "node:assert/strict";
import { test } from "node:test";

import { STRINGS, StringError, languages, sameLanguage, text, voice, wordsIn } from "../../quiz/web/strings.js";

test("a key gives its English text, with {names} filled and unknown ones left", () => {
  assert.equal(text("step.count", { number: 3, total: 12 }), "Question 3 of 12");
  assert.equal(text("step.count", { number: 3 }), "Question 3 of {total}");
  assert.equal(text("step.back"), "Back");
});

test("a language without the key falls back to its base language, then to English", () => {
  assert.deepEqual(languages("es-MX"), ["es-MX", "es", "en"]);
  assert.deepEqual(languages("en"), ["en"]);
  assert.equal(text("step.back", {}, "es-MX"), "Atrás", "es-MX: the Spanish table");
  assert.equal(text("step.back", {}, "fr"), "Back", "no French table: English");
  assert.deepEqual(voice("fr"), voice("en"));
  assert.deepEqual(voice("es-MX"), voice("es"));
});

test("every language's table has every English key, with the same {names}", () => {
  const names = (/** @type {string} */ value) => [...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  for (const [lang, table] of Object.entries(STRINGS)) {
    for (const [key, value] of Object.entries(STRINGS.en)) {
      assert.ok(Object.prototype.hasOwnProperty.call(table, key), `"${key}" has no ${lang} text in quiz/web/strings.js`);
      assert.equal(names(table[key]), names(value), `${lang} "${key}": the same {names} as English`);
    }
  }
});

test("a key no language has is a named error", () => {
  assert.throws(() => text("no.such.key"), (error) => error instanceof StringError && /no\.such\.key/.test(error.message));
});

test("every text is a non-empty string, and the table cannot be changed", () => {
  for (const [key, value] of Object.entries(STRINGS.en)) assert.ok(typeof value === "string" && value, key);
  assert.ok(Object.isFrozen(STRINGS));
});

test("wordsIn gives one language's words whatever the page's, falling back as text() does", () => {
  assert.equal(wordsIn("es")("letter.noParent"), "[su nombre]");
  assert.equal(wordsIn("en")("letter.noParent"), "[your name]");
  assert.equal(wordsIn("es-MX")("step.count", { number: 1, total: 2 }), "Pregunta 1 de 2");
  assert.equal(wordsIn("fr")("step.back"), "Back");
});

test("sameLanguage compares the language, not the region", () => {
  assert.ok(sameLanguage("es-MX", "es") && sameLanguage("EN", "en-US"));
  assert.ok(!sameLanguage("en", "es"));
});
