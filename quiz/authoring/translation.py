"""Questionnaires in other languages: a text table per questionnaire per language, laid over the English file.

Answer ids and values are the same in every language; only texts differ. So a translation is not a second
questionnaire: `docs-es/questionnaires/paraprofessional-support.yml` holds only the Spanish texts, keyed by the
ids of the English file (`docs/questionnaires/paraprofessional-support.yml`), which keeps the structure, the
rules and the guarantees in one place. The table mirrors the English file, with each list of items that have
an `id` (questions, rules, bands, notes) or a `value` (options) written as a mapping from that id:

    title: Qué apoyo pedir
    questions:
      academics:
        title: En clase, ¿con qué frecuencia…?
        hints: {never: …, sometimes: …}
        guidance: {looks_like: …, try_first: …, independence: …}
      safety_where:
        options: {in_room: {label: …}, in_building: {label: …}}
    scales: {help: {never: {label: Nunca}, …}}
    bands: {classroom: {title: …, summary: …, paper: …}}
    day: {levels: [Sin ayuda, …]}
    english: [letter]          # keys left in English on purpose (a key, or a prefix such as bands.classroom)

Every text of the English file must have a translation or be listed under `english:`, and every key must be a
text of the English file; otherwise the build stops naming the table's file, line and key, and the English
line to translate. The overlaid definition is checked by the engine like any other (a letter's placeholders,
for instance), and its errors point into the table for a translated text, into the English file otherwise.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import engine, schema
from . import definition
from .definition import QuestionnaireFileError, Source

# The fields that hold words a parent reads, Markdown or plain text (`area`, a question's short name; `levels`,
# the day map's labels; the letters' templates), as quiz/core/schema.py declares them.
TEXT_FIELDS = schema.TEXT_FIELDS
# Data for the engine and for editors (examples, guarantees, values): the same in every language.
NOT_TEXTS = schema.NOT_TEXTS
ENGLISH = "english"  # the table's list of keys kept in English on purpose


class TranslationError(QuestionnaireFileError):
    """Every problem of one text table, each naming its file, line and key; str() lists them all."""

    def __init__(self, errors: list):
        first = errors[0]
        super().__init__(first.path, first.line, first.column, first.message, first.hint)
        self.errors = errors
        self.args = ("\n".join(str(error) for error in errors),)

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class Text:
    """One text of the English file: where it is in the data, its value, and its key in a table."""

    key: str
    path: tuple
    value: str | list[str]  # a list for questions_to_ask, what_to_bring, day.levels


@dataclass
class TranslatedSource(Source):
    """A definition whose texts come from a table: errors point into the table for a translated text."""

    english: Source | None = None
    table: Source | None = None
    language: str = ""
    origins: dict = field(default_factory=dict)  # English data path → the table's data path

    def error(self, path: tuple, message: str, hint: str = "", column_offset: int = 0) -> QuestionnaireFileError:
        assert self.table is not None and self.english is not None  # set by load()
        path = tuple(path)
        for length in range(len(path), 0, -1):
            if path[:length] in self.origins:
                return self.table.error(self.origins[path[:length]] + path[length:], message, hint, column_offset)
        return self.english.error(path, message, hint, column_offset)

    def where(self, path: tuple) -> tuple:
        assert self.table is not None and self.english is not None  # set by load()
        path = tuple(path)
        for length in range(len(path), 0, -1):
            if path[:length] in self.origins:
                return self.table.where(self.origins[path[:length]])
        return self.english.where(path)


def english_texts(data: dict) -> dict:
    """Every text of an English definition, by its key in a table ("questions.academics.hint")."""
    found: dict = {}

    def walk(value: object, path: tuple, key: tuple) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                if not path and name in NOT_TEXTS:
                    continue
                if name == "hints" and isinstance(item, dict):
                    for option, hint in item.items():
                        if isinstance(hint, str):
                            found[".".join(key + (name, str(option)))] = Text(
                                ".".join(key + (name, str(option))), path + (name, option), hint
                            )
                elif name in TEXT_FIELDS and (isinstance(item, str) or _texts_list(item)):
                    found[".".join(key + (name,))] = Text(".".join(key + (name,)), path + (name,), item)
                else:
                    walk(item, path + (name,), key + (str(name),))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                name = item.get("id", item.get("value")) if isinstance(item, dict) else None
                if isinstance(name, str):
                    walk(item, path + (index,), key + (name,))

    walk(data, (), ())
    return found


def table_entries(table: Source) -> tuple:
    """A table's texts by key, with their data paths; and the `english:` list. Returns (entries, english)."""
    entries: dict = {}
    english = table.data.get(ENGLISH, [])

    def walk(value: object, path: tuple) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                if not path and name == ENGLISH:
                    continue
                walk(item, path + (name,))
        else:
            entries[".".join(str(part) for part in path)] = (path, value)

    walk(table.data, ())
    return entries, english


