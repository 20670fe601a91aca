// conditions.js, by hand: which questions are asked, and Python's rules for the values conditions hold.
// (tests/test_conditions_js.py checks it against the engine itself on random answers; these say why.)

import assert from "node:assert/strict";
import { test } from "node:test";

import { asked, evaluate, pointsIn, questionFrom, truthy } from "../../quiz/web/conditions.js";

/** @typedef {import("../../quiz/web/conditions.js").Tree} Tree */

const never = () => null;
/** @param {Tree} tree  @param {Record<string, any>} [env] */
const run = (tree, env = {}) => evaluate(tree, env, never);

const FIRST = questionFrom({ question: "first", kind: "single", default: "unknown" },
  [{ value: "low", points: "0" }, { value: "high", points: "2" }, { value: "unknown" }]);
const FOLLOW_UP = questionFrom({ question: "follow_up", kind: "single",
  askWhen: JSON.stringify(["cmp", ["name", "first"], ["==", ["const", "high"]]]) }, [{ value: "a" }, { value: "b" }]);
const TIMES = questionFrom({ question: "times", kind: "multiple", optional: "true",
  askWhen: JSON.stringify(["cmp", ["points", "first"], [">=", ["const", 1]]]) }, [{ value: "x" }, { value: "y" }]);
const QUESTIONS = [FIRST, FOLLOW_UP, TIMES];

test("questionFrom reads the form's data attributes", () => {
  assert.deepEqual(FIRST, { id: "first", kind: "single", askWhen: null, default: "unknown", optional: false,
    points: { low: 0, high: 2, unknown: null } });
  assert.equal(TIMES.kind, "multiple");
  assert.equal(TIMES.optional, true);
  assert.deepEqual(FOLLOW_UP.askWhen, ["cmp", ["name", "first"], ["==", ["const", "high"]]]);
});

test("a follow-up is asked only when its condition holds; one not asked counts as empty", () => {
  assert.deepEqual(asked(QUESTIONS, { first: "low" }), { asked: ["first"],
    env: { first: "low", follow_up: null, times: [] } });
  assert.deepEqual(asked(QUESTIONS, { first: "high", follow_up: "b", times: ["y"] }), {
    asked: ["first", "follow_up", "times"], env: { first: "high", follow_up: "b", times: ["y"] } });
});

test("an unanswered question counts as its default", () => {
  const { env, asked: ids } = asked(QUESTIONS, {});
  assert.equal(env.first, "unknown");
  assert.deepEqual(ids, ["first"]);
  assert.equal(pointsIn(QUESTIONS, env)("first"), null, "an answer without points has none");
  assert.equal(pointsIn(QUESTIONS, { first: "high" })("first"), 2);
  assert.equal(pointsIn(QUESTIONS, { first: "high" })("nobody"), null);
});

test("truthiness is Python's", () => {
  for (const value of [null, false, 0, "", []]) assert.equal(truthy(value), false, JSON.stringify(value));
  for (const value of [true, 1, -1, "x", [null], [[]]]) assert.equal(truthy(value), true, JSON.stringify(value));
});

test("comparisons: a missing answer never orders, `in` on nothing is false, booleans are numbers", () => {
  assert.equal(run(["cmp", ["name", "missing"], ["<", ["const", 1]]]), false);
  assert.equal(run(["cmp", ["name", "missing"], [">=", ["const", 1]]]), false);
  assert.equal(run(["cmp", ["const", "x"], ["in", ["name", "missing"]]]), false);
  assert.equal(run(["cmp", ["const", "x"], ["not in", ["name", "missing"]]]), true);
  assert.equal(run(["cmp", ["const", true], ["==", ["const", 1]]]), true);
  assert.equal(run(["cmp", ["const", "b"], [">", ["const", "a"]]]), true);
  assert.equal(run(["cmp", ["const", "a"], ["<", ["const", 1]]]), false, "Python raises; the engine says false");
  assert.equal(run(["cmp", ["const", 1], ["<", ["const", 2]], ["<", ["const", 3]]]), true, "a chain");
  assert.equal(run(["cmp", ["const", 1], ["<", ["const", 3]], ["<", ["const", 2]]]), false);
});

test("and / or give the deciding value, as Python does", () => {
  assert.equal(run(["and", ["const", 1], ["const", ""], ["const", 2]]), "");
  assert.equal(run(["or", ["const", 0], ["const", "x"]]), "x");
  assert.equal(run(["not", ["list"]]), true);
});

test("functions count numbers only where Python would", () => {
  const list = ["list", ["const", 1], ["const", true], ["const", "x"], ["const", null], ["const", 3]];
  assert.equal(run(["call", "max", list]), 3);
  assert.equal(run(["call", "max", ["list"]]), 0, "max of nothing is 0, not -Infinity");
  assert.equal(run(["call", "count", list, ["const", 1]]), 1, "True is not counted as 1");
  assert.equal(run(["call", "len", ["const", "día"]]), 3);
  assert.equal(run(["call", "any", ["name", "times"]], { times: ["x"] }), true);
  assert.equal(run(["call", "all", ["name", "missing"]]), true);
});

test("a tree the build never writes is a mistake, named", () => {
  assert.throws(() => run(["lambda"]), /unknown condition node "lambda"/);
  assert.throws(() => run(["call", "eval", ["const", "1"]]), /unknown function "eval"/);
});

test("only the ask_when grammar: arithmetic, 'x if test else y', '-' and sum() are the engine's alone", () => {
  assert.throws(() => run(["bin", "+", ["const", 1], ["const", 2]]), /unknown condition node "bin"/);
  assert.throws(() => run(["if", ["const", 1], ["const", 2], ["const", 3]]), /unknown condition node "if"/);
  assert.throws(() => run(["neg", ["const", 1]]), /unknown condition node "neg"/);
  assert.throws(() => run(["call", "sum", ["list", ["const", 1]]]), /unknown function "sum"/);
});
