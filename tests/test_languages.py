"""One build per language (quiz/site/languages.py, mkdocs.es.yml): every page has its twin, links to it, says its
language; each language has its own search index; the sitemap lists both; es/ uses the root's assets and the
root's one service worker; a missing translation stops the build naming the file and the key."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build
from quiz.site import languages
from tests.helpers import material_config
from tests.support.walk import pages

ROOT = Path(__file__).resolve().parent.parent
SITE = languages.discover(ROOT / "mkdocs.yml")
SPANISH = next(language for language in SITE.languages if language.code == "es")


def html_of(site_dir: Path, path: str) -> str:
    return (site_dir / (path + "index.html" if path.endswith("/") or not path else path)).read_text(encoding="utf-8")


def resolve(page: str, href: str) -> str:
    """A relative link on the page at `page` (site-root relative), as a path from the site root."""
    folder = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    joined = posixpath.normpath(posixpath.join("/" + folder, href))
    return joined.lstrip("/") + ("/" if href.endswith("/") and joined != "/" else "")


def english_pages(site_dir: Path) -> list:
    return [p for p in pages(site_dir) if not p.startswith("es/") and p not in ("404.html",)]


# ── the built site (conftest's site_dir: build.py, as make build does) ────────────────────────────────────────


def test_languages_come_from_the_config_files():
    assert build.LANGUAGES == ["en", "es"]
    assert [language.code for language in SITE.languages] == ["en", "es"]
    assert SPANISH.prefix == "es/" and SPANISH.docs_dir == (ROOT / "docs-es").resolve()


def test_every_page_has_its_twin_and_the_language_menu_links_to_it(site_dir):
    kept = set(SPANISH.english_pages)
    checked = 0
    for page in english_pages(site_dir):
        source = _source(page)
        twin = f"es/{page}"
        html = html_of(site_dir, page)
        menu = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z-]+)" lang="[a-z-]+" class="md-select__link"', html))
        links = {lang: resolve(page, href) for href, lang in menu.items()}
        if source in kept:
            assert not (site_dir / twin).exists(), f"{twin} is built, but {source} is kept in English"
            assert links["es"] == "es/", f"{page}: the menu should lead to the Spanish home page"
            continue
        assert (site_dir / twin).is_dir() or (site_dir / twin).is_file(), f"{page} has no Spanish twin {twin}"
        assert links == {"en": page, "es": twin}, (page, links)
        spanish = html_of(site_dir, twin)
        menu = dict(
            re.findall(r'<a href="([^"]*)" hreflang="([a-z-]+)" lang="[a-z-]+" class="md-select__link"', spanish)
        )
        assert {lang: resolve(twin, href) for href, lang in menu.items()} == {"en": page, "es": twin}
        checked += 1
    assert checked >= 25, checked


def test_every_page_says_its_language_and_names_its_twins_with_hreflang(site_dir):
    for page in pages(site_dir):
        if page in ("404.html", "es/404.html"):
            continue
        html = html_of(site_dir, page)
        lang = "es" if page.startswith("es/") else "en"
        assert re.search(rf'<html lang="{lang}"', html), page
        english = page[3:] if lang == "es" else page
        if _source(english) in SPANISH.english_pages:
            continue
        found = {
            hreflang: resolve(page, href)
            for href, hreflang in re.findall(r'<link rel="alternate ?" href="([^"]*)" hreflang="([a-z-]+)">', html)
        }
        assert found == {"en": english, "es": "es/" + english, "x-default": english}, (page, found)


def test_each_language_has_its_own_search_index_and_its_pages_load_it(site_dir):
    english = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    spanish = json.loads((site_dir / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"] and spanish["config"]["lang"] == ["es"]
    assert english["docs"] and spanish["docs"]
    assert not any(doc["location"].startswith("es/") for doc in english["docs"])
    titles = " ".join(doc["title"] for doc in spanish["docs"])
    assert "Necesidades de seguridad" in titles or "seguridad" in titles.lower()
    html = html_of(site_dir, "es/guide/safety/")
    config = material_config(html)
    assert resolve("es/guide/safety/", config["base"] + "/") == "es/", "Material loads base/search/search_index.json"
    worker = resolve("es/guide/safety/", config["search"])
    assert worker.startswith("assets/javascripts/workers/") and (site_dir / worker).is_file()
    assert (site_dir / "assets" / "javascripts" / "lunr" / "min" / "lunr.es.min.js").is_file()


def test_spanish_pages_get_the_spanish_glossary_tooltips(site_dir):
    """docs-es/includes/abbreviations.md is appended to each Spanish page (snippets' base_path: !relative $docs_dir)."""
    html = html_of(site_dir, "es/guide/safety/")
    titles = dict((text, title) for title, text in re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', html))
    assert titles.get("IEP", "").startswith("Programa de Educación Individualizado"), titles
    english = html_of(site_dir, "guide/safety/")
    assert 'title="Programa de Educación Individualizado' not in english, "the English page keeps English tooltips"


def test_the_spanish_build_links_to_the_root_assets_and_writes_none(site_dir):
    assert not (site_dir / "es" / "assets").exists()
    assert not (site_dir / "es" / "sw.js").exists()
    for page in pages(site_dir):
        if not page.startswith("es/") or page == "es/404.html":
            continue
        html = html_of(site_dir, page)
        for attribute, href in re.findall(r'\s(href|src|data-definition|data-runtime|data-worker)="([^"#?]+)"', html):
            if re.match(r"^[a-z]+:", href) or href.startswith("/"):
                continue
            target = resolve(page, href)
            path = site_dir / target
            assert path.is_file() or (path / "index.html").is_file() or path.is_dir(), f"{page}: {attribute}={href}"
    html = html_of(site_dir, "es/questionnaires/paraprofessional-support/")
    assert 'data-runtime="../../../assets/quiz/runtime/"' in html
    assert 'data-definition="../paraprofessional-support.json"' in html  # the Spanish texts


def test_one_service_worker_lists_both_languages(site_dir):
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker, re.S).group(1))
    assert "es/" in precache and "es/guide/safety/" in precache and "guide/safety/" in precache
    assert "es/questionnaires/paraprofessional-support.json" in precache
    assert "assets/javascripts/lunr/min/lunr.es.min.js" in precache  # Spanish search, offline
    assert not any(path.startswith("es/assets/") for path in precache)


