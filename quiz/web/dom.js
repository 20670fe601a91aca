// A small helper to build elements. Children given as strings become text nodes, never HTML.

/**
 * @param {string} tag
 * @param {Object<string, string>} attributes
 * @param {...(Node|string)} children
 */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}
