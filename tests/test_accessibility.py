"""Accessibility, proven in Chromium: axe-core on every page and every questionnaire state, light and dark.

axe-core (pinned in package.json) runs with every WCAG 2.0/2.1/2.2 A and AA rule and the best-practice rules;
any violation at any impact fails. Then what axe cannot see: targets of at least 24 by 24 CSS px (WCAG 2.5.8),
no sideways scrolling at 320 CSS px (1.4.10), no motion with "reduce motion" set (2.3.3), the page language,
focus on each new step's heading, and printing by keyboard. The manual checks are in ACCESSIBILITY.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.support.walk import (
    CHILD,
    QUESTIONNAIRE,
    QUESTIONNAIRES,
    READY_MS,
    answer_all,
    current_question,
    pages,
    step,
    wait_for_result,
    word,
)
from tests.test_questionnaire_e2e import SAFETY_CHILD as E2E_SAFETY_CHILD

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
GUIDE = "guide/kinds-of-support/"


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, prefix="/para-guide/") as running:
        yield running


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (or `make setup`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def context(chromium, server):
    """A phone-sized context; the palette is switched per scan (see scan_both)."""
    # Reduced motion: the site then has no transitions (site.css), so colours are final when axe samples them.
    ctx = chromium.new_context(
        viewport={"width": 375, "height": 800}, color_scheme="light", service_workers="block", reduced_motion="reduce"
    )
    ctx.guard = OriginGuard(ctx, server.origin)
    yield ctx
    ctx.close()
    ctx.guard.assert_none_foreign()


def axe(page, source: str, where: str = "document", rules: list | None = None) -> list[str]:
    """axe-core's violations in the page (or one part of it), one line each: rule, impact, where, why."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)  # evaluated by the test harness, so the page's CSP does not apply
    return page.evaluate(
        """async ([where, tags, rules]) => {
            const context = where === "document" ? document : document.querySelector(where);
            const runOnly = rules ? {type: "rule", values: rules} : {type: "tag", values: tags};
            const result = await axe.run(context, {runOnly, resultTypes: ["violations"]});
            return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
                v.nodes.slice(0, 3).map((n) => n.target.join(" ") + (n.failureSummary ? " — " +
                n.failureSummary.split("\\n").slice(1).join(" ") : "")).join("; "));
        }""",
        [where, TAGS, rules],
    )


# Rules whose outcome depends on the palette: run again in the dark palette (slate).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def scan_both(page, source: str, where: str = "document") -> list[str]:
    """Every rule in the light palette, then the colour rules in the dark one (Material's slate scheme, which
    the palette toggle and prefers-color-scheme: dark set), then back to light."""
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    found = [f"light: {v}" for v in axe(page, source, where)]
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    found += [f"dark: {v}" for v in axe(page, source, where, COLOUR_RULES)]
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    return found


# ── axe on every page and every state ─────────────────────────────────────────────────────────


def test_every_page_has_no_axe_violations_light_or_dark_and_fits_320_css_px(context, server, site_dir, axe_source):
    page = context.new_page()
    # Material's search builds its index in a worker of its own at every page load (about 0.6 s of CPU, which
    # the scans would wait for on 2 cores); the index never changes a page's markup until a query is typed,
    # and the search's own states are scanned in test_search_has_no_axe_violations below.
    page.route("**/search/search_index.json", lambda route: route.abort())
    found = {}
    for path in pages(site_dir):
        if path.endswith("404.html"):  # 404.html and es/404.html
            continue  # the same page as 404/, with asset links that need site_url (see overrides/404.html)
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        violations = scan_both(page, axe_source)
        # No sideways scrolling at 320 CSS px (WCAG 1.4.10), checked here to load each page once.
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            violations.append(f"scrolls sideways at 320 CSS px: {width}px wide")
        page.set_viewport_size({"width": 375, "height": 800})
        if violations:
            found[path] = violations
    page.close()
    assert not found, "\n".join(f"{path}: {v}" for path, vs in found.items() for v in vs)


