"""The questionnaire in Spanish, end to end in Chromium: the built site under /para-guide/ with gzip.

Three children answered by keyboard alone, each result the engine's own for the same answers (worked out here
by CPython on the Spanish definition); switching language in the middle keeps the answers and the step (one
origin, one sessionStorage, keyed by the questionnaire's id); and the paper version without JavaScript.
Any request to another origin fails the test.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from quiz.authoring import translation
from quiz.core import engine
from quiz.site import ui_strings
from tests.helpers import flagship
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.test_questionnaire_e2e import (
    CALM_CHILD,
    SAFETY_CHILD,
    answer_by_keyboard,
    current_question,
    focused,
    step,
    tab_to,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = "questionnaires/paraprofessional-support/"
PAGE_ES = "es/" + PAGE
TABLE = ROOT / "docs-es" / "questionnaires" / "paraprofessional-support.yml"
READY_MS = 45_000
UNSURE_CHILD = {
    "academics": "not_sure",
    "transitions": "not_sure",
    "safety": "never",
    "personal_care": "not_sure",
    "behavior": "never",
    "communication": "sometimes",
    "social": "not_sure",
    "unstructured": "never",
    "medical": "never",
    "mobility": "never",
    "home_language": "spanish",
}


def es(key: str, **values) -> str:
    return ui_strings.text(key, "es", **values)


def spanish():
    return translation.load(flagship(), TABLE, "es")


def plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def expected(answers: dict) -> dict:
    source = spanish()
    result = engine.score(source.questionnaire, engine.check_answers(answers, source.questionnaire))
    band = next(b for b in source.data["bands"] if b["id"] == result["band"])
    return {"band": result["band"], "title": plain(band["title"]), "reasons": len(result["reasons"])}


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, prefix="/para-guide/") as running:
        yield running


@pytest.fixture()
def context(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    ctx.guard = OriginGuard(ctx, server.origin)
    yield ctx
    ctx.guard.assert_none_foreign()
    ctx.close()


def continue_by_keyboard(page) -> None:
    tab_to(page, f"el.type === 'submit' && el.textContent.trim() === '{es('step.continue')}'")
    page.keyboard.press("Enter")


def test_three_children_are_answered_in_spanish_by_keyboard_and_get_the_engines_result(chromium, server):
    children = [SAFETY_CHILD, CALM_CHILD, UNSURE_CHILD]
    bands = {expected(child)["band"] for child in children}
    assert len(bands) == 3, f"the three children should get three results, not {bands}"
    for child in children:
        want = expected(child)
        ctx = chromium.new_context(viewport={"width": 375, "height": 800})  # a fresh tab: no answers kept
        guard = OriginGuard(ctx, server.origin)
        page = ctx.new_page()
        page.goto(server.url + PAGE_ES)
        assert page.evaluate("document.documentElement.lang") == "es"
        page.wait_for_selector(".quiz--enhanced")
        seen = []
        while step(page) == "question":
            question = current_question(page)
            seen.append(question)
            count = page.locator(f"#q-{question} .quiz__count").inner_text()
            assert re.fullmatch(r"Pregunta \d+ de \d+", count), count
            if question in child:
                answer_by_keyboard(page, question, child[question])
            continue_by_keyboard(page)
            assert len(seen) < 30, seen
        assert step(page) == "check"
        assert focused(page, f"el.textContent === '{es('check.title')}'")
        tab_to(page, f"el.textContent.trim() === '{es('check.seeResult')}'")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('.quiz').dataset.band", timeout=READY_MS)
        assert page.evaluate("document.querySelector('.quiz').dataset.band") == want["band"]
        heading = " ".join(page.locator(".quiz__result .quiz__heading").inner_text().split())
        assert heading == want["title"]
        assert page.locator(".quiz__status").inner_text() == es("status.result", title=want["title"])
        assert page.locator(".quiz__reason").count() == want["reasons"] > 0
        guard.assert_none_foreign()
        ctx.close()


def test_switching_language_in_the_middle_keeps_the_answers_and_the_step(context, server):
    page = context.new_page()
    page.goto(server.url + PAGE)
    page.wait_for_selector(".quiz--enhanced")
    answered = {}
    for _ in range(3):
        question = current_question(page)
        value = CALM_CHILD[question]
        page.check(f"#q-{question}-{value}")
        answered[question] = value
        page.get_by_role("button", name="Continue").click()
    here = current_question(page)
    assert here not in answered

    # The language menu: the link to this page in Spanish, followed as a parent would (hover, then click).
    page.hover(".md-header .md-select")
    page.locator(".md-select__link[hreflang=es]").click()
    page.wait_for_url(re.compile(re.escape(server.url + PAGE_ES) + "$"))
    page.wait_for_selector(".quiz--enhanced")
    assert page.evaluate("document.documentElement.lang") == "es"
    # Opened from its twin, the page goes on at the same step: a language switch is not a fresh visit, so there is
    # no "continue where you left off?" (navigation.js, Navigation.fromTwin).
    assert step(page) == "question" and current_question(page) == here, "the step is kept"
    for question, value in answered.items():
        assert page.is_checked(f"#q-{question}-{value}"), question
    legend = page.locator(f"#q-{here} .quiz__title").inner_text()
    english = next(q["title"] for q in flagship().data["questions"] if q["id"] == here)
    assert legend.strip() and plain(legend) != plain(english), "the question is shown in Spanish"

    # And back through the Spanish page's menu: the English page is at the same step with the same answers.
    page.hover(".md-header .md-select")
    page.locator(".md-select__link[hreflang=en]").click()
    page.wait_for_url(re.compile(re.escape(server.url + PAGE) + "$"))
    page.wait_for_selector(".quiz--enhanced")
    assert step(page) == "question" and current_question(page) == here
    for question, value in answered.items():
        assert page.is_checked(f"#q-{question}-{value}"), question


def test_the_spanish_paper_version_works_without_javascript(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    guard = OriginGuard(ctx, server.origin)
    page = ctx.new_page()
    page.goto(server.url + PAGE_ES)
    assert page.locator(".quiz__paper").is_visible()
    assert page.locator(".quiz__paper-title").inner_text() == es("paper.title")
    fieldsets = page.locator("fieldset.quiz__fieldset")
    assert fieldsets.count() == len(spanish().data["questions"])
    assert all(fieldsets.nth(i).is_visible() for i in range(fieldsets.count()))
    first = page.locator(".quiz__question").first
    assert first.locator(".quiz__count").inner_text().startswith("Pregunta 1 de ")
    source = spanish()
    assert plain(first.locator(".quiz__title").inner_html()) == plain(
        translation.english_texts(source.data)["questions.academics.title"].value
    )
    band_titles = [plain(t) for t in page.locator(".quiz__paper-bands dt").all_inner_texts()]
    assert band_titles == [plain(b["title"]) for b in source.data["bands"]]
    guard.assert_none_foreign()
    ctx.close()


def test_hreflang_links_are_alternates_to_the_browser_and_cost_no_request(context, server):
    page = context.new_page()
    page.goto(server.url + "es/guide/safety/")
    page.wait_for_load_state("networkidle")
    links = page.evaluate("""() => [...document.querySelectorAll('link[hreflang]')].map(
        (l) => [l.relList.contains('alternate'), l.hreflang, l.href])""")
    assert sorted(lang for _, lang, _ in links) == ["en", "es", "x-default"]
    assert all(alternate for alternate, _, _ in links)
    assert dict((lang, href) for _, lang, href in links)["es"] == server.url + "es/guide/safety/"
    # Material fetches <href>/sitemap.xml for every link[rel=alternate]: none for a page's twins, so no 404.
    missing = [r.path for r in server.requests if r.status == 404]
    assert not missing, missing


@pytest.mark.parametrize("path", [PAGE, PAGE_ES])
def test_choosing_spanish_for_meetings_points_to_the_spanish_pages_and_the_interpreter_guidance(chromium, server, path):
    from tests.support.walk import answer_all, wait_for_result, word

    ctx = chromium.new_context(viewport={"width": 375, "height": 800})
    guard = OriginGuard(ctx, server.origin)
    page = ctx.new_page()
    page.goto(server.url + path)
    page.wait_for_selector(".quiz--enhanced")
    answer_all(page, dict(CALM_CHILD, home_language="spanish"))
    page.get_by_role("button", name=word(page, "check.seeResult")).click()
    wait_for_result(page)
    links = page.evaluate("""() => [...document.querySelectorAll('.quiz__result a[href*="rights/language/"]')]
        .map((a) => [a.href, a.hreflang])""")
    targets = {href.split("#")[0] for href, _ in links}
    interpreter = server.url + "es/rights/language/" if path == PAGE_ES else server.url + "rights/language/"
    assert interpreter in targets, links  # the interpreter guidance, in the page's language
    if path == PAGE:
        assert server.url + "es/rights/language/" in targets, "the English result points to the Spanish pages"
        assert any(lang == "es" for _, lang in links)
    for target in targets:
        response = page.request.get(target)
        assert response.status == 200, target
        assert ('<html lang="es"' in response.text()) == ("/es/" in target)
    guard.assert_none_foreign()
    ctx.close()


@pytest.mark.parametrize(
    "path, query, spanish", [("es/guide/safety/", "seguridad", True), ("guide/safety/", "safety", False)]
)
def test_a_search_finds_pages_of_the_pages_language_only(context, server, path, query, spanish):
    page = context.new_page()
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")  # the search worker has its index (one per language: es/search/)
    page.locator("label.md-header__button[for=__search]").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=50)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=READY_MS)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert hrefs
    for href in hrefs:
        assert (
            "/es/"
            in (
                server.url + path
                if href.startswith("#")
                else page.evaluate("(h) => new URL(h, location.href).href", href)
            )
        ) == spanish, (path, href)
