// The questionnaire engine in a module Web Worker: Pyodide runs quiz/core/session.py off the page's main thread.
//
// Started with `new Worker(url, {type: "module"})`; talks by postMessage only (no SharedArrayBuffer, so the
// site needs no COOP/COEP headers, which GitHub Pages cannot send). Everything it loads comes from the
// site's own origin: Pyodide's boot files, the engine zip and the definition, whose URLs the page sends.
//
// page → worker                                         worker → page
//   {type: "init", runtime, engine, definition}            {type: "status", stage: "runtime" | "engine" | "definition"}
//                                                          {type: "ready", ms} or {type: "failed", error}
//   {type: "score", id, answers: {question: value}}        {type: "result", id, result} or {type: "error", id, error}
//   {type: "parse", id, text}                              {type: "parsed", id, answers} or {type: "error", id, error}
//   {type: "docx", id, text}                               {type: "docx", id, bytes: ArrayBuffer (transferred)}
//                                                            or {type: "error", id, error}
//
// Calls that arrive before "ready" wait in a queue. A module worker has its own scope: the names below are
// module-scoped, so nothing leaks onto `self`. On a return visit Python starts from the copy of its memory
// kept on this device (engine-snapshot.js); the first start makes that copy, before any answer arrives.

import { canKeep, dropSnapshot, keepSnapshot, keptSnapshot } from "./engine-snapshot.js";

const ENGINE_DIR = "/home/pyodide/engine"; // the zip is unpacked here, away from the working directory

// The Python side is quiz/core/session.py, the same session API the CLI, the tests and the benchmark use:
// the definition is loaded (and checked) once, then score and parse reuse it. Only JSON strings cross
// between JavaScript and Python; the only proxies kept are the session's score, parse and docx methods.
/**
 * A request from the page: "init" once, then "score", "parse" or "docx" with an id the reply carries back.
 * @typedef {{type: string, id?: string | number, runtime?: string, engine?: string, definition?: string,
 *   answers?: Record<string, unknown>, text?: string}} EngineRequest
 */
/**
 * The session's methods, as Pyodide proxies: JSON text in and out; docx gives a proxy of Python bytes.
 * @typedef {{score: (json: string) => string, parse: (text: string) => string,
 *   docx: (text: string) => {toJs: () => Uint8Array, destroy: () => void}}} EngineCalls
 */

/** @type {EngineCalls | null} the engine's calls, once ready */
let engineCalls = null;
/** @type {string | null} why the engine could not start, once that is known */
let startError = null;
let started = false;
/** @type {EngineRequest[]} score, parse and docx calls that arrived before the engine was ready */
const waiting = [];

self.addEventListener("message", (/** @type {MessageEvent<EngineRequest>} */ event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (!started) {
      started = true; // one worker, one engine: a second init is ignored rather than booting twice
      start(message);
    }
  } else if (engineCalls || startError) {
    answer(message);
  } else {
    waiting.push(message);
  }
});

/** @param {EngineRequest} init */
async function start(init) {
  const began = performance.now();
  // Marks for benchmarks/run.py, which reads them from the worker: where the start-up's time goes, part by part.
  performance.mark("engine:start");
  try {
    // The page sends absolute URLs; resolving against the worker's own URL also accepts relative ones.
    const runtime = new URL(String(init.runtime).replace(/\/?$/, "/"), self.location.href).href;
    const engine = new URL(String(init.engine), runtime).href;
    const definition = new URL(String(init.definition), self.location.href);
    // The downloads (and the kept copy's lookup) run in parallel; the steps that use them run in order.
    const engineZip = fetchOk(engine).then((response) => response.arrayBuffer());
    const definitionText = fetchOk(definition).then((response) => response.text());
    engineZip.catch(() => {}); // awaited below; this only stops an early failure being reported as unhandled
    definitionText.catch(() => {});
    const kept = keptSnapshot(runtime, engine);

    const { loadPyodide } = await import(`${runtime}pyodide/pyodide.mjs`);
    performance.mark("engine:runtime");
    await wasmAllowed();
    const copy = await kept;
    let pyodide = null;
    if (copy) {
      try {
        // Python as it was once started, read while the WebAssembly loads (engine-snapshot.js)
        pyodide = await startPython(loadPyodide, runtime, { _loadSnapshot: copy.arrayBuffer() });
        performance.mark("engine:from-snapshot"); // for the tests and the benchmark: this start skipped Python's
      } catch (error) {
        console.warn(`the engine's kept copy could not be restored (${messageOf(error)}): starting Python`);
        await dropSnapshot(runtime);
      }
    }
    const restored = pyodide !== null;
    const making = !restored && canKeep();
    if (!pyodide) pyodide = await startPython(loadPyodide, runtime, making ? { _makeSnapshot: true } : {});
    performance.mark("engine:python");
    post({ type: "status", stage: "runtime" });

    // unpackArchive wants the bytes as a Uint8Array, and an extractDir: without one the files land in the
    // working directory, which is not where sys.path looks. A restored Python has the path, not the files.
    pyodide.unpackArchive(new Uint8Array(await engineZip), "zip", { extractDir: ENGINE_DIR });
    performance.mark("engine:unpacked");
    /** @type {Uint8Array<ArrayBuffer> | null} */
    let snapshot = null;
    if (!restored) {
      const sys = pyodide.pyimport("sys");
      sys.path.append(ENGINE_DIR); // after the stdlib zip, which holds the engine compiled (build.py): nothing to compile here
      sys.destroy();
      pyodide.pyimport("quiz.core.session").destroy();
      // Before the definition and any answer: the copy holds only Python and the engine (engine-snapshot.js).
      if (making) snapshot = pyodide.makeMemorySnapshot();
    }
    const sessions = pyodide.pyimport("quiz.core.session");
    performance.mark("engine:imported");
    post({ type: "status", stage: "engine" });

    const session = sessions.open_json(await definitionText, false); // checks the definition; warmed below
    sessions.destroy();
    performance.mark("engine:definition");
    engineCalls = { score: session.score_json, parse: session.parse_json, docx: session.docx };
    post({ type: "status", stage: "definition" });
    post({ type: "ready", ms: Math.round(performance.now() - began) });
    // Every path once (a score, a refused file, a document), so the parent's first result does not pay for
    // compiling and importing them; after "ready", since no parent asks for a result that soon, and before any
    // request is answered: one that arrives meanwhile waits below, in the queue, for a few tens of ms at most.
    session.warm();
    performance.mark("engine:warm");
    if (snapshot) {
      // Written while the requests are answered: Cache Storage writes off this thread.
      keepSnapshot(runtime, engine, snapshot).then((done) => done && performance.mark("engine:kept"));
      snapshot = null;
    }
  } catch (error) {
    startError = messageOf(error);
    post({ type: "failed", error: startError });
  }
  waiting.splice(0).forEach(answer);
}

