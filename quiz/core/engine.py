"""The scoring engine: a questionnaire definition and a parent's answers in, a result out.

Pure and standard-library only, so the very same code runs in CPython (the CLI, the build's checks, the
tests) and in Pyodide (the parent's browser). The engine knows nothing about paraprofessionals: questions,
scales, follow-up conditions, values, findings, bands and notes all come from the definition.

    questionnaire = load(definition_dict)          # checks the definition; raises DefinitionError
    answers = parse_answers_file(text, questionnaire)   # raises AnswersError naming the problem
    result = score(questionnaire, answers)          # a plain dict (contract 3 in the design)
"""

from __future__ import annotations

import difflib
import json
import string
from collections.abc import Callable, Mapping, Sized
from dataclasses import dataclass
from typing import Any, TypeVar

from . import schema
from .conditions import MAX_NUMBER, ConditionError, Expression, compile_expression

ANSWERS_FILE_LIMIT = 64 * 1024  # bytes; a real answers file is under 1 KB
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
RESERVED = frozenset({"band", "True", "False", "None"})
# The placeholders a letter (`letter:`, or a `letters:` entry's body) may use; the page fills them in
# (quiz/web/letter.js letterValues), from the result and the two names the parent types.
LETTER_PLACEHOLDERS = frozenset({"areas", "times", "reasons", "parent_name", "child_name", "date"})

# The fields each part of a definition may have (declared once, in schema.py). Anything else is most likely a
# typo, so it is refused.
FIELDS = schema.FIELDS

_T = TypeVar("_T")
Number = int | float


class DefinitionError(ValueError):
    """A definition that cannot be used. `path` locates the field (the YAML loader turns it into a line)."""

    def __init__(self, path: tuple, message: str, hint: str = "", column: int = 0):
        super().__init__(f"{_dotted(path)}: {message}" + (f" (hint: {hint})" if hint else ""))
        self.path = path
        self.message = message
        self.hint = hint
        self.column = column


class AnswersError(ValueError):
    """Answers that cannot be scored. The message names the question id or value at fault."""


@dataclass(frozen=True)
class Option:
    value: str
    points: Number | None  # None when the option carries no points ("not sure")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "single" or "multiple"
    options: tuple[Option, ...]
    ask_when: Expression | None  # None: always asked
    default: str | None  # value used when the question is asked but not answered
    optional: bool
    times: tuple[str, ...] = ()  # the parts of the day (ids in the definition's day.times) this area touches

    def values(self) -> list[str]:
        return [option.value for option in self.options]

    def points_of(self, value: object) -> Number | None:
        for option in self.options:
            if option.value == value:
                return option.points
        return None


@dataclass(frozen=True)
class Rule:
    id: str
    when: Expression
    question: str | None  # the question this finding is about, or None
    because: str


@dataclass(frozen=True)
class Band:
    id: str
    when: Expression
    rank: int | None  # None for a band outside the ordering (such as "gather data")


@dataclass(frozen=True)
class Note:
    id: str
    when: Expression


@dataclass(frozen=True)
class Day:
    """The parts of a school day, in order, for the day map; `question` is where the parent picks times."""

    times: tuple[str, ...]
    levels: tuple[str, ...]  # a label per level, from 0 (no help) up
    question: str | None  # a multiple-choice question id whose values include the times, or None
    all: str | None  # that question's value meaning "every time", or None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    questions: tuple[Question, ...]
    values: tuple[tuple[str, Expression], ...]  # (name, Expression) pairs, in order
    rules: tuple[Rule, ...]
    bands: tuple[Band, ...]
    notes: tuple[Note, ...]
    focus: Expression | None
    day: Day | None = None
    letters: tuple[tuple[str, Expression | None], ...] = ()  # (letter id, its when) pairs: the letter kit, in order

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


# ── Loading a definition ──────────────────────────────────────────────────────────────────────

# How many of each a definition may have. A real questionnaire is far below every one; the limits keep the
# work of checking, proving and scoring a definition (in the build and in a parent's browser) bounded.
# docs/editors/questionnaires.md ("Limits") lists them with the message an editor sees.
LIMITS = {
    "questions": 100,
    "options": 30,
    "scales": 30,
    "values": 200,
    "rules": 300,
    "bands": 20,
    "notes": 100,
    "examples": 300,
    "times": 30,
    "levels": 10,
    "questions_to_ask": 50,
    "what_to_bring": 50,
    "letters": 20,
}


