"""The letter kit (issue 11) end to end in real Chromium against the built site (/para-guide/): the letters page
without answers (and without JavaScript), and the result's kit with the letters its `when` allows.

Each letter is filled as expected (from the definition's body, the names typed and, on the result, the engine's
result), edited by the parent, copied, downloaded as .txt and as .docx, and the .docx read back (zipfile and XML)
holds the edits. The names typed are never in sessionStorage or localStorage. Any request to another origin
fails the test (support.browser.OriginGuard).
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from quiz.authoring import translation
from quiz.core import engine
from quiz.site import letters as letters_page
from quiz.site import ui_strings
from tests.helpers import flagship
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer
from tests.test_letter import KIT, LETTERS, paragraphs

LETTERS_URL = "letters/"
QUIZ = "questionnaires/paraprofessional-support/"
KEY = "quiz:paraprofessional-support"
READY_MS = 40_000
PAGE_ID = "quiz-letters-paraprofessional-support-letter"  # the ids letters-page.js gives the kit
RESULT_ID = "quiz-paraprofessional-support-letter"
PARENT, CHILD = "Ana Pérez", "Leo <b>& co</b>"


def example(name: str) -> dict:
    return next(e["answers"] for e in flagship().data["examples"] if e["name"] == name)


@pytest.fixture(scope="module")
def server(request):
    """The built site (conftest's site_dir), or QUIZ_E2E_SITE=<folder> for quick runs while editing."""
    prebuilt = os.environ.get("QUIZ_E2E_SITE")
    folder = Path(prebuilt) if prebuilt else request.getfixturevalue("site_dir")
    with StaticServer(folder, prefix="/para-guide/") as running:
        yield running


@pytest.fixture(scope="module")
def context(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800}, accept_downloads=True)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.origin)
    ctx.guard = OriginGuard(ctx, server.origin)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context, server):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url)
    yield page
    page.evaluate("localStorage.clear()")
    page.close()
    context.guard.assert_none_foreign()
    assert not errors, errors


def kept(page) -> str:
    """Everything this origin keeps in the tab and on the device."""
    return json.dumps(page.evaluate("() => ({...sessionStorage, ...localStorage})"), ensure_ascii=False)


def download(page, button: str, timeout: int = 10_000):
    with page.expect_download(timeout=timeout) as info:
        page.get_by_role("button", name=button).click()
    return info.value


def expected_without_result(letter_id: str, date: str) -> str:
    """What the letters page fills in: the names typed, today's date, prompts for what a result would give."""
    values = dict(letters_page.prompts(), parent_name=PARENT, child_name=CHILD, date=date)
    return LETTERS[letter_id]["body"].format(**values).rstrip() + "\n"


def show_letters(page) -> None:
    """The result's letters: opened first when the result puts them in a part that opens (issue 13's layout)."""
    toggle = page.locator('.quiz__part[data-part="letters"] .quiz__part-toggle')
    if toggle.count() and toggle.first.get_attribute("aria-expanded") != "true":
        toggle.first.click()
    page.locator('.quiz__letter-text[data-letter-copy="page"]').wait_for(state="visible")  # the page's language


# ── The letters page: every letter, without answers ─────────────────────────────────────────────


