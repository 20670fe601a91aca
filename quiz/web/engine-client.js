// The page's side of the engine worker (worker.js): start it, follow its progress, ask it to score.
//
// One EngineClient per questionnaire on the page (sharedEngine: quiz.js may start it from the head, before the
// questionnaire is enhanced, which then listens to it). `start()` boots Pyodide in a module worker; calls made
// before the worker is ready are queued by the worker itself. `restart()` (the Retry button) throws the old
// worker away and starts a new one; calls still waiting on the old one are rejected, so the page can ask again.
//
// The worker can never keep the page waiting for ever. The engine's work is bounded by construction (limits in
// quiz/core/engine.py and conditions.py), but a definition edited by hand after the build, a site built by an
// older version or a fault could still keep the worker busy: so once the engine is loaded, each stage has a
// time budget (TIME_BUDGET_MS), and past it the worker is terminated and the page gets "failed", with the
// answers kept and "Try again" offered. Pyodide's own download has no budget here: on a slow network it takes
// tens of seconds, it runs off the page's thread, and a failed download is reported by the worker itself.

import { dataAttribute } from "./dom.js";

/** How long the page waits, in milliseconds, before it gives up on the worker and terminates it. */
export const TIME_BUDGET_MS = Object.freeze({
  definition: 20_000, // from "engine" (Pyodide and the engine loaded) to "ready": reading and checking the definition
  call: 20_000, // one score, parse or docx call, counted from when the engine is ready (a warm score takes < 100 ms)
});

/** @typedef {{resolve: (value: any) => void, reject: (error: Error) => void, timer: number}} Call */
/** @typedef {{worker: URL, runtime: URL, engine: string, definition: URL}} EngineUrls  absolute URLs */
/** @typedef {{type: string, stage?: string, error?: string, ms?: number}} EngineEvent */
/** @typedef {(event: EngineEvent) => void} EngineListener */

/**
 * The engine's URLs from an element's data attributes: a questionnaire's root (quiz/site/form.py), the letters
 * page's kit (letters.py), or the head's <meta name="quiz-engine"> (plugin.py).
 * @param {HTMLElement} element
 * @returns {EngineUrls}
 * @throws {import("./dom.js").ConfigError} when an attribute is missing
 */
export function engineUrls(element) {
  const base = document.baseURI;
  return {
    worker: new URL(dataAttribute(element, "worker"), base),
    runtime: new URL(dataAttribute(element, "runtime"), base),
    engine: dataAttribute(element, "engine"),
    definition: new URL(dataAttribute(element, "definition"), base),
  };
}

/** Whether the parent asked their browser to save data (then the engine starts at the first Continue). */
export function savingData() {
  const connection = /** @type {{connection?: {saveData?: boolean}}} */ (navigator).connection;
  return Boolean(connection && connection.saveData);
}

/** @type {Map<string, EngineClient>} the page's engines, one per worker and definition */
const engines = new Map();

/**
 * The page's one engine for these URLs: quiz.js starts it from the head, before the page is parsed; the
 * questionnaire takes the same one up, so the engine never boots twice.
 * @param {EngineUrls} urls
 * @returns {EngineClient}
 */
