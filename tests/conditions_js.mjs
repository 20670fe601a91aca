// Evaluates questionnaire conditions with the page's quiz/web/conditions.js, for tests/test_conditions_js.py.
//
//   node tests/conditions_js.mjs < cases.json > results.json
//
// cases.json: {"questions": [{"data": {<li dataset>}, "inputs": [{"value", "points"}]}],
//              "answer_sets": [{question: value}], "program": {"values": [[name, tree]], "rules": [[id, tree]],
//              "bands": [[id, tree]], "notes": [[id, tree]], "focus": tree | null},
//              "synthetic": {"trees": [tree], "cases": [{"env": {}, "points": {}}]}}
// results.json: {"answer_sets": [{"asked", "env", "rules", "band", "notes", "focus"}], "synthetic": [[value]]}
import { readFileSync } from "node:fs";

import { asked, evaluate, pointsIn, questionFrom, truthy } from "../quiz/web/conditions.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const questions = input.questions.map(({ data, inputs }) => questionFrom(data, inputs));
const { program } = input;

const answerSets = input.answer_sets.map((answers) => {
  const { env, asked: askedIds } = asked(questions, answers);
  const points = pointsIn(questions, env);
  for (const [name, tree] of program.values) env[name] = evaluate(tree, env, points);
  const rules = [];
  for (const [id, tree] of program.rules) {
    env[id] = truthy(evaluate(tree, env, points));
    if (env[id]) rules.push(id);
  }
  const band = program.bands.find(([, tree]) => truthy(evaluate(tree, env, points)))[0];
  env.band = band;
  const notes = program.notes.filter(([, tree]) => truthy(evaluate(tree, env, points))).map(([id]) => id);
  const focus = program.focus ? evaluate(program.focus, env, points) : [];
  return { asked: askedIds, env, rules, band, notes, focus };
});

const synthetic = input.synthetic.trees.map((tree) =>
  input.synthetic.cases.map(({ env, points }) => evaluate(tree, env, (id) => points[id] ?? null)),
);

process.stdout.write(JSON.stringify({ answer_sets: answerSets, synthetic }));