def test_dark_palette_follows_the_system_setting(chromium, server):
    """The scan above sets the slate scheme itself; this is the scheme a dark-mode phone gets."""
    ctx = chromium.new_context(color_scheme="dark")
    page = ctx.new_page()
    page.goto(server.url + GUIDE)
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    ctx.close()


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES)
def test_every_questionnaire_state_has_no_axe_violations_light_or_dark(context, server, axe_source, questionnaire):
    page = context.new_page()
    found: list[str] = []

    def scan(state: str, where: str = ".quiz") -> None:
        found.extend(f"{state}: {v}" for v in scan_both(page, axe_source, where))

    # Loading: the engine's files are held back, so "Getting the questionnaire ready" is on screen.
    held, holding = [], [True]
    page.route("**/assets/quiz/runtime/**", lambda route: held.append(route) if holding[0] else route.fallback())
    page.goto(server.url + questionnaire)
    page.wait_for_selector(".quiz--enhanced")
    page.wait_for_function("() => document.querySelector('.quiz__status').textContent !== ''")
    scan("engine loading", "document")

    # The error summary, then every step.
    page.get_by_role("button", name=word(page, "step.continue")).click()
    page.wait_for_selector(".quiz__error-summary:not([hidden])")
    scan("error summary")
    holding[0] = False
    for route in held:
        route.fallback()
    answer_all(page, CHILD, on_step=lambda p, question: scan(f"question {question}"))
    assert step(page) == "check"
    scan("check your answers")
    page.get_by_role("button", name=word(page, "check.seeResult")).click()
    wait_for_result(page)
    scan("result", "document")

    # A refused answers file (issue 4's "Load saved answers"), when the page has it.
    file_input = page.locator(".quiz input[type=file]")
    if file_input.count():
        file_input.first.set_input_files(
            files=[
                {
                    "name": "answers.json",
                    "mimeType": "application/json",
                    "buffer": b'{"questionnaire": "something-else"}',
                }
            ]
        )
        page.wait_for_function(
            "() => document.querySelector('.quiz').innerText.includes('something-else')", timeout=READY_MS
        )
        scan("refused answers file", "document")
    page.close()

    # The engine failed: its WebAssembly never arrives (a fresh context: the worker's requests are routed there).
    failing = page.context.browser.new_context(
        viewport={"width": 375, "height": 800}, service_workers="block", reduced_motion="reduce"
    )
    failing.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = failing.new_page()
    page.goto(server.url + questionnaire)
    page.get_by_role("button", name=word(page, "problem.retry")).wait_for(timeout=READY_MS)
    scan("engine failed", "document")
    failing.close()
    assert not found, "\n".join(found)


def test_a_refused_answers_file_state_exists(server, chromium):
    """Reports (as a skip) when issue 4's "Load saved answers" is not on the page, so the scan above missed it."""
    ctx = chromium.new_context()
    page = ctx.new_page()
    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    has = page.locator(".quiz input[type=file]").count() > 0
    ctx.close()
    if not has:
        pytest.skip("no 'Load saved answers' control on the page yet (issue 4): the refused-file state was not scanned")


# ── What axe cannot see ───────────────────────────────────────────────────────────────────────

TARGETS = """() => {
  const small = [];
  const interactive = "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
    "[tabindex]:not([tabindex='-1'])";
  for (const el of document.querySelectorAll(interactive)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden" || style.pointerEvents === "none" ||
        el.closest("[hidden], [aria-hidden=true]")) continue;
    let faded = false;
    for (let node = el; node && node !== document; node = node.parentElement) {
      if (getComputedStyle(node).opacity === "0") faded = true;
    }
    if (faded) continue; // not shown (Material's search options until the search opens)
    if (box.width >= 23.5 && box.height >= 23.5) continue;
    // WCAG 2.5.8 exceptions: a link inside a sentence or list of text (inline), and a control whose label is
    // a bigger target for the same input (a radio with its label).
    if (el.tagName === "A" && style.display === "inline") continue;
    if (el.labels && [...el.labels].some((l) => {
      const b = l.getBoundingClientRect();
      return b.height >= 24 && b.width >= 24;
    })) continue;
    const text = (el.textContent || el.value || "").trim().slice(0, 30);
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
    small.push(`${el.tagName.toLowerCase()}.${el.className} "${text}" ${size}`);
  }
  return small;
}"""


