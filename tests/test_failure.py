"""Failure without loss: when the engine cannot start, the parent keeps their answers and gets a way forward.

Each way the engine can fail to load is made to happen in Chromium: Pyodide's WebAssembly, the engine zip or
the definition JSON refused; the engine zip cut short; WebAssembly itself forbidden (the worker script served
with a Content-Security-Policy header that lacks 'wasm-unsafe-eval'). Each time the page must say so, offer
"Try again", keep the answers (on screen and in sessionStorage), and offer the paper version. With
JavaScript off, the page is the paper version: every question, and a guide to work the result out by hand.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from tests.helpers import flagship
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.support.walk import QUESTIONNAIRE, READY_MS, current_question

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "quiz" / "web"
FIRST = {"academics": "often", "transitions": "never"}


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, prefix="/para-guide/") as running:
        yield running


def _cut_short(route):
    response = route.fetch()
    route.fulfill(response=response, body=response.body()[:2048])


def _no_wasm(route):
    response = route.fetch()
    headers = dict(response.headers, **{"content-security-policy": "script-src 'self'"})
    route.fulfill(response=response, headers=headers)


def _edited(change):
    """The definition JSON as the build wrote it, then edited by hand on the server (issue 15)."""

    def handler(route):
        response = route.fetch()
        data = response.json()
        change(data)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-encoding", "content-length")}
        route.fulfill(status=200, headers=headers, body=json.dumps(data))

    return handler


FAILURES = {
    # Before the engine's limits, the worker's first scoring tried to build a text of a million million x's:
    # now its load() refuses the definition, as `quiz check` would, and the page shows why.
    "definition edited to repeat a text": (
        "**/questionnaires/paraprofessional-support.json",
        _edited(lambda d: d["values"].update(huge="'x' * 999999999999")),
    ),
    "definition edited to nest deeply": (
        "**/questionnaires/paraprofessional-support.json",
        _edited(lambda d: d["values"].update(deep="-" * 1500 + "1")),
    ),
    "wasm refused": ("**/pyodide.asm.wasm", lambda route: route.abort()),
    "engine zip refused": ("**/runtime/engine-*.zip", lambda route: route.abort()),
    "definition refused": ("**/questionnaires/paraprofessional-support.json", lambda route: route.abort()),
    "engine zip cut short": ("**/runtime/engine-*.zip", _cut_short),
    # Workers take their CSP from their own response; without 'wasm-unsafe-eval' WebAssembly cannot compile.
    "WebAssembly blocked": ("**/assets/quiz/worker.js", _no_wasm),
}


@pytest.mark.parametrize("how", list(FAILURES))
def test_engine_failure_keeps_answers_and_offers_retry_and_paper(chromium, server, how):
    pattern, handler = FAILURES[how]
    context = chromium.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
    guard = OriginGuard(context, server.origin)
    failing = [True]
    context.route(pattern, lambda route: handler(route) if failing[0] else route.fallback())
    try:
        page = context.new_page()
        page.goto(server.url + QUESTIONNAIRE)
        page.wait_for_selector(".quiz--enhanced")
        for question, value in FIRST.items():
            assert current_question(page) == question
            page.check(f"#q-{question}-{value}")
            page.get_by_role("button", name="Continue").click()
        retry = page.get_by_role("button", name="Try again")
        retry.wait_for(timeout=READY_MS)
        problem = page.locator(".quiz__problem")
        assert "could not get ready" in problem.inner_text() and "Your answers are kept" in problem.inner_text()
        assert problem.locator("[role=alert]").count() == 1  # announced
        # The answers stay: on screen, and in this tab's storage.
        for question, value in FIRST.items():
            assert page.is_checked(f"#q-{question}-{value}")
        stored = json.loads(page.evaluate("() => sessionStorage.getItem('quiz:paraprofessional-support')"))
        assert stored["answers"] == FIRST
        assert current_question(page) == "safety"  # still on the step the parent was on
        # The paper version is offered, and shown.
        link = problem.get_by_role("link", name="work it out on paper")
        paper = page.locator(".quiz__paper")
        assert link.get_attribute("href") == "#" + paper.get_attribute("id")
        assert paper.is_visible() and "Work it out on paper" in paper.inner_text()
        # Printing it gives every question, not only the one on screen.
        page.emulate_media(media="print")
        assert page.locator(".quiz__question").evaluate_all("items => items.every((q) => q.offsetHeight > 0)")
        page.emulate_media(media="screen")

        # Try again, with the fault gone: the engine starts and the answers are still there.
        failing[0] = False
        retry.click()
        page.wait_for_function(
            "() => document.querySelector('.quiz__status').textContent === ''"
            " && document.querySelector('.quiz__problem').hidden",
            timeout=READY_MS,
        )
        assert page.locator(".quiz__paper").is_hidden()
        page.get_by_role("link", name="Back", exact=True).click()
        page.get_by_role("link", name="Back", exact=True).click()
        assert page.is_checked("#q-academics-often")
        guard.assert_none_foreign()
    finally:
        context.close()


def test_without_javascript_every_question_and_the_paper_guide_are_there(chromium, server):
    from pypdf import PdfReader

    context = chromium.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(server.url + QUESTIONNAIRE)
        data = flagship().data
        for question in data["questions"]:
            assert page.locator(f"#q-{question['id']} fieldset").is_visible(), question["id"]
        paper = page.locator(".quiz__paper")
        assert paper.is_visible()
        assert paper.locator("h2").inner_text() == "Work it out on paper"
        guide = paper.locator(".quiz__paper-guide").inner_text()
        assert "Stop at the first one that fits" in guide
        titles = [" ".join(t.split()) for t in paper.locator(".quiz__paper-bands dt").all_inner_texts()]
        want = [" ".join(re.sub(r"<[^>]+>", "", b["title"]).split()) for b in data["bands"]]
        assert titles == want  # every band, in the order the engine tries them
        # The guide's steps (each band's paper: text) name the bands in that same order.
        steps = paper.locator(".quiz__paper-steps").inner_text()
        order = [
            steps.find(name)
            for name in (
                "One-to-one",
                "Gather more information",
                "Shared support",
                "certain times of day",
                "Classroom supports",
            )
        ]
        assert -1 not in order and order == sorted(order), order
        page.emulate_media(media="print")
        pdf = page.pdf(format="Letter")
        text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
        assert "Work it out on paper" in text and "Question 1 of" in text
        # Every question prints, the last too, though below the screen it is laid out only when scrolled to (quiz.css)
        last = len(data["questions"])
        assert f"Question {last} of {last}" in text, text[-2000:]
        assert page.locator(".md-header").is_hidden()  # the site's chrome is not printed
    finally:
        context.close()


def test_grade_of_the_scoring_guide_is_checked():
    from quiz.authoring import checks

    source = flagship()
    assert source.data.get("scoring_guide"), "the flagship has a scoring guide"
    assert not [e for e in checks.reading_grade(source) if "scoring_guide" in str(e)]


def test_answer_values_are_never_inserted_as_html():
    """Only texts our build rendered from the editors' Markdown go in as HTML, each line saying so."""
    risky = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment")
    found = []
    for script in sorted(ASSETS.glob("*.js")):
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), start=1):
            if risky.search(line):
                found.append((script.name, number, line.strip()))
    for name, number, line in found:
        assignment = re.search(r"\.innerHTML\s*=\s*([^;]+);", line)
        # letter.title and letter.hint: a letter of the definition's `letters:` list (letter.js reads them from
        # definition.letters), texts our build rendered, like every other definition text.
        assert assignment and re.fullmatch(
            r"trusted|definition\.[a-z_.]+|letter\.(title|hint)", assignment.group(1).strip()
        ), f"{name}:{number}: {line}"
        assert "Markdown" in line, f"{name}:{number}: say where the HTML comes from: {line}"
    # result.js's html() helper is that one assignment ("trusted"): its callers pass the definition's texts;
    # test_a_hostile_answers_file_is_refused_as_text shows a parent's file cannot reach the page as markup.


