// Follow-up conditions in the browser: which questions are asked, decided before the engine has loaded.
//
// The build writes each question's `ask_when` as a small JSON tree (quiz/core/conditions.py, to_tree). This module
// evaluates those trees exactly as the engine's _Evaluator does, Python's rules included: a missing answer is
// null, ordering comparisons with null are false, `in` on null is false, truthiness of lists and strings,
// max/min over numbers only. It implements the ask_when grammar and nothing more (conditions.ASK_WHEN: names of
// earlier questions, constants, lists, and/or/not, comparisons, points() and count/len/max/min/any/all);
// `quiz check` refuses an ask_when outside it, and tests/test_conditions_js.py proves that this file and the
// engine agree on it. Scoring never runs here. No DOM: it runs in node too.

/**
 * A value a condition can hold: what an answer, a derived value or a constant can be.
 * @typedef {null | boolean | number | string | Value[]} Value
 */
/**
 * A condition tree: [kind, ...operands], for example ["cmp", ["name", "a"], ["!=", ["const", "x"]]] for a != 'x'.
 * @typedef {any[]} Tree
 */
/** @typedef {Record<string, string | string[]>} Answers  question id → value (a list for multiple choice) */
/** @typedef {Record<string, Value>} Env  name → value */
/** @typedef {(id: string) => number | null} Points  the points of the answer chosen for a question */
/**
 * A question as the conditions need it.
 * @typedef {object} Question
 * @property {string} id
 * @property {"single" | "multiple"} kind
 * @property {Tree | null} askWhen
 * @property {string | null} default  the answer an unanswered question counts as
 * @property {boolean} optional
 * @property {Record<string, number | null>} points  answer value → its points, or null
 */

/**
 * The answers that count, and which questions are asked (engine.asked, in JavaScript).
 *
 * @param {Question[]} questions  in the definition's order
 * @param {Answers} answers  missing means unanswered
 * @returns {{env: Env, asked: string[]}}
 */
export function asked(questions, answers) {
  /** @type {Env} */
  const env = {};
  /** @type {string[]} */
  const askedIds = [];
  const points = pointsIn(questions, env);
  for (const question of questions) {
    const multiple = question.kind === "multiple";
    if (question.askWhen && !truthy(evaluate(question.askWhen, env, points))) {
      env[question.id] = multiple ? [] : null;
      continue;
    }
    askedIds.push(question.id);
    /** @type {Value | undefined} */
    let answer = Object.prototype.hasOwnProperty.call(answers, question.id) ? answers[question.id] : null;
    if (answer === null || answer === undefined || (Array.isArray(answer) && answer.length === 0)) {
      answer = multiple ? [] : question.default ?? null;
    }
    env[question.id] = answer;
  }
  return { env, asked: askedIds };
}

/**
 * A question as the conditions need it, from its form markup: `data` is the <li>'s dataset (question, kind,
 * askWhen, default, optional), `inputs` its inputs as {value, points} with points the data-points text, if any.
 * @param {Record<string, string | undefined>} data
 * @param {Array<{value: string, points?: string}>} inputs
 * @returns {Question}
 */
export function questionFrom(data, inputs) {
  /** @type {Record<string, number | null>} */
  const points = {};
  for (const input of inputs) points[input.value] = input.points === undefined ? null : Number(input.points);
  return {
    id: data.question ?? "",
    kind: data.kind === "multiple" ? "multiple" : "single",
    askWhen: data.askWhen ? JSON.parse(data.askWhen) : null,
    default: data.default ?? null,
    optional: data.optional === "true",
    points,
  };
}

/**
 * points(q): the points of the answer chosen for q, or null (no answer, or an answer without points).
 * @param {Question[]} questions
 * @param {Env} env
 * @returns {Points}
 */
export function pointsIn(questions, env) {
  const byId = new Map(questions.map((question) => [question.id, question]));
  return (id) => {
    const question = byId.get(id);
    const value = env[id];
    if (!question || typeof value !== "string" || !Object.prototype.hasOwnProperty.call(question.points, value)) {
      return null;
    }
    return question.points[value] ?? null;
  };
}

/**
 * Evaluate one tree node against `env` (name → value); `points` is a function of a question id.
 * @param {Tree} node
 * @param {Env} env
 * @param {Points} points
 * @returns {Value}
 */
export function evaluate(node, env, points) {
  const [kind, ...rest] = node;
  switch (kind) {
    case "const":
      return rest[0];
    case "name":
      return Object.prototype.hasOwnProperty.call(env, rest[0]) ? env[rest[0]] ?? null : null;
    case "points":
      return points(rest[0]);
    case "list":
      return rest.map((item) => evaluate(item, env, points));
    case "and": {
      /** @type {Value} */
      let result = true;
      for (const item of rest) {
        result = evaluate(item, env, points);
        if (!truthy(result)) return result;
      }
      return result;
    }
    case "or": {
      /** @type {Value} */
      let result = false;
      for (const item of rest) {
        result = evaluate(item, env, points);
        if (truthy(result)) return result;
      }
      return result;
    }
    case "not":
      return !truthy(evaluate(rest[0], env, points));
    case "cmp": {
      let left = evaluate(rest[0], env, points);
      for (const [op, comparatorNode] of rest.slice(1)) {
        const right = evaluate(comparatorNode, env, points);
        if (!compare(op, left, right)) return false;
        left = right;
      }
      return true;
    }
    case "call":
      return call(rest[0], rest.slice(1).map((arg) => evaluate(arg, env, points)));
    default:
      throw new Error(`unknown condition node "${kind}"`);
  }
}

