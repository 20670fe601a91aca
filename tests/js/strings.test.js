// strings.js: lookup by key in the page's language, falling back to English; named error for a missing key.

import assert from "node:assert/strict";
import { test } from "node:test";

import { STRINGS, StringError, languages, text, voice } from "../../quiz/web/strings.js";

test("a key gives its English text, with {names} filled and unknown ones left", () => {
  assert.equal(text("step.count", { number: 3, total: 12 }), "Question 3 of 12");
  assert.equal(text("step.count", { number: 3 }), "Question 3 of {total}");
  assert.equal(text("step.back"), "Back");
});

test("a language without the key falls back to its base language, then to English", () => {
  assert.deepEqual(languages("es-MX"), ["es-MX", "es", "en"]);
  assert.deepEqual(languages("en"), ["en"]);
  assert.equal(text("step.back", {}, "es-MX"), "Back", "no Spanish table yet: English");
  assert.deepEqual(voice("fr"), voice("en"));
});

test("a key no language has is a named error", () => {
  assert.throws(() => text("no.such.key"), (error) => error instanceof StringError && /no\.such\.key/.test(error.message));
});

test("every text is a non-empty string, and the table cannot be changed", () => {
  for (const [key, value] of Object.entries(STRINGS.en)) assert.ok(typeof value === "string" && value, key);
  assert.ok(Object.isFrozen(STRINGS));
});
