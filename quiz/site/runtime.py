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
import json
import shutil
from pathlib import Path

from ..authoring import definition

PACKAGE = Path(__file__).resolve().parent.parent
PACKAGED = PACKAGE / "runtime"  # in the wheel; git-ignored in a checkout
WEB = PACKAGE / "web"
CHECKOUT = "build/runtime"  # `python build.py runtime`, from the project folder


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
    """The runtime's manifest.json: file names the form links to (the engine zip is named by its hash)."""
    data: dict[str, str] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def runtime_files(folder: Path) -> list[Path]:
    """Every file of the runtime folder, in a stable order."""
    return [path for path in sorted(folder.rglob("*")) if path.is_file()]


def web_files() -> list[Path]:
    """The browser files for assets/quiz/: all of quiz/web/ but the service worker's template (offline.py)."""
    from . import offline

    return [path for path in sorted(WEB.glob("*.*")) if path.name != offline.TEMPLATE.name]


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
    for path in web_files():
        written.append(_copy(path, site / embed.SITE_ASSETS / path.name, site))
    folder = locate(runtime_dir, Path.cwd())
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