// ── Python's semantics, for the values an ask_when can hold: null, booleans, numbers, strings, lists ──

/**
 * Python's bool(x).
 * @param {Value | undefined} value
 */
export function truthy(value) {
  if (Array.isArray(value) || typeof value === "string") return value.length > 0;
  return Boolean(value); // null → false, 0 → false, NaN → false
}

/**
 * @param {Value} value
 * @returns {value is number | boolean}
 */
function isNumberLike(value) {
  return typeof value === "number" || typeof value === "boolean"; // bool is an int in Python
}

/**
 * @param {Value} value
 * @returns {value is number}
 */
function isNumber(value) {
  return typeof value === "number"; // numbers only, as the engine's max/min (which leave out booleans)
}

/**
 * Python's a == b.
 * @param {Value} a
 * @param {Value} b
 * @returns {boolean}
 */
function equal(a, b) {
  if (isNumberLike(a) && isNumberLike(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (a === null || b === null) return a === b;
  return typeof a === "string" && typeof b === "string" && a === b;
}

/**
 * Python's a < b: -1 / 0 / 1, or undefined where Python raises TypeError.
 * @param {Value} a
 * @param {Value} b
 * @returns {number | undefined}
 */
function order(a, b) {
  if (isNumberLike(a) && isNumberLike(b)) return Math.sign(Number(a) - Number(b));
  if (typeof a === "string" && typeof b === "string") return codePointOrder(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
      if (!equal(a[i], b[i])) return order(a[i], b[i]);
    }
    return Math.sign(a.length - b.length);
  }
  return undefined;
}

/**
 * @param {string} a
 * @param {string} b
 */
function codePointOrder(a, b) {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = (left[i].codePointAt(0) ?? 0) - (right[i].codePointAt(0) ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return Math.sign(left.length - right.length);
}

/**
 * One comparison of a chain; false where Python would raise TypeError (the engine turns that into false).
 * @param {string} op
 * @param {Value} left
 * @param {Value} right
 * @returns {boolean}
 */
function compare(op, left, right) {
  if (op === "==") return equal(left, right);
  if (op === "!=") return !equal(left, right);
  if (op === "in") return right !== null && contains(right, left) === true;
  if (op === "not in") return right === null || contains(right, left) === false;
  if (left === null || right === null) return false; // ordering with a missing answer
  const sign = order(left, right);
  if (sign === undefined) return false;
  /** @type {Record<string, boolean>} */
  const orderings = { "<": sign < 0, "<=": sign <= 0, ">": sign > 0, ">=": sign >= 0 };
  return orderings[op] ?? false;
}

/**
 * Python's `item in container`: true / false, or undefined where Python raises TypeError.
 * @param {Value} container
 * @param {Value} item
 * @returns {boolean | undefined}
 */
function contains(container, item) {
  if (Array.isArray(container)) return container.some((element) => equal(element, item));
  if (typeof container === "string") return typeof item === "string" ? container.includes(item) : undefined;
  return undefined;
}

/**
 * @param {Value} value
 * @returns {string}
 */
function typeTag(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return typeof value; // "boolean", "number", "string"
}

/** @type {Record<string, (...args: any[]) => Value>} */
const FUNCTIONS = {
  max: (/** @type {Value[]} */ items) => {
    const numbers = items.filter(isNumber);
    return numbers.length ? Math.max(...numbers) : 0;
  },
  min: (/** @type {Value[]} */ items) => {
    const numbers = items.filter(isNumber);
    return numbers.length ? Math.min(...numbers) : 0;
  },
  len: (/** @type {Value} */ x) => (Array.isArray(x) ? x.length : typeof x === "string" ? Array.from(x).length : 0),
  any: (/** @type {Value[]} */ items) => items.some(truthy),
  all: (/** @type {Value[]} */ items) => items.every(truthy),
  count: (/** @type {Value[]} */ items, /** @type {Value} */ value) => items.filter((x) => typeTag(x) === typeTag(value) && equal(x, value)).length,
};
const TAKES_ITEMS = new Set(["max", "min", "any", "all", "count"]);

/**
 * @param {string} name
 * @param {Value[]} args
 * @returns {Value}
 */
function call(name, args) {
  if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) throw new Error(`unknown function "${name}"`);
  if (TAKES_ITEMS.has(name) && !Array.isArray(args[0])) args[0] = args[0] === null ? [] : [args[0]];
  return FUNCTIONS[name](...args);
}
