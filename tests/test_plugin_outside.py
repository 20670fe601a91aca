"""The `quiz` plugin used from outside this project: another site, its own mkdocs.yml, our plugin, under MkDocs
1.6.1 and under ProperDocs 1.6.7 (the maintained MkDocs 1.x fork, installed beside MkDocs: requirements.txt).

A minimal site is written to a tmp folder (Material theme, `plugins: [quiz]` with `runtime_dir` pointing at the
runtime build.py makes, two pages with a marker line, the two questionnaire files copied into its docs). It is
built with `mkdocs build --strict` and with `properdocs build --strict`, served under a subpath with gzip, and
driven in Chromium: the form is there, the page's own script walks the questions, and the engine in the page's
worker gives the result CPython gives. Any request to another origin fails the test.

The wheel, installed alone, is tested in tests/test_wheel.py with the helpers here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from quiz.authoring import definition
from quiz.core import engine
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ROOT / "docs" / "questionnaires"
READY_MS = 30_000  # a cold Pyodide boot on a busy machine; the benchmark, not this test, judges speed
PAGES = {"para": "paraprofessional-support", "step-back": "fading-readiness"}

MKDOCS_YML = """\
site_name: Another nonprofit's site
theme:
  name: material
  font: false
plugins:
  - quiz:
      runtime_dir: {runtime}
"""


def write_site(folder: Path, runtime: Path) -> Path:
    """A small MkDocs project that knows nothing of ours but the plugin's name and options."""
    docs = folder / "docs"
    (docs / "questionnaires").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(runtime=runtime.as_posix()), encoding="utf-8")
    (docs / "index.md").write_text(
        "# Our site\n\n[Support](para.md) and [stepping back](step-back.md).\n", encoding="utf-8"
    )
    for page, questionnaire in PAGES.items():
        shutil.copy(QUESTIONNAIRES / f"{questionnaire}.yml", docs / "questionnaires" / f"{questionnaire}.yml")
        (docs / f"{page}.md").write_text(
            f"# A questionnaire\n\nSome words first.\n\n<!-- quiz: {questionnaire} -->\n", encoding="utf-8"
        )
    return folder / "mkdocs.yml"


def site_build(
    config: Path, site: Path, pythonpath: str | None = None, tool: str = "mkdocs", cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """`TOOL build --strict` (mkdocs or properdocs) of `config` into `site`, with only `pythonpath` added."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=cwd or config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"{tool} build --strict failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_generators_are_the_pinned_versions():
    """The builds below run MkDocs 1.6.1 and ProperDocs 1.6.7 (requirements.txt), each its own package."""
    for tool, version in (("mkdocs", "1.6.1"), ("properdocs", "1.6.7")):
        done = subprocess.run(
            [sys.executable, "-m", tool, "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )
        assert re.search(rf"\b{tool}, version {re.escape(version)} from \S*/site-packages/{tool} ", done.stdout), (
            done.stdout
        )


@pytest.fixture(scope="module", params=["mkdocs", "properdocs"])
def outside_site(request, tmp_path_factory, runtime_dir) -> Path:
    folder = tmp_path_factory.mktemp(f"outside-{request.param}")
    config = write_site(folder / "project", runtime_dir)
    site_build(config, folder / "site", tool=request.param)
    return folder / "site"


@pytest.fixture(scope="module")
def server(outside_site):
    with StaticServer(outside_site, prefix="/their-site/") as running:
        yield running


def cpython(questionnaire_id: str, answers: dict) -> tuple:
    source = definition.load_file(QUESTIONNAIRES / f"{questionnaire_id}.yml")
    return source, engine.score(source.questionnaire, answers)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def walk(page, answers: dict) -> list:
    """Answer each question the page shows, by clicks, until it shows "Check your answers"; returns the ids."""
    seen = []
    while page.evaluate("document.querySelector('.quiz').dataset.step") == "question":
        question = page.locator(".quiz__question:not([hidden])").get_attribute("data-question")
        assert question not in seen[-1:], f"the page stayed on {question}: an asked question has no answer"
        seen.append(question)
        value = answers.get(question)
        for item in value if isinstance(value, list) else [value] if value else []:
            page.check(f"#q-{question}-{item}")
        page.get_by_role("button", name="Continue").click()
    return seen


def test_built_pages_have_the_form_and_only_local_files(outside_site):
    for page, questionnaire in PAGES.items():
        html = (outside_site / page / "index.html").read_text(encoding="utf-8")
        assert f'data-questionnaire="{questionnaire}"' in html
        assert re.search(r'<fieldset class="quiz__fieldset"[^>]*>\s*<legend', html)
        for url in re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*?\b(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", url), f"{page} loads {url} from another origin"
        assert (outside_site / "questionnaires" / f"{questionnaire}.json").is_file()
    assert (outside_site / "assets" / "quiz" / "runtime" / "manifest.json").is_file()
    assert not list(outside_site.rglob("*.yml")), "the YAML sources must not be published"


@pytest.mark.parametrize("page_name", list(PAGES))
def test_questionnaire_scores_end_to_end_in_the_browser(chromium, server, page_name):
    scores_like_cpython(chromium, server, page_name, PAGES[page_name])


def scores_like_cpython(chromium, server, page_path: str, questionnaire_id: str) -> None:
    """Walk the page's questionnaire with its first example's answers; the page shows what CPython scores."""
    example = definition.load_file(QUESTIONNAIRES / f"{questionnaire_id}.yml").data["examples"][0]
    source, want = cpython(questionnaire_id, example["answers"])
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    guard = OriginGuard(context, server.origin)
    errors: list = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url + f"{page_path}/")
        page.wait_for_selector(".quiz--enhanced")
        seen = walk(page, example["answers"])
        assert set(seen) >= set(want["answers"]), "every answer the engine counts was asked on the page"
        page.get_by_role("button", name="See my result").click()
        page.wait_for_function("() => document.querySelector('.quiz').dataset.band", timeout=READY_MS)
        assert page.evaluate("document.querySelector('.quiz').dataset.band") == want["band"]
        band = next(b for b in source.data["bands"] if b["id"] == want["band"])
        assert text(page.locator(".quiz__result .quiz__heading").inner_text()) == text(band["title"])
        titles = {n["id"]: text(n["title"]) for n in source.data["notes"]}
        assert [text(t) for t in page.locator(".quiz__note-title").all_inner_texts()] == [
            titles[n] for n in want["notes"]
        ]
        assert page.locator(".quiz__reason").count() == len(want["reasons"])
        assert page.locator(".quiz__focus li").count() == len(want["focus"])
    finally:
        context.close()
    assert not errors, errors
    guard.assert_none_foreign()
    assert any(url.endswith("pyodide.asm.wasm") for url in guard.seen), "the engine ran from the site's own files"
