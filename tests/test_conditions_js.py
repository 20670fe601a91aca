"""The page's conditions.js against the engine, on the ask_when grammar: same follow-ups asked, same values.

The page decides which follow-up questions to show before Pyodide has loaded, from the condition trees the
build writes into the form (quiz/site/form.py, conditions.to_tree). If conditions.js read a tree differently from
the engine, a parent would be asked a question the engine then ignores, or never asked one it needs. So:
- random answer sets for every questionnaire of the site, the engine's asked() in CPython, conditions.js in node;
- every construct of the ask_when grammar (conditions.ASK_WHEN), hand-written and randomly generated, over
  awkward values (missing answers, booleans next to numbers, strings, lists): the same value on both sides;
- every construct outside it is refused by `quiz check` at the ask_when's line, has no tree, and conditions.js
  throws on the trees it once read (arithmetic, 'x if test else y', '-', sum()): the two grammars are one.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quiz.authoring import definition
from quiz.core import conditions, engine
from quiz.site import form
from tests.helpers import flagship

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "conditions_js.mjs"
ANSWER_SETS = 400
QUESTIONNAIRES = sorted((ROOT / "docs" / "questionnaires").glob("*.yml"))
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


class _FormQuestions(HTMLParser):
    """The questions as the page script sees them: each <li>'s data attributes and its inputs."""

    def __init__(self):
        super().__init__()
        self.questions: list = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "quiz__question" in attrs.get("class", ""):
            data = {_camel(name[5:]): value for name, value in attrs.items() if name.startswith("data-")}
            self.questions.append({"data": data, "inputs": []})
        elif tag == "input" and self.questions:
            item = {"value": attrs["value"]}
            if "data-points" in attrs:
                item["points"] = attrs["data-points"]
            self.questions[-1]["inputs"].append(item)


def _camel(name: str) -> str:
    head, *tail = name.split("-")
    return head + "".join(part.title() for part in tail)


def _form_questions(source) -> list:
    parser = _FormQuestions()
    parser.feed(form.render(source, {"definition": "d.json", "runtime": "r/", "engine": "e.zip", "worker": "w.js"}))
    return parser.questions


def _random_answers(rng: random.Random, questionnaire) -> dict:
    """Each question unanswered (a third of the time) or answered with a random value or set of values."""
    answers = {}
    for question in questionnaire.questions:
        if rng.random() < 0.33:
            continue
        values = question.values()
        if question.kind == "multiple":
            answers[question.id] = [v for v in values if rng.random() < 0.3]
        else:
            answers[question.id] = rng.choice(values)
    return answers