def test_the_letters_page_makes_each_letter_and_each_docx_holds_the_parents_edits(page, server):
    page.goto(server.url + LETTERS_URL)
    page.wait_for_selector(".quiz-letters--enhanced .quiz__letter", timeout=READY_MS)
    assert page.locator(".quiz-letters__plain").evaluate_all("els => els.every((e) => e.hidden)")
    assert page.locator("[data-letter-choice]").evaluate_all("els => els.map((e) => e.value)") == KIT
    assert page.is_checked(f"#{PAGE_ID}-choose-meeting_request")
    page.fill(f"#{PAGE_ID}-parent", PARENT)
    page.fill(f"#{PAGE_ID}-child", CHILD)
    box = page.locator(".quiz__letter-text")
    date = box.input_value().split("\n")[0]
    assert date.endswith(", 2026") or date[-4:].isdigit()

    edits = {}
    for letter_id in KIT:
        page.check(f"#{PAGE_ID}-choose-{letter_id}")
        assert page.get_attribute(".quiz__letter", "data-letter-chosen") == letter_id
        filled = box.input_value()
        assert filled == expected_without_result(letter_id, date), letter_id
        assert "{" not in filled and filled.count(CHILD) >= 1 and filled.rstrip().endswith(PARENT)
        # The parent edits this letter: a new first line for the team, a tab, characters XML must escape.
        edited = filled.replace("Dear IEP team,", f"Dear Ms. Smith & team,\n\tP.S. <{letter_id}>")
        box.fill(edited)
        edits[letter_id] = edited
        file = download(page, "Download as Word (.docx)", timeout=READY_MS)  # the engine boots on the first
        assert file.suggested_filename == f"{letter_id.replace('_', '-')}-letter.docx"
        assert paragraphs(Path(file.path()).read_bytes()) == edited.split("\n"), letter_id
        assert page.locator(".quiz__letter-status").inner_text() == "The letter was saved as a Word file."

    # Each letter kept its own edits while the parent looked at the others; .txt and copy carry them too.
    page.check(f"#{PAGE_ID}-choose-records_request")
    assert box.input_value() == edits["records_request"]
    text_file = download(page, "Download as text (.txt)")
    assert text_file.suggested_filename == "records-request-letter.txt"
    assert Path(text_file.path()).read_bytes().decode("utf-8") == edits["records_request"].replace("\n", "\r\n")
    page.get_by_role("button", name="Copy to clipboard").click()
    page.wait_for_selector(".quiz__letter-status:has-text('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == edits["records_request"]
    assert page.locator(".quiz__letter b").count() == 0  # a typed name is text, never markup

    # The print copy is the letter chosen, as edited.
    assert page.locator(".quiz__letter-print").inner_text().strip() == edits["records_request"].strip()

    # Printed, the page is the letter chosen, as edited, and nothing else.
    page.emulate_media(media="print")
    try:
        printed = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    finally:
        page.emulate_media(media="screen")
    words = " ".join(" ".join(p.extract_text() for p in printed.pages).split())
    assert " ".join(edits["records_request"].split())[:200] in words
    for hidden in ("Which letter?", "Download as", "Which letter, and when", "Your child's name"):
        assert hidden not in words, hidden

    # The names were never stored anywhere, and the page asked nothing of another origin (the fixture checks).
    stored = kept(page)
    assert "Pérez" not in stored and "Leo" not in stored and "Smith" not in stored


def test_the_letters_page_without_javascript_shows_every_letter_to_copy(chromium, server):
    ctx = chromium.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    guard = OriginGuard(ctx, server.origin)
    page = ctx.new_page()
    page.goto(server.url + LETTERS_URL)
    sections = page.locator(".quiz-letters__plain")
    assert sections.count() == len(KIT)
    for index, letter_id in enumerate(KIT):
        shown = sections.nth(index)
        assert shown.is_visible()
        assert shown.locator("h2").get_attribute("id") == f"letter-{letter_id.replace('_', '-')}"
        text = shown.locator(".quiz-letters__text").inner_text()
        assert text.strip() == letters_page.fill_prompts(LETTERS[letter_id]["body"]).strip()
        assert "[your name]" in text and "{" not in text
    assert page.locator("textarea").count() == 0
    page.goto(server.url + "es/" + LETTERS_URL)  # the Spanish twin: its letters, and its words for the blanks
    assert page.locator(".quiz-letters__plain").count() == len(KIT)
    spanish = page.locator(".quiz-letters").inner_text()
    assert "[su nombre]" in spanish and "[your name]" not in spanish and "Estimado equipo" in spanish
    page.goto(server.url + LETTERS_URL)
    # The letters wrap on a phone (Material's own language menu is wider without JavaScript: not measured here).
    assert (
        page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('.quiz-letters, .quiz-letters *')]"
            ".map((e) => e.getBoundingClientRect().right))"
        )
        <= 375
    )
    guard.assert_none_foreign()
    ctx.close()


# ── The result's kit: the letters its `when` allows, filled from the result ──────────────────────


def open_result(page, server, answers: dict) -> dict:
    page.evaluate(
        "([key, file]) => { sessionStorage.setItem(key, JSON.stringify(file));"
        " sessionStorage.setItem(key + ':step', 'result'); }",
        [KEY, {"questionnaire": "paraprofessional-support", "version": 1, "answers": answers}],
    )
    page.goto(server.url + QUIZ)
    resume = page.get_by_role("button", name="Continue where you left off")  # issue 13: a fresh visit asks first
    page.wait_for_selector(".quiz--enhanced", state="attached")
    if resume.count():
        resume.click()
    page.wait_for_selector(
        ".quiz[data-band][data-step=result] .quiz__result:not([aria-busy])", state="attached", timeout=READY_MS
    )
    return engine.score(flagship().questionnaire, answers)


