"""One schema, one normalisation (issue 12): quiz/core/schema.py declares every field and its kind, and nothing else
does; the browser's JSON is the normalised definition, with no scales left to resolve and every label in plain text.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from quiz.authoring import checks, definition, translation
from quiz.core import engine, schema, session
from tests.helpers import flagship

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = sorted((ROOT / "docs" / "questionnaires").glob("*.yml"))
FIELD_NAMES = {name for fields in schema.SCHEMA.values() for name in fields}
TEXT_NAMES = {
    name
    for fields in schema.SCHEMA.values()
    for name, kind in fields.items()
    if kind in (schema.INLINE, schema.BLOCK, schema.PLAIN, schema.INLINE_LIST, schema.PLAIN_LIST)
}


def _declarations(source: str) -> list:
    """(line, names) of each literal set, list, tuple or dict keys in Python source that declares fields: two or more
    names all of text kinds (a kind declared again), or three or more names of one part of the definition that
    cover at least half of that part's fields (a part declared again; a dict's keys are a record, not this)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        else:
            continue
        names = {item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)}
        if len(names) >= 2 and names <= TEXT_NAMES:
            found.append((node.lineno, sorted(names)))
        elif (
            len(names) >= 3
            and not isinstance(node, ast.Dict)
            and any(
                names <= set(fields) and 2 * len(names) >= len(schema.WRITTEN[section])
                for section, fields in schema.SCHEMA.items()
            )
        ):
            found.append((node.lineno, sorted(names)))
    return found


def test_the_schema_is_the_only_place_fields_are_declared():
    modules = sorted((ROOT / "quiz").rglob("*.py"))
    assert len(modules) > 15
    found = [
        f"{path.relative_to(ROOT)}:{line}: {names}"
        for path in modules
        if path.name != "schema.py"
        for line, names in _declarations(path.read_text(encoding="utf-8"))
    ]
    assert not found, "declare fields and their kinds in quiz/core/schema.py, and derive from it:\n" + "\n".join(found)


def test_the_check_finds_a_field_list_written_elsewhere():
    """The test above can fail: the lists this issue removed are each caught; a result's keys or limits are not."""
    removed = {
        "INLINE_TEXT": '{"title", "label", "hint", "asked_if", "questions_to_ask", "what_to_bring"}',
        "PLAIN_TEXT": '{"letter", "body"}',
        "TEXT_FIELDS": 'INLINE | {"area", "levels"}',
        "FIELDS": '{("options",): {"value", "label", "hint", "points"}}',
        "DAY": '("question", "all", "times", "levels")',
    }
    for name, literal in removed.items():
        assert _declarations(f"{name} = {literal}\n"), name
    assert not _declarations('LIMITS = {"questions": 100, "options": 30, "rules": 300, "levels": 10}\n')
    assert not _declarations('result = {"band": 1, "focus": [], "notes": [], "reasons": []}\n')
    assert not _declarations('GUARANTEE = {"id", "floor", "question", "when", "because"}\n')


def test_what_derives_from_the_schema_is_what_each_module_used_to_list():
    assert engine.FIELDS is schema.FIELDS
    assert definition.INLINE_TEXT == {"title", "label", "hint", "asked_if", "questions_to_ask", "what_to_bring"}
    assert definition.BLOCK_TEXT == {
        "because",
        "summary",
        "text",
        "description",
        "intro",
        "looks_like",
        "try_first",
        "independence",
        "tracking",
        "scoring_guide",
        "paper",
    }
    assert checks.PLAIN_TEXT == {"letter", "body", "area", "levels"}
    assert translation.TEXT_FIELDS == definition.INLINE_TEXT | definition.BLOCK_TEXT | checks.PLAIN_TEXT
    assert {"examples", "guarantees", "values"} <= translation.NOT_TEXTS
    # Every nested part the schema names is itself declared.
    for fields in schema.SCHEMA.values():
        for kind in fields.values():
            if isinstance(kind, schema.Part):
                assert (kind.section,) in schema.SCHEMA, kind.section


def test_an_editor_is_never_offered_a_field_only_the_build_writes():
    data = json.loads(json.dumps(flagship().data))
    data["questions"][0]["titel"] = "x"
    with pytest.raises(engine.DefinitionError) as raised:
        engine.load(data)
    assert raised.value.hint == "did you mean 'title'?"
    data["questions"][0].pop("titel")
    data["questions"][0]["zzz"] = "x"
    with pytest.raises(engine.DefinitionError) as raised:
        engine.load(data)
    assert "fields here:" in raised.value.hint and "title" in raised.value.hint
    assert "title_text" not in raised.value.hint


def test_the_reading_grade_walks_only_the_texts_the_schema_declares():
    data = {
        "title": "A title",
        "values": {"title": "points(a) >= 1"},
        "examples": [{"name": "a long example"}],
        "questions": [
            {
                "id": "a",
                "title": "Q",
                "hints": {"x": "A hint"},
                "area": "lessons",
                "options": [{"value": "x", "label": "X"}],
            }
        ],
        "day": {"levels": ["none", "some"]},
        "questions_to_ask": ["one", "two"],
    }
    assert [(path, text) for path, _, text in schema.texts(data)] == [
        (("title",), "A title"),
        (("questions", 0, "title"), "Q"),
        (("questions", 0, "hints", "x"), "A hint"),
        (("questions", 0, "area"), "lessons"),
        (("questions", 0, "options", 0, "label"), "X"),
        (("day", "levels", 0), "none"),
        (("day", "levels", 1), "some"),
        (("questions_to_ask", 0), "one"),
        (("questions_to_ask", 1), "two"),
    ]


def test_the_browser_json_is_normalised():
    for path in QUESTIONNAIRES:
        source = definition.load_file(path)
        data = json.loads(definition.browser_json(source))
        assert "scales" not in data, path.name
        for question, compiled in zip(data["questions"], source.questionnaire.questions, strict=True):
            assert "scale" not in question and "hints" not in question, (path.name, question["id"])
            assert [option["value"] for option in question["options"]] == compiled.values()
            assert question["title_text"] and "<" not in question["title_text"]
            for option in question["options"]:
                assert option["label"] and option["label_text"], (question["id"], option)
                assert "<" not in option["label_text"] and "&amp;" not in option["label_text"]
                assert option.get("points") == compiled.points_of(option["value"])
            # A question's own hints are merged into its options, in place of the scale's.
            written = next(q for q in source.data["questions"] if q["id"] == question["id"])
            for value, hint in (written.get("hints") or {}).items():
                option = next(o for o in question["options"] if o["value"] == value)
                assert (
                    option["hint"]
                    == definition.render_texts({"questions": [{"hints": {value: hint}}]})["questions"][0]["hints"][
                        value
                    ]
                )


def test_the_engine_loads_the_normalised_form_and_scores_it_the_same():
    for path in QUESTIONNAIRES:
        source = definition.load_file(path)
        from_source = session.Session(source.data)
        from_browser = session.Session.from_json(definition.browser_json(source))
        assert [q.values() for q in from_browser.questionnaire.questions] == [
            q.values() for q in from_source.questionnaire.questions
        ]
        for example in source.data.get("examples") or []:
            answers = example.get("answers", {})
            assert from_browser.score(answers)["band"] == from_source.score(answers)["band"], example.get("name")


def test_plain_text_reads_html_as_a_browser_does():
    assert schema.plain_text("A <em>lot</em> &amp; more\n  <abbr title='x'>IEP</abbr>") == "A lot & more IEP"
    assert schema.plain_text(None) == ""
