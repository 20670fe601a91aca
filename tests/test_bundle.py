"""The browser modules bundled (build.py's bundle_web, esbuild; quiz/site/runtime.py's Browser): what a built page
loads, and that a bundle made from other sources is never served in place of the modules as they are now."""

from __future__ import annotations

import json
import re
import shutil

from quiz.site import runtime
from quiz.site.plugin import _head_assets

PAGE = "questionnaires/paraprofessional-support/index.html"


def head(site_dir, page=PAGE) -> str:
    return (site_dir / page).read_text(encoding="utf-8").split("</head>")[0]


def test_a_questionnaire_page_loads_the_bundle_and_preloads_its_chunks(site_dir, runtime_dir):
    index = json.loads((runtime_dir / runtime.BUNDLE / runtime.BUNDLE_INDEX).read_text(encoding="utf-8"))
    preloaded = re.findall(r'<link rel="modulepreload" href="\.\./\.\./assets/quiz/([^"]+)">', head(site_dir))
    assert preloaded and preloaded == index["imports"]["quiz.js"], "every chunk quiz.js imports, and nothing else"
    assets = site_dir / "assets" / "quiz"
    for name in index["imports"]:
        assert (assets / name).is_file(), name
    for module in ("dom.js", "questionnaire.js", "strings.js"):
        assert module in index["inputs"] and not (assets / module).exists(), f"{module} is in the bundle"
    assert (assets / "worker.js").is_file() and (assets / "offline.js").is_file(), "not bundled: their own scripts"
    assert not (assets / "runtime" / runtime.BUNDLE).exists(), "the bundle is served once, in assets/quiz/"
    assert len(preloaded) + 1 < len(runtime.Browser(None).preloads("quiz.js")), "fewer requests than the modules"


def test_the_result_and_the_letters_page_share_the_questionnaires_chunks(runtime_dir):
    # One instance of each module however it is reached: the result's lazy import reuses the page's chunks.
    browser = runtime.Browser(runtime_dir)
    assert browser.bundled
    shared = set(browser.preloads("quiz.js"))
    assert set(browser.preloads("result.js")) & shared
    assert set(browser.preloads("letters-page.js")) & shared


def test_a_bundle_of_other_sources_is_not_used(tmp_path, runtime_dir):
    # A module edited since `python build.py runtime` (while serving): the page gets quiz/web/ as it is now.
    shutil.copytree(runtime_dir / runtime.BUNDLE, tmp_path / runtime.BUNDLE)
    index_path = tmp_path / runtime.BUNDLE / runtime.BUNDLE_INDEX
    index = json.loads(index_path.read_text(encoding="utf-8"))
    assert runtime.Browser(tmp_path).bundled, "the copy of a fresh bundle is used"
    index["sources"] = "0" * 16
    index_path.write_text(json.dumps(index), encoding="utf-8")
    browser = runtime.Browser(tmp_path)
    assert not browser.bundled
    files = browser.files()
    assert files["quiz.js"] == runtime.WEB / "quiz.js" and files["dom.js"] == runtime.WEB / "dom.js"
    assert not [name for name in files if name.startswith("chunk-")]
    preloads = browser.preloads("quiz.js")
    assert {"dom.js", "questionnaire.js", "strings.js", "result-step.js"} <= set(preloads)
    assert "result.js" not in preloads, "the result is imported when first needed, not preloaded"
    html = _head_assets("<html><head><title>t</title></head><body></body></html>", "q/", preloads)
    assert '<link rel="modulepreload" href="../assets/quiz/dom.js">' in html


def test_no_runtime_means_the_modules_one_by_one():
    browser = runtime.Browser(None)
    assert not browser.bundled and browser.files() == {path.name: path for path in runtime.web_files()}
