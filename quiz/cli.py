"""Command line: `python -m quiz score DEFINITION ANSWERS` and `python -m quiz check [DEFINITION...]`.

score prints the result JSON (exit 0) or one line naming the problem (exit 2).
check validates definitions and re-scores their examples (exit 0 when all is well, 1 when not).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import definition, engine

DEFAULT_DEFINITIONS = "docs/questionnaires/*.yml"


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    score_cmd = commands.add_parser("score", help="score an answers file and print the result JSON")
    score_cmd.add_argument("definition", help="a questionnaire file (.yml) or its built JSON")
    score_cmd.add_argument("answers", help="an answers file (JSON), or - for standard input")
    check_cmd = commands.add_parser("check", help="check questionnaire files and their examples")
    check_cmd.add_argument("definitions", nargs="*", help=f"questionnaire files (default: {DEFAULT_DEFINITIONS})")
    args = parser.parse_args(argv)
    return score(args.definition, args.answers) if args.command == "score" else check(args.definitions)


def score(definition_path: str, answers_path: str) -> int:
    try:
        questionnaire = load_questionnaire(Path(definition_path))
        text = sys.stdin.read() if answers_path == "-" else _read(Path(answers_path), engine.ANSWERS_FILE_LIMIT)
        answers = engine.parse_answers_file(text, questionnaire)
        result = engine.score(questionnaire, answers)
    except (definition.QuestionnaireFileError, engine.AnswersError, engine.DefinitionError, OSError) as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def check(paths: list) -> int:
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
        failures = check_examples(source)
        for failure in failures:
            print(failure)
        problems += len(failures)
        if not failures:
            print(f"{path}: ok ({len(source.data.get('examples') or [])} examples)")
    return 1 if problems else 0


def check_examples(source: definition.Source) -> list:
    """Re-score each example; describe every difference from what it expects, with the findings that fired."""
    failures = []
    examples = source.data.get("examples") or []
    if not isinstance(examples, list):
        return [str(source.error(("examples",), "examples must be a list", "start each example with '- name:'"))]
    for index, example in enumerate(examples):
        at = ("examples", index)
        if not isinstance(example, dict) or not isinstance(example.get("expect"), dict):
            failures.append(str(source.error(at, "an example needs answers and expect", "see the editors' page")))
            continue
        name = example.get("name", f"example {index + 1}")
        try:
            result = engine.score(source.questionnaire, engine.check_answers(example.get("answers", {}),
                                                                              source.questionnaire))
        except engine.AnswersError as error:
            failures.append(str(source.error(at + ("answers",), f"example '{name}': {error}")))
            continue
        for key in ("band", "focus", "notes"):
            if key in example["expect"] and example["expect"][key] != result[key]:
                fired = ", ".join(r["rule"] for r in result["reasons"]) or "none"
                failures.append(str(source.error(
                    at + ("expect", key),
                    f"example '{name}': expected {key} {example['expect'][key]!r}, got {result[key]!r}",
                    f"findings that held: {fired}; if the change is intended, update the example",
                )))
    return failures


def load_questionnaire(path: Path) -> engine.Questionnaire:
    """A .yml/.yaml questionnaire file, or the JSON the build makes for the browser."""
    if path.suffix in (".yml", ".yaml"):
        return definition.load_file(path).questionnaire
    try:
        data = json.loads(_read(path, 10 * 1024 * 1024))
    except ValueError as error:
        raise engine.DefinitionError((), f"{path} is not valid JSON ({error})") from None
    return engine.load(data)


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
