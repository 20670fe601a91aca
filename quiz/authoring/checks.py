"""Checks beyond the structure of a questionnaire file: its examples, its reading grade, bands that no answers
reach, and which rules the examples exercise. Used by `python -m quiz check`, the build and the tests.

Each check returns a list of QuestionnaireFileError, so every problem names the file, the line and the fix.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core import engine, schema
from .definition import QuestionnaireFileError, Source

if TYPE_CHECKING:
    from .guarantees import Proof

GRADE_LIMIT = 8.0
MIN_WORDS = 10  # shorter texts give noisy grades (one long word can make a five-word title "grade 12")
PLAIN_TEXT = schema.PLAIN_TEXT  # texts a parent reads that are not Markdown (letter templates, area names: schema.py)
SEARCH_TRIES = 4000  # random answer sets tried when looking for a band the examples do not reach


@dataclass
class Coverage:
    """What the examples exercise."""

    bands: dict[str, int] = field(default_factory=dict)  # band id → number of examples with that band
    rules: dict[str, int] = field(default_factory=dict)  # rule id → number of examples where it held
    notes: dict[str, int] = field(default_factory=dict)
    proof: Proof | None = None  # once the file's guarantees are proven

    def unexercised(self) -> dict[str, list[str]]:
        return {kind: [k for k, n in getattr(self, kind).items() if n == 0] for kind in ("bands", "rules", "notes")}


def examples(source: Source) -> tuple[list[QuestionnaireFileError], Coverage]:
    """Re-score each example; explain every difference from what it expects. Returns (errors, coverage)."""
    questionnaire = source.checked()
    coverage = Coverage(
        bands={b.id: 0 for b in questionnaire.bands},
        rules={r.id: 0 for r in questionnaire.rules},
        notes={n.id: 0 for n in questionnaire.notes},
    )
    errors: list[QuestionnaireFileError] = []
    items = source.data.get("examples") or []
    if not isinstance(items, list):
        return [source.error(("examples",), "examples must be a list", "start each example with '- name:'")], coverage
    for index, example in enumerate(items):
        at = ("examples", index)
        if not isinstance(example, dict) or not isinstance(example.get("expect"), dict):
            errors.append(source.error(at, "an example needs answers and expect", "see the editors' page"))
            continue
        name = example.get("name", f"example {index + 1}")
        try:
            answers = engine.check_answers(example.get("answers", {}), questionnaire)
        except engine.AnswersError as error:
            errors.append(source.error(at + ("answers",), f"example '{name}': {error}"))
            continue
        result = engine.score(questionnaire, answers)
        coverage.bands[result["band"]] += 1
        for reason in result["reasons"]:
            coverage.rules[reason["rule"]] += 1
        for note in result["notes"]:
            coverage.notes[note] += 1
        for key in ("band", "focus", "notes"):
            expected = example["expect"].get(key)
            if key in example["expect"] and expected != result[key]:
                errors.append(
                    source.error(
                        at + ("expect", key),
                        f"example '{name}': expected {key} {expected!r}, got {result[key]!r}",
                        _why(questionnaire, key, expected, result),
                    )
                )
    return errors, coverage


def _why(questionnaire: engine.Questionnaire, key: str, expected: object, result: dict) -> str:
    """Which rule made the difference: the band that now comes first, or the notes whose condition changed."""
    fired = ", ".join(r["rule"] for r in result["reasons"]) or "none"
    if key == "band":
        won = next(b for b in questionnaire.bands if b.id == result["band"])
        text = f"band '{won.id}' now comes first because its condition holds: {won.when.source}"
        wanted = next((b for b in questionnaire.bands if b.id == expected), None)
        if wanted is not None:
            text += f"; the condition of '{wanted.id}' is: {wanted.when.source}"
        return f"{text}; findings that held: {fired}; if the change is intended, update the example"
    if key == "notes":
        changed = set(expected if isinstance(expected, list) else []) ^ set(result["notes"])
        conditions = "; ".join(f"'{n.id}' when {n.when.source}" for n in questionnaire.notes if n.id in changed)
        return f"notes that changed: {conditions}; findings that held: {fired}"
    return f"findings that held: {fired}; if the change is intended, update the example"


def unreachable_bands(source: Source, coverage: Coverage) -> list[QuestionnaireFileError]:
    """Bands that no example reaches and that a seeded search of answer sets does not reach either."""
    questionnaire = source.checked()
    missing = [band for band in questionnaire.bands if coverage.bands.get(band.id, 0) == 0]
    if not missing:
        return []
    found: set[str] = set()
    for answers in answer_sets(questionnaire, SEARCH_TRIES):
        found.add(engine.score(questionnaire, answers)["band"])
        if all(b.id in found for b in missing):
            return []
    index = {b.id: i for i, b in enumerate(questionnaire.bands)}
    return [
        source.error(
            ("bands", index[band.id], "when"),
            f"no answer set reaches the band '{band.id}' (none of the examples, nor {SEARCH_TRIES} answer sets tried)",
            "its condition may never hold, or a band above it always wins first; add an example for it",
        )
        for band in missing
        if band.id not in found
    ]


def answer_sets(questionnaire: engine.Questionnaire, count: int, seed: int = 20261128) -> Iterator[dict[str, Any]]:
    """Seeded answer sets: uniform ones (every question the same position on its scale), then random ones."""
    generator = random.Random(seed)
    widest = max(len(q.options) for q in questionnaire.questions)
    for position in range(widest):
        yield {
            q.id: q.values()[min(position, len(q.options) - 1)] for q in questionnaire.questions if q.kind == "single"
        }
    for _ in range(count):
        answers: dict[str, str | list[str]] = {}
        for question in questionnaire.questions:
            values = question.values()
            if question.kind == "multiple":
                answers[question.id] = [v for v in values if generator.random() < 0.3]
            elif generator.random() < 0.95:
                answers[question.id] = generator.choice(values)
        yield answers


def reading_grade(source: Source) -> list[QuestionnaireFileError]:
    """Texts a parent reads that are above grade 8 (Flesch-Kincaid), each at its own line. A translation's texts
    (translation.py) are measured on its language's scale (Spanish: Fernández Huerta, at least 75)."""
    from . import readability

    lang = getattr(source, "language", "") or "en"
    scale = readability.SCALES.get(lang)
    if scale is None:
        return []  # a language without a reading scale: its words are not measured
    limit = GRADE_LIMIT if lang == "en" else scale.text_limit
    origins = getattr(source, "origins", None)  # a translation's: which texts come from its table
    errors = []
    for path, text in _texts(source.data):
        if len(text.split()) < MIN_WORDS:
            continue
        if lang != "en" and origins is not None and not _translated(origins, path):
            continue  # kept in English on purpose: its English twin is measured in the English file
        grade = readability.score(readability.plain(text), lang)  # a link counts by its words, not its address
        if scale.over(grade, limit):
            hint = (
                "use shorter sentences and everyday words; split long sentences in two"
                if lang == "en"
                else "use shorter sentences and shorter, everyday words; split long sentences in two"
            )
            message = (
                f"this text reads at grade {grade:.1f}, above {GRADE_LIMIT:g}"
                if lang == "en"
                else f"this text {scale.describe(grade, limit)}"
            )
            errors.append(source.error(path, message, hint))
    return errors


