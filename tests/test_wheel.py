"""The wheel `python build.py wheel` makes, installed alone: no repository, no npm, no Node, no build/runtime.

pip installs the wheel (--no-deps: MkDocs and Material come from this venv, as a nonprofit's site has them)
into a folder of its own; every command below runs in a temporary project with only that folder added to
the path and a PATH without Node. Two outside sites are made there:
- one with the `quiz` plugin and no runtime_dir: the plugin falls back to the runtime the wheel carries;
- one with only the Markdown extension (`markdown_extensions: [quiz.site.embed]`, no plugin), as Zensical
  would build it, then `python -m quiz runtime SITE --csp --offline` writes the rest. Zensical itself cannot
  be installed here; this is the path it would take.
Both are served under a subpath with gzip and score in Chromium as CPython does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quiz.site import runtime, search
from tests.support.server import StaticServer
from tests.test_plugin_outside import PAGES, QUESTIONNAIRES, scores_like_cpython, site_build

ROOT = Path(__file__).resolve().parent.parent
WHEEL_LIMIT = 5_000_000  # measured 4.2 MB (Pyodide 0.29.5's boot files, the .pyc standard library, the engine)

PLUGIN_YML = """\
site_name: A site with the plugin from the wheel
theme:
  name: material
  font: false
plugins:
  - quiz
"""

EXTENSION_YML = """\
site_name: A site with only the Markdown extension
theme:
  name: material
  font: false
extra_javascript:
  - path: assets/quiz/offline.js
    type: module
markdown_extensions:
  - quiz.site.embed:
      base: /their-site/
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    import build

    build.build_runtime()  # build_wheel packs build/runtime/
    return build.build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("installed")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def environment(installed: Path) -> dict:
    """Only the installed wheel on the path, and no Node or npm on PATH."""
    env = dict(os.environ, PYTHONPATH=str(installed), NO_MKDOCS_2_WARNING="1", PATH=str(Path(sys.executable).parent))
    return env


def project(folder: Path, mkdocs_yml: str) -> Path:
    """An outside project: mkdocs.yml, an index, two pages with a marker, the two questionnaire files."""
    docs = folder / "docs"
    (docs / "questionnaires").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    (docs / "index.md").write_text(
        "# Ours\n\n[Support](para.md) and [stepping back](step-back.md).\n", encoding="utf-8"
    )
    for page, questionnaire in PAGES.items():
        (docs / "questionnaires" / f"{questionnaire}.yml").write_bytes(
            (QUESTIONNAIRES / f"{questionnaire}.yml").read_bytes()
        )
        (docs / f"{page}.md").write_text(
            f"# A questionnaire\n\nFirst.\n\n<!-- quiz: {questionnaire} -->\n", encoding="utf-8"
        )
    return folder / "mkdocs.yml"


def run(args: list, installed: Path, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=environment(installed), capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_carries_the_runtime_and_the_browser_files(wheel):
    size = wheel.stat().st_size
    print(f"\n{wheel.name}: {size / 1e6:.2f} MB")
    assert size < WHEEL_LIMIT, f"the wheel is {size / 1e6:.1f} MB"
    names = set(zipfile.ZipFile(wheel).namelist())
    runtime = ROOT / "build" / "runtime"
    assert {f"quiz/runtime/{p.relative_to(runtime).as_posix()}" for p in runtime.rglob("*") if p.is_file()} <= names
    assert {f"quiz/web/{p.name}" for p in (ROOT / "quiz" / "web").glob("*.*")} <= names
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "docs/", "build/"))]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    required = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert sorted(required) == ["Requires-Dist: Markdown>=3.6", "Requires-Dist: PyYAML>=6"], (
        "the Markdown extension needs no site generator"
    )
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[mkdocs.plugins]\nquiz = quiz.site.plugin:QuizPlugin" in entry_points
    assert "[properdocs.plugins]\nquiz = quiz.site.plugin:QuizPlugin" in entry_points


