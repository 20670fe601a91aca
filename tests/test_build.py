"""The built site/: the form of contract 5, the browser's files, and nothing that points at another origin."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from quiz.core import engine
from tests.helpers import flagship, material_config

PAGE = "questionnaires/paraprofessional-support/index.html"


class FormParser(HTMLParser):
    """Collects fieldsets (with their legend text) and the inputs inside each."""

    def __init__(self):
        super().__init__()
        self.forms = 0
        self.fieldsets: list = []
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "quiz__form" in (attrs.get("class") or ""):
            self.forms += 1
        elif tag == "fieldset":
            self.fieldsets.append({"legend": "", "inputs": []})
        elif tag == "legend":
            self._in_legend = True
        elif tag == "input" and self.fieldsets:
            self.fieldsets[-1]["inputs"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "legend":
            self._in_legend = False

    def handle_data(self, data):
        if self._in_legend:
            self.fieldsets[-1]["legend"] += data


def parsed_form(site_dir: Path) -> FormParser:
    parser = FormParser()
    parser.feed((site_dir / PAGE).read_text(encoding="utf-8"))
    return parser


def test_every_question_is_a_fieldset_with_a_legend_and_named_inputs(site_dir):
    form = parsed_form(site_dir)
    questionnaire = flagship().questionnaire
    assert form.forms == 1
    assert len(form.fieldsets) == len(questionnaire.questions)
    for fieldset, question in zip(form.fieldsets, questionnaire.questions, strict=True):
        assert fieldset["legend"].strip(), question.id
        assert {i["name"] for i in fieldset["inputs"]} == {question.id}
        assert [i["value"] for i in fieldset["inputs"]] == question.values()
        expected_type = "checkbox" if question.id == "when" else "radio"
        assert {i["type"] for i in fieldset["inputs"]} == {expected_type}


def test_option_hints_say_what_each_answer_means(site_dir):
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    assert 'id="q-academics-often-hint"' in html
    assert "On most days: prompts to start, keep going or follow the steps." in html


def test_the_definition_json_scores_like_the_yaml(site_dir):
    data = json.loads((site_dir / "questionnaires" / "paraprofessional-support.json").read_text(encoding="utf-8"))
    built = engine.load(data)
    assert "examples" not in data
    for example in flagship().data["examples"]:
        ours = engine.score(built, example["answers"])
        theirs = engine.score(flagship().questionnaire, example["answers"])
        assert (ours["band"], ours["focus"], ours["notes"]) == (theirs["band"], theirs["focus"], theirs["notes"])
    assert not (site_dir / "questionnaires" / "paraprofessional-support.yml").exists()


def test_only_pyodide_boot_files_and_the_engine_are_shipped(site_dir):
    runtime = site_dir / "assets" / "quiz" / "runtime"
    manifest = json.loads((runtime / "manifest.json").read_text())
    assert sorted(p.name for p in (runtime / "pyodide").iterdir()) == [
        "pyodide-lock.json",
        "pyodide.asm.js",
        "pyodide.asm.wasm",
        "pyodide.mjs",
        "python_stdlib.zip",
    ]
    assert (runtime / manifest["engine"]).is_file()
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    assert f'data-engine="{manifest["engine"]}"' in html


def test_pages_without_a_questionnaire_load_no_engine(site_dir):
    from quiz.site import languages, letters
    from quiz.site.plugin import MARKER
    from tests.helpers import ROOT

    # A questionnaire's page, or its letters page (whose kit makes the .docx with the engine, started only
    # once the parent types: see test_letter_kit_e2e.py).
    marked = {
        f"{language.prefix}{md.relative_to(language.docs_dir).with_suffix('').as_posix()}/index.html"
        for language in languages.discover(ROOT / "mkdocs.yml").languages  # es/… too
        for md in language.docs_dir.rglob("*.md")
        if MARKER.search(md.read_text(encoding="utf-8")) or letters.MARKER.search(md.read_text(encoding="utf-8"))
    }
    assert PAGE in marked
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_engine = 'data-module="quiz"' in html or "assets/quiz/runtime" in html or "assets/quiz/quiz.js" in html
        assert has_engine == (page.relative_to(site_dir).as_posix() in marked), page


FETCHING = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//"""
    r"""|@import\s+["']?(?:url\()?["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def test_nothing_in_the_site_fetches_from_another_origin(site_dir):
    offenders = []
    for path in site_dir.rglob("*"):
        if path.suffix in {".html", ".css"} and FETCHING.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(path.relative_to(site_dir).as_posix())
    assert offenders == []
    assert not any("fonts.googleapis" in p.read_text(errors="replace") for p in site_dir.rglob("*.html"))


def test_the_site_works_under_a_subpath(site_dir):
    # Every same-site URL in the questionnaire page is relative, so /para-guide/ (a project page) works.
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    absolute = re.findall(r"""(?:src|href|data-[a-z]+)=["'](/[^/"'][^"']*)""", html)
    assert absolute == []


def test_instant_navigation_is_off(site_dir):
    """Decided: Material's instant navigation stays off, so every page load runs the questionnaire script once
    and no Web Worker outlives its page. Turning it on needs the script to start on each page change."""
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    assert "navigation.instant" not in material_config(html)["features"]
