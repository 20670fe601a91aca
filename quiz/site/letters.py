"""The letters page: a questionnaire's letter kit as plain HTML, readable, copyable and printable without JavaScript.

A page shows a questionnaire's letters (its `letters:`, or its single `letter:`) with one line of its own:

    <!-- letters: paraprofessional-support -->

embed.py turns the line into this HTML. Without JavaScript each letter is a heading, its hint and its text, with
every {placeholder} shown as what to write there ("[your name]"), so a parent can copy or print it. The page
script (assets/quiz/letters-page.js) puts the letter kit (letter.js) in its place: names typed once, a choice of
letter, the editable text, copy, .txt and .docx (made by the questionnaire's engine worker, hence the URLs).

Two readers (issue 14): in a build of another language than the site's default (the school's), the kit also
offers the letter in the school's language, or both. `school_urls` gives the kit's root (the letters page's and
the questionnaire's, through embed.py) the default build's definition JSON and that language's code, as
data-school-definition and data-school-language; the script fetches the JSON only when the parent asks for it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from ..authoring.definition import Source, render_texts
from ..core import engine
from . import languages, ui_strings

MARKER = re.compile(r"^<!--\s*letters:\s*([a-z][a-z0-9_-]*)\s*-->[ \t]*$", re.MULTILINE)
SCRIPT = "letters-page.js"  # in the site's assets/quiz/, with quiz.css

# What each placeholder says without a result or names: the words of quiz/web/strings.js (read by ui_strings.py),
# which the script uses too, in the page's language.
PROMPT_KEYS = {
    "date": "letter.noDate",
    "child_name": "letter.noChild",
    "parent_name": "letter.noParent",
    "areas": "letter.noAreas",
    "times": "letter.noTimes",
    "reasons": "letter.noReasons",
}


def prompts(lang: str = "en") -> dict[str, str]:
    """Placeholder → what to write there, in `lang` (else English)."""
    return {name: ui_strings.text(key, lang) for name, key in PROMPT_KEYS.items()}


def letters_of(source: Source) -> list[dict]:
    """The questionnaire's letters (id, title and hint as HTML, body as plain text), in order."""
    data = render_texts(source.data)
    if data.get("letters"):
        return [dict(item, hint=item.get("hint") or "") for item in data["letters"]]
    if data.get("letter"):
        title = ui_strings.text("letter.title", _language(source))
        return [{"id": "meeting_request", "title": title, "hint": "", "body": data["letter"]}]
    return []


def fill_prompts(body: str, lang: str = "en") -> str:
    """A letter's body with every placeholder as what to write there; {{ and }} as braces (str.format's rules)."""
    return body.format(**prompts(lang)).rstrip() + "\n"


def _language(source: Source) -> str:
    return getattr(source, "language", "") or "en"  # a translation (translation.py) knows its own, as in form.py


def render(source: Source, urls: dict, assets: str = "") -> str:
    """HTML for the letters of one questionnaire. `urls`: definition JSON, runtime folder, engine zip, worker.
    `assets`: the stylesheet and script tags, when no plugin puts them in the page's head."""
    questionnaire = source.questionnaire
    assert isinstance(questionnaire, engine.Questionnaire), "render a file that load_file has read"
    qid = questionnaire.id
    attributes = {
        "class": "quiz-letters",
        "data-module": "quiz-letters",
        "data-kit": qid,
        **{f"data-{name}": value for name, value in urls.items()},
    }
    parts = [f"<div {' '.join(f'{k}={chr(34)}{escape(str(v), quote=True)}{chr(34)}' for k, v in attributes.items())}>"]
    for letter in letters_of(source):
        anchor = f"letter-{letter['id'].replace('_', '-')}"
        parts += [
            f'<section class="quiz-letters__plain" aria-labelledby="{anchor}">',
            f'<h2 id="{anchor}">{letter["title"]}</h2>',
            f'<p class="quiz-letters__hint">{letter["hint"]}</p>' if letter["hint"] else "",
            f'<pre class="quiz-letters__text">{escape(fill_prompts(letter["body"], _language(source)))}</pre>',
            "</section>",
        ]
    parts.append("</div>")
    return assets + "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class School:
    """The school's language (the site's default) seen from a build in another language."""

    code: str  # the default language's code: "en"
    prefix: str  # where this build sits under the site root: "es/"


@lru_cache(maxsize=8)
def school(docs_dir: str) -> School | None:
    """The school's language for the build of `docs_dir`, or None when that build is the default language's (or
    no site config beside it names it). The config files are found beside the docs folder, or where the build runs."""
    docs = Path(docs_dir).resolve()
    for folder in dict.fromkeys([docs.parent, Path.cwd()]):
        config = folder / "mkdocs.yml"
        if not config.is_file():
            continue
        site = languages.discover(config)
        for language in site.languages:
            if language.docs_dir == docs:
                return None if language.default else School(site.default.code, language.prefix)
    return None


def school_urls(docs_dir: str, definition_uri: str, page_url: str | None, base: str = "/") -> dict[str, str]:
    """The kit root's data-school-* for a build in another language than the school's: the default build's
    definition JSON (`definition_uri` from that build's root, which is the whole site's), linked from the page
    at `page_url` (from this build's root), else from `base`, this build's root URL path; {} for the default build."""
    found = school(str(docs_dir))
    if found is None:
        return {}
    if page_url is not None:
        here = found.prefix + page_url
        folder = here if here.endswith("/") or "." not in posixpath.basename(here) else posixpath.dirname(here)
        link = posixpath.relpath("/" + definition_uri, "/" + folder)
    else:  # no page known (Zensical): up from this build's root URL to the site's
        link = (base if base.endswith("/") else base + "/") + "../" * found.prefix.count("/") + definition_uri
    return {"school-definition": link, "school-language": found.code}
