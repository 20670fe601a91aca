"""Reading questionnaire files: YAML with line numbers, checked by the engine, texts rendered from Markdown.

Content editors write these files, so every problem is reported as `file:line:column: message (hint)`.
PyYAML's composer keeps a mark for every node; we build plain dicts and lists from the nodes and keep a map
from each field's path to its line, which turns the engine's DefinitionError path into a place in the file.

Editors copy YAML from anywhere and nonprofits merge volunteers' pull requests, so the work of reading a file
is bounded before it starts, and every refusal is a QuestionnaireFileError at the line and column where the
problem is (docs/editors/questionnaires.md, "Limits", lists each with its message):
- the file's size is checked before it is read (MAX_FILE_BYTES);
- it must be UTF-8 text without control characters: an undecodable byte or a NUL is reported where it is;
- YAML anchors (&name) and aliases (*name) are refused where they start: an alias repeats a part of the
  file without writing it out, and a chain of them grows without end;
- lists and mappings nest at most MAX_DEPTH deep, and the file holds at most MAX_NODES fields, list items
  and values: the composer is stopped at the node that goes beyond (so reading any file takes well under 1 s);
- only plain scalars are built: texts, whole and decimal numbers (at most conditions.MAX_NUMBER in size),
  true/false and null; a date stays the text it is written as; any other tag, and a list or mapping used
  as a key, is refused;
- how many questions, options, rules… a definition may have is the engine's (engine.LIMITS), so the same
  limits hold for a definition the browser loads.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml

from ..core import conditions, engine, schema

MAX_FILE_BYTES = 256 * 1024  # the flagship questionnaire is about 45 KB
MAX_DEPTH = 20  # lists and mappings inside one another; the flagship needs 5
MAX_NODES = 20_000  # fields, list items and values; the flagship has about 2,000

# Fields whose text is Markdown (declared in quiz/core/schema.py). Inline ones become a fragment without <p>; block
# ones may hold paragraphs. A list under one of these keys (questions_to_ask: [...]) has each of its items rendered.
INLINE_TEXT = schema.INLINE_TEXT
BLOCK_TEXT = schema.BLOCK_TEXT


class QuestionnaireFileError(ValueError):
    """A questionnaire file with a problem, located to its line and column."""

    def __init__(self, path: Path, line: int, column: int, message: str, hint: str = ""):
        self.path, self.line, self.column, self.message, self.hint = path, line, column, message, hint
        super().__init__(f"{path}:{line}:{column}: {message}" + (f" (hint: {hint})" if hint else ""))


@dataclass
class Source:
    """A questionnaire file as read: its data, where each field is, and the checked engine object."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path tuple → (line, column), both from 1
    questionnaire: engine.Questionnaire | None = None  # set by load_file (or translation.load), once checked

    def checked(self) -> engine.Questionnaire:
        """The engine's questionnaire: a file read by load_file has one; one only parsed has none yet."""
        if self.questionnaire is None:
            raise ValueError(f"{self.path} has been parsed but not checked: read it with load_file")
        return self.questionnaire

    def where(self, path: tuple) -> tuple[int, int]:
        """The line and column of a field, or of its nearest enclosing field that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, (1, 1))

    def error(self, path: tuple, message: str, hint: str = "", column_offset: int = 0) -> QuestionnaireFileError:
        line, column = self.where(path)
        return QuestionnaireFileError(self.path, line, column + max(column_offset - 1, 0), message, hint)


def load_file(path: Path | str) -> Source:
    """Read and check one questionnaire file. Raises QuestionnaireFileError naming the file, line and fix."""
    path = Path(path)
    source = parse(read_text(path), path)
    try:
        source.questionnaire = engine.load(source.data)
    except engine.DefinitionError as error:
        raise source.error(error.path, error.message, error.hint, error.column) from None
    _check_texts(source)
    return source


# Python-Markdown's work grows faster than a text's length where Markdown marks pile up (a few thousand
# unclosed '[' take minutes), so the texts the build renders are bounded: each text's length, and the marks
# in all of them. The flagship's longest text has 864 characters, and all its texts hold 48 marks, no '[' or '<'.
MAX_TEXT = 5_000  # characters in one text
MAX_MARKS = 2_000  # Markdown marks ([ ] < > * _ ` ! \) in all the file's texts
MAX_BRACKETS = 300  # of which '[' and '<' (links, abbreviations, HTML), the costliest to render
_MARKS = "[]<>*_`!\\"


def _check_texts(source: Source) -> None:
    """Refuse, at the text that passes it, a text longer than MAX_TEXT or marks beyond MAX_MARKS or MAX_BRACKETS."""
    marks = brackets = 0
    stack: list[tuple[tuple, object, object]] = [((), source.data, None)]  # (path, value, the key it is under)
    while stack:
        at, value, key = stack.pop()
        if isinstance(value, dict):
            stack.extend((at + (k,), v, key if key == "hints" else k) for k, v in reversed(list(value.items())))
        elif isinstance(value, list) and key != "examples":
            stack.extend((at + (i,), v, key) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, str) and key in INLINE_TEXT | BLOCK_TEXT | {"hints"}:
            if len(value) > MAX_TEXT:
                raise source.error(
                    at,
                    f"this text has {len(value):,} characters; a text may have at most {MAX_TEXT:,}",
                    "split it, or move it into the questionnaire's Markdown page",
                )
            marks += sum(value.count(mark) for mark in _MARKS)
            brackets += value.count("[") + value.count("<")
            if marks > MAX_MARKS or brackets > MAX_BRACKETS:
                what = (
                    f"{MAX_BRACKETS} of the marks [ and <"
                    if brackets > MAX_BRACKETS
                    else f"{MAX_MARKS:,} Markdown marks ([ ] < > * _ ` ! \\)"
                )
                raise source.error(
                    at,
                    f"the texts up to here hold more than {what} in all",
                    "a questionnaire needs far fewer: remove stray marks, or write them as words",
                )


def read_text(path: Path) -> str:
    """A questionnaire file's text (or a translation table's): its size checked before it is read, then UTF-8."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size <= MAX_FILE_BYTES:  # a larger file is refused without reading it
                data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise QuestionnaireFileError(path, 1, 1, f"cannot read the file ({error.strerror or error})") from None
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise QuestionnaireFileError(
            path,
            1,
            1,
            f"the file is larger than {MAX_FILE_BYTES // 1024} KB, the most a questionnaire file may be",
            "split it into two questionnaires, or move long texts into the Markdown pages",
        )
    return _decode(data, path)


