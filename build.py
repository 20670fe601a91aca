"""One entry point for the build steps MkDocs does not do, then MkDocs.

    python build.py runtime   prepare build/runtime/ (Pyodide's boot files, the engine zip, manifest.json)
    python build.py           the runtime, then `mkdocs build --strict` for every language into site/
    python build.py serve     the runtime, then `mkdocs serve` on 127.0.0.1:8000 with live reload (English)
    python build.py serve es  the same for another language (its own config, mkdocs.es.yml)
    python build.py wheel     the runtime, then the package as a wheel in dist/ that carries it (quiz/runtime/)

Languages: one build per language, from a shared base config. English is mkdocs.yml (docs/) at the site root;
each other language is mkdocs.<code>.yml (INHERIT: mkdocs.yml, its own docs_dir) built into <code>/ under it,
after English (whose build empties site/ first). The list is LANGUAGES, read from those files, so a third
language is new files (a config and a docs folder), not new code. See README, "Languages".

The quiz plugin copies build/runtime/ into the site at assets/quiz/runtime/. Everything the parent's browser
needs to score a questionnaire is in that folder, so the site never asks another origin for anything. The wheel
carries the same folder as package data, so a site that installs it needs neither this repository nor npm: the
plugin falls back to it, and `python -m quiz runtime SITE` writes it into a site built without the plugin.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from quiz.site import runtime

ROOT = Path(__file__).resolve().parent
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
PYODIDE_VERSION = "0.29.5"  # must match package.json; checked below so the two cannot drift apart
RUNTIME = ROOT / "build" / "runtime"
CACHE = ROOT / "build" / "cache"  # the compiled standard library, reused while its inputs are unchanged

# Only what loadPyodide fetches at boot. Not the .map files, the consoles or the TypeScript declarations.
# python_stdlib.zip is fetched at boot too, but build.py writes its own (see python_stdlib below).
PYODIDE_BOOT_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm")

# The browser's Python is quiz/core/, zipped whole with the package's __init__.py: what runs in Pyodide is what
# that folder holds, and tests/test_layout.py keeps it standard library only.
CORE = ROOT / "quiz" / "core"
# The modules pages load, and the result's (imported when first needed): esbuild's entry points (bundle_web).
WEB_ENTRIES = ("quiz.js", "result.js", "letters-page.js")
WEB_TARGET = "es2020"  # what quiz.js's supported() asks for already: module workers, so no older browser runs it
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold; fixed so the same sources give the same hash


class BuildError(Exception):
    """A problem the person running the build can fix; printed as one line."""


def build_runtime(target: Path = RUNTIME) -> dict:
    """Write Pyodide's boot files, the engine zip and manifest.json into `target`; return the manifest.

    One build at a time per target: the test suite runs on two processes (Makefile), each of which may build
    build/runtime/ at once; the second then finds every file written and writes nothing.
    """
    target.mkdir(parents=True, exist_ok=True)
    with (target.parent / f".{target.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        return _build_runtime(target)


def _build_runtime(target: Path) -> dict:
    check_pyodide()
    pyodide_dir = target / "pyodide"
    pyodide_dir.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_BOOT_FILES:
        _copy_if_changed(PYODIDE_PACKAGE / name, pyodide_dir / name)
    _write_if_changed(pyodide_dir / "pyodide-lock.json", trimmed_lock_file())

    engine = engine_zip()
    stdlib = python_stdlib(engine)
    _write_if_changed(pyodide_dir / "python_stdlib.zip", stdlib)
    # Named by the engine and the standard library compiled with it: the browser keeps a copy of Python's memory
    # under this name (quiz/web/engine-snapshot.js), which must never meet another engine or stdlib.
    engine_name = f"engine-{hashlib.sha256(engine + stdlib).hexdigest()[:12]}.zip"
    for stale in target.glob("engine-*.zip"):
        if stale.name != engine_name:
            stale.unlink()
    _write_if_changed(target / engine_name, engine)

    if target.resolve().is_relative_to(ROOT):
        # The repository's package.json says "type": "module" (for the JS gates); Pyodide's pyodide.asm.js is
        # CommonJS, so node (the benchmark's engine timing) must not read the copy under build/ as a module.
        _write_if_changed(ROOT / "build" / "package.json", b'{"type": "commonjs"}\n')
    bundle_web(target / runtime.BUNDLE)
    manifest = {"pyodide": "pyodide/", "engine": engine_name, "pyodide_version": PYODIDE_VERSION}
    _write_if_changed(target / "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())
    return manifest


def bundle_web(target: Path) -> None:
    """quiz/web/'s modules bundled by esbuild into `target`, with bundle.json (runtime.Browser reads it).

    One file per entry (the page's quiz.js, the result's result.js it imports when first needed, the letters
    page's letters-page.js) and shared chunks, so each module is still one instance however it is reached. ES
    modules as before: the CSP, the module worker and the dynamic import of the result work unchanged. Skipped
    (and the old bundle kept, tagged with its own sources) when the sources have not changed.
    """
    sources = runtime.sources_hash()
    index_path = target / runtime.BUNDLE_INDEX
    if index_path.is_file() and json.loads(index_path.read_text(encoding="utf-8")).get("sources") == sources:
        return
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise BuildError("node_modules/.bin/esbuild is missing: run `npm ci` (or `make setup`) first")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    meta = target / "meta.json"
    entries = [runtime.WEB / name for name in WEB_ENTRIES]
    done = subprocess.run(
        [str(esbuild), *map(str, entries), "--bundle", "--splitting", "--format=esm", "--minify", "--charset=utf8",
         f"--target={WEB_TARGET}", f"--outdir={target}", f"--metafile={meta}", "--log-level=warning"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode != 0:
        raise BuildError(f"esbuild could not bundle quiz/web/:\n{done.stderr.strip()}")
    outputs = json.loads(meta.read_text(encoding="utf-8"))["outputs"]
    meta.unlink()
    index = {
        "sources": sources,
        "inputs": sorted({Path(name).name for out in outputs.values() for name in out["inputs"]}),
        "imports": {
            Path(out_path).name: [Path(i["path"]).name for i in out["imports"] if i["kind"] == "import-statement"]
            for out_path, out in sorted(outputs.items())
        },
    }
    index_path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")


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
    """The engine as a deterministic zip (fixed timestamps and permissions): the same sources, the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in engine_files():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (ROOT / name).read_bytes())
    return buffer.getvalue()


