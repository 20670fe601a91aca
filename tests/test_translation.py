"""Text tables (quiz/authoring/translation.py): a questionnaire in another language is the English file with the
language's texts laid over it. Every refusal names the table's file, line and key, and the English line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from quiz.authoring import checks, definition, translation

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "docs" / "questionnaires" / "fading-readiness.yml"
FLAGSHIP = ROOT / "docs" / "questionnaires" / "paraprofessional-support.yml"
EASY_ES = "Usted puede pedir ayuda. La escuela le dice qué pasa. Su hijo tiene un plan. Todos hablan con calma."
HARD_ES = (
    "La determinación de la intensidad correspondiente de los servicios especializados requiere "
    "consideraciones interdisciplinarias fundamentadas en evaluaciones psicopedagógicas individualizadas."
)


def english() -> definition.Source:
    return definition.load_file(ENGLISH)


def table_text(source: definition.Source, change=None, drop=(), english_keys=None) -> str:
    """A table holding every text of `source` (its English words, which is enough to test the machinery)."""
    table: dict = {}
    for key, text in translation.english_texts(source.data).items():
        if key in drop:
            continue
        value = change(key, text.value) if change else text.value
        node = table
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    if english_keys is not None:
        table = {"english": english_keys, **table}
    return yaml.safe_dump(table, allow_unicode=True, sort_keys=False, width=1000)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fading-readiness.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_table_lays_every_text_over_the_english_and_keeps_the_structure(tmp_path):
    source = english()
    marked = write(
        tmp_path,
        table_text(
            source, change=lambda key, value: [f"ES {v}" for v in value] if isinstance(value, list) else f"ES {value}"
        ),
    )
    translated = translation.load(source, marked, "es")
    texts = translation.english_texts(translated.data)
    assert texts
    assert all((t.value[0] if isinstance(t.value, list) else t.value).startswith("ES ") for t in texts.values())
    assert [q.id for q in translated.questionnaire.questions] == [q.id for q in source.questionnaire.questions]
    assert (
        translated.data["values"] == source.data["values"]
        and translated.data["rules"][0]["when"] == source.data["rules"][0]["when"]
    )
    unchanged = translation.load(source, write(tmp_path, table_text(source)), "es")
    assert unchanged.data == source.data


def test_the_keys_follow_the_english_ids():
    keys = set(translation.english_texts(definition.load_file(FLAGSHIP).data))
    for key in [
        "title",
        "questions.academics.title",
        "questions.academics.hints.often",
        "questions.safety_where.options.in_room.label",
        "scales.help.not_sure.label",
        "questions.academics.guidance.try_first",
        "rules.street_elopement.because",
        "bands.classroom.summary",
        "bands.classroom.paper",
        "notes.safety_plan_now.text",
        "scoring_guide",
        "day.levels",
        "questions_to_ask",
        "what_to_bring",
        "tracking",
    ]:
        assert key in keys, key
    assert not any(key.startswith(("examples", "guarantees", "values")) for key in keys)


def test_a_missing_text_names_the_table_the_key_and_the_english_line(tmp_path):
    source = english()
    key = next(k for k in translation.english_texts(source.data) if k.startswith("bands.") and k.endswith(".summary"))
    path = write(tmp_path, table_text(source, drop={key}))
    with pytest.raises(translation.TranslationError) as caught:
        translation.load(source, path, "es")
    message = str(caught.value)
    line = source.where(translation.english_texts(source.data)[key].path)[0]
    band = key.split(".")[1]
    table_line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.strip() == f"{band}:")
    assert f"{path}:{table_line}:" in message and f"'{key}' has no translation (es)" in message
    assert f"fading-readiness.yml:{line}" in message and "english:" in message


def test_an_unknown_key_is_refused_at_its_line_with_a_suggestion(tmp_path):
    source = english()
    text = re.sub(r"^title:", "titel:", table_text(source), count=1, flags=re.M)
    path = write(tmp_path, text)
    with pytest.raises(translation.TranslationError) as caught:
        translation.load(source, path, "es")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("titel:"))
    assert f"{path}:{line}:" in str(caught.value) and "'titel' is not a text of" in str(caught.value)
    assert "did you mean 'title'?" in str(caught.value)
    assert "'title' has no translation (es)" in str(caught.value)


def test_keys_kept_in_english_on_purpose(tmp_path):
    source = english()
    kept = translation.load(
        source,
        write(tmp_path, table_text(source, drop={"title", "description"}, english_keys=["title", "description"])),
        "es",
    )
    assert kept.data["title"] == source.data["title"]
    with pytest.raises(translation.TranslationError) as caught:
        translation.load(source, write(tmp_path, table_text(source, english_keys=["title", "notes.nope"])), "es")
    assert "'title' is translated and also listed under english:" in str(caught.value)
    assert "'notes.nope' under english: is not a text of" in str(caught.value)
    prefix = translation.load(
        source, write(tmp_path, "english: [title, description, scales, questions, rules, bands, notes]\n"), "es"
    )
    assert prefix.data == source.data


def test_wrong_shapes_are_refused(tmp_path):
    flagship = definition.load_file(FLAGSHIP)
    path = tmp_path / "paraprofessional-support.yml"
    path.write_text(
        table_text(
            flagship, change=lambda key, value: value[:2] if key == "day.levels" else ("" if key == "title" else value)
        ),
        encoding="utf-8",
    )
    with pytest.raises(translation.TranslationError) as caught:
        translation.load(flagship, path, "es")
    assert "'day.levels' needs 4 labels, one for each level of the English (it has 2)" in str(caught.value)
    assert "'title' needs a text" in str(caught.value)


def test_the_engine_checks_the_translated_texts_and_points_into_the_table(tmp_path):
    flagship = definition.load_file(FLAGSHIP)
    path = tmp_path / "paraprofessional-support.yml"
    letter = next(
        k
        for k in translation.english_texts(flagship.data)
        if k == "letter" or k.endswith(".body") and "{child_name}" in translation.english_texts(flagship.data)[k].value
    )
    text = table_text(
        flagship, change=lambda key, value: value.replace("{child_name}", "{nombre}") if key == letter else value
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(translation.TranslationError) as caught:
        translation.load(flagship, path, "es")
    assert str(caught.value).startswith(f"{path}:") and "nombre" in str(caught.value)


def test_spanish_texts_are_measured_on_the_fernandez_huerta_scale(tmp_path):
    source = english()
    key = next(k for k in translation.english_texts(source.data) if k.endswith(".text"))
    path = write(
        tmp_path,
        table_text(
            source,
            change=lambda k, value: (
                HARD_ES if k == key else (EASY_ES if isinstance(value, str) and len(value.split()) >= 10 else value)
            ),
        ),
    )
    errors = checks.reading_grade(translation.load(source, path, "es"))
    assert len(errors) == 1, [str(e) for e in errors]
    assert str(errors[0]).startswith(f"{path}:") and "on the Fernández Huerta scale, below 75" in str(errors[0])


def test_quiz_check_checks_each_language_and_prints_what_is_missing(tmp_path):
    (tmp_path / "docs" / "questionnaires").mkdir(parents=True)
    (tmp_path / "docs-es" / "questionnaires").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: {name: material, language: en}\n", encoding="utf-8")
    (tmp_path / "mkdocs.es.yml").write_text(
        "INHERIT: mkdocs.yml\ndocs_dir: docs-es\ntheme: {language: es}\n", encoding="utf-8"
    )
    english_file = tmp_path / "docs" / "questionnaires" / "fading-readiness.yml"
    english_file.write_text(ENGLISH.read_text(encoding="utf-8"), encoding="utf-8")
    table = tmp_path / "docs-es" / "questionnaires" / "fading-readiness.yml"
    table.write_text(table_text(english(), drop={"title"}), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def check() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "quiz", "check", "--quick"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    run = check()
    assert run.returncode == 1, run.stdout + run.stderr
    assert "docs-es/questionnaires/fading-readiness.yml:1:1: 'title' has no translation (es)" in run.stdout
    table.write_text(table_text(english()), encoding="utf-8")
    run = check()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "docs-es/questionnaires/fading-readiness.yml: ok (es:" in run.stdout


def test_the_skeleton_lists_every_key(tmp_path):
    source = english()
    skeleton = yaml.safe_load(translation.skeleton(source, "es"))
    path = write(tmp_path, translation.skeleton(source, "es"))
    with pytest.raises(translation.TranslationError) as caught:
        translation.load(source, path, "es")
    assert len(caught.value.errors) == len(translation.english_texts(source.data))
    assert all("needs a text" in e.message or "must be a list" in e.message for e in caught.value.errors)
    assert skeleton["english"] == []
