"""Shared test data: the flagship questionnaire and answer generators (no fixtures here, plain functions)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from quiz.authoring import definition

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "docs" / "questionnaires" / "paraprofessional-support.yml"
# The flagship's ten area questions (contract 1 in the design): their ids never change.
AREAS = [
    "academics",
    "transitions",
    "safety",
    "personal_care",
    "behavior",
    "communication",
    "social",
    "unstructured",
    "medical",
    "mobility",
]
# The flagship's times of day (its `when` question's values), in the questionnaire's order.
TIMES = [
    "arrival_dismissal",
    "lessons",
    "transitions",
    "lunch",
    "recess",
    "specials",
    "personal_care_routines",
    "all_day",
]


@functools.cache
def flagship() -> definition.Source:
    return definition.load_file(FLAGSHIP)


def answers_file(answers: dict, questionnaire: str = "paraprofessional-support", version: int = 1) -> str:
    return json.dumps({"questionnaire": questionnaire, "version": version, "answers": answers})


# The engine worker's modules, as the site ships them in assets/quiz/ (worker.js imports the other).
WORKER_MODULES = ("worker.js", "engine-snapshot.js")


def install_worker(assets: Path) -> None:
    """Copy the engine worker's modules from quiz/web/ into a test site's assets/quiz/ folder."""
    assets.mkdir(parents=True, exist_ok=True)
    for name in WORKER_MODULES:
        (assets / name).write_bytes((ROOT / "quiz" / "web" / name).read_bytes())


def material_config(html: str) -> dict:
    """Material's settings a page carries (its <script id="__config"> JSON: base, features, the search worker)."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None, "a page Material built has its __config"
    return json.loads(found.group(1))