/** @param {EngineRequest} message */
function answer(message) {
  const { type, id } = message;
  if (type !== "score" && type !== "parse" && type !== "docx") {
    post({ type: "error", id, error: `unknown request type "${type}"` });
    return;
  }
  if (startError || !engineCalls) {
    post({ type: "error", id, error: `the questionnaire engine did not start: ${startError}` });
    return;
  }
  try {
    if (type === "docx") {
      const proxy = engineCalls.docx(String(message.text ?? ""));
      const bytes = proxy.toJs().buffer; // a fresh copy of the Python bytes, handed over without another copy
      proxy.destroy();
      self.postMessage({ type: "docx", id, bytes }, [bytes]);
      return;
    }
    const reply =
      type === "score"
        ? JSON.parse(engineCalls.score(JSON.stringify(message.answers ?? {})))
        : JSON.parse(engineCalls.parse(String(message.text ?? "")));
    if (!reply.ok) post({ type: "error", id, error: reply.error });
    else if (type === "score") post({ type: "result", id, result: reply.value });
    else post({ type: "parsed", id, answers: reply.value });
  } catch (error) {
    // Not an answers problem but a fault (a bug in the engine, say): report it, and keep serving.
    post({ type: "error", id, error: messageOf(error) });
  }
}

// WebAssembly may be forbidden (a Content-Security-Policy without 'wasm-unsafe-eval' on this script, a locked-down
// browser): compiling the smallest module tells, with a clear message, before Pyodide downloads its 9 MB.
async function wasmAllowed() {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw new Error(`this browser does not allow WebAssembly here (${messageOf(error)})`);
  }
}

/**
 * Pyodide from our own copy of it, with `options` (a kept copy to start from, or to make one).
 * @param {(options: Record<string, unknown>) => Promise<any>} loadPyodide
 * @param {string} runtime
 * @param {Record<string, unknown>} options
 */
async function startPython(loadPyodide, runtime, options) {
  const failure = wasmFailure();
  try {
    return await Promise.race([
      // indexURL points at our own copy. The lock file there lists no packages (see build.py), and nothing is
      // ever passed to loadPackage, so Pyodide has no reason and no way to reach a CDN.
      loadPyodide({ indexURL: `${runtime}pyodide/`, stdout: console.log, stderr: console.warn,
        fsInit: () => { performance.mark("engine:wasm"); }, ...options }), // once the WebAssembly is instantiated
      failure.failed,
    ]);
  } finally {
    failure.stop();
  }
}

// Pyodide 0.29.5 catches a failed download or compile of pyodide.asm.wasm, logs "wasm instantiation failed!"
// with console.warn and never settles loadPyodide. That warning is turned into a rejection here, so the page
// can say what happened and offer "Try again" instead of waiting for ever.
function wasmFailure() {
  const warn = console.warn;
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    let seen = false;
    console.warn = (...args) => {
      warn.apply(console, args);
      if (args[0] === "wasm instantiation failed!") seen = true;
      else if (seen) reject(new Error(`Pyodide's WebAssembly could not load (${messageOf(args[0])})`));
    };
  });
  return { failed, stop: () => { console.warn = warn; } };
}

/** @param {URL | string} url */
async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url} (HTTP ${response.status})`);
  return response;
}

/** @param {unknown} error */
function messageOf(error) {
  // A PythonError's message is the whole traceback; its last line names the problem.
  const text = String((error instanceof Error && error.message) || error).trim();
  return text.split("\n").pop() || "unknown error";
}

/** @param {Record<string, unknown>} message */
function post(message) {
  self.postMessage(message);
}
