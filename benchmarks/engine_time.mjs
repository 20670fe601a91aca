// Times the engine inside real Pyodide (node), for benchmarks/scale.py.
//
//   node benchmarks/engine_time.mjs PYODIDE_DIR ENGINE_ZIP REPEATS < cases.json > times.json
//
// cases.json: [{"name": "...", "definition": "<definition JSON>", "answers": "<answers file JSON>"}, ...]
// times.json: {"boot_ms": n, "cases": [{"name", "load_ms", "score_ms" (median of REPEATS)}, ...]}
// Same steps as quiz/web/worker.js: unpack the engine zip into its own folder on sys.path, then the session API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, engineZip, repeats = "20"] = process.argv.slice(2);
const indexURL = resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const cases = JSON.parse(readFileSync(0, "utf8"));
const began = performance.now();
const pyodide = await loadPyodide({ indexURL, stdout: (l) => console.error(l), stderr: (l) => console.error(l) });
const bootMs = performance.now() - began;
pyodide.unpackArchive(new Uint8Array(readFileSync(engineZip)), "zip", { extractDir: "/home/pyodide/engine" });
// The session API, as the worker uses it (quiz/core/session.py): no Python written here.
const sys = pyodide.pyimport("sys");
sys.path.insert(0, "/home/pyodide/engine");
const sessions = pyodide.pyimport("quiz.core.session");
let opened = null;
const load = (text) => { opened = sessions.Session.from_json(text); };
const score = (text) => opened.score_json(JSON.stringify(JSON.parse(text).answers));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = [];
for (const { name, definition, answers } of cases) {
  let t = performance.now();
  load(definition);
  const loadMs = performance.now() - t;
  const times = [];
  for (let i = 0; i < Number(repeats); i++) {
    t = performance.now();
    score(answers);
    times.push(performance.now() - t);
  }
  out.push({ name, load_ms: loadMs, score_ms: median(times) });
}
process.stdout.write(JSON.stringify({ boot_ms: bootMs, cases: out }));