def test_the_spanish_questionnaire_is_in_spanish_without_javascript(site_dir):
    html = html_of(site_dir, "es/questionnaires/paraprofessional-support/")
    assert '<span class="quiz__count">Pregunta 1 de ' in html and "Question 1 of" not in html
    assert "Hágalo en papel" in html and "Work it out on paper" not in html
    definition = json.loads((site_dir / "es" / "questionnaires" / "paraprofessional-support.json").read_text("utf-8"))
    english = json.loads((site_dir / "questionnaires" / "paraprofessional-support.json").read_text("utf-8"))
    assert [q["id"] for q in definition["questions"]] == [q["id"] for q in english["questions"]]
    assert definition["title"] != english["title"]
    for question in definition["questions"]:
        assert f'name="{question["id"]}"' in html  # contract 5: the same names and values in every language


# ── failures, in a copy of the project ────────────────────────────────────────────────────────────────────────


@pytest.fixture()
def project(tmp_path, runtime_dir):
    """A copy of the site's sources (docs, docs-es, both configs; the theme overrides and runtime linked)."""
    for name in ("docs", "docs-es"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for config in ROOT.glob("mkdocs*.yml"):
        shutil.copy2(config, tmp_path / config.name)
    (tmp_path / "overrides").symlink_to(ROOT / "overrides")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "runtime").symlink_to(runtime_dir)
    return tmp_path


