"""One questionnaire session: the single way the browser's worker, the CLI, the tests and the benchmark load a
definition, score answers, read an answers file and make the letter's document.

    session = Session.from_json(definition_json)   # checks the definition; raises DefinitionError
    answers = session.parse(text)                  # an answers file (contract 2); raises AnswersError
    result = session.score(answers)                # the result (contract 3)
    data = session.docx(letter_text)               # the parent's letter as .docx bytes

The worker calls the `*_json` methods: only JSON text crosses between JavaScript and Python, and every
answers problem comes back as {"ok": false, "error": "..."} rather than an exception. Scoring answers from
the page goes through the same checks as an answers file, so the browser, the CLI and "Load saved answers"
accept and reject exactly the same things.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from . import engine


class Session:
    """A loaded, checked questionnaire, ready to score."""

    def __init__(self, definition: Mapping[str, Any]):
        self.questionnaire = engine.load(definition)

    @classmethod
    def from_json(cls, definition_json: str) -> Session:
        try:
            data = json.loads(definition_json)
        except (ValueError, RecursionError):
            raise engine.DefinitionError((), "the definition is not valid JSON") from None
        return cls(data)

    # ── Python callers ──

    def parse(self, text: str) -> dict[str, Any]:
        """Check the text of an answers file; return its answers."""
        return engine.parse_answers_file(text, self.questionnaire)

    def score(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Score answers given as {question id: value}, by way of an answers file's checks."""
        text = json.dumps(
            {"questionnaire": self.questionnaire.id, "version": self.questionnaire.version, "answers": dict(answers)}
        )
        return engine.score(self.questionnaire, self.parse(text))

    def docx(self, text: str) -> bytes:
        """The parent's letter as .docx bytes. Imported on first use: zipfile is not needed to score."""
        from . import letter

        return letter.docx_bytes(text)

    def warm(self) -> None:
        """Run every path once (score, a refused file, a document), so the parent's first result, first
        refused file and first letter do not pay for compiling and importing them. The build runs this too,
        to learn which standard-library modules the browser needs."""
        self.score({})
        for text in ("{not json", "[]", '{"questionnaire": "x"}'):
            self.parse_json(text)
        self.docx("Dear team,\n\tThank you & goodbye.")

    # ── the worker's JSON boundary ──

    def score_json(self, answers_json: str) -> str:
        return _reply(lambda: self.score(json.loads(answers_json)))

    def parse_json(self, text: str) -> str:
        return _reply(lambda: self.parse(text))


def open_json(definition_json: str, warm: bool = True) -> Session:
    """The worker's entry point: a session for the definition text it fetched, warmed up unless `warm` is false
    (the worker warms it after saying it is ready)."""
    session = Session.from_json(definition_json)
    if warm:
        session.warm()
    return session


def _reply(work: Callable[[], object]) -> str:
    try:
        return json.dumps({"ok": True, "value": work()})
    except engine.AnswersError as error:
        return json.dumps({"ok": False, "error": str(error)})
    except (ValueError, RecursionError):
        return json.dumps({"ok": False, "error": "the answers are not valid JSON"})


__all__ = ["Session", "open_json"]
