"""The questionnaire schema: every field a definition may have, in which part of it, and what kind of value it holds.

Declared here once, and only here (tests/test_schema.py fails when another module lists field names). The rest is
derived from it:
- the engine's refusal of an unknown field, with its did-you-mean (engine.FIELDS is `FIELDS`);
- which texts are Markdown, inline or block, and how the build renders them (authoring/definition.py);
- which texts a parent reads, measured for their reading grade (authoring/checks.py) and translated
  (authoring/translation.py);
- the one normalisation of a definition for the browser (`normalise`): each question's scale resolved into its own
  options with the question's hints merged in, and every label also as plain text, so that the page script, the
  form and the worker read options instead of working them out.

Standard library only: it ships to the browser with the engine (quiz/core).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

# ── Kinds of value ────────────────────────────────────────────────────────────────────────────

ID = "id"  # an identifier: lowercase letters, digits and _
NUMBER = "number"
FLAG = "flag"  # true or false
CHOICE = "choice"  # one word from a fixed set (a question's kind: single or multiple)
ANSWER = "answer"  # one of a question's answer values
QUESTION = "question"  # the id of a question
SCALE = "scale"  # the name of one of the definition's scales
IDS = "ids"  # a list of ids
CONDITION = "condition"  # an expression in the condition language (quiz/core/conditions.py)
CONDITIONS = "conditions"  # a mapping of name: condition (values:)
INLINE = "inline Markdown"  # rendered to an inline fragment, without <p>
BLOCK = "block Markdown"  # rendered to HTML that may hold paragraphs
PLAIN = "plain text"  # words a parent reads that are not Markdown: letter templates, an area's short name
INLINE_LIST = "list of inline Markdown"
PLAIN_LIST = "list of plain texts"
HINTS = "hints"  # a mapping of answer value: inline Markdown
PLAIN_TWIN = "plain twin"  # written by the build only: the plain text of the field it is named after (label_text)
DATA = "data"  # read and checked by its own module (examples, guarantees), or not read by the engine


class Part:
    """A field holding one mapping whose fields are the section `section`."""

    def __init__(self, section: str):
        self.section = section


class Items(Part):
    """A field holding a list of mappings, each one of `section`."""


class Named(Part):
    """A field holding a mapping of name: list of mappings of `section` (scales: name → options)."""


# ── The fields ────────────────────────────────────────────────────────────────────────────────

# Each part of a definition: field → kind. () is the top level; a nested part is named by its field.
SCHEMA: dict[tuple, dict[str, Any]] = {
    (): {
        "id": ID,
        "version": NUMBER,
        "title": INLINE,
        "category": DATA,
        "topics": DATA,
        "description": BLOCK,
        "intro": BLOCK,
        "scales": Named("options"),
        "questions": Items("questions"),
        "values": CONDITIONS,
        "rules": Items("rules"),
        "bands": Items("bands"),
        "notes": Items("notes"),
        "focus": CONDITION,
        "examples": DATA,
        "scoring_guide": BLOCK,
        "day": Part("day"),
        "questions_to_ask": INLINE_LIST,
        "what_to_bring": INLINE_LIST,
        "tracking": BLOCK,
        "letter": PLAIN,  # the single letter's template, with {placeholders}
        "letters": Items("letters"),
        "guarantees": DATA,  # read and proven by quiz/authoring/guarantees.py
    },
    ("questions",): {
        "id": ID,
        "title": INLINE,
        "title_text": PLAIN_TWIN,
        "hint": INLINE,
        "hints": HINTS,
        "scale": SCALE,
        "options": Items("options"),
        "kind": CHOICE,
        "ask_when": CONDITION,
        "asked_if": INLINE,
        "default": ANSWER,
        "optional": FLAG,
        "area": PLAIN,
        "times": IDS,
        "guidance": Part("guidance"),
    },
    ("guidance",): {"looks_like": BLOCK, "try_first": BLOCK, "independence": BLOCK},  # support for one area
    ("day",): {"question": QUESTION, "all": ANSWER, "times": IDS, "levels": PLAIN_LIST},  # the day map, in order
    ("options",): {"value": ANSWER, "label": INLINE, "label_text": PLAIN_TWIN, "hint": INLINE, "points": NUMBER},
    ("rules",): {"id": ID, "question": QUESTION, "when": CONDITION, "because": BLOCK},
    ("bands",): {
        "id": ID,
        "rank": NUMBER,
        "when": CONDITION,
        "title": INLINE,
        "summary": BLOCK,
        "looks_like": BLOCK,
        "next_steps": DATA,
        "paper": BLOCK,
    },  # paper: the paper guide's step for this band
    ("notes",): {"id": ID, "when": CONDITION, "title": INLINE, "text": BLOCK, "urgent": FLAG},  # urgent: shown first
    # The letter kit (quiz/web/letter.js): body is plain text with {placeholders}; when, a condition on the result.
    ("letters",): {"id": ID, "title": INLINE, "hint": INLINE, "when": CONDITION, "body": PLAIN},
}

TWIN_SUFFIX = "_text"  # label → label_text: a PLAIN_TWIN field is named after its Markdown field


def _named(*kinds: str) -> frozenset[str]:
    return frozenset(name for fields in SCHEMA.values() for name, kind in fields.items() if kind in kinds)


# Derived views, for the modules that ask "which fields are…"
FIELDS: dict[tuple, frozenset[str]] = {section: frozenset(fields) for section, fields in SCHEMA.items()}  # accepted
WRITTEN: dict[tuple, frozenset[str]] = {
    section: frozenset(name for name, kind in fields.items() if kind != PLAIN_TWIN)
    for section, fields in SCHEMA.items()
}  # what an editor writes
INLINE_TEXT = _named(INLINE, INLINE_LIST)  # Markdown rendered without <p>; in a list, each item
BLOCK_TEXT = _named(BLOCK)  # Markdown that may hold paragraphs
PLAIN_TEXT = _named(PLAIN, PLAIN_LIST)  # read by a parent, not Markdown
TEXT_FIELDS = INLINE_TEXT | BLOCK_TEXT | PLAIN_TEXT  # every field holding words a parent reads (and `hints`)
NOT_TEXTS = frozenset(name for name, kind in SCHEMA[()].items() if kind in (DATA, CONDITIONS))  # no words inside
MARKDOWN_KINDS = {INLINE: True, INLINE_LIST: True, HINTS: True, BLOCK: False}  # kind → rendered inline?


def lists_of_texts(section: tuple) -> list[str]:
    """The fields of a part that hold a list of Markdown texts, in the schema's order."""
    return [name for name, kind in SCHEMA[section].items() if kind == INLINE_LIST]