@pytest.mark.parametrize(
    "name", ["Daily injuries and no behavior plan, Spanish at meetings", "Struggles to stay on task in lessons"]
)
def test_the_result_offers_the_letters_whose_when_holds_and_fills_them_from_the_result(page, server, name):
    want = open_result(page, server, example(name))
    show_letters(page)
    offered = page.locator("[data-letter-choice]").evaluate_all("els => els.map((e) => e.value)")
    assert offered == want["letters"]
    assert ("fba_request" in offered) == (name.startswith("Daily injuries"))  # the FBA letter's `when`
    page.fill(f"#{RESULT_ID}-parent", PARENT)
    page.fill(f"#{RESULT_ID}-child", CHILD)
    box = page.locator(".quiz__letter-text")
    questions = {q["id"]: q for q in flagship().data["questions"]}
    high = [questions[a["question"]]["area"] for a in want["areas"] if a["level"] >= 2]
    for letter_id in offered:
        page.check(f"#{RESULT_ID}-choose-{letter_id}")
        letter = box.input_value()
        assert "{" not in letter and letter.rstrip().endswith(PARENT) and CHILD in letter, letter_id
        if "{areas}" in LETTERS[letter_id]["body"]:  # filled from the result, not the prompt
            assert all(f"- {area} (" in letter for area in high), letter_id
            assert "[the areas you would like to talk about]" not in letter
    # The edited FBA letter (or the last one) as Word: read back, it holds the edit.
    chosen = "fba_request" if "fba_request" in offered else offered[-1]
    page.check(f"#{RESULT_ID}-choose-{chosen}")
    edited = box.input_value() + "P.S. I can meet any morning.\n"
    box.fill(edited)
    file = download(page, "Download as Word (.docx)", timeout=READY_MS)
    assert paragraphs(Path(file.path()).read_bytes()) == edited.split("\n")
    stored = kept(page)
    assert "Pérez" not in stored and "Leo" not in stored and "any morning" not in stored


# ── Two readers (issue 14): on a Spanish page, the letter in English for the school, in Spanish, or both ──

ES_TABLE = Path(__file__).resolve().parent.parent / "docs-es" / "questionnaires" / "paraprofessional-support.yml"
SCHOOL_JSON = "questionnaires/paraprofessional-support.json"  # the English build's, at the site root
ENGLISH_DATE = r"[A-Z][a-z]+ \d{1,2}, \d{4}"  # "December 1, 2026"
# strings.js VOICE.en: the result speaks to the parent, the letter is the parent speaking
VOICE_EN = [("help you", "help me"), ("Your", "My"), ("your", "my"), ("You", "I"), ("you", "I")]


def spanish_source():
    return translation.load(flagship(), ES_TABLE, "es")


def es_word(key: str, **values) -> str:
    return ui_strings.text(key, "es", **values)


def plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def voiced(html: str) -> str:
    """A rule's `because` as the English letter says it: plain text, in the parent's voice."""
    words = plain(html)
    for before, after in VOICE_EN:
        words = re.sub(rf"\b{before}\b", after, words)
    return words


def boxes(page, kit: str):
    """The kit's two text boxes: the school's (English) and the page's (Spanish)."""
    return page.locator(f"#{kit}-text-school"), page.locator(f"#{kit}-text")


def choose(page, kit: str, copies: str) -> None:
    page.check(f"#{kit}-language-{copies}")
    page.wait_for_function(
        "(copies) => document.querySelector('.quiz__letter').dataset.letterCopies === copies", arg=copies
    )


