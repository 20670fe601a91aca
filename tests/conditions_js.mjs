// Evaluates ask_when conditions with the page's quiz/web/conditions.js, for tests/test_conditions_js.py.
//
//   node tests/conditions_js.mjs < cases.json > results.json
//
// cases.json: {"questionnaires": [{"questions": [{"data": {<li dataset>}, "inputs": [{"value", "points"}]}],
//                                  "answer_sets": [{question: value}]}],
//              "synthetic": {"trees": [tree], "cases": [{"env": {}, "points": {}}]}}
// results.json: {"questionnaires": [[{"asked", "env"}]], "synthetic": [[value or {"error": message}]]}
import { readFileSync } from "node:fs";

import { asked, evaluate, questionFrom } from "../quiz/web/conditions.js";

const input = JSON.parse(readFileSync(0, "utf8"));

const questionnaires = input.questionnaires.map((questionnaire) => {
  const questions = questionnaire.questions.map(({ data, inputs }) => questionFrom(data, inputs));
  return questionnaire.answer_sets.map((answers) => asked(questions, answers));
});

/** @param {() => unknown} work */
const attempt = (work) => {
  try {
    return work();
  } catch (error) {
    return { error: String(error instanceof Error ? error.message : error) };
  }
};

const synthetic = input.synthetic.trees.map((tree) =>
  input.synthetic.cases.map(({ env, points }) => attempt(() => evaluate(tree, env, (id) => points[id] ?? null))),
);

process.stdout.write(JSON.stringify({ questionnaires, synthetic }));