def load(definition: Mapping[str, Any]) -> Questionnaire:
    """Check a definition (as parsed from YAML or JSON) and compile its conditions."""
    _expect(definition, dict, (), "the definition must be a mapping of fields", fields=())
    qid = _identifier(definition.get("id"), ("id",), "the questionnaire")
    version = definition.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DefinitionError(("version",), "version must be a whole number of 1 or more", "write version: 1")

    scales = _scales(definition.get("scales", {}))
    known = _Names()  # name → kind, growing as the definition is read in order
    questions = _questions(definition.get("questions"), scales, known)

    values: list[tuple[str, Expression]] = []
    raw_values = definition.get("values", {}) or {}
    raw_values = _expect(raw_values, dict, ("values",), "values must be a mapping of name: expression")
    _at_most(raw_values, ("values",))
    for name, source in raw_values.items():
        path = ("values", name)
        _new_name(name, path, known)
        values.append((name, _expression(source, known, path)))
        known[name] = "value"
        known.types[name] = values[-1][1].value_type  # so that a later `+` or `*` on a text or list is refused

    rules: list[Rule] = []
    for index, raw in enumerate(_list(definition.get("rules", []), ("rules",))):
        path = ("rules", index)
        _expect(raw, dict, path, "each rule needs id, when and because", fields=("rules",))
        rule_id = _identifier(raw.get("id"), path + ("id",), "a rule")
        _new_name(rule_id, path + ("id",), known)
        question = raw.get("question")
        if question is not None and known.get(question) not in ("question", "scored question"):
            raise DefinitionError(
                path + ("question",), f"'{question}' is not a question id", "use a question's id, or null"
            )
        rules.append(
            Rule(
                rule_id,
                _expression(raw.get("when"), known, path + ("when",)),
                question,
                _text(raw.get("because"), path + ("because",)),
            )
        )
        known[rule_id] = "rule"
        known.types[rule_id] = "bool"

    bands: list[Band] = []
    for index, raw in enumerate(_list(definition.get("bands"), ("bands",), minimum=1)):
        path = ("bands", index)
        _expect(raw, dict, path, "each band needs id and when", fields=("bands",))
        band_id = _identifier(raw.get("id"), path + ("id",), "a band")
        if any(b.id == band_id for b in bands):
            raise DefinitionError(path + ("id",), f"the band id '{band_id}' is used twice", "give each band its own id")
        rank = raw.get("rank")
        if rank is not None and (not isinstance(rank, int) or isinstance(rank, bool)):
            raise DefinitionError(path + ("rank",), "rank must be a whole number", "lower numbers mean less support")
        bands.append(Band(band_id, _expression(raw.get("when"), known, path + ("when",)), rank))
    if bands[-1].when.source != "True":
        raise DefinitionError(
            ("bands", len(bands) - 1, "when"),
            "the last band must apply when no other does",
            'write when: "True" on the last band',
        )

    known_with_band = _Names(known, band="value")
    known_with_band.answers = known.answers
    known_with_band.types = dict(known.types, band="text")
    notes: list[Note] = []
    for index, raw in enumerate(_list(definition.get("notes", []), ("notes",))):
        path = ("notes", index)
        _expect(raw, dict, path, "each note needs id and when", fields=("notes",))
        note_id = _identifier(raw.get("id"), path + ("id",), "a note")
        if any(n.id == note_id for n in notes):
            raise DefinitionError(path + ("id",), f"the note id '{note_id}' is used twice", "give each note its own id")
        notes.append(Note(note_id, _expression(raw.get("when"), known_with_band, path + ("when",))))

    focus = definition.get("focus")
    focus_expression = _expression(focus, known_with_band, ("focus",)) if focus is not None else None

    day = _day(definition.get("day"), questions)
    if isinstance(definition.get("examples"), list):
        _at_most(definition["examples"], ("examples",))
    for field_name in schema.lists_of_texts(()):  # questions_to_ask, what_to_bring
        for index, item in enumerate(_list(definition.get(field_name, []), (field_name,))):
            _text(item, (field_name, index))
    if definition.get("tracking") is not None:
        _text(definition["tracking"], ("tracking",))
    if definition.get("letter") is not None:
        _letter(definition["letter"], ("letter",))
    letters = _letters(definition.get("letters"), known_with_band)

    return Questionnaire(
        qid,
        version,
        tuple(questions),
        tuple(values),
        tuple(rules),
        tuple(bands),
        tuple(notes),
        focus_expression,
        day,
        letters,
    )


