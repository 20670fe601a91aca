"""The engine's kept copy (quiz/web/engine-snapshot.js) in real Chromium with real Pyodide: the first start keeps
a copy of Python's memory, the next start uses it and gives the same answers, the copy holds nothing a parent
sent, and a copy that cannot be used is never used and is replaced."""

from __future__ import annotations

import json

import pytest

from tests import test_worker
from tests.helpers import ROOT
from tests.support.browser import OriginGuard
from tests.test_worker import BOOT_TIMEOUT_MS, cpython_error, cpython_result, init_message

# test_worker's fixtures, for this module too: the flagship definition and its test site (the runtime, the
# worker's modules, the definition and a test page).
definition = test_worker.definition
questionnaire = test_worker.questionnaire
server = test_worker.server

CACHE_PREFIX = "para-guide engine "  # engine-snapshot.js's PREFIX: one cache per runtime folder

# In the page: the kept copies' URLs and sizes, which of some strings one holds (read as latin-1: Python keeps an
# ASCII str one byte per character; searched in the page, not sent over as 21 MB), or a copy written by the test.
KEPT = """(name) => caches.has(name).then((has) => !has ? [] : caches.open(name).then((cache) => cache.keys()
  .then((keys) => Promise.all(keys.map((key) => cache.match(key).then((r) => r.arrayBuffer())
    .then((bytes) => [key.url, bytes.byteLength]))))))"""
HOLDS = """([name, url, strings]) => caches.match(url, {cacheName: name}).then((r) => r.arrayBuffer())
  .then((bytes) => { const text = new TextDecoder("latin1").decode(bytes);
    return Object.fromEntries(strings.map((s) => [s, text.includes(s)])); })"""
PUT = """([name, url]) => caches.open(name).then((cache) => cache.put(url, new Response(BAD)))"""
COPY = """([name, url, to]) => caches.open(name).then((cache) => cache.match(url).then((r) => cache.put(to, r)))"""
# The worker's own marks (worker.js): whether it started from the copy, and when the copy was written.
MARKS = "performance.getEntriesByType('mark').map((m) => m.name)"


class Engines:
    """One browser context (one device's storage) and a test page in it, starting engine workers one by one."""

    def __init__(self, context, server):
        self.server = server
        self.page = context.new_page()
        self.page.goto(server.url + "worker-test/")
        self.init = init_message(server)
        self.cache = CACHE_PREFIX + self.init["runtime"]
        self.engine_url = self.init["runtime"] + self.init["engine"]
        self.count = 0

    def start(self, *early: dict) -> tuple[str, list]:
        """A new worker: init, then `early` (queued before it is ready); its name in the page and what it said,
        once it is ready and has answered each early call."""
        self.count += 1
        name = f"engine{self.count}"
        self.page.evaluate(
            "([name, url, messages]) => { window[name] = startWorker(url, messages); }",
            [name, self.server.url + "assets/quiz/worker.js", [self.init, *early]],
        )
        self.page.wait_for_function(
            "([name, ids]) => window[name].received.some((m) => ['failed', 'worker error'].includes(m.type)) ||"
            " (window[name].received.some((m) => m.type === 'ready') &&"
            "  ids.every((id) => window[name].received.some((m) => m.id === id)))",
            arg=[name, [message["id"] for message in early]],
            timeout=BOOT_TIMEOUT_MS,
        )
        received = self.page.evaluate(f"{name}.received")
        assert not [m for m in received if m["type"] in ("failed", "worker error")], received
        return name, received

    def call(self, name: str, message: dict) -> dict:
        return self.page.evaluate("([name, message]) => call(window[name], message)", [name, message])

    def marks(self, name: str) -> list:
        """The marks of the worker `name` (the newest one started): Playwright lists the page's workers."""
        workers = [w for w in self.page.workers if w.url.endswith("/assets/quiz/worker.js")]
        assert len(workers) >= 1
        return workers[-1].evaluate(MARKS)

    def kept(self) -> list:
        """The copies this context keeps, waiting a moment for one being written."""
        for _ in range(100):
            found = self.page.evaluate(KEPT, self.cache)
            if found:
                return found
            self.page.wait_for_timeout(100)
        return []


@pytest.fixture()
def engines(chromium, server):
    context = chromium.new_context()
    guard = OriginGuard(context, server.origin)
    yield Engines(context, server)
    guard.assert_none_foreign()
    context.close()


