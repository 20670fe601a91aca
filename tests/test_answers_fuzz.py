"""Answers files from anywhere: malformed, truncated, oversized or hostile, fuzzed against parse_answers_file.

"Load saved answers" reads a file the parent picked, which may be anything. The engine must refuse what is
not a valid answers file with an AnswersError (never another exception), must never accept something invalid,
and its message must not echo the file back (a message quoting kilobytes of a hostile file, or markup from it,
is no help to a parent): at most about 100 characters of the input appear in it.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core import engine
from tests.helpers import flagship

QUESTIONNAIRE = flagship().questionnaire
ECHO_LIMIT = 100


def _valid(answers: object) -> bool:
    """An independent statement of what a valid answers mapping is (ids and values from the definition)."""
    if not isinstance(answers, dict):
        return False
    for key, value in answers.items():
        question = next((q for q in QUESTIONNAIRE.questions if q.id == key), None)
        if question is None:
            return False
        allowed = question.values()
        if question.kind == "multiple":
            if not (
                isinstance(value, list)
                and all(isinstance(v, str) and v in allowed for v in value)
                and len(set(value)) == len(value)
            ):
                return False
        elif not (isinstance(value, str) and value in allowed):
            return False
    return True


def _longest_echo(message: str, text: str) -> int:
    """The longest run of the input (20 characters or more) that the message repeats."""
    best = 0
    for start in range(0, max(len(text) - 19, 0), 7):
        size = 20
        while start + size <= len(text) and text[start : start + size] in message:
            size += 20
        best = max(best, size - 20)
    return best


def _parse(text):
    try:
        return engine.parse_answers_file(text, QUESTIONNAIRE), None
    except engine.AnswersError as error:
        message = str(error)
        assert message and len(message) < 400, message
        if isinstance(text, str):
            assert _longest_echo(message, text) <= ECHO_LIMIT, message
        return None, message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=300),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=150), children, max_size=5),
    max_leaves=20,
)
ids = st.sampled_from([q.id for q in QUESTIONNAIRE.questions]) | st.text(max_size=200)
values = st.sampled_from(sorted({v for q in QUESTIONNAIRE.questions for v in q.values()})) | json_values
answer_maps = st.dictionaries(ids, values | st.lists(values, max_size=4), max_size=8)
files = st.fixed_dictionaries(
    {},
    optional={
        "questionnaire": st.just(QUESTIONNAIRE.id) | st.text(max_size=300) | json_values,
        "version": st.integers(-2, 3) | json_values,
        "answers": answer_maps | json_values,
    },
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files)
def test_structured_files_are_accepted_only_when_valid(data):
    text = json.dumps(data)
    answers, message = _parse(text)
    valid = (
        data.get("questionnaire") == QUESTIONNAIRE.id
        and type(data.get("version")) is int
        and 1 <= data["version"] <= QUESTIONNAIRE.version
        and "answers" in data
        and _valid(data["answers"])
    )
    assert (answers is not None) == valid, (data, message)
    if answers is not None:
        assert _valid(answers)
        engine.score(QUESTIONNAIRE, answers)  # what is accepted can be scored


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_is_refused_cleanly(text):
    _parse(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decoded_as_the_browser_would_are_refused_cleanly(raw):
    _parse(raw.decode("utf-8", errors="replace"))


@settings(max_examples=150, deadline=None)
@given(answer_maps, st.data())
def test_a_truncated_file_is_refused(answers, data):
    text = json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": answers})
    cut = data.draw(st.integers(0, len(text) - 1))
    parsed, message = _parse(text[:cut])
    assert parsed is None and message


def test_hostile_files_are_refused_with_short_messages():
    markup = '<img src=x onerror="alert(1)">' * 40
    long_id = "a" * 5000
    hostile = [
        "",
        "\x00" * 100,
        "[" * 100_000,  # deep nesting, over the size limit too
        "[" * 30_000 + "]" * 30_000,  # deep nesting under the size limit
        '{"a":' * 20_000 + "1" + "}" * 20_000,
        " " * (engine.ANSWERS_FILE_LIMIT + 1),
        json.dumps({"questionnaire": markup, "version": 1, "answers": {}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": {markup: "never"}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": {"academics": markup}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": {long_id: "never"}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": {"when": [markup]}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 10**400, "answers": {}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": True, "answers": {}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1.0, "answers": {}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": {"when": ["lessons", "lessons"]}}),
        json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": []}),
        '{"questionnaire": "paraprofessional-support", "version": 1, "answers": {"academics": NaN}}',
        '{"questionnaire": "paraprofessional-support", "version": 1, "answers": {"academics": "never"}',
        "\ufeff" + json.dumps({"questionnaire": QUESTIONNAIRE.id, "version": 1, "answers": {}}),
        "\ud800",
    ]
    for text in hostile:
        parsed, message = _parse(text)
        assert parsed is None, text[:80]
        # Quoting a bit of markup is fine: the page sets messages as text, never HTML (test_failure.py greps it).
    for text in (None, b"{}", 12, ["x"]):
        parsed, message = _parse(text)
        assert parsed is None and message
