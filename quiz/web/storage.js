// Where a parent's answers are kept on their device, and nowhere else.
//
// - sessionStorage always: answers survive a reload in the same tab and are gone when the tab closes.
// - localStorage only after the parent ticks "Remember on this device"; unticking removes that copy.
// Both hold the answers file of contract 2 ({questionnaire, version, answers}) under the same key; this tab also
// keeps which step is on screen. Names typed for the letter are never stored. Every call survives storage being
// full or switched off. The storages are read from globalThis (window on the page), so node's tests can put in
// their own.

/**
 * The answers file of contract 2.
 * @typedef {{questionnaire: string, version: number, answers: import("./conditions.js").Answers}} AnswersFile
 */

/** @param {string} id  the questionnaire id */
export function answersKey(id) {
  return `quiz:${id}`;
}

/** @param {string} id  the questionnaire id */
function stepKey(id) {
  return `${answersKey(id)}:step`;
}

/**
 * Keep the answers file in this tab, and on the device too when `remember` is on.
 * @param {string} id
 * @param {AnswersFile} file
 * @param {boolean} remember
 */
export function keepAnswers(id, file, remember) {
  const text = JSON.stringify(file);
  write(storage("sessionStorage"), answersKey(id), text);
  if (remember) write(storage("localStorage"), answersKey(id), text);
}

/**
 * The kept answers file: this tab's first, else the device's if the parent chose to remember; or null.
 * @param {string} id
 * @returns {AnswersFile | null}
 */
export function keptAnswers(id) {
  return parse(read(storage("sessionStorage"), answersKey(id)), id) || parse(read(storage("localStorage"), answersKey(id)), id);
}

/**
 * Whether the parent chose "Remember on this device" (a copy is on the device).
 * @param {string} id
 */
export function remembered(id) {
  return read(storage("localStorage"), answersKey(id)) !== null;
}

/**
 * Stop remembering: remove the device's copy only.
 * @param {string} id
 */
export function forgetOnDevice(id) {
  remove(storage("localStorage"), answersKey(id));
}

/**
 * Keep which step is on screen, in this tab only (a name such as "check", or "question:<id>").
 * @param {string} id
 * @param {string} step
 */
export function keepStep(id, step) {
  write(storage("sessionStorage"), stepKey(id), step);
}

/**
 * The step this tab kept, or null.
 * @param {string} id
 * @returns {string | null}
 */
export function keptStep(id) {
  return read(storage("sessionStorage"), stepKey(id));
}

/**
 * Remove every kept copy of the answers and the step, from both storages.
 * @param {string} id
 */
export function clearAll(id) {
  for (const where of [storage("sessionStorage"), storage("localStorage")]) {
    remove(where, answersKey(id));
    remove(where, stepKey(id));
  }
}

/**
 * @param {string | null} text
 * @param {string} id
 * @returns {AnswersFile | null}
 */
function parse(text, id) {
  if (!text) return null;
  try {
    const file = JSON.parse(text);
    if (file && file.questionnaire === id && file.answers && typeof file.answers === "object") return file;
  } catch {
    // a damaged copy is ignored, as if nothing was kept
  }
  return null;
}

/**
 * sessionStorage or localStorage; null where there is none, or even reading the property throws (storage blocked).
 * @param {"sessionStorage" | "localStorage"} name
 * @returns {Storage | null}
 */
function storage(name) {
  try {
    return globalThis[name] || null;
  } catch {
    return null;
  }
}

/**
 * @param {Storage | null} where
 * @param {string} key
 * @returns {string | null}
 */
function read(where, key) {
  try {
    return where ? where.getItem(key) : null;
  } catch {
    return null;
  }
}

/**
 * @param {Storage | null} where
 * @param {string} key
 * @param {string} value
 */
function write(where, key, value) {
  try {
    if (where) where.setItem(key, value);
  } catch {
    // storage full or switched off: the answers stay on screen
  }
}

/**
 * @param {Storage | null} where
 * @param {string} key
 */
function remove(where, key) {
  try {
    if (where) where.removeItem(key);
  } catch {
    // nothing could be kept there either
  }
}
