"""The performance benchmark: `make bench`, or `python -m benchmarks.run [--runs N] [--quick]`.

Builds the site, serves it under /para-guide/ as GitHub Pages does, twice: over HTTP/1.1 (tests/support/server.py:
gzip, wasm included, ETag, Cache-Control: max-age=600) and over HTTP/2 with TLS from a real server
(benchmarks/h2server.py: Debian's nginx, a certificate made for the run, the same gzip and headers), drives
Debian's Chromium with DevTools network emulation, and writes benchmarks/results.md (a table with each budget of
/work/shared/design.md beside its figure, for each protocol) and results.json.

What is measured, precisely (times from navigation start, `performance.timeOrigin`, in the page):

- first question usable: the `quiz:first-question` mark, set by questionnaire.js once the Quiz is enhanced and its
  first step is shown; the run then checks that the first radio is visible, enabled and focusable.
- engine ready: the `quiz:engine-ready` mark, set by engine-client.js on the worker's `ready` message (Pyodide,
  the engine and the definition loaded).
- result, engine warm: from the click on "See my result" (a capture listener on window) until the result section
  is no longer aria-busy (the result is in the DOM), with the engine already ready.
- the parent's wait at 5 s per question: a cold Slow 4G visit where every question (follow-ups included) is
  answered at 5 s intervals from the first question usable; then "See my result"; the wait is the time from that
  click to the result in the DOM (0 s is the goal; what remains is the scoring itself).
- bytes: body bytes the server sent (after gzip), by kind, from its request log.
- engine start-up, part by part (warm runs): the worker's own marks (worker.js: `engine:*`), read from the worker,
  as ms between them: Pyodide's script and WebAssembly (compiled or taken from Chromium's code cache), Python's
  start (the stdlib unpacked into the file system, Pyodide's bootstrap imports; or, on a return visit, Python's
  memory restored from the copy the first visit kept: quiz/web/engine-snapshot.js), the engine unpacked, its
  imports, the definition loaded and one warm-up scoring; and how many warm runs started from the kept copy.
- the result's length at 390 x 844: `.quiz__result`'s scrollHeight for every example of the flagship, and how far
  the top part reaches (the longest of each reported).

Network: "Slow 4G" is DevTools' preset (1.44 Mbps down, 675 Kbps up, 562.5 ms latency), applied with
`Network.emulateNetworkConditions` on the page's CDP session; the benchmark checks that it also holds the page's
dedicated worker (the engine bytes cannot arrive faster than the preset allows). It does not reach a service
worker's own fetches, so the timed runs block service workers (the service worker's cost is reported in bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.h2server import H2Server  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.support.server import StaticServer  # noqa: E402

PREFIX = "/para-guide/"
QUESTIONNAIRE = "questionnaires/paraprofessional-support/"
QUESTIONNAIRE_ES = "es/" + QUESTIONNAIRE  # the same questionnaire in Spanish (mkdocs.es.yml), one cold run per profile
GUIDANCE = "guide/kinds-of-support/"
LIGHTHOUSE_PAGES = {
    "home": "",
    "guidance": GUIDANCE,
    "faq": "faq/",
    "questionnaire": QUESTIONNAIRE,
    "questionnaire_es": QUESTIONNAIRE_ES,
}
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.44e6 / 8, "uploadThroughput": 675e3 / 8}
PROFILES = {"slow4g": SLOW_4G, "none": None}
PACE_S = 5.0
# The two ways the site is served: GitHub Pages speaks HTTP/2; the HTTP/1.1 figures are the worst case.
SERVERS = {"http/1.1": StaticServer, "h2": H2Server}
BROWSER_KEYS = {"http/1.1": "browser", "h2": "browser_h2"}  # where each protocol's figures go in results.json
LIGHTHOUSE_KEYS = {"http/1.1": "lighthouse", "h2": "lighthouse_h2"}
# The worker's marks (worker.js), in order, and what the time up to each one is spent on.
ENGINE_STAGES = [
    ("engine:runtime", "Pyodide's module (pyodide.mjs) imported"),
    ("engine:wasm", "pyodide.asm.js loaded, WebAssembly compiled and instantiated"),
    (
        "engine:python",
        "stdlib into the file system, Python started (Pyodide's bootstrap imports); on a return visit, Python's "
        "memory restored instead from the copy the first visit kept (quiz/web/engine-snapshot.js)",
    ),
    ("engine:unpacked", "engine zip unpacked"),
    ("engine:imported", "engine imported (quiz.core.engine and what it imports; already there after a restore)"),
    ("engine:definition", "definition loaded and checked: the engine is ready"),
    ("engine:warm", "after ready: every path run once (a score, a refused file, a document)"),
]
# A parent whose answers bring every follow-up: safety_where, injury, plan, when and home_language.
ANSWERS = {
    "academics": "often",
    "transitions": "always",
    "safety": "often",
    "safety_where": "exits_or_street",
    "personal_care": "sometimes",
    "behavior": "often",
    "injury": "weekly",
    "plan": "new",
    "communication": "sometimes",
    "social": "often",
    "unstructured": "sometimes",
    "medical": "never",
    "mobility": "never",
    "when": ["lessons", "recess"],
    "home_language": "spanish",
}

BUDGETS = {  # design.md, "Budgets"
    "first_question_slow4g_cold_ms": 2500,  # over HTTP/1.1
    "first_question_slow4g_cold_h2_ms": 2000,  # over HTTP/2, as GitHub Pages serves
    "engine_ready_slow4g_cold_ms": 30000,
    "engine_ready_warm_ms": 1000,
    "result_warm_engine_ms": 100,
    "wait_at_5s_slow4g_cold_ms": 0,
    "engine_bytes": 4.5e6,
    "guidance_first_visit_bytes": 250e3,
    "build_s": 5.0,
}


# ── Bytes ────────────────────────────────────────────────────────────────────────────────────────


def kind_of(path: str) -> str:
    """The kind a served path counts under in the byte table."""
    path = path.split("?")[0]
    name = path.rsplit("/", 1)[-1]
    if "/runtime/" in path:
        if name.endswith(".wasm"):
            return "wasm"
        if name.startswith("python_stdlib"):
            return "stdlib"
        return "engine"  # pyodide.mjs, pyodide.asm.js, the lock file, engine-<hash>.zip
    if path.endswith("/") or name.endswith(".html"):
        return "html"
    if name.endswith(".css"):
        return "css"
    if name.endswith((".js", ".mjs")):
        return "js"
    if re.search(r"/questionnaires/[^/]+\.json$", path):
        return "engine"  # the definition the worker loads: part of "engine ready"
    return "other"  # search index, images, manifest, …


def bytes_by_kind(requests) -> dict:
    out = {kind: 0 for kind in ("html", "css", "js", "wasm", "stdlib", "engine", "other")}
    for served in requests:
        out[kind_of(served.path)] += served.size
    out["total"] = sum(out.values())
    out["requests"] = len(requests)
    out["engine_total"] = out["wasm"] + out["stdlib"] + out["engine"]
    return out


# ── The browser ──────────────────────────────────────────────────────────────────────────────────


def _emulate(context, page, profile) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if profile:
        cdp.send("Network.emulateNetworkConditions", profile)
    page._bench_cdp = cdp  # keep the session alive with the page


def _mark(page, name: str, timeout_s: float) -> float:
    """The mark's time (ms from navigation start); the page records it, so polling does not blur it.
    Polled with evaluate: the site's CSP forbids the string evaluation wait_for_function would need."""
    deadline = time.monotonic() + timeout_s
    script = f"(performance.getEntriesByName({json.dumps(name)})[0] || {{}}).startTime ?? null"
    while (found := page.evaluate(script)) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {name} mark after {timeout_s} s")
        page.wait_for_timeout(50)
    return found


