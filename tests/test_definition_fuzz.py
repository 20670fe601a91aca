"""Questionnaire files from anywhere: generated from the schema, then mutated and made hostile, fuzzed against the
loader, the engine's checks and scoring.

The promise to editors (issue 15): whatever the file holds, reading it ends quickly with either a questionnaire or
a QuestionnaireFileError naming a real line and column (from 1) with a message in their words, never another
exception, a hang or a runaway allocation. So each case runs in this process under a guard: an alarm stops it
after GUARD_SECONDS of CPU time (a hang fails the test rather than the suite), the process's peak resident memory is
reset before it and read after it (Linux's /proc/self/clear_refs and VmHWM; tracemalloc where that is missing, which
slows Python-Markdown sixteenfold), and the case fails if it took more than BUDGET_SECONDS or its peak rose more
than BUDGET_BYTES above the memory in use when it started. Time is the process's CPU time, so that other work
on a shared machine does not count against a case; the report gives the wall time beside it. A file that loads is then
turned into the browser's JSON (what the build writes) and scored with random answers, under the same guard.

Run alone, with the figures: .venv/bin/python -m pytest -s -q tests/test_definition_fuzz.py
"""

from __future__ import annotations

import json
import random
import re
import signal
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.authoring import definition
from quiz.core import engine

BUDGET_SECONDS = 2.0
BUDGET_BYTES = 200 * 1024 * 1024
GUARD_SECONDS = 4.0  # the alarm, in CPU seconds: well past the budget, so a slow case is measured, and a hang ends
WALL_SECONDS = 60.0  # and a wall-clock backstop, should a case ever wait rather than work
CASES = 200  # per generated test; about 25 s for the module on this machine
# Words that would mean a message speaks Python rather than the editor's language.
INTERNAL = re.compile(
    r"Error\b|Exception|Traceback|BinOp|UnaryOp|BoolOp|Compare\b|Constant\b|ast\.|NoneType|"
    r"object of type|<class|\bdict\b|\btuple\b|\bstr\b|__"
)

STATS = {"cases": 0, "loaded": 0, "refused": 0, "slowest": (0.0, ""), "slowest_wall": 0.0, "largest": (0, "")}
DIRECTORY = Path(tempfile.mkdtemp(prefix="quiz-fuzz-"))


class _Hang(BaseException):
    """Raised by the alarm; a BaseException, so that no `except Exception` in the code under test hides it."""


@contextmanager
def guard(what: str):
    """Run one case: stop it at GUARD_SECONDS, fail it beyond BUDGET_SECONDS or BUDGET_BYTES, keep the figures."""

    def alarm(signum, frame):
        raise _Hang()

    previous = signal.signal(signal.SIGPROF, alarm), signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_PROF, GUARD_SECONDS)
    signal.setitimer(signal.ITIMER_REAL, WALL_SECONDS)
    base = _reset_peak()
    if base is None:
        tracemalloc.start()
    started, wall = time.process_time(), time.perf_counter()
    try:
        yield
    except _Hang:
        pytest.fail(f"{what}: still running after {GUARD_SECONDS} s of CPU time")
    finally:
        elapsed, wall = time.process_time() - started, time.perf_counter() - wall
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])
        if base is None:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            peak = max(_status("VmHWM") - base, 0)
        STATS["cases"] += 1
        if elapsed > STATS["slowest"][0]:
            STATS["slowest"] = (elapsed, what)
        STATS["slowest_wall"] = max(STATS["slowest_wall"], wall)
        if peak > STATS["largest"][0]:
            STATS["largest"] = (peak, what)
    assert elapsed <= BUDGET_SECONDS, f"{what}: took {elapsed:.2f} s of CPU time ({wall:.2f} s on the clock)"
    assert peak <= BUDGET_BYTES, f"{what}: allocated {peak / 1e6:.0f} MB"


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise OSError(field)


