// The day map: a picture of the school day (SVG bars) and the same facts as a table, from the engine's
// result `day` (one row per part of the day, in the definition's order, with a level and the areas).
// The level labels come from the definition's `day.levels` (plain text); the times' labels from the
// options of `day.question` (their label_text, written by the build). The SVG is hidden from screen readers:
// the table right after it says the same.

import { element } from "./dom.js";
import { optionLabels } from "./letter.js";
import { text } from "./strings.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @param {string | null} [content]  text, never markup
 * @returns {SVGElement}
 */
function svg(tag, attributes = {}, content = null) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (content !== null) node.textContent = content;
  return node;
}

/**
 * Short names of the areas (the question's `area`, else its title), for the table.
 * @param {any} definition
 * @returns {Map<string, string>}
 */
function areaNames(definition) {
  return new Map((definition.questions || []).map((/** @type {any} */ q) => [q.id, q.area || q.title_text]));
}

/**
 * @typedef {{time: string, level: number, areas?: string[], picked?: boolean}} DayRow  one part of the day
 */

/**
 * @param {any} result  the engine's result; its `day` rows
 * @param {any} definition  its `day` (question, levels) and questions
 * @param {string} headingId  the id of the heading that names the figure
 * @returns {HTMLElement|null} a figure with the picture and the table; null when the result has no day map
 */
export function dayMap(result, definition, headingId) {
  /** @type {DayRow[]} */
  const rows = result.day || [];
  const day = definition.day || {};
  if (!rows.length || !(day.levels || []).length) return null;
  /** @type {string[]} */
  const levels = day.levels.map((/** @type {unknown} */ label) => String(label));
  const top = Math.max(levels.length - 1, 1);
  const times = optionLabels(definition, day.question);
  const areas = areaNames(definition);

  // The picture: for each part of the day, its name over a bar whose length and colour show the level.
  const rowHeight = 40;
  const barWidth = 300;
  const picture = svg("svg", { class: "quiz__daymap-picture", viewBox: `0 0 ${barWidth + 20} ${rows.length * rowHeight + 4}`,
    "aria-hidden": "true", focusable: "false", preserveAspectRatio: "xMinYMin meet" });
  rows.forEach((row, index) => {
    const y = index * rowHeight + 2;
    const level = Math.max(0, Math.min(Number(row.level) || 0, top));
    const name = (times.get(row.time) || row.time) + (row.picked ? " ★" : "");
    picture.append(
      svg("text", { x: 0, y: y + 13, class: "quiz__daymap-label" }, `${name} · ${levels[level] || level}`),
      svg("rect", { x: 0, y: y + 19, width: barWidth, height: 14, rx: 3, class: "quiz__daymap-track" }),
      svg("rect", { x: 0, y: y + 19, width: Math.max((barWidth * level) / top, 4), height: 14,
        rx: 3, class: `quiz__daymap-bar quiz__daymap-bar--${level}`, "data-time": row.time, "data-level": level }));
  });

  // The table: the same facts, for screen readers and for print.
  const body = element("tbody");
  for (const row of rows) {
    const level = Math.max(0, Math.min(Number(row.level) || 0, top));
    const named = (row.areas || []).map((id) => areas.get(id) || id);
    let where = named.join("; ");
    if (row.picked) where = where ? text("day.chosenAfter", { areas: where }) : text("day.chosen");
    body.append(element("tr", { "data-time": row.time, "data-level": String(level) },
      element("th", { scope: "row" }, times.get(row.time) || row.time),
      element("td", { class: `quiz__daymap-level quiz__daymap-level--${level}` }, levels[level] || String(level)),
      element("td", {}, where || text("day.none"))));
  }
  const table = element("table", { class: "quiz__daymap-table" },
    element("caption", {}, text("day.caption")),
    element("thead", {}, element("tr", {},
      element("th", { scope: "col" }, text("day.time")),
      element("th", { scope: "col" }, text("day.level")),
      element("th", { scope: "col" }, text("day.areas")))),
    body);
  const key = element("p", { class: "quiz__daymap-key", "aria-hidden": "true" }, text("day.key"));
  return element("figure", { class: "quiz__daymap", "aria-labelledby": headingId }, picture, key,
    element("div", { class: "quiz__table-wrap", tabindex: "0", role: "region", "aria-label": text("day.table") }, table));
}

/**
 * A one-week tracking sheet: the day's times as rows, Monday to Friday as blank columns, and the key.
 * @param {any} result
 * @param {any} definition
 * @param {string} quizId
 * @returns {HTMLElement | null}
 */
export function trackingSheet(result, definition, quizId) {
  const day = definition.day || {};
  /** @type {DayRow[]} */
  const rows = result.day || [];
  if (!rows.length || !(day.levels || []).length) return null;
  const times = optionLabels(definition, day.question);
  const days = text("sheet.days").split("|");
  const id = `quiz-${quizId}-sheet`;
  const body = element("tbody");
  for (const row of rows) {
    body.append(element("tr", {}, element("th", { scope: "row" }, times.get(row.time) || row.time),
      ...days.map(() => element("td", { class: "quiz__sheet-cell" }))));
  }
  const table = element("table", { class: "quiz__sheet-table" },
    element("caption", {}, text("sheet.caption")),
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, text("day.time")),
      ...days.map((name) => element("th", { scope: "col" }, name)))),
    body);
  const keyList = element("ul", { class: "quiz__sheet-key" },
    ...day.levels.map((/** @type {string} */ label, /** @type {number} */ level) =>
      element("li", {}, element("strong", {}, String(level)), text("sheet.keyItem", { label }))));
  const intro = element("div", { class: "quiz__sheet-intro" });
  if (definition.tracking) intro.innerHTML = definition.tracking; // the build's HTML from the editors' Markdown
  return element("section", { class: "quiz__sheet", "aria-labelledby": `${id}-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-heading` }, text("sheet.title")),
    intro,
    // A region that may scroll sideways on a phone: focusable, so keyboard users can scroll it (axe).
    element("div", { class: "quiz__table-wrap", tabindex: "0", role: "region", "aria-label": text("sheet.table") }, table),
    element("p", { class: "quiz__sheet-key-title" }, text("sheet.key")), keyList,
    element("p", { class: "quiz__sheet-notes" }, text("sheet.notes")),
    element("div", { class: "quiz__result-actions" },
      element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-print": "sheet" },
        text("sheet.print"))));
}
