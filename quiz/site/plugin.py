"""The MkDocs and ProperDocs plugin: a thin adapter over the Markdown extension (embed.py), plus what only a
plugin can do. Registered under `mkdocs.plugins` and `properdocs.plugins` as `quiz`.

A page embeds a questionnaire with one line of Markdown:  <!-- quiz: paraprofessional-support -->
The extension turns it into the form. The plugin loads the definitions once per build (a broken file stops
the build with its line, or is shown in the page while serving), gives the extension each page's URL so the
form's links are relative (subpath-safe), publishes each definition as JSON and the browser files with the
runtime, and after rendering adds the Content Security Policy and writes the service worker. Without the
plugin (Zensical) the extension still works, and `python -m quiz runtime SITE` does the rest (runtime.py).

Languages (languages.py): a build from mkdocs.<code>.yml is the site in another language. Its questionnaires are
the English files with the language's text tables laid over them (quiz/authoring/translation.py), every page
must have its twin, each page links to its twins (the language menu, hreflang), and its assets/ are the root's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..authoring import definition, guarantees, translation
from . import csp, embed, languages, offline, runtime, search, ui_strings

if TYPE_CHECKING:  # MkDocs's own types, for the events' arguments (ProperDocs passes the same objects)
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)
MARKER = embed.MARKER
SITE_ASSETS = embed.SITE_ASSETS


def _prove(source: definition.Source) -> None:
    """A file's guarantees hold, or the build stops (serve: the page shows why) at the guarantee's line. A
    quick proof unless a full one of the same file is cached (`quiz check` and `make test` run the full one)."""
    proof = guarantees.prove(source, quick=True)
    if proof.errors:
        raise proof.errors[0]
    if proof.guarantees:
        log.info(f"{source.path.name}: guarantees hold: {proof.summary()}")


class QuizConfig(Config):
    definitions = c.Type(str, default="questionnaires/*.yml")  # glob inside docs_dir
    # A folder `python build.py runtime` made; unset: build/runtime/ if there, else the runtime the wheel carries.
    runtime_dir = c.Optional(c.Type(str))


class QuizPlugin(BasePlugin[QuizConfig]):
    def __init__(self) -> None:
        self.sources: dict[str, definition.Source] = {}  # questionnaire id → its file, loaded
        self.broken: dict[str, str] = {}  # questionnaire id (file stem) → error text, kept only while serving
        self.manifest: dict[str, str] = {}  # runtime file names, from the runtime's manifest.json
        self.serving = False
        self.extension = embed.QuizExtension()
        self._site: languages.Site | None = None  # the site's languages, and which one this build is (on_config)
        # files under assets/ a language build writes itself (the rest are the root's)
        self.own_assets: set[str] = set()
        self.preloads: list[str] = []  # what quiz.js imports, in assets/quiz/ (runtime.Browser: bundled or not)

    @property
    def site(self) -> languages.Site:
        """The site's languages; known from on_config on, before any event that reads it."""
        assert self._site is not None, "on_config has not run"
        return self._site

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """While serving, a broken questionnaire file is reported, not fatal, so live reload keeps going."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Markdown extensions are fixed before any page: the embedding goes in here, as an instance we can reach."""
        # A `quiz.site.embed` listed for Zensical would embed twice: this instance, which knows each page, replaces it.
        config.markdown_extensions[:] = [name for name in config.markdown_extensions if name != embed.NAME]
        config.mdx_configs.pop(embed.NAME, None)
        self.extension = embed.QuizExtension(docs_dir=config.docs_dir, definitions=self.config.definitions)
        self.extension.assets_in_head = True  # on_post_page puts them there
        # MkDocs types the list as names, and hands it to Python-Markdown, which takes an Extension object as well
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        self._site = languages.discover(config.config_file_path)
        config.site_url = self.site.site_url(config.site_url)  # es/: canonical links and its sitemap under es/
        if self.site.translated:
            # Truthy, so Material's header shows its language menu (overrides/partials/alternate.html, which links
            # each page to its twin); not a list, so Material's base.html writes no hreflang links to the home
            # pages: overrides/main.html writes the page's own.
            config.extra["alternate"] = True
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Definitions are read here, before any page, so a broken file stops the build with its line."""
        self.sources, self.broken = {}, {}
        docs = Path(config.docs_dir)
        language = self.site.current
        # Every missing translation at once (pages, UI words, questionnaire texts), each with its file and key.
        missing = [] if language.default else self.site.missing_twins() + ui_strings.missing(language.code)
        for path in sorted(docs.glob(self.config.definitions)):
            stale = files.get_file_from_path(path.relative_to(docs).as_posix())
            if stale is not None:
                files.remove(stale)  # the YAML is the editors' source; the browser gets JSON
        english_docs = self.site.default.docs_dir
        for path in sorted(english_docs.glob(self.config.definitions)):
            try:
                source = definition.load_file(path)
                _prove(source)
                if not language.default:  # the structure (proven above) is the English file's; the texts are not
                    try:
                        source = translation.load(source, _table(path, english_docs, docs, language), language.code)
                    except definition.QuestionnaireFileError as error:
                        missing.append(str(error))  # its table's file, line and key
                        self.broken[path.stem] = str(error)  # while serving, the page shows it
                        continue
            except definition.QuestionnaireFileError as error:
                if not self.serving:
                    raise PluginError(f"Questionnaire file error: {error}") from None
                log.error(str(error))
                self.broken[path.stem] = str(error)
                continue
            questionnaire_id = source.checked().id
            if questionnaire_id in self.sources:
                raise PluginError(f"{path}: the questionnaire id '{questionnaire_id}' is used by two files")
            self.sources[questionnaire_id] = source
            files.append(File.generated(config, embed.definition_uri(source), content=definition.browser_json(source)))
        if missing and not self.serving:
            raise PluginError("Missing translation:\n" + "\n".join(missing))
        for problem in missing:  # while serving, the pages still build: the problems are shown, live reload goes on
            log.error(problem)
        folder = self._runtime_folder(config, needed=bool(self.sources or self.broken))
        browser = runtime.Browser(folder)
        if folder is not None and not browser.bundled:
            log.info("quiz/web/ changed since `python build.py runtime`: its modules are served one by one")
        for name, path in browser.files().items():
            files.append(File.generated(config, f"{SITE_ASSETS}/{name}", abs_src_path=str(path)))
        self.preloads = browser.preloads("quiz.js")
        if self.sources or self.broken:
            assert folder is not None  # needed, so found or the build stopped
            for runtime_file in self._runtime_files(config, folder):
                files.append(runtime_file)
            files.append(File.generated(config, search.DEST, abs_src_path=str(search.SOURCE)))
        self.extension.sources, self.extension.broken = self.sources, self.broken
        self.extension.manifest = self.manifest or None
        if not language.default:
            self._share_assets(files, config)
        return files

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The page is known and its template not yet rendered: the language menu and hreflang links get its twins."""
        if self.site.translated:
            # Our templates' own variables (overrides/): MkDocs's TemplateContext declares only MkDocs's
            context["alternates"] = self.site.alternates(page.file.src_path, page.url)  # type: ignore[typeddict-unknown-key]
            # Material's storage scope: one for all languages
            context["site_root"] = self.site.root_link(page.url)  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Just before the page's Markdown is converted: the extension learns the page's URL, and a marker that
        names no questionnaire stops the build here, where the page's name is known."""
        for questionnaire_id in embed.markers(markdown):
            if questionnaire_id not in self.sources and questionnaire_id not in self.broken:
                raise PluginError(
                    f"{page.file.src_path}: no questionnaire with id '{questionnaire_id}' "
                    f"(known: {', '.join(sorted(self.sources)) or 'none'})"
                )
        self.extension.page_url = page.url
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The finished HTML is where Material's inline scripts are known, so their hashes go in the CSP here;
        and where the head is, for a questionnaire's stylesheet and scripts. There the search index waits for
        the parent's first search (search.py)."""
        if 'data-module="quiz"' in output:
            output = search.on_demand(_head_assets(output, page.url, self.preloads))
        if self.site.shares(self.serving):
            output = self.site.link_shared(output, page.url, self.own_assets)
        return csp.add_policy(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """404.html is a template, not a page: it gets the same policy."""
        if not template_name.endswith(".html"):
            return output_content
        if self.site.shares(self.serving):
            output_content = self.site.link_shared(output_content, template_name, self.own_assets)
        return csp.add_policy(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Only once every file is written can the service worker list them all and hash the build. A language
        build writes the root's worker and sitemap again, over every language built so far."""
        codes = [language.code for language in self.site.languages]
        if self.site.shares(self.serving):
            root = self.site.root(Path(config.site_dir))
            offline.write_worker(root, languages=codes)
            languages.merge_sitemaps(root, self.site)
            return
        offline.write_worker(Path(config.site_dir), serving=self.serving, languages=codes)

    # ── helpers ───────────────────────────────────────────────────────────────────────────────

    def _share_assets(self, files: Files, config: MkDocsConfig) -> None:
        """A language build writes no assets/ of its own (its pages link to the root's, languages.py); while
        serving it stands alone, so it takes the English docs' assets (docs/assets/) it does not have."""
        docs = Path(config.docs_dir).resolve()
        if self.site.shares(self.serving):
            for file in list(files):
                if file.dest_uri.startswith(languages.SHARED) and not _inside(file.abs_src_path, docs):
                    files.remove(file)
            self.own_assets = {file.dest_uri for file in files if file.dest_uri.startswith(languages.SHARED)}
            return
        english = self.site.default.docs_dir
        for path in sorted((english / languages.SHARED).rglob("*")):
            uri = path.relative_to(english).as_posix()
            if path.is_file() and files.get_file_from_path(uri) is None:
                files.append(
                    File(
                        uri,
                        src_dir=str(english),
                        dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls,
                    )
                )

    def _runtime_folder(self, config: MkDocsConfig, *, needed: bool) -> Path | None:
        """The runtime folder; None when there is none and no questionnaire needs one (then no bundle either)."""
        try:
            return runtime.locate(self.config.runtime_dir, Path(config.config_file_path).parent)
        except runtime.RuntimeMissing as error:
            if needed:
                raise PluginError(str(error)) from None
            return None

    def _runtime_files(self, config: MkDocsConfig, folder: Path) -> list[File]:
        self.manifest = runtime.manifest(folder)
        return [
            File.generated(
                config, f"{SITE_ASSETS}/runtime/{path.relative_to(folder).as_posix()}", abs_src_path=str(path)
            )
            for path in runtime.runtime_files(folder)
        ]


def _table(english: Path, english_docs: Path, docs: Path, language: languages.Language) -> Path:
    """The text table of an English questionnaire file in `language`: the same path in its docs folder."""
    table = translation._relative(docs / english.relative_to(english_docs))  # as the editor sees it: docs-es/…
    if not table.is_file():
        raise definition.QuestionnaireFileError(
            table,
            1,
            1,
            f"missing: the {language.name} texts of {english} are needed for the {language.code} site",
            f"write them there (python -m quiz translation {english} {language.code} prints every key to fill in)",
        )
    return table


def _engine_metas(html: str) -> list[str]:
    """A <meta name="quiz-engine"> per questionnaire of the page, with its root's engine URLs (form.py wrote them,
    escaped), so quiz.js can start the engine before the page is parsed."""
    metas = []
    for root in re.findall(r'<div class="quiz" data-module="quiz"[^>]*>', html):
        attributes = dict(re.findall(r'\bdata-(worker|runtime|engine|definition)="([^"]*)"', root))
        if len(attributes) == 4:
            metas.append(
                '<meta name="quiz-engine" ' + " ".join(f'data-{k}="{v}"' for k, v in sorted(attributes.items())) + ">"
            )
    return metas


def _inside(path: str | None, folder: Path) -> bool:
    return path is not None and folder in Path(path).resolve().parents


def _head_assets(html: str, here: str, preloads: list[str]) -> str:
    """quiz.css, quiz.js and a modulepreload for every file quiz.js imports (`preloads`), in the head before its
    first script; and a preload of each script the body blocks on.

    In the head, after the theme's stylesheets (so quiz.css still wins the cascade), the browser asks for them all
    at once with the theme's CSS. In the body, Chromium asked for them only once the head's CSS had arrived, and
    each level of imports cost another round trip: on DevTools' Slow 4G (562.5 ms a round trip) the first question
    was usable about 1 s later (benchmarks/run.py; see benchmarks/results.md).
    """
    url = lambda name: get_relative_url(f"{SITE_ASSETS}/{name}", here)  # noqa: E731
    # The theme's classic script at the end of the body (Material's bundle.js) blocks the parser, so the deferred
    # quiz.js waits for it; Chromium asked for it only once the head's CSS had arrived. A preload in the head asks
    # for it with the rest: the first question about 0.4 s sooner on Slow 4G (issue 13, benchmarks/results.md).
    blocking = re.findall(r'<script src="([^"]+)"></script>', html[html.find("</head>") :])
    tags = [
        *(f'<link rel="preload" as="script" href="{src}">' for src in blocking),
        f'<link rel="stylesheet" href="{url("quiz.css")}">',
        *_engine_metas(html),
        *(f'<link rel="modulepreload" href="{url(name)}">' for name in preloads),
        # async: it runs as soon as it is here, while the page is parsed, and starts the engine from the metas
        # above; the questionnaire is enhanced once the page is parsed (quiz.js).
        f'<script type="module" async src="{url("quiz.js")}"></script>',
    ]
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    at = html.find("<script", 0, head_end)
    at = head_end if at < 0 else at
    return html[:at] + "".join(tags) + html[at:]
