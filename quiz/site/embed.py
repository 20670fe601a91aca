"""The Markdown embedding: a Python-Markdown extension that turns a marker line into a questionnaire's form.

A page embeds a questionnaire with one line of its own:  <!-- quiz: paraprofessional-support -->
(a marker inside fenced code stays as it is, so a page can show it). The extension needs no site generator:
MkDocs and ProperDocs get it from the `quiz` plugin (plugin.py), which hands it the definitions it loaded and
each page's URL, so every link in the form is relative to the page; Zensical, which runs Markdown extensions
but not MkDocs plugins, loads it from mkdocs.yml:

    markdown_extensions:
      - quiz.site.embed:
          base: /para-guide/        # the site root's URL path; the form's links start with it

There the extension cannot know a page's URL, so its links are `base` + a path from the site root. The files
those links name (browser files, runtime, definitions' JSON) are written by `python -m quiz runtime SITE`
(runtime.py), or by the plugin.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..authoring import definition
from ..core import engine
from . import form, letters, runtime

NAME = "quiz.site.embed"  # how mkdocs.yml names this extension
MARKER = re.compile(r"^<!--\s*quiz:\s*([a-z][a-z0-9_-]*)\s*-->[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", re.MULTILINE | re.DOTALL)
SITE_ASSETS = "assets/quiz"  # the browser files, from the site root; the runtime is in SITE_ASSETS/runtime/


class UnknownQuestionnaire(ValueError):
    """A marker names a questionnaire no definition file declares."""


def definition_uri(source: definition.Source) -> str:
    """Where a questionnaire's JSON for the browser lives, from the site root."""
    return f"questionnaires/{_id(source)}.json"


def markers(markdown: str, marker: re.Pattern = MARKER) -> list[str]:
    """The questionnaire ids a page's marker lines name, outside fenced code, in page order."""
    parts = _FENCE.split(markdown)
    return [match.group(1) for index, part in enumerate(parts) if not index % 2 for match in marker.finditer(part)]


def replace_markers(markdown: str, replace: Callable[[str], str], marker: re.Pattern = MARKER) -> str:
    """`markdown` with each marker line outside fenced code replaced by `replace(questionnaire id)`."""
    parts = _FENCE.split(markdown)
    return "".join(
        part if index % 2 else marker.sub(lambda m: replace(m.group(1)), part) for index, part in enumerate(parts)
    )


def relative_url(url: str, page_url: str) -> str:
    """`url` (from the site root) as seen from the page at `page_url` (MkDocs' get_relative_url, no MkDocs)."""
    if page_url not in ("", "."):
        folder, name = posixpath.split(page_url)
        page_url = folder if "." in name else page_url
    relative = posixpath.relpath("/" + url, "/" + page_url)
    return relative + "/" if url.endswith("/") else relative