def load(english: Source, table_path: Path | str, language: str) -> TranslatedSource:
    """The English definition with the texts of `table_path` laid over it, checked. Raises TranslationError."""
    table_path = Path(table_path)
    try:
        table = definition.parse(_read(table_path), table_path, text_keys=True)
    except QuestionnaireFileError as error:
        raise TranslationError([error]) from None
    errors, data, origins = overlay(english, table, language)
    if errors:
        raise TranslationError(errors)
    source = TranslatedSource(
        path=table_path,
        data=data,
        lines=english.lines,
        english=english,
        table=table,
        language=language,
        origins=origins,
    )
    try:
        source.questionnaire = engine.load(data)
    except engine.DefinitionError as error:
        raise TranslationError([source.error(error.path, error.message, error.hint, error.column)]) from None
    return source


def overlay(english: Source, table: Source, language: str) -> tuple:
    """(errors, translated data, origins): the table's texts put in place in a copy of the English data."""
    texts = english_texts(english.data)
    entries, kept = table_entries(table)
    errors: list = []
    data = copy.deepcopy(english.data)
    origins: dict = {}
    english_name = _name(english.path)

    if not isinstance(kept, list) or not all(isinstance(key, str) for key in kept):
        errors.append(
            table.error(
                (ENGLISH,),
                "english: must be a list of keys kept in English on purpose",
                "for example  english: [letter, bands.classroom.paper]",
            )
        )
        kept = []
    covered: set = set()
    for index, key in enumerate(kept):
        matched = {k for k in texts if k == key or k.startswith(key + ".")}
        if not matched:
            errors.append(
                table.error(
                    (ENGLISH, index),
                    f"'{key}' under english: is not a text of {english_name}",
                    _did_you_mean(key, texts),
                )
            )
        both = sorted(k for k in matched if k in entries)
        if both:
            errors.append(
                table.error(
                    entries[both[0]][0],
                    f"'{both[0]}' is translated and also listed under english:",
                    "remove one of the two",
                )
            )
        covered |= matched

    for key, (path, value) in entries.items():
        text = texts.get(key)
        if text is None:
            errors.append(
                table.error(
                    path,
                    f"'{key}' is not a text of {english_name}",
                    _did_you_mean(key, texts) or "remove it, or add the text to the English file first",
                )
            )
            continue
        if isinstance(text.value, str):
            if not isinstance(value, str) or not value.strip():
                errors.append(table.error(path, f"'{key}' needs a text", "write the translation after the colon"))
                continue
        else:
            if not _texts_list(value):
                errors.append(
                    table.error(
                        path,
                        f"'{key}' must be a list of texts, as in the English",
                        "start each item on its own line with '- '",
                    )
                )
                continue
            if key == "day.levels" and len(value) != len(text.value):
                errors.append(
                    table.error(
                        path,
                        f"'{key}' needs {len(text.value)} labels, one for each level of "
                        f"the English (it has {len(value)})",
                        "one label per level, in order",
                    )
                )
                continue
        _put(data, text.path, value)
        origins[text.path] = path

    for key, text in texts.items():
        if key in entries or key in covered:
            continue
        line, _ = english.where(text.path)
        sample = text.value if isinstance(text.value, str) else "; ".join(text.value)
        sample = " ".join(sample.split())
        sample = sample if len(sample) <= 60 else sample[:57] + "..."
        errors.append(
            table.error(
                _nearest(table, key),
                f"'{key}' has no translation ({language})",
                f'translate {english_name}:{line} ("{sample}"), or list the key under '
                "english: to keep it in English on purpose",
            )
        )
    return errors, data, origins