def mkdocs_build(project: Path, config: str, site: str, **env) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", site],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_page_without_its_twin_stops_the_build_naming_the_file(project):
    (project / "docs-es" / "guide" / "safety.md").unlink()
    (project / "docs-es" / "guide" / "orphan.md").write_text("# Huérfana\n", encoding="utf-8")
    run = mkdocs_build(project, "mkdocs.es.yml", "site/es")
    assert run.returncode != 0
    assert (
        "docs-es/guide/safety.md: missing, the Español twin of " in run.stderr
        and "docs/guide/safety.md" in run.stderr
        and "extra.english_pages in mkdocs.es.yml" in run.stderr
    )
    assert "docs-es/guide/orphan.md: no English page" in run.stderr


def test_a_missing_questionnaire_text_stops_the_build_naming_the_file_line_and_key(project):
    table = project / "docs-es" / "questionnaires" / "fading-readiness.yml"
    lines = table.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if re.match(r"^title:", line))
    del lines[at]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = mkdocs_build(project, "mkdocs.es.yml", "site/es")
    assert run.returncode != 0
    assert re.search(
        r"docs-es/questionnaires/fading-readiness\.yml:\d+:\d+: 'title' has no translation \(es\)", run.stderr
    ), run.stderr[-2000:]
    assert "docs/questionnaires/fading-readiness.yml:" in run.stderr


def test_a_missing_band_summary_is_named_by_its_key(project):
    table = project / "docs-es" / "questionnaires" / "paraprofessional-support.yml"
    text = table.read_text(encoding="utf-8")
    bands = text.index("\nbands:")
    summary = re.compile(r"^    summary:.*(?:\n      .*)*\n", re.M)
    match = summary.search(text, bands)
    table.write_text(text[: match.start()] + text[match.end() :], encoding="utf-8")
    band = re.findall(r"^  (\w+):$", text[bands : match.start()], re.M)[-1]
    run = mkdocs_build(project, "mkdocs.es.yml", "site/es")
    assert run.returncode != 0
    assert f"'bands.{band}.summary' has no translation (es)" in run.stderr, run.stderr[-2000:]


def test_a_missing_ui_string_stops_the_spanish_build_naming_the_key():
    from quiz.site import ui_strings

    strings = ui_strings.STRINGS_JS.read_text(encoding="utf-8")
    spanish = strings.index("\n  es: {")
    start = strings.index('    "check.change":', spanish)
    copy = Path(os.environ.get("TMPDIR", "/tmp")) / f"strings-{os.getpid()}.js"
    copy.write_text(strings[:start] + strings[strings.index("\n", start) + 1 :], encoding="utf-8")
    try:
        problems = ui_strings.missing("es", copy)
    finally:
        copy.unlink()
    assert len(problems) == 1 and '"check.change" has no es text' in problems[0] and problems[0].startswith(str(copy))
    assert ui_strings.missing("es") == [], "the Spanish build would stop: " + "; ".join(ui_strings.missing("es"))


def test_published_address_gives_absolute_hreflang_a_spanish_canonical_and_one_sitemap_of_both(project):
    env = {"SITE_URL": "https://example.org/para-guide/"}
    assert mkdocs_build(project, "mkdocs.yml", "site", **env).returncode == 0
    run = mkdocs_build(project, "mkdocs.es.yml", "site/es", **env)
    assert run.returncode == 0, run.stderr[-3000:]
    site = project / "site"
    html = html_of(site, "es/guide/safety/")
    assert '<link rel="canonical" href="https://example.org/para-guide/es/guide/safety/">' in html
    assert '<link rel="alternate " href="https://example.org/para-guide/guide/safety/" hreflang="en">' in html
    assert '<link rel="alternate " href="https://example.org/para-guide/es/guide/safety/" hreflang="es">' in html
    assert '<link rel="alternate " href="https://example.org/para-guide/guide/safety/" hreflang="x-default">' in html
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "https://example.org/para-guide/guide/safety/" in locations
    assert "https://example.org/para-guide/es/guide/safety/" in locations
    assert len(locations) == len(set(locations))
    assert (site / "sitemap.xml.gz").is_file()
    # The Spanish 404 page's assets, written from site_url's path, are the root's too.
    assert "/para-guide/es/assets/" not in (site / "es" / "404.html").read_text(encoding="utf-8")