def test_a_hostile_answers_file_is_refused_as_text(chromium, server):
    context = chromium.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(server.url + QUESTIONNAIRE)
        page.wait_for_selector(".quiz--enhanced")
        file_input = page.locator(".quiz input[type=file]")
        if not file_input.count():
            pytest.skip("no 'Load saved answers' control on the page yet (issue 4)")
        page.check("#q-academics-often")
        before = page.evaluate("() => sessionStorage.getItem('quiz:paraprofessional-support')")
        hostile = {
            "questionnaire": "paraprofessional-support",
            "version": 1,
            "answers": {"academics": '<img src=x onerror="window.__owned=1">'},
        }
        file_input.first.set_input_files(
            files=[{"name": "answers.json", "mimeType": "application/json", "buffer": json.dumps(hostile).encode()}]
        )
        page.wait_for_function(
            "() => document.querySelector('.quiz').innerText.includes('<img src=x')", timeout=READY_MS
        )
        assert page.evaluate("() => document.querySelectorAll('.quiz img').length") == 0
        assert page.evaluate("() => window.__owned") is None
        assert page.is_checked("#q-academics-often")  # nothing on screen changed
        assert page.evaluate("() => sessionStorage.getItem('quiz:paraprofessional-support')") == before
    finally:
        context.close()
