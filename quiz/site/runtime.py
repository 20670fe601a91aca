"""The runtime a questionnaire needs in a built site, and `python -m quiz runtime SITE`, which writes it there.

The runtime is the folder `python build.py runtime` makes (Pyodide's boot files, the engine zip, manifest.json).
A checkout has it in build/runtime/; the wheel carries a copy in the package (quiz/runtime/, put there by
`python build.py wheel`), so a site that installs the wheel needs no clone, no Node and no npm.

`python -m quiz runtime SITE` is for a site built without the `quiz` plugin (Zensical, or any generator that
runs the Markdown extension in embed.py): after the build it writes into SITE what the plugin would have put
there (the browser files in assets/quiz/, the runtime in assets/quiz/runtime/, each definition's JSON in
questionnaires/<id>.json) and removes the published YAML sources; `--csp` adds the plugin's Content Security
Policy to every page, `--offline` writes its service worker (sw.js). The plugin does all of this itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
from pathlib import Path

from ..authoring import definition

PACKAGE = Path(__file__).resolve().parent.parent
PACKAGED = PACKAGE / "runtime"  # in the wheel; git-ignored in a checkout
WEB = PACKAGE / "web"
CHECKOUT = "build/runtime"  # `python build.py runtime`, from the project folder
# The browser modules bundled by esbuild (build.py), in the runtime folder but served in assets/quiz/ in place of
# the modules they hold: the first question needs 3 requests instead of 14, which HTTP/1.1's six connections
# per origin take in one round trip instead of three (benchmarks/results.md).
BUNDLE = "web"
BUNDLE_INDEX = "bundle.json"  # {"sources": hash of quiz/web/*.js, "inputs": [module], "imports": {file: [file]}}


class RuntimeMissing(Exception):
    """No runtime where one was asked for or looked for; the message says how to make one."""


def locate(configured: str | None, project: Path) -> Path:
    """The runtime folder: `configured` (relative to `project`), else project/build/runtime/, else the packaged one."""
    if configured:
        folder = Path(configured) if Path(configured).is_absolute() else project / configured
        if not (folder / "manifest.json").is_file():
            raise RuntimeMissing(
                f"{folder / 'manifest.json'} is missing: run `python build.py runtime` "
                "(or `make build`) first, or leave runtime_dir out to use the packaged runtime"
            )
        return folder
    for folder in (project / CHECKOUT, PACKAGED):
        if (folder / "manifest.json").is_file():
            return folder
    raise RuntimeMissing(
        f"no runtime: {project / CHECKOUT} is missing and this copy of the package carries none "
        "(install the wheel `python build.py wheel` makes, or run `python build.py runtime`)"
    )


def manifest(folder: Path) -> dict[str, str]:
    """The runtime's manifest.json: the file names the form links to (the engine zip's name hashes it, stdlib too)."""
    data: dict[str, str] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def runtime_files(folder: Path) -> list[Path]:
    """Every file of the runtime folder but the bundle (served in assets/quiz/ instead), in a stable order."""
    files = sorted(folder.rglob("*"))
    return [path for path in files if path.is_file() and path.relative_to(folder).parts[0] != BUNDLE]


def web_files() -> list[Path]:
    """The browser files for assets/quiz/: all of quiz/web/ but the service worker's template (offline.py) and the
    search worker, which lives beside Material's (search.py)."""
    from . import offline, search

    return [path for path in sorted(WEB.glob("*.*")) if path.name not in (offline.TEMPLATE.name, search.SOURCE.name)]


