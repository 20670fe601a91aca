"""The UI words of quiz/web/strings.js, read from Python: for the words the build writes into a page (the form's
"Question 1 of 12", the paper version's headings), and to stop a language's build when its table lacks a key.

strings.js is the one table of UI words for every language (the browser imports it); this reads its
`STRINGS = Object.freeze({ en: {...}, es: {...} })` literal: each language's block opens with `  <code>: {` and
holds `"key": "text",` entries (a text may start on the next line). tests/test_ui_strings.py checks that this
reading finds exactly what node finds when it imports the module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STRINGS_JS = Path(__file__).resolve().parent.parent / "web" / "strings.js"
_BLOCK = re.compile(r"^  ([a-z]{2,3}(?:-[A-Za-z0-9]+)?|\"[a-z]{2,3}-[A-Za-z0-9]+\"): \{\s*$")
_ENTRY = re.compile(r'^\s*"([\w.-]+)":\s*("(?:[^"\\]|\\.)*")?,?\s*(?://.*)?$')
_CONTINUED = re.compile(r'^\s*("(?:[^"\\]|\\.)*"),?\s*(?://.*)?$')


@dataclass(frozen=True)
class Entry:
    text: str
    line: int  # in strings.js


class UIStringsError(ValueError):
    """strings.js could not be read, or a language lacks a key; names the file, the line and the key."""


@lru_cache(maxsize=4)
def _tables(path: Path, mtime: int) -> dict:
    tables: dict = {}
    current = None
    pending = None  # a key whose text is on the next line
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("export const STRINGS")), None)
    if start is None:
        raise UIStringsError(f"{path}: no `export const STRINGS` table")
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("});"):
            break
        block = _BLOCK.match(line)
        if block:
            current = tables.setdefault(block.group(1).strip('"'), {})
            continue
        if current is None:
            continue
        if line.startswith("  },"):
            current = None
            continue
        if pending is not None:
            continued = _CONTINUED.match(line)
            if continued:
                current[pending[0]] = Entry(json.loads(continued.group(1)), pending[1])
                pending = None
                continue
        entry = _ENTRY.match(line)
        if entry:
            if entry.group(2) is None:
                pending = (entry.group(1), number)
            else:
                current[entry.group(1)] = Entry(json.loads(entry.group(2)), number)
    return tables


def tables(path: Path = STRINGS_JS) -> dict:
    """{language: {key: Entry}} as strings.js declares them."""
    return _tables(path, path.stat().st_mtime_ns)


def text(key: str, lang: str = "en", path: Path = STRINGS_JS, **values: object) -> str:
    """The text for `key` in `lang` (else its base language, else English), `{name}` filled from `values`."""
    found = tables(path)
    for code in dict.fromkeys([lang, lang.split("-")[0], "en"]):
        entry = found.get(code, {}).get(key)
        if entry is not None:
            return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), entry.text)
    raise UIStringsError(f'{path}: no text for "{key}"')


def missing(lang: str, path: Path = STRINGS_JS) -> list:
    """A message for each English key that `lang`'s table lacks (and each it has that English does not)."""
    found = tables(path)
    english = found.get("en", {})
    if lang == "en":
        return []
    table = found.get(lang)
    shown = _show(path)
    if table is None:
        return [
            f"{shown}: no `{lang}` table in STRINGS (hint: copy the `en` table, translate each text, and keep the keys)"
        ]
    problems = [
        f'{shown}:{entry.line}: "{key}" has no {lang} text (hint: add it to the `{lang}` table, '
        f'translating "{_short(entry.text)}")'
        for key, entry in english.items()
        if key not in table
    ]
    problems += [
        f'{shown}:{entry.line}: "{key}" is in the `{lang}` table but not in `en` (hint: remove it, or correct the key)'
        for key, entry in table.items()
        if key not in english
    ]
    return problems


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _show(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
