"""Privacy, proven in Chromium: no other origin, no cookies, nothing kept on the device, and a strict CSP.

One browser context visits every built page and completes the questionnaire to the result (and the letter when
it exists). The site's promise to parents (docs/privacy.md) is that nothing leaves their device and nothing is
kept after the tab closes unless they ask: any request to another origin, any cookie, anything in localStorage,
anything in Cache Storage but the engine's copy of Python's memory (which holds no answer), or any Content
Security Policy violation fails the test.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from quiz.site import csp
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.support.walk import CHILD, QUESTIONNAIRES, answer_all, pages, wait_for_result, word

# Records policy violations in the page before any of its own scripts run (init scripts are not subject to CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${where})`);
});
"""


@pytest.fixture(scope="module")
def server(site_dir):
    with StaticServer(site_dir, prefix="/para-guide/") as running:
        yield running


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.policies, self.before = [], 0  # CSP metas, and tags seen before the first one

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(attrs["content"])
        elif not self.policies and tag not in ("html", "head", "meta"):
            self.before += 1


def test_every_page_carries_a_policy_that_allows_only_its_own_inline_scripts(site_dir):
    for path in pages(site_dir):
        html = (site_dir / (path + "index.html" if path.endswith("/") or not path else path)).read_text()
        parser = _Meta()
        parser.feed(html)
        assert len(parser.policies) == 1, path
        assert parser.before == 0, f"{path}: a tag comes before the policy, so the policy does not cover it"
        directives = dict(d.strip().split(" ", 1) for d in parser.policies[0].split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        for name in ("worker-src", "connect-src", "img-src", "font-src", "base-uri", "form-action"):
            assert directives[name].startswith("'self'"), (path, name)
        script_src = directives["script-src"].split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "'unsafe-inline'" not in directives["style-src"]
        hashes = {s for s in script_src if s.startswith("'sha256-")}
        inline = csp.inline_scripts(html)
        assert inline, f"{path}: Material's inline scripts are expected; has the theme changed?"
        assert hashes == {csp.source_hash(body) for body in inline}, path
        assert "http" not in parser.policies[0], "the policy names no other origin"


def test_hashes_are_of_the_exact_script_text():
    html = (
        '<head><meta charset="utf-8"><script>var a=1</script><script type="application/json">{}</script>'
        '<script src="x.js"></script><script type="module">import "./y.js"</script></head>'
    )
    out = csp.add_policy(html)
    assert out.index("Content-Security-Policy") < out.index("<script")
    assert csp.source_hash("var a=1") in out and csp.source_hash('import "./y.js"') in out
    assert csp.source_hash("{}") not in out  # data blocks are not run
    assert csp.add_policy(out) == out  # idempotent


def test_whole_site_and_questionnaire_send_nothing_keep_nothing_and_break_no_policy(chromium, server, site_dir):
    context = chromium.new_context(viewport={"width": 375, "height": 800}, service_workers="allow")
    guard = OriginGuard(context, server.origin)
    context.add_init_script(WATCH_CSP)
    problems: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )

    def check_page(where: str) -> None:
        violations = page.evaluate("window.__cspViolations")
        assert not violations, f"{where}: {violations}"

    try:
        for path in pages(site_dir):
            if path.endswith("404.html"):  # 404.html and es/404.html
                # The error page links its assets from site_url's path (overrides/404.html), which this test
                # build leaves unset, so under /para-guide/ they 404 when the file is opened directly. 404/ is
                # the same page with relative links; its policy is checked in the test above.
                continue
            response = page.goto(server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            check_page(path)

        for questionnaire in QUESTIONNAIRES:  # in every language (one tab: the Spanish page resumes the answers)
            page.goto(server.url + questionnaire)
            page.wait_for_selector(".quiz--enhanced")
            if page.evaluate("document.querySelector('.quiz').dataset.step") == "resume":
                page.get_by_role("button", name=word(page, "resume.continue")).click()
            if page.evaluate("document.querySelector('.quiz').dataset.step") != "result":
                answer_all(page, CHILD)
                page.get_by_role("button", name=word(page, "check.seeResult")).click()
            band = wait_for_result(page)
            assert band
            letter = page.locator(
                "[data-action='letter']:visible, .quiz__letter button:visible, button:has-text('letter'):visible"
            )
            if letter.count():  # the letter (issue 4) when it is there
                letter.first.click()
                page.wait_for_timeout(500)
            check_page(f"the questionnaire ({questionnaire})")
        assert not problems, problems

        guard.assert_none_foreign()
        assert guard.seen, "the guard saw no requests at all"
        assert any("pyodide.asm.wasm" in url for url in guard.seen), "the engine was never loaded"
        assert context.cookies() == []
        # "Remember on this device" was not chosen: nothing may be kept in localStorage, ours or Material's.
        stored = page.evaluate("Object.fromEntries(Object.entries(localStorage))")
        assert stored == {}, stored
        # The tab's answers are in sessionStorage only, and only the questionnaire's.
        keys = page.evaluate("Object.keys(sessionStorage)")
        assert all(re.match(r"^quiz:|^/para-guide/\.__", key) for key in keys), keys
        # Cache Storage holds the service worker's copy of the site's files (tests/test_offline.py) and the
        # engine's copy of Python's memory, made before any answer reached it (tests/test_engine_snapshot.py
        # reads it back); nothing else. IndexedDB holds nothing.
        engine_copy = f"para-guide engine {server.url}assets/quiz/runtime/"
        site_files = f"para-guide {server.url} "
        assert [n for n in page.evaluate("caches.keys()") if not n.startswith(site_files)] == [engine_copy]
        assert page.evaluate("indexedDB.databases()") == []
    finally:
        context.close()
