"""The site's service worker, written after the build: sw.js at the site root with this build's file list.

A service worker controls only its own folder and below, so it must live at the site root, not in assets/.
The cache is named after a hash of every built file, so a new build gets a new cache and the old one is
deleted when the new worker activates (see service-worker.js). The browser's registration module is
assets/quiz/offline.js, listed in mkdocs.yml's extra_javascript.

One worker serves every language: a language's build (es/) links to the root's assets, so its pages register
the root's sw.js, and its build writes that sw.js again over the whole site, both languages listed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "web" / "service-worker.js"
WORKER_NAME = "sw.js"

# Left out of the precache list: cached when first used instead (the runtime is 11 MB, needed only by the
# questionnaire), or never needed (source maps, search languages other than English, sitemaps).
LATER = ("assets/quiz/runtime/",)
NEVER = ("assets/javascripts/lunr/",)
NEVER_SUFFIXES = (".map", ".gz", ".xml")

# While `mkdocs serve` rebuilds on every save, a caching worker would show old files: this one removes itself.
SERVE_WORKER = """// mkdocs serve: no offline cache while editing.
// This worker removes itself and the caches of this scope.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith(`para-guide ${self.registration.scope} `))
      .map((n) => caches.delete(n))))
    .then(() => self.registration.unregister()));
});
"""


def search_languages(languages: Iterable[str]) -> set[str]:
    """The search's language files the site's languages need (lunr's English is in Material's search worker)."""
    others = [code for code in languages if code != "en"]
    return {f"{NEVER[0]}min/lunr.{name}.min.js" for name in ["stemmer.support", *others]} if others else set()


def precache_list(site_dir: Path, languages: Sequence[str] = ()) -> list[str]:
    """Every page (as its folder URL, "guide/safety/") and asset to fetch on install, relative to the root."""
    paths = []
    wanted = search_languages(list(languages))
    for file in sorted(site_dir.rglob("*")):
        rel = file.relative_to(site_dir).as_posix()
        if not file.is_file() or rel == WORKER_NAME or rel.endswith(NEVER_SUFFIXES):
            continue
        if rel.startswith(LATER + NEVER) and rel not in wanted:
            continue
        if file.name == "index.html":
            rel = rel[: -len("index.html")] or "./"
        paths.append(rel)
    return paths


def runtime_list(site_dir: Path) -> list[str]:
    """Pyodide's boot files and the engine zip, cached once a questionnaire has booted (see LATER)."""
    return [
        file.relative_to(site_dir).as_posix()
        for folder in LATER
        for file in sorted((site_dir / folder).rglob("*"))
        if file.is_file() and file.name != "manifest.json"
    ]


def build_hash(site_dir: Path) -> str:
    """A hash of every built file's path and bytes (the runtime included): it changes when anything does."""
    digest = hashlib.sha256()
    for file in sorted(site_dir.rglob("*")):
        rel = file.relative_to(site_dir).as_posix()
        if file.is_file() and rel != WORKER_NAME:
            digest.update(rel.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_worker(site_dir: Path, serving: bool = False, languages: Sequence[str] = ()) -> Path:
    """Write sw.js at the root of the built site (every language's pages under it); return its path."""
    target = site_dir / WORKER_NAME
    if serving:
        target.write_text(SERVE_WORKER, encoding="utf-8")
        return target
    source = TEMPLATE.read_text(encoding="utf-8")
    source = source.replace("__BUILD__", build_hash(site_dir), 1)
    source = source.replace("__PRECACHE__", json.dumps(precache_list(site_dir, languages)), 1)
    source = source.replace("__RUNTIME__", json.dumps(runtime_list(site_dir)), 1)
    target.write_text(source, encoding="utf-8")
    return target