def texts(data: Mapping[str, Any], section: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Every text a parent reads, in the file's order: (path, kind, text). A list of texts gives each item, hints
    each hint; only the parts the schema declares are walked (a value named `title` is a condition, not a text)."""
    yield from _walk(data, section, ())


def _walk(data: object, section: tuple, path: tuple) -> Iterator[tuple[tuple, str, str]]:
    if not isinstance(data, Mapping):
        return
    fields = SCHEMA.get(section, {})
    for key, value in data.items():
        kind = fields.get(key)
        at = path + (key,)
        if isinstance(kind, Part):
            child = (kind.section,)
            if isinstance(kind, Named) and isinstance(value, Mapping):
                for name, items in value.items():
                    for index, item in enumerate(items if isinstance(items, list) else []):
                        yield from _walk(item, child, at + (name, index))
            elif isinstance(kind, Items) and isinstance(value, list):
                for index, item in enumerate(value):
                    yield from _walk(item, child, at + (index,))
            elif not isinstance(kind, (Items, Named)):
                yield from _walk(value, child, at)
        elif kind in (INLINE, BLOCK, PLAIN) and isinstance(value, str):
            yield at, kind, value
        elif kind in (INLINE_LIST, PLAIN_LIST) and isinstance(value, list):
            yield from ((at + (index,), kind, text) for index, text in enumerate(value) if isinstance(text, str))
        elif kind == HINTS and isinstance(value, Mapping):
            yield from ((at + (answer,), kind, text) for answer, text in value.items() if isinstance(text, str))


def map_texts(data: Mapping[str, Any], change: Callable[[str, str], str]) -> dict[str, Any]:
    """A copy of a definition with `change(kind, text)` applied to every text the schema declares (deep-copied
    otherwise, so the copy shares nothing with `data`)."""
    import copy

    result = copy.deepcopy(dict(data))
    for path, kind, text in list(texts(result)):
        holder: Any = result
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = change(kind, text)
    return result


# ── The one normalisation ─────────────────────────────────────────────────────────────────────


def options_of(definition: Mapping[str, Any], question: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A question's options, written inline or through a named scale, each with the question's own hint for that
    answer (`hints:`) in place of the scale's."""
    options = question.get("options")
    if options is None:
        options = (definition.get("scales") or {}).get(question.get("scale"), [])
    hints = question.get("hints") or {}
    resolved = []
    for option in options:
        option = dict(option)
        if hints.get(option.get("value")) is not None:
            option["hint"] = hints[option["value"]]
        if option.get("hint") is None:
            option.pop("hint", None)
        resolved.append(option)
    return resolved


def normalise(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The definition as the browser reads it: no `scales`, and each question with its own `options` (hints merged
    in, no `scale` or `hints` left), every option's label and every question's title also as plain text
    (`label_text`, `title_text`, from the HTML when the texts are already rendered). The engine loads this form
    as it loads the source form: it is a definition whose questions all have their options inline."""
    result = {key: value for key, value in definition.items() if key != "scales"}
    questions = []
    for question in definition.get("questions") or []:
        item = {key: value for key, value in question.items() if key not in ("scale", "hints", "options")}
        item["options"] = [
            dict(option, label_text=plain_text(option.get("label"))) for option in options_of(definition, question)
        ]
        item["title_text"] = plain_text(question.get("title"))
        questions.append(item)
    result["questions"] = questions
    return result


def plain_text(html: object) -> str:
    """The text of a piece of HTML, as a browser's textContent gives it, with runs of white space made one space."""
    if not isinstance(html, str):
        return ""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


__all__ = [
    "BLOCK_TEXT",
    "FIELDS",
    "INLINE_TEXT",
    "NOT_TEXTS",
    "PLAIN_TEXT",
    "SCHEMA",
    "TEXT_FIELDS",
    "WRITTEN",
    "lists_of_texts",
    "map_texts",
    "normalise",
    "options_of",
    "plain_text",
    "texts",
]
