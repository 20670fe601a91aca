"""This site built by ProperDocs 1.6.7 (the maintained MkDocs 1.x fork) instead of MkDocs, unchanged: the plugin
loads through its `properdocs.plugins` entry point, the Markdown extension embeds the form, and the
questionnaire scores in Chromium as CPython does, served under /para-guide/ with gzip.

MkDocs 1.6.1 builds the same mkdocs.yml in the site_dir fixture (build.py), which the other browser tests use.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.server import StaticServer
from tests.test_plugin_outside import scores_like_cpython, site_build

ROOT = Path(__file__).resolve().parent.parent
PAGE = "questionnaires/paraprofessional-support"


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    import build

    build.build_runtime()  # build/runtime/, where mkdocs.yml's plugin looks, as `python build.py` makes it
    site = tmp_path_factory.mktemp("properdocs") / "site"
    site_build(ROOT / "mkdocs.yml", site, tool="properdocs", cwd=ROOT)
    return site


def test_properdocs_loads_the_plugin_by_its_own_entry_point():
    from importlib.metadata import entry_points

    plugins = {ep.name: ep.value for ep in entry_points(group="properdocs.plugins")}
    assert plugins.get("quiz") == "quiz.site.plugin:QuizPlugin"


def test_the_page_has_the_form_the_policy_and_the_files(properdocs_site):
    html = (properdocs_site / PAGE / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((properdocs_site / "assets/quiz/runtime/manifest.json").read_text())
    assert 'data-questionnaire="paraprofessional-support"' in html
    assert f'data-engine="{manifest["engine"]}"' in html
    assert 'data-definition="../paraprofessional-support.json"' in html, "links relative to the page"
    assert '<meta http-equiv="Content-Security-Policy"' in html
    assert '<link rel="modulepreload"' in html.split("</head>")[0], "the plugin put the scripts in the head"
    assert (properdocs_site / "sw.js").is_file() and "__PRECACHE__" not in (properdocs_site / "sw.js").read_text()
    assert (properdocs_site / "questionnaires/paraprofessional-support.json").is_file()
    assert not list(properdocs_site.rglob("*.yml"))


def test_the_questionnaire_scores_in_the_browser(chromium, properdocs_site):
    with StaticServer(properdocs_site, prefix="/para-guide/") as server:
        scores_like_cpython(chromium, server, PAGE, "paraprofessional-support")
