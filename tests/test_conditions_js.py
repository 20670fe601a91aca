"""The page's conditions.js against the engine: same follow-ups asked, same values, for random answers.

The page decides which follow-up questions to show before Pyodide has loaded, from the condition trees the
build writes into the form (quiz/site/form.py, conditions.to_tree). If conditions.js read a tree differently from
the engine, a parent would be asked a question the engine then ignores, or never asked one it needs. So:
random answer sets, the engine's asked() in CPython, conditions.js in node, and they must agree. The flagship's
values, rules, bands, notes and focus go through conditions.js too (the page never scores, but they use far
more of the condition language than the follow-ups do), and a set of hand-written expressions covers the rest
of it with awkward values: missing answers, booleans next to numbers, strings, lists.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quiz.core import conditions, engine
from quiz.site import form
from tests.helpers import flagship

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "conditions_js.mjs"
ANSWER_SETS = 400
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


def _python_side(questionnaire, answers: dict) -> dict:
    """What the engine decides (engine.decide, then score()'s notes and focus), in the node script's shape."""
    env, fired = engine.decide(questionnaire, answers)
    points = engine._points(questionnaire, env)
    asked = [q.id for q in questionnaire.questions if q.ask_when is None or q.ask_when.evaluate(env, points)]
    rules = [rule.id for rule in fired]
    band = env["band"]
    notes = [note.id for note in questionnaire.notes if note.when.evaluate(env, points)]
    focus = questionnaire.focus.evaluate(env, points) if questionnaire.focus is not None else []
    return {"asked": asked, "env": env, "rules": rules, "band": band, "notes": notes, "focus": focus}


# Hand-written expressions over a (scored question), e (scored question), b, c and d: every node kind.
SYNTHETIC = [
    "a == b", "a != 'x'", "a < b", "a <= 1 < b", "a > b >= 0", "a in b", "a not in b", "'x' in c",
    "a in [1, 'x', None]", "None in b", "a and b", "a or b or c", "not a", "-a", "a + b", "a - b", "a * b",
    "c * 2", "a if b else c", "max([a, b, c])", "min([a, b, 1.5])", "max(a)", "sum([a, b, c])", "sum(b)",
    "len(a)", "len(c)", "any([a, b])", "any(c)", "all([a, c])", "all(b)", "count([a, b, c], 'x')",
    "count(b, True)", "count([a, b, d], 1)", "count(c, None)", "points(a) >= 2", "points(a) in [1, 2]",
    "max([points(a), points(e)])", "points(a) + 1", "[a, b] == [b, a]", "[a] < [b]", "(a or b) and not c",
    "max([1 if a == 'x' else 0, 2 if b in ['y', 'x'] else 0, points(e)])", "a == True", "d - 1 > a",
    "len(b) >= 1 and len(b) <= 2 and not ('x' in b or 'all' in b)", "a < 'y'", "b + c", "-(a)", "not not d",
]
AWKWARD = [None, True, False, 0, 1, 2, -1, 1.5, "", "x", "y", "often", [], ["x"], ["x", "y"], [1, 2], [True],
           [None], ["all"]]


def _synthetic_cases(rng: random.Random, n: int) -> list:
    return [
        {"env": {name: rng.choice(AWKWARD) for name in "abcd"},
         "points": {name: rng.choice([None, 0, 1, 2, 3]) for name in "ae"}}
        for _ in range(n)
    ]


def _run_node(payload: dict) -> dict:
    completed = subprocess.run([NODE, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True,
                               timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_follow_ups_values_and_bands_agree_with_the_engine():
    source = flagship()
    questionnaire = source.questionnaire
    rng = random.Random(20240611)
    answer_sets = [_random_answers(rng, questionnaire) for _ in range(ANSWER_SETS)]
    # Some children every follow-up applies to, and some none does, so both sides of each condition are seen.
    answer_sets += [{q.id: "always" for q in questionnaire.questions if "always" in q.values()},
                    {q.id: "never" for q in questionnaire.questions if "never" in q.values()}, {}]
    tree = conditions.to_tree
    program = {
        "values": [[name, tree(expression)] for name, expression in questionnaire.values],
        "rules": [[rule.id, tree(rule.when)] for rule in questionnaire.rules],
        "bands": [[band.id, tree(band.when)] for band in questionnaire.bands],
        "notes": [[note.id, tree(note.when)] for note in questionnaire.notes],
        "focus": tree(questionnaire.focus) if questionnaire.focus is not None else None,
    }
    payload = {"questions": _form_questions(source), "answer_sets": answer_sets, "program": program,
               "synthetic": {"trees": [], "cases": []}}
    results = _run_node(payload)["answer_sets"]

    assert len(results) == len(answer_sets)
    seen_asked = set()
    for answers, from_js in zip(answer_sets, results):
        expected = _python_side(questionnaire, answers)
        assert from_js["asked"] == expected["asked"], answers
        assert _typed(from_js["env"]) == _typed({k: v for k, v in expected["env"].items()}), answers
        for key in ("rules", "band", "notes"):
            assert from_js[key] == expected[key], (key, answers)
        assert _typed(from_js["focus"]) == _typed(expected["focus"]), answers
        seen_asked.add(tuple(expected["asked"]))
    # The random sets really exercised the follow-ups: each one both asked and skipped somewhere.
    for question in questionnaire.questions:
        if question.ask_when is not None:
            assert any(question.id in asked for asked in seen_asked), question.id
            assert any(question.id not in asked for asked in seen_asked), question.id


def test_every_kind_of_expression_agrees_with_the_engine():
    known = {"a": "scored question", "e": "scored question", "b": "question", "c": "value", "d": "value"}
    expressions = [conditions.compile_expression(source, known) for source in SYNTHETIC]
    kinds = set()
    for expression in expressions:
        kinds |= _node_kinds(conditions.to_tree(expression))
    assert kinds >= {"const", "name", "points", "list", "and", "or", "not", "neg", "bin", "cmp", "if", "call"}

    rng = random.Random(7)
    cases = _synthetic_cases(rng, 120)
    payload = {"questions": [], "answer_sets": [], "program": {"values": [], "rules": [], "bands": [], "notes": [],
                                                                 "focus": None},
               "synthetic": {"trees": [conditions.to_tree(e) for e in expressions], "cases": cases}}
    results = _run_node(payload)["synthetic"]
    for expression, from_js in zip(expressions, results):
        for case, value in zip(cases, from_js):
            expected = expression.evaluate(case["env"], lambda q: case["points"][q])
            assert _typed(value) == _typed(expected), (expression.source, case)


def test_unanswered_areas_take_the_default_from_the_form():
    """Without data-default the page would treat an unanswered area as missing, not as "not sure"."""
    questions = _form_questions(flagship())
    defaults = {q["data"]["question"]: q["data"].get("default") for q in questions}
    for question in flagship().questionnaire.questions:
        assert defaults[question.id] == question.default


def _node_kinds(node) -> set:
    kinds = {node[0]}
    for part in node[1:]:
        if isinstance(part, list) and part and isinstance(part[0], str):
            kinds |= _node_kinds(part)
        elif isinstance(part, list):
            for item in part:
                if isinstance(item, list) and item and isinstance(item[0], str):
                    kinds |= _node_kinds(item)
    return kinds
