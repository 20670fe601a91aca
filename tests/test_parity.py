"""Parity: the very worker the site ships (quiz/web/worker.js, real Pyodide in Chromium) gives exactly what
CPython's session API (quiz/core/session.py) gives.

For every questionnaire in docs/questionnaires/, its example answer sets and a few hundred generated ones
(seeded, so a failure reproduces) go through both: the definition loaded once, each answers file parsed as
"Load saved answers" does, and each accepted one scored as the page does; results and rejection messages
compared as JSON. Broken definitions must fail to start the worker with the engine's own message. Pyodide
loads from the runtime build.py ships, served under /para-guide/ with gzip, with no other origin.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
import yaml

from quiz.core import engine, session
from tests.helpers import install_worker
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.test_worker import BOOT_TIMEOUT_MS, PAGE

ROOT = Path(__file__).resolve().parent.parent
DEFINITIONS = sorted((ROOT / "docs" / "questionnaires").glob("*.yml"))
GENERATED = 300  # answer sets per questionnaire
SEED = 20250611


def definition_json(path: Path) -> str:
    """The definition as the browser gets it. The engine treats texts as opaque, so plain YAML data will do."""
    return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")))


def answers_file(questionnaire: engine.Questionnaire, answers: object, **fields) -> str:
    return json.dumps(
        {"questionnaire": questionnaire.id, "version": questionnaire.version, "answers": answers, **fields}
    )


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


def cpython(definition: str, files: list[str]) -> list[dict]:
    """What the page gets from the worker for each answers file: parsed answers then the result, or the error."""
    opened = session.Session.from_json(definition)
    out = []
    for text in files:
        try:
            answers = opened.parse(text)
        except engine.AnswersError as error:
            out.append({"error": str(error)})
            continue
        out.append({"answers": answers, "result": opened.score(answers)})
    return json.loads(json.dumps(out))  # the same JSON round trip the worker makes


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    """Per questionnaire: its definition JSON, and the answers files of its examples then the generated ones."""
    out = []
    for path in DEFINITIONS:
        definition = definition_json(path)
        questionnaire = engine.load(json.loads(definition))
        examples = [
            answers_file(questionnaire, example["answers"])
            for example in yaml.safe_load(path.read_text(encoding="utf-8")).get("examples") or []
        ]
        out.append(
            {
                "name": path.stem,
                "definition": definition,
                "examples": len(examples),
                "answers_files": examples + generated_files(questionnaire, GENERATED, SEED),
            }
        )
    return out


@pytest.fixture(scope="module")
def broken(cases) -> list[str]:
    return [text for case in cases for text in broken_definitions(json.loads(case["definition"]))]


# Runs in the test page: boots the site's worker on one definition, then for each answers file asks "parse"
# and, when the file is accepted, "score" with the parsed answers, as the page's "Load saved answers" does.
RUN = """async ([workerUrl, init, files]) => {
  const handle = startWorker(workerUrl, [init]);
  const started = await new Promise((resolve) => {
    const check = () => {
      const done = handle.received.find((m) => ["ready", "failed", "worker error"].includes(m.type));
      if (done) resolve(done); else setTimeout(check, 50);
    };
    check();
  });
  if (started.type !== "ready") { handle.worker.terminate(); return {started}; }
  const out = [];
  let id = 0;
  for (const text of files) {
    const parsed = await call(handle, {type: "parse", id: ++id, text});
    if (parsed.type !== "parsed") { out.push({error: parsed.error}); continue; }
    const scored = await call(handle, {type: "score", id: ++id, answers: parsed.answers});
    out.push(scored.type === "result" ? {answers: parsed.answers, result: scored.result} : {score_error: scored.error});
  }
  handle.worker.terminate();
  return {started, out};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, runtime_dir, cases, broken):
    site = tmp_path_factory.mktemp("parity-site")
    shutil.copytree(runtime_dir, site / "assets" / "quiz" / "runtime")
    install_worker(site / "assets" / "quiz")
    (site / "questionnaires").mkdir()
    for index, text in enumerate([c["definition"] for c in cases] + broken):
        (site / "questionnaires" / f"definition-{index}.json").write_text(text, encoding="utf-8")
    (site / "worker-test").mkdir()
    (site / "worker-test" / "index.html").write_text(PAGE, encoding="utf-8")
    with StaticServer(site, prefix="/para-guide/") as running:
        yield running


@pytest.fixture(scope="module")
def worker_run(chromium, server, cases, broken) -> list[dict]:
    """Every definition through the site's worker in Chromium, one worker each; no request to another origin."""
    context = chromium.new_context()
    guard = OriginGuard(context, server.origin)
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS * 4)
    page.goto(server.url + "worker-test/")
    manifest = json.loads((server.root / "assets" / "quiz" / "runtime" / "manifest.json").read_text())
    runs = []
    for index, files in enumerate([c["answers_files"] for c in cases] + [[] for _ in broken]):
        init = {
            "type": "init",
            "runtime": server.url + "assets/quiz/runtime/",
            "engine": manifest["engine"],
            "definition": server.url + f"questionnaires/definition-{index}.json",
        }
        runs.append(page.evaluate(RUN, [server.url + "assets/quiz/worker.js", init, files]))
    guard.assert_none_foreign()
    context.close()
    return runs


def test_there_are_questionnaires_with_examples(cases):
    assert cases, "no docs/questionnaires/*.yml found"
    assert all(case["examples"] >= 1 for case in cases), "every questionnaire should have example answer sets"


def test_generated_answer_sets_reach_many_outcomes(cases):
    """Guards the generator: parity over answer sets that all score alike would prove little."""
    for case in cases:
        results = cpython(case["definition"], case["answers_files"])
        bands = {r["result"]["band"] for r in results if "result" in r}
        errors = {r["error"].split('"')[0] for r in results if "error" in r}
        assert len(bands) >= 3, f"{case['name']}: generated answers reach only {bands}"
        assert len(errors) >= 3, f"{case['name']}: generated answers hit only these rejections: {errors}"


@pytest.mark.parametrize("index", range(len(DEFINITIONS)), ids=[p.stem for p in DEFINITIONS])
def test_the_sites_worker_scores_like_cpython(cases, worker_run, index):
    case = cases[index]
    run = worker_run[index]
    assert run["started"]["type"] == "ready", run["started"]
    expected = cpython(case["definition"], case["answers_files"])
    assert len(run["out"]) == len(expected) == len(case["answers_files"])
    for number, (text, ours, theirs) in enumerate(zip(case["answers_files"], expected, run["out"], strict=True)):
        kind = "example" if number < case["examples"] else "generated"
        assert theirs == ours, f"{case['name']}, {kind} answer set {number}: {text}"


def test_broken_definitions_stop_the_worker_with_the_engines_message(broken, worker_run, cases):
    for text, run in zip(broken, worker_run[len(cases) :], strict=True):
        with pytest.raises(engine.DefinitionError) as raised:
            session.Session.from_json(text)
        assert run["started"]["type"] == "failed", run
        assert run["started"]["error"].endswith(str(raised.value)), (run["started"]["error"], str(raised.value))
