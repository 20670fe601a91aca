// storage.js with in-memory storages: what is kept where, and that nothing throws when storage fails.

import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";

import {
  answersKey, clearAll, forgetOnDevice, keepAnswers, keepStep, keptAnswers, keptStep, remembered,
} from "../../quiz/web/storage.js";
import { MemoryStorage } from "./memory-storage.js";

const ID = "a-questionnaire";
const FILE = { questionnaire: ID, version: 1, answers: { first: "often", days: ["monday"] } };

/** @type {MemoryStorage} */ let session;
/** @type {MemoryStorage} */ let local;

beforeEach(() => {
  session = new MemoryStorage();
  local = new MemoryStorage();
  Object.assign(globalThis, { sessionStorage: session, localStorage: local });
});

afterEach(() => {
  // @ts-ignore: the test put them there
  delete globalThis.sessionStorage;
  // @ts-ignore
  delete globalThis.localStorage;
});

test("answers are kept in this tab only, unless the parent asked to remember them", () => {
  keepAnswers(ID, FILE, false);
  assert.deepEqual(JSON.parse(session.getItem(answersKey(ID)) ?? ""), FILE);
  assert.equal(local.getItem(answersKey(ID)), null);
  assert.equal(remembered(ID), false);

  keepAnswers(ID, FILE, true);
  assert.deepEqual(JSON.parse(local.getItem(answersKey(ID)) ?? ""), FILE);
  assert.equal(remembered(ID), true);
});

test("this tab's answers come first, else the device's", () => {
  const older = { ...FILE, answers: { first: "never" } };
  local.setItem(answersKey(ID), JSON.stringify(older));
  assert.deepEqual(keptAnswers(ID), older);
  session.setItem(answersKey(ID), JSON.stringify(FILE));
  assert.deepEqual(keptAnswers(ID), FILE);
});

test("a damaged copy, or another questionnaire's, is as if nothing was kept", () => {
  for (const text of ["{not json", "null", "[]", JSON.stringify({ ...FILE, questionnaire: "another" }),
    JSON.stringify({ questionnaire: ID, version: 1 }), JSON.stringify({ questionnaire: ID, answers: "often" })]) {
    session.setItem(answersKey(ID), text);
    assert.equal(keptAnswers(ID), null, text);
  }
  assert.equal(keptAnswers("never-kept"), null);
});

test("forgetting on the device keeps this tab's copy; clearing removes every copy and the step", () => {
  keepAnswers(ID, FILE, true);
  keepStep(ID, "check");
  forgetOnDevice(ID);
  assert.equal(remembered(ID), false);
  assert.deepEqual(keptAnswers(ID), FILE);

  keepAnswers(ID, FILE, true);
  keepAnswers("other", { ...FILE, questionnaire: "other" }, true);
  clearAll(ID);
  assert.equal(keptAnswers(ID), null);
  assert.equal(keptStep(ID), null);
  assert.equal(remembered(ID), false);
  assert.ok(keptAnswers("other"), "another questionnaire's answers stay");
});

test("the step is kept in this tab only", () => {
  assert.equal(keptStep(ID), null);
  keepStep(ID, "question:first");
  assert.equal(keptStep(ID), "question:first");
  assert.equal(local.length, 0);
});

test("full storage: nothing throws, and what could not be written is simply not there", () => {
  session.full = true;
  local.full = true;
  assert.doesNotThrow(() => keepAnswers(ID, FILE, true));
  assert.doesNotThrow(() => keepStep(ID, "check"));
  assert.equal(keptAnswers(ID), null);
  assert.equal(keptStep(ID), null);
});

test("storage switched off, or no storage at all: every call still returns", () => {
  session.broken = true;
  local.broken = true;
  assert.doesNotThrow(() => keepAnswers(ID, FILE, true));
  assert.equal(keptAnswers(ID), null);
  assert.equal(remembered(ID), false);
  assert.doesNotThrow(() => clearAll(ID));

  Object.defineProperty(globalThis, "localStorage", {
    configurable: true,
    get() {
      throw new Error("SecurityError: reading localStorage is blocked");
    },
  });
  // @ts-ignore
  delete globalThis.sessionStorage;
  assert.doesNotThrow(() => keepAnswers(ID, FILE, true));
  assert.equal(keptAnswers(ID), null);
  assert.doesNotThrow(() => forgetOnDevice(ID));
});