def _check_first_question(page) -> None:
    first = page.locator(".quiz__question:not([hidden]) input.quiz__input").first
    assert page.evaluate("document.querySelector('[data-module=quiz]').classList.contains('quiz--enhanced')")
    assert first.is_enabled(), "the first question's first radio is not enabled"
    assert page.evaluate("""() => { const q = document.querySelector('.quiz__question:not([hidden])');
        const input = q && q.querySelector('input.quiz__input');
        if (!input) return false; input.focus(); return document.activeElement === input; }"""), (
        "the first question's first radio cannot take focus"
    )


def _answer_current(page) -> None:
    qid = page.locator(".quiz__question:not([hidden])").get_attribute("data-question")
    value = ANSWERS.get(qid)
    values = value if isinstance(value, list) else [value]
    page.evaluate(
        """([qid, values]) => {
        const inputs = [...document.querySelectorAll(`#q-${qid} input.quiz__input`)];
        const chosen = values[0] == null ? [inputs[0]] : inputs.filter((i) => values.includes(i.value));
        for (const input of chosen) if (!input.checked) input.click();
    }""",
        [qid, values],
    )
    page.locator(".quiz__form button[type=submit]").click()


def _time_result(page) -> dict:
    """Press "See my result" on the check step; ms from the click until the result is in the DOM."""
    page.evaluate("""() => { const section = document.querySelector('.quiz__result');
        window.__benchResult = new Promise((resolve) => {
          let began;
          window.addEventListener('click', () => { began = performance.now(); }, {capture: true, once: true});
          const observer = new MutationObserver(() => {
            if (began !== undefined && !section.hidden && !section.hasAttribute('aria-busy')) {
              observer.disconnect();
              resolve({ms: performance.now() - began, at: began,
                       band: document.querySelector('[data-module=quiz]').dataset.band || null});
            }
          });
          observer.observe(section, {attributes: true, attributeFilter: ['aria-busy', 'hidden']});
        }); }""")
    page.locator(".quiz__check [data-action=result]").click()
    return page.evaluate("window.__benchResult")


