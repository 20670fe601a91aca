"""Command line: `python -m quiz score DEFINITION ANSWERS` and `python -m quiz check [DEFINITION...]`.

score prints the result JSON (exit 0) or one line naming the problem (exit 2).
check validates definitions, re-scores their examples, looks for bands no answers reach and texts above
grade 8, and proves the file's guarantees (exit 0 when all is well, 1 when not); --coverage shows what the
examples exercise, --quick proves over fewer answer sets when no full proof is cached.
runtime SITE writes the questionnaires' browser files, runtime and JSON into a site built without the plugin
(quiz/site/runtime.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core import engine, session
from . import checks, definition

DEFAULT_DEFINITIONS = "docs/questionnaires/*.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    score_cmd = commands.add_parser("score", help="score an answers file and print the result JSON")
    score_cmd.add_argument("definition", help="a questionnaire file (.yml) or its built JSON")
    score_cmd.add_argument("answers", help="an answers file (JSON), or - for standard input")
    check_cmd = commands.add_parser("check", help="check questionnaire files and their examples")
    check_cmd.add_argument("definitions", nargs="*", help=f"questionnaire files (default: {DEFAULT_DEFINITIONS})")
    check_cmd.add_argument("--coverage", action="store_true", help="also show what the examples exercise")
    check_cmd.add_argument(
        "--quick",
        action="store_true",
        help="prove guarantees over fewer answer sets when no full proof is cached (as mkdocs serve does)",
    )
    translation_cmd = commands.add_parser(
        "translation", help="print a text table for translating a questionnaire file: every key, no texts"
    )
    translation_cmd.add_argument("definition", help="the English questionnaire file (.yml)")
    translation_cmd.add_argument("language", help="the language's code, e.g. es")
    from ..site import runtime  # `runtime`: the browser's files for a site built without the plugin

    runtime.add_arguments(
        commands.add_parser(
            "runtime", help="write the questionnaires' browser files, runtime and definitions into a built site"
        )
    )
    args = parser.parse_args(argv)
    if args.command == "score":
        return score(args.definition, args.answers)
    if args.command == "runtime":
        return runtime.run(args)
    if args.command == "translation":
        return skeleton(args.definition, args.language)
    return check(args.definitions, coverage=args.coverage, quick=args.quick)


def score(definition_path: str, answers_path: str) -> int:
    try:
        opened = load_session(Path(definition_path))
        text = sys.stdin.read() if answers_path == "-" else _read(Path(answers_path), engine.ANSWERS_FILE_LIMIT)
        result = opened.score(opened.parse(text))  # the session API, as the browser's worker uses it
    except (definition.QuestionnaireFileError, engine.AnswersError, engine.DefinitionError, OSError) as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def check(paths: list[str], coverage: bool = False, quick: bool = False) -> int:
    files = [Path(p) for p in paths] or sorted(Path().glob(DEFAULT_DEFINITIONS))
    if not files:
        print(f"error: no questionnaire files match {DEFAULT_DEFINITIONS}", file=sys.stderr)
        return 2
    problems = 0
    for path in files:
        try:
            source = definition.load_file(path)
        except definition.QuestionnaireFileError as error:
            print(error)
            problems += 1
            continue
        errors, exercised = checks.all_checks(source, quick=quick)
        for problem in errors:
            print(problem)
        problems += len(errors)
        if exercised.proof is not None and exercised.proof.guarantees:
            state = "broken" if exercised.proof.errors else "hold"
            print(f"{path}: guarantees {state}: {exercised.proof.summary()}")
        if not errors:
            print(f"{path}: ok ({len(source.data.get('examples') or [])} examples)")
        if coverage:
            print(coverage_report(exercised))
        problems += check_translations(source)
    return 1 if problems else 0


def skeleton(definition_path: str, language: str) -> int:
    """Print every text key of an English file as an empty text table (docs/editors/questionnaires.md)."""
    from . import translation

    try:
        source = definition.load_file(Path(definition_path))
    except definition.QuestionnaireFileError as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 2
    print(translation.skeleton(source, language), end="")
    return 0


def check_translations(source: definition.Source) -> int:
    """Each language's text table of an English file: every key there and known, its texts plain enough.
    Returns the number of problems (each printed with its file, line and key)."""
    from . import translation

    problems = 0
    for code, table in translation.tables(source.path):
        if not table.is_file():
            print(
                f"{table}:1:1: missing: the {code} texts of {source.path} (hint: python -m quiz translation "
                f"{source.path} {code} prints every key to fill in)"
            )
            problems += 1
            continue
        try:
            translated = translation.load(source, table, code)
        except definition.QuestionnaireFileError as error:
            print(error)
            problems += len(getattr(error, "errors", [error]))
            continue
        errors = checks.reading_grade(translated)
        for problem in errors:
            print(problem)
        problems += len(errors)
        if not errors:
            in_english = translated.table.data.get(translation.ENGLISH) if translated.table is not None else None
            kept = len(in_english or [])
            print(
                f"{table}: ok ({code}: {len(translated.origins)} texts"
                + (f", {kept} keys kept in English on purpose" if kept else "")
                + ")"
            )
    return problems


def coverage_report(coverage: checks.Coverage) -> str:
    """Which bands, findings and notes the examples exercise, and how often."""
    lines = []
    for kind in ("bands", "rules", "notes"):
        counts = getattr(coverage, kind)
        used = sum(1 for n in counts.values() if n)
        lines.append(f"  {kind}: {used} of {len(counts)} exercised by the examples")
        lines += [f"    {name:<32} {n}" for name, n in counts.items()]
    missing = {k: v for k, v in coverage.unexercised().items() if v}
    if missing:
        lines.append("  not exercised: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in missing.items()))
    return "\n".join(lines)


def load_session(path: Path) -> session.Session:
    """A .yml/.yaml questionnaire file, or the JSON the build makes for the browser."""
    if path.suffix in (".yml", ".yaml"):
        return session.Session(definition.load_file(path).data)
    try:
        data = json.loads(_read(path, 10 * 1024 * 1024))
    except ValueError as error:
        raise engine.DefinitionError((), f"{path} is not valid JSON ({error})") from None
    except RecursionError:  # json gives up on lists nested thousands deep
        raise engine.DefinitionError((), f"{path} is nested too deeply to be a questionnaire") from None
    return session.Session(data)


def _read(path: Path, limit: int) -> str:
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise engine.AnswersError(f"{path} is larger than {limit // 1024} KB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise engine.AnswersError(f"{path} is not UTF-8 text") from None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