def _source(page: str) -> str:
    """The docs-relative Markdown file of an English page URL ("guide/safety/" → "guide/safety.md")."""
    if page == "":
        return "index.md"
    stem = page.rstrip("/")
    docs = ROOT / "docs"
    return f"{stem}/index.md" if (docs / stem / "index.md").is_file() else f"{stem}.md"


def test_properdocs_builds_both_languages_the_same_way(tmp_path):
    """ProperDocs (the maintained MkDocs 1.x fork) builds mkdocs.yml and mkdocs.es.yml unchanged."""
    import build
    from tests.test_plugin_outside import site_build

    build.build_runtime()
    site = tmp_path / "site"
    site_build(ROOT / "mkdocs.yml", site, tool="properdocs", cwd=ROOT)
    site_build(ROOT / "mkdocs.es.yml", site / "es", tool="properdocs", cwd=ROOT)
    html = html_of(site, "es/guide/safety/")
    assert '<html lang="es"' in html and not (site / "es" / "assets").exists()
    menu = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z-]+)" lang="[a-z-]+" class="md-select__link"', html))
    assert {lang: resolve("es/guide/safety/", href) for href, lang in menu.items()} == {
        "en": "guide/safety/",
        "es": "es/guide/safety/",
    }
    assert '<span class="quiz__count">Pregunta 1 de ' in html_of(site, "es/questionnaires/paraprofessional-support/")
    assert '"es/guide/safety/"' in (site / "sw.js").read_text(encoding="utf-8")


def test_a_third_language_is_new_files(project):
    """mkdocs.vi.yml and docs-vi/ (here the Spanish files under another code): build.py, the language menu and
    hreflang take it up with no code changed; until quiz/web/strings.js has a `vi` table, its build says so."""
    config = (project / "mkdocs.es.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs-es", "docs_dir: docs-vi").replace("site_dir: site/es", "site_dir: site/vi")
    config = config.replace("  language: es", "  language: vi")
    config = config.replace("language_name: Español", "language_name: Tiếng Việt")
    (project / "mkdocs.vi.yml").write_text(config, encoding="utf-8")
    shutil.copytree(project / "docs-es", project / "docs-vi")
    site = languages.discover(project / "mkdocs.yml")
    assert [(language.code, language.prefix) for language in site.languages] == [
        ("en", ""),
        ("es", "es/"),
        ("vi", "vi/"),
    ]
    assert mkdocs_build(project, "mkdocs.yml", "site").returncode == 0
    html = html_of(project / "site", "guide/safety/")
    menu = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z-]+)" lang="[a-z-]+" class="md-select__link"', html))
    assert {lang: resolve("guide/safety/", href) for href, lang in menu.items()} == {
        "en": "guide/safety/",
        "es": "es/guide/safety/",
        "vi": "vi/guide/safety/",
    }
    assert "Tiếng Việt" in html
    run = mkdocs_build(project, "mkdocs.vi.yml", "site/vi")
    assert run.returncode != 0
    assert "quiz/web/strings.js: no `vi` table in STRINGS" in run.stderr, run.stderr[-2000:]


def test_every_language_has_the_same_colours_as_mkdocs_yml():
    """A list in mkdocs.<code>.yml replaces mkdocs.yml's whole: the palette is written again (for its toggle names),
    so a fork that changes its colours in mkdocs.yml must change them there too."""

    def colours(config: Path) -> list:
        raw = languages._raw(config)
        return [
            {key: entry.get(key) for key in ("media", "scheme", "primary", "accent")}
            for entry in raw.get("theme", {}).get("palette") or []
        ]

    english = colours(ROOT / "mkdocs.yml")
    assert english
    for language in SITE.languages[1:]:
        palette = colours(language.config_file)
        if palette:  # a language that leaves the palette out inherits mkdocs.yml's
            assert palette == english, f"{language.config_file.name}: theme.palette's colours differ from mkdocs.yml's"