def _day(raw: object, questions: list[Question]) -> Day | None:
    """The day map's definition: time ids in order, a label per level, and the question naming times."""
    with_times = [(index, q) for index, q in enumerate(questions) if q.times]
    if raw is None:
        if with_times:
            raise DefinitionError(
                ("questions", with_times[0][0], "times"),
                "times need a day: field at the top",
                "add day: with times: listing the parts of the day in order",
            )
        return None
    raw = _expect(raw, dict, ("day",), "day must be a mapping with times and levels", fields=("day",))
    times = tuple(
        _identifier(t, ("day", "times", i), "a time")
        for i, t in enumerate(_list(raw.get("times"), ("day", "times"), minimum=1))
    )
    if len(set(times)) != len(times):
        raise DefinitionError(("day", "times"), "a time is listed twice", "list each part of the day once")
    levels = tuple(
        _text(label, ("day", "levels", i), what="a label")
        for i, label in enumerate(_list(raw.get("levels"), ("day", "levels"), minimum=2))
    )
    question_id, every = raw.get("question"), raw.get("all")
    if question_id is not None:
        question = next((q for q in questions if q.id == question_id), None)
        if question is None or question.kind != "multiple":
            raise DefinitionError(
                ("day", "question"),
                f"'{question_id}' is not a multiple-choice question",
                "name the question where the parent picks times of day",
            )
        for index, time in enumerate(times):
            if time not in question.values():
                raise DefinitionError(
                    ("day", "times", index),
                    f"'{time}' is not an answer of '{question_id}'",
                    "answers: " + ", ".join(question.values()),
                )
        if every is not None and (every not in question.values() or every in times):
            raise DefinitionError(
                ("day", "all"),
                f"'{every}' must be an answer of '{question_id}' that is not a time",
                "for example all: all_day",
            )
    elif every is not None:
        raise DefinitionError(("day", "all"), "all needs day.question", "name the question it is an answer of")
    for index, question in with_times:
        for position, time in enumerate(question.times):
            if time not in times:
                raise DefinitionError(
                    ("questions", index, "times", position),
                    f"'{time}' is not one of day.times",
                    "times: " + ", ".join(times),
                )
        for option in question.options:
            if option.points is not None and option.points not in range(len(levels)):
                raise DefinitionError(
                    ("questions", index, "times"),
                    f"the answer '{option.value}' has points {option.points}, but day.levels has "
                    f"labels for 0 to {len(levels) - 1}",
                    "give each level a label in day.levels",
                )
    return Day(times, levels, question_id, every)


def _letters(raw: object, known: _Names) -> tuple[tuple[str, Expression | None], ...]:
    """The letter kit: each entry's id, title, optional hint, body (a letter template) and optional `when`,
    a condition on the result (the names a note's condition may use). Returns (id, Expression or None) pairs."""
    if raw is None:
        return ()
    letters: list[tuple[str, Expression | None]] = []
    for index, item in enumerate(_list(raw, ("letters",), minimum=1)):
        path = ("letters", index)
        item = _expect(item, dict, path, "each letter needs id, title and body", fields=("letters",))
        letter_id = _identifier(item.get("id"), path + ("id",), "a letter")
        if any(other == letter_id for other, _ in letters):
            raise DefinitionError(
                path + ("id",), f"the letter id '{letter_id}' is used twice", "give each letter its own id"
            )
        _text(item.get("title"), path + ("title",), what="a title")
        if item.get("hint") is not None:
            _text(item["hint"], path + ("hint",))
        _letter(item.get("body"), path + ("body",))
        when = item.get("when")
        letters.append((letter_id, _expression(when, known, path + ("when",)) if when is not None else None))
    return tuple(letters)


