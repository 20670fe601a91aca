"""`python -m quiz runtime SITE`: what it writes into a built site, and its one-line errors (exit 2)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from quiz.site import csp, runtime

ROOT = Path(__file__).resolve().parent.parent
PAGE = '<!doctype html><html><head><meta charset="utf-8"><script>var x = 1;</script></head><body></body></html>'


def project(tmp_path: Path) -> Path:
    """A project folder as after a build without the plugin: docs/ with a questionnaire, site/ with its copy."""
    (tmp_path / "docs" / "questionnaires").mkdir(parents=True)
    shutil.copy(ROOT / "docs/questionnaires/fading-readiness.yml", tmp_path / "docs/questionnaires")
    site = tmp_path / "site"
    (site / "questionnaires").mkdir(parents=True)
    shutil.copy(ROOT / "docs/questionnaires/fading-readiness.yml", site / "questionnaires")  # as a generator copies it
    (site / "page").mkdir()
    (site / "page" / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "assets/quiz/runtime").mkdir(parents=True)
    (site / "assets/quiz/runtime/engine-000000000000.zip").write_bytes(b"an older build's engine")
    return tmp_path


def quiz_runtime(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quiz", "runtime", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_it_writes_what_the_plugin_would(tmp_path, runtime_dir):
    folder = project(tmp_path)
    done = quiz_runtime(folder, "site", "--runtime-dir", str(runtime_dir), "--csp", "--offline")
    assert done.returncode == 0, done.stderr
    site = folder / "site"
    assert (site / "questionnaires/fading-readiness.json").is_file()
    assert not (site / "questionnaires/fading-readiness.yml").exists(), "the published YAML copy is removed"
    bundle = runtime_dir / runtime.BUNDLE
    assert (site / "assets/quiz/quiz.js").read_bytes() == (bundle / "quiz.js").read_bytes(), "the bundle's"
    assert (site / "assets/quiz/worker.js").read_bytes() == (ROOT / "quiz/web/worker.js").read_bytes()
    assert not (site / "assets/quiz/dom.js").exists(), "in the bundle, not on its own"
    assert not (site / "assets/quiz/service-worker.js").exists(), "a template, not a browser file"
    shipped = sorted(
        p.relative_to(site / "assets/quiz/runtime") for p in (site / "assets/quiz/runtime").rglob("*") if p.is_file()
    )
    assert shipped == [p.relative_to(runtime_dir) for p in runtime.runtime_files(runtime_dir)], (
        "the runtime as made (its bundle in assets/quiz/ instead), and no older engine beside it"
    )
    assert shipped and not [p for p in shipped if p.parts[0] == runtime.BUNDLE]
    html = (site / "page/index.html").read_text(encoding="utf-8")
    assert csp.source_hash("var x = 1;") in html and html.count(csp.META_START) == 1
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert '"page/"' in worker and "__BUILD__" not in worker


def test_running_it_twice_changes_nothing_more(tmp_path, runtime_dir):
    folder = project(tmp_path)
    for _ in range(2):
        assert quiz_runtime(folder, "site", "--runtime-dir", str(runtime_dir), "--csp").returncode == 0
    assert (folder / "site/page/index.html").read_text(encoding="utf-8").count(csp.META_START) == 1


def test_a_site_folder_that_is_not_there_is_one_line(tmp_path, runtime_dir):
    folder = project(tmp_path)
    done = quiz_runtime(folder, "nowhere", "--runtime-dir", str(runtime_dir))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "nowhere is not a folder: build the site first" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_no_questionnaire_files_is_one_line(tmp_path, runtime_dir):
    folder = project(tmp_path)
    done = quiz_runtime(folder, "site", "--definitions", "nothing/*.yml", "--runtime-dir", str(runtime_dir))
    assert done.returncode == 2 and "no questionnaire files match docs/nothing/*.yml" in done.stderr


def test_a_broken_questionnaire_names_its_line(tmp_path, runtime_dir):
    folder = project(tmp_path)
    broken = folder / "docs/questionnaires/fading-readiness.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("questions:", "questions: [", 1), encoding="utf-8")
    done = quiz_runtime(folder, "site", "--runtime-dir", str(runtime_dir))
    assert done.returncode == 2 and "fading-readiness.yml:" in done.stderr, done.stderr


def test_a_missing_runtime_says_how_to_make_one(tmp_path):
    folder = project(tmp_path)
    done = quiz_runtime(folder, "site", "--runtime-dir", "no-runtime")
    assert done.returncode == 2 and "run `python build.py runtime`" in done.stderr, done.stderr
