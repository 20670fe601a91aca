// Small DOM helpers every part of the questionnaire shares, and the named errors for markup that is not there.
//
// Children given to element() as strings become text nodes, never HTML.

/** The markup the script needs is missing: the page was not built by quiz/site/form.py, or was changed. */
export class ElementError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "ElementError";
  }
}

/** A data attribute the questionnaire's root must carry is missing or wrong. */
export class ConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * A new element with attributes (true: present and empty; false, null or undefined: left out) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | boolean | null | undefined>} [attributes]
 * @param {...(Node | string)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

/**
 * The first element under `root` matching `selector`, which the markup must have.
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement}
 * @throws {ElementError} when there is none
 */
export function required(root, selector) {
  const found = root.querySelector(selector);
  if (!(found instanceof HTMLElement)) throw new ElementError(`the questionnaire has no ${selector} element`);
  return found;
}

/**
 * A data attribute of the questionnaire's root, which the page must carry.
 * @param {HTMLElement} root
 * @param {string} name  the dataset name, for example "questionnaire" for data-questionnaire
 * @returns {string}
 * @throws {ConfigError} when it is missing or empty
 */
export function dataAttribute(root, name) {
  const value = root.dataset[name];
  if (!value) {
    const attribute = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    throw new ConfigError(`the questionnaire's root has no data-${attribute} attribute`);
  }
  return value;
}

/**
 * The visible label of an input, as plain text; its value when it has no label.
 * @param {HTMLInputElement} input
 * @returns {string}
 */
export function labelText(input) {
  const label = input.labels && input.labels[0];
  return label ? (label.textContent || "").trim() : input.value;
}

/**
 * The text of an element, trimmed ("" for null).
 * @param {Element | null} node
 * @returns {string}
 */
export function textOf(node) {
  return node ? (node.textContent || "").trim() : "";
}
