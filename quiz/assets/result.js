// The result step, drawn from the engine's result and the definition's texts.
//
// Texts in the definition (band titles and summaries, reasons, notes, answer labels) are HTML our build
// rendered from the editors' Markdown, so they are inserted as HTML. Everything else (values in the result,
// answers) is only ever set as text.

import { element } from "./dom.js";

/**
 * Fill `section` with the result.
 * @param {HTMLElement} section  the result step's container; its first child is the heading
 * @param {object} result       the engine's result (contract 3)
 * @param {object} definition   the definition JSON the browser gets (texts as HTML)
 * @param {(questionId: string) => {href: string, title: string} | null} questionLink  where "Change" goes
 */
export function renderResult(section, result, definition, questionLink) {
  const band = (definition.bands || []).find((b) => b.id === result.band);
  const heading = section.querySelector(".quiz__heading");
  if (band) html(heading, band.title);
  else heading.textContent = result.band;
  const body = section.querySelector(".quiz__result-body");
  body.replaceChildren();
  if (band && band.summary) body.append(html(element("div", { class: "quiz__band-summary" }), band.summary));

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
