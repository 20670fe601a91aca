"""quiz/core/letter.py: the letter as a .docx, built with the standard library only (it runs in the worker too)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core import letter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(data: bytes) -> list:
    """The text of each paragraph of word/document.xml, tabs as \\t (what Word would show)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))  # raises if not well-formed
    lines = []
    for paragraph in root.iter(f"{W}p"):
        text = ""
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                text += node.text or ""
            elif node.tag == f"{W}tab":
                text += "\t"
        lines.append(text)
    return lines


def test_the_zip_opens_with_the_three_parts_word_needs():
    data = letter.docx_bytes("Dear IEP team,\n\nThank you.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert set(archive.namelist()) == {"[Content_Types].xml", "_rels/.rels", "word/document.xml"}
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
        assert any(
            o.get("PartName") == "/word/document.xml" and o.get("ContentType", "").endswith("document.main+xml")
            for o in types
        )
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
        assert [r.get("Target") for r in rels] == ["word/document.xml"]


def test_one_paragraph_per_line_empty_lines_kept():
    assert paragraphs(letter.docx_bytes("One\n\nThree\r\nFour")) == ["One", "", "Three", "Four"]


def test_special_characters_are_escaped_and_come_back_unchanged():
    text = "Tom & Jerry <script>alert(\"x\")</script> ]]> 'quotes' café — ñ 😀"
    data = letter.docx_bytes(text)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = archive.read("word/document.xml").decode("utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "Tom &amp; Jerry" in raw
    assert paragraphs(data) == [text]


def test_characters_xml_cannot_hold_are_dropped_so_the_file_still_opens():
    assert paragraphs(letter.docx_bytes("a\x00b\x1bc\ufffe")) == ["abc"]


def test_same_text_same_bytes():
    assert letter.docx_bytes("Hello") == letter.docx_bytes("Hello")


def test_a_line_of_form_feeds_only_is_a_page_break_and_a_form_feed_elsewhere_is_dropped():
    """A letter in two languages (issue 14): each copy on its own page; Word shows the break, not a character."""
    data = letter.docx_bytes("Dear team,\n\f\nEstimado equipo:\nA\fB")
    assert paragraphs(data) == ["Dear team,", "", "Estimado equipo:", "AB"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    breaks = [p for p in root.iter(f"{W}p") if any(b.get(f"{W}type") == "page" for b in p.iter(f"{W}br"))]
    assert len(breaks) == 1 and not list(breaks[0].iter(f"{W}t"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")))
def test_round_trip_of_any_text(text):
    expected = [letter._NOT_XML.sub("", line) for line in text.split("\n")]
    assert paragraphs(letter.docx_bytes(text)) == expected


# ── The letter kit (issue 11): the definition's letters, checked like the rest, each one a .docx that opens ──

import textwrap  # noqa: E402

import pytest  # noqa: E402

from quiz.authoring import checks, cli, definition, readability  # noqa: E402
from quiz.core import engine  # noqa: E402
from quiz.site import letters as letters_page  # noqa: E402
from tests.helpers import ROOT, flagship  # noqa: E402
from tests.test_definition import GOOD  # noqa: E402

KIT = ["meeting_request", "records_request", "fba_request", "prior_written_notice", "meeting_summary"]
LETTERS = {item["id"]: item for item in flagship().data["letters"]}
TINY_KIT = GOOD + textwrap.dedent("""\
    letters:
      - id: meeting_request
        title: Ask for a meeting
        hint: Ask the team to meet.
        body: |
          {date}
          Dear team, I would like to meet about {child_name}.
          {parent_name}
      - id: fba_request
        title: Ask for an FBA
        when: first == 'yes'
        body: |
          Please do an FBA for {child_name}. {areas}
    """)


def test_the_flagship_has_the_five_letters_of_the_kit_in_order():
    assert list(LETTERS) == KIT
    assert [letter_id for letter_id, _ in flagship().questionnaire.letters] == KIT


@pytest.mark.parametrize("letter_id", KIT)
def test_each_letter_reads_at_grade_8_or_below(letter_id):
    """The same measure `quiz check` applies (checks.reading_grade), letter by letter: body, title and hint."""
    letter = LETTERS[letter_id]
    assert readability.grade(letter["body"]) <= checks.GRADE_LIMIT, letter_id
    assert len(letter["body"].split()) >= checks.MIN_WORDS  # long enough that the check measures it
    for key in ("title", "hint"):
        assert readability.grade(letter[key]) <= checks.GRADE_LIMIT, (letter_id, key)


def test_the_grade_check_reads_each_letter_body_and_names_its_line(tmp_path):
    hard = (
        "Notwithstanding the aforementioned considerations, individualized paraprofessional intervention "
        "necessitates comprehensive documentation substantiating educational appropriateness."
    )
    path = tmp_path / "tiny.yml"
    path.write_text(TINY_KIT.replace("Please do an FBA for {child_name}.", hard + " {child_name}"))
    source = definition.load_file(path)
    errors = checks.reading_grade(source)
    assert [(e.line, e.message[:24]) for e in errors] == [
        (source.where(("letters", 1, "body"))[0], "this text reads at grade")
    ]
    lines = TINY_KIT.splitlines()
    assert errors[0].line == lines.index("    body: |", lines.index("  - id: fba_request")) + 1
    path.write_text(TINY_KIT)
    assert checks.reading_grade(definition.load_file(path)) == []  # the check can pass: it measured the text


def test_a_result_offers_the_letters_whose_when_holds(tmp_path):
    path = tmp_path / "tiny.yml"
    path.write_text(TINY_KIT)
    questionnaire = definition.load_file(path).questionnaire
    assert engine.score(questionnaire, {"first": "yes"})["letters"] == ["meeting_request", "fba_request"]
    assert engine.score(questionnaire, {"first": "no"})["letters"] == ["meeting_request"]


def test_the_flagship_offers_the_fba_request_only_with_a_behavior_or_safety_need():
    examples = {e["name"]: e["answers"] for e in flagship().data["examples"]}
    offered = {name: engine.score(flagship().questionnaire, answers)["letters"] for name, answers in examples.items()}
    assert all(set(KIT) - {"fba_request"} <= set(letters) for letters in offered.values())
    assert "fba_request" in offered["Daily injuries and no behavior plan, Spanish at meetings"]
    assert "fba_request" not in offered["Struggles to stay on task in lessons"]


BROKEN = [
    # (what is changed in TINY_KIT, the line it is reported at (from the changed text), words of the message)
    (("    title: Ask for an FBA", "    tittle: Ask for an FBA"), "tittle:", "did you mean 'title'?"),
    (
        ("Please do an FBA for {child_name}.", "Please do an FBA for {child}."),
        "  - id: fba_request",
        "unknown placeholder {child}",
    ),
    (
        ("Please do an FBA for {child_name}.", "Please do an FBA for {child_name."),
        "  - id: fba_request",
        "broken placeholder",
    ),
    (
        ("  - id: fba_request", "  - id: meeting_request"),
        "  - id: meeting_request\n    title: Ask for an FBA",
        "the letter id 'meeting_request' is used twice",
    ),
    (("FBA\n    when: first == 'yes'", "FBA\n    when: frist == 'yes'"), "when: frist", "unknown name 'frist'"),
    (("    title: Ask for an FBA\n", ""), "  - id: fba_request", "title needs a title"),
]


@pytest.mark.parametrize("change, at, words", BROKEN, ids=["field", "placeholder", "brace", "twice", "when", "title"])
def test_a_broken_letters_entry_fails_quiz_check_at_its_file_and_line(tmp_path, capsys, change, at, words):
    assert TINY_KIT.count(change[0]) == 1, change  # the change is in the letters, nowhere else
    text = TINY_KIT.replace(*change)
    path = tmp_path / "tiny.yml"
    path.write_text(text)
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    # The line of the field at fault: the entry's first line for the entry, else the field's own line.
    assert text.count(at) == 1, at
    where = text.index(at)
    line = text.count("\n", 0, where) + 1
    if at.startswith("  - id: fba_request"):  # reported at the body, or the entry
        lines = [line, line + 2, line + 3]
    else:
        lines = [line]
    assert len(out) == 1 and out[0].startswith(f"{path}:"), out
    reported = int(out[0].split(":")[1])
    assert reported in lines, (out[0], lines)
    assert words in out[0], out[0]


def test_an_unknown_placeholder_names_the_close_one_and_the_line_within_the_letter(tmp_path):
    path = tmp_path / "tiny.yml"
    path.write_text(TINY_KIT.replace("{parent_name}", "{parent_nam}"))
    with pytest.raises(definition.QuestionnaireFileError) as caught:
        definition.load_file(path)
    assert "unknown placeholder {parent_nam} (on its line 3)" in str(caught.value)
    assert "did you mean {parent_name}?" in str(caught.value)


def test_the_older_single_letter_still_loads_and_is_checked():
    data = dict(GOOD_DATA(), letter="Dear team, {child_name}")
    engine.load(data)
    with pytest.raises(engine.DefinitionError, match="unknown placeholder"):
        engine.load(dict(data, letter="Dear {teacher}"))


def GOOD_DATA():  # noqa: N802 - a constant made fresh
    import yaml

    return yaml.safe_load(GOOD)


# ── Each letter as the parent downloads it: filled, edited, made a .docx, read back ──────────────


@pytest.mark.parametrize("letter_id", KIT)
def test_each_letter_makes_a_docx_that_opens_and_holds_the_parents_edits(letter_id):
    """The letters page's text without a result (letters.py fills the same prompts strings.js does), edited as a
    parent would (a name typed over a prompt, a line added, a tab, characters XML must escape), then .docx."""
    text = letters_page.fill_prompts(LETTERS[letter_id]["body"])
    assert "{" not in text and "[your name]" in text
    edited = text.replace("[your name]", "Ana Pérez & Luis <Jr.>").replace(
        "Dear IEP team,", "Dear Ms. Smith,\n\tP.S. ñ"
    )
    data = letter.docx_bytes(edited)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
    assert paragraphs(data) == edited.split("\n")
    assert "Ana Pérez & Luis <Jr.>" in paragraphs(data) and "Dear Ms. Smith," in paragraphs(data)


def test_the_letters_page_without_javascript_shows_every_letter_with_prompts():
    urls = {"definition": "d.json", "runtime": "r/", "engine": "e.zip", "worker": "w.js"}
    html = letters_page.render(flagship(), urls)
    assert html.count('<section class="quiz-letters__plain"') == len(KIT)
    assert 'data-module="quiz-letters"' in html and 'data-kit="paraprofessional-support"' in html
    assert "{" not in html.split("data-worker")[1] and "[my child&#x27;s name]" in html
    for item in LETTERS.values():
        assert f'id="letter-{item["id"].replace("_", "-")}"' in html


def test_the_prompts_without_javascript_are_the_page_languages_words_from_strings_js():
    body = "{date} {parent_name} {child_name}\n{areas}\n{times}\n{reasons} {{braces}}"
    assert letters_page.fill_prompts(body) == (
        "[today's date] [your name] [my child's name]\n- [the areas you would like to talk about]\n"
        "- [the times of day, if you know them]\n- [what you have seen] {braces}\n"
    )
    spanish = letters_page.fill_prompts(body, "es")
    assert "[su nombre]" in spanish and "[la fecha de hoy]" in spanish and "your name" not in spanish


def test_a_page_in_spanish_names_the_english_definition_for_the_schools_copy_and_an_english_page_none():
    """Issue 14: the kit's root gets the default build's definition JSON (at the site root, above es/) and its
    language, linked from each page as the build writes it; the English build gets nothing."""
    uri = "questionnaires/paraprofessional-support.json"
    assert letters_page.school_urls(str(ROOT / "docs"), uri, "letters/") == {}
    spanish = str(ROOT / "docs-es")
    for page_url, link in [
        ("letters/", "../../" + uri),
        ("questionnaires/paraprofessional-support/", "../../../" + uri),
        ("", "../" + uri),
        ("letters.html", "../" + uri),
    ]:
        assert letters_page.school_urls(spanish, uri, page_url) == {
            "school-definition": link,
            "school-language": "en",
        }, page_url
    # No page known (the extension without the plugin): from the build's root URL up to the site's.
    assert letters_page.school_urls(spanish, uri, None, "/para-guide/es/")["school-definition"] == (
        "/para-guide/es/../" + uri
    )
