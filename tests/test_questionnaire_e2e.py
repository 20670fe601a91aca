"""The questionnaire end to end: the built site, served under /para-guide/ with gzip, in real Chromium.

The engine runs in the page's worker on real Pyodide; every expected result is worked out by the same engine
in CPython for the same answers, never written into the test. Each test fails on any request to another
origin (support.browser.OriginGuard).
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

import pytest

from quiz.core import engine
from tests.helpers import flagship
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.support.walk import wait_until_copy_kept

PAGE = "questionnaires/paraprofessional-support/"
READY_MS = 30_000  # a cold Pyodide boot on a busy machine; the first one also gzips the wasm

# A child who often heads for the street: the engine should find a safety flag.
SAFETY_CHILD = {
    "academics": "sometimes",
    "transitions": "never",
    "safety": "often",
    "safety_where": "exits_or_street",
    "personal_care": "never",
    "behavior": "never",
    "plan": "none",
    "communication": "never",
    "social": "sometimes",
    "unstructured": "never",
    "medical": "never",
    "mobility": "never",
    "when": ["arrival_dismissal", "recess"],
    "home_language": "spanish",
}
# A child with no safety worries: the "where do they go" follow-up must not be asked.
CALM_CHILD = {
    "academics": "sometimes",
    "transitions": "often",
    "safety": "never",
    "personal_care": "never",
    "behavior": "never",
    "communication": "never",
    "social": "sometimes",
    "unstructured": "never",
    "medical": "never",
    "mobility": "never",
    "when": ["lessons"],
}


# ── Fixtures ────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def server(request):
    """The site (conftest's site_dir: build.py, once per session) served as GitHub Pages would serve it.

    QUIZ_E2E_SITE=<folder> uses a site already built there instead, for quick runs while editing the script.
    """
    prebuilt = os.environ.get("QUIZ_E2E_SITE")
    folder = Path(prebuilt) if prebuilt else request.getfixturevalue("site_dir")
    with StaticServer(folder, prefix="/para-guide/") as running:
        yield running


def _guarded_context(chromium, server):
    """A phone-sized browser context that aborts, and records, any request to another origin."""
    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    ctx.guard = OriginGuard(ctx, server.origin)
    return ctx


@pytest.fixture(scope="module")
def shared_context(chromium, server):
    """One context for the tests that do not intercept requests: the engine boots cold once, then from cache."""
    ctx = _guarded_context(chromium, server)
    yield ctx
    ctx.close()


@pytest.fixture()
def context(chromium, server):
    """A fresh context (cold cache) for a test that holds or fails the engine's requests."""
    ctx = _guarded_context(chromium, server)
    yield ctx
    ctx.close()
    ctx.guard.assert_none_foreign()


@pytest.fixture()
def page(shared_context, server):
    """A new tab (so a new sessionStorage) on the questionnaire page, checked for errors and other origins."""
    page = shared_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + PAGE)
    page.wait_for_selector(".quiz--enhanced")
    yield page
    page.close()
    shared_context.guard.assert_none_foreign()
    assert not errors, errors


# ── Helpers ─────────────────────────────────────────────────────────────────────────────────────


def expected(answers: dict) -> dict:
    """What the engine in CPython says for these answers, with the band's title as plain text."""
    source = flagship()
    result = engine.score(source.questionnaire, answers)
    band = next(b for b in source.data["bands"] if b["id"] == result["band"])
    asked = engine.asked(source.questionnaire, answers)
    points = engine._points(source.questionnaire, asked)
    asked_ids = [
        q.id for q in source.questionnaire.questions if q.ask_when is None or q.ask_when.evaluate(asked, points)
    ]
    return {"result": result, "title": _text(band["title"]), "asked": asked_ids}