def engine_files() -> list:
    """The engine zip's members: quiz/__init__.py and every module of quiz/core/, in a stable order."""
    return ["quiz/__init__.py"] + sorted(p.relative_to(ROOT).as_posix() for p in CORE.glob("*.py"))


# Runs in Pyodide (node) with the engine on sys.path: does what the worker does, so every module the browser
# will import gets imported, then writes those modules, compiled to .pyc, as the new standard library zip.
STDLIB_PY = """
import json, sys, traceback, zipfile
import importlib._bootstrap_external as bootstrap
sys.path.insert(0, "/home/pyodide/engine")
from quiz.core import session

# The worker's own path, through the session API: each definition opened and warmed (score, refused files,
# a letter's .docx), then each example scored, so every module the browser will import gets imported.
for definition in json.loads(definitions):
    opened = session.open_json(json.dumps(definition))
    for example in definition.get("examples") or []:
        opened.score_json(json.dumps(example.get("answers", {})))
import importlib, os
for name in sorted(os.listdir("/home/pyodide/engine/quiz/core")):  # every core module, so a new one's imports go in
    if name.endswith(".py") and name != "__init__.py":
        importlib.import_module("quiz.core." + name[:-3])
try:
    raise ValueError("formatting a traceback imports modules too")
except ValueError:
    traceback.format_exc()

stdlib = next(path for path in sys.path if path.endswith(".zip"))
used = sorted({module.__file__[len(stdlib) + 1:] for module in list(sys.modules.values())
               if (getattr(module, "__file__", None) or "").startswith(stdlib + "/")})
with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile("/tmp/python_stdlib.zip", "w") as target:
    for name in used:
        # optimize=2 drops docstrings and asserts: 16% fewer bytes (1.25 MB to 1.05 MB, about 1.1 s on Slow 4G).
        code = compile(source.read(name), f"{stdlib}/{name}", "exec", dont_inherit=True, optimize=2)
        info = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        target.writestr(info, bytes(bootstrap._code_to_timestamp_pyc(code, 0, 0)))
    # The engine too, compiled here: the worker puts the engine zip's sources after this zip on sys.path, so it
    # imports these and compiles none of the engine's source in the browser (0.15 to 0.6 s of a warm start,
    # measured; benchmarks/results.md). optimize=0: the engine's asserts stay, as in CPython.
    engine_root = "/home/pyodide/engine"
    for folder, _, files in sorted(os.walk(engine_root + "/quiz")):
        for file in sorted(files):
            if not file.endswith(".py"):
                continue
            path = folder + "/" + file
            with open(path, encoding="utf-8") as handle:
                code = compile(handle.read(), path, "exec", dont_inherit=True)
            info = zipfile.ZipInfo(path[len(engine_root) + 1:] + "c", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, bytes(bootstrap._code_to_timestamp_pyc(code, 0, 0)))
"""