def _translated(origins: Mapping[tuple, tuple], path: tuple) -> bool:
    return any(tuple(path[:length]) in origins for length in range(len(path), 0, -1))


def _texts(data: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every text a parent reads, as the schema declares them (quiz/core/schema.py): examples
    and guarantees are for editors, values are conditions."""
    for path, _kind, text in schema.texts(data):
        yield path, text


def proven_guarantees(source: Source, coverage: Coverage, quick: bool = False) -> list[QuestionnaireFileError]:
    """The file's declared guarantees, proven over its answer space (see guarantees.py)."""
    from . import guarantees

    try:
        coverage.proof = guarantees.prove(source, quick=quick)
    except QuestionnaireFileError as error:
        return [error]
    return coverage.proof.errors


def all_checks(source: Source, quick: bool = False) -> tuple[list[QuestionnaireFileError], Coverage]:
    """Every check for one loaded file. Returns (errors, coverage). `quick` proves guarantees over fewer
    answer sets when no full proof is cached (mkdocs serve)."""
    errors, coverage = examples(source)
    errors += unreachable_bands(source, coverage)
    errors += reading_grade(source)
    errors += proven_guarantees(source, coverage, quick=quick)
    return errors, coverage


__all__ = [
    "Coverage",
    "QuestionnaireFileError",
    "all_checks",
    "answer_sets",
    "examples",
    "proven_guarantees",
    "reading_grade",
    "unreachable_bands",
]
