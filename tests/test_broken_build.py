"""A broken questionnaire file fails the build, and the build's output names the file, the line and the fix.

test_definition.py checks each of ~30 problems against the loader. This checks the editors' real path: a copy
of this project (build.py, mkdocs.yml, docs/, overrides/) in a tmp folder, the flagship's YAML broken in one
place, then `python build.py --site-dir …` exactly as `make build` runs it. It must exit non-zero and say
where the problem is; nothing may be published from a broken file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = "docs/questionnaires/paraprofessional-support.yml"

# (what is broken, replace this (first occurrence), with this, words the output must hold as the hint).
# The line named is the changed one; for YAML syntax, the parser names the line where it noticed (the next).
CASES = [
    ("yaml syntax", "    scale: help\n", "    scale: [help\n", "not valid YAML", 1),
    ("misspelt field", "    scale: help\n", "    scael: help\n", "did you mean 'scale'", 0),
    ("unknown scale", "    scale: help\n", "    scale: helps\n", "no scale called 'helps'", 0),
    (
        "unquoted answer value",
        "ask_when: safety != 'never'",
        "ask_when: safety != never",
        "answer values need quotes",
        0,
    ),
    (
        "follow-up names a missing question",
        "ask_when: safety != 'never'",
        "ask_when: saftey != 'never'",
        "did you mean 'safety'",
        0,
    ),
    # The letter kit (issue 11): a letters entry is checked like the rest.
    (
        "misspelt letter field",
        "    title: Ask for a behavior assessment (FBA)\n",
        "    tittle: Ask for a behavior assessment (FBA)\n",
        "did you mean 'title'",
        0,
    ),
    (
        "unknown letter placeholder",
        "    body: |\n      {date}\n\n      Dear IEP team,\n\n      I am asking the school to do",
        "    body: |\n      {date}\n\n      Dear {teacher},\n\n      I am asking the school to do",
        "unknown placeholder {teacher}",
        0,
    ),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """This project's build inputs in a tmp folder; Python package, node_modules and the stdlib cache shared."""
    folder = tmp_path_factory.mktemp("project")
    for name in ("build.py", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("quiz", "node_modules"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    if (ROOT / "build" / "cache").is_dir():  # the compiled stdlib: saves a Pyodide boot in node
        shutil.copytree(ROOT / "build" / "cache", folder / "build" / "cache")
    return folder


def build(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project))
    return subprocess.run(
        [sys.executable, str(project / "build.py"), "--site-dir", str(project / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.mark.parametrize("what, old, new, hint, later", CASES, ids=[c[0] for c in CASES])
def test_a_broken_questionnaire_file_fails_the_build_naming_file_line_and_hint(project, what, old, new, hint, later):
    source = project / FLAGSHIP
    good = (ROOT / FLAGSHIP).read_text(encoding="utf-8")
    assert old in good, what
    source.write_text(good.replace(old, new, 1), encoding="utf-8")
    line = good[: good.index(old)].count("\n") + 1 + later
    shutil.rmtree(project / "site", ignore_errors=True)
    try:
        done = build(project)
    finally:
        source.write_text(good, encoding="utf-8")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output[-2000:]
    assert f"paraprofessional-support.yml:{line}:" in output, output[-2000:]
    assert hint in output, output[-2000:]
    assert not (project / "site" / "questionnaires" / "paraprofessional-support" / "index.html").exists()


def test_the_same_copy_builds_when_nothing_is_broken(project):
    (project / FLAGSHIP).write_text((ROOT / FLAGSHIP).read_text(encoding="utf-8"), encoding="utf-8")
    done = build(project)
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:]
    assert (project / "site" / "questionnaires" / "paraprofessional-support" / "index.html").is_file()