STDLIB_JS = """
import { readFileSync, writeFileSync } from "node:fs";
const [indexDir, engineZip, out, jobFile] = process.argv.slice(1);
const { loadPyodide } = await import(new URL("pyodide.mjs", "file://" + indexDir).href);
const pyodide = await loadPyodide({ indexURL: indexDir, stdout: console.error });
pyodide.unpackArchive(new Uint8Array(readFileSync(engineZip)), "zip", { extractDir: "/home/pyodide/engine" });
const job = JSON.parse(readFileSync(jobFile, "utf8")); // a file, not stdin: a large pipe read can fail with EAGAIN
pyodide.runPython(job.python, { globals: pyodide.toPy({ definitions: job.definitions }) });
writeFileSync(out, pyodide.FS.readFile("/tmp/python_stdlib.zip"));
"""


def python_stdlib(engine: bytes) -> bytes:
    """Pyodide's standard library cut to the modules the engine's path imports, compiled to .pyc.

    Measured on these machines: a .pyc-only zip cuts Pyodide's boot about threefold (no compiling at each
    start), and keeping only the modules imported (about 120 of them) brings the zip from 2.4 MB to about
    1.1 MB gzipped. The .pyc files are compiled inside the pinned Pyodide itself, so they always match its
    Python. A module outside the list fails to import in the browser: the parity and worker tests run the
    engine on this zip. Cached in build/cache/, since it takes a Pyodide boot in node to make. The key is
    Pyodide and the engine, not the definitions: they only exercise the engine, whose imports are its own
    (the engine imports at the top of its modules and never evaluates code from a definition), so an
    editor's change to a YAML file does not cost a Pyodide boot at the next build.
    """
    inputs = hashlib.sha256()
    for part in ((PYODIDE_PACKAGE / "python_stdlib.zip").read_bytes(), engine, STDLIB_PY.encode(), STDLIB_JS.encode()):
        inputs.update(hashlib.sha256(part).digest())
    cached = CACHE / f"python_stdlib-{inputs.hexdigest()[:16]}.zip"
    if cached.is_file():
        return cached.read_bytes()
    definitions = json.dumps(_definitions())
    node = shutil.which("node")
    if node is None:
        raise BuildError("node is not installed: it runs Pyodide to compile the standard library (see README)")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "engine.zip").write_bytes(engine)
        out = Path(tmp) / "python_stdlib.zip"
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"python": STDLIB_PY, "definitions": definitions}), encoding="utf-8")
        run = subprocess.run(
            [
                node,
                "--input-type=module",
                "-e",
                STDLIB_JS,
                "--",
                f"{PYODIDE_PACKAGE}/",
                str(Path(tmp) / "engine.zip"),
                str(out),
                str(job),
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise BuildError("compiling the standard library in Pyodide failed: " + _last_error(run.stderr))
        data = out.read_bytes()
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob("python_stdlib-*.zip"):
        stale.unlink(missing_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, cached)  # atomic: a build running at the same time never reads half a file
    return data


def _last_error(stderr: str) -> str:
    """The line that names the error in node's output (a Python exception, or node's own), not the minified
    source line node prints before it."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and len(line) < 500]
    named = [line for line in lines if line.split(":")[0].endswith(("Error", "Exception"))]
    return (named or lines or ["no message"])[-1]


def _definitions() -> list:
    """The questionnaire definitions, so the measuring run scores their examples as a parent's browser would.
    Read by the project's own bounded loader, so a hostile file stops here with its line, as in MkDocs."""
    from quiz.authoring import definition  # needs PyYAML: imported here so `build.py --help` works without it

    try:
        return [definition.load_file(path).data for path in sorted((ROOT / "docs" / "questionnaires").glob("*.yml"))]
    except definition.QuestionnaireFileError as error:
        raise BuildError(str(error)) from None


def build_wheel(dist: Path) -> Path:
    """The package as a pure-Python wheel in `dist`, with build/runtime/ inside it as quiz/runtime/.

    The package is staged in a temporary folder, so the wheel holds quiz/ as it is now plus the runtime (setuptools'
    build/lib/ in the checkout can keep files a past build had) and the working tree gets no build files.
    Measured: about 4.2 MB, of which the runtime is 10.8 MB raw (4.1 MB as a .tar.gz); the npm tarball of
    Pyodide alone is 5.6 MB and would still need Node to compile the standard library, so the wheel carries it.
    """
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "para-guide"
        stage.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, stage / name)
        shutil.copytree(ROOT / "quiz", stage / "quiz", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "runtime"))
        shutil.copytree(RUNTIME, stage / "quiz" / "runtime")
        dist.mkdir(parents=True, exist_ok=True)
        before = {path.name: path.stat().st_mtime_ns for path in dist.glob("*.whl")}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--disable-pip-version-check",
                "--quiet",
                "--wheel-dir",
                str(dist),
                str(stage),
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise BuildError("pip wheel failed: " + _last_error(run.stderr + run.stdout))
    made = [path for path in dist.glob("para_guide-*.whl") if before.get(path.name) != path.stat().st_mtime_ns]
    if len(made) != 1:
        raise BuildError(f"pip wheel made no new para_guide wheel in {dist}")
    return made[0]


