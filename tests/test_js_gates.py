"""The browser code's gates, run by `make test`: ESLint, TypeScript's checker over the JSDoc, node's unit tests,
and no questionnaire's own values in the generic modules.

The tools are the exact versions pinned in package.json (node_modules/.bin, installed by `npm ci`); each test
fails with the tool's own output. The last test keeps quiz/web/ generic: a question id, an answer value or a
band written into a module (such as "not_sure") would make a second questionnaire behave like the first. Such
values come from the definition or the form's data attributes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from quiz.authoring import definition

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"
WEB = ROOT / "quiz" / "web"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _run(*command: str) -> None:
    tool = BIN / command[0]
    if not tool.exists():
        pytest.fail(f"{tool.relative_to(ROOT)} is missing: run `npm ci` (make setup)")
    done = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"


def test_eslint():
    """eslint.config.js: recommended rules, and no name that is not declared or a global where the file runs."""
    _run("eslint", "--max-warnings", "0")


def test_typescript_checks_the_jsdoc():
    """jsconfig.json: strict, over the page's modules (every quiz/web/*.js but the two workers)."""
    _run("tsc", "-p", "jsconfig.json")


def test_typescript_checks_the_two_workers():
    """jsconfig.workers.json: the same, with a worker's globals, over worker.js and the service worker (the names
    offline.py fills in stay a template)."""
    _run("tsc", "-p", "jsconfig.workers.json")


def test_node_unit_tests():
    """tests/js/*.test.js: conditions, letter filling, storage, strings, the search worker: in node, without a page."""
    assert NODE is not None
    tests = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests" / "js").glob("*.test.js"))
    assert len(tests) >= 4, tests
    done = subprocess.run([NODE, "--test", *tests], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"node --test failed:\n{done.stdout}\n{done.stderr}"
    assert re.search(r"^# fail 0$", done.stdout, flags=re.MULTILINE), done.stdout


# ── quiz/web/ is generic ────────────────────────────────────────────────────────────────────────────

_LITERAL = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$\n]*)`""")
_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", flags=re.DOTALL)


def _questionnaire_values() -> dict:
    """Every id and value a questionnaire defines (questions, answers, scales, values, rules, bands, notes)."""
    found: dict = {}
    for path in sorted((ROOT / "docs" / "questionnaires").glob("*.yml")):
        source = definition.load_file(path)
        questionnaire = source.questionnaire
        names = {questionnaire.id}
        for question in questionnaire.questions:
            names.add(question.id)
            names.update(question.values())
        names.update(name for name, _ in questionnaire.values)
        names.update(item.id for item in [*questionnaire.rules, *questionnaire.bands, *questionnaire.notes])
        names.update((source.data.get("scales") or {}).keys())
        for name in names:
            found.setdefault(name, path.name)
    return found


def _literals(source: str):
    """(line number, text) of each string literal outside comments (a URL's // ends what is read of its line)."""
    code = _COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), source)
    for number, line in enumerate(code.splitlines(), start=1):
        for match in _LITERAL.finditer(line):
            yield number, next(group for group in match.groups() if group is not None)


def test_no_questionnaire_value_in_the_generic_modules():
    values = _questionnaire_values()
    assert "not_sure" in values and "academics" in values, "the flagship's ids and values are read"
    found = [
        f"quiz/web/{script.name}:{number}: {text!r} is {values[text]}'s"
        for script in sorted(WEB.glob("*.js"))
        for number, text in _literals(script.read_text(encoding="utf-8"))
        if text in values
    ]
    assert not found, "read these from the definition or the form's data attributes:\n" + "\n".join(found)


def test_the_generic_check_finds_a_value_written_into_a_module():
    """The test above can fail: a literal like the one the error message once used is caught, a comment is not."""
    sample = 'const a = input.value === "not_sure"; // "academics" in a comment\n/* "never" */ const b = `often`;'
    assert [text for _, text in _literals(sample)] == ["not_sure", "often"]


# ── quiz/web/ reads the normalised definition ───────────────────────────────────────────────────────

_SCALE = re.compile(r"\bscales?\b")
_DERIVED_LABEL = re.compile(r"\b(?:plain|toText|textOf)\(\s*[\w.]*\b(?:label|title)\)")


def _code(source: str) -> str:
    """A module's code without its comments (line numbers kept)."""
    return _COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), source)


def _normalisation_redone(source: str) -> list:
    """(line, text) of each place a module resolves a scale or turns a label or title into plain text itself."""
    return [
        (number, line.strip())
        for number, line in enumerate(_code(source).splitlines(), start=1)
        if _SCALE.search(line) or _DERIVED_LABEL.search(line)
    ]


def test_no_module_resolves_scales_or_derives_plain_labels():
    """The build writes the definition normalised (quiz/core/schema.py, normalise): each question's own options and
    every label and title also in plain text (label_text, title_text). The page reads them; it works none out."""
    found = [
        f"quiz/web/{script.name}:{number}: {line}"
        for script in sorted(WEB.glob("*.js"))
        for number, line in _normalisation_redone(script.read_text(encoding="utf-8"))
    ]
    assert not found, "read options, label_text and title_text from the definition instead:\n" + "\n".join(found)


def test_the_normalisation_check_finds_what_it_looks_for():
    sample = (
        "const options = q.options || (definition.scales || {})[q.scale] || [];\n"
        "labels.set(option.value, toText(option.label));\n"
        "const name = q.area || plain(q.title); // a scale in a comment is fine\n"
        "const text = option.label_text;\n"
    )
    assert [number for number, _ in _normalisation_redone(sample)] == [1, 2, 3]
