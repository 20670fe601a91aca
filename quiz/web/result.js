// The result step, drawn from the engine's result and the definition's texts.
//
// What matters comes first, in one phone screen (issue 13): any urgent note (`urgent: true` in the definition,
// such as "Ask for a safety plan now") in a box above everything, then the band's title, and a short top part
// with the two or three main reasons, the times of day and the next three things to do, and links to the rest.
// The rest is a row of parts, each a heading with a button that opens it (GOV.UK's accordion, so a screen
// reader reaches every part by its heading): why, the day map, guidance per area, what to ask about, getting
// ready for the meeting, letters and the tracking sheet. Print shows the summary's parts open (quiz.css).
//
// Texts in the definition (band titles and summaries, reasons, notes, answer labels) are HTML our build
// rendered from the editors' Markdown, so they are inserted as HTML. Everything else (values in the result,
// answers) is only ever set as text.

import { dayMap, trackingSheet } from "./daymap.js";
import { element, required } from "./dom.js";
import { letterSection } from "./letter.js";
import { text } from "./strings.js";

/** @typedef {{href: string, title: string}} QuestionLink */
/** @typedef {{id: string, engine: {docx: (text: string) => Promise<ArrayBuffer>}, root?: HTMLElement}} ResultQuiz */

/** How many reasons and next steps the top part shows. */
const TOP = 3;

/**
 * Fill `section` with the result.
 * @param {HTMLElement} section  the result step's container: its .quiz__alerts, its heading, its body
 * @param {any} result       the engine's result (contract 3)
 * @param {any} definition   the definition JSON the browser gets (texts as HTML)
 * @param {(questionId: string) => QuestionLink | null} questionLink  where "Change" goes
 * @param {ResultQuiz} quiz  the questionnaire's id, engine client (for the letter's .docx) and root (its
 *        data-school-* attributes: the letter's copy for the school)
 * @returns {HTMLElement | null} the urgent box's heading, which takes focus first; null when there is none
 */
export function renderResult(section, result, definition, questionLink, quiz) {
  const id = `quiz-${quiz.id}`;
  const band = (definition.bands || []).find((/** @type {any} */ b) => b.id === result.band);
  const heading = required(section, ".quiz__heading");
  if (band) html(heading, band.title);
  else heading.textContent = result.band;
  const body = required(section, ".quiz__result-body");
  body.replaceChildren();

  /** @type {any[]} */
  const notes = (result.notes || [])
    .map((/** @type {string} */ noteId) => (definition.notes || []).find((/** @type {any} */ note) => note.id === noteId))
    .filter(Boolean);
  const alerts = required(section, ".quiz__alerts");
  alerts.replaceChildren(...notes.filter((note) => note.urgent).map((note) => urgentBox(note, id)));

  // The parts below the top, each opened by its heading's button; the top part links to them.
  /** @type {HTMLElement[]} */
  const parts = [];
  const why = whyPart(result, definition, band, questionLink, id);
  if (why) parts.push(why);
  const map = dayMap(result, definition, `${id}-day-heading`);
  if (map) parts.push(part("day", text("result.day"), id, map));
  const guidance = areaGuidance(result, definition, id);
  if (guidance) parts.push(guidance);
  const asks = notes.filter((note) => !note.urgent);
  if (asks.length) parts.push(part("notes", text("result.notes"), id, ...asks.map((note) => noteBlock(note, id))));
  const meeting = meetingPart(definition, id);
  if (meeting) parts.push(meeting);
  // Letters: letter.js renders its kit into this part's body (data-part="letters"); its words stay in letter.js.
  const letters = letterSection(definition, result, quiz);
  if (letters) parts.push(part("letters", text("result.letters"), id, letters));
  const sheet = trackingSheet(result, definition, quiz.id);
  if (sheet) parts.push(collapsible(sheet, "sheet"));

  body.append(topPart(result, definition, asks, asks.length < notes.length, parts, id), element("p", { class: "quiz__decides" }, text("result.decides")),
    element("div", { class: "quiz__parts" }, ...parts));

  const includeLetter = element("input", { type: "checkbox", id: `${id}-print-letter`, class: "quiz__input",
    "data-print-letter": "" });
  body.append(element("section", { class: "quiz__print", "aria-label": text("result.print") },
    letters ? element("div", { class: "quiz__option" }, includeLetter,
      element("label", { class: "quiz__label", for: includeLetter.id }, text("result.printLetter"))) : "",
    element("div", { class: "quiz__result-actions" },
      element("button", { type: "button", class: "quiz__button", "data-print": "summary" }, text("result.printButton")))));
  const first = alerts.querySelector(".quiz__urgent-title");
  return first instanceof HTMLElement ? first : null;
}

