"""Parity: the engine inside real Pyodide (node) gives exactly what CPython's quiz.core.engine gives.

For every questionnaire in docs/questionnaires/, its example answer sets and a few hundred generated ones
(seeded, so a failure reproduces) go through both: loaded once, each answers file parsed and scored, results
and rejection messages compared as JSON. Pyodide loads from the runtime build.py ships, with no network.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from quiz.core import engine

ROOT = Path(__file__).resolve().parent.parent
DEFINITIONS = sorted((ROOT / "docs" / "questionnaires").glob("*.yml"))
GENERATED = 300  # answer sets per questionnaire
SEED = 20250611


def definition_json(path: Path) -> str:
    """The definition as the browser gets it. The engine treats texts as opaque, so plain YAML data will do."""
    return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")))


def answers_file(questionnaire: engine.Questionnaire, answers: object, **fields) -> str:
    return json.dumps({"questionnaire": questionnaire.id, "version": questionnaire.version, "answers": answers,
                       **fields})


def generated_files(questionnaire: engine.Questionnaire, count: int, seed: int) -> list[str]:
    """Answers files covering light to heavy needs, skipped questions, and about one in eight invalid."""
    rng = random.Random(seed)
    files = []
    for _ in range(count):
        answers: dict = {}
        heavy = rng.random()  # per set, so some sets lean to the first (light) values and some use them all
        for question in questionnaire.questions:
            if rng.random() < 0.15:
                continue  # not answered: defaults and "not asked" paths
            values = question.values()
            pool = values if heavy > 0.5 else values[: max(1, round(len(values) * heavy * 2))]
            if question.kind == "multiple":
                answers[question.id] = rng.sample(values, rng.randint(0, len(values)))
            else:
                answers[question.id] = rng.choice(pool)
        files.append(_maybe_broken(questionnaire, answers, rng))
    return files


def _maybe_broken(questionnaire: engine.Questionnaire, answers: dict, rng: random.Random) -> str:
    """Most files as saved; some broken in one of the ways contract 2 says must be rejected with a message."""
    fault = rng.randrange(40)
    some = next(iter(answers), None) or questionnaire.questions[0].id
    if fault == 0:
        answers["no_such_question"] = "often"
    elif fault == 1:
        answers[some] = "not_a_value"
    elif fault == 2:
        answers[some] = 3
    elif fault == 3:
        return answers_file(questionnaire, answers, version=questionnaire.version + 1)
    elif fault == 4:
        return answers_file(questionnaire, answers)[:-2]  # cut short: malformed JSON
    return answers_file(questionnaire, answers)


def broken_definitions(definition: dict) -> list[str]:
    """The definition broken in ways the engine must reject with the same message in both Pythons.

    (Not syntax errors in conditions: `ast` words those differently from one Python version to the next, and
    the build checks definitions in CPython, so a parent's browser never meets one.)
    """
    broken = []
    for change in (
        lambda d: d.update(version=0),
        lambda d: d["bands"][-1].update(when="band_that_does_not_exist"),
        lambda d: d["bands"].append({"id": "afterwards", "when": "False"}),
        lambda d: d["questions"][0].update(scale="no_such_scale"),
        lambda d: d["questions"].append(dict(d["questions"][0])),
    ):
        copy = json.loads(json.dumps(definition))
        change(copy)
        broken.append(json.dumps(copy))
    return broken


def score_all_cpython(definition: str, files: list[str]) -> list[dict]:
    """What tests/pyodide_parity.mjs does inside Pyodide, here in CPython."""
    try:
        questionnaire = engine.load(json.loads(definition))
    except engine.DefinitionError as error:
        return [{"definition_error": str(error)}]
    out = []
    for text in files:
        try:
            out.append({"result": engine.score(questionnaire, engine.parse_answers_file(text, questionnaire))})
        except engine.AnswersError as error:
            out.append({"error": str(error)})
    return json.loads(json.dumps(out))  # the same JSON round trip the Pyodide side makes


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    """Per questionnaire: its definition JSON, and the answers files of its examples then the generated ones."""
    out = []
    for path in DEFINITIONS:
        definition = definition_json(path)
        questionnaire = engine.load(json.loads(definition))
        examples = [answers_file(questionnaire, example["answers"])
                    for example in yaml.safe_load(path.read_text(encoding="utf-8")).get("examples") or []]
        out.append({"name": path.stem, "definition": definition, "examples": len(examples),
                    "answers_files": examples + generated_files(questionnaire, GENERATED, SEED)})
    return out


@pytest.fixture(scope="module")
def broken(cases) -> list[str]:
    return [text for case in cases for text in broken_definitions(json.loads(case["definition"]))]


@pytest.fixture(scope="module")
def pyodide_run(cases, broken, runtime_dir) -> dict:
    """One node process scores every case, then tries every broken definition: Pyodide boots once."""
    node = shutil.which("node")
    assert node, "node is not installed (node 20 runs Pyodide for this test)"
    (engine_zip,) = runtime_dir.glob("engine-*.zip")
    jobs = [{"definition": c["definition"], "answers_files": c["answers_files"]} for c in cases]
    jobs += [{"definition": text, "answers_files": []} for text in broken]
    run = subprocess.run([node, str(ROOT / "tests" / "pyodide_parity.mjs"), str(runtime_dir / "pyodide"),
                          str(engine_zip)], input=json.dumps(jobs), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"node failed:\n{run.stderr[-3000:]}"
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def pyodide_results(pyodide_run, cases) -> list[list[dict]]:
    return pyodide_run["results"][: len(cases)]


def test_there_are_questionnaires_with_examples(cases):
    assert cases, "no docs/questionnaires/*.yml found"
    assert all(case["examples"] >= 1 for case in cases), "every questionnaire should have example answer sets"


def test_generated_answer_sets_reach_many_outcomes(cases):
    """Guards the generator: parity over answer sets that all score alike would prove little."""
    for case in cases:
        results = score_all_cpython(case["definition"], case["answers_files"])
        bands = {r["result"]["band"] for r in results if "result" in r}
        errors = {r["error"].split('"')[0] for r in results if "error" in r}
        assert len(bands) >= 3, f"{case['name']}: generated answers reach only {bands}"
        assert len(errors) >= 3, f"{case['name']}: generated answers hit only these rejections: {errors}"


@pytest.mark.parametrize("index", range(len(DEFINITIONS)), ids=[p.stem for p in DEFINITIONS])
def test_pyodide_scores_like_cpython(cases, pyodide_results, index):
    case = cases[index]
    expected = score_all_cpython(case["definition"], case["answers_files"])
    got = pyodide_results[index]
    assert len(got) == len(expected) == len(case["answers_files"])
    for number, (text, cpython, pyodide) in enumerate(zip(case["answers_files"], expected, got)):
        kind = "example" if number < case["examples"] else "generated"
        assert pyodide == cpython, f"{case['name']}, {kind} answer set {number}: {text}"


def test_broken_definitions_are_rejected_alike(broken, pyodide_run, cases):
    got = pyodide_run["results"][len(cases):]
    expected = [score_all_cpython(text, []) for text in broken]
    assert all(len(e) == 1 and "definition_error" in e[0] for e in expected), expected
    assert got == expected


def test_an_uncaught_python_error_reaches_javascript_with_its_message(pyodide_run):
    """The worker reports the last line of a PythonError; formatting the traceback needs the trimmed stdlib."""
    assert pyodide_run["uncaught"] == "ValueError: probe"
