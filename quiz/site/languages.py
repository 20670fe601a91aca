"""One build per language: which languages the site has, each page's twin in the others, and what the builds share.

The default language is built from mkdocs.yml (docs/) into the site root; each other language from
mkdocs.<code>.yml (`INHERIT: mkdocs.yml`, its own docs_dir, theme.language, nav) into <code>/ under it. A third
language is a new config file and a new docs folder: everything here reads the language list from those files.

- **Twins**: a page is the same relative path in every docs folder (docs/guide/safety.md, docs-es/guide/safety.md),
  so /guide/safety/ and /es/guide/safety/ are one page in two languages. A page without its twin stops the build,
  unless the language's config lists it under `extra.english_pages` (kept in English on purpose: not built in that
  language; the switcher on the English page then leads to that language's home page).
- **Shared files**: assets/ (the theme, docs/assets, the questionnaire's scripts and its 11 MB runtime) is the
  same in every build, so a language build links to the root's copy instead of writing its own: a parent who
  switches language downloads nothing twice, and one service worker at the root serves the whole site.
- **Finishing**: after a language build, the root's sw.js and sitemap.xml are written again over the whole site
  (both languages), so the second build extends the first's rather than clobbering it.

Pure helpers over paths and HTML; the MkDocs events that call them are in plugin.py.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

SHARED = "assets/"  # what a language build takes from the root instead of writing its own copy
LANGUAGE_CONFIG = re.compile(r"^mkdocs\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.ya?ml$")


@dataclass(frozen=True)
class Language:
    """One language of the site, as its config file declares it."""

    code: str  # theme.language: "en", "es"
    name: str  # extra.language_name, in the language itself: "English", "Español"
    config_file: Path
    docs_dir: Path
    prefix: str  # where its build sits under the site root: "" for the default language, "es/"
    english_pages: tuple = ()  # pages kept in English on purpose (extra.english_pages), docs-relative

    @property
    def default(self) -> bool:
        return self.prefix == ""


@dataclass
class Site:
    """The languages of the site, and which one this build is."""

    languages: list
    current: Language
    root_url: str = ""  # the whole site's published address (site_url of mkdocs.yml), if set

    def site_url(self, site_url: str | None) -> str | None:
        """This build's site_url, from the one it inherits: the root's, plus its folder (…/para-guide/es/)."""
        self.root_url = site_url or ""
        if not site_url or self.current.default:
            return site_url
        return site_url.rstrip("/") + "/" + self.current.prefix

    @property
    def default(self) -> Language:
        return self.languages[0]

    @property
    def translated(self) -> bool:
        """More than one language: a switcher, hreflang links, twins to check."""
        return len(self.languages) > 1

    def root(self, site_dir: Path) -> Path:
        """The whole site's root, from this build's site_dir (…/site/es → …/site)."""
        site_dir = Path(site_dir)
        for _ in range(self.current.prefix.count("/")):
            site_dir = site_dir.parent
        return site_dir

    # ── twins ──

    def twin(self, src_path: str, language: Language) -> bool:
        """Whether `src_path` (docs-relative) exists in `language`'s docs folder."""
        return (language.docs_dir / src_path).is_file()

    def missing_twins(self) -> list:
        """This language's missing and unmatched pages, as messages naming the file and the fix."""
        if self.current.default:
            return []
        here, english = self.current, self.default
        problems = []
        originals = _markdown(english.docs_dir)
        translated = _markdown(here.docs_dir)
        listed = set(here.english_pages)
        config = here.config_file.name
        for page in sorted(originals - translated - listed):
            problems.append(
                f"{_show(here.docs_dir / page)}: missing, the {here.name} twin of "
                f"{_show(english.docs_dir / page)} (hint: translate it at that path, or list "
                f"'{page}' under extra.english_pages in {config} to keep it in English on purpose)"
            )
        for page in sorted(translated - originals):
            problems.append(
                f"{_show(here.docs_dir / page)}: no English page {_show(english.docs_dir / page)} "
                "has this path (hint: a twin has the same folder and file name as its English page; "
                "rename it)"
            )
        for page in sorted(listed - originals):
            problems.append(
                f"{config}: extra.english_pages lists '{page}', which is not a page of "
                f"{_show(english.docs_dir)} (hint: remove it, or correct the path)"
            )
        for page in sorted(listed & translated):
            problems.append(
                f"{config}: extra.english_pages lists '{page}', but {_show(here.docs_dir / page)} "
                "translates it (hint: remove it from the list)"
            )
        return problems

    # ── links between languages ──

    def alternates(self, src_path: str, url: str) -> list:
        """The page in every language, the default language first: [{lang, name, href (relative to the page),
        url (absolute, when the site's address is known; else the same as href), twin, current}]."""
        here = self.current.prefix + url
        found = []
        for language in self.languages:
            twin = language is self.current or self.twin(src_path, language)
            target = language.prefix + (url if twin else "")
            href = _link(target, here)
            found.append(
                {
                    "lang": language.code,
                    "name": language.name,
                    "twin": twin,
                    "current": language is self.current,
                    "href": href,
                    "url": self.root_url.rstrip("/") + "/" + target if self.root_url else href,
                }
            )
        return found

    def root_link(self, url: str) -> str:
        """A link from this build's page at `url` to the whole site's root."""
        return _link("", self.current.prefix + url)

    # ── shared files ──

    def shares(self, serving: bool) -> bool:
        """A language build links to the root's assets/; while serving it stands alone (nothing at ../)."""
        return not self.current.default and not serving

    def link_shared(self, html: str, page_url: str, own: set) -> str:
        """`html` with every relative link into assets/ (except this build's own files, `own`) pointing at the
        root's copy. Only attribute values and Material's __config "search" are rewritten; inline scripts are
        left as they are (their CSP hashes stay right)."""
        up = "../" * self.current.prefix.count("/")

        root_path = urlsplit(self.root_url).path.rstrip("/") + "/" if self.root_url else None

        def fix(match: re.Match) -> str:
            value = match.group("value")
            if root_path and value.startswith(root_path + self.current.prefix + SHARED):  # 404.html: from site_url
                return (
                    match.group("before")
                    + root_path
                    + value[len(root_path + self.current.prefix) :]
                    + match.group("after")
                )
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", value):
                return match.group(0)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), value)).lstrip("/")
            if not resolved.startswith(SHARED) or resolved in own:
                return match.group(0)
            return f"{match.group('before')}{up}{value}{match.group('after')}"

        html = _ATTRIBUTE.sub(fix, html)
        return _SEARCH_WORKER.sub(fix, html)


