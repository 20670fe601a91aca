// search-on-demand.js, the worker in front of Material's search worker, run in node with a stand-in for Material's
// worker that behaves as Material's does: it builds the index and answers "ready" only after a microtask (its
// handler awaits its languages first), and it searches a query as it comes: one before the index finds nothing.
// (tests/test_search.py runs the real one in Chromium.)

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../quiz/web/search-on-demand.js", import.meta.url), "utf-8");
const MATERIAL = "search.0a1b2c.min.js";
const [SETUP, READY, QUERY, RESULT] = [0, 1, 2, 3];

/** A worker's global scope with the script running in it; `imports` counts Material's worker being loaded, and
 * `errors` what a listener threw (a browser reports those to the worker's error event; dispatching goes on). */
function worker({ failImports = 0, material = MATERIAL } = {}) {
  /** @type {any[]} */
  const toPage = [];
  /** @type {{imports: number, failImports: number, errors: string[]}} */
  const state = { imports: 0, failImports, errors: [] };
  /** @type {((event: any) => void)[]} */
  const listeners = [];
  const scope = {
    addEventListener: (/** @type {string} */ type, /** @type {(event: any) => void} */ listener) =>
      type === "message" && listeners.push(listener),
    dispatchEvent(/** @type {any} */ event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          state.errors.push(String(error));
        }
      }
      return true;
    },
  };
  Object.assign(scope, {
    location: { href: `https://example.org/assets/javascripts/workers/search-on-demand.js?material=${material}` },
    postMessage: (/** @type {any} */ message) => toPage.push(structuredClone(message)), // as a worker sends it
    /** @param {string} url */
    importScripts(url) {
      assert.equal(url, MATERIAL, "Material's file, relative to this worker: its stemmers load from ../lunr/");
      if (state.failImports-- > 0) throw new Error("offline");
      state.imports += 1;
      /** @type {string[] | null} */
      let index = null;
      scope.addEventListener("message", async (/** @type {any} */ event) => {
        const message = event.data;
        if (message.type === SETUP) {
          await null; // Material's handler awaits its languages, then builds the index
          index = message.data.docs;
          context.postMessage({ type: READY });
        } else {
          const items = index ? index.filter((doc) => doc.includes(message.data)) : []; // searched at once
          await null;
          context.postMessage({ type: RESULT, data: { items, query: message.data } });
        }
      });
    },
  });
  const context = vm.createContext(Object.assign(scope, { self: scope, URL, MessageEvent }));
  vm.runInContext(SOURCE, context);
  const send = (/** @type {any} */ data) => scope.dispatchEvent(new MessageEvent("message", { data }));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { toPage, state, send, settle };
}

const SETUP_MESSAGE = { type: SETUP, data: { docs: ["aide at lunch", "bus aide", "letters"] } };

test("the setup is answered at once, and nothing of Material's is loaded until a query with a word in it", async () => {
  const { toPage, state, send, settle } = worker();
  send(SETUP_MESSAGE);
  send({ type: QUERY, data: "" });
  send({ type: QUERY, data: "   " });
  await settle();
  assert.deepEqual(toPage, [{ type: READY }, { type: RESULT, data: { items: [] } }, { type: RESULT, data: { items: [] } }]);
  assert.equal(state.imports, 0);
});

test("the first query loads Material's worker, which gets the index first and then the query; one ready in all", async () => {
  const { toPage, state, send, settle } = worker();
  send(SETUP_MESSAGE);
  send({ type: QUERY, data: "aide" });
  await settle();
  assert.equal(state.imports, 1);
  assert.deepEqual(toPage, [{ type: READY }, { type: RESULT, data: { items: ["aide at lunch", "bus aide"], query: "aide" } }]);
  send({ type: QUERY, data: "letters" }); // from now on Material's worker answers alone
  await settle();
  assert.equal(state.imports, 1);
  assert.deepEqual(toPage.slice(2), [{ type: RESULT, data: { items: ["letters"], query: "letters" } }]);
});

test("queries that came before the setup are kept, and answered in the order they came", async () => {
  const { toPage, send, settle } = worker();
  send({ type: QUERY, data: "bus" });
  send({ type: QUERY, data: "lunch" });
  send(SETUP_MESSAGE);
  await settle();
  assert.deepEqual(toPage.map((message) => message.data?.query ?? message.type), [READY, "bus", "lunch"]);
  assert.deepEqual(toPage[2].data.items, ["aide at lunch"]);
});

test("if Material's worker cannot be loaded (offline), the next query tries again and nothing is lost", async () => {
  const { toPage, state, send, settle } = worker({ failImports: 1 });
  send(SETUP_MESSAGE);
  send({ type: QUERY, data: "aide" });
  await settle();
  assert.deepEqual(state.errors, ["Error: offline"]);
  assert.equal(state.imports, 0);
  send({ type: QUERY, data: "letters" });
  await settle();
  assert.equal(state.imports, 1);
  assert.deepEqual(toPage.map((message) => message.data?.query ?? message.type), [READY, "aide", "letters"]);
});

test("it loads only a file named as Material names its search worker", async () => {
  const { toPage, state, send, settle } = worker({ material: "../../elsewhere.js" });
  send(SETUP_MESSAGE);
  send({ type: QUERY, data: "aide" });
  await settle();
  assert.equal(state.imports, 0);
  assert.match(state.errors.join(), /not Material's search worker: \.\.\/\.\.\/elsewhere\.js/);
  assert.deepEqual(toPage, [{ type: READY }]);
});