export function sharedEngine(urls) {
  const key = `${urls.worker.href} ${urls.definition.href}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = new EngineClient(urls);
    engines.set(key, engine);
  }
  return engine;
}

export class EngineClient {
  /**
   * @param {EngineUrls} urls
   * @param {EngineListener} [onEvent]  told "loading", each "status", then "ready" or "failed"
   */
  constructor(urls, onEvent) {
    this.urls = urls;
    /** @type {EngineListener[]} */
    this.listeners = onEvent ? [onEvent] : [];
    this.worker = null;
    this.state = "idle"; // idle → loading → ready | failed
    /** @type {Map<number, Call>} request id → its promise's ends and its time budget */
    this.pending = new Map();
    this.nextId = 1;
    this.budget = 0; // the definition stage's timer, while it runs
    this.failure = ""; // why the engine failed, once it has
  }

  /**
   * Tell `listener` what happens from now on, starting with where the engine already is: an engine started
   * early (quiz.js) may be loading, ready or failed by the time the questionnaire listens.
   * @param {EngineListener} listener
   */
  listen(listener) {
    this.listeners.push(listener);
    if (this.state === "loading") listener({ type: "loading" });
    else if (this.state === "ready") listener({ type: "ready" });
    else if (this.state === "failed") listener({ type: "failed", error: this.failure });
  }

  /** @param {EngineEvent} event */
  emit(event) {
    for (const listener of this.listeners) listener(event);
  }

  /** Boot the engine, unless it is already loading or ready. */
  start() {
    if (this.worker) return;
    this.state = "loading";
    const worker = new Worker(this.urls.worker, { type: "module" });
    worker.addEventListener("message", (event) => this.receive(worker, event.data || {}));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(worker, event.message || "the engine script could not start");
    });
    worker.postMessage({
      type: "init",
      runtime: this.urls.runtime.href,
      engine: this.urls.engine,
      definition: this.urls.definition.href,
    });
    this.worker = worker;
    this.emit({ type: "loading" });
  }

  /** Throw the worker away and start again (after "failed"). */
  restart() {
    this.stop();
    this.start();
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = "idle";
    clearTimeout(this.budget);
    this.rejectAll("the engine was stopped");
  }

  /**
   * Score the answers (question id → value); resolves with the result, rejects with a message.
   * @param {Record<string, string | string[]>} answers
   * @returns {Promise<any>}
   */
  score(answers) {
    this.start();
    return this.request({ type: "score", answers });
  }

  /**
   * Check the text of an answers file through the engine; resolves with its answers, rejects naming the fault.
   * @param {string} text
   * @returns {Promise<Record<string, string | string[]>>}
   */
  parse(text) {
    this.start();
    return this.request({ type: "parse", text });
  }

  /**
   * The letter as a Word document; resolves with an ArrayBuffer.
   * @param {string} text
   * @returns {Promise<ArrayBuffer>}
   */
  docx(text) {
    this.start();
    return this.request({ type: "docx", text });
  }

  /**
   * @param {{type: string, answers?: object, text?: string}} message
   * @returns {Promise<any>}
   */
  request(message) {
    if (this.state === "failed") return Promise.reject(new Error(this.failure)); // its worker may be terminated
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      /** @type {Call} */
      const call = { resolve, reject, timer: 0 };
      this.pending.set(id, call);
      if (this.state === "ready") this.startBudget(call);
      /** @type {Worker} */ (this.worker).postMessage({ ...message, id }); // start() made it
    });
  }

  /**
   * A call's budget runs from when the engine is ready: waiting for Pyodide to download is not its time.
   * @param {Call} call
   */
  startBudget(call) {
    const worker = /** @type {Worker} */ (this.worker);
    call.timer = setTimeout(() => this.giveUp(worker, "answer", TIME_BUDGET_MS.call), TIME_BUDGET_MS.call);
  }

  /**
   * The worker is still busy past its budget: terminate it, so that nothing it does can reach the page.
   * @param {Worker} worker
   * @param {string} what  what it did not do in time
   * @param {number} ms
   */
  giveUp(worker, what, ms) {
    if (worker !== this.worker) return;
    worker.terminate();
    this.fail(worker, `the questionnaire engine did not ${what} within ${ms / 1000} seconds`);
  }

  /**
   * @param {Worker} worker
   * @param {any} message  from the worker
   */
  receive(worker, message) {
    if (worker !== this.worker) return; // a message from a worker already thrown away
    if (message.type === "status" && message.stage === "engine") {
      clearTimeout(this.budget);
      const ms = TIME_BUDGET_MS.definition;
      this.budget = setTimeout(() => this.giveUp(worker, "get ready", ms), ms);
    }
    if (message.type === "ready") {
      clearTimeout(this.budget);
      this.state = "ready";
      for (const call of this.pending.values()) this.startBudget(call);
      performance.mark("quiz:engine-ready"); // for benchmarks/run.py: Pyodide, engine and definition loaded
      this.emit(message);
    } else if (message.type === "failed") {
      this.fail(worker, message.error);
    } else if (message.type === "status") {
      this.emit(message);
    } else if (this.pending.has(message.id)) {
      const { resolve, reject, timer } = /** @type {Call} */ (this.pending.get(message.id));
      clearTimeout(timer);
      this.pending.delete(message.id);
      if (message.type === "error") reject(new Error(message.error));
      else if (message.type === "result") resolve(message.result);
      else if (message.type === "docx") resolve(message.bytes);
      else resolve(message.answers);
    }
  }

  /**
   * @param {Worker} worker
   * @param {string | undefined} error
   */
  fail(worker, error) {
    if (worker !== this.worker || this.state === "failed") return;
    this.state = "failed";
    this.failure = String(error || "unknown error");
    clearTimeout(this.budget);
    this.rejectAll(error);
    this.emit({ type: "failed", error: String(error || "unknown error") });
  }

  /** @param {string | undefined} error */
  rejectAll(error) {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error(error));
    }
    this.pending.clear();
  }
}
