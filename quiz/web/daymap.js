// The day map: a picture of the school day (SVG bars) and the same facts as a table, from the engine's
// result `day` (one row per part of the day, in the definition's order, with a level and the areas).
// The level labels come from the definition's `day.levels` (plain text); the times' labels from the
// options of `day.question`. The SVG is hidden from screen readers: the table right after it says the same.

import { element } from "./dom.js";
import { optionLabels, plain } from "./letter.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

/** Short names of the areas (the question's `area`, else its title), for the table. */
function areaNames(definition) {
  return new Map((definition.questions || []).map((q) => [q.id, q.area || plain(q.title)]));
}

/**
 * @returns {HTMLElement|null} a figure with the picture and the table; null when the result has no day map
 */
export function dayMap(result, definition, headingId) {
  const rows = result.day || [];
  const day = definition.day || {};
  if (!rows.length || !(day.levels || []).length) return null;
  const levels = day.levels.map((label) => String(label));
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
    if (row.picked) where = where ? `${where}. You chose this time.` : "You chose this time.";
    body.append(element("tr", { "data-time": row.time, "data-level": String(level) },
      element("th", { scope: "row" }, times.get(row.time) || row.time),
      element("td", { class: `quiz__daymap-level quiz__daymap-level--${level}` }, levels[level] || String(level)),
      element("td", {}, where || "—")));
  }
  const table = element("table", { class: "quiz__daymap-table" },
    element("caption", {}, "How much adult help may be needed at each part of the school day"),
    element("thead", {}, element("tr", {},
      element("th", { scope: "col" }, "Part of the day"),
      element("th", { scope: "col" }, "Adult help"),
      element("th", { scope: "col" }, "Why (the areas)"))),
    body);
  const key = element("p", { class: "quiz__daymap-key", "aria-hidden": "true" },
    "Longer bars mean more adult help. ★ marks the times you chose.");
  return element("figure", { class: "quiz__daymap", "aria-labelledby": headingId }, picture, key,
    element("div", { class: "quiz__table-wrap", tabindex: "0", role: "region", "aria-label": "Day map table" }, table));
}

/** A one-week tracking sheet: the day's times as rows, Monday to Friday as blank columns, and the key. */
export function trackingSheet(result, definition, quizId) {
  const day = definition.day || {};
  const rows = result.day || [];
  if (!rows.length || !(day.levels || []).length) return null;
  const times = optionLabels(definition, day.question);
  const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
  const id = `quiz-${quizId}-sheet`;
  const body = element("tbody");
  for (const row of rows) {
    body.append(element("tr", {}, element("th", { scope: "row" }, times.get(row.time) || row.time),
      ...days.map(() => element("td", { class: "quiz__sheet-cell" }))));
  }
  const table = element("table", { class: "quiz__sheet-table" },
    element("caption", {}, "Adult help this week. Write a number from the key in each box."),
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "Part of the day"),
      ...days.map((name) => element("th", { scope: "col" }, name)))),
    body);
  const keyList = element("ul", { class: "quiz__sheet-key" },
    ...day.levels.map((label, level) => element("li", {}, element("strong", {}, String(level)), ` = ${label}`)));
  const intro = element("div", { class: "quiz__sheet-intro" });
  if (definition.tracking) intro.innerHTML = definition.tracking; // the build's HTML from the editors' Markdown
  return element("section", { class: "quiz__sheet", "aria-labelledby": `${id}-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-heading` }, "A one-week tracking sheet"),
    intro,
    // A region that may scroll sideways on a phone: focusable, so keyboard users can scroll it (axe).
    element("div", { class: "quiz__table-wrap", tabindex: "0", role: "region", "aria-label": "Tracking sheet table" }, table),
    element("p", { class: "quiz__sheet-key-title" }, "Key:"), keyList,
    element("p", { class: "quiz__sheet-notes" }, "Notes: ______________________________________________"),
    element("div", { class: "quiz__result-actions" },
      element("button", { type: "button", class: "quiz__button quiz__button--secondary", "data-print": "sheet" },
        "Print the tracking sheet")));
}