def test_the_spanish_letters_page_makes_each_letter_in_english_in_spanish_or_both(chromium, server):
    ctx = chromium.new_context(viewport={"width": 375, "height": 800}, accept_downloads=True)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.origin)
    guard = OriginGuard(ctx, server.origin)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.url + "es/" + LETTERS_URL)
    page.wait_for_selector(".quiz-letters--enhanced .quiz__letter", timeout=READY_MS)
    school, own = boxes(page, PAGE_ID)

    # The choice: a fieldset with its legend; Spanish first, and nothing in English asked for yet.
    legend = page.locator(".quiz__letter-language legend").inner_text()
    assert legend == es_word("letter.language")
    labels = page.locator(".quiz__letter-language .quiz__label").all_inner_texts()
    assert labels == [es_word("letter.languagePage"), es_word("letter.languageSchool"), es_word("letter.languageBoth")]
    assert page.is_checked(f"#{PAGE_ID}-language-page")
    assert school.is_hidden() and own.is_visible()
    assert not [url for url in asked if url.endswith("/para-guide/" + SCHOOL_JSON)], "English fetched only if asked"
    page.fill(f"#{PAGE_ID}-parent", PARENT)
    page.fill(f"#{PAGE_ID}-child", CHILD)
    spanish_letter = own.input_value()
    assert "Estimado equipo" in spanish_letter and "Dear IEP team" not in spanish_letter

    # English: the English definition's letter, with the English prompts and an English date.
    choose(page, PAGE_ID, "school")
    assert [url for url in asked if url.endswith("/para-guide/" + SCHOOL_JSON)], "the English definition"
    assert school.is_visible() and own.is_hidden()
    assert school.get_attribute("lang") == "en" and own.get_attribute("lang") is None
    assert page.locator(f"label[for={PAGE_ID}-text-school]").inner_text() == es_word("letter.textSchool")
    assert page.locator(f"label[for={PAGE_ID}-text]").inner_text() == es_word("letter.textPage")
    english = school.input_value()
    date = english.split("\n")[0]
    assert re.fullmatch(ENGLISH_DATE, date), date
    assert english == expected_without_result("meeting_request", date)
    assert "[your name]" not in english and "Estimado" not in english and "[su nombre]" not in english

    # Both: both boxes; then each keeps its own edits through every switch, and a new letter has its own.
    choose(page, PAGE_ID, "both")
    assert school.is_visible() and own.is_visible()
    edited = own.input_value() + "P.D. Puedo reunirme cualquier mañana.\n"
    own.fill(edited)
    choose(page, PAGE_ID, "school")
    assert "P.D." not in school.input_value() and school.input_value() == english
    school_edit = english.replace("Dear IEP team,", "Dear Ms. Smith,")
    school.fill(school_edit)
    choose(page, PAGE_ID, "page")
    assert own.input_value() == edited
    choose(page, PAGE_ID, "both")
    assert own.input_value() == edited and school.input_value() == school_edit
    page.check(f"#{PAGE_ID}-choose-records_request")
    assert "Records" in school.input_value() or "records" in school.input_value()
    assert "P.D." not in own.input_value() and "Ms. Smith" not in school.input_value()
    page.check(f"#{PAGE_ID}-choose-meeting_request")
    assert own.input_value() == edited and school.input_value() == school_edit

    # .txt and .docx of both: the English copy first (for the school), a divider, then the Spanish one.
    divider = es_word("letter.bothDivider")
    text_file = download(page, es_word("letter.txt"))
    assert text_file.suggested_filename == "meeting-request-letter-en-es.txt"
    saved = Path(text_file.path()).read_bytes().decode("utf-8")
    assert saved == f"{school_edit.rstrip()}\n\n{divider}\n\n{edited.rstrip()}\n".replace("\n", "\r\n")
    assert saved.index("Dear Ms. Smith") < saved.index(divider) < saved.index("Estimado equipo")
    word_file = download(page, es_word("letter.docx"), timeout=READY_MS)
    assert word_file.suggested_filename == "meeting-request-letter-en-es.docx"
    data = Path(word_file.path()).read_bytes()
    # the page break is a paragraph of its own (no text), and the text ends with a new line, as a letter's does
    want = [*school_edit.rstrip().split("\n"), "", divider, "", *edited.rstrip().split("\n"), ""]
    assert paragraphs(data) == want
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("word/document.xml").decode("utf-8").count('<w:br w:type="page"/>') == 1
    page.get_by_role("button", name=es_word("letter.copy")).click()
    page.wait_for_selector(f".quiz__letter-status:has-text('{es_word('letter.copied')[:12]}')")
    assert page.evaluate("navigator.clipboard.readText()") == saved.replace("\r\n", "\n")

    # Printed: both copies, the Spanish on its own page; then only the English one.
    def printed() -> list[str]:
        page.emulate_media(media="print")
        try:
            pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
        finally:
            page.emulate_media(media="screen")
        return [" ".join(p.extract_text().split()) for p in pdf.pages]

    pages = printed()
    whole = " ".join(pages)
    assert "Dear Ms. Smith" in whole and "P.D. Puedo reunirme" in whole
    first_spanish = next(i for i, p in enumerate(pages) if "Estimado equipo" in p)
    assert all("Estimado equipo" not in p for p in pages[:first_spanish])
    assert not any("Dear Ms. Smith" in p for p in pages[first_spanish:]), "the Spanish copy starts a new page"
    for hidden in (es_word("letter.language"), es_word("letter.txt")):
        assert hidden not in whole, hidden
    choose(page, PAGE_ID, "school")
    whole = " ".join(printed())
    assert "Dear Ms. Smith" in whole and "Estimado equipo" not in whole

    # A single copy downloads alone, named for its language.
    text_file = download(page, es_word("letter.txt"))
    assert text_file.suggested_filename == "meeting-request-letter-en.txt"
    assert Path(text_file.path()).read_bytes().decode("utf-8") == school_edit.replace("\n", "\r\n")
    choose(page, PAGE_ID, "page")
    assert download(page, es_word("letter.txt")).suggested_filename == "meeting-request-letter.txt"

    stored = kept(page)
    assert "Pérez" not in stored and "Smith" not in stored and "mañana" not in stored
    guard.assert_none_foreign()
    assert not errors, errors
    ctx.close()