def sources_hash() -> str:
    """What the bundle was made from: a hash of every module in quiz/web/, names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(WEB.glob("*.js")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class Browser:
    """The files assets/quiz/ holds, and what a page preloads: the bundle when `folder` has one made from these
    very sources, else quiz/web/'s modules one by one. A module edited since `python build.py runtime` (while
    serving, say) is never shadowed by an older bundle: the page gets the sources, only more slowly."""

    def __init__(self, folder: Path | None) -> None:
        self.index: dict | None = None
        if folder is not None and (folder / BUNDLE / BUNDLE_INDEX).is_file():
            index = json.loads((folder / BUNDLE / BUNDLE_INDEX).read_text(encoding="utf-8"))
            if index.get("sources") == sources_hash():
                self.index = index
        self.folder = folder / BUNDLE if folder is not None and self.index is not None else WEB

    @property
    def bundled(self) -> bool:
        return self.index is not None

    def files(self) -> dict[str, Path]:
        """assets/quiz/'s files: name → source file."""
        files = {path.name: path for path in web_files()}
        if self.index is not None:
            for name in self.index["inputs"]:
                files.pop(name, None)
            for name in self.index["imports"]:
                files[name] = self.folder / name
        return files

    def preloads(self, entry: str) -> list[str]:
        """The files `entry` imports, directly or not, by static import (not the result's dynamic one), in order."""
        found: list[str] = []
        queue = [entry]
        while queue:
            for name in self._imports(queue.pop(0)):
                if name not in found and name != entry:
                    found.append(name)
                    queue.append(name)
        return found

    def _imports(self, name: str) -> list[str]:
        if self.index is not None:
            imports: list[str] = self.index["imports"].get(name, [])
            return imports
        source = (WEB / name).read_text(encoding="utf-8")
        return re.findall(
            r"""^\s*(?:import|export)\b[^;'"]*?(?:from\s*)?["']\./([\w.-]+\.js)["']""", source, flags=re.MULTILINE
        )


def write(
    site: Path,
    definitions: list[Path],
    docs_dir: Path,
    runtime_dir: str | None = None,
    csp: bool = False,
    offline: bool = False,
) -> list[str]:
    """Write the questionnaire's files into the built `site`; return what was written, relative to it."""
    from . import csp as policy
    from . import embed
    from . import offline as worker

    if not site.is_dir():
        raise RuntimeMissing(f"{site} is not a folder: build the site first, then run this in the built folder")
    written = []
    sources = embed.load_definitions(definitions)
    for source in sources.values():
        target = site / embed.definition_uri(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(definition.browser_json(source), encoding="utf-8")
        written.append(embed.definition_uri(source))
        try:
            published = site / source.path.resolve().relative_to(docs_dir.resolve())
        except ValueError:
            continue  # not in the docs folder: never published
        if published.is_file() and published.read_bytes() == source.path.read_bytes():
            published.unlink()  # the YAML is the editors' source; the browser gets JSON
    folder = locate(runtime_dir, Path.cwd())
    for name, path in Browser(folder).files().items():
        written.append(_copy(path, site / embed.SITE_ASSETS / name, site))
    runtime_target = site / embed.SITE_ASSETS / "runtime"
    if runtime_target.is_dir():
        shutil.rmtree(runtime_target)  # an old engine zip must not stay beside the new one
    for path in runtime_files(folder):
        written.append(_copy(path, runtime_target / path.relative_to(folder), site))
    if csp:
        for page in sorted(site.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            page.write_text(policy.add_policy(html), encoding="utf-8")
    if offline:  # last: the worker lists and hashes every file the site holds
        written.append(worker.write_worker(site).relative_to(site).as_posix())
    return written


def _copy(source: Path, target: Path, site: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target.relative_to(site).as_posix()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `runtime` subcommand's options (quiz/authoring/cli.py)."""
    parser.add_argument("site", help="the built site's folder (e.g. site/)")
    parser.add_argument("--docs-dir", default="docs", help="the docs folder the site was built from (default: docs)")
    parser.add_argument(
        "--definitions",
        default="questionnaires/*.yml",
        help="questionnaire files in the docs folder, a glob (default: questionnaires/*.yml)",
    )
    parser.add_argument(
        "--runtime-dir",
        help="a runtime folder (default: build/runtime if present, else the runtime this package carries)",
    )
    parser.add_argument("--csp", action="store_true", help="add the Content Security Policy to every page")
    parser.add_argument("--offline", action="store_true", help="write the service worker sw.js (offline use)")


def run(args: argparse.Namespace) -> int:
    """`python -m quiz runtime SITE`: exit 0, or 2 with one line naming the problem."""
    import sys

    docs = Path(args.docs_dir)
    definitions = sorted(docs.glob(args.definitions))
    if not definitions:
        print(f"error: no questionnaire files match {docs / args.definitions}", file=sys.stderr)
        return 2
    try:
        written = write(Path(args.site), definitions, docs, args.runtime_dir, csp=args.csp, offline=args.offline)
    except (RuntimeMissing, definition.QuestionnaireFileError, OSError) as error:
        print(f"error: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    print(
        f"{args.site}: {len(written)} files for {len(definitions)} questionnaire(s)"
        + (", with the CSP" if args.csp else "")
        + (" and sw.js" if args.offline else "")
    )
    return 0