def _typed(value):
    """A value with its Python type kept, so True never passes for 1 (numbers compare as numbers)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, value)


# Hand-written ask_when conditions over a (scored question), e (scored question), b, c and d: every construct.
SYNTHETIC = [
    "a == b",
    "a != 'x'",
    "a < b",
    "a <= 1 < b",
    "a > b >= 0",
    "a in b",
    "a not in b",
    "'x' in c",
    "a in [1, 'x', None]",
    "None in b",
    "a and b",
    "a or b or c",
    "not a",
    "max([a, b, c])",
    "min([a, b, 1.5])",
    "max(a)",
    "len(a)",
    "len(c)",
    "any([a, b])",
    "any(c)",
    "all([a, c])",
    "all(b)",
    "count([a, b, c], 'x')",
    "count(b, True)",
    "count([a, b, d], 1)",
    "count(c, None)",
    "points(a) >= 2",
    "points(a) in [1, 2]",
    "max([points(a), points(e)])",
    "points(a) > -1",
    "[a, b] == [b, a]",
    "[a] < [b]",
    "(a or b) and not c",
    "a == True",
    "len(b) >= 1 and len(b) <= 2 and not ('x' in b or 'all' in b)",
    "a < 'y'",
    "not not d",
    "min([points(a), points(e)]) <= -0.5 or a == False",
]
# What the ask_when grammar leaves out, each at the column of the construct (the engine's alone).
OUTSIDE = [
    ("points(a) + 1 >= 2", "arithmetic (+)", 11),
    ("a - b", "arithmetic (-)", 3),
    ("a * 2", "arithmetic (*)", 3),
    ("1 if a else 0", "'x if test else y'", 1),
    ("-points(a) < 0", "'-' in front of a value", 1),
    ("sum([points(a), points(e)]) >= 2", "sum()", 1),
    ("a == 'x' or max([points(a) * 2]) > 1", "arithmetic (*)", 28),
]
AWKWARD = [
    None,
    True,
    False,
    0,
    1,
    2,
    -1,
    1.5,
    "",
    "x",
    "y",
    "often",
    [],
    ["x"],
    ["x", "y"],
    [1, 2],
    [True],
    [None],
    ["all"],
]
KNOWN = {"a": "scored question", "e": "scored question", "b": "question", "c": "question", "d": "question"}


def _random_condition(rng: random.Random, depth: int = 0) -> str:
    """A random condition in the ask_when grammar (and nothing else), over the names of KNOWN."""
    atoms = [
        "a",
        "b",
        "c",
        "d",
        "'x'",
        "'y'",
        "''",
        "1",
        "0",
        "2",
        "-1",
        "1.5",
        "True",
        "False",
        "None",
        "[]",
        "points(a)",
        "points(e)",
    ]
    if depth >= 3 or rng.random() < 0.3:
        return rng.choice(atoms)
    inner = lambda: _random_condition(rng, depth + 1)  # noqa: E731
    shape = rng.randrange(7)
    if shape == 0:
        return f"({inner()} {rng.choice(['and', 'or'])} {inner()})"
    if shape == 1:
        return f"not {inner()}"
    if shape == 2:
        ops = ["==", "!=", "<", "<=", ">", ">=", "in", "not in"]
        return "(" + inner() + "".join(f" {rng.choice(ops)} {inner()}" for _ in range(rng.randint(1, 2))) + ")"
    if shape == 3:
        return "[" + ", ".join(inner() for _ in range(rng.randint(0, 3))) + "]"
    if shape == 4:
        return f"count({inner()}, {inner()})"
    return f"{rng.choice(['max', 'min', 'len', 'any', 'all'])}({inner()})"


def _synthetic_cases(rng: random.Random, n: int) -> list:
    return [
        {
            "env": {name: rng.choice(AWKWARD) for name in "abcd"},
            "points": {name: rng.choice([None, 0, 1, 2, 3, -1]) for name in "ae"},
        }
        for _ in range(n)
    ]


def _run_node(questionnaires: list = (), trees: list = (), cases: list = ()) -> dict:
    payload = {"questionnaires": list(questionnaires), "synthetic": {"trees": list(trees), "cases": list(cases)}}
    completed = subprocess.run(
        [NODE, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def _agree(expressions: list, cases: list) -> None:
    results = _run_node(trees=[conditions.to_tree(e) for e in expressions], cases=cases)["synthetic"]
    assert len(results) == len(expressions)
    for expression, from_js in zip(expressions, results, strict=True):
        for case, value in zip(cases, from_js, strict=True):
            expected = expression.evaluate(case["env"], lambda q, case=case: case["points"][q])
            assert _typed(value) == _typed(expected), (expression.source, case)


def test_follow_ups_agree_with_the_engine():
    questionnaires, expected, seen = [], [], []
    for path in QUESTIONNAIRES:
        source = definition.load_file(path)
        questionnaire = source.questionnaire
        rng = random.Random(20240611)
        answer_sets = [_random_answers(rng, questionnaire) for _ in range(ANSWER_SETS)]
        # Some children every follow-up applies to, and some none does, so both sides of each condition are seen.
        for position in (0, -1):
            answer_sets.append({q.id: q.values()[position] for q in questionnaire.questions if q.kind == "single"})
        answer_sets.append({})
        questionnaires.append({"questions": _form_questions(source), "answer_sets": answer_sets})
        expected.append([engine.asked(questionnaire, answers) for answers in answer_sets])
        seen.append((questionnaire, answer_sets))
    results = _run_node(questionnaires=questionnaires)["questionnaires"]

    assert len(results) == len(QUESTIONNAIRES) >= 2
    for (questionnaire, answer_sets), from_js, from_python in zip(seen, results, expected, strict=True):
        asked_sets = set()
        for answers, js, env in zip(answer_sets, from_js, from_python, strict=True):
            points = engine._points(questionnaire, env)
            asked = [q.id for q in questionnaire.questions if q.ask_when is None or q.ask_when.evaluate(env, points)]
            assert js["asked"] == asked, answers
            assert _typed(js["env"]) == _typed(env), answers
            asked_sets.add(tuple(asked))
        # The random sets really exercised the follow-ups: each one both asked and skipped somewhere.
        for question in questionnaire.questions:
            if question.ask_when is not None:
                assert any(question.id in asked for asked in asked_sets), question.id
                assert any(question.id not in asked for asked in asked_sets), question.id


def test_every_construct_of_the_ask_when_grammar_agrees_with_the_engine():
    expressions = [conditions.compile_expression(source, KNOWN, ask_when=True) for source in SYNTHETIC]
    kinds, functions = set(), set()
    for expression in expressions:
        kinds |= _node_kinds(conditions.to_tree(expression), functions)
    assert kinds == {"const", "name", "points", "list", "and", "or", "not", "cmp", "call"}
    assert functions | {"points"} == set(conditions.ASK_WHEN_FUNCTIONS)
    _agree(expressions, _synthetic_cases(random.Random(7), 120))


def test_random_ask_when_conditions_agree_with_the_engine():
    rng = random.Random(20261201)
    expressions = []
    while len(expressions) < 300:
        try:
            expressions.append(conditions.compile_expression(_random_condition(rng), KNOWN, ask_when=True))
        except conditions.ConditionError:  # a type the checker refuses (such as len(1)): not a grammar question
            continue
    _agree(expressions, _synthetic_cases(random.Random(8), 40))


@pytest.mark.parametrize(("source", "what", "column"), OUTSIDE)
def test_outside_the_grammar_is_refused_has_no_tree_and_is_not_read_by_the_page(source, what, column):
    with pytest.raises(conditions.ConditionError) as refused:
        conditions.compile_expression(source, KNOWN, ask_when=True)
    assert refused.value.message.startswith(f"{what} is not allowed in an ask_when"), refused.value.message
    assert refused.value.column == column
    assert "an ask_when may use the ids of earlier questions" in refused.value.hint
    expression = conditions.compile_expression(source, KNOWN)  # a value, a rule or a band may use it
    with pytest.raises(ValueError, match="outside the ask_when grammar"):
        conditions.to_tree(expression)


TINY = """\
id: tiny
version: 1
title: Tiny
scales:
  yesno:
    - {value: 'no', label: 'No', points: 0}
    - {value: 'yes', label: 'Yes', points: 2}