def _letter(raw: object, path: tuple) -> None:
    """A letter template: plain text whose {placeholders} are all in LETTER_PLACEHOLDERS."""
    text = _text(raw, path)
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise DefinitionError(
            path,
            f"the letter has a broken placeholder ({error})",
            "write placeholders as {areas}; write { and } on their own as {{ and }}",
        ) from None
    for name in names:
        if name not in LETTER_PLACEHOLDERS:
            close = difflib.get_close_matches(name, sorted(LETTER_PLACEHOLDERS), n=1)
            line = next(
                (i for i, row in enumerate(text.split("\n"), 1) if "{" + name + "}" in row or "{" + name in row), 1
            )
            raise DefinitionError(
                path,
                f"the letter has an unknown placeholder {{{name}}} (on its line {line})",
                (f"did you mean {{{close[0]}}}? " if close else "")
                + "placeholders: "
                + ", ".join("{" + n + "}" for n in sorted(LETTER_PLACEHOLDERS)),
            )


def _scales(raw: object) -> dict[str, tuple[Option, ...]]:
    raw = _expect(raw, dict, ("scales",), "scales must be a mapping of name: list of options")
    _at_most(raw, ("scales",))
    return {name: _options(options, ("scales", name)) for name, options in raw.items()}


def _questions(raw: object, scales: dict[str, tuple[Option, ...]], known: _Names) -> list[Question]:
    questions: list[Question] = []
    for index, item in enumerate(_list(raw, ("questions",), minimum=1)):
        path = ("questions", index)
        item = _expect(item, dict, path, "each question needs id, title and options or scale", fields=("questions",))
        question_id = _identifier(item.get("id"), path + ("id",), "a question")
        if "-" in question_id:  # `safety-where` would read as safety minus where
            raise DefinitionError(
                path + ("id",),
                f"the question id '{question_id}' contains -",
                "use _ instead of -; a condition could not name it",
            )
        if question_id in known:
            raise DefinitionError(
                path + ("id",), f"the question id '{question_id}' is used twice", "give each question its own id"
            )
        kind = item.get("kind", "single")
        if kind not in ("single", "multiple"):
            raise DefinitionError(
                path + ("kind",), f"kind must be single or multiple, not '{kind}'", "leave it out for a single choice"
            )
        if "scale" in item and "options" in item:
            raise DefinitionError(path, "a question has either options or a scale, not both", "remove one of them")
        if "scale" in item:
            if item["scale"] not in scales:
                raise DefinitionError(
                    path + ("scale",),
                    f"there is no scale called '{item['scale']}'",
                    "known scales: " + (", ".join(scales) or "none"),
                )
            options = scales[item["scale"]]
        else:
            options = _options(item.get("options"), path + ("options",))
        values = [option.value for option in options]
        _expect(item.get("hints") or {}, dict, path + ("hints",), "hints must be a mapping of answer value: hint")
        for value in item.get("hints", {}) or {}:
            if value not in values:
                raise DefinitionError(
                    path + ("hints", value),
                    f"'{value}' is not one of this question's answers",
                    "answers: " + ", ".join(values),
                )
        _text(item.get("title"), path + ("title",))
        ask_when = None
        if item.get("ask_when") is not None:
            ask_when = _expression(item["ask_when"], known, path + ("ask_when",), ask_when=True)
        default = item.get("default")
        if default is not None and (kind != "single" or default not in values):
            raise DefinitionError(
                path + ("default",),
                f"the default '{default}' is not one of this question's answers",
                "answers: " + ", ".join(values),
            )
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            raise DefinitionError(path + ("optional",), "optional must be true or false")
        scored = kind == "single" and any(option.points is not None for option in options)
        times: tuple[str, ...] = ()
        if item.get("times") is not None:
            if not scored:
                raise DefinitionError(
                    path + ("times",), "only a question whose answers have points can have times", "remove times: here"
                )
            times = tuple(
                _identifier(t, path + ("times", i), "a time")
                for i, t in enumerate(_list(item["times"], path + ("times",), minimum=1))
            )
        if item.get("guidance") is not None:
            _expect(
                item["guidance"],
                dict,
                path + ("guidance",),
                "guidance must be a mapping of texts",
                fields=("guidance",),
            )
            for key, text in item["guidance"].items():
                _text(text, path + ("guidance", key))
        questions.append(Question(question_id, kind, tuple(options), ask_when, default, optional, times))
        known[question_id] = "scored question" if scored else "question"
        known.answers[question_id] = tuple(values)
        known.types[question_id] = "list" if kind == "multiple" else "text"
    return questions


