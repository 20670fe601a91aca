// A Storage kept in memory, for node's tests of storage.js: the Web Storage interface that module uses, and
// switches to make it fail as a full or blocked browser storage does.

export class MemoryStorage {
  constructor() {
    /** @type {Map<string, string>} */
    this.items = new Map();
    this.full = false; // setItem throws, as a full storage (QuotaExceededError) does
    this.broken = false; // every call throws, as storage switched off by the browser does
  }

  get length() {
    return this.items.size;
  }

  /** @param {string} key */
  getItem(key) {
    this.check();
    return this.items.has(key) ? /** @type {string} */ (this.items.get(key)) : null;
  }

  /** @param {string} key  @param {string} value */
  setItem(key, value) {
    this.check();
    if (this.full) throw new Error("QuotaExceededError");
    this.items.set(key, String(value));
  }

  /** @param {string} key */
  removeItem(key) {
    this.check();
    this.items.delete(key);
  }

  clear() {
    this.items.clear();
  }

  /** @param {number} index */
  key(index) {
    return [...this.items.keys()][index] ?? null;
  }

  check() {
    if (this.broken) throw new Error("SecurityError: storage is switched off");
  }
}
