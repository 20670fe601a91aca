"""The MkDocs plugin's Markdown step: markers become placeholders, except inside fenced code."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from quiz.site.plugin import QuizPlugin
from tests.helpers import flagship


def plugin() -> QuizPlugin:
    quiz = QuizPlugin()
    quiz.sources = {"paraprofessional-support": flagship()}
    return quiz


def markdown(text: str) -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_path="page.md"))
    return plugin().on_page_markdown(text, page=page, config=None, files=None)


def test_a_marker_line_becomes_a_placeholder():
    out = markdown("Intro.\n\n<!-- quiz: paraprofessional-support -->\n\nAfter.\n")
    assert '<div class="quiz-placeholder" data-quiz="paraprofessional-support"></div>\n\nAfter.' in out


def test_a_marker_in_fenced_code_is_left_alone():
    text = "Write this:\n\n```markdown\n<!-- quiz: paraprofessional-support -->\n```\n"
    assert markdown(text) == text


def test_an_unknown_questionnaire_is_named():
    with pytest.raises(PluginError, match="no questionnaire with id 'nope'.*known: paraprofessional-support"):
        markdown("<!-- quiz: nope -->\n")
