"""Material's search on a questionnaire page: its index is built when the parent first searches, not as the page
loads, when the questionnaire's engine needs the CPU (quiz/web/search-on-demand.js says how, and
benchmarks/history.md what it saves). Every other page keeps Material's worker as it is."""

from __future__ import annotations

import re

from .runtime import WEB

SOURCE = WEB / "search-on-demand.js"
WORKERS = "assets/javascripts/workers/"  # Material's search worker's folder: its stemmers load from ../lunr/
DEST = WORKERS + SOURCE.name

# Material's __config names its worker: "search": "../assets/javascripts/workers/search.a7633da7.min.js"
_MATERIAL_WORKER = re.compile(
    r'(?P<before>"search":\s*"(?:[^"]*/)?' + re.escape(WORKERS) + r")(?P<name>search\.[0-9a-f]+\.min\.js)(?=\")"
)


def on_demand(html: str) -> str:
    """The page's __config names this project's search worker, with Material's as its ?material=."""
    return _MATERIAL_WORKER.sub(lambda m: f"{m['before']}{SOURCE.name}?material={m['name']}", html, count=1)