/**
 * Open or close the part a click is about: a part's own button, or a link to a part (or to a place in one),
 * which opens it, brings it into view and moves focus there without adding a history entry.
 * @param {MouseEvent} event
 * @returns {boolean} whether the click was about a part
 */
export function onPartClick(event) {
  const target = event.target instanceof Element ? event.target.closest(".quiz__part-toggle, a[data-open]") : null;
  if (!(target instanceof HTMLElement)) return false;
  event.preventDefault();
  if (target.matches(".quiz__part-toggle")) {
    const partEl = target.closest(".quiz__part");
    if (partEl instanceof HTMLElement) openPart(partEl, target.getAttribute("aria-expanded") !== "true");
    return true;
  }
  const partEl = document.querySelector(`.quiz__part[data-part="${target.dataset.open}"]`);
  if (!(partEl instanceof HTMLElement)) return true;
  openPart(partEl, true);
  const place = document.getElementById((target.getAttribute("href") || "").slice(1));
  const focus = place && place !== partEl ? place : partEl.querySelector(".quiz__part-toggle");
  if (focus instanceof HTMLElement) {
    focus.scrollIntoView({ block: "start" });
    focus.focus({ preventScroll: true });
  }
  return true;
}

/**
 * @param {HTMLElement} partEl
 * @param {boolean} open
 */
function openPart(partEl, open) {
  const toggle = partEl.querySelector(".quiz__part-toggle");
  const content = partEl.querySelector(".quiz__part-body");
  if (!(toggle instanceof HTMLElement) || !(content instanceof HTMLElement)) return;
  toggle.setAttribute("aria-expanded", String(open));
  content.hidden = !open;
}

// ── The top part ─────────────────────────────────────────────────────────────────────────────────

/**
 * The main reasons, the times of day, the next three things to do and links to the rest (the band's title is
 * the step's heading, above).
 * @param {any} result
 * @param {any} definition
 * @param {any[]} asks  the result's notes that are not urgent, in the engine's order
 * @param {boolean} urgent  whether an urgent note is shown above
 * @param {HTMLElement[]} parts
 * @param {string} id
 */
function topPart(result, definition, asks, urgent, parts, id) {
  const top = element("div", { class: "quiz__result-top" });

  // Two reasons when an urgent note already takes room at the top, else three: the top fits one phone screen.
  const reasons = (result.reasons || []).slice(0, urgent ? TOP - 1 : TOP).map((/** @type {any} */ reason) => {
    const rule = (definition.rules || []).find((/** @type {any} */ r) => r.id === reason.rule);
    return element("li", {}, firstSentence(rule ? rule.because : String(reason.because ?? "")));
  }).filter((/** @type {HTMLElement} */ item) => item.textContent);
  if (reasons.length) {
    top.append(element("h3", { class: "quiz__top-heading" }, text("result.mainReasons")),
      element("ul", { class: "quiz__top-reasons" }, ...reasons),
      more("why", text("result.allReasons"), id));
  }

  top.append(element("h3", { class: "quiz__top-heading" }, text("result.focus")));
  const focus = focusLabels(result.focus || [], definition);
  if (focus.length) top.append(element("ul", { class: "quiz__focus" }, ...focus));
  else top.append(element("p", { class: "quiz__focus-none" }, text("result.noFocus")));

  const has = (/** @type {string} */ key) => parts.some((p) => p.dataset.part === key);
  /** @type {HTMLElement[]} */
  const next = asks.slice(0, TOP).map((note) => element("li", {},
    link("notes", `${id}-note-${note.id}`, plainText(note.title))));
  /** @type {Array<[string, string]>} */
  const fallbacks = [["meeting", text("result.nextQuestions")], ["sheet", text("result.nextSheet")],
    ["letters", text("result.nextLetter")]];
  for (const [key, words] of fallbacks) {
    if (next.length < TOP && has(key)) next.push(element("li", {}, link(key, partHeadingId(key, id), words)));
  }
  if (next.length) {
    top.append(element("h3", { class: "quiz__top-heading" }, text("result.next")),
      element("ol", { class: "quiz__next" }, ...next));
  }

  const contentsId = `${id}-contents`;
  top.append(element("nav", { class: "quiz__contents", "aria-labelledby": contentsId },
    element("h3", { class: "quiz__top-heading", id: contentsId }, text("result.contents")),
    element("ul", {}, ...parts.map((p) => element("li", {},
      link(p.dataset.part || "", partHeadingId(p.dataset.part || "", id), toggleText(p)))))));
  return top;
}

