"""The Python code's gates, run by `make test`: ruff's lint, ruff's formatter and mypy over quiz/.

The tools are the versions pinned in requirements.txt, run from this virtual environment with the settings in
pyproject.toml ([tool.ruff], [tool.ruff.lint], [tool.ruff.format], [tool.mypy]); each test fails with the tool's
own output. The last tests prove the gates can fail: a file with an unused import, one ruff would reformat, and
one with a type error or an attribute read on `object` are each refused under the same settings.

The format gate (`-m format_gate`) passes once `ruff format quiz tests build.py benchmarks` has been run over the
tree; until then it names the files it would change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pyproject.toml"
LINTED = ("quiz", "tests", "build.py", "benchmarks")  # what ruff reads; mypy reads quiz/ (pyproject: files)


def _run(tool: str, *arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m tool arguments`, with this interpreter (so the venv's pinned tool and stubs)."""
    return subprocess.run(
        [sys.executable, "-m", tool, *arguments], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def _passes(tool: str, *arguments: str) -> None:
    done = _run(tool, *arguments)
    assert done.returncode == 0, f"{tool} {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"


def test_ruff_lint():
    """[tool.ruff.lint]: pyflakes, pycodestyle (120 columns), import order, bugbear, pyupgrade."""
    _passes("ruff", "check", "--no-fix", *LINTED)


@pytest.mark.format_gate
def test_ruff_format_gate():
    """The format gate: [tool.ruff.format] (double quotes, 120 columns) leaves every file as it is."""
    _passes("ruff", "format", "--check", *LINTED)


def test_mypy():
    """[tool.mypy] over quiz/: every module typed, no attribute read on `object`, no unchecked None."""
    _passes("mypy")


def test_the_pinned_versions_run():
    """The gates run the versions requirements.txt pins, so a finding means the same on every machine."""
    pins = dict(re.findall(r"^(ruff|mypy)==(\S+)", (ROOT / "requirements.txt").read_text(), flags=re.MULTILINE))
    assert set(pins) == {"ruff", "mypy"}, pins
    for tool, pinned in pins.items():
        done = _run(tool, "--version")
        assert done.returncode == 0, done.stderr
        assert re.search(rf"\b{re.escape(pinned)}\b", done.stdout), f"{tool}: {done.stdout.strip()}, pinned {pinned}"


# ── the gates can fail ──────────────────────────────────────────────────────────────────────────────


def test_ruff_refuses_an_unused_import(tmp_path: Path):
    bad = tmp_path / "unused.py"
    bad.write_text('import os\n\nVALUE = "x"\n', encoding="utf-8")
    done = _run("ruff", "check", "--no-fix", "--no-cache", "--config", str(CONFIG), str(bad), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "F401" in done.stdout and "unused.py:1:8" in done.stdout, done.stdout


def test_ruff_format_refuses_an_unformatted_file(tmp_path: Path):
    bad = tmp_path / "unformatted.py"
    bad.write_text("VALUE = {  'a':1 }\n", encoding="utf-8")
    done = _run("ruff", "format", "--check", "--no-cache", "--config", str(CONFIG), str(bad), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "unformatted.py" in done.stdout, done.stdout


def test_mypy_refuses_a_type_error_and_an_attribute_of_object(tmp_path: Path):
    bad = tmp_path / "typed.py"
    bad.write_text(
        "from __future__ import annotations\n"
        "\n"
        "COUNT: int = 'three'\n"
        "\n"
        "\n"
        "def question_id(question: object) -> str:\n"
        "    return question.id\n",
        encoding="utf-8",
    )
    done = _run("mypy", "--config-file", str(CONFIG), "--cache-dir", str(tmp_path / "cache"), str(bad), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "typed.py:3: error: Incompatible types in assignment" in done.stdout, done.stdout
    assert 'typed.py:7: error: "object" has no attribute "id"' in done.stdout, done.stdout