def test_the_installed_copy_is_what_runs(installed, tmp_path):
    done = run(
        [
            "-c",
            "import quiz.site.plugin, quiz.site.runtime as r; print(quiz.site.plugin.__file__); "
            "print(r.locate(None, __import__('pathlib').Path.cwd()))",
        ],
        installed,
        tmp_path,
    )
    plugin_file, runtime = done.stdout.split()
    assert Path(plugin_file).is_relative_to(installed)
    assert Path(runtime) == installed / "quiz" / "runtime", "no build/runtime here: the packaged one"


@pytest.fixture(scope="module")
def plugin_site(installed, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("with-plugin")
    config = project(folder / "project", PLUGIN_YML)
    site_build(config, folder / "site", pythonpath=str(installed))
    return folder / "site"


@pytest.fixture(scope="module")
def extension_site(installed, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extension-only")
    config = project(folder / "project", EXTENSION_YML)
    site_build(config, folder / "site", pythonpath=str(installed))
    assert not (folder / "site" / "assets" / "quiz").exists(), "no plugin ran"
    done = run(["-m", "quiz", "runtime", str(folder / "site"), "--csp", "--offline"], installed, config.parent)
    assert "2 questionnaire(s)" in done.stdout, done.stdout
    return folder / "site"


def test_the_plugin_site_uses_the_packaged_runtime(plugin_site, installed):
    packaged = installed / "quiz" / "runtime"
    manifest = json.loads((packaged / "manifest.json").read_text())
    for path in runtime.runtime_files(packaged):
        built = plugin_site / "assets/quiz/runtime" / path.relative_to(packaged)
        assert built.read_bytes() == path.read_bytes(), path.name
    bundle = packaged / runtime.BUNDLE
    assert (plugin_site / "assets/quiz/quiz.js").read_bytes() == (bundle / "quiz.js").read_bytes(), (
        "the wheel's bundle, made from the wheel's own quiz/web/"
    )
    assert f'data-engine="{manifest["engine"]}"' in (plugin_site / "para/index.html").read_text(encoding="utf-8")
    on_demand = installed / "quiz" / "web" / search.SOURCE.name
    assert (plugin_site / search.DEST).read_bytes() == on_demand.read_bytes(), "the search worker, from the wheel"


def test_the_runtime_command_gives_a_site_without_the_plugin_what_the_plugin_would(extension_site, installed):
    html = (extension_site / "para" / "index.html").read_text(encoding="utf-8")
    assert 'data-definition="/their-site/questionnaires/paraprofessional-support.json"' in html, "links from base"
    assert '<script type="module" src="/their-site/assets/quiz/quiz.js"></script>' in html
    assert '<meta http-equiv="Content-Security-Policy"' in html
    worker = (extension_site / "sw.js").read_text(encoding="utf-8")
    assert "__PRECACHE__" not in worker and '"para/"' in worker
    for questionnaire in PAGES.values():
        assert (extension_site / "questionnaires" / f"{questionnaire}.json").is_file()
    assert not list(extension_site.rglob("*.yml")), "the YAML sources are removed from the built site"
    packaged = installed / "quiz" / "runtime"
    assert [p.relative_to(packaged) for p in runtime.runtime_files(packaged)] == sorted(
        p.relative_to(extension_site / "assets/quiz/runtime")
        for p in (extension_site / "assets/quiz/runtime").rglob("*")
        if p.is_file()
    )
    assert (extension_site / "assets/quiz/quiz.js").read_bytes() == (packaged / runtime.BUNDLE / "quiz.js").read_bytes()


@pytest.mark.parametrize("page_name", list(PAGES))
def test_the_plugin_site_scores_in_the_browser(chromium, plugin_site, page_name):
    with StaticServer(plugin_site, prefix="/their-site/") as server:
        scores_like_cpython(chromium, server, page_name, PAGES[page_name])


@pytest.mark.parametrize("page_name", list(PAGES))
def test_the_extension_only_site_scores_in_the_browser_under_its_policy(chromium, extension_site, page_name):
    with StaticServer(extension_site, prefix="/their-site/") as server:
        scores_like_cpython(chromium, server, page_name, PAGES[page_name])
