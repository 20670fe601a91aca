"""The worker can never freeze the tab or keep the parent waiting for ever (issue 15, point 5).

The engine's work is bounded by its limits (a hand-edited definition that would build a huge value is refused by
load() in the worker, as in tests/test_failure.py). Past those limits, engine-client.js gives each call a time
budget (TIME_BUDGET_MS.call) and terminates the worker once it is spent. To see that happen, the worker script is
served with a scoring that never ends, the way a definition from an older build could make it: the page must stay
responsive, give up after the stated time, and show its failure state with the answers kept.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.support.server import StaticServer
from tests.support.walk import CHILD, QUESTIONNAIRE, READY_MS, answer_all, wait_until_ready

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "quiz" / "web" / "engine-client.js"
WORKER_SCRIPT = "**/assets/quiz/worker.js"
DEFINITION = "**/questionnaires/paraprofessional-support.json"


def _budget(name: str) -> int:
    found = re.search(rf"\b{name}: ([\d_]+),", CLIENT.read_text(encoding="utf-8"))
    assert found, f"TIME_BUDGET_MS.{name} in engine-client.js"
    return int(found.group(1).replace("_", ""))


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, prefix="/para-guide/") as running:
        yield running


def _scoring_never_ends(route):
    response = route.fetch()
    script = response.text()
    start = "function answer(message) {"
    assert start in script, "worker.js's answer() is where a page's call is handled"
    hang = start + ' if (message.type === "score") { for (;;) {} }'  # busy for ever: no message ever comes back
    headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-encoding", "content-length")}
    route.fulfill(status=200, headers=headers, body=script.replace(start, hang, 1))


def test_a_scoring_that_never_ends_is_given_up_and_the_answers_are_kept(chromium, server):
    budget_ms = _budget("call")
    assert budget_ms <= 30_000
    context = chromium.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
    context.route(WORKER_SCRIPT, _scoring_never_ends)
    try:
        page = context.new_page()
        # The page's clock is Playwright's (it runs as a real one until told to jump): the budget's timer is
        # the page's own setTimeout, so the test moves the page's time on instead of waiting 20 s of real time.
        # The worker's clock is its own and real: it spins all along.
        page.clock.install()
        page.goto(server.url + QUESTIONNAIRE)
        page.wait_for_selector(".quiz--enhanced")
        wait_until_ready(page)  # the budget counts from a ready engine, so that a slow download is never cut off
        answer_all(page, CHILD)
        if page.evaluate("() => document.querySelector('.quiz').dataset.step") == "check":
            page.get_by_role("button", name="See my result").click()
        # While the worker spins, the page itself answers at once: the tab is not frozen.
        for _ in range(3):
            began = time.monotonic()
            assert page.evaluate("() => document.querySelector('.quiz').dataset.step") == "result"
            assert time.monotonic() - began < 1.0
            page.wait_for_timeout(300)
        retry = page.get_by_role("button", name="Try again")
        page.clock.fast_forward(budget_ms - 2_000)  # just short of the budget: still waiting
        page.wait_for_timeout(300)
        assert not retry.is_visible(), "given up before its time"
        page.clock.fast_forward(2_500)  # past it
        retry.wait_for(timeout=10_000)
        problem = page.locator(".quiz__problem")
        assert "Your answers are kept" in problem.inner_text()
        assert f"did not answer within {budget_ms // 1000} seconds" in problem.inner_text()
        assert "could not be worked out" in page.locator(".quiz__result").inner_text()
        stored = json.loads(page.evaluate("() => sessionStorage.getItem('quiz:paraprofessional-support')"))
        assert stored["answers"]["academics"] == CHILD["academics"]
        assert stored["answers"]["when"] == CHILD["when"]
        page.get_by_role("link", name="Back", exact=True).click()  # the answers are still on screen
        assert page.locator(f"#q-home_language-{CHILD['home_language']}").is_checked()
    finally:
        context.close()


def test_a_definition_edited_to_build_a_huge_value_is_refused_in_the_worker(chromium, server):
    def edited(route):
        response = route.fetch()
        data = response.json()
        data["values"]["huge"] = "['x'] * 999999999999"
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-encoding", "content-length")}
        route.fulfill(status=200, headers=headers, body=json.dumps(data))

    context = chromium.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
    context.route(DEFINITION, edited)
    try:
        page = context.new_page()
        page.goto(server.url + QUESTIONNAIRE)
        page.wait_for_selector(".quiz--enhanced")
        page.check("#q-academics-often")
        retry = page.get_by_role("button", name="Try again")
        retry.wait_for(timeout=READY_MS)
        detail = page.locator(".quiz__problem").inner_text()
        assert "'*' works only on numbers" in detail and "is a list" in detail, detail
        assert page.is_checked("#q-academics-often")
    finally:
        context.close()