def questionnaire_visit(
    context, server, profile, *, pace_s: float | None, ready_timeout_s: float = 240, path: str = QUESTIONNAIRE
) -> dict:
    """One visit to the questionnaire page (`path`): first question, engine ready, answers, result(s), bytes."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _emulate(context, page, profile)
    mark = len(server.requests)
    page.goto(server.url + path, wait_until="commit", timeout=120_000)
    first = _mark(page, "quiz:first-question", 120)
    _check_first_question(page)
    out = {
        "first_question_ms": round(first),
        "protocol": page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol"),
    }
    asked = 0
    if pace_s is None:
        out["engine_ready_ms"] = round(_mark(page, "quiz:engine-ready", ready_timeout_s))
        out["engine_stages_ms"] = engine_stages(page)
    while page.evaluate("document.querySelector('[data-module=quiz]').dataset.step") == "question":
        asked += 1
        if pace_s is not None:
            due = first + asked * pace_s * 1000
            now = page.evaluate("performance.now()")
            if due > now:
                page.wait_for_timeout(due - now)
        _answer_current(page)
        if asked > 40:
            raise RuntimeError("the questionnaire never reached the check step")
    out["questions_answered"] = asked
    timed = _time_result(page)
    if pace_s is not None:
        out["wait_after_last_answer_ms"] = round(timed["ms"])
        out["engine_ready_ms"] = round(_mark(page, "quiz:engine-ready", ready_timeout_s))
    out["band"] = timed["band"]
    page.locator(".quiz__result [data-action=check]").click()  # back to check answers, then again: engine warm
    out["result_warm_engine_ms"] = round(_time_result(page)["ms"], 1)
    page.wait_for_timeout(300)
    out["bytes"] = bytes_by_kind(server.requests[mark:])
    out["errors"] = errors
    page.close()
    return out


def engine_stages(page) -> dict:
    """The engine's start-up part by part (ms between the worker's marks), plus when the worker began, from
    navigation start; empty when the worker has no marks (an older worker.js)."""
    worker = next((w for w in page.workers if w.url.split("?")[0].endswith("/quiz/worker.js")), None)
    if worker is None:
        return {}
    script = (
        "[performance.timeOrigin, Object.fromEntries(performance.getEntriesByType('mark')"
        ".filter((m) => m.name.startsWith('engine:')).map((m) => [m.name, m.startTime]))]"
    )
    origin, found = worker.evaluate(script)
    last = ENGINE_STAGES[-1][0]  # the warm-up, after ready: a moment later
    for _ in range(100):
        if last in found or "engine:start" not in found:
            break
        page.wait_for_timeout(50)
        origin, found = worker.evaluate(script)
    if "engine:start" not in found:
        return {}
    out = {"worker_start": round(origin - page.evaluate("performance.timeOrigin") + found["engine:start"])}
    out["from_snapshot"] = int("engine:from-snapshot" in found)
    before = found["engine:start"]
    for name, _ in ENGINE_STAGES:
        if name in found:
            out[name.split(":")[1]] = round(found[name] - before)
            before = found[name]
    return out


def guidance_visit(context, server, path: str = GUIDANCE, settle_ms: int = 3000) -> dict:
    page = context.new_page()
    mark = len(server.requests)
    page.goto(server.url + path, wait_until="load")
    page.wait_for_timeout(settle_ms)  # Material's search worker fetches its index after load
    out = bytes_by_kind(server.requests[mark:])
    out["runtime_requests"] = sum("/runtime/" in s.path for s in server.requests[mark:])
    page.close()
    return out


def browser_runs(
    site: Path, runs: int, profiles: list, pace: bool, warm: bool, settle_ms: int = 3000, protocol: str = "http/1.1"
) -> dict:
    """Cold (fresh context) and warm (persistent profile, second visit) runs for each profile; medians."""
    from playwright.sync_api import sync_playwright

    results = {}
    with SERVERS[protocol](site, prefix=PREFIX) as server, sync_playwright() as playwright:
        args = CHROMIUM_ARGS + getattr(server, "chromium_args", [])
        # The first request of each big file gzips it (cached by the server): done before any timing.
        for path in sorted((site / "assets" / "quiz" / "runtime").rglob("*")):
            if path.is_file():
                server.gzipped(path, path.read_bytes())
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=args)
        for name in profiles:
            profile = PROFILES[name]
            cold = []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
                cold.append(
                    questionnaire_visit(
                        context, server, profile, pace_s=PACE_S if (pace and name == "slow4g") else None
                    )
                )
                context.close()
            results[f"{name}_cold"] = summarize(cold)
            if (site / QUESTIONNAIRE_ES).is_dir():  # the Spanish page: its own definition, the same runtime
                context = browser.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
                results[f"{name}_cold_es"] = summarize(
                    [questionnaire_visit(context, server, profile, pace_s=None, path=QUESTIONNAIRE_ES)]
                )
                context.close()
            if warm:
                warm_runs = []
                for _ in range(runs):
                    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile_dir:
                        context = playwright.chromium.launch_persistent_context(
                            profile_dir,
                            executable_path=chromium_path(),
                            args=args,
                            viewport={"width": 375, "height": 800},
                            service_workers="block",
                        )
                        questionnaire_visit(context, server, None, pace_s=None)  # the first visit fills the cache
                        warm_runs.append(questionnaire_visit(context, server, profile, pace_s=None))
                        context.close()
                results[f"{name}_warm"] = summarize(warm_runs)
        # Bytes of a guidance page's first visit, without and with the service worker (its precache).
        context = browser.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
        results["guidance_first_visit"] = guidance_visit(context, server, settle_ms=settle_ms)
        context.close()
        context = browser.new_context(viewport={"width": 375, "height": 800})
        results["guidance_first_visit_with_service_worker"] = guidance_visit(context, server, settle_ms=2 * settle_ms)
        context.close()
        browser.close()
    return results


def summarize(visits: list) -> dict:
    """Medians of each timing over the visits, the runs themselves, and the bytes of the first visit."""
    out = {"runs": len(visits)}
    for key in ("first_question_ms", "engine_ready_ms", "result_warm_engine_ms", "wait_after_last_answer_ms"):
        values = [v[key] for v in visits if key in v]
        if values:
            out[key] = round(statistics.median(values), 1)
            out[key + "_all"] = values
    stages = [v["engine_stages_ms"] for v in visits if v.get("engine_stages_ms")]
    if stages:
        out["engine_stages_ms"] = {
            key: round(statistics.median(s[key] for s in stages if key in s))
            for key in stages[0]
            if key != "from_snapshot"
        }
        out["engine_from_snapshot"] = f"{sum(s.get('from_snapshot', 0) for s in stages)} of {len(stages)}"
    out["protocol"] = visits[0].get("protocol")
    out["bytes"] = visits[0]["bytes"]
    out["questions_answered"] = visits[0]["questions_answered"]
    out["band"] = visits[0]["band"]
    out["errors"] = sorted({e for v in visits for e in v["errors"]})
    return out


# ── The result's length on a phone ───────────────────────────────────────────────────────────────


# What the page showed when a result did not come: its step, status line, problem and the engine's marks.
RESULT_STATE = """() => { const quiz = document.querySelector('.quiz');
    const problem = document.querySelector('.quiz__problem');
    return {step: quiz && quiz.dataset.step, status: document.querySelector('.quiz__status')?.textContent,
            problem: problem && !problem.hidden ? problem.textContent.trim() : null,
            busy: document.querySelector('.quiz__result')?.getAttribute('aria-busy')}; }"""
RESULT_SHOWN = ".quiz[data-step=result] .quiz__result:not([aria-busy]) .quiz__result-body > *"


def result_height(site: Path, limit: int | None = None) -> dict:
    """How long the result is at 390 x 844 for each of the flagship's examples (`.quiz__result`'s scrollHeight),
    and how far its top part reaches from the result's first line (issue 13: one screen).

    A result that has not come after 60 s is measured again in a new tab, once; what the first tab showed is
    kept in "stalled" and printed in results.md, so a stall is reported, never hidden (seen once in CI, under load).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from tests.helpers import flagship

    examples = flagship().data["examples"][:limit]
    key = "quiz:paraprofessional-support"
    out, stalled = [], []
    with StaticServer(site, prefix=PREFIX) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        page = context.new_page()
        for example in examples:
            for attempt in (1, 2):
                page.goto(server.url)
                page.evaluate(
                    "([key, file]) => { sessionStorage.setItem(key, JSON.stringify(file));"
                    " sessionStorage.setItem(key + ':step', 'result'); }",
                    [key, {"questionnaire": "paraprofessional-support", "version": 1, "answers": example["answers"]}],
                )
                page.goto(server.url + QUESTIONNAIRE)
                resume = page.locator(".quiz [data-action=resume]")
                resume.wait_for(timeout=60_000)
                resume.click()  # a fresh visit with kept answers asks first (issue 13)
                try:
                    page.wait_for_selector(RESULT_SHOWN, state="attached", timeout=60_000)
                    break
                except PlaywrightTimeout:
                    if attempt == 2:
                        raise
                    state = page.evaluate(RESULT_STATE)
                    stalled.append({"example": example["name"], **state, "engine_ms": engine_stages(page)})
                    page.close()
                    page = context.new_page()
            measured = page.evaluate("""() => { const result = document.querySelector('.quiz__result');
                const top = result.querySelector('.quiz__result-top');
                return [result.scrollHeight, top ? top.getBoundingClientRect().bottom -
                        result.getBoundingClientRect().top : null]; }""")
            out.append(
                {
                    "name": example["name"],
                    "px": measured[0],
                    "top_px": None if measured[1] is None else round(measured[1]),
                }
            )
        browser.close()
    longest = max(out, key=lambda r: r["px"])
    tops = [r for r in out if r["top_px"] is not None]
    top = max(tops, key=lambda r: r["top_px"]) if tops else {"name": None, "top_px": None}
    return {
        "viewport": "390x844",
        "examples": len(out),
        "longest_px": longest["px"],
        "longest": longest["name"],
        "top_max_px": top["top_px"],
        "top_longest": top["name"],
        "all": out,
        "stalled": stalled,
    }