def _options(raw: object, path: tuple) -> tuple[Option, ...]:
    options: list[Option] = []
    for index, item in enumerate(_list(raw, path, minimum=2)):
        option_path = path + (index,)
        item = _expect(item, dict, option_path, "each option needs value and label", fields=("options",))
        value = _identifier(item.get("value"), option_path + ("value",), "an answer value")
        if any(o.value == value for o in options):
            raise DefinitionError(
                option_path + ("value",), f"the answer value '{value}' is used twice", "give each answer its own value"
            )
        _text(item.get("label"), option_path + ("label",), what="a label")
        points = item.get("points")
        if points is not None and (not isinstance(points, (int, float)) or isinstance(points, bool)):
            raise DefinitionError(option_path + ("points",), "points must be a number", "for example points: 2")
        if points is not None and not abs(points) <= MAX_NUMBER:
            raise DefinitionError(
                option_path + ("points",), f"points must be at most {MAX_NUMBER:,.0f}", "for example points: 2"
            )
        options.append(Option(value, points))
    return tuple(options)


class _Names(dict[str, str]):
    """The names a condition may use (name → kind), with each question's answer values to check typos against."""

    def __init__(self, names: Mapping[str, str] | None = None, **more: str) -> None:
        super().__init__(names or {}, **more)
        self.answers: dict[str, tuple[str, ...]] = {}
        # name → "text", "list", "number", "bool", or None: what it holds, where known
        self.types: dict[str, str | None] = {}


def _expression(source: object, known: _Names, path: tuple, ask_when: bool = False) -> Expression:
    """Compile a condition; `ask_when` keeps it to the part of the language the page evaluates (conditions.ASK_WHEN)."""
    try:
        return compile_expression(
            source, known, getattr(known, "answers", None), getattr(known, "types", None), ask_when=ask_when
        )
    except ConditionError as error:
        raise DefinitionError(path, error.message, error.hint, error.column) from None


def _identifier(value: object, path: tuple, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise DefinitionError(path, f"{what} needs an id", "ids use lowercase letters, digits and _")
    if not set(value) <= _ID_CHARS | {"-"} or not value[0].isalpha():
        raise DefinitionError(
            path, f"'{value}' is not a valid id", "ids start with a letter and use lowercase letters, digits and _"
        )
    return value


def _new_name(name: object, path: tuple, known: Mapping[str, str]) -> None:
    if not isinstance(name, str) or not name.isidentifier() or name in RESERVED:
        raise DefinitionError(path, f"'{name}' cannot be used as a name", "use lowercase letters, digits and _")
    if name in known:
        raise DefinitionError(
            path, f"the name '{name}' is already used by a {known[name].split()[-1]}", "choose another name"
        )


def _text(value: object, path: tuple, what: str = "a text") -> str:
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(path, f"{_dotted(path[-1:])} needs {what}", "write it in plain words")
    return value


def _list(value: object, path: tuple, minimum: int = 0) -> list[Any]:
    if not isinstance(value, list) or len(value) < minimum:
        plural = f"at least {minimum} item{'s' if minimum > 1 else ''}" if minimum else "a list"
        raise DefinitionError(
            path, f"{_dotted(path[-1:])} must be a list with {plural}", "start each item on its own line with '- '"
        )
    _at_most(value, path)
    return value


def _at_most(items: Sized, path: tuple) -> None:
    """Refuse more items than LIMITS allows for this field (options: under a question or in a scale)."""
    field_name = "options" if path[:1] == ("scales",) and len(path) == 2 else path[-1]
    limit = LIMITS.get(field_name) if isinstance(field_name, str) else None
    if limit is not None and len(items) > limit:
        raise DefinitionError(
            path,
            f"{_dotted(path[-1:])} has {len(items)} items; at most {limit} are allowed",
            "split the questionnaire into two, or join items that say the same thing",
        )


def _expect(value: object, kind: type[_T], path: tuple, message: str, fields: tuple | None = None) -> _T:
    """Check the type of a part of the definition and, for a mapping, that it has only known fields.
    Returns the value, so that the caller reads it as what it was checked to be."""
    if not isinstance(value, kind):
        raise DefinitionError(path, message)
    checked: _T = value
    if fields is not None and isinstance(value, dict):
        allowed = FIELDS[fields]
        written = schema.WRITTEN[fields]  # what an editor writes: without the build's plain-text twins
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(written), n=1)
                raise DefinitionError(
                    path + (key,),
                    f"'{key}' is not a field here",
                    f"did you mean '{close[0]}'?" if close else "fields here: " + ", ".join(sorted(written)),
                )
    return checked


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the definition"