def parse(text: str, path: Path, text_keys: bool = False) -> Source:
    """YAML text → Source with line numbers. Duplicate keys are errors (PyYAML would silently keep the last).
    `text_keys`: every key is the text written (a translation table's `yes:` is the answer value "yes", not True)."""
    text = text[1:] if text.startswith("\ufeff") else text  # a byte-order mark (Windows editors) is not a column
    _check_characters(text, path)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if isinstance(error, _Refused):
                raise QuestionnaireFileError(path, line, column, error.problem, error.hint) from None
            problem = getattr(error, "problem", None) or str(error)
            context = getattr(error, "context", None)
            if context and str(context).startswith("expected"):
                problem = f"{context}, {problem}"  # "expected a single document…, but found another document"
            raise QuestionnaireFileError(
                path,
                line,
                column,
                f"this is not valid YAML: {problem}",
                "check the indentation, and put quotes around texts that contain ': ' or start with a symbol",
            ) from None
        if node is None:
            raise QuestionnaireFileError(path, 1, 1, "the file is empty", "start with id:, version: and questions:")
        source = Source(path=path, data={})
        data = _build(node, (), source.lines, path, loader, text_keys)
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise QuestionnaireFileError(
            path, 1, 1, "the file must be a mapping of fields", "start with id: your-questionnaire"
        )
    source.data = data
    return source


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 bytes → text; a byte that is not UTF-8 is reported at its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8", "replace")) + 1
        raise QuestionnaireFileError(
            path,
            line,
            column,
            f"this file is not UTF-8 text: the byte 0x{data[error.start]:02X} here cannot be read",
            "save the file as UTF-8 (in most editors: Save As, then Encoding: UTF-8)",
        ) from None


