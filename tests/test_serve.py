"""`mkdocs serve` while an editor works: a broken questionnaire is reported in the terminal, the server keeps
running, and the fix shows up on the next reload."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def project(tmp_path, runtime_dir) -> Path:
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text()
    config = config.replace("\n  - quiz ", f"\n  - quiz:\n      runtime_dir: {runtime_dir}\n  # ")
    (tmp_path / "mkdocs.yml").write_text(config)
    return tmp_path


def test_serve_reports_a_broken_questionnaire_and_keeps_running(project):
    port = free_port()
    log = project / "serve.log"
    definition = project / "docs" / "questionnaires" / "paraprofessional-support.yml"
    page = f"http://127.0.0.1:{port}/questionnaires/paraprofessional-support/"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        )
    try:
        assert 'name="academics"' in wait_for(lambda: fetch(page))
        good = definition.read_text()
        definition.write_text(good.replace("ask_when: safety != 'never'", "ask_when: saftey != 'never'"))
        line = next(n for n, text in enumerate(definition.read_text().splitlines(), 1) if "saftey" in text)
        wait_for(lambda: f"paraprofessional-support.yml:{line}:" in log.read_text())
        assert "did you mean 'safety'" in log.read_text()
        html = wait_for(lambda: (lambda h: h if "This questionnaire has an error" in h else None)(fetch(page)))
        assert "saftey" in html and server.poll() is None
        definition.write_text(good)
        wait_for(lambda: 'name="academics"' in fetch(page))
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_keeps_running_through_hostile_questionnaire_files(project):
    """Issue 15: an alias bomb, a Latin-1 file and a NUL byte each end as the file:line:column error, quickly."""
    port = free_port()
    log = project / "serve.log"
    definition = project / "docs" / "questionnaires" / "paraprofessional-support.yml"
    page = f"http://127.0.0.1:{port}/questionnaires/paraprofessional-support/"
    good = definition.read_text(encoding="utf-8")
    title_line = next(n for n, text in enumerate(good.splitlines(), 1) if text.startswith("title:"))
    hostile = [
        # Before: an alias chain grew past 6 GB and never ended.
        (
            (
                "a: &a [x, x, x, x, x, x, x, x, x]\n"
                + "".join(
                    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                    for p, c in zip("abcdefghijk", "bcdefghijkl", strict=True)
                )
                + good
            ).encode(),
            ":1:4: YAML anchors (&name) and aliases (*name) are not allowed",
        ),
        # Before: reported at 1:1, without saying what to do.
        (
            good.replace("title: ", "title: Café ", 1).encode("latin-1", "replace"),
            f":{title_line}:11: this file is not UTF-8 text",
        ),
        (good.replace("title: ", "title: \0", 1).encode(), f":{title_line}:8: there is a NUL character"),
    ]
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        )
    try:
        assert 'name="academics"' in wait_for(lambda: fetch(page))
        for data, expected in hostile:
            definition.write_bytes(data)
            reported = f"paraprofessional-support.yml{expected}"
            wait_for(lambda reported=reported: reported in log.read_text(errors="replace"), seconds=30)
            wait_for(lambda: "This questionnaire has an error" in fetch(page), seconds=30)
            assert server.poll() is None
        assert "Traceback" not in log.read_text(errors="replace")
        definition.write_text(good, encoding="utf-8")
        wait_for(lambda: 'name="academics"' in fetch(page))
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=10)
