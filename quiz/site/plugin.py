"""The MkDocs glue: questionnaire files in, forms in pages and files for the browser out. Kept thin on purpose.

A page embeds a questionnaire with one line of Markdown:  <!-- quiz: paraprofessional-support -->
Loading, checking and rendering live in definition.py and form.py; this module only wires MkDocs events.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from . import csp, form, offline
from ..authoring import definition

log = get_plugin_logger(__name__)
MARKER = re.compile(r"^<!--\s*quiz:\s*([a-z][a-z0-9_-]*)\s*-->[ \t]*$", re.MULTILINE)
ASSETS = Path(__file__).resolve().parent.parent / "web"
SITE_ASSETS = "assets/quiz"


class QuizConfig(Config):
    definitions = c.Type(str, default="questionnaires/*.yml")  # glob inside docs_dir
    runtime_dir = c.Type(str, default="build/runtime")  # made by `python build.py runtime`


class QuizPlugin(BasePlugin[QuizConfig]):
    def __init__(self):
        self.sources: dict = {}  # questionnaire id → definition.Source
        self.broken: dict = {}  # questionnaire id (file stem) → error text, kept only while serving
        self.manifest: dict = {}  # runtime file names, from build/runtime/manifest.json
        self.serving = False

    def on_startup(self, *, command, dirty) -> None:
        """While serving, a broken questionnaire file is reported, not fatal, so live reload keeps going."""
        self.serving = command == "serve"

    def on_files(self, files: Files, *, config) -> Files:
        """Definitions are read here, before any page, so a broken file stops the build with its line."""
        self.sources, self.broken = {}, {}
        docs = Path(config.docs_dir)
        for path in sorted(docs.glob(self.config.definitions)):
            stale = files.get_file_from_path(path.relative_to(docs).as_posix())
            if stale is not None:
                files.remove(stale)  # the YAML is the editors' source; the browser gets JSON
            try:
                source = definition.load_file(path)
            except definition.QuestionnaireFileError as error:
                if not self.serving:
                    raise PluginError(f"Questionnaire file error: {error}") from None
                log.error(str(error))
                self.broken[path.stem] = str(error)
                continue
            if source.questionnaire.id in self.sources:
                raise PluginError(f"{path}: the questionnaire id '{source.questionnaire.id}' is used by two files")
            self.sources[source.questionnaire.id] = source
            files.append(File.generated(config, _definition_uri(source), content=definition.browser_json(source)))
        for asset in sorted(ASSETS.glob("*.*")):
            if asset.name == offline.TEMPLATE.name:
                continue  # the service worker's template: written to the site root by on_post_build
            files.append(File.generated(config, f"{SITE_ASSETS}/{asset.name}", abs_src_path=str(asset)))
        if self.sources or self.broken:
            for runtime_file in self._runtime_files(config):
                files.append(runtime_file)
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        """Markers become placeholders that survive Markdown; the form is put in after, as finished HTML."""

        def placeholder(match: re.Match) -> str:
            if match.group(1) in self.broken:
                return (f'<div class="admonition failure"><p class="admonition-title">This questionnaire has an '
                        f'error</p><pre>{escape(self.broken[match.group(1)])}</pre></div>')
            if match.group(1) not in self.sources:
                raise PluginError(f"{page.file.src_path}: no questionnaire with id '{match.group(1)}' "
                                  f"(known: {', '.join(sorted(self.sources)) or 'none'})")
            return f'<div class="quiz-placeholder" data-quiz="{match.group(1)}"></div>'

        # Markers inside fenced code (an editors' page showing the marker) stay as they are.
        parts = re.split(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", markdown, flags=re.MULTILINE | re.DOTALL)
        return "".join(part if index % 2 else MARKER.sub(placeholder, part) for index, part in enumerate(parts))

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """Each placeholder becomes the questionnaire's form, with URLs relative to the page (subpath-safe)."""

        def replace(match: re.Match) -> str:
            source = self.sources[match.group(1)]
            here = page.url
            urls = {
                "definition": get_relative_url(_definition_uri(source), here),
                "runtime": get_relative_url(f"{SITE_ASSETS}/runtime/", here),
                "engine": self.manifest["engine"],
                "worker": get_relative_url(f"{SITE_ASSETS}/worker.js", here),
            }
            return form.render(source, urls)  # its stylesheet and scripts go in the head (on_post_page)

        return re.sub(r'<div class="quiz-placeholder" data-quiz="([a-z0-9_-]+)"></div>', replace, html)

    def on_post_page(self, output: str, *, page, config) -> str:
        """The finished HTML is where Material's inline scripts are known, so their hashes go in the CSP here;
        and where the head is, for a questionnaire's stylesheet and scripts."""
        if 'data-module="quiz"' in output:
            output = _head_assets(output, page.url)
        return csp.add_policy(output)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        """404.html is a template, not a page: it gets the same policy."""
        return csp.add_policy(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config) -> None:
        """Only once every file is written can the service worker list them all and hash the build."""
        offline.write_worker(Path(config.site_dir), serving=self.serving)

    # ── helpers ───────────────────────────────────────────────────────────────────────────────

    def _runtime_files(self, config) -> list:
        runtime = Path(self.config.runtime_dir)
        if not runtime.is_absolute():
            runtime = Path(config.config_file_path).parent / runtime
        manifest_path = runtime / "manifest.json"
        if not manifest_path.is_file():
            raise PluginError(f"{manifest_path} is missing: run `python build.py runtime` (or `make build`) first")
        self.manifest = json.loads(manifest_path.read_text())
        return [
            File.generated(config, f"{SITE_ASSETS}/runtime/{path.relative_to(runtime).as_posix()}",
                           abs_src_path=str(path))
            for path in sorted(runtime.rglob("*")) if path.is_file()
        ]


def _head_assets(html: str, here: str) -> str:
    """quiz.css, quiz.js and a modulepreload for every module quiz.js imports, in the head before its first script.

    In the head, after the theme's stylesheets (so quiz.css still wins the cascade), the browser asks for them all
    at once with the theme's CSS. In the body, Chromium asked for them only once the head's CSS had arrived, and
    each level of imports cost another round trip: on DevTools' Slow 4G (562.5 ms a round trip) the first question
    was usable about 1 s later (benchmarks/run.py; see benchmarks/results.md).
    """
    url = lambda name: get_relative_url(f"{SITE_ASSETS}/{name}", here)  # noqa: E731
    tags = [f'<link rel="stylesheet" href="{url("quiz.css")}">',
            *(f'<link rel="modulepreload" href="{url(name)}">' for name in _imports("quiz.js")),
            f'<script type="module" src="{url("quiz.js")}"></script>']
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    at = html.find("<script", 0, head_end)
    at = head_end if at < 0 else at
    return html[:at] + "".join(tags) + html[at:]


def _imports(entry: str) -> list:
    """The modules `entry` (in assets/) imports, directly or not, by static `import … from "./x.js"`; in order."""
    found, queue = [], [entry]
    while queue:
        source = (ASSETS / queue.pop(0)).read_text(encoding="utf-8")
        for name in re.findall(r"""^\s*(?:import|export)\b[^;'"]*?(?:from\s*)?["']\./([\w.-]+\.js)["']""", source,
                               flags=re.MULTILINE):
            if name not in found and name != entry:
                found.append(name)
                queue.append(name)
    return found


def _definition_uri(source: definition.Source) -> str:
    return f"questionnaires/{source.questionnaire.id}.json"