def test_an_english_page_offers_no_choice_of_language(page, server):
    page.goto(server.url + LETTERS_URL)
    page.wait_for_selector(".quiz-letters--enhanced .quiz__letter", timeout=READY_MS)
    assert page.locator(".quiz__letter-language, [data-letter-language]").count() == 0
    assert page.locator(".quiz__letter-text").count() == 1
    assert page.get_attribute(".quiz-letters", "data-school-definition") is None


def test_the_spanish_result_makes_its_letter_in_english_from_the_same_result(page, server):
    name = "Daily injuries and no behavior plan, Spanish at meetings"
    answers = example(name)
    page.evaluate(
        "([key, file]) => { sessionStorage.setItem(key, JSON.stringify(file));"
        " sessionStorage.setItem(key + ':step', 'result'); }",
        [KEY, {"questionnaire": "paraprofessional-support", "version": 1, "answers": answers}],
    )
    page.goto(server.url + "es/" + QUIZ)
    page.wait_for_selector(".quiz--enhanced", state="attached")
    resume = page.get_by_role("button", name=es_word("resume.continue"))
    if resume.count():
        resume.click()
    page.wait_for_selector(
        ".quiz[data-band][data-step=result] .quiz__result:not([aria-busy])", state="attached", timeout=READY_MS
    )
    show_letters(page)
    want = engine.score(flagship().questionnaire, answers)
    page.fill(f"#{RESULT_ID}-parent", PARENT)
    page.fill(f"#{RESULT_ID}-child", CHILD)
    school, own = boxes(page, RESULT_ID)
    spanish_letter = own.input_value()

    choose(page, RESULT_ID, "school")
    english = school.input_value()
    assert school.get_attribute("lang") == "en"
    # The English letter's own words, the English areas and reasons of the same result; no Spanish.
    assert english.split("\n")[2] == "Dear IEP team,"
    english_questions = {q["id"]: q for q in flagship().data["questions"]}
    spanish_questions = {q["id"]: q for q in spanish_source().data["questions"]}
    high = [a["question"] for a in want["areas"] if a["level"] >= 2]
    assert high
    for question in high:
        assert f"- {english_questions[question]['area']} (" in english, question
        assert f"- {spanish_questions[question]['area']} (" in spanish_letter, question
        assert f"- {spanish_questions[question]['area']} (" not in english, question
    rules = {r["id"]: r for r in flagship().data["rules"]}
    spanish_rules = {r["id"]: r for r in spanish_source().data["rules"]}
    reasons = [r["rule"] for r in want["reasons"] if r.get("rule") in rules]
    assert reasons
    for rule in reasons:
        assert voiced(rules[rule]["because"])[:60] in " ".join(english.split()), rule
        assert plain(spanish_rules[rule]["because"])[:40] not in " ".join(english.split()), rule
    assert "Estimado" not in english and CHILD in english and english.rstrip().endswith(PARENT)

    choose(page, RESULT_ID, "both")
    assert school.is_visible() and own.is_visible()
    assert own.input_value() == spanish_letter and school.input_value() == english
    own.fill(spanish_letter + "P.D. Gracias.\n")
    choose(page, RESULT_ID, "school")
    choose(page, RESULT_ID, "page")
    assert own.input_value().endswith("P.D. Gracias.\n") and "Gracias" not in school.input_value()
    choose(page, RESULT_ID, "both")
    file = download(page, es_word("letter.docx"), timeout=READY_MS)
    lines = paragraphs(Path(file.path()).read_bytes())
    assert "Dear IEP team," in lines and "P.D. Gracias." in lines
    assert lines.index("Dear IEP team,") < lines.index("P.D. Gracias.")
