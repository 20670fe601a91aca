// Scores answer sets with the engine inside real Pyodide (node), for tests/test_parity.py.
//
//   node tests/pyodide_parity.mjs PYODIDE_DIR ENGINE_ZIP < cases.json > results.json
//
// cases.json:   [{"definition": "<definition JSON text>", "answers_files": ["<answers file text>", ...]}, ...]
// results.json: {"boot_ms": n, "uncaught": "<last line of a PythonError>",
//                "results": [[{"result": {...}} or {"error": "..."}, ...] or [{"definition_error": "..."}], ...]}
//
// PYODIDE_DIR is a local folder of Pyodide's boot files (build.py's runtime), ENGINE_ZIP the engine zip the
// browser loads: the test checks what ships, with no network. Python's own output goes to stderr so stdout
// carries only the results.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, engineZip] = process.argv.slice(2);
if (!pyodideDir || !engineZip) {
  console.error("usage: node tests/pyodide_parity.mjs PYODIDE_DIR ENGINE_ZIP < cases.json");
  process.exit(2);
}
const indexURL = resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const cases = JSON.parse(readFileSync(0, "utf8"));

const started = performance.now();
const pyodide = await loadPyodide({ indexURL, stdout: (line) => console.error(line), stderr: (line) => console.error(line) });
const bootMs = performance.now() - started;

// Same steps as quiz/web/worker.js: unpack the zip (a Uint8Array, not a Buffer) into its own folder on sys.path.
pyodide.unpackArchive(new Uint8Array(readFileSync(engineZip)), "zip", { extractDir: "/home/pyodide/engine" });
const scope = pyodide.globals.get("dict")();
pyodide.runPython(
  `
import json, sys
sys.path.insert(0, "/home/pyodide/engine")
from quiz.core import engine

def score_all(definition_json, answers_files_json):
    """Load the definition once, then parse and score each answers file like the worker does."""
    try:
        questionnaire = engine.load(json.loads(definition_json))
    except engine.DefinitionError as error:
        return json.dumps([{"definition_error": str(error)}])
    out = []
    for text in json.loads(answers_files_json):
        try:
            out.append({"result": engine.score(questionnaire, engine.parse_answers_file(text, questionnaire))})
        except engine.AnswersError as error:
            out.append({"error": str(error)})
    return json.dumps(out)
`,
  { globals: scope },
);
const scoreAll = scope.get("score_all");
const results = cases.map(({ definition, answers_files }) =>
  JSON.parse(scoreAll(definition, JSON.stringify(answers_files))),
);
// An exception that escapes Python reaches JavaScript as a PythonError whose message is the traceback: the
// worker reports its last line. Formatting it imports modules, which the cut-down stdlib must hold.
let uncaught = "";
try {
  pyodide.runPython("raise ValueError('probe')");
} catch (error) {
  uncaught = String(error.message).trim().split("\n").pop();
}
process.stdout.write(JSON.stringify({ boot_ms: Math.round(bootMs), results, uncaught }));