def _check_characters(text: str, path: Path) -> None:
    """A NUL or another control character YAML refuses, reported where it is (PyYAML would say line 1)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return
    position = found.start()
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = found.group()
    what = (
        "a NUL character (a zero byte)"
        if character == "\0"
        else f"an invisible control character (U+{ord(character):04X})"
    )
    raise QuestionnaireFileError(
        path,
        line,
        column,
        f"there is {what} here",
        "delete it (most editors do not show it), and save the file as UTF-8 text",
    )


class _Refused(yaml.YAMLError):
    """Something the bounded loader will not compose, at the mark where its event starts."""

    def __init__(self, event: yaml.Event | None, problem: str, hint: str):
        super().__init__(problem)
        self.problem_mark = event.start_mark if event is not None else None
        self.problem, self.hint = problem, hint


try:  # libyaml reads events about six times faster than PyYAML's own parser (measured: 250 KB, 0.5 s against 3.3 s)
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None  # type: ignore[assignment, misc]  # the optional import, which mypy cannot follow

if _CParser is not None:

    class _Reader(_CParser, yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml's parser, with PyYAML's Python composer (so that compose_node can be bounded below). The
        composer's methods are named here because libyaml's parser, first in the order, has its own."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.anchors: dict[str, yaml.Node] = {}

        get_single_node = yaml.composer.Composer.get_single_node
        compose_document = yaml.composer.Composer.compose_document
        compose_node = yaml.composer.Composer.compose_node
        compose_scalar_node = yaml.composer.Composer.compose_scalar_node
        compose_sequence_node = yaml.composer.Composer.compose_sequence_node
        compose_mapping_node = yaml.composer.Composer.compose_mapping_node

        def dispose(self) -> None:
            pass
else:  # pragma: no cover
    _Reader = yaml.SafeLoader  # type: ignore[assignment, misc]  # the same, all in Python: as above for mypy


class _Loader(_Reader):
    """PyYAML's safe loader, bounded: no anchors or aliases, and nesting at most MAX_DEPTH deep."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                event,
                "YAML anchors (&name) and aliases (*name) are not allowed",
                "write the part out in full each place it is needed",
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(
                event,
                f"the file has more than {MAX_NODES:,} fields, list items and values",
                "a questionnaire needs far fewer: split it into two questionnaires",
            )
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise _Refused(
                event,
                f"lists and mappings are nested more than {MAX_DEPTH} deep here",
                "a questionnaire never needs this; check the brackets and the indentation",
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _build(
    node: yaml.Node,
    at: tuple,
    lines: dict[tuple, tuple[int, int]],
    path: Path,
    loader: _Loader,
    text_keys: bool = False,
) -> object:
    # a column in a quoted text counts from after the quote
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    lines[at] = (node.start_mark.line + 1, node.start_mark.column + 1 + quoted)
    if isinstance(node, yaml.MappingNode):
        _plain_tag(node, "tag:yaml.org,2002:map", path)
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _error(
                    path,
                    key_node,
                    "a key must be a plain word, not a list or a mapping",
                    "write the key as a word followed by ': '",
                )
            key = key_node.value if text_keys else _scalar(key_node, path, loader)
            if key in result:
                raise _error(path, key_node, f"'{key}' appears twice here", "keep one of them")
            result[key] = _build(value_node, at + (key,), lines, path, loader, text_keys)
            if not isinstance(value_node, yaml.ScalarNode):  # a list or mapping is reported at its key
                lines[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        _plain_tag(node, "tag:yaml.org,2002:seq", path)
        return [_build(item, at + (index,), lines, path, loader, text_keys) for index, item in enumerate(node.value)]
    return _scalar(node, path, loader)


_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}


def _error(path: Path, node: yaml.Node, message: str, hint: str) -> QuestionnaireFileError:
    return QuestionnaireFileError(path, node.start_mark.line + 1, node.start_mark.column + 1, message, hint)


def _plain_tag(node: yaml.Node, tag: str, path: Path) -> None:
    if node.tag != tag:
        raise _error(
            path,
            node,
            f"the YAML tag {_short(node.tag)} is not allowed here",
            "remove it: a questionnaire file holds plain lists, fields and texts",
        )


def _scalar(node: yaml.Node, path: Path, loader: _Loader) -> object:
    """A scalar node (neither a list nor a mapping) as str, int, float, bool or None. A date stays the text it is
    written as."""
    tag = node.tag
    if tag in (_TAG + "merge", _TAG + "value"):  # `<<` and `=`, which YAML 1.1 gives a meaning: plain text here
        return node.value
    if tag not in _PLAIN_SCALARS and tag != _TAG + "timestamp":
        raise _error(
            path,
            node,
            f"the YAML tag {_short(tag)} is not allowed here",
            "remove it, and put quotes around the value if it is a text",
        )
    try:
        value = loader.construct_object(node)
    except Exception:  # noqa: BLE001 - PyYAML's constructors raise ValueError, OverflowError…
        if tag == _TAG + "timestamp":
            raise _error(
                path,
                node,
                f"'{_short(node.value)}' looks like a date but is not one",
                "write a real date as 2026-09-14, or put quotes around it to keep it as a text",
            ) from None
        kind = {"int": "a number", "float": "a number", "bool": "true or false"}.get(tag[len(_TAG) :], "a value")
        raise _error(
            path, node, f"'{_short(node.value)}' cannot be read as {kind}", "put quotes around it to keep it as a text"
        ) from None
    finally:
        loader.constructed_objects.clear()
    if tag == _TAG + "timestamp":
        return node.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not abs(value) <= conditions.MAX_NUMBER:
        raise _error(
            path,
            node,
            f"the number {_short(node.value)} is too large: numbers may be at most {conditions.MAX_NUMBER:,.0f}",
            "put quotes around it if it is a text",
        )
    return value


def _short(text: str) -> str:
    text = "!!" + text[len(_TAG) :] if text.startswith(_TAG) else str(text)  # a tag as the editor wrote it
    return text if len(text) <= 40 else text[:37] + "..."


# ── Texts for the page and the browser ────────────────────────────────────────────────────────


def render_texts(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the definition with every Markdown text rendered to HTML (for the form and the browser); which
    fields are Markdown, inline or block, is the schema's (quiz/core/schema.py)."""
    md = markdown.Markdown(extensions=["abbr", "attr_list"])

    def html(kind: str, text: str) -> str:
        if kind not in schema.MARKDOWN_KINDS:
            return text  # plain text: a letter's template, an area's name
        rendered = md.reset().convert(text)
        return _strip_paragraph(rendered) if schema.MARKDOWN_KINDS[kind] else rendered

    return schema.map_texts(data, html)


def _strip_paragraph(html: str) -> str:
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def browser_data(source: Source) -> dict[str, Any]:
    """The definition as the form and the browser read it: texts as HTML, normalised (schema.normalise: each
    question's options resolved from its scale, hints merged in, labels also as plain text), examples and
    guarantees left out."""
    data = schema.normalise(render_texts(source.data))
    data.pop("examples", None)
    data.pop("guarantees", None)  # proven at build time (quiz/authoring/guarantees.py); the browser never needs them
    return data


def browser_json(source: Source) -> str:
    """The definition the browser's engine loads (browser_data), compact."""
    return json.dumps(browser_data(source), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