def tables(english_path: Path | str, config: Path | str = "mkdocs.yml") -> list:
    """[(language code, table path)] for an English questionnaire file: the same path in each other language's
    docs folder (mkdocs.<code>.yml's docs_dir), whether or not the table exists yet. None for a file outside
    the English docs folder, or a site with one language."""
    from ..site import languages  # reads the site's config files (plain YAML); no MkDocs needed

    config = Path(config)
    if not config.is_file():
        return []
    site = languages.discover(config)
    try:
        relative = Path(english_path).resolve().relative_to(site.default.docs_dir)
    except ValueError:
        return []
    return [(language.code, _relative(language.docs_dir / relative)) for language in site.languages[1:]]


def stale_keys(english: Source, table: Source) -> list:
    """Keys of the table that the English file no longer has (renamed or removed texts)."""
    texts = english_texts(english.data)
    return [key for key in table_entries(table)[0] if key not in texts]


def skeleton(english: Source, language: str) -> str:
    """A table with every key of the English file and no texts, for a translator to fill in (YAML)."""
    lines = [
        f"# {language} texts for {_name(english.path)}. Fill in each text; a key left out fails the build.",
        "# Keep a text in English on purpose by listing its key under english: below.",
        "english: []",
    ]
    written: list = []
    for key, text in english_texts(english.data).items():
        parts = key.split(".")
        common = 0
        while common < min(len(parts) - 1, len(written)) and written[common] == parts[common]:
            common += 1
        for depth in range(common, len(parts) - 1):
            lines.append("  " * depth + parts[depth] + ":")
        written = parts[:-1]
        indent = "  " * (len(parts) - 1)
        if isinstance(text.value, list):
            lines.append(f"{indent}{parts[-1]}:")
            lines += [f"{indent}  - ''" for _ in text.value]
        else:
            lines.append(f"{indent}{parts[-1]}: ''")
    return "\n".join(lines) + "\n"


# ── helpers ───────────────────────────────────────────────────────────────────────────────────


def _texts_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item.strip() for item in value)


def _put(data: Any, path: tuple, value: object) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _nearest(table: Source, key: str) -> tuple:
    """The table path of the deepest part of `key` the table has (its line is where to add the text)."""
    parts = tuple(key.split("."))
    for length in range(len(parts) - 1, 0, -1):
        if parts[:length] in table.lines:
            return parts[:length]
    return ()


def _did_you_mean(key: str, texts: dict) -> str:
    close = difflib.get_close_matches(key, list(texts), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else ""


def _relative(path: Path) -> Path:
    """`path` from the folder the command runs in, when it is inside it: what an editor's messages show."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _name(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise QuestionnaireFileError(path, 1, 1, f"cannot read the file ({error.strerror or error})") from None
    if len(data) > definition.MAX_FILE_BYTES:
        raise QuestionnaireFileError(path, 1, 1, f"the file is larger than {definition.MAX_FILE_BYTES // 1024} KB")
    return definition._decode(data, path)


__all__ = [
    "TEXT_FIELDS",
    "Text",
    "TranslatedSource",
    "TranslationError",
    "english_texts",
    "load",
    "overlay",
    "skeleton",
    "stale_keys",
    "table_entries",
    "tables",
]
