"""Offline, proven in Chromium: the service worker keeps the site and the questionnaire once it has run.

The built site is copied into a folder of its own and served under /para-guide/. The test opens the
questionnaire page online, waits until the engine is ready, the service worker controls the page and has kept
Pyodide and the engine; then the browser goes offline (and the server must see no request from then on). The
page is reloaded, the questionnaire completed, the result worked out and printed to PDF. Then a new build is
published into the same folder (a changed stylesheet, sw.js written again by the plugin's own code): back
online, the new worker takes over, the old build's cache is deleted and the new stylesheet is served. The
engine's copy of Python's memory (quiz/web/engine-snapshot.js) is kept beside it, starts the engine offline, and
stays through a new build of the same engine.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from urllib.parse import urljoin

import pytest

from quiz.site import offline
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.support.walk import (
    CHILD,
    QUESTIONNAIRE,
    answer_all,
    wait_for_result,
    wait_until_copy_kept,
    wait_until_ready,
)

CACHES = """async () => {
  const names = await caches.keys();
  const out = {};
  for (const name of names) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
  return out;
}"""


def build_of(folder) -> str:
    return re.search(r'const BUILD = "([0-9a-f]+)"', (folder / "sw.js").read_text()).group(1)


def wait_for(page, script: str, what: str, seconds: float = 45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture()
def served(site_dir, tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(site_dir, folder)
    return folder


def test_questionnaire_works_offline_and_a_new_build_replaces_the_old_cache(chromium, served):
    from pypdf import PdfReader

    with StaticServer(served, prefix="/para-guide/") as server:
        context = chromium.new_context(viewport={"width": 375, "height": 800}, service_workers="allow")
        guard = OriginGuard(context, server.origin, block=False)  # recorded, not routed: see OriginGuard
        try:
            page = context.new_page()
            page.goto(server.url + QUESTIONNAIRE)
            wait_until_ready(page)
            wait_for(page, "() => Boolean(navigator.serviceWorker.controller)", "the service worker to take control")
            scope = server.url
            first = f"para-guide {scope} {build_of(served)}"
            runtime = offline.runtime_list(served)
            assert any(p.endswith("pyodide.asm.wasm") for p in runtime) and any("engine-" in p for p in runtime)

            def kept() -> dict:
                return page.evaluate(CACHES)

            # Everything the worker keeps (its PRECACHE and RUNTIME lists, as written into sw.js), so that none of
            # its fetches is still under way when the browser goes offline.
            listed = re.search(r"const PRECACHE = (\[.*?\]);", (served / "sw.js").read_text()).group(1)
            wanted = [urljoin(server.url, p) for p in json.loads(listed) + runtime]
            assert server.url + "guide/safety/" in wanted and server.url + QUESTIONNAIRE in wanted
            wait_for(
                page,
                f"""async () => {{
                const cache = await caches.open({first!r});
                const urls = (await cache.keys()).map((r) => r.url);
                return {wanted!r}.every((u) => urls.includes(u));
            }}""",
                "the site, Pyodide and the engine to be cached",
            )
            # Beside the service worker's cache, the engine's own: the copy of Python's memory (engine-snapshot.js).
            engine_copy = f"para-guide engine {server.url}assets/quiz/runtime/"
            wait_until_copy_kept(page)  # written whole: the reload below starts from it
            assert set(kept()) == {first, engine_copy}
            assert server.url + "guide/safety/" in kept()[first]  # every page precached
            # The page that asked is kept before any other page (service-worker.js): the navigation first, then
            # the worker's own fetch of it, then the rest of the site.
            here = "/para-guide/" + QUESTIONNAIRE
            pages = [r.path for r in server.requests if r.path.endswith(("/", ".html"))]
            assert pages[:2] == [here, here], pages[:5]
            assert server.url + "about/" in guard.seen, "the guard sees the service worker's own requests"

            # Offline: nothing may reach the server from here on.
            context.set_offline(True)
            before = len(server.requests)
            page.reload()
            page.wait_for_selector(".quiz--enhanced")
            answer_all(page, CHILD)
            page.get_by_role("button", name="See my result").click()
            band = wait_for_result(page)
            workers = [w for w in page.workers if w.url.endswith("/assets/quiz/worker.js")]
            assert [w.evaluate("performance.getEntriesByName('engine:from-snapshot').length") for w in workers] == [1]
            title = " ".join(page.locator(".quiz__result .quiz__heading").inner_text().split())
            assert band and title
            page.goto(server.url + "guide/safety/")  # another page, from the cache
            assert page.locator("h1").count() == 1
            page.go_back()
            page.wait_for_selector(".quiz--enhanced")
            wait_for_result(page)
            page.emulate_media(media="print")
            pdf = page.pdf(format="Letter")
            text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
            assert title in text, text[:500]
            page.emulate_media(media="screen")
            # The browser's own update check for sw.js is not covered by Playwright's offline switch (it is made
            # by the browser, not the page); everything the page and its workers asked for came from the cache.
            reached = [r.path for r in server.requests[before:] if not r.path.endswith("/sw.js")]
            assert reached == [], f"requests reached the server while offline: {reached}"

            # A new build is published into the same folder; back online, it replaces the old one.
            with (served / "assets" / "site.css").open("a") as css:
                css.write("\n/* build two */\n")
            offline.write_worker(served)
            second = f"para-guide {scope} {build_of(served)}"
            assert second != first
            context.set_offline(False)
            page.goto(server.url + QUESTIONNAIRE)
            # The browser looks for a new sw.js on navigation, but may hold back after the checks that failed
            # offline; a site's own update() is what a returning visitor's next visit amounts to.
            page.evaluate("async () => { await (await navigator.serviceWorker.getRegistration()).update(); }")
            replaced = f"async () => (await caches.keys()).filter((n) => n !== {engine_copy!r}).join() === {second!r}"
            try:
                try:
                    wait_for(page, replaced, "the old cache to be deleted", seconds=30)
                except AssertionError:
                    # Seen under load (3 runs of about 15): the new worker, installed, stays "waiting" while the
                    # page is open, though it called skipWaiting. The parent's next visit ends the wait: the page
                    # closed, then opened again.
                    page.close()
                    page = context.new_page()
                    page.goto(server.url + QUESTIONNAIRE)
                    wait_for(page, replaced, "the old cache to be deleted", seconds=60)
            except AssertionError as timed_out:
                raise AssertionError(
                    f"caches: {list(kept())}; workers: "
                    + page.evaluate(
                        "async () => { const r = await navigator.serviceWorker.getRegistration();"
                        " return ['installing', 'waiting', 'active'].map((k) => k + ':' + (r[k] && r[k].state))"
                        ".join(' '); }"
                    )
                ) from timed_out
            assert page.evaluate(
                f"async () => (await (await caches.open({second!r})).match({server.url + 'assets/site.css'!r})).text()"
            ).endswith("/* build two */\n")
            assert engine_copy in kept(), "a new build with the same engine keeps the engine's copy"
            page.reload()
            assert "build two" in page.evaluate(
                "async () => (await fetch(new URL('../../assets/site.css', location))).text()"
            )
            guard.assert_none_foreign()
        finally:
            context.close()


def test_a_first_visit_to_a_guidance_page_downloads_nothing_for_offline(chromium, site_dir):
    """Keeping the whole site waits until a parent has used the questionnaire: a reader on a slow, metered
    phone pays only for the page they read (the guidance-page budget), plus the small sw.js."""
    with StaticServer(site_dir, prefix="/para-guide/") as server:
        context = chromium.new_context(service_workers="allow")
        guard = OriginGuard(context, server.origin)
        try:
            page = context.new_page()
            page.goto(server.url + "guide/safety/")
            page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_timeout(1500)  # time enough for an install that would precache
            paths = [r.path for r in server.requests]
            assert "/para-guide/sw.js" in paths
            pages = {p for p in paths if p.endswith("/") and p != "/para-guide/guide/safety/"}
            assert pages == set(), pages
            assert not any("/assets/quiz/runtime/" in p for p in paths)
            kept = [url for urls in page.evaluate(CACHES).values() for url in urls]
            assert all(url.removeprefix(server.origin) in paths for url in kept), kept  # only what the page used
            guard.assert_none_foreign()
        finally:
            context.close()