@pytest.mark.parametrize("path", [QUESTIONNAIRE, GUIDE, ""])
def test_targets_are_at_least_24_css_px(chromium, server, path):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    page.goto(server.url + path)
    page.wait_for_load_state("load")
    small = page.evaluate(TARGETS)
    if path == QUESTIONNAIRE:  # the check-answers and result steps too
        answer_all(page, CHILD)
        small += page.evaluate(TARGETS)
        page.get_by_role("button", name="See my result").click()
        wait_for_result(page)
        small += page.evaluate(TARGETS)
    ctx.close()
    assert not small, small


MOVING = """() => {
  const moving = [];
  const seconds = (value) => value.split(",").map((part) => parseFloat(part) || 0);
  for (const el of [document.documentElement, ...document.querySelectorAll("body *")]) {
    const style = getComputedStyle(el);
    const transition = Math.max(...seconds(style.transitionDuration));
    const animation = style.animationName !== "none" ? Math.max(...seconds(style.animationDuration)) : 0;
    if (transition > 0 || animation > 0 || style.scrollBehavior === "smooth") {
      const name = `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)}`;
      moving.push(`${name}: ${style.transitionDuration} ${style.animationName} ${style.scrollBehavior}`);
    }
  }
  return moving;
}"""


def test_nothing_moves_when_reduced_motion_is_set(chromium, server):
    reduced = chromium.new_context(viewport={"width": 375, "height": 800}, reduced_motion="reduce")
    page = reduced.new_page()
    for path in (QUESTIONNAIRE, GUIDE):
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        moving = page.evaluate(MOVING)
        assert not moving, (path, moving[:10])
    reduced.close()
    # The check can fail: without the preference, Material's header and the buttons do move.
    normal = chromium.new_context(viewport={"width": 375, "height": 800}, reduced_motion="no-preference")
    page = normal.new_page()
    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_load_state("load")
    assert page.evaluate(MOVING)
    normal.close()


def test_every_page_sets_its_language(site_dir):
    for path in pages(site_dir):
        file = site_dir / (path + "index.html" if path.endswith("/") or not path else path)
        lang = "es" if path.startswith("es/") else "en"  # each language's build is in its folder (mkdocs.es.yml)
        assert re.search(f'<html lang="{lang}"', file.read_text(encoding="utf-8")), path


# ── Keyboard and announcements ────────────────────────────────────────────────────────────────