class QuizExtension(Extension):
    """Marker lines → the questionnaire's form (form.py), as raw HTML that Markdown leaves alone."""

    def __init__(self, **kwargs: Any):
        self.config = {
            "docs_dir": ["docs", "the docs folder; a relative path starts at the folder the build runs in"],
            "definitions": ["questionnaires/*.yml", "which files in docs_dir are questionnaires (a glob)"],
            "base": ["/", "the site root's URL path, e.g. /para-guide/: the form's links start with it"],
            "runtime_dir": [
                "",
                "the runtime folder (with manifest.json), relative to where the build runs; "
                "default: build/runtime if there, else the one the package carries",
            ],
        }
        super().__init__(**kwargs)
        # Set by the plugin (MkDocs, ProperDocs); left as they are, the extension finds these itself.
        self.sources: dict[str, definition.Source] | None = None  # questionnaire id → definition
        self.broken: dict[str, str] = {}  # questionnaire id (file stem) → error text, while serving
        self.manifest: dict[str, str] | None = None  # runtime/manifest.json
        self.page_url: str | None = None  # the page being rendered: links relative to it, not to `base`
        self.assets_in_head = False  # True: the plugin puts stylesheet and scripts in <head>; else before the form

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After fenced code is stashed (25), so a marker shown in code stays; before raw HTML (20) takes comments.
        md.preprocessors.register(_MarkerPreprocessor(md, self), "quiz", 22)

    # ── what the form needs ───────────────────────────────────────────────────────────────────────

    def questionnaires(self) -> tuple[dict[str, definition.Source], dict[str, str]]:
        """The definitions: the plugin's, or loaded from `docs_dir`/`definitions` (a broken file raises)."""
        if self.sources is None:
            docs = Path(self.getConfig("docs_dir"))
            self.sources = load_definitions(sorted(docs.glob(self.getConfig("definitions"))))
        return self.sources, self.broken

    def url(self, path: str) -> str:
        """A link to `path` (from the site root) from the current page."""
        if self.page_url is not None:
            return relative_url(path, self.page_url)
        base = self.getConfig("base") or "/"
        return (base if base.endswith("/") else base + "/") + path

    def html(self, questionnaire_id: str, kit: bool = False) -> str:
        """The form for one marker (or, while serving, the broken file's error in its place); with `kit`, the
        questionnaire's letters for a `<!-- letters: id -->` marker (letters.py)."""
        sources, broken = self.questionnaires()
        if questionnaire_id in broken:
            return (
                f'<div class="admonition failure"><p class="admonition-title">This questionnaire has an '
                f"error</p><pre>{escape(broken[questionnaire_id])}</pre></div>"
            )
        if questionnaire_id not in sources:
            raise UnknownQuestionnaire(
                f"no questionnaire with id '{questionnaire_id}' (known: {', '.join(sorted(sources)) or 'none'})"
            )
        if self.manifest is None:
            self.manifest = runtime.manifest(runtime.locate(self.getConfig("runtime_dir") or None, Path.cwd()))
        source = sources[questionnaire_id]
        urls = {
            "definition": self.url(definition_uri(source)),
            "runtime": self.url(f"{SITE_ASSETS}/runtime/"),
            "engine": self.manifest["engine"],
            "worker": self.url(f"{SITE_ASSETS}/worker.js"),
            # a build in another language than the school's: the letter's copy for the school (letters.py)
            **letters.school_urls(
                self.getConfig("docs_dir"), definition_uri(source), self.page_url, self.getConfig("base")
            ),
        }
        if kit:  # the letters page: its own stylesheet and script, whatever the head holds (no plugin needed)
            assets = (
                f'<link rel="stylesheet" href="{self.url(SITE_ASSETS + "/quiz.css")}">'
                f'<script type="module" src="{self.url(SITE_ASSETS + "/" + letters.SCRIPT)}"></script>'
            )
            return letters.render(source, urls, assets)
        return form.render(source, urls)

    def asset_tags(self) -> str:
        """The stylesheet and the page script, for a page whose head no plugin can reach (in the body, they work)."""
        return (
            f'<link rel="stylesheet" href="{self.url(SITE_ASSETS + "/quiz.css")}">'
            f'<script type="module" src="{self.url(SITE_ASSETS + "/quiz.js")}"></script>'
        )


class _MarkerPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        first = [True]

        def stash(questionnaire_id: str) -> str:
            html = self.extension.html(questionnaire_id)
            if first[0] and not self.extension.assets_in_head:
                # Led by a comment, the block counts as block-level HTML, so Markdown wraps no <p> around the tags.
                html = f"<!-- quiz form: {questionnaire_id} -->" + self.extension.asset_tags() + html
            first[0] = False
            return "\n\n" + self.md.htmlStash.store(html) + "\n\n"

        def stash_letters(questionnaire_id: str) -> str:  # `<!-- letters: id -->`: the letter kit (letters.py)
            html = f"<!-- quiz letters: {questionnaire_id} -->" + self.extension.html(questionnaire_id, kit=True)
            return "\n\n" + self.md.htmlStash.store(html) + "\n\n"

        text = replace_markers("\n".join(lines), stash)
        return replace_markers(text, stash_letters, letters.MARKER).split("\n")


def load_definitions(paths: list[Path]) -> dict[str, definition.Source]:
    """Questionnaire files by id; a file's error (file:line) or an id used twice raises QuestionnaireFileError."""
    sources: dict[str, definition.Source] = {}
    for path in paths:
        source = _cached(path)
        if _id(source) in sources:
            raise definition.QuestionnaireFileError(
                path, 1, 1, f"the questionnaire id '{_id(source)}' is used by two files"
            )
        sources[_id(source)] = source
    return sources


def _id(source: definition.Source) -> str:
    """The id a loaded file's questionnaire declares."""
    assert isinstance(source.questionnaire, engine.Questionnaire), "a file that load_file has read"
    return source.questionnaire.id


_CACHE: dict[tuple[str, int], definition.Source] = {}


def _cached(path: Path) -> definition.Source:
    """A generator without plugins may make an extension per page: each file is read once while unchanged."""
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = definition.load_file(path)
    return _CACHE[key]


def makeExtension(**kwargs: Any) -> QuizExtension:  # noqa: N802 (Python-Markdown's name)
    """What Python-Markdown calls for `markdown_extensions: [quiz.site.embed]`."""
    return QuizExtension(**kwargs)