def languages() -> list:
    """[(code, config file)] for every language, English (mkdocs.yml, the site root) first, then each
    mkdocs.<code>.yml in name order. Its build goes to <site>/<code>/."""
    found = [("", ROOT / "mkdocs.yml")]
    for config in sorted(ROOT.glob("mkdocs.*.yml")):
        code = config.name[len("mkdocs.") : -len(".yml")]
        # A language's config is mkdocs.<code>.yml that inherits mkdocs.yml (quiz/site/languages.py reads the same).
        inherits = re.search(r"^INHERIT:\s*['\"]?mkdocs\.yml['\"]?\s*(#.*)?$", config.read_text(encoding="utf-8"), re.M)
        if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", code) and inherits:
            found.append((code, config))
    return found


LANGUAGES = [code or "en" for code, _ in languages()]  # "en", "es": the site's languages, read from the configs


def build_site(site_dir: Path) -> int:
    """Every language into `site_dir` (English at its root, the others in their folders); the time of each."""
    import time

    for code, config in languages():
        started = time.perf_counter()
        target = site_dir / code if code else site_dir
        status = mkdocs("build", "--strict", "--config-file", str(config), "--site-dir", str(target))
        if status != 0:
            print(
                f"build.py: the {code or 'en'} site did not build ({config.name}; its error is above)", file=sys.stderr
            )
            return status
        print(f"build.py: {code or 'en'} built into {target} in {time.perf_counter() - started:.1f} s")
    return 0


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
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=("build", "runtime", "serve", "wheel"),
        help="build (default): runtime then mkdocs build --strict for every language; runtime: only "
        "build/runtime/; serve: runtime then mkdocs serve; wheel: runtime then a wheel that "
        "carries it",
    )
    parser.add_argument(
        "language", nargs="?", default="en", choices=LANGUAGES, help="serve: which language to preview (default: en)"
    )
    parser.add_argument("--site-dir", default="site", help="where `build` writes the site (default: site)")
    parser.add_argument("--dist-dir", default="dist", help="where `wheel` writes the wheel (default: dist)")
    args = parser.parse_args(argv)
    command = args.command
    try:
        manifest = build_runtime()
    except BuildError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    print(f"build.py: {RUNTIME.relative_to(ROOT)}/ ready (Pyodide {manifest['pyodide_version']}, {manifest['engine']})")
    if command == "build":
        return build_site(Path(args.site_dir).resolve())
    if command == "serve":
        config = dict((code or "en", path) for code, path in languages())[args.language]
        return mkdocs("serve", "--config-file", str(config), "-a", "127.0.0.1:8000")
    if command == "wheel":
        try:
            wheel = build_wheel(Path(args.dist_dir).resolve())
        except BuildError as error:
            print(f"build.py: {error}", file=sys.stderr)
            return 1
        print(f"build.py: {wheel} ({wheel.stat().st_size / 1e6:.1f} MB, the runtime included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