def test_focus_moves_to_each_new_steps_heading_and_status_is_a_live_region(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    status = page.locator(".quiz__status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    for _ in range(3):
        before = current_question(page)
        page.check(f"#q-{before} input >> nth=0")
        page.get_by_role("button", name="Continue").click()
        now = current_question(page)
        assert now != before
        assert page.evaluate("document.activeElement.closest('.quiz__question')?.dataset.question") == now
        assert page.evaluate("document.activeElement.classList.contains('quiz__title')")
    ctx.close()


def test_the_result_can_be_printed_by_keyboard(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    ctx.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page = ctx.new_page()
    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    answer_all(page, CHILD)
    page.keyboard.press("Tab")
    page.get_by_role("button", name="See my result").focus()
    page.keyboard.press("Enter")
    wait_for_result(page)
    buttons = page.locator(".quiz__result button").filter(has_text=re.compile("^Print", re.I))
    if not buttons.count():
        ctx.close()
        pytest.skip("no print button on the result yet (issue 4)")
    for _ in range(120):
        if page.evaluate("/^print/i.test((document.activeElement.textContent || '').trim())"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached a Print button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__printed > 0", timeout=5000)
    ctx.close()


def test_the_letter_kit_has_no_axe_violations_light_or_dark(context, server, axe_source):
    """The letter kit (issue 11): on the letters page (a letter chosen, names typed, a status line) and on the
    result (its letters part open, another letter chosen)."""
    page = context.new_page()
    found: list[str] = []

    def scan(state: str, where: str) -> None:
        found.extend(f"{state}: {v}" for v in scan_both(page, axe_source, where))

    page.goto(server.url + "letters/")
    page.wait_for_selector(".quiz-letters--enhanced .quiz__letter", timeout=READY_MS)
    scan("letters page", "document")
    page.check("[data-letter-choice=fba_request]")
    page.fill("[data-letter-name=parent]", "Ana")
    page.get_by_role("button", name="Download as text (.txt)").click()
    page.wait_for_selector(".quiz__letter-status:not(:empty)")
    scan("letters page, a letter chosen and saved", ".quiz-letters")

    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    answer_all(page, CHILD)
    page.get_by_role("button", name="See my result").click()
    wait_for_result(page)
    toggle = page.locator('.quiz__part[data-part="letters"] .quiz__part-toggle')
    if toggle.count() and toggle.first.get_attribute("aria-expanded") != "true":
        toggle.first.click()  # the result's letters part, where the result opens parts (issue 13)
    page.locator("[data-letter-choice]").last.check()
    scan("the result's letters", ".quiz__letter")
    page.close()
    assert not found, "\n".join(found)


def test_the_letter_kit_in_two_languages_has_no_axe_violations_light_or_dark(context, server, axe_source):
    """Issue 14: on the Spanish letters page and the Spanish result, the choice of language and the English copy
    (its own label, lang="en"), alone and beside the Spanish one."""
    page = context.new_page()
    found: list[str] = []

    def scan(state: str, where: str) -> None:
        found.extend(f"{state}: {v}" for v in scan_both(page, axe_source, where))

    def choose(copies: str) -> None:
        page.locator(f"[data-letter-language={copies}]").check()
        page.wait_for_function(
            "(copies) => document.querySelector('.quiz__letter').dataset.letterCopies === copies", arg=copies
        )

    page.goto(server.url + "es/letters/")
    page.wait_for_selector(".quiz-letters--enhanced .quiz__letter", timeout=READY_MS)
    page.fill("[data-letter-name=parent]", "Ana")
    choose("school")
    assert page.locator("textarea[data-letter-copy=school]").get_attribute("lang") == "en"
    scan("Spanish letters page, the English copy", ".quiz-letters")
    choose("both")
    scan("Spanish letters page, both copies", ".quiz-letters")

    page.goto(server.url + "es/" + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    answer_all(page, CHILD)
    page.get_by_role("button", name=word(page, "check.seeResult")).click()
    wait_for_result(page)
    toggle = page.locator('.quiz__part[data-part="letters"] .quiz__part-toggle')
    if toggle.count() and toggle.first.get_attribute("aria-expanded") != "true":
        toggle.first.click()
    choose("both")
    scan("the Spanish result's letters, both copies", ".quiz__letter")
    page.close()
    assert not found, "\n".join(found)


# ── Issue 13's states: the back link, the resume choice, the result's top part and its parts ──────

# The end-to-end tests' child who heads for the street, at home in English (no interpreter note).
SAFETY_CHILD = dict(E2E_SAFETY_CHILD, home_language="english")


def test_history_resume_and_result_parts_have_no_axe_violations_light_or_dark(context, server, axe_source):
    """The back link before <main> on a question, the result with its urgent note and top part, every part of the
    result open, and the "Continue where you left off" choice of a fresh visit with kept answers."""
    page = context.new_page()
    found: list[str] = []

    def scan(state: str) -> None:
        found.extend(f"{state}: {v}" for v in scan_both(page, axe_source, "document"))

    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    page.check("#q-academics-sometimes")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".quiz-back .quiz__back").is_visible()
    scan("a question with the back link")
    answer_all(page, SAFETY_CHILD)
    page.get_by_role("button", name="See my result").click()
    wait_for_result(page)
    assert page.locator(".quiz__urgent").count() == 1
    scan("result: urgent note and top part")
    toggles = page.locator(".quiz__part-toggle")
    for index in range(toggles.count()):
        toggles.nth(index).click()
    assert page.locator(".quiz__part-body:not([hidden])").count() == toggles.count() > 0
    scan("result: every part open")

    page.goto(server.url)
    page.goto(server.url + QUESTIONNAIRE)
    page.wait_for_selector(".quiz--enhanced")
    assert step(page) == "resume"
    scan("continue where you left off, or start again")
    page.close()
    assert not found, "\n".join(found)


def test_search_has_no_axe_violations_light_or_dark(context, server, axe_source):
    """Material's search, opened and showing results for a query, in both palettes (the crawl above skips
    building the search index)."""
    page = context.new_page()
    page.goto(server.url + GUIDE)
    page.wait_for_load_state("load")
    page.locator("label[for='__search']").first.click()
    page.keyboard.type("aide")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    found = scan_both(page, axe_source)
    page.close()
    assert not found, "\n".join(found)