_ATTRIBUTE = re.compile(r'(?P<before>\s(?:href|src|data-[\w-]+)=")(?P<value>[^"#?][^"]*)(?P<after>")')
_SEARCH_WORKER = re.compile(r'(?P<before>"search":\s*")(?P<value>[^"]+)(?P<after>")')


def discover(config_file: Path | str) -> Site:
    """The site's languages from the config files beside `config_file`; the default language first."""
    config_file = Path(config_file).resolve()
    folder = config_file.parent
    raw = _raw(config_file)
    base_file = (folder / raw["INHERIT"]).resolve() if isinstance(raw.get("INHERIT"), str) else config_file
    base = _raw(base_file) if base_file != config_file else raw
    languages = [_language(base_file, base, "")]
    for candidate in sorted(folder.iterdir()):
        match = LANGUAGE_CONFIG.match(candidate.name)
        if not match or candidate.resolve() == base_file:
            continue
        data = _raw(candidate)
        if not isinstance(data.get("INHERIT"), str) or (folder / data["INHERIT"]).resolve() != base_file:
            continue  # not a language of this site
        languages.append(_language(candidate.resolve(), data, match.group(1) + "/"))
    current = next((language for language in languages if language.config_file == config_file), languages[0])
    return Site(languages=languages, current=current)


def merge_sitemaps(root: Path, site: Site) -> Path | None:
    """The root's sitemap.xml with every language's pages, each with its twins as hreflang links.

    Each build writes a sitemap of its own pages; search engines read the root's, so it gets them all. A
    language's own sitemap stays in its folder (Material's language menu reads it)."""
    urls = []
    for language in site.languages:
        path = root / language.prefix / "sitemap.xml"
        if path.is_file():
            urls += re.findall(r"<url>.*?</url>", path.read_text(encoding="utf-8"), flags=re.S)
    if not urls:
        return None
    target = root / "sitemap.xml"
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join("    " + url for url in dict.fromkeys(urls))
        + "\n</urlset>\n"
    )
    target.write_text(text, encoding="utf-8")
    (root / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return target


# ── helpers ───────────────────────────────────────────────────────────────────────────────────


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain data: the tags MkDocs gives a meaning (!ENV, !relative, python/name…) read as None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _raw(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    return data if isinstance(data, dict) else {}


def _language(config_file: Path, data: dict, prefix: str) -> Language:
    theme: dict = data["theme"] if isinstance(data.get("theme"), dict) else {}
    extra: dict = data["extra"] if isinstance(data.get("extra"), dict) else {}
    code = str(theme.get("language") or (prefix.rstrip("/") or "en"))
    docs = config_file.parent / str(data.get("docs_dir") or "docs")
    pages = tuple(str(page) for page in extra.get("english_pages") or [])
    return Language(
        code=code,
        name=str(extra.get("language_name") or code),
        config_file=config_file,
        docs_dir=docs.resolve(),
        prefix=prefix,
        english_pages=pages,
    )


def _link(target: str, here: str) -> str:
    """A link from the page at `here` to `target` (both from the site root; a folder URL ends with /, the
    root is "")."""
    folder = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    link = posixpath.relpath("/" + target, "/" + folder)
    if target == "" or target.endswith("/"):
        link = "./" if link == "." else link + "/"
    return link


def _markdown(docs: Path) -> set:
    return {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")} if docs.is_dir() else set()


def _show(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
