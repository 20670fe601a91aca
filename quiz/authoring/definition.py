"""Reading questionnaire files: YAML with line numbers, checked by the engine, texts rendered from Markdown.

Content editors write these files, so every problem is reported as `file:line:column: message (hint)`.
PyYAML's composer keeps a mark for every node; we build plain dicts and lists from the nodes and keep a map
from each field's path to its line, which turns the engine's DefinitionError path into a place in the file.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml

from ..core import engine

# Fields whose text is Markdown. Inline ones become a fragment without <p>; block ones may hold paragraphs.
# A list under one of these keys (questions_to_ask: [...]) has each of its items rendered.
INLINE_TEXT = {"title", "label", "hint", "asked_if", "questions_to_ask", "what_to_bring"}
BLOCK_TEXT = {"because", "summary", "text", "description", "intro", "looks_like", "try_first", "independence",
              "tracking", "scoring_guide"}


class QuestionnaireFileError(ValueError):
    """A questionnaire file with a problem, located to its line and column."""

    def __init__(self, path: Path, line: int, column: int, message: str, hint: str = ""):
        self.path, self.line, self.column, self.message, self.hint = path, line, column, message, hint
        super().__init__(f"{path}:{line}:{column}: {message}" + (f" (hint: {hint})" if hint else ""))


@dataclass
class Source:
    """A questionnaire file as read: its data, where each field is, and the checked engine object."""

    path: Path
    data: dict
    lines: dict = field(default_factory=dict)  # path tuple → (line, column), both from 1
    questionnaire: object = None

    def where(self, path: tuple) -> tuple:
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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireFileError(path, 1, 1, f"cannot read the file ({error})") from None
    source = parse(text, path)
    try:
        source.questionnaire = engine.load(source.data)
    except engine.DefinitionError as error:
        raise source.error(error.path, error.message, error.hint, error.column) from None
    return source


def parse(text: str, path: Path) -> Source:
    """YAML text → Source with line numbers. Duplicate keys are errors (PyYAML would silently keep the last)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(error, "problem", None) or str(error)
        raise QuestionnaireFileError(
            path, line, column, f"this is not valid YAML: {problem}",
            "check the indentation, and put quotes around texts that contain ': ' or start with a symbol",
        ) from None
    if node is None:
        raise QuestionnaireFileError(path, 1, 1, "the file is empty", "start with id:, version: and questions:")
    source = Source(path=path, data={})
    source.data = _build(node, (), source.lines, path)
    if not isinstance(source.data, dict):
        raise QuestionnaireFileError(path, 1, 1, "the file must be a mapping of fields", "start with id: your-questionnaire")
    return source


def _build(node: yaml.Node, at: tuple, lines: dict, path: Path) -> object:
    lines[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in result:
                raise QuestionnaireFileError(path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                             f"'{key}' appears twice here", "keep one of them")
            result[key] = _build(value_node, at + (key,), lines, path)
            if not isinstance(value_node, yaml.ScalarNode):  # a list or mapping is reported at its key
                lines[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, at + (index,), lines, path) for index, item in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.SafeLoader("")  # turns a scalar node into str, int, bool… by its resolved tag


def _scalar(node: yaml.Node) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", node.start_mark)
    return _CONSTRUCTOR.construct_object(node)


# ── Texts for the page and the browser ────────────────────────────────────────────────────────


def render_texts(data: dict) -> dict:
    """A copy of the definition with every Markdown text rendered to HTML (for the form and the browser)."""
    md = markdown.Markdown(extensions=["abbr", "attr_list"])

    def html(text: str, inline: bool) -> str:
        rendered = md.reset().convert(text)
        return _strip_paragraph(rendered) if inline else rendered

    def walk(value: object, key: object = None) -> object:
        if key == "examples":
            return copy.deepcopy(value)
        if key == "hints" and isinstance(value, dict):
            return {k: html(v, inline=True) if isinstance(v, str) else v for k, v in value.items()}
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str) and key in INLINE_TEXT | BLOCK_TEXT:
            return html(value, inline=key in INLINE_TEXT)
        return value

    return walk(data)


def _strip_paragraph(html: str) -> str:
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def browser_json(source: Source) -> str:
    """The definition the browser's engine loads: texts as HTML, examples left out, compact."""
    data = render_texts(source.data)
    data.pop("examples", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def scale_options(data: dict, question: dict) -> list:
    """A question's options, with per-question hints, whether written inline or through a named scale."""
    options = question.get("options") or data.get("scales", {}).get(question.get("scale"), [])
    hints = question.get("hints") or {}
    return [dict(option, hint=hints.get(option["value"], option.get("hint"))) for option in options]
