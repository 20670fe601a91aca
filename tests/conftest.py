"""Shared fixtures. Keep this file small and append-only; helpers live in tests/support/."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # build.py and quiz/ import the same however pytest was started


@pytest.fixture(scope="session")
def runtime_dir(tmp_path_factory) -> Path:
    """build.py's browser runtime (Pyodide boot files, engine zip, manifest.json) in a fresh folder."""
    import build

    target = tmp_path_factory.mktemp("runtime")
    build.build_runtime(target)
    return target


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium, shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import chromium_path, launch_chromium

    if chromium_path() is None:
        pytest.fail("Chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The whole site, built once per session by build.py exactly as `make build` does, in a fresh folder."""
    import subprocess

    target = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--site-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"the site did not build:\n{done.stdout}\n{done.stderr}")
    return target
