"""The questionnaire as plain HTML: a real <form> that is readable and printable without JavaScript.

Every question is a <fieldset> with a <legend>; inputs are named by the question id and valued by the answer
value (contract 5). The page script (assets/quiz.js) enhances this markup into one question per step; the
follow-up conditions travel as small JSON trees so it can show follow-ups before the engine has loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from ..authoring.definition import Source, browser_data
from ..core import conditions, engine
from . import ui_strings


def render(source: Source, urls: Mapping[str, str]) -> str:
    """HTML for one questionnaire. `urls` holds the definition JSON, runtime folder, engine zip and worker."""
    data = browser_data(source)  # normalised: each question with its own options, as the browser reads them
    data["language"] = getattr(source, "language", "") or "en"  # a translation (translation.py) knows its own
    questionnaire = source.questionnaire
    assert isinstance(questionnaire, engine.Questionnaire), "render a file that load_file has read"
    attributes = {
        "class": "quiz",
        "data-module": "quiz",
        "data-questionnaire": questionnaire.id,
        "data-version": str(questionnaire.version),
        **{f"data-{name}": value for name, value in urls.items()},
    }
    parts = [f"<div {_attributes(attributes)}>"]
    parts.append('<div class="quiz__status" role="status" aria-live="polite"></div>')
    parts.append(f'<form class="quiz__form" id="quiz-{questionnaire.id}" action="#" method="get" novalidate>')
    parts.append('<ol class="quiz__questions">')
    compiled = {q.id: q for q in questionnaire.questions}
    total = len(data["questions"])
    for number, question in enumerate(data["questions"], start=1):
        parts.append(_question(data, question, compiled[question["id"]], number, total))
    parts.append("</ol>")
    parts.append("</form>")
    if data.get("scoring_guide"):
        parts.append(_paper(questionnaire.id, data))
    parts.append("</div>")
    return "\n".join(parts)


def _paper(qid: str, data: dict) -> str:
    """ "Work it out on paper": the definition's scoring guide, then what each result means, in band order.

    Without JavaScript it follows the questions, so a printed page is a questionnaire a parent can score by
    hand. With JavaScript it stays hidden unless the engine cannot start (quiz.css, .quiz--failed).
    """
    bands = "\n".join(
        f"<dt>{band.get('title') or escape(band['id'])}</dt>\n<dd>{band.get('summary') or ''}</dd>"
        for band in data.get("bands", [])
    )
    return "\n".join(
        [
            f'<section class="quiz__paper" id="quiz-{qid}-paper" aria-labelledby="quiz-{qid}-paper-title">',
            f'<h2 class="quiz__paper-title" id="quiz-{qid}-paper-title">{_word("paper.title", data)}</h2>',
            f'<p class="quiz__paper-how">{_word("paper.how", data)}</p>',
            f'<div class="quiz__paper-guide">{data["scoring_guide"]}</div>',
            _paper_steps(data),
            f'<h3 class="quiz__paper-subtitle">{_word("paper.bands", data)}</h3>',
            f'<dl class="quiz__paper-bands">\n{bands}\n</dl>',
            "</section>",
        ]
    )


def _paper_steps(data: dict) -> str:
    """Each band's `paper:` text, in the order the engine tries the bands: the paper guide's steps are written
    beside the conditions they explain, so the two are read and changed together."""
    steps = [f"<li>{band['paper']}</li>" for band in data.get("bands", []) if band.get("paper")]
    return '<ol class="quiz__paper-steps">\n' + "\n".join(steps) + "\n</ol>" if steps else ""


def _question(data: dict, question: dict, compiled: engine.Question, number: int, total: int) -> str:
    qid = question["id"]
    kind = "checkbox" if compiled.kind == "multiple" else "radio"
    item: dict[str, str] = {
        "class": "quiz__question",
        "id": f"q-{qid}",
        "data-question": qid,
        "data-kind": compiled.kind,
    }
    if compiled.ask_when is not None:
        item["data-ask-when"] = json.dumps(conditions.to_tree(compiled.ask_when), separators=(",", ":"))
    item.update({"data-default": compiled.default} if compiled.default is not None else {})
    if compiled.optional:
        item["data-optional"] = "true"
    described: list[str] = []
    hint_html = ""
    if question.get("asked_if"):
        hint_html += f'<p class="quiz__asked-if" id="q-{qid}-if">{question["asked_if"]}</p>'
        described.append(f"q-{qid}-if")
    if question.get("hint"):
        hint_html += f'<div class="quiz__hint" id="q-{qid}-hint">{question["hint"]}</div>'
        described.append(f"q-{qid}-hint")
    fieldset: dict[str, str] = {"class": "quiz__fieldset"}
    if described:
        fieldset["aria-describedby"] = " ".join(described)
    lines = [
        f"<li {_attributes(item)}>",
        f"<fieldset {_attributes(fieldset)}>",
        '<legend class="quiz__legend"><span class="quiz__count">'
        f"{_word('step.count', data, number=number, total=total)}</span> "
        f'<span class="quiz__title" tabindex="-1">{question["title"]}</span></legend>',
        hint_html,
        f'<div class="quiz__options quiz__options--{kind}">',
    ]
    for option in question["options"]:
        oid = f"q-{qid}-{option['value']}"
        attrs = {"class": "quiz__input", "type": kind, "id": oid, "name": qid, "value": option["value"]}
        if option.get("points") is not None:
            attrs["data-points"] = str(option["points"])
        if option.get("hint"):
            attrs["aria-describedby"] = f"{oid}-hint"
        lines.append('<div class="quiz__option">')
        lines.append(f"<input {_attributes(attrs)}>")
        lines.append(f'<label class="quiz__label" for="{oid}">{option["label"]}</label>')
        if option.get("hint"):
            lines.append(f'<div class="quiz__option-hint" id="{oid}-hint">{option["hint"]}</div>')
        lines.append("</div>")
    lines += ["</div>", "</fieldset>", "</li>"]
    return "\n".join(line for line in lines if line)


def _word(key: str, data: dict, **values: object) -> str:
    """A UI word in the questionnaire's language, from quiz/web/strings.js (the table the browser uses too)."""
    return escape(ui_strings.text(key, data["language"], ui_strings.STRINGS_JS, **values), quote=False)


def _attributes(attributes: Mapping[str, object]) -> str:
    return " ".join(f'{name}="{escape(str(value), quote=True)}"' for name, value in attributes.items())