/**
 * "All the reasons": a link that opens one part.
 * @param {string} key  @param {string} words  @param {string} id
 */
function more(key, words, id) {
  return element("p", { class: "quiz__top-more" }, link(key, partHeadingId(key, id), words));
}

/**
 * A link to a part, or to a place inside it, that opens it (onPartClick).
 * @param {string} key  @param {string} target  an element id  @param {string} words
 */
function link(key, target, words) {
  return element("a", { href: `#${target}`, "data-open": key }, words);
}

/** @param {HTMLElement} partEl  @returns {string} */
function toggleText(partEl) {
  const toggle = partEl.querySelector(".quiz__part-toggle");
  return toggle ? (toggle.textContent || "").trim() : "";
}

// ── The parts ───────────────────────────────────────────────────────────────────────────────────

/** @param {string} key  @param {string} id */
function partHeadingId(key, id) {
  return `${id}-${key}-heading`;
}

/**
 * A part: its heading holds the button that opens it; its body is hidden until then.
 * @param {string} key  the part's name (data-part), for links and styles
 * @param {string} title
 * @param {string} id  the prefix of the ids made here
 * @param {...(Node | string)} children
 */
function part(key, title, id, ...children) {
  const section = element("section", { class: `quiz__part quiz__part--${key}` },
    element("h3", { class: "quiz__subheading", id: partHeadingId(key, id) }, title), ...children);
  return collapsible(section, key);
}

/**
 * Make a section with a heading (h3) a part: the heading's words go into a button; what follows, into a body.
 * @param {HTMLElement} section  its first h3 is the heading
 * @param {string} key
 */
function collapsible(section, key) {
  const heading = section.querySelector("h3");
  if (!heading) return section;
  const bodyId = `${heading.id || `${section.className}-${key}`}-body`;
  const toggle = element("button", { type: "button", class: "quiz__part-toggle", "aria-expanded": "false",
    "aria-controls": bodyId }, ...heading.childNodes);
  heading.replaceChildren(toggle);
  const content = element("div", { class: "quiz__part-body", id: bodyId, hidden: true });
  for (const node of [...section.childNodes]) if (node !== heading) content.append(node);
  section.append(content);
  section.classList.add("quiz__part", `quiz__part--${key}`);
  section.dataset.part = key;
  if (heading.id) section.setAttribute("aria-labelledby", heading.id);
  return section;
}

/**
 * Why: what the band means, every reason, each with its "Change your answer" link, and what it can look like.
 * @param {any} result  @param {any} definition  @param {any} band
 * @param {(questionId: string) => QuestionLink | null} questionLink
 * @param {string} id
 */
function whyPart(result, definition, band, questionLink, id) {
  const reasons = result.reasons || [];
  /** @type {HTMLElement[]} */
  const children = [];
  if (band && band.summary) children.push(html(element("div", { class: "quiz__band-summary" }), band.summary));
  if (band && band.looks_like) children.push(html(element("div", { class: "quiz__band-looks-like" }), band.looks_like));
  if (reasons.length) {
    const list = element("ul", { class: "quiz__reasons" });
    for (const reason of reasons) {
      const rule = (definition.rules || []).find((/** @type {any} */ r) => r.id === reason.rule);
      const item = element("li", { class: "quiz__reason" });
      const because = element("div", { class: "quiz__because" });
      if (rule) html(because, rule.because);
      else because.textContent = String(reason.because ?? "");
      item.append(because);
      const target = reason.question ? questionLink(reason.question) : null;
      if (target) {
        const change = element("a", { class: "quiz__change", href: target.href, "data-change": reason.question },
          text("result.changeAnswer"));
        change.append(element("span", { class: "quiz__visually-hidden" }, text("result.changeHidden", { title: target.title })));
        item.append(element("p", {}, change));
      }
      list.append(item);
    }
    children.push(list);
  }
  return children.length ? part("why", text("result.why"), id, ...children) : null;
}

/**
 * A note a parent may ask about, with an id the top part's next steps link to.
 * @param {any} note  @param {string} id
 */
function noteBlock(note, id) {
  const block = element("div", { class: "quiz__note" });
  block.append(html(element("h4", { class: "quiz__note-title", id: `${id}-note-${note.id}`, tabindex: "-1" }), note.title));
  block.append(html(element("div", { class: "quiz__note-text" }), note.text || ""));
  return block;
}

