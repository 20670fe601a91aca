"""Material's search on a questionnaire page: the index is built when the parent first searches (quiz/site/search.py,
quiz/web/search-on-demand.js), and search then works as on every other page, in every language."""

from __future__ import annotations

import re

import pytest

from quiz.site import search
from tests.helpers import material_config
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.support.walk import QUESTIONNAIRE, QUESTIONNAIRES, wait_until_ready
from tests.test_languages import html_of

GUIDE = "guide/safety/"
MATERIAL = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")  # Material's own worker


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, prefix="/para-guide/") as running:
        yield running


@pytest.fixture
def context(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
    ctx.guard = OriginGuard(ctx, server.origin)
    yield ctx
    ctx.close()
    ctx.guard.assert_none_foreign()


def _config_worker(site_dir, page: str) -> str:
    return material_config(html_of(site_dir, page))["search"]


def test_questionnaire_pages_name_the_on_demand_worker_and_other_pages_materials(site_dir):
    assert (site_dir / search.DEST).is_file()
    for page in QUESTIONNAIRES:
        worker = _config_worker(site_dir, page)
        assert re.fullmatch(
            r"(\.\./)+assets/javascripts/workers/search-on-demand\.js\?material=search\.[0-9a-f]+\.min\.js", worker
        )
        material = worker.split("?material=")[1]
        assert (site_dir / search.WORKERS / material).is_file(), "it names the worker Material built"
    for page in (GUIDE, "es/" + GUIDE, ""):
        assert re.fullmatch(
            r"(\.\./)*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", _config_worker(site_dir, page)
        )
    assert not (site_dir / "assets" / "quiz" / search.SOURCE.name).exists(), "it lives beside Material's worker only"


def test_the_swap_leaves_a_page_without_materials_worker_as_it_is():
    page = '<script id="__config" type="application/json">{"search": "../assets/other/worker.js"}</script>'
    assert search.on_demand(page) == page
    materials = '{"base": "..", "search": "../assets/javascripts/workers/search.0a1b.min.js"}'
    assert search.on_demand(materials) == (
        '{"base": "..", "search": "../assets/javascripts/workers/search-on-demand.js?material=search.0a1b.min.js"}'
    )


def _search(page, text: str) -> list[str]:
    page.locator("label[for='__search']").first.click()
    page.keyboard.type(text)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.locator(".md-search-result__item").all_inner_texts()


@pytest.mark.parametrize(
    ("path", "query", "then"),
    [(QUESTIONNAIRE, "elopement", "letter"), ("es/" + QUESTIONNAIRE, "seguridad", "carta")],
    ids=["en", "es"],
)
def test_on_a_questionnaire_page_the_index_is_built_at_the_first_search_and_search_works(
    context, server, path, query, then
):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("worker", lambda worker: worker.on("console", lambda msg: msg.type == "error" and errors.append(msg.text)))
    page.goto(server.url + path)
    wait_until_ready(page)
    page.wait_for_function("() => performance.getEntriesByName('quiz:engine-ready').length > 0")
    seen = context.guard.seen
    assert any(url.endswith("/search/search_index.json") for url in seen), "Material still fetches the index at load"
    assert any("/workers/search-on-demand.js?material=" in url for url in seen)
    page.locator("label[for='__search']").first.click()  # the search box opens, empty: still nothing to build
    page.wait_for_timeout(500)
    assert not any(MATERIAL.search(url) for url in seen), "Material's worker (and its index) waited for a search"
    page.keyboard.press("Escape")

    items = _search(page, query)
    assert any(MATERIAL.search(url) for url in seen), "the first search loaded Material's worker"
    assert items and any(query in item.lower() for item in items), items
    assert page.locator(".md-search-result__item mark").count() > 0, "Material highlights the words it matched"
    if path.startswith("es/"):  # Spanish words are stemmed: the stemmers load from ../lunr/ beside the worker
        assert any(url.endswith("/assets/javascripts/lunr/min/lunr.es.min.js") for url in seen), seen
    # Another query after the first: Material's worker answers it itself, with the latest words' results.
    page.locator("[data-md-component=search-query]").press("Control+a")  # Material reads the box on keyup
    page.keyboard.type(then)
    page.wait_for_function(
        "(word) => [...document.querySelectorAll('.md-search-result__item mark')]"
        ".some((mark) => mark.textContent.toLowerCase().startsWith(word))",
        arg=then,
        timeout=15_000,
    )
    assert not errors, errors
    page.close()


def test_on_a_guide_page_materials_worker_builds_the_index_as_the_page_loads(context, server):
    page = context.new_page()
    page.goto(server.url + GUIDE)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert any(MATERIAL.search(url) for url in context.guard.seen), "unchanged where no engine starts"
    assert _search(page, "aide")
    page.close()
