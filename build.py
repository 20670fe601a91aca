"""One entry point for the build steps MkDocs does not do, then MkDocs.

    python build.py runtime   prepare build/runtime/ (Pyodide's boot files, the engine zip, manifest.json)
    python build.py           the runtime, then `mkdocs build --strict` into site/
    python build.py serve     the runtime, then `mkdocs serve` on 127.0.0.1:8000 with live reload

The quiz plugin copies build/runtime/ into the site at assets/quiz/runtime/. Everything the parent's browser
needs to score a questionnaire is in that folder, so the site never asks another origin for anything.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
PYODIDE_VERSION = "0.29.5"  # must match package.json; checked below so the two cannot drift apart
RUNTIME = ROOT / "build" / "runtime"

# Only what loadPyodide fetches at boot. Not the .map files, the consoles or the TypeScript declarations.
PYODIDE_BOOT_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")

# The pure, standard-library-only part of the quiz package: the rest of quiz/ imports MkDocs and YAML.
ENGINE_FILES = ("quiz/__init__.py", "quiz/engine.py", "quiz/conditions.py")
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold; fixed so the same sources give the same hash


class BuildError(Exception):
    """A problem the person running the build can fix; printed as one line."""


def build_runtime(target: Path = RUNTIME) -> dict:
    """Write Pyodide's boot files, the engine zip and manifest.json into `target`; return the manifest."""
    check_pyodide()
    pyodide_dir = target / "pyodide"
    pyodide_dir.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_BOOT_FILES:
        _copy_if_changed(PYODIDE_PACKAGE / name, pyodide_dir / name)
    _write_if_changed(pyodide_dir / "pyodide-lock.json", trimmed_lock_file())

    engine = engine_zip()
    engine_name = f"engine-{hashlib.sha256(engine).hexdigest()[:12]}.zip"
    for stale in target.glob("engine-*.zip"):
        if stale.name != engine_name:
            stale.unlink()
    _write_if_changed(target / engine_name, engine)

    manifest = {"pyodide": "pyodide/", "engine": engine_name, "pyodide_version": PYODIDE_VERSION}
    _write_if_changed(target / "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())
    return manifest


def check_pyodide() -> None:
    """Fail with one clear line when the pinned Pyodide is not installed, or is not the pinned version."""
    package_json = PYODIDE_PACKAGE / "package.json"
    if not package_json.is_file():
        raise BuildError(f"{PYODIDE_PACKAGE.relative_to(ROOT)} is missing: run `npm ci` (or `make setup`) first")
    installed = json.loads(package_json.read_text(encoding="utf-8")).get("version")
    if installed != PYODIDE_VERSION:
        raise BuildError(f"node_modules has Pyodide {installed}, build.py expects {PYODIDE_VERSION}: run `npm ci`")


def trimmed_lock_file() -> bytes:
    """Pyodide's lock file with no packages: 122 KB less to download, and loadPackage can fetch nothing.

    loadPyodide always fetches the lock file and checks its ABI version (`info`). The engine needs only the
    standard library, so no package entry is needed; with none listed, any accidental loadPackage fails
    loudly instead of reaching for a CDN.
    """
    lock = json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True).encode()


def engine_zip() -> bytes:
    """The engine as a deterministic zip (fixed timestamps and permissions), so its hash names its content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ENGINE_FILES:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (ROOT / name).read_bytes())
    return buffer.getvalue()


def mkdocs(*args: str) -> int:
    """Run this Python's MkDocs, without Material's end-of-life banner."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.call([sys.executable, "-m", "mkdocs", *args], cwd=ROOT, env=env)


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy unless an identical-looking file is already there: keeps `serve` restarts quick."""
    if target.is_file():
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and old.st_mtime_ns == new.st_mtime_ns:
            return
    shutil.copy2(source, target)


def _write_if_changed(target: Path, data: bytes) -> None:
    """Write unless the content is already there, so unchanged files keep their time stamps."""
    if not (target.is_file() and target.read_bytes() == data):
        target.write_bytes(data)


def main(argv: list | None = None) -> int:
    """Parse the command line and run the chosen step."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="build", choices=("build", "runtime", "serve"),
                        help="build (default): runtime then mkdocs build --strict; runtime: only build/runtime/; "
                             "serve: runtime then mkdocs serve")
    parser.add_argument("--site-dir", default="site", help="where `build` writes the site (default: site)")
    args = parser.parse_args(argv)
    command = args.command
    try:
        manifest = build_runtime()
    except BuildError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    print(f"build.py: {RUNTIME.relative_to(ROOT)}/ ready (Pyodide {manifest['pyodide_version']}, {manifest['engine']})")
    if command == "build":
        return mkdocs("build", "--strict", "--site-dir", str(Path(args.site_dir).resolve()))
    if command == "serve":
        return mkdocs("serve", "-a", "127.0.0.1:8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