/**
 * An urgent note: a box with a heading, before everything else on the result.
 * @param {any} note  @param {string} id
 */
function urgentBox(note, id) {
  const headingId = `${id}-urgent-${note.id}`;
  return element("div", { class: "quiz__urgent", role: "region", "aria-labelledby": headingId, "data-note": note.id },
    html(element("h2", { class: "quiz__urgent-title", id: headingId, tabindex: "-1" }), note.title),
    html(element("div", { class: "quiz__urgent-text" }), note.text || ""));
}

/**
 * Getting ready for the meeting: questions to ask the team, and what to bring.
 * @param {any} definition  @param {string} id
 */
function meetingPart(definition, id) {
  const meeting = element("section", { class: "quiz__meeting" },
    element("h3", { class: "quiz__subheading", id: partHeadingId("meeting", id) }, text("result.meeting")));
  /** @type {Array<[string, string, "ol" | "ul"]>} */
  const lists = [["questions_to_ask", text("result.questionsToAsk"), "ol"], ["what_to_bring", text("result.whatToBring"), "ul"]];
  for (const [key, title, tag] of lists) {
    /** @type {string[]} */
    const items = definition[key] || [];
    if (!items.length) continue;
    meeting.append(element("h4", { class: "quiz__meeting-title" }, title),
      element(tag, { class: `quiz__meeting-list quiz__meeting-list--${key}` },
        ...items.map((item) => html(element("li"), item))));
  }
  return meeting.children.length > 1 ? collapsible(meeting, "meeting") : null;
}

/**
 * What support can look like for each area that matters: areas at the top two levels ("often", "always"), or
 * when none is that high, those at the level below ("sometimes"). Texts from each question's `guidance`.
 * @param {any} result
 * @param {any} definition
 * @param {string} id  the prefix of the ids made here
 * @returns {HTMLElement | null}
 */
function areaGuidance(result, definition, id) {
  /** @type {Map<string, any>} */
  const questions = new Map((definition.questions || []).map((/** @type {any} */ q) => [q.id, q]));
  /** @type {Array<{question: string, level: number}>} */
  const withGuidance = (result.areas || []).filter((/** @type {any} */ area) => (questions.get(area.question) || {}).guidance);
  const levels = (definition.day && definition.day.levels) || [];
  const high = Math.max(levels.length - 2, 1);
  let shown = withGuidance.filter((area) => area.level >= high);
  if (!shown.length) shown = withGuidance.filter((area) => area.level >= 1);
  if (!shown.length) return null;
  const section = element("section", { class: "quiz__areas" },
    element("h3", { class: "quiz__subheading", id: partHeadingId("guidance", id) }, text("result.areas")));
  const parts = [["looks_like", text("result.looksLike")], ["try_first", text("result.tryFirst")],
    ["independence", text("result.independence")]];
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
  return collapsible(section, "guidance");
}

/**
 * The labels of the `focus` values, from the options of the question that offers them (as list items).
 * @param {string[]} values
 * @param {any} definition
 * @returns {HTMLElement[]}
 */
function focusLabels(values, definition) {
  // `focus: when` names the question whose values it lists; its labels come first, then any other question's.
  /** @type {any[]} */
  const questions = [...(definition.questions || [])].sort(
    (a, b) => Number(b.id === definition.focus) - Number(a.id === definition.focus),
  );
  /** @type {Array<{value: string, label: string}>} */
  const options = questions.flatMap((q) => q.options || []); // each question's own, as the build normalised them
  return values.map((value) => {
    const option = options.find((o) => o.value === value);
    const item = element("li");
    if (option) html(item, option.label);
    else item.textContent = String(value);
    return item;
  });
}

/**
 * The plain text of a piece of the definition's HTML (parsed inert, never put in the page).
 * @param {unknown} trusted
 * @returns {string}
 */
function plainText(trusted) {
  const doc = new DOMParser().parseFromString(String(trusted ?? ""), "text/html");
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
}

/**
 * The first sentence of a reason, for the top part (the whole reason is under "Why").
 * @param {unknown} trusted
 * @returns {string}
 */
export function firstSentence(trusted) {
  const words = plainText(trusted);
  const end = words.search(/[.!?](\s|$)/);
  return end < 0 ? words : words.slice(0, end + 1);
}

/**
 * Put trusted HTML from the definition into `target`; returns target.
 * @template {HTMLElement} T
 * @param {T} target
 * @param {string} trusted
 * @returns {T}
 */
function html(target, trusted) {
  target.innerHTML = trusted; // texts rendered by our build from the editors' Markdown, never parent input
  return target;
}
