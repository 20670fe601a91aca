// The page's side of the engine worker (worker.js): start it, follow its progress, ask it to score.
//
// One EngineClient per questionnaire on the page. `start()` boots Pyodide in a module worker; calls made
// before the worker is ready are queued by the worker itself. `restart()` (the Retry button) throws the old
// worker away and starts a new one; calls still waiting on the old one are rejected, so the page can ask again.

export class EngineClient {
  /**
   * @param {{worker: URL, runtime: URL, engine: string, definition: URL}} urls  absolute URLs
   * @param {(event: {type: string, stage?: string, error?: string, ms?: number}) => void} onEvent
   */
  constructor(urls, onEvent) {
    this.urls = urls;
    this.onEvent = onEvent;
    this.worker = null;
    this.state = "idle"; // idle → loading → ready | failed
    this.pending = new Map(); // request id → {resolve, reject}
    this.nextId = 1;
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
    this.onEvent({ type: "loading" });
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
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      /** @type {Worker} */ (this.worker).postMessage({ ...message, id }); // start() made it
    });
  }

  /**
   * @param {Worker} worker
   * @param {any} message  from the worker
   */
  receive(worker, message) {
    if (worker !== this.worker) return; // a message from a worker already thrown away
    if (message.type === "ready") {
      this.state = "ready";
      performance.mark("quiz:engine-ready"); // for benchmarks/run.py: Pyodide, engine and definition loaded
      this.onEvent(message);
    } else if (message.type === "failed") {
      this.fail(worker, message.error);
    } else if (message.type === "status") {
      this.onEvent(message);
    } else if (this.pending.has(message.id)) {
      const { resolve, reject } = this.pending.get(message.id);
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
    this.rejectAll(error);
    this.onEvent({ type: "failed", error: String(error || "unknown error") });
  }

  /** @param {string | undefined} error */
  rejectAll(error) {
    for (const { reject } of this.pending.values()) reject(new Error(error));
    this.pending.clear();
  }
}