def _text(markdown_or_html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", markdown_or_html)).split())


def step(page) -> str:
    return page.evaluate("document.querySelector('.quiz').dataset.step")


def current_question(page) -> str:
    return page.locator(".quiz__question:not([hidden])").get_attribute("data-question")


def focused(page, script: str) -> bool:
    return page.evaluate(f"(el => Boolean(el && ({script})))(document.activeElement)")


def tab_to(page, script: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `script` (a JS expression over `el`)."""
    for _ in range(limit):
        if focused(page, script):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {script}")


def answer_by_keyboard(page, question: str, value) -> None:
    """Answer the question on screen with Tab, Space and the arrow keys only."""
    inputs = page.locator(f"#q-{question} input")
    values = [inputs.nth(i).get_attribute("value") for i in range(inputs.count())]
    tab_to(page, f"el.name === '{question}'")
    if isinstance(value, list):  # checkboxes: Tab through them, Space on the ones to tick
        for index, option in enumerate(values):
            if index:
                page.keyboard.press("Tab")
            assert focused(page, f"el.value === '{option}'")
            checked = page.evaluate("document.activeElement.checked")
            if checked != (option in value):
                page.keyboard.press("Space")
        return
    page.keyboard.press("Space")  # ticks the radio Tab landed on (the first, or the one already chosen)
    here = values.index(page.evaluate("document.activeElement.value"))
    for _ in range((values.index(value) - here) % len(values)):
        page.keyboard.press("ArrowDown")  # moves and chooses, wrapping at the end
    assert page.is_checked(f"#q-{question}-{value}")


def continue_by_keyboard(page) -> None:
    tab_to(page, "el.type === 'submit' && el.textContent.trim() === 'Continue'")
    page.keyboard.press("Enter")


def answer_by_clicks(page, answers: dict) -> list:
    """Walk the questions (quicker than the keyboard, for tests about other things); returns the ids seen."""
    seen = []
    while step(page) == "question":
        question = current_question(page)
        seen.append(question)
        value = answers.get(question)
        for item in value if isinstance(value, list) else [value] if value else []:
            page.check(f"#q-{question}-{item}")
        page.get_by_role("button", name="Continue").click()
    return seen


def wait_for_result(page) -> dict:
    page.wait_for_function("() => document.querySelector('.quiz').dataset.band", timeout=READY_MS)
    return {
        "band": page.evaluate("document.querySelector('.quiz').dataset.band"),
        "heading": " ".join(page.locator(".quiz__result .quiz__heading").inner_text().split()),
    }


def wait_until_ready(page) -> None:
    page.wait_for_function("() => document.querySelector('.quiz__status').textContent === ''", timeout=READY_MS)


# ── Tests ───────────────────────────────────────────────────────────────────────────────────────


def test_whole_questionnaire_by_keyboard_gives_the_engines_result(page):
    want = expected(SAFETY_CHILD)
    seen = []
    while step(page) == "question":
        question = current_question(page)
        seen.append(question)
        count = page.locator(f"#q-{question} .quiz__count").inner_text()
        assert count == f"Question {len(seen)} of {len(want['asked'])}" or len(seen) < len(want["asked"]), count
        assert focused(page, "true") and page.locator(".quiz__question:not([hidden])").count() == 1
        if question in SAFETY_CHILD:
            answer_by_keyboard(page, question, SAFETY_CHILD[question])
        continue_by_keyboard(page)
        assert len(seen) < 30, seen

    assert seen == want["asked"]  # follow-ups shown exactly when the engine asks them
    assert step(page) == "check"
    assert focused(page, "el.textContent === 'Check your answers'")
    rows = page.locator(".quiz__summary-row")
    assert rows.count() == len(want["asked"])
    assert "They head for an outside door" in rows.nth(seen.index("safety_where")).inner_text()

    tab_to(page, "el.textContent.trim() === 'See my result'")
    page.keyboard.press("Enter")
    shown = wait_for_result(page)
    assert shown["band"] == want["result"]["band"]
    assert shown["heading"] == want["title"]
    # Focus on the result's first heading: an urgent note's box when the result has one, else the band's title.
    urgent = [n["id"] for n in flagship().data["notes"] if n.get("urgent") and n["id"] in want["result"]["notes"]]
    assert urgent, "this child's result should carry the urgent safety note"
    assert focused(page, "el.classList.contains('quiz__urgent-title')")
    assert page.locator(".quiz__status").inner_text() == f"Your result: {want['title']}"
    reasons = page.locator(".quiz__reason")
    assert reasons.count() == len(want["result"]["reasons"]) > 0
    notes = [_text(n) for n in page.locator(".quiz__urgent-title, .quiz__note-title").all_inner_texts()]
    titles = {n["id"]: _text(n["title"]) for n in flagship().data["notes"]}
    assert notes == [titles[n] for n in urgent] + [titles[n] for n in want["result"]["notes"] if n not in urgent]
    when_labels = {
        o["value"]: o["label"] for q in flagship().data["questions"] if q["id"] == "when" for o in q["options"]
    }
    assert page.locator(".quiz__focus li").all_inner_texts() == [when_labels[v] for v in want["result"]["focus"]]


def test_follow_up_only_when_relevant_and_changing_an_answer_changes_the_result(page):
    calm = expected(CALM_CHILD)
    seen = answer_by_clicks(page, CALM_CHILD)
    assert "safety_where" not in seen and "injury" not in seen and "plan" not in seen
    assert seen == calm["asked"]
    page.get_by_role("button", name="See my result").click()
    first = wait_for_result(page)
    assert first["band"] == calm["result"]["band"]

    # Back to check answers, change safety; the new follow-ups are asked, then check answers again.
    page.get_by_role("button", name="Check or change your answers").click()
    assert step(page) == "check"
    page.locator('.quiz__summary a[data-change="safety"]').click()
    assert current_question(page) == "safety"
    assert page.is_checked("#q-safety-never")
    changed = dict(CALM_CHILD, safety="always", safety_where="exits_or_street", plan="none")
    follow_ups = []
    page.check("#q-safety-always")
    page.get_by_role("button", name="Continue").click()
    while step(page) == "question":
        question = current_question(page)
        follow_ups.append(question)
        page.check(f"#q-{question}-{changed[question]}")
        page.get_by_role("button", name="Continue").click()
    assert follow_ups == ["safety_where", "plan"]
    assert step(page) == "check"

    page.get_by_role("button", name="See my result").click()
    second = wait_for_result(page)
    want = expected(changed)
    assert second["band"] == want["result"]["band"] and second["heading"] == want["title"]
    assert second["band"] != first["band"]


def test_continue_without_an_answer_shows_the_error_summary(page):
    title = page.title()
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".quiz__error-summary")
    assert summary.is_visible()
    assert page.title() == f"Error: {title}"  # GOV.UK: the error is the first thing a screen reader says
    assert focused(page, "el.classList.contains('quiz__error-summary')")
    assert summary.locator("[role=alert] h2").inner_text() == "There is a problem"
    link = summary.locator("a")
    assert link.get_attribute("href") == "#q-academics-never"
    inline = page.locator("#q-academics .quiz__error-message")
    assert inline.is_visible()
    described = page.get_attribute("#q-academics fieldset", "aria-describedby").split()
    assert inline.get_attribute("id") in described
    assert current_question(page) == "academics"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the link in the summary takes the parent to the first answer
    assert focused(page, "el.id === 'q-academics-never'")

    # Answering and continuing clears the error; an optional question may be skipped.
    page.check("#q-academics-often")
    page.get_by_role("button", name="Continue").click()
    assert not summary.is_visible() and page.locator(".quiz__error-message").count() == 0
    assert page.title() == title
    answer_by_clicks(page, {q: v for q, v in CALM_CHILD.items() if q != "home_language"})
    assert step(page) == "check"
    assert "Not answered" in page.locator(".quiz__summary-row").last.inner_text()


def test_reload_restores_answers_and_step(page):
    for question, value in [("academics", "often"), ("transitions", "never"), ("safety", "sometimes")]:
        page.check(f"#q-{question}-{value}")
        page.get_by_role("button", name="Continue").click()
    assert current_question(page) == "safety_where"
    stored = json.loads(page.evaluate("sessionStorage.getItem('quiz:paraprofessional-support')"))
    assert stored == {
        "questionnaire": "paraprofessional-support",
        "version": 1,
        "answers": {"academics": "often", "transitions": "never", "safety": "sometimes"},
    }
    # Material keeps its own settings in localStorage; the questionnaire writes nothing there.
    assert page.evaluate("Object.keys(localStorage).filter(key => /quiz|answers/.test(key))") == []

    page.reload()
    page.wait_for_selector(".quiz--enhanced")
    assert current_question(page) == "safety_where"
    for question, value in [("academics", "often"), ("transitions", "never"), ("safety", "sometimes")]:
        assert page.is_checked(f"#q-{question}-{value}")
    page.get_by_role("link", name="Back", exact=True).click()
    assert current_question(page) == "safety" and page.is_checked("#q-safety-sometimes")


def test_first_question_works_before_the_engine_is_ready(context, server):
    held = []
    context.route("**/assets/quiz/runtime/**", lambda route: held.append(route))  # not answered until released
    page = context.new_page()
    page.goto(server.url + PAGE)
    page.wait_for_selector(".quiz--enhanced")
    page.wait_for_function("() => document.querySelector('.quiz__status').textContent !== ''")
    assert page.locator(".quiz__status").inner_text() == "Getting the questionnaire ready on your device…"

    page.check("#q-academics-always")
    page.get_by_role("button", name="Continue").click()
    page.check("#q-transitions-often")
    page.get_by_role("button", name="Continue").click()
    assert current_question(page) == "safety"
    assert held, "the runtime was not requested, so nothing was held"
    assert "Getting the questionnaire ready" in page.locator(".quiz__status").inner_text()

    context.unroute("**/assets/quiz/runtime/**")
    for route in held:
        route.fallback()  # on to the origin guard, which lets our own origin through
    wait_until_ready(page)
    answers = dict(CALM_CHILD, academics="always", transitions="often")
    answer_by_clicks(page, answers)
    page.get_by_role("button", name="See my result").click()
    assert wait_for_result(page)["band"] == expected(answers)["result"]["band"]


def test_on_a_return_visit_the_engine_starts_from_the_head_and_boots_once(chromium, server):
    # No routing here (Playwright's routing turns the browser's cache off): the second visit comes from the cache,
    # as a parent's return does. Requests to other origins are recorded and must be none.
    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    seen = []
    ctx.on("request", lambda request: seen.append(request.url))
    early = "performance.getEntriesByName('quiz:engine-early').length"
    ready = "() => performance.getEntriesByName('quiz:engine-ready').length > 0"  # the page's engine client's mark
    try:
        first = ctx.new_page()
        first.goto(server.url + PAGE)
        first.wait_for_function(ready, timeout=READY_MS)
        assert first.evaluate(early) == 0, "a first visit: the engine starts as the first question is shown"
        wait_until_copy_kept(first)  # the copy of Python's memory (engine-snapshot.js), written whole
        first.close()
        page = ctx.new_page()
        page.goto(server.url + PAGE)
        page.wait_for_function(ready, timeout=READY_MS)
        page.wait_for_selector(".quiz--enhanced")
        assert page.evaluate(early) == 1, "a return visit: quiz.js started the engine from the head's meta"
        assert page.locator(".quiz__status").inner_text() == "", "the questionnaire heard the engine was ready"
        answer_by_clicks(page, CALM_CHILD)
        page.get_by_role("button", name="See my result").click()
        assert wait_for_result(page)["band"] == expected(CALM_CHILD)["result"]["band"]
        workers = [w for w in page.workers if w.url.endswith("/assets/quiz/worker.js")]
        assert len(workers) == 1, "the questionnaire took up the engine started early: one boot, not two"
        restored = "performance.getEntriesByName('engine:from-snapshot').length"
        assert workers[0].evaluate(restored) == 1, "the return visit's Python started from the copy the first kept"
    finally:
        ctx.close()
    assert seen and all(url.startswith(server.origin) or url.startswith(("data:", "blob:")) for url in seen)


def test_engine_failure_offers_retry_and_keeps_answers(context, server):
    failing = {"on": True}

    def runtime(route):
        if failing["on"] and route.request.url.endswith("pyodide.mjs"):
            route.abort()
        else:
            route.fallback()

    context.route("**/assets/quiz/runtime/**", runtime)
    page = context.new_page()
    page.goto(server.url + PAGE)
    answer_by_clicks(page, CALM_CHILD)
    page.get_by_role("button", name="See my result").click()
    retry = page.get_by_role("button", name="Try again")
    retry.wait_for(timeout=READY_MS)
    assert "could not get ready" in page.locator(".quiz__problem").inner_text()
    assert page.locator(".quiz__result .quiz__heading").inner_text() == "Your result could not be worked out"

    failing["on"] = False
    retry.click()
    assert wait_for_result(page)["band"] == expected(CALM_CHILD)["result"]["band"]
    assert page.locator(".quiz__problem").is_hidden()


# ── History: each step a page (issue 13) ────────────────────────────────────────────────────────


def state(page) -> tuple:
    """The step on screen and the URL's hash."""
    return step(page), page.evaluate("location.hash")


def press_back_link_by_keyboard(page) -> None:
    """The back link sits before <main>: Tab from the top of the page until it has focus, then Enter."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Home")
    tab_to(page, "el.classList.contains('quiz__back') && el.textContent.trim() === 'Back'")
    page.keyboard.press("Enter")


def test_back_forward_and_reload_move_one_step_with_the_answers_as_given_by_keyboard(page):
    """Each step is a history entry: Back and Forward move one step, a reload keeps it, and answers stay."""
    want = expected(CALM_CHILD)
    history_before = page.evaluate("history.length")
    assert state(page) == ("question", "#q-academics")
    assert page.locator(".quiz-back .quiz__back").is_hidden()  # nothing to go back to on the first question
    # The back link is before <main>, GOV.UK's place for it.
    assert page.evaluate("""() => { const link = document.querySelector('.quiz__back');
        const main = document.querySelector('main');
        return !main.contains(link)
          && Boolean(link.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING); }""")

    seen = []
    while step(page) == "question":
        question = current_question(page)
        seen.append(question)
        assert page.evaluate("location.hash") == f"#q-{question}"
        if question in CALM_CHILD:
            answer_by_keyboard(page, question, CALM_CHILD[question])
        continue_by_keyboard(page)
    assert seen == want["asked"]
    assert state(page) == ("check", "#check")
    assert page.evaluate("history.length") == history_before + len(seen)  # one entry per step
    tab_to(page, "el.textContent.trim() === 'See my result'")
    page.keyboard.press("Enter")
    assert wait_for_result(page)["band"] == want["result"]["band"]
    assert state(page) == ("result", "#result")

    # Browser Back: check answers, then the last question, with its answer as given; focus on its heading.
    page.go_back()
    assert state(page) == ("check", "#check")
    page.go_back()
    last = seen[-1]
    assert state(page) == ("question", f"#q-{last}")
    assert focused(page, "el.classList.contains('quiz__title')")
    given = CALM_CHILD.get(last)
    if given:
        for value in given if isinstance(given, list) else [given]:
            assert page.is_checked(f"#q-{last}-{value}")
    page.go_back()
    assert state(page) == ("question", f"#q-{seen[-2]}")
    # Forward again, then the back link by keyboard goes back one step too.
    page.go_forward()
    page.go_forward()
    assert state(page) == ("check", "#check")
    press_back_link_by_keyboard(page)
    page.wait_for_function(f"() => location.hash === '#q-{last}'")
    assert state(page) == ("question", f"#q-{last}")

    # A reload keeps the step and every answer.
    page.go_forward()
    page.go_forward()
    assert state(page) == ("result", "#result")
    page.reload()
    page.wait_for_selector(".quiz[data-band]", state="attached", timeout=READY_MS)
    assert state(page) == ("result", "#result")
    assert page.locator(".quiz__resume").is_hidden()  # a reload is not a fresh visit: no question asked
    for question, value in CALM_CHILD.items():
        for item in value if isinstance(value, list) else [value]:
            assert page.is_checked(f"#q-{question}-{item}"), question
    page.go_back()
    assert state(page) == ("check", "#check")  # the entries before the reload are still there


def test_change_from_check_answers_asks_the_new_follow_up_then_returns_and_back_retraces(page):
    answer_by_clicks(page, CALM_CHILD)
    assert step(page) == "check"
    page.locator('.quiz__summary a[data-change="behavior"]').click()
    assert state(page) == ("question", "#q-behavior")
    page.check("#q-behavior-often")
    page.get_by_role("button", name="Continue").click()
    asked = []
    while step(page) == "question":  # only the follow-ups the new answer brings in
        question = current_question(page)
        asked.append(question)
        page.check(f"#q-{question} input >> nth=0")
        page.get_by_role("button", name="Continue").click()
    assert asked == ["injury", "plan"]
    assert state(page) == ("check", "#check")
    page.go_back()
    assert state(page) == ("question", "#q-plan")
    # Continue from there still returns to check answers: the entry remembers it came from "Change".
    page.get_by_role("button", name="Continue").click()
    assert state(page) == ("check", "#check")


def test_a_fresh_visit_with_kept_answers_asks_to_continue_or_start_again(shared_context, server):
    """Decision: a link from outside (or the address bar) to the page with answers kept from before asks
    "Continue where you left off" or "Start again"; a reload or Back into the page goes straight on."""
    page = shared_context.new_page()
    try:
        page.goto(server.url + PAGE)
        page.wait_for_selector(".quiz--enhanced")
        assert page.locator(".quiz__resume").is_hidden()  # nothing kept: the first question, no choice
        for question, value in [("academics", "often"), ("transitions", "never"), ("safety", "never")]:
            page.check(f"#q-{question}-{value}")
            page.get_by_role("button", name="Continue").click()
        assert state(page) == ("question", "#q-personal_care")

        page.goto(server.url)  # away, then back by a link from another page
        page.locator(f'.md-content a[href$="{PAGE}"]').first.click()
        page.wait_for_selector(".quiz--enhanced")
        choice = page.locator(".quiz__resume")
        assert choice.is_visible() and step(page) == "resume"
        assert page.locator(".quiz-back .quiz__back").is_hidden()
        tab_to(page, "el.textContent.trim() === 'Continue where you left off'")
        page.keyboard.press("Enter")
        assert state(page) == ("question", "#q-personal_care")
        assert page.is_checked("#q-academics-often") and page.is_checked("#q-transitions-never")

        page.goto(server.url + PAGE)  # the address bar: asked again; this time, start again
        page.wait_for_selector(".quiz--enhanced")
        assert step(page) == "resume"
        page.get_by_role("button", name="Start again").click()
        assert state(page) == ("question", "#q-academics")
        assert not page.is_checked("#q-academics-often")
        assert page.evaluate("sessionStorage.getItem('quiz:paraprofessional-support')") is None
        page.reload()
        page.wait_for_selector(".quiz--enhanced")
        assert state(page) == ("question", "#q-academics")  # nothing kept any more: no choice
    finally:
        page.close()
