"""Questionnaire files: every problem is reported with the file, the line, the column and a hint of the fix."""

from __future__ import annotations

import textwrap

import pytest

from quiz.authoring import definition
from quiz.core import conditions

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
    (
        "duplicate key",
        "title: A tiny questionnaire\n",
        "title: A tiny questionnaire\ntitle: Again\n",
        4,
        "appears twice",
    ),
    ("duplicate question id", "  - id: second\n", "  - id: first\n", 12, "used twice"),
    ("option without label", "{value: a, label: A}", "{value: a}", 16, "needs a label"),
    ("empty label", "{value: b, label: B}", "{value: b, label: ''}", 17, "needs a label"),
    ("duplicate value", "{value: b, label: B}", "{value: a, label: B}", 17, "used twice"),
    ("one option only", "      - {value: b, label: B}\n", "", 15, "at least 2 items"),
    ("unknown scale", "scale: yesno", "scale: yes_no", 11, "no scale called 'yes_no'"),
    (
        "follow-up names a missing question",
        "ask_when: first == 'yes'",
        "ask_when: frist == 'yes'",
        14,
        "did you mean 'first'",
    ),
    (
        "follow-up names a later question",
        "ask_when: first == 'yes'",
        "ask_when: second == 'a'",
        14,
        "unknown name 'second'",
    ),
    ("unquoted answer value", "    when: first == 'yes'", "    when: first == yes", 23, "answer values need quotes"),
    ("eval attempt", "total: points(first)", "total: __import__('os').system('x')", 19, "not a function"),
    ("attribute access", "total: points(first)", "total: first.upper()", 19, "not a function"),
    ("points of an unscored question", "total: points(first)", "total: points(second)", 19, "points() takes"),
    (
        "syntax error in condition",
        "    when: first == 'yes'",
        "    when: first == 'yes' and",
        23,
        "not a valid expression",
    ),
    ("rule about a missing question", "question: first", "question: third", 22, "not a question id"),
    (
        "last band not a catch-all",
        '{id: low, rank: 0, when: "True"}',
        '{id: low, rank: 0, when: "total < 1"}',
        27,
        "last band must apply",
    ),
    ("duplicate band", "{id: low,", "{id: high,", 27, "used twice"),
    ("rank not a number", "rank: 1,", "rank: top,", 26, "rank must be a whole number"),
    ("questions not a list", "questions:\n", "questions: first\nexamples:\n", 8, "must be a list"),
    ("misspelt field", "    title: First?", "    titel: First?", 10, "did you mean 'title'"),
    (
        "misspelt answer value",
        "    when: first == 'yes'",
        "    when: first == 'yse'",
        23,
        "'yse' is not an answer of 'first'",
    ),
    (
        "misspelt value in a list",
        "ask_when: first == 'yes'",
        "ask_when: first in ['yes', 'maybe']",
        14,
        "'maybe' is not an answer of 'first'",
    ),
    ("unknown top-level field", "title: A tiny", "colour: blue\ntitle: A tiny", 3, "not a field here"),
    ("name used twice", "total: points(first)", "said_yes: points(first)", 21, "cannot be used|already used"),
    ("note reads an unknown name", "band == 'high'", "bnad == 'high'", 29, "did you mean 'band'"),
    ("kind misspelt", "    scale: yesno\n", "    scale: yesno\n    kind: multi\n", 12, "kind must be single"),
    ("default not an answer", "    scale: yesno\n", "    scale: yesno\n    default: maybe\n", 12, "default 'maybe'"),
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


# ── Limits and hostile files (issue 15): each refusal at its line and column, in the editor's words ───────────