# ── Answers ───────────────────────────────────────────────────────────────────────────────────


def parse_answers_file(text: object, questionnaire: Questionnaire) -> dict[str, Any]:
    """Read an answers file (contract 2) and return its checked answers, or raise AnswersError."""
    if not isinstance(text, str):
        raise AnswersError("the answers file is not text")
    if len(text.encode("utf-8", "surrogatepass")) > ANSWERS_FILE_LIMIT:
        raise AnswersError(
            f"the answers file is larger than {ANSWERS_FILE_LIMIT // 1024} KB, so it is not an answers file"
        )
    try:
        data = json.loads(text)
    except ValueError as error:
        where = f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        raise AnswersError(f"the answers file is not valid JSON{where}") from None
    except RecursionError:
        raise AnswersError("the answers file is nested too deeply to be an answers file") from None
    if not isinstance(data, dict):
        raise AnswersError("the answers file must hold an object with questionnaire, version and answers")
    if data.get("questionnaire") != questionnaire.id:
        named = data.get("questionnaire")
        shown = f'"{named}"' if isinstance(named, str) and len(named) <= 80 else "no questionnaire"
        raise AnswersError(f'this file is for {shown}, not for "{questionnaire.id}"')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise AnswersError("the answers file has no valid version number")
    if version > questionnaire.version:
        shown = str(version) if version < 1000 else "a number"  # never echo a file's thousand-digit number back
        raise AnswersError(
            f"the answers file is version {shown}, newer than this questionnaire "
            f"(version {questionnaire.version}); use the site it was saved from"
        )
    if "answers" not in data:
        raise AnswersError("the answers file has no answers")
    return check_answers(data["answers"], questionnaire)


def check_answers(answers: object, questionnaire: Questionnaire) -> dict[str, Any]:
    """Check each answer's id, type and value. Returns a new dict; raises AnswersError naming the fault."""
    if not isinstance(answers, dict):
        raise AnswersError("answers must be an object of question id: answer")
    checked: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = next((q for q in questionnaire.questions if q.id == question_id), None)
        if question is None:
            shown = question_id if len(str(question_id)) <= 60 else str(question_id)[:60] + "…"
            raise AnswersError(f'unknown question "{shown}"')
        allowed = question.values()
        if question.kind == "multiple":
            if not isinstance(value, list):
                raise AnswersError(f'"{question_id}" must be a list of values, such as ["{allowed[0]}"]')
            for item in value:
                if not isinstance(item, str):
                    raise AnswersError(f'"{question_id}" must be a list of text values')
                if item not in allowed:
                    raise AnswersError(
                        f'"{question_id}" has the value "{_short(item)}", expected some of: {", ".join(allowed)}'
                    )
            if len(set(value)) != len(value):
                raise AnswersError(f'"{question_id}" lists the same value twice')
            checked[question_id] = [v for v in allowed if v in value]  # the definition's order
        else:
            if not isinstance(value, str):
                raise AnswersError(f'"{question_id}" must be one text value, one of: {", ".join(allowed)}')
            if value not in allowed:
                raise AnswersError(
                    f'"{question_id}" has the value "{_short(value)}", expected one of: {", ".join(allowed)}'
                )
            checked[question_id] = value
    return checked


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


# ── Scoring ───────────────────────────────────────────────────────────────────────────────────