questions:
  - id: first
    title: First?
    scale: yesno
  - id: second
    title: Second?
    scale: yesno
    ask_when: ASK_WHEN
bands:
  - {id: only, when: 'True'}
"""


@pytest.mark.parametrize(
    ("ask_when", "column", "what"),
    [
        ("points(first) * 2 >= 2", 29, "arithmetic (*)"),
        ("points(first) if first else 0", 15, "'x if test else y'"),
        ("sum([points(first)]) >= 1", 15, "sum()"),
    ],
)
def test_quiz_check_refuses_an_ask_when_outside_the_grammar_at_its_line(tmp_path, ask_when, column, what):
    path = tmp_path / "tiny.yml"
    path.write_text(TINY.replace("ASK_WHEN", ask_when), encoding="utf-8")
    with pytest.raises(definition.QuestionnaireFileError) as refused:
        definition.load_file(path)
    assert (refused.value.line, refused.value.column) == (15, column), str(refused.value)
    assert refused.value.message.startswith(f"{what} is not allowed in an ask_when")
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert f"{path}:15:{column}: {what} is not allowed in an ask_when" in done.stdout + done.stderr
    # The same condition is fine where the engine alone evaluates it (a band's `when`).
    band = f'  - {{id: some, when: "{ask_when}"}}\n  - {{id: only'
    path.write_text(TINY.replace("    ask_when: ASK_WHEN\n", "").replace("  - {id: only", band), encoding="utf-8")
    definition.load_file(path)


def test_the_trees_of_the_wider_language_are_refused_by_the_page():
    """The nodes conditions.js once read for the whole language now throw: the page has one grammar, ask_when's."""
    trees = [
        ["bin", "+", ["const", 1], ["const", 2]],
        ["neg", ["const", 1]],
        ["if", ["const", True], ["const", 1], ["const", 2]],
        ["call", "sum", ["list", ["const", 1]]],
    ]
    results = _run_node(trees=trees, cases=[{"env": {}, "points": {}}])["synthetic"]
    assert [row[0] for row in results] == [
        {"error": 'unknown condition node "bin"'},
        {"error": 'unknown condition node "neg"'},
        {"error": 'unknown condition node "if"'},
        {"error": 'unknown function "sum"'},
    ]


def test_unanswered_areas_take_the_default_from_the_form():
    """Without data-default the page would treat an unanswered area as missing, not as "not sure"."""
    questions = _form_questions(flagship())
    defaults = {q["data"]["question"]: q["data"].get("default") for q in questions}
    for question in flagship().questionnaire.questions:
        assert defaults[question.id] == question.default


def _node_kinds(node, functions: set) -> set:
    """The kinds of node in a tree (and, into `functions`, the functions it calls)."""
    kind, rest = node[0], node[1:]
    kinds = {kind}
    if kind == "call":
        functions.add(rest[0])
        rest = rest[1:]
    elif kind == "cmp":
        rest = [rest[0]] + [tree for _, tree in rest[1:]]
    elif kind in ("const", "name", "points"):
        rest = []
    for part in rest:
        kinds |= _node_kinds(part, functions)
    return kinds
