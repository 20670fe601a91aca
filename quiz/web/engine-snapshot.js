// The engine as it stands once started, kept on this device so that a return visit skips Python's start.
//
// Pyodide can copy its whole memory once Python has started (a memory snapshot: about 21 MB) and start a later
// instance from that copy instead of starting Python again. The worker (worker.js) makes the copy once the
// engine's modules are imported and before the definition is loaded, so no answer, no letter and no definition
// has reached Python yet: the copy holds none (tests/test_engine_snapshot.py reads it back to check). Measured
// in Chromium on these machines: Python's start and the engine's imports went from 290 to 490 ms to 24 to
// 44 ms, and reading the copy back from Cache Storage takes 45 to 90 ms, while the WebAssembly loads.
//
// Kept in Cache Storage, on this device only, one copy per runtime folder, under the engine zip's URL, whose
// name hashes the engine and the standard library compiled with it (build.py), so a new engine never starts
// from an old copy; Pyodide itself refuses a copy made by another build of Pyodide. A copy that cannot be
// read or restored is deleted and the engine starts as before. Where Cache Storage is missing (a page not
// served over HTTPS, some private windows) nothing is kept and every visit starts Python.
//
// Pyodide's options for this, `_makeSnapshot` and `_loadSnapshot`, are underscored: experimental in 0.29.5,
// pinned with it (build.py checks the version). A new Pyodide must pass tests/test_engine_snapshot.py.

const PREFIX = "para-guide engine "; // not the service worker's "para-guide <scope> ": it never deletes these

/** @param {string} runtime  the runtime folder's URL: two sites on one origin keep their copies apart */
const cacheName = (runtime) => PREFIX + runtime;

/** Whether this worker can keep a copy at all. */
export const canKeep = () => typeof caches !== "undefined";

/**
 * The copy kept for this engine, as a Response whose body is not read yet (Pyodide reads it while its
 * WebAssembly loads), or null: none kept, one for another engine, or no Cache Storage here.
 * @param {string} runtime
 * @param {string} engine  the engine zip's URL
 * @returns {Promise<Response | null>}
 */
export async function keptSnapshot(runtime, engine) {
  if (!canKeep()) return null;
  try {
    return (await caches.match(engine, { cacheName: cacheName(runtime) })) || null;
  } catch {
    return null; // a browser that refuses storage here: start as on a first visit
  }
}

/**
 * Keep `bytes` as this runtime's one copy, in place of any older engine's.
 * @param {string} runtime
 * @param {string} engine
 * @param {Uint8Array<ArrayBuffer>} bytes  makeMemorySnapshot's copy
 */
export async function keepSnapshot(runtime, engine, bytes) {
  try {
    const cache = await caches.open(cacheName(runtime));
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(engine, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    return true;
  } catch {
    return false; // no room, or storage refused: the next visit starts Python, as this one did
  }
}

/** Forget this runtime's copy (it could not be restored). @param {string} runtime */
export async function dropSnapshot(runtime) {
  try {
    await caches.delete(cacheName(runtime));
  } catch {
    // nothing kept, or storage refused: nothing to forget
  }
}
