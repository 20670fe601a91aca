// The result step, drawn from the engine's result and the definition's texts.
//
// Texts in the definition (band titles and summaries, reasons, notes, answer labels) are HTML our build
// rendered from the editors' Markdown, so they are inserted as HTML. Everything else (values in the result,
// answers) is only ever set as text.

import { dayMap, trackingSheet } from "./daymap.js";
import { element } from "./dom.js";
import { letterSection } from "./letter.js";

/**
 * Fill `section` with the result.
 * @param {HTMLElement} section  the result step's container; its first child is the heading
 * @param {object} result       the engine's result (contract 3)
 * @param {object} definition   the definition JSON the browser gets (texts as HTML)
 * @param {(questionId: string) => {href: string, title: string} | null} questionLink  where "Change" goes
 * @param {{id: string, engine: object}} quiz  the questionnaire's id and engine client (for the letter's .docx)
 */
export function renderResult(section, result, definition, questionLink, quiz) {
  const band = (definition.bands || []).find((b) => b.id === result.band);
  const heading = section.querySelector(".quiz__heading");
  if (band) html(heading, band.title);
  else heading.textContent = result.band;
  const body = section.querySelector(".quiz__result-body");
  body.replaceChildren();
  if (band && band.summary) body.append(html(element("div", { class: "quiz__band-summary" }), band.summary));
  if (band && band.looks_like) body.append(html(element("div", { class: "quiz__band-looks-like" }), band.looks_like));
  body.append(element("p", { class: "quiz__decides" },
    "This is not a decision. It is a starting point to talk about with your child's IEP team, who decide together."));

  const focus = focusLabels(result.focus || [], definition);
  if (focus.length) {
    body.append(element("h3", { class: "quiz__subheading" }, "Focus on these times"));
    const list = element("ul", { class: "quiz__focus" });
    for (const label of focus) list.append(label);
    body.append(list);
  }

  const reasons = result.reasons || [];
  if (reasons.length) {
    body.append(element("h3", { class: "quiz__subheading" }, "Why"));
    const list = element("ul", { class: "quiz__reasons" });
    for (const reason of reasons) {
      const rule = (definition.rules || []).find((r) => r.id === reason.rule);
      const item = element("li", { class: "quiz__reason" });
      const because = element("div", { class: "quiz__because" });
      if (rule) html(because, rule.because);
      else because.textContent = String(reason.because ?? "");
      item.append(because);
      const link = reason.question ? questionLink(reason.question) : null;
      if (link) {
        const change = element("a", { class: "quiz__change", href: link.href, "data-change": reason.question },
          "Change your answer");
        change.append(element("span", { class: "quiz__visually-hidden" }, ` to: ${link.title}`));
        item.append(element("p", {}, change));
      }
      list.append(item);
    }
    body.append(list);
  }

  const notes = (result.notes || [])
    .map((id) => (definition.notes || []).find((note) => note.id === id))
    .filter(Boolean);
  if (notes.length) {
    body.append(element("h3", { class: "quiz__subheading" }, "What to ask about"));
    for (const note of notes) {
      const block = element("div", { class: "quiz__note" });
      block.append(html(element("h4", { class: "quiz__note-title" }), note.title));
      block.append(html(element("div", { class: "quiz__note-text" }), note.text || ""));
      body.append(block);
    }
  }

  renderExtras(body, result, definition, quiz);
}

// ── Issue 4: the result a parent takes to the meeting ─────────────────────────────────────────────