def _reset_peak():
    """Reset the process's peak resident memory (VmHWM) and return the memory in use, or None if Linux won't."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        return _status("VmRSS")
    except OSError:
        return None


def load(data: bytes, what: str):
    """Write the bytes to a file and load it under the guard. Returns the Source, or the error it ended with."""
    path = DIRECTORY / "case.yml"
    path.write_bytes(data)
    outcome = None
    with guard(what):
        try:
            source = definition.load_file(path)
            definition.browser_json(source)  # what the build writes for the browser: must not fail either
            outcome = source
        except definition.QuestionnaireFileError as error:
            outcome = error
    STATS["refused" if isinstance(outcome, definition.QuestionnaireFileError) else "loaded"] += 1
    if isinstance(outcome, definition.QuestionnaireFileError):
        assert outcome.line >= 1 and outcome.column >= 1, (what, str(outcome))
        assert str(outcome).startswith(f"{path}:{outcome.line}:{outcome.column}: "), str(outcome)
        # What the editor wrote is echoed back in quotes ('__import__' is not a function...): only the words
        # outside quotes are the message's own, and those must not speak Python.
        own = re.sub(r"'[^']*'", "''", outcome.message + " " + outcome.hint)
        assert not INTERNAL.search(own), (what, str(outcome))
        assert len(str(outcome)) < 600, str(outcome)
    else:
        score(outcome, what)
    return outcome


def score(source: definition.Source, what: str) -> None:
    """A file that loads scores any valid answers, under the same guard."""
    questionnaire = source.questionnaire
    rng = random.Random(what)
    for _ in range(3):
        answers = {}
        for question in questionnaire.questions:
            values = question.values()
            if question.kind == "multiple":
                answers[question.id] = [v for v in values if rng.random() < 0.4]
            elif rng.random() < 0.8:
                answers[question.id] = rng.choice(values)
        text = json.dumps({"questionnaire": questionnaire.id, "version": questionnaire.version, "answers": answers})
        with guard(what + " (scoring)"):
            result = engine.score(questionnaire, engine.parse_answers_file(text, questionnaire))
        assert result["band"] in {band.id for band in questionnaire.bands}


# ── Conditions, from the grammar and hostile ────────────────────────────────────────────────────

NAMES = ["q0", "q1", "q2", "v_a", "v_b", "band", "r0", "unknown", "True", "None"]
ATOMS = (
    st.sampled_from(NAMES)
    | st.sampled_from(
        [
            "'a0'",
            "'a1'",
            "'x'",
            "''",
            "1",
            "0",
            "2.5",
            "-1",
            "999999999999",
            "1e13",
            "[]",
            "['a0', 'a1']",
            "b'x'",
            "1j",
            "...",
            "'é'",
        ]
    )
    | st.integers(0, 10**14).map(str)
)
BINARY = [
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<<",
    ">>",
    "|",
    "&",
    "^",
    "and",
    "or",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "in",
    "not in",
    "is",
    "is not",
]
UNARY = ["not ", "-", "+", "~"]
FUNCTIONS = ["count", "max", "min", "sum", "len", "any", "all", "points", "print", "__import__", "open"]


def _extend(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(BINARY), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(UNARY), inner).map("".join),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, min_size=0, max_size=2)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        inner.map(lambda c: f"{c}.upper()"),
        inner.map(lambda c: f"{c}[0]"),
        inner.map(lambda c: f"{{{c}: 1}}"),
        inner.map(lambda c: f"[x for x in {c}]"),
        inner.map(lambda c: f"lambda: {c}"),
        inner.map(lambda c: f"f'{{{c}}}'"),
        inner.map(lambda c: f"(y := {c})"),
        inner.map(lambda c: f"{c} * 999999999999"),
    )


# The part of the grammar a checked condition may use, over the names _tiny() defines: most of these load, so
# evaluation (bounded by construction) is fuzzed too, with values of unknown type meeting + - * at run time.
VALID_ATOMS = st.sampled_from(
    [
        "q0",
        "q1",
        "v_a",
        "v_b",
        "True",
        "None",
        "'a0'",
        "'a1'",
        "1",
        "2.5",
        "999999999999",
        "[]",
        "['a0', 'a2']",
        "points(q0)",
        "len(q1)",
    ]
)


def _extend_valid(inner):
    return st.one_of(
        st.tuples(
            inner, st.sampled_from(["+", "-", "*", "and", "or", "==", "!=", "<", ">=", "in", "not in"]), inner
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda c: f"not {c}"),
        inner.map(lambda c: f"-{c}"),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.tuples(st.sampled_from(["max", "min", "sum", "len", "any", "all"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"count({t[0]}, {t[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    )


GRAMMAR = st.recursive(ATOMS, _extend, max_leaves=10) | st.recursive(VALID_ATOMS, _extend_valid, max_leaves=12)
HOSTILE_CONDITIONS = [
    "'x' * 999999999999",
    "['x'] * 999999999999",
    "q0 * 999999999999",
    "q1 + q1",
    "v_a * v_a * v_a",
    "999999999999 * 999999999999 * 999999999999",
    "(" * 150 + "1" + ")" * 150,
    "(" * 300 + "1" + ")" * 300,
    "-" * 1990 + "1",
    "not " * 490 + "True",
    "+".join(["1"] * 900),
    "[" * 100 + "]" * 100,
    "9" * 1999,
    "1" + "0" * 5000,
    "q0\0",
    "'a' in 'a' * 99999999",
    "sum([999999999999] * 3)",
    "len('x' * 10 ** 9)",
    "count(q1 + q1 + q1, 'a0')",
    "2 ** 2 ** 2 ** 2 ** 2",
    "[[[[[[[[[[1]]]]]]]]]] == [[[[[[[[[[1]]]]]]]]]]",
    "max(" * 60 + "[1]" + ")" * 60,
    "q0 if q0 else " * 120 + "1",
    "'\\x00'",
    "'\\N{BOGUS}'",
]


def _tiny(**conditions_at) -> dict:
    """A small definition built from the schema, with conditions put where editors write them."""
    return {
        "id": "fuzz-questionnaire",
        "version": 1,
        "title": "A questionnaire",
        "scales": {"two": [{"value": "a0", "label": "A", "points": 0}, {"value": "a1", "label": "B", "points": 2}]},
        "questions": [
            {"id": "q0", "title": "First?", "scale": "two"},
            {
                "id": "q1",
                "title": "Which?",
                "kind": "multiple",
                "options": [
                    {"value": "a0", "label": "A"},
                    {"value": "a1", "label": "B"},
                    {"value": "a2", "label": "C"},
                ],
            },
            {"id": "q2", "title": "Then?", "scale": "two", "ask_when": conditions_at.get("ask_when", "q0 == 'a1'")},
        ],
        "values": {"v_a": conditions_at.get("value", "points(q0) + points(q2)"), "v_b": "len(q1)"},
        "rules": [{"id": "r0", "question": "q0", "when": conditions_at.get("rule", "v_a >= 2"), "because": "Yes."}],
        "bands": [
            {"id": "high", "rank": 1, "when": conditions_at.get("band", "r0 or v_b > 1")},
            {"id": "low", "rank": 0, "when": "True"},
        ],
        "notes": [
            {"id": "note", "when": conditions_at.get("note", "band == 'high'"), "title": "A note", "text": "Text."}
        ],
    }


def _yaml(data: dict) -> bytes:
    dumper = type("NoAliases", (yaml.SafeDumper,), {"ignore_aliases": lambda self, data: True})
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100000).encode("utf-8")


load(_yaml(_tiny()), "warm-up")  # the first load imports Markdown's extensions: not a figure of any case
STATS.update(cases=0, loaded=0, slowest=(0.0, ""), slowest_wall=0.0, largest=(0, ""))


@settings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(["ask_when", "value", "rule", "band", "note"]), GRAMMAR | st.sampled_from(HOSTILE_CONDITIONS))
def test_any_condition_ends_as_a_questionnaire_or_a_located_error(where, condition):
    load(_yaml(_tiny(**{where: condition})), f"condition at {where}: {condition[:80]!r}")


@pytest.mark.parametrize("condition", HOSTILE_CONDITIONS)
def test_hostile_conditions_are_refused_or_bounded(condition):
    outcome = load(_yaml(_tiny(value=condition)), f"hostile condition {condition[:60]!r}")
    if isinstance(outcome, definition.Source):  # accepted: then it cannot have built anything large
        for answers in ({}, {"q0": "a1", "q1": ["a0", "a1", "a2"]}):
            env, _ = engine.decide(outcome.questionnaire, answers)
            assert len(json.dumps(env)) < 10_000, condition


# ── Definitions from the schema, mutated ────────────────────────────────────────────────────────

HOSTILE_YAML = [
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
    "deep: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep: " + "{a: " * 3000 + "\n",
    "".join("  " * i + f"k{i}:\n" for i in range(60)),
    "? [a, b]\n: 1\n",
    "{a: 1}: b\n",
    "d: 2026-13-45\n",
    "d: 2026-02-30\n",
    "n: " + "9" * 5000 + "\n",
    "n: 1e400\n",
    "n: .nan\n",
    "n: -.inf\n",
    "t: !!python/object/apply:os.system ['true']\n",
    "b: !!binary aGVsbG8=\n",
    "s: !!set {a, b}\n",
    "c: !custom x\n",
    "<<: {a: 1}\n",
    "e: =\n",
    "\0",
    "x: a\0b\n",
    "x: \x07\n",
    "\x1b[31m",
    "x: 'unterminated\n",
    "\t\tx: 1\n",
    "id: again\n",
    "---\nid: two\n",
    "%YAML 1.1\n---\n",
    "x: [1, 2\n",
    "- - - - - -\n",
    "'\\ud800': 1\n",
    'x: "\\ud800"\n',
    'x: "\\x00"\n',
    "questions: 5\n",
    "values: [1, 2]\n",
    "bands: {}\n",
    "rules: [[[]]]\n",
    "scales: {two: 3}\n",
    "version: true\n",
    "id: " + "a" * 5000 + "\n",
    "x: " + "a" * 200_000 + "\n",
    "\ufeff",
    "\r",
    "\u2028",
    "\x85",
]


def _schema_definition(draw) -> dict:
    """A random definition following the schema: questions, scales, values, rules, bands, notes, examples."""
    n_questions = draw(st.integers(1, 6))
    questions, ids = [], []
    for index in range(n_questions):
        kind = draw(st.sampled_from(["single", "multiple"]))
        n_options = draw(st.integers(1, 5))
        options = [{"value": f"a{j}", "label": f"Answer {j}"} for j in range(n_options)]
        if kind == "single" and draw(st.booleans()):
            for j, option in enumerate(options):
                option["points"] = j
        question = {
            "id": f"q{index}",
            "title": draw(st.sampled_from(["A question?", "", "Two *words*"])),
            "options": options,
        }
        if kind == "multiple":
            question["kind"] = "multiple"
        if ids and draw(st.booleans()):
            question["ask_when"] = draw(GRAMMAR)
        questions.append(question)
        ids.append(question["id"])
    data = {
        "id": draw(st.sampled_from(["fuzz", "fuzz-questionnaire", "Fuzz", ""])),
        "version": draw(st.integers(0, 3)),
        "title": "A questionnaire",
        "questions": questions,
    }
    data["values"] = {f"v_{c}": draw(GRAMMAR) for c in "ab"[: draw(st.integers(0, 2))]}
    data["rules"] = [
        {
            "id": f"r{i}",
            "question": draw(st.sampled_from(ids + [None, "nope"])),
            "when": draw(GRAMMAR),
            "because": "Because.",
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    data["bands"] = [{"id": f"b{i}", "rank": i, "when": draw(GRAMMAR)} for i in range(draw(st.integers(0, 2)))]
    data["bands"].append({"id": "last", "rank": 0, "when": draw(st.sampled_from(["True", "band == 'x'"]))})
    data["notes"] = [{"id": "n0", "when": draw(GRAMMAR), "title": "A note", "text": "Text."}]
    data["examples"] = [{"name": "an example", "answers": {ids[0]: "a0"}, "band": "last"}]
    return data


# The project's own questionnaires, as editors would start from them: large, with every field in use.
PROJECT_FILES = sorted((Path(__file__).resolve().parent.parent / "docs" / "questionnaires").glob("*.yml"))


@st.composite
def mutated_files(draw) -> tuple:
    base = draw(st.sampled_from([None, None, None] + PROJECT_FILES))
    text = _yaml(_schema_definition(draw)).decode("utf-8") if base is None else base.read_text(encoding="utf-8")
    steps = [base.name] if base else []
    for _ in range(draw(st.integers(0, 3))):
        how = draw(
            st.sampled_from(
                [
                    "truncate",
                    "delete",
                    "insert bytes",
                    "insert text",
                    "hostile line",
                    "swap lines",
                    "indent",
                    "latin-1",
                    "crlf",
                    "bom",
                ]
            )
        )
        steps.append(how)
        position = draw(st.integers(0, max(len(text) - 1, 0)))
        if how == "truncate":
            text = text[:position]
        elif how == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)) :]
        elif how == "insert bytes":
            text = text[:position] + draw(st.binary(min_size=1, max_size=8)).decode("latin-1") + text[position:]
        elif how == "insert text":
            text = text[:position] + draw(st.text(min_size=1, max_size=8)) + text[position:]
        elif how == "hostile line":
            lines = text.split("\n")
            at = draw(st.integers(0, len(lines)))
            indent = draw(st.sampled_from(["", "  ", "    ", "      "]))
            lines.insert(at, indent + draw(st.sampled_from(HOSTILE_YAML)).rstrip("\n"))
            text = "\n".join(lines)
        elif how == "swap lines":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif how == "indent":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.sampled_from([" ", "\t", "   "])) + lines[i]
            text = "\n".join(lines)
        elif how == "crlf":
            text = text.replace("\n", "\r\n")
        elif how == "bom":
            text = "\ufeff" + text
    encoding = "latin-1" if "latin-1" in steps else "utf-8"
    steps = [step for step in steps if step != "latin-1"] + (["latin-1"] if encoding == "latin-1" else [])
    data = text.encode(encoding, "replace") if encoding == "latin-1" else text.encode("utf-8", "surrogatepass")
    return data, steps


@settings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_files())
def test_any_file_ends_as_a_questionnaire_or_a_located_error(case):
    data, steps = case
    load(data, f"schema file, {', '.join(steps) or 'unchanged'}, {len(data)} bytes")


@pytest.mark.parametrize("snippet", HOSTILE_YAML, ids=[repr(s[:24]) for s in HOSTILE_YAML])
def test_hostile_yaml_ends_as_a_questionnaire_or_a_located_error(snippet):
    good = _yaml(_tiny()).decode("utf-8")
    middle = good.index("questions:")
    for text in (snippet + good, good[:middle] + snippet + "\n" + good[middle:], good + "\n" + snippet):
        load(text.encode("utf-8", "surrogatepass"), f"hostile YAML {snippet[:40]!r}")


def test_huge_files_are_refused_before_they_are_read():
    path = DIRECTORY / "huge.yml"
    with path.open("wb") as handle:  # 60 MB, sparse: nothing is written but the last byte
        handle.truncate(60 * 1024 * 1024)
    with guard("a 60 MB file"):
        with pytest.raises(definition.QuestionnaireFileError, match="larger than 256 KB") as caught:
            definition.load_file(path)
    assert (caught.value.line, caught.value.column) == (1, 1)
    load(b"# " + b"x" * definition.MAX_FILE_BYTES, "a file just over the size limit")


@pytest.mark.parametrize(
    "texts",
    [
        ["[" * 300 + "a" * 4700] + ["a" * 4999] * 40,  # unclosed brackets, at the limit, in long texts
        ["[" * 7 + "a" * 4990] * 42,
        [">" * 2000] + ["b " * 2400] * 45,
        ["<![CDATA[" * 33 + "x" * 4700] * 3,
    ],
    ids=["brackets", "brackets spread", "quotes", "cdata"],
)
def test_texts_at_the_limits_render_within_the_budget(texts):
    """Python-Markdown's slowest inputs, as far as the limits let a file go: the build still renders it in time."""
    good = _yaml(_tiny()).decode("utf-8")
    notes = "".join(f"- {{id: n{i}, when: 'True', text: {json.dumps(t)}}}\n" for i, t in enumerate(texts))
    outcome = load(good.replace("notes:\n", "notes:\n" + notes).encode("utf-8"), f"texts at the limits, {len(texts)}")
    assert isinstance(outcome, definition.Source), str(outcome)


def test_report_the_figures(record_property):
    """Runs last in this module: how many cases ran, and the slowest and largest of them."""
    slowest, what = STATS["slowest"]
    peak, largest = STATS["largest"]
    line = (
        f"definition fuzz: {STATS['cases']} guarded cases ({STATS['loaded']} files loaded and scored, "
        f"{STATS['refused']} refused at a line); slowest {slowest * 1000:.0f} ms of CPU time ({what}; "
        f"slowest on the clock {STATS['slowest_wall'] * 1000:.0f} ms); "
        f"largest rise in peak memory {peak / 1e6:.1f} MB ({largest})"
    )
    print("\n" + line)
    record_property("fuzz_cases", STATS["cases"])
    record_property("fuzz_slowest_ms", round(slowest * 1000))
    record_property("fuzz_peak_mb", round(peak / 1e6, 1))
    if not STATS["cases"]:
        pytest.skip("run with the rest of this module to collect figures")
    assert STATS["loaded"] and STATS["refused"], "the generated files must reach both outcomes"