def test_the_next_start_uses_the_kept_copy_and_answers_as_cpython(engines, questionnaire, definition):
    first, _ = engines.start()
    assert "engine:from-snapshot" not in engines.marks(first)
    kept = engines.kept()
    assert [url for url, _ in kept] == [engines.engine_url], "one copy, under this engine's URL"
    assert kept[0][1] > 10_000_000, "Python's memory, not a stub"
    for _ in range(50):  # the worker marks the copy kept once Cache Storage says so, a moment after the page sees it
        if "engine:kept" in engines.marks(first):
            break
        engines.page.wait_for_timeout(100)
    assert "engine:kept" in engines.marks(first)

    engines.page.evaluate(f"{first}.worker.terminate()")
    second, received = engines.start({"type": "score", "id": "early", "answers": definition["examples"][0]["answers"]})
    assert "engine:from-snapshot" in engines.marks(second), "the second start skipped Python's"
    assert "engine:kept" not in engines.marks(second), "a start from the copy makes none"
    assert [m["stage"] for m in received if m["type"] == "status"] == ["runtime", "engine", "definition"]
    early = next(m for m in received if m.get("id") == "early")
    assert early["result"] == cpython_result(questionnaire, definition["examples"][0]["answers"])
    for number, example in enumerate(definition["examples"]):
        reply = engines.call(second, {"type": "score", "id": number, "answers": example["answers"]})
        assert reply["result"] == cpython_result(questionnaire, example["answers"]), example["name"]
    text = json.dumps({"questionnaire": questionnaire.id, "version": 1, "answers": {"nope": "often"}})
    assert engines.call(second, {"type": "parse", "id": "bad", "text": text})["error"] == cpython_error(
        questionnaire, text
    )
    docx = engines.page.evaluate(
        "([name]) => call(window[name], {type: 'docx', id: 'd', text: 'Dear team'}).then((m) => m.bytes.byteLength)",
        [second],
    )
    assert docx > 1000, "a .docx from the restored engine"
    assert [url for url, _ in engines.kept()] == [engines.engine_url]


def test_the_copy_holds_no_answer_letter_file_or_definition(engines, definition):
    """The copy is made before the definition loads, so nothing sent to the engine can be in it: here a letter,
    a saved file and answers are sent before the engine is ready, and the copy is read back byte by byte."""
    letter = "Letter about Quillon Vasquez-Marlowe, 14 Juniper Row"
    saved_file = json.dumps({"questionnaire": "paraprofessional-support", "version": 1, "answers": {"Zorbleflax": 1}})
    question = definition["questions"][0]["title"]
    core = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "quiz" / "core").glob("*.py"))
    assert question not in core, "the definition's words must be its own, or the check below proves nothing"
    engines.start(
        {"type": "docx", "id": 1, "text": letter},
        {"type": "parse", "id": 2, "text": saved_file},
        {"type": "score", "id": 3, "answers": definition["examples"][0]["answers"]},
    )
    assert engines.kept()
    sent = [letter, "Zorbleflax", question, definition["title"]]
    holds = engines.page.evaluate(HOLDS, [engines.cache, engines.engine_url, ["quiz.core.session", *sent]])
    assert holds.pop("quiz.core.session"), "the engine is in the copy: the search below can find a string"
    assert holds == dict.fromkeys(sent, False)


@pytest.mark.parametrize(
    "bad",
    ["'not a memory snapshot'", "new Uint8Array(21 * 1024 * 1024)"],
    ids=["smaller-than-python-memory", "zeros-the-size-of-a-copy"],
)
def test_a_copy_that_cannot_be_restored_is_dropped_and_replaced(engines, questionnaire, definition, bad):
    engines.page.evaluate(PUT.replace("BAD", bad), [engines.cache, engines.engine_url])
    name, received = engines.start()
    assert "engine:from-snapshot" not in engines.marks(name)
    example = definition["examples"][1]
    reply = engines.call(name, {"type": "score", "id": 1, "answers": example["answers"]})
    assert reply["result"] == cpython_result(questionnaire, example["answers"])
    engines.page.wait_for_function(
        "([name, url]) => caches.match(url, {cacheName: name}).then((r) => r && r.arrayBuffer())"
        ".then((bytes) => bytes && bytes.byteLength > 10000000)",
        arg=[engines.cache, engines.engine_url],
        timeout=BOOT_TIMEOUT_MS,
    )


def test_a_copy_kept_for_another_engine_is_never_used(engines):
    first, _ = engines.start()
    assert engines.kept()
    other = engines.init["runtime"] + "engine-000000000000.zip"
    engines.page.evaluate(COPY, [engines.cache, engines.engine_url, other])
    engines.page.evaluate(
        "([name, url]) => caches.open(name).then((cache) => cache.delete(url))", [engines.cache, engines.engine_url]
    )
    engines.page.evaluate(f"{first}.worker.terminate()")
    second, _ = engines.start()
    assert "engine:from-snapshot" not in engines.marks(second), "an older engine's copy is not this engine's"
    engines.page.wait_for_function(
        "([name, url]) => caches.open(name).then((c) => c.keys())"
        ".then((keys) => keys.length === 1 && keys[0].url === url)",
        arg=[engines.cache, engines.engine_url],
        timeout=BOOT_TIMEOUT_MS,
    )