def asked(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: questions not asked are dropped, asked but unanswered ones take their default.

    Follow-up conditions read the answers to earlier questions, so questions are walked in order.
    """
    env: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.ask_when is not None and not question.ask_when.evaluate(env, _points(questionnaire, env)):
            env[question.id] = [] if question.kind == "multiple" else None
            continue
        answer = answers.get(question.id)
        if answer is None or answer == []:
            answer = question.default if question.kind == "single" else []
        env[question.id] = answer
    return env


def decide(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[Rule]]:
    """For checked answers: every name a condition can read (the answers as asked, the values, each finding
    and the band), and the findings that held, in the definition's order."""
    env = asked(questionnaire, answers)
    points = _points(questionnaire, env)
    for name, expression in questionnaire.values:
        env[name] = expression.evaluate(env, points)
    fired: list[Rule] = []
    for rule in questionnaire.rules:
        env[rule.id] = bool(rule.when.evaluate(env, points))
        if env[rule.id]:
            fired.append(rule)
    env["band"] = next(b for b in questionnaire.bands if b.when.evaluate(env, points)).id
    return env, fired


def score(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Score checked answers into the result: band, focus, notes and the reasons behind them."""
    answers = check_answers(dict(answers), questionnaire)
    env, fired = decide(questionnaire, answers)
    points = _points(questionnaire, env)
    notes = [note.id for note in questionnaire.notes if note.when.evaluate(env, points)]
    focus = questionnaire.focus.evaluate(env, points) if questionnaire.focus is not None else []
    if not isinstance(focus, list):
        focus = [] if focus is None else [focus]
    levels = {q.id: points(q.id) for q in questionnaire.questions if q.times}
    return {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "band": env["band"],
        "focus": [str(item) for item in focus],
        "notes": notes,
        "reasons": [
            {
                "rule": rule.id,
                "question": rule.question,
                "answer": env.get(rule.question) if rule.question else None,
                "because": rule.because,
            }
            for rule in fired
        ],
        "answers": {q.id: env[q.id] for q in questionnaire.questions if env[q.id] not in (None, [])},
        "areas": sorted(
            ({"question": qid, "level": level} for qid, level in levels.items() if level),
            key=lambda area: -area["level"],
        ),
        "day": _day_map(questionnaire, env, levels),
        # The letter kit's letters for this result: those with no `when`, or whose `when` holds.
        "letters": [
            letter_id for letter_id, when in questionnaire.letters if when is None or when.evaluate(env, points)
        ],
    }


def _day_map(
    questionnaire: Questionnaire, env: Mapping[str, Any], levels: Mapping[str, Number | None]
) -> list[dict[str, Any]]:
    """For each part of the day, in order: how much adult help (the highest level of the areas touching it,
    raised to the highest level of any area where the parent picked that time), and which areas need it.

    An area touches the times listed with it in the definition (`times:`), or, when the parent picked times
    and none of them is one of the area's, the picked times."""
    day = questionnaire.day
    if day is None:
        return []
    picked = env.get(day.question) or [] if day.question else []
    picked = picked if isinstance(picked, list) else [picked]
    every = day.all is not None and day.all in picked
    peak = max((level for level in levels.values() if level is not None), default=0)
    # The parent's picks are more specific than an area's usual times: an area whose usual times were none of
    # the picked ones (meltdowns "only at recess", usually drawn in lessons) is drawn at the picked times instead.
    specific = [time for time in picked if time in day.times] if not every else []
    times_of = {
        q.id: (q.times if not specific or set(q.times) & set(specific) else tuple(specific))
        for q in questionnaire.questions
        if q.times
    }
    needed = {qid: level for qid, level in levels.items() if level}  # the areas that need some help
    rows = []
    for time in day.times:
        touching = [qid for qid, times in times_of.items() if time in times and qid in needed]
        level = max((needed[qid] for qid in touching), default=0)
        chosen = every or time in picked
        if chosen:
            level = max(level, peak)
        rows.append(
            {"time": time, "level": level, "picked": chosen, "areas": sorted(touching, key=lambda qid: -needed[qid])}
        )
    return rows


def _points(questionnaire: Questionnaire, env: Mapping[str, Any]) -> Callable[[str], Number | None]:
    def points(question_id: str) -> Number | None:
        return questionnaire.question(question_id).points_of(env.get(question_id))

    return points
