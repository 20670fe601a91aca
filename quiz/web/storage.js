// Where a parent's answers are kept on their device, and nowhere else.
//
// - sessionStorage always: answers survive a reload in the same tab and are gone when the tab closes.
// - localStorage only after the parent ticks "Remember on this device"; unticking removes that copy.
// Both hold the answers file of contract 2 ({questionnaire, version, answers}) under the same key. Names typed
// for the letter are never stored. Every call survives storage being full or switched off.

/** @param {string} id  the questionnaire id */
export function answersKey(id) {
  return `quiz:${id}`;
}

/** Keep the answers file in this tab, and on the device too when `remember` is on. */
export function keepAnswers(id, file, remember) {
  const text = JSON.stringify(file);
  write(storage("sessionStorage"), answersKey(id), text);
  if (remember) write(storage("localStorage"), answersKey(id), text);
}

/** The kept answers file: this tab's first, else the device's if the parent chose to remember; or null. */
export function keptAnswers(id) {
  return parse(read(storage("sessionStorage"), answersKey(id)), id) || parse(read(storage("localStorage"), answersKey(id)), id);
}

/** Whether the parent chose "Remember on this device" (a copy is on the device). */
export function remembered(id) {
  return read(storage("localStorage"), answersKey(id)) !== null;
}

/** Stop remembering: remove the device's copy only. */
export function forgetOnDevice(id) {
  remove(storage("localStorage"), answersKey(id));
}

/** Remove every kept copy of the answers and the step, from both storages. */
export function clearAll(id) {
  for (const where of [storage("sessionStorage"), storage("localStorage")]) {
    remove(where, answersKey(id));
    remove(where, `${answersKey(id)}:step`);
  }
}

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

/** window.sessionStorage or localStorage; null where even reading the property throws (storage blocked). */
function storage(name) {
  try {
    return window[name] || null;
  } catch {
    return null;
  }
}

function read(where, key) {
  try {
    return where ? where.getItem(key) : null;
  } catch {
    return null;
  }
}

function write(where, key, value) {
  try {
    if (where) where.setItem(key, value);
  } catch {
    // storage full or switched off: the answers stay on screen
  }
}

function remove(where, key) {
  try {
    if (where) where.removeItem(key);
  } catch {
    // nothing could be kept there either
  }
}
