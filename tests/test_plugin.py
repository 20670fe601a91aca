"""The Markdown embedding (quiz/site/embed.py) and the plugin's adapter over it, with real Python-Markdown.

A marker line becomes the form, except inside fenced code; links are relative to the page when the plugin
gives its URL, and start at `base` when the extension runs alone (Zensical); an unknown id is named.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import markdown as markdown_lib
import pytest
from mkdocs.exceptions import PluginError

from quiz.site import embed
from quiz.site.plugin import QuizPlugin
from tests.helpers import ROOT, flagship

QID = "paraprofessional-support"
MANIFEST = {"engine": "engine-0123456789ab.zip", "pyodide": "pyodide/"}


def extension(**options) -> embed.QuizExtension:
    ext = embed.QuizExtension(**options)
    ext.sources, ext.manifest = {QID: flagship()}, dict(MANIFEST)
    return ext


def convert(text: str, ext: embed.QuizExtension) -> str:
    return markdown_lib.markdown(text, extensions=[ext, "pymdownx.superfences", "md_in_html"])


def links(html: str) -> dict:
    return dict(re.findall(r'data-(definition|runtime|worker)="([^"]*)"', html))


def test_a_marker_line_becomes_the_form_between_the_paragraphs():
    ext = extension()
    ext.page_url, ext.assets_in_head = "questionnaires/paraprofessional-support/", True
    html = convert("Intro.\n\n<!-- quiz: paraprofessional-support -->\n\nAfter.\n", ext)
    assert re.search(
        r'<p>Intro.</p>\s*<div class="quiz" data-module="quiz" data-questionnaire="paraprofessional-'
        r'support"',
        html,
    )
    assert html.rstrip().endswith("</div>\n<p>After.</p>")
    assert len(re.findall(r"<fieldset", html)) == len(flagship().questionnaire.questions)
    assert f'data-engine="{MANIFEST["engine"]}"' in html
    assert "<script" not in html, "the plugin puts the scripts in <head>"


def test_with_the_page_url_links_are_relative_to_the_page():
    ext = extension()
    ext.page_url = "guide/safety/"
    assert links(convert("<!-- quiz: paraprofessional-support -->\n", ext)) == {
        "definition": "../../questionnaires/paraprofessional-support.json",
        "runtime": "../../assets/quiz/runtime/",
        "worker": "../../assets/quiz/worker.js",
    }


def test_alone_links_start_at_base_and_the_page_gets_its_stylesheet_and_script_once():
    html = convert(
        "<!-- quiz: paraprofessional-support -->\n\n<!-- quiz: paraprofessional-support -->\n",
        extension(base="/para-guide/"),
    )
    assert links(html) == {
        "definition": "/para-guide/questionnaires/paraprofessional-support.json",
        "runtime": "/para-guide/assets/quiz/runtime/",
        "worker": "/para-guide/assets/quiz/worker.js",
    }
    assert html.count('<script type="module" src="/para-guide/assets/quiz/quiz.js"></script>') == 1
    assert html.count('<link rel="stylesheet" href="/para-guide/assets/quiz/quiz.css">') == 1
    assert "<p><link" not in html and "<p><!--" not in html, "the tags are block HTML, not in a paragraph"


def test_a_marker_in_fenced_code_is_left_alone():
    text = "Write this:\n\n```markdown\n<!-- quiz: paraprofessional-support -->\n```\n"
    html = convert(text, extension())
    assert "data-module" not in html
    assert "&lt;!-- quiz: paraprofessional-support --&gt;" in html
    assert embed.markers(text) == []


def test_an_unknown_questionnaire_is_named_by_the_extension():
    with pytest.raises(embed.UnknownQuestionnaire, match="no questionnaire with id 'nope'.*known: paraprof"):
        convert("<!-- quiz: nope -->\n", extension())


def test_alone_it_reads_the_definitions_from_the_docs_folder(monkeypatch, runtime_dir):
    monkeypatch.chdir(ROOT)  # a relative docs_dir starts where the build runs
    ext = embed.makeExtension(docs_dir="docs", runtime_dir=str(runtime_dir))
    html = markdown_lib.markdown("<!-- quiz: fading-readiness -->\n", extensions=[ext])
    assert 'data-questionnaire="fading-readiness"' in html
    assert sorted(ext.questionnaires()[0]) == sorted(["fading-readiness", QID])
    engine_zip = next(runtime_dir.glob("engine-*.zip")).name
    assert f'data-engine="{engine_zip}"' in html, "the engine named by the runtime's manifest"


def test_relative_url_matches_mkdocs():
    from mkdocs.utils import get_relative_url

    for url in ("questionnaires/x.json", "assets/quiz/runtime/", "assets/quiz/worker.js"):
        for page in ("", "faq/", "guide/safety/", "404.html", "a/b/c/"):
            assert embed.relative_url(url, page) == get_relative_url(url, page), (url, page)


def plugin() -> QuizPlugin:
    quiz = QuizPlugin()
    quiz.sources = {QID: flagship()}
    return quiz


def test_the_plugin_gives_the_extension_the_page_url_and_leaves_the_markdown():
    quiz = plugin()
    page = SimpleNamespace(file=SimpleNamespace(src_path="guide/safety.md"), url="guide/safety/")
    text = "<!-- quiz: paraprofessional-support -->\n"
    assert quiz.on_page_markdown(text, page=page, config=None, files=None) == text
    assert quiz.extension.page_url == "guide/safety/"


def test_the_plugin_names_the_page_of_an_unknown_questionnaire():
    page = SimpleNamespace(file=SimpleNamespace(src_path="page.md"), url="page/")
    with pytest.raises(PluginError, match="page.md: no questionnaire with id 'nope'.*known: paraprofessional-support"):
        plugin().on_page_markdown("<!-- quiz: nope -->\n", page=page, config=None, files=None)


def test_the_plugin_replaces_an_embed_listed_for_zensical():
    """One mkdocs.yml for all three: a `quiz.site.embed` entry is dropped by the plugin, which embeds instead."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.markdown_extensions.append(embed.NAME)
    config.mdx_configs[embed.NAME] = {"base": "/para-guide/"}
    config = config.plugins.on_config(config)
    ours = [e for e in config.markdown_extensions if e == embed.NAME or isinstance(e, embed.QuizExtension)]
    assert len(ours) == 1 and isinstance(ours[0], embed.QuizExtension) and ours[0].assets_in_head
    assert embed.NAME not in config.mdx_configs


def test_the_extension_and_the_runtime_command_need_no_site_generator():
    """Zensical runs Markdown extensions without MkDocs: embed.py and runtime.py must import without it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "for name in ('mkdocs', 'properdocs', 'material'): sys.modules[name] = None  # importing them fails\n"
        "import markdown, quiz.site.embed, quiz.site.runtime, quiz.authoring.cli\n"
        "print(markdown.markdown('text', extensions=['quiz.site.embed']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "<p>text</p>", done.stderr
