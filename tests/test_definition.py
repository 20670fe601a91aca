"""Questionnaire files: every problem is reported with the file, the line, the column and a hint of the fix."""

from __future__ import annotations

import textwrap

import pytest

from quiz.core import conditions
from quiz.authoring import definition

GOOD = textwrap.dedent("""\
    id: tiny
    version: 1
    title: A tiny questionnaire
    scales:
      yesno:
        - {value: "no", label: "No", points: 0}
        - {value: "yes", label: "Yes", points: 1}
    questions:
      - id: first
        title: First?
        scale: yesno
      - id: second
        title: Second?
        ask_when: first == 'yes'
        options:
          - {value: a, label: A}
          - {value: b, label: B}
    values:
      total: points(first)
    rules:
      - id: said_yes
        question: first
        when: first == 'yes'
        because: You said yes.
    bands:
      - {id: high, rank: 1, when: "total >= 1"}
      - {id: low, rank: 0, when: "True"}
    notes:
      - {id: hello, when: "band == 'high'"}
    """)


def write(tmp_path, text):
    path = tmp_path / "tiny.yml"
    path.write_text(text)
    return path


def test_the_good_file_loads(tmp_path):
    source = definition.load_file(write(tmp_path, GOOD))
    assert [q.id for q in source.questionnaire.questions] == ["first", "second"]


# (what is broken, replace this, with this, the line it must name, words the message or hint must hold)
BROKEN = [
    ("yaml syntax", "  yesno:\n", "  yesno: [\n", 6, "not valid YAML"),
    ("tab indentation", "  yesno:\n", "\tyesno:\n", 5, "not valid YAML"),
    ("no id", "id: tiny\n", "", 1, "needs an id"),
    ("bad id", "id: tiny\n", "id: Tiny Quiz\n", 1, "not a valid id"),
    ("no version", "version: 1\n", "", 1, "version must be a whole number"),
    ("version text", "version: 1\n", "version: one\n", 2, "version must be a whole number"),
    ("duplicate key", "title: A tiny questionnaire\n", "title: A tiny questionnaire\ntitle: Again\n", 4, "appears twice"),
    ("duplicate question id", "  - id: second\n", "  - id: first\n", 12, "used twice"),
    ("option without label", "{value: a, label: A}", "{value: a}", 16, "needs a label"),
    ("empty label", "{value: b, label: B}", "{value: b, label: ''}", 17, "needs a label"),
    ("duplicate value", "{value: b, label: B}", "{value: a, label: B}", 17, "used twice"),
    ("one option only", "      - {value: b, label: B}\n", "", 15, "at least 2 items"),
    ("unknown scale", "scale: yesno", "scale: yes_no", 11, "no scale called 'yes_no'"),
    ("follow-up names a missing question", "ask_when: first == 'yes'", "ask_when: frist == 'yes'", 14,
     "did you mean 'first'"),
    ("follow-up names a later question", "ask_when: first == 'yes'", "ask_when: second == 'a'", 14,
     "unknown name 'second'"),
    ("unquoted answer value", "    when: first == 'yes'", "    when: first == yes", 23, "answer values need quotes"),
    ("eval attempt", "total: points(first)", "total: __import__('os').system('x')", 19, "not a function"),
    ("attribute access", "total: points(first)", "total: first.upper()", 19, "not a function"),
    ("points of an unscored question", "total: points(first)", "total: points(second)", 19, "points() takes"),
    ("syntax error in condition", "    when: first == 'yes'", "    when: first == 'yes' and", 23, "not a valid expression"),
    ("rule about a missing question", "question: first", "question: third", 22, "not a question id"),
    ("last band not a catch-all", '{id: low, rank: 0, when: "True"}', '{id: low, rank: 0, when: "total < 1"}', 27,
     "last band must apply"),
    ("duplicate band", "{id: low,", "{id: high,", 27, "used twice"),
    ("rank not a number", "rank: 1,", "rank: top,", 26, "rank must be a whole number"),
    ("questions not a list", "questions:\n", "questions: first\nexamples:\n", 8, "must be a list"),
    ("misspelt field", "    title: First?", "    titel: First?", 10, "did you mean 'title'"),
    ("misspelt answer value", "    when: first == 'yes'", "    when: first == 'yse'", 23, "'yse' is not an answer of 'first'"),
    ("misspelt value in a list", "ask_when: first == 'yes'", "ask_when: first in ['yes', 'maybe']", 14,
     "'maybe' is not an answer of 'first'"),
    ("unknown top-level field", "title: A tiny", "colour: blue\ntitle: A tiny", 3, "not a field here"),
    ("name used twice", "total: points(first)", "said_yes: points(first)", 21, "cannot be used|already used"),
    ("note reads an unknown name", "band == 'high'", "bnad == 'high'", 29, "did you mean 'band'"),
    ("kind misspelt", "    scale: yesno\n", "    scale: yesno\n    kind: multi\n", 12, "kind must be single"),
    ("default not an answer", "    scale: yesno\n", "    scale: yesno\n    default: maybe\n", 12,
     "default 'maybe'"),
]


@pytest.mark.parametrize("what, old, new, line, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_reported_with_file_line_and_hint(tmp_path, what, old, new, line, words):
    assert old in GOOD, what
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(definition.QuestionnaireFileError) as caught:
        definition.load_file(path)
    error = caught.value
    message = str(error)
    assert message.startswith(f"{path}:{error.line}:{error.column}: ")
    assert error.line == line, message
    assert any(w in message for w in words.split("|")), message
    assert "hint:" in message or "not valid YAML" in message or "appears twice" in message, message


def test_an_empty_file_is_reported(tmp_path):
    with pytest.raises(definition.QuestionnaireFileError, match="the file is empty"):
        definition.load_file(write(tmp_path, ""))


def test_texts_are_rendered_from_markdown(tmp_path):
    source = definition.load_file(write(tmp_path, GOOD.replace("title: First?", "title: First *really*?")))
    rendered = definition.render_texts(source.data)
    assert rendered["questions"][0]["title"] == "First <em>really</em>?"
    assert rendered["rules"][0]["because"] == "<p>You said yes.</p>"


def test_condition_trees_round_trip_every_flagship_condition():
    from tests.helpers import flagship

    questionnaire = flagship().questionnaire
    for question in questionnaire.questions:
        if question.ask_when is not None:
            tree = conditions.to_tree(question.ask_when)
            assert tree[0] in {"cmp", "or", "and"}


def test_conditions_never_run_python():
    with pytest.raises(conditions.ConditionError):
        conditions.compile_expression("(lambda: 1)()", {})
    with pytest.raises(conditions.ConditionError):
        conditions.compile_expression("[x for x in areas]", {"areas": "value"})
    expression = conditions.compile_expression("max([1, a]) + 1 if 'x' in b else -1", {"a": "value", "b": "value"})
    assert expression.evaluate({"a": 4, "b": ["x"]}, lambda q: None) == 5
    assert expression.evaluate({"a": None, "b": None}, lambda q: None) == -1