def _located(tmp_path, data, name="tiny.yml"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(definition.QuestionnaireFileError) as caught:
        definition.load_file(path)
    error = caught.value
    assert str(error).startswith(f"{path}:{error.line}:{error.column}: "), str(error)
    return error


# (what, the file's text, line, column, words the message or hint must hold)
HOSTILE = [
    ("an anchor", GOOD.replace("  yesno:\n", "  yesno: &scale\n"), 5, 10, "anchors (&name) and aliases"),
    (
        "an alias",
        GOOD.replace("    scale: yesno\n", "    scale: yesno\n    hints: *x\n", 1),
        12,
        12,
        "anchors (&name) and aliases",
    ),
    ("an alias bomb", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", 1, 4, "anchors (&name)"),
    ("deep brackets", GOOD + "deep: " + "[" * 3000 + "]" * 3000 + "\n", 30, 26, "nested more than 20 deep"),
    ("deep indentation", GOOD + "".join("  " * i + f"k{i}:\n" for i in range(30)), 50, 41, "nested more than 20 deep"),
    ("too many items", GOOD + "topics: [" + ", ".join(["x"] * 25_000) + "]\n", 30, 59_731, "more than 20,000"),
    ("a NUL byte", GOOD.replace("title: Second?", "title: Sec\0ond?"), 13, 15, "NUL character"),
    ("a control character", GOOD.replace("title: Second?", "title: Sec\x1bond?"), 13, 15, "control character (U+001B)"),
    ("a list as a key", GOOD + "? [a, b]\n: 1\n", 30, 3, "a key must be a plain word"),
    ("a mapping as a key", GOOD + "{a: 1}: b\n", 30, 1, "a key must be a plain word"),
    (
        "an impossible date",
        GOOD.replace("title: A tiny questionnaire", "title: 2026-13-45"),
        3,
        8,
        "looks like a date but is not one",
    ),
    (
        "a number too long to read",
        GOOD.replace("version: 1", "version: " + "9" * 5000),
        2,
        10,
        "cannot be read as a number",
    ),
    ("a number too large", GOOD.replace("points: 1}", "points: 1.0e+400}"), 7, 44, "too large"),
    ("not a number", GOOD.replace("points: 1}", "points: .nan}"), 7, 44, "too large"),
    (
        "a Python tag",
        GOOD.replace("title: A tiny questionnaire", "title: !!python/object/apply:os.system [ls]"),
        3,
        8,
        "the YAML tag !!python/object/apply:os.system is not allowed",
    ),
    (
        "a binary tag",
        GOOD.replace("title: A tiny questionnaire", "title: !!binary aGVsbG8="),
        3,
        8,
        "the YAML tag !!binary is not allowed",
    ),
    ("a set tag", GOOD + "topics: !!set {a, b}\n", 30, 9, "the YAML tag !!set"),
    ("two documents", GOOD + "---\nid: again\n", 30, 1, "expected a single document"),
    (
        "a question id with -",
        GOOD.replace("  - id: second", "  - id: sec-ond"),
        12,
        9,
        "use _ instead of -; a condition could not name it",
    ),
    (
        "'**' in a condition",
        GOOD.replace("total: points(first)", "total: points(first) ** 2"),
        19,
        24,
        "'**' is not allowed in a condition",
    ),
    (
        "'/' in a condition",
        GOOD.replace("total: points(first)", "total: points(first) / 2"),
        19,
        24,
        "'/' is not allowed",
    ),
    (
        "'is' in a condition",
        GOOD.replace("    when: first == 'yes'", "    when: first is None"),
        23,
        17,
        "use == or !=",
    ),
    (
        "repeating a text",
        GOOD.replace("total: points(first)", "total: first * 1000"),
        19,
        16,
        "'*' works only on numbers, and first is a text",
    ),
    (
        "joining lists",
        GOOD.replace("total: points(first)", "total: '[first] + [first]'"),
        19,
        19,
        "'+' works only on numbers, and [first] is a list",
    ),
    (
        "a value known to be a text",
        GOOD.replace("total: points(first)", "total: points(first)\n  word: first").replace(
            'when: "total >= 1"', 'when: "word * 3"'
        ),
        27,
        37,
        "word is a text",
    ),
    (
        "a condition nested too deeply",
        GOOD.replace("total: points(first)", "total: " + "-" * 60 + "1"),
        19,
        60,
        "more than 50 levels",
    ),
    (
        "a text too long",
        GOOD.replace("title: Second?", "title: '" + "a" * 5001 + "'"),
        13,
        13,
        "this text has 5,001 characters; a text may have at most 5,000",
    ),
    (
        "unclosed brackets piling up",
        GOOD.replace("title: Second?", "title: '" + "[" * 301 + "'"),
        13,
        13,
        "more than 300 of the marks [ and <",
    ),
    (
        "Markdown marks piling up",
        GOOD.replace("title: Second?", "title: '" + "*_" * 1001 + "'"),
        13,
        13,
        "more than 2,000 Markdown marks",
    ),
    (
        "a number in a condition too large",
        GOOD.replace("total: points(first)", "total: points(first) * 1e13"),
        19,
        26,
        "at most 1,000,000,000,000",
    ),
]


@pytest.mark.parametrize("what, text, line, column, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_refused_at_its_line_and_column(tmp_path, what, text, line, column, words):
    error = _located(tmp_path, text)
    assert (error.line, error.column) == (line, column), str(error)
    assert words in str(error), str(error)
    assert "Error" not in error.message and "BinOp" not in error.message, str(error)


def test_a_latin_1_file_is_refused_where_the_byte_is_with_save_as_utf_8(tmp_path):
    error = _located(tmp_path, GOOD.replace("title: Second?", "title: Café crème?").encode("latin-1"))
    assert (error.line, error.column) == (13, 15), str(error)  # the é, counted in characters
    assert "not UTF-8" in error.message and "save the file as UTF-8" in error.hint


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yml"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: reading it would take seconds, refusing it takes none
    with pytest.raises(definition.QuestionnaireFileError, match="larger than 256 KB") as caught:
        definition.load_file(path)
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert "split it" in caught.value.hint


@pytest.mark.parametrize("ending", ["crlf", "bom", "crlf and bom"])
def test_windows_files_load_and_report_the_right_line(tmp_path, ending):
    text = GOOD.replace("\n", "\r\n") if "crlf" in ending else GOOD
    prefix = "\ufeff" if "bom" in ending else ""
    path = tmp_path / "tiny.yml"
    path.write_bytes((prefix + text).encode("utf-8"))
    assert [q.id for q in definition.load_file(path).questionnaire.questions] == ["first", "second"]
    broken = (prefix + text.replace("ask_when: first == 'yes'", "ask_when: frist == 'yes'")).encode("utf-8")
    error = _located(tmp_path, broken)
    assert (error.line, error.column) == (14, 15) and "did you mean 'first'" in str(error)
    error = _located(tmp_path, (prefix + text.replace("id: tiny", "id: Tiny")).encode("utf-8"))
    assert (error.line, error.column) == (1, 5), str(error)  # the mark does not count the byte-order mark


def test_a_date_is_kept_as_the_text_it_is_written_as(tmp_path):
    source = definition.load_file(write(tmp_path, GOOD.replace("title: A tiny questionnaire", "title: 2026-09-14")))
    assert source.data["title"] == "2026-09-14"
    assert '"title":"2026-09-14"' in definition.browser_json(source)


def test_questionnaire_ids_keep_their_hyphens(tmp_path):
    source = definition.load_file(write(tmp_path, GOOD.replace("id: tiny", "id: tiny-questionnaire")))
    assert source.questionnaire.id == "tiny-questionnaire"


@pytest.mark.parametrize(
    "field, count, line",
    [
        ("questions", 101, 8),
        ("rules", 301, 20),
        ("notes", 101, 28),
        ("bands", 21, 25),
        ("values", 201, 18),
        ("options", 31, 15),
    ],
)
def test_counts_beyond_the_limits_are_refused_at_their_field(tmp_path, field, count, line):
    from quiz.core import engine

    assert engine.LIMITS[field] == count - 1
    text = GOOD
    if field == "questions":
        text = text.replace(
            "  - id: first\n",
            "".join(f"  - {{id: extra{i}, title: Extra?, scale: yesno}}\n" for i in range(count - 2))
            + "  - id: first\n",
        )
    elif field == "rules":
        text = text.replace(
            "rules:\n", "rules:\n" + "".join(f"  - {{id: r{i}, when: 'True', because: B.}}\n" for i in range(count - 1))
        )
    elif field == "notes":
        text = text.replace(
            "notes:\n", "notes:\n" + "".join(f"  - {{id: n{i}, when: 'True'}}\n" for i in range(count - 1))
        )
    elif field == "bands":
        text = text.replace(
            "bands:\n", "bands:\n" + "".join(f"  - {{id: b{i}, when: 'False'}}\n" for i in range(count - 2))
        )
    elif field == "values":
        text = text.replace("values:\n", "values:\n" + "".join(f"  v{i}: '1'\n" for i in range(count - 1)))
    elif field == "options":
        text = text.replace(
            "      - {value: b, label: B}\n", "".join(f"      - {{value: o{i}, label: O}}\n" for i in range(count - 1))
        )
    error = _located(tmp_path, text)
    assert f"has {count} items; at most {count - 1} are allowed" in error.message, str(error)
    assert error.line == line, str(error)  # at the field's key
    assert "split the questionnaire" in error.hint


def test_condition_messages_name_what_the_editor_typed():
    known = {"a": "value", "b": "value", "q": "question", "w": "question"}
    types = {"q": "text", "w": "list"}
    cases = {
        "a ** 2": "'**' is not allowed",
        "a / 2": "'/' is not allowed",
        "a // 2": "'//' is not allowed",
        "a % 2": "'%' is not allowed",
        "a @ b": "'@' is not allowed",
        "a << 1": "'<<' is not allowed",
        "a >> 1": "'>>' is not allowed",
        "a | b": "'|' is not allowed",
        "a & b": "'&' is not allowed",
        "a ^ b": "'^' is not allowed",
        "~a": "'~' in front of a value",
        "+a": "'+' in front of a value",
        "a is None": "'is' is not allowed",
        "a is not None": "'is not' is not allowed",
        "q * 3": "'*' works only on numbers, and q is a text",
        "w + w": "'+' works only on numbers, and w is a list",
        "-q": "'-' works only on numbers",
        "'x' * 5": "'x' is a text",
        "a.b": "a dot (.)",
        "a[0]": "square brackets after a name",
        "{1: 2}": "a dictionary",
        "{1}": "a set",
        "[x for x in a]": "'for' inside",
        "f'{a}'": "an f-string",
        "lambda: 1": "lambda is not allowed",
        "b'x'": "only text, numbers",
        "a.upper()": "'a.upper' is not a function",
        "1e13": "at most 1,000,000,000,000",
        "1" + "+1" * 60: "more than 50 levels",
        "(" * 300 + ")" * 300: "too many brackets inside one another",
        "9" * 1999: "at most 1,000,000,000,000",
        "a\0": "NUL character",
    }
    for source, words in cases.items():
        with pytest.raises(conditions.ConditionError) as caught:
            conditions.compile_expression(source, known, None, types)
        message = caught.value.message + " " + caught.value.hint
        assert words in message, (source, message)
        assert not any(w in message for w in ("BinOp", "UnaryOp", "Compare", "Error", "ast.", "Constant")), message


def test_evaluation_is_bounded_arithmetic_only_on_numbers():
    expression = conditions.compile_expression("a * b + 1", {"a": "value", "b": "value"})
    assert expression.evaluate({"a": 2, "b": 3}, lambda q: None) == 7
    assert expression.evaluate({"a": "x", "b": 3}, lambda q: None) is None  # never 'xxx'
    assert expression.evaluate({"a": ["x"], "b": 3}, lambda q: None) is None
    assert expression.evaluate({"a": 1e12, "b": 3}, lambda q: None) is None  # beyond MAX_NUMBER
    total = conditions.compile_expression("sum(a)", {"a": "value"})
    assert total.evaluate({"a": [1e12, 1e12]}, lambda q: None) is None
    assert conditions.compile_expression("q0 + 1", {"q0": "value"}).value_type == "number"
    assert conditions.compile_expression("'a' if q0 else 'b'", {"q0": "value"}).value_type == "text"
    assert conditions.compile_expression("q0 if q0 else 1", {"q0": "value"}).value_type is None


def test_the_editors_page_states_each_limit_as_the_code_has_it():
    from quiz.core import engine
    from tests.helpers import ROOT

    page = (ROOT / "docs" / "editors" / "questionnaires.md").read_text(encoding="utf-8")
    limits = page[page.index("## Limits") : page.index("## Check your changes")]
    assert f"at most {definition.MAX_FILE_BYTES // 1024} KB" in limits
    assert f"at most {definition.MAX_DEPTH} deep" in limits
    assert f"at most {definition.MAX_NODES:,} fields" in limits
    assert f"at most {conditions.MAX_SOURCE} characters" in limits
    assert f"at most {conditions.MAX_DEPTH} levels" in limits
    assert f"{conditions.MAX_NUMBER:,.0f}" in limits
    assert f"at most {definition.MAX_TEXT:,} characters" in limits
    assert f"at most {definition.MAX_MARKS:,} Markdown marks" in limits
    assert f"at most {definition.MAX_BRACKETS} of them" in limits
    words = {
        "questions": "questions",
        "options": "options in a question or scale",
        "scales": "scales",
        "values": "values",
        "rules": "rules",
        "bands": "bands",
        "notes": "notes",
        "examples": "examples",
        "times": "times",
        "levels": "levels",
        "questions_to_ask": "items in `questions_to_ask`",
    }
    for field, limit in engine.LIMITS.items():
        if field in words:
            assert f"{limit} {words[field]}" in limits, field
    assert f"{engine.LIMITS['what_to_bring']} items in `questions_to_ask` and in `what_to_bring`" in limits


@pytest.mark.parametrize(
    "data, where",
    [
        (b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "1:4: YAML anchors"),
        (GOOD.replace("title: First?", "title: Fïrst?").encode("latin-1"), "10:13: this file is not UTF-8 text"),
        (GOOD.encode() + b"deep: " + b"[" * 5000 + b"]" * 5000 + b"\n", "30:26: lists and mappings are nested"),
    ],
)
def test_quiz_check_reports_a_hostile_file_in_one_located_line(tmp_path, capsys, data, where):
    from quiz.authoring import cli

    path = tmp_path / "hostile.yml"
    path.write_bytes(data)
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:{where}") and out.count("\n") == 1, out