# ── Worker throttling check ──────────────────────────────────────────────────────────────────────


def worker_throttled(slow: dict) -> dict:
    """Does the Slow 4G emulation hold the worker's downloads? Its bytes cannot arrive faster than the preset."""
    engine_bytes = slow["bytes"]["engine_total"]
    floor_ms = engine_bytes / SLOW_4G["downloadThroughput"] * 1000
    return {
        "engine_bytes": engine_bytes,
        "floor_ms_at_1_44_mbps": round(floor_ms),
        "engine_ready_ms": slow["engine_ready_ms"],
        "throttled": slow["engine_ready_ms"] >= floor_ms,
    }


# ── Build ────────────────────────────────────────────────────────────────────────────────────────


PER_LANGUAGE: dict = {}  # language → the seconds build.py reported for its build, last run


def build_site(target: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--site-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"benchmarks: the site did not build:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    for language, taken in re.findall(r"^build\.py: (\S+) built into .* in ([\d.]+) s$", done.stdout, re.M):
        PER_LANGUAGE.setdefault(language, []).append(float(taken))
    return seconds


def build_times(tmp: Path, runs: int) -> dict:
    """`python build.py --site-dir tmp` (warm: build/cache holds the compiled stdlib), and what a cold cache adds."""
    import build

    times = [build_site(tmp / f"build-{i}") for i in range(runs)]
    engine = build.engine_zip()
    saved = build.CACHE
    build.CACHE = tmp / "cold-cache"  # a fresh cache: the stdlib step boots Pyodide in node
    try:
        began = time.perf_counter()
        build.python_stdlib(engine)
        cold_extra = time.perf_counter() - began
    finally:
        build.CACHE = saved
    return {
        "build_s": round(statistics.median(times), 2),
        "build_s_all": [round(t, 2) for t in times],
        "languages": len(getattr(build, "LANGUAGES", ["en"])),
        "build_s_per_language": {
            language: round(statistics.median(taken), 2) for language, taken in PER_LANGUAGE.items()
        },
        "cache": "warm (build/cache holds the compiled stdlib)",
        "cold_cache_stdlib_step_s": round(cold_extra, 2),
    }


# ── Lighthouse ───────────────────────────────────────────────────────────────────────────────────


def lighthouse(site: Path, pages: dict, tmp: Path, protocol: str = "http/1.1") -> dict:
    """Lighthouse's mobile scores (its default: a phone, simulated Slow 4G) for each page, served as above."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return {"error": "node_modules/.bin/lighthouse is missing: run `npm ci`"}
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
    out = {}
    with SERVERS[protocol](site, prefix=PREFIX) as server:
        flags = " ".join([flags, *getattr(server, "chromium_args", [])])
        for name, path in pages.items():
            report = tmp / f"lighthouse-{name}-{protocol.replace('/', '')}.json"
            done = subprocess.run(
                [
                    str(binary),
                    server.url + path,
                    f"--chrome-path={chromium_path()}",
                    f"--chrome-flags={flags}",
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                ],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0 or not report.exists():
                out[name] = {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
                continue
            data = json.loads(report.read_text())
            scores = {key: round((cat["score"] or 0) * 100) for key, cat in data["categories"].items()}
            failing = {
                key: sorted(
                    ref["id"]
                    for ref in cat["auditRefs"]
                    if ref.get("weight")
                    and (data["audits"][ref["id"]].get("score") is not None)
                    and data["audits"][ref["id"]]["score"] < 1
                )
                for key, cat in data["categories"].items()
            }
            metrics = {
                m: data["audits"][m].get("numericValue")
                for m in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                    "speed-index",
                )
                if m in data["audits"]
            }
            out[name] = {
                "scores": scores,
                "below_full_marks": failing,
                "metrics": {
                    k: round(v, 3 if k == "cumulative-layout-shift" else 0) for k, v in metrics.items() if v is not None
                },
            }
    return out


# ── Pyodide releases compared ────────────────────────────────────────────────────────────────────


def other_pyodide_site(site: Path, version: str, tmp: Path) -> tuple[Path, dict]:
    """The same site with its runtime built against another Pyodide release (fetched with npm into a temp folder,
    never a dependency of the project); its stdlib is trimmed and compiled inside that release, as build.py does."""
    import build

    package_root = ROOT / "build" / f"bench-pyodide-{version}"
    package = package_root / "node_modules" / "pyodide"
    if not (package / "package.json").is_file():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(package_root),
                f"pyodide@{version}",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    saved = build.PYODIDE_PACKAGE, build.PYODIDE_VERSION, build.CACHE, build.PYODIDE_BOOT_FILES
    build.PYODIDE_PACKAGE, build.PYODIDE_VERSION, build.CACHE = package, version, package_root / "cache"
    # 314.x ships pyodide.asm.mjs where 0.29.x has pyodide.asm.js: copy whichever this release has.
    build.PYODIDE_BOOT_FILES = tuple(
        name
        for name in ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.mjs", "pyodide.asm.wasm")
        if (package / name).is_file()
    )
    try:
        runtime = tmp / f"runtime-{version}"
        manifest = build.build_runtime(runtime)
    finally:
        build.PYODIDE_PACKAGE, build.PYODIDE_VERSION, build.CACHE, build.PYODIDE_BOOT_FILES = saved
    other = tmp / f"site-{version}"
    shutil.copytree(site, other)
    shutil.rmtree(other / "assets" / "quiz" / "runtime")
    shutil.copytree(runtime, other / "assets" / "quiz" / "runtime")
    for engine in (site / "assets" / "quiz" / "runtime").glob("engine-*.zip"):  # the name the pages ask for
        shutil.copy2(engine, other / "assets" / "quiz" / "runtime" / engine.name)
    return other, manifest


def node_boot_ms(site: Path, repeats: int = 3) -> float:
    """Pyodide's boot in node from a site's runtime folder (the shipped stdlib zip), median."""
    from benchmarks import scale

    runtime = site / "assets" / "quiz" / "runtime"
    times = [
        scale.engine_times([15], runtime / "pyodide", next(runtime.glob("engine-*.zip")), repeats=3)[
            "pyodide_boot_ms_node"
        ]
        for _ in range(repeats)
    ]
    return statistics.median(times)


def compare_pyodide(site: Path, version: str, runs: int, tmp: Path) -> dict:
    from playwright.sync_api import sync_playwright

    other, manifest = other_pyodide_site(site, version, tmp)
    out = {}
    for label, folder in (("0.29.5", site), (version, other)):
        entry = {"node_boot_ms": node_boot_ms(folder)}
        with StaticServer(folder, prefix=PREFIX) as server, sync_playwright() as playwright:
            for path in sorted((folder / "assets" / "quiz" / "runtime").rglob("*")):
                if path.is_file():
                    server.gzipped(path, path.read_bytes())
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for name in ("none", "slow4g"):
                visits = []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
                    visits.append(questionnaire_visit(context, server, PROFILES[name], pace_s=None))
                    context.close()
                summary = summarize(visits)
                entry[f"{name}_cold_engine_ready_ms"] = summary["engine_ready_ms"]
                entry[f"{name}_cold_engine_ready_ms_all"] = summary["engine_ready_ms_all"]
                entry["engine_bytes"] = summary["bytes"]["engine_total"]
                entry["wasm_bytes"] = summary["bytes"]["wasm"]
                entry["stdlib_bytes"] = summary["bytes"]["stdlib"]
                entry["band"] = summary["band"]
            browser.close()
        out[label] = entry
    return out


# ── Machine and report ───────────────────────────────────────────────────────────────────────────


def machine() -> dict:
    def run(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "chromium": run(chromium_path() or "chromium", "--version").splitlines()[-1:][0:1]
        and run(chromium_path() or "chromium", "--version").splitlines()[-1],
        "pyodide": lock["packages"].get("node_modules/pyodide", {}).get("version"),
        "node": run("node", "--version"),
        "python": platform.python_version(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def ok(value, budget, smaller_is_better: bool = True) -> str:
    if value is None:
        return "–"
    return "✅" if (value <= budget if smaller_is_better else value >= budget) else "❌"


def mb(n) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def report(results: dict) -> str:
    m = results["machine"]
    protocols = [(label, results[key]) for label, key in BROWSER_KEYS.items() if results.get(key)]
    lines = [
        "# Benchmark results",
        "",
        f"Made by `{results['command']}` on {m['date']}: {m['nproc']} cores, {m['memory_gb']} GB, {m['cpu']}; "
        f"{m['chromium']}; Pyodide {m['pyodide']}; node {m['node']}; Python {m['python']}. "
        f"Load average {m['load_average_start']} at the start, {m.get('load_average_end')} at the end "
        "(other engineers' tests share the 2 cores: timings are noisy).",
        "",
        f"Medians of {results['runs']} runs. Served under /para-guide/ twice, with gzip (.wasm included), ETag "
        "and max-age=600: over **HTTP/1.1** by tests/support/server.py (Python's http.server, plain HTTP, six "
        "connections per origin in Chromium) and over **HTTP/2** by Debian's nginx with TLS and a certificate "
        "made for the run (benchmarks/h2server.py; Chromium trusts it by its SPKI hash, so its HTTP cache works). "
        "Slow 4G = DevTools' preset via CDP `Network.emulateNetworkConditions` (1.44 Mbps down, 675 Kbps up, "
        "562.5 ms latency per request).",
        "",
        "## Budgets",
        "",
        "| what | protocol | measured | budget | |",
        "|---|---|---|---|---|",
    ]

    def row(what, protocol, value, budget_text, mark):
        lines.append(f"| {what} | {protocol} | {value} | {budget_text} | {mark} |")

    for label, b in protocols:
        slow_cold, slow_warm = b.get("slow4g_cold"), b.get("slow4g_warm")
        none_cold, none_warm = b.get("none_cold"), b.get("none_warm")
        first_budget = BUDGETS["first_question_slow4g_cold_h2_ms" if label == "h2" else "first_question_slow4g_cold_ms"]
        if slow_cold:
            row(
                "questionnaire: first question usable, Slow 4G, cold",
                label,
                f"{slow_cold['first_question_ms'] / 1000:.2f} s",
                f"≤ {first_budget / 1000:.1f} s",
                ok(slow_cold["first_question_ms"], first_budget),
            )
            row(
                "engine ready, Slow 4G, cold",
                label,
                f"{slow_cold['engine_ready_ms'] / 1000:.1f} s",
                "≤ 30 s",
                ok(slow_cold["engine_ready_ms"], BUDGETS["engine_ready_slow4g_cold_ms"]),
            )
        elif none_cold:
            row(
                "questionnaire: first question usable, unthrottled, cold",
                label,
                f"{none_cold['first_question_ms'] / 1000:.2f} s",
                f"(Slow 4G: ≤ {first_budget / 1000:.1f} s)",
                "–",
            )
        for profile, spanish in (("Slow 4G", b.get("slow4g_cold_es")), ("unthrottled", b.get("none_cold_es"))):
            if spanish:  # the Spanish page (es/): its own definition and words, the root's runtime; one cold run
                row(
                    f"Spanish questionnaire (es/): first question usable / engine ready, {profile}, cold",
                    label,
                    f"{spanish['first_question_ms'] / 1000:.2f} s / {spanish['engine_ready_ms'] / 1000:.1f} s",
                    f"≤ {first_budget / 1000:.1f} s / ≤ 30 s" if profile == "Slow 4G" else "(Slow 4G budgets)",
                    ok(spanish["first_question_ms"], first_budget) if profile == "Slow 4G" else "–",
                )
        for profile, warm in (("Slow 4G", slow_warm), ("unthrottled", none_warm)):
            if warm:
                row(
                    f"engine ready, warm cache, {profile}",
                    label,
                    f"{warm['engine_ready_ms'] / 1000:.2f} s",
                    "≤ 1.0 s",
                    ok(warm["engine_ready_ms"], BUDGETS["engine_ready_warm_ms"]),
                )
        for profile, run in (("Slow 4G cold", slow_cold), ("unthrottled cold", none_cold)):
            if run:
                row(
                    f"result after the last answer, engine warm ({profile})",
                    label,
                    f"{run['result_warm_engine_ms']:.0f} ms",
                    "≤ 100 ms",
                    ok(run["result_warm_engine_ms"], BUDGETS["result_warm_engine_ms"]),
                )
        if slow_cold and "wait_after_last_answer_ms" in slow_cold:
            wait = slow_cold["wait_after_last_answer_ms"]
            row(
                f"parent's wait after the last answer at 5 s per question ({slow_cold['questions_answered']} "
                "questions), Slow 4G, cold",
                label,
                f"{wait / 1000:.2f} s",
                "0 s (no wait beyond the scoring: ≤ 100 ms)",
                ok(wait, 100),
            )
        visit = slow_cold or none_cold
        if visit:
            row(
                "engine bytes on the wire (gzip): Pyodide + stdlib + engine + definition",
                label,
                mb(visit["bytes"]["engine_total"]),
                "≤ 4.5 MB",
                ok(visit["bytes"]["engine_total"], BUDGETS["engine_bytes"]),
            )
        if "guidance_first_visit" in b:
            g = b["guidance_first_visit"]
            row(
                "guidance page, first visit, all requests (gzip)",
                label,
                mb(g["total"]),
                "≤ 250 KB",
                ok(g["total"], BUDGETS["guidance_first_visit_bytes"]),
            )
            gs = b["guidance_first_visit_with_service_worker"]
            row(
                "… the same with the service worker's precache",
                label,
                mb(gs["total"]),
                "≤ 250 KB",
                ok(gs["total"], BUDGETS["guidance_first_visit_bytes"]),
            )
    for label, key in LIGHTHOUSE_KEYS.items():
        for name in ("guidance", "home", "faq", "questionnaire", "questionnaire_es"):
            scores = results.get(key, {}).get(name, {}).get("scores")
            if scores:
                good = scores["performance"] >= 95 and all(
                    scores[k] == 100 for k in ("accessibility", "best-practices", "seo")
                )
                row(
                    f"Lighthouse mobile, {name} (perf / a11y / best practices / SEO)",
                    label,
                    f"{scores['performance']} / {scores['accessibility']} / {scores['best-practices']} / "
                    f"{scores['seo']}",
                    "≥ 95 / 100 / 100 / 100"
                    + (" (not budgeted: a questionnaire page)" if name.startswith("questionnaire") else ""),
                    "✅" if good else "❌",
                )
    if "build" in results:
        bt = results["build"]
        per_language = bt.get("build_s_per_language") or {}  # as build.py reports each language's mkdocs build
        row(
            f"full site build (`build.py --site-dir tmp`, {bt['cache']})",
            "–",
            f"{bt['build_s']:.1f} s"
            + (
                " (" + ", ".join(f"{code} {taken:.1f} s" for code, taken in per_language.items()) + ")"
                if per_language
                else ""
            ),
            "≤ 5 s per language",
            ok(max(per_language.values()), BUDGETS["build_s"])
            if per_language
            else ok(bt["build_s"], BUDGETS["build_s"] * bt.get("languages", 1)),
        )
        lines.append(
            f"\nA cold build/cache adds the stdlib step: {bt['cold_cache_stdlib_step_s']:.1f} s "
            "(one Pyodide boot in node)."
        )
    height = results.get("result_height")
    if height:
        lines += [
            "",
            f"The result at 390 x 844 (`.quiz__result` scrollHeight, {height['examples']} examples of the "
            f'flagship): longest {height["longest_px"]} px ("{height["longest"]}"); its top part reaches '
            f'at most {height["top_max_px"]} px from the result\'s first line ("{height["top_longest"]}"), '
            "within one screen under Material's 48 px header.",
        ]
        for stall in height.get("stalled", []):
            lines.append(f"\nA result that did not come in 60 s, measured again in a new tab: `{json.dumps(stall)}`.")

    lines += [
        "",
        "## Timings (median, ms from navigation start)",
        "",
        "| protocol | run | first question usable | engine ready | result, engine warm | wait at 5 s/question | "
        "requests |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, b in protocols:
        for key, run in b.items():
            if key.endswith(("_cold", "_warm")):
                lines.append(
                    f"| {label} ({run.get('protocol') or 'from cache'}) | {key.replace('_', ', ')} | "
                    f"{run.get('first_question_ms', '–')} | {run.get('engine_ready_ms', '–')} | "
                    f"{run.get('result_warm_engine_ms', '–')} | {run.get('wait_after_last_answer_ms', '–')} | "
                    f"{run['bytes']['requests']} |"
                )
    for label, key in (("http/1.1", "worker_throttling"), ("h2", "worker_throttling_h2")):
        if key in results:
            w = results[key]
            lines.append(
                f"\nThrottling reaches the worker ({label}): {w['throttled']} (engine ready "
                f"{w['engine_ready_ms']} ms ≥ {w['floor_ms_at_1_44_mbps']} ms, the time "
                f"{mb(w['engine_bytes'])} take at 1.44 Mbps)."
            )

    stage_rows = [
        (label, key, run["engine_stages_ms"])
        for label, b in protocols
        for key, run in b.items()
        if key.endswith("_warm") and run.get("engine_stages_ms")
    ]
    if stage_rows:
        lines += [
            "",
            "## Engine start-up, warm cache, part by part (median ms; the worker's marks, worker.js)",
            "",
            "| protocol | run | from the kept copy | worker starts (from navigation) | "
            + " | ".join(name.split(":")[1] for name, _ in ENGINE_STAGES)
            + " | engine ready |",
            "|---|---|---|---|" + "---|" * len(ENGINE_STAGES) + "---|",
        ]
        for label, key, st in stage_rows:
            run = dict(protocols)[label][key]
            lines.append(
                f"| {label} | {key.replace('_', ', ')} | {run.get('engine_from_snapshot', '–')} | "
                f"{st.get('worker_start', '–')} | "
                + " | ".join(str(st.get(name.split(":")[1], "–")) for name, _ in ENGINE_STAGES)
                + f" | {run['engine_ready_ms']} |"
            )
        lines += [""] + [f"- **{name.split(':')[1]}**: {what}" for name, what in ENGINE_STAGES]

    lines += [
        "",
        "## Bytes on the wire (after gzip)",
        "",
        "| protocol | page | HTML | CSS | JS | wasm | stdlib | engine | other | total | requests |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    runtime_notes = []
    for label, b in protocols:
        byte_rows = []
        visit = b.get("slow4g_cold") or b.get("none_cold")
        if visit:
            byte_rows.append(("questionnaire, first visit", visit["bytes"]))
        for key, what in (
            ("none_warm", "questionnaire, second visit (warm)"),
            ("guidance_first_visit", "guidance page, first visit"),
            ("guidance_first_visit_with_service_worker", "guidance page, first visit, service worker on"),
        ):
            if key in b:
                byte_rows.append((what, b[key]["bytes"] if "bytes" in b[key] else b[key]))
        for what, by in byte_rows:
            kinds = ("html", "css", "js", "wasm", "stdlib", "engine", "other", "total")
            lines.append(f"| {label} | {what} | " + " | ".join(mb(by[k]) for k in kinds) + f" | {by['requests']} |")
        if "guidance_first_visit" in b:
            runtime_notes.append(f"{b['guidance_first_visit']['runtime_requests']} over {label}")
    if runtime_notes:
        lines.append(f"\nPyodide requests on the guidance page: {', '.join(runtime_notes)}.")

    for label, key in LIGHTHOUSE_KEYS.items():
        lh = results.get(key)
        if not lh:
            continue
        lines += [
            "",
            f"## Lighthouse (mobile), {label}",
            "",
            "| page | performance | accessibility | best practices | "
            "SEO | FCP ms | LCP ms | TBT ms | CLS | below full marks |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, entry in lh.items():
            if "scores" not in entry:
                lines.append(f"| {name} | {entry.get('error', '?')} |||||||||")
                continue
            sc, mt = entry["scores"], entry["metrics"]
            below = "; ".join(f"{k}: {', '.join(v)}" for k, v in entry["below_full_marks"].items() if v)
            lines.append(
                f"| {name} | {sc['performance']} | {sc['accessibility']} | {sc['best-practices']} | "
                f"{sc['seo']} | {mt.get('first-contentful-paint', '–')} | "
                f"{mt.get('largest-contentful-paint', '–')} | {mt.get('total-blocking-time', '–')} | "
                f"{mt.get('cumulative-layout-shift', '–')} | {below} |"
            )

    if "pyodide_compare" in results:
        lines += [
            "",
            "## Pyodide releases compared (same site and engine)",
            "",
            "| release | node boot ms | engine ready, unthrottled cold | engine ready, Slow 4G cold | "
            "wasm | stdlib | engine bytes |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, e in results["pyodide_compare"].items():
            lines.append(
                f"| {label} | {e['node_boot_ms']:.0f} | {e['none_cold_engine_ready_ms']} | "
                f"{e['slow4g_cold_engine_ready_ms']} | {mb(e['wasm_bytes'])} | {mb(e['stdlib_bytes'])} | "
                f"{mb(e['engine_bytes'])} |"
            )

    if "scale" in results:
        sc = results["scale"]
        lines += [
            "",
            "## Scale",
            "",
            "| generated pages | generated questionnaires | Markdown files | mkdocs build s |",
            "|---|---|---|---|",
        ]
        for r in sc["sites"]:
            lines.append(
                f"| {r['generated_pages']} | {r['generated_questionnaires']} | {r['markdown_files']} | {r['build_s']} |"
            )
        lines += [
            "",
            f"Engine (Pyodide boot in node: {sc['engine']['pyodide_boot_ms_node']} ms):",
            "",
            "| questions | CPython load ms | CPython score ms | Pyodide load ms | Pyodide score ms |",
            "|---|---|---|---|---|",
        ]
        for r in sc["engine"]["sizes"]:
            lines.append(
                f"| {r['questions']} | {r['load_ms']} | {r['score_ms']} | {r['pyodide_load_ms']} | "
                f"{r['pyodide_score_ms']} |"
            )
    notes = results.get("notes")
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    history = Path(__file__).parent / "history.md"  # hand-written: each change for speed, before and after
    if history.is_file():
        lines += ["", history.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


# ── Main ─────────────────────────────────────────────────────────────────────────────────────────


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build, serve and measure the site (see benchmarks/run.py).")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: one run, unthrottled only, tiny scale case, no Lighthouse, no comparison",
    )
    parser.add_argument("--site", help="measure an already built site folder instead of building one")
    parser.add_argument("--out", default=str(ROOT / "benchmarks"), help="folder for results.md and results.json")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--compare-pyodide", default="314.0.7", help="another Pyodide release to compare ('' for none)")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md from results.json in --out")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        results = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
        (out_dir / "results.md").write_text(report(results), encoding="utf-8")
        return 0
    results = {
        "command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "runs": runs,
        "quick": args.quick,
        "machine": machine(),
        "budgets": BUDGETS,
    }
    results["command"] = results["command"].strip()

    def save():  # after each step, so a failure late in a 20-minute run keeps what was measured
        (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    began = time.monotonic()

    def step(name):
        at = f"{time.monotonic() - began:.0f} s in"
        print(f"benchmarks: {name} (load {os.getloadavg()[0]:.1f}, {at})", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        if args.site:
            site = Path(args.site).resolve()
        else:
            step("build")
            results["build"] = build_times(tmp, 1 if args.quick else runs)
            site = tmp / "build-0"
        for protocol, key in BROWSER_KEYS.items():
            step(f"browser, {protocol}")
            results[key] = browser_runs(
                site,
                runs,
                ["none"] if args.quick else ["slow4g", "none"],
                pace=not args.quick,
                warm=True,
                settle_ms=1500 if args.quick else 3000,
                protocol=protocol,
            )
            if "slow4g_cold" in results[key]:
                suffix = "_h2" if protocol == "h2" else ""
                results[f"worker_throttling{suffix}"] = worker_throttled(results[key]["slow4g_cold"])
            save()
        step("result length at 390 px")
        results["result_height"] = result_height(site, limit=3 if args.quick else None)
        save()
        if not (args.quick or args.no_lighthouse):
            for protocol, key in LIGHTHOUSE_KEYS.items():
                step(f"lighthouse, {protocol}")
                results[key] = lighthouse(site, LIGHTHOUSE_PAGES, tmp, protocol)
                save()
        save()
        if args.compare_pyodide and not args.quick:
            step(f"pyodide {args.compare_pyodide}")
            try:
                results["pyodide_compare"] = compare_pyodide(site, args.compare_pyodide, runs, tmp)
            except Exception as error:  # noqa: BLE001 - reported in the results, the rest still runs
                results["pyodide_compare_error"] = f"{type(error).__name__}: {error}"
            save()
        if not args.no_scale:
            step("scale")
            from benchmarks import scale

            runtime = site / "assets" / "quiz" / "runtime"
            cases = [(5, 1)] if args.quick else [(0, 0), (100, 5), (500, 20)]
            results["scale"] = {
                "sites": scale.site_build_times(cases, ROOT / "build" / "runtime"),
                "engine": scale.engine_times(
                    [15, 30] if args.quick else [15, 50, 100],
                    runtime / "pyodide",
                    next(runtime.glob("engine-*.zip")),
                    repeats=5 if args.quick else 20,
                ),
            }
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out_dir / "results.md").write_text(report(results), encoding="utf-8")
    print(f"benchmarks: wrote {out_dir / 'results.md'} and results.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
