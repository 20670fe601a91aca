"""The command line (contract 4), run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quiz.core import engine
from tests.helpers import FLAGSHIP, ROOT, answers_file, flagship


def run(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *map(str, args)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_score_prints_the_result_json(tmp_path):
    answers = {"academics": "often", "safety": "sometimes", "safety_where": "in_room", "when": ["lessons"]}
    path = tmp_path / "answers.json"
    path.write_text(answers_file(answers))
    done = run("score", FLAGSHIP, path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == engine.score(flagship().questionnaire, answers)


def test_score_reads_standard_input():
    done = run("score", FLAGSHIP, "-", stdin=answers_file({"safety": "always", "safety_where": "exits_or_street"}))
    assert done.returncode == 0
    assert json.loads(done.stdout)["band"] == "one_to_one"


@pytest.mark.parametrize(
    "text, words",
    [
        (
            '{"questionnaire": "paraprofessional-support", "version": 1, "answers": {"academics": "lots"}}',
            '"academics" has the value "lots"',
        ),
        ("{broken", "not valid JSON"),
        ('{"questionnaire": "other", "version": 1, "answers": {}}', 'for "other"'),
        ('{"questionnaire": "paraprofessional-support", "version": 9, "answers": {}}', "version 9, newer"),
    ],
)
def test_score_refuses_bad_answers_with_one_line_and_exit_2(tmp_path, text, words):
    path = tmp_path / "answers.json"
    path.write_text(text)
    done = run("score", FLAGSHIP, path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and words in done.stderr


def test_score_refuses_a_missing_file():
    done = run("score", FLAGSHIP, "no-such-file.json")
    assert done.returncode == 2 and "no-such-file.json" in done.stderr


def test_score_refuses_a_broken_definition_naming_its_line(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(FLAGSHIP.read_text().replace("ask_when: safety != 'never'", "ask_when: saftey != 'never'"))
    done = run("score", broken, "-", stdin=answers_file({}))
    assert done.returncode == 2
    line = next(n for n, text in enumerate(broken.read_text().splitlines(), 1) if "saftey" in text)
    assert f"{broken}:{line}:" in done.stderr and "did you mean 'safety'" in done.stderr


def test_score_accepts_the_built_json_definition(tmp_path):
    from quiz.authoring import definition

    built = tmp_path / "paraprofessional-support.json"
    built.write_text(definition.browser_json(flagship()))
    done = run("score", built, "-", stdin=answers_file({"personal_care": "always"}))
    assert done.returncode == 0, done.stderr
    expected = engine.score(flagship().questionnaire, {"personal_care": "always"})
    assert json.loads(done.stdout)["band"] == expected["band"]


def test_check_passes_on_the_project_questionnaires():
    done = run("check")
    assert done.returncode == 0, done.stdout
    assert "paraprofessional-support.yml: ok" in done.stdout


def test_check_fails_when_an_example_result_changes(tmp_path):
    changed = tmp_path / "changed.yml"
    text = FLAGSHIP.read_text()
    # Lower the street-elopement finding's reach: the examples that rely on it must now fail, with the reason.
    weakened = text.replace("(street and safety in ['often', 'always'])", "(street and safety == 'always')")
    assert weakened != text
    changed.write_text(weakened)
    done = run("check", "--quick", changed)
    assert done.returncode == 1
    assert "example 'Runs toward the street even with a plan in place': expected band 'one_to_one'" in done.stdout
    assert "findings that held:" in done.stdout