/** Day map, guidance per area, questions to ask, what to bring, tracking sheet, letter, print. */
function renderExtras(body, result, definition, quiz) {
  const id = `quiz-${quiz.id}`;
  const map = dayMap(result, definition, `${id}-day-heading`);
  if (map) {
    // Placed right after "Why", before the notes: the picture belongs with the reasons.
    const heading = element("h3", { class: "quiz__subheading", id: `${id}-day-heading` }, "Your child's school day");
    const notesHeading = [...body.querySelectorAll(".quiz__subheading")].find((h) => h.nextElementSibling &&
      h.nextElementSibling.classList.contains("quiz__note"));
    const block = element("div", { class: "quiz__day" }, heading, map);
    if (notesHeading) notesHeading.before(block);
    else body.append(block);
  }

  const guidance = areaGuidance(result, definition, id);
  if (guidance) body.append(guidance);

  const meeting = element("section", { class: "quiz__meeting", "aria-labelledby": `${id}-meeting-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-meeting-heading` }, "Getting ready for the meeting"));
  for (const [key, title, tag] of [["questions_to_ask", "Questions to ask the team", "ol"],
    ["what_to_bring", "What to bring", "ul"]]) {
    const items = definition[key] || [];
    if (!items.length) continue;
    meeting.append(element("h4", { class: "quiz__meeting-title" }, title),
      element(tag, { class: `quiz__meeting-list quiz__meeting-list--${key}` },
        ...items.map((item) => html(element("li"), item))));
  }
  if (meeting.children.length > 1) body.append(meeting);

  const sheet = trackingSheet(result, definition, quiz.id);
  if (sheet) body.append(sheet);
  if (definition.letter) body.append(letterSection(definition, result, quiz));

  const includeLetter = element("input", { type: "checkbox", id: `${id}-print-letter`, class: "quiz__input",
    "data-print-letter": "" });
  body.append(element("section", { class: "quiz__print", "aria-label": "Print" },
    definition.letter ? element("div", { class: "quiz__option" }, includeLetter,
      element("label", { class: "quiz__label", for: includeLetter.id }, "Include the letter when I print")) : "",
    element("div", { class: "quiz__result-actions" },
      element("button", { type: "button", class: "quiz__button", "data-print": "summary" }, "Print or save as PDF"))));
}

/**
 * What support can look like for each area that matters: areas at the top two levels ("often", "always"), or
 * when none is that high, those at the level below ("sometimes"). Texts from each question's `guidance`.
 */
function areaGuidance(result, definition, id) {
  const questions = new Map((definition.questions || []).map((q) => [q.id, q]));
  const withGuidance = (result.areas || []).filter((area) => (questions.get(area.question) || {}).guidance);
  const levels = (definition.day && definition.day.levels) || [];
  const high = Math.max(levels.length - 2, 1);
  let shown = withGuidance.filter((area) => area.level >= high);
  if (!shown.length) shown = withGuidance.filter((area) => area.level >= 1);
  if (!shown.length) return null;
  const section = element("section", { class: "quiz__areas", "aria-labelledby": `${id}-areas-heading` },
    element("h3", { class: "quiz__subheading", id: `${id}-areas-heading` }, "What support can look like"));
  const parts = [["looks_like", "What it can look like"], ["try_first", "What to try or ask about first"],
    ["independence", "Building independence"]];
  for (const area of shown) {
    const question = questions.get(area.question);
    const name = question.area || "";
    const block = element("div", { class: "quiz__area", "data-area": area.question },
      element("h4", { class: "quiz__area-title" }, name ? name[0].toUpperCase() + name.slice(1) : area.question));
    for (const [key, title] of parts) {
      if (!question.guidance[key]) continue;
      block.append(element("p", { class: "quiz__area-part" }, element("strong", {}, title)),
        html(element("div", { class: `quiz__area-text quiz__area-text--${key}` }), question.guidance[key]));
    }
    section.append(block);
  }
  return section;
}

/** The labels of the `focus` values, from the options of the question that offers them (as list items). */
function focusLabels(values, definition) {
  // `focus: when` names the question whose values it lists; its labels come first, then any other question's.
  const questions = [...(definition.questions || [])].sort(
    (a, b) => Number(b.id === definition.focus) - Number(a.id === definition.focus),
  );
  const options = questions.flatMap((q) => q.options || (definition.scales || {})[q.scale] || []);
  return values.map((value) => {
    const option = options.find((o) => o.value === value);
    const item = element("li");
    if (option) html(item, option.label);
    else item.textContent = String(value);
    return item;
  });
}

/** Put trusted HTML from the definition into `target`; returns target. */
function html(target, trusted) {
  target.innerHTML = trusted; // texts rendered by our build from the editors' Markdown, never parent input
  return target;
}
