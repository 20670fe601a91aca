"""The result a parent takes to the meeting, end to end in real Chromium against the built site (/para-guide/).

Why-list, day map (SVG and table), guidance, notes, the letter and its two downloads, the printed PDF, saving
and loading answers through the engine (and refusing bad files), reload, "Remember on this device" and
"Clear my answers". Every expected value comes from the engine in CPython for the same answers; every test
fails on any request to another origin (support.browser.OriginGuard).
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from quiz.core import engine
from tests.helpers import flagship
from tests.support.browser import OriginGuard
from tests.support.server import StaticServer

PAGE = "questionnaires/paraprofessional-support/"
READY_MS = 40_000
KEY = "quiz:paraprofessional-support"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def example(name: str) -> dict:
    return next(e["answers"] for e in flagship().data["examples"] if e["name"] == name)


HEAVY = example("Constant help in lessons and with behavior")  # one_to_one, all day, many reasons
ROUTINES = example("Hard moments at transitions and recess")  # time_specific, two picked times
UNSURE = example("Parent is not sure yet")  # gather_data, no `when`
SAFETY = example("Daily injuries and no behavior plan, Spanish at meetings")


# ── Fixtures ────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def server(request):
    """The built site (conftest's site_dir), or QUIZ_E2E_SITE=<folder> for quick runs while editing."""
    prebuilt = os.environ.get("QUIZ_E2E_SITE")
    folder = Path(prebuilt) if prebuilt else request.getfixturevalue("site_dir")
    with StaticServer(folder, prefix="/para-guide/") as running:
        yield running


@pytest.fixture(scope="module")
def context(chromium, server):
    """One phone-sized context for the module (the engine boots cold once), guarded against other origins."""
    ctx = chromium.new_context(viewport={"width": 375, "height": 800}, accept_downloads=True)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.origin)
    ctx.guard = OriginGuard(ctx, server.origin)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context, server):
    """A new tab (a new sessionStorage) on the site's home page, which has no questionnaire, so the engine
    boots once per test, on the questionnaire page (open_result). Fails on page errors and other origins."""
    page = context.new_page()
    page.url_of_quiz = server.url + PAGE
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url)
    yield page
    page.evaluate("localStorage.clear()")  # "remember" in one test must not leak into the next
    page.close()
    context.guard.assert_none_foreign()
    assert not errors, errors


# ── Helpers ─────────────────────────────────────────────────────────────────────────────────────


def text_of(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", markup)).split())


def parent_voice(text: str) -> str:
    """What letter.js does to the result's "Your child…" so the letter speaks as the parent."""
    for pattern, replacement in (
        (r"\bhelp you\b", "help me"),
        (r"\bYour\b", "My"),
        (r"\byour\b", "my"),
        (r"\bYou\b", "I"),
        (r"\byou\b", "I"),
    ):
        text = re.sub(pattern, replacement, text)
    return text


def expected(answers: dict) -> dict:
    return engine.score(flagship().questionnaire, answers)


def open_result(page, answers: dict) -> dict:
    """Put the answers in this tab's storage, as if just answered, open the questionnaire afresh and choose
    "Continue where you left off" (issue 13: a fresh visit with kept answers asks first), which opens the result."""
    page.evaluate(
        "([key, file]) => { sessionStorage.setItem(key, JSON.stringify(file));"
        " sessionStorage.setItem(key + ':step', 'result'); }",
        [KEY, {"questionnaire": "paraprofessional-support", "version": 1, "answers": answers}],
    )
    page.goto(page.url_of_quiz)
    page.get_by_role("button", name="Continue where you left off").click()
    page.wait_for_selector(
        ".quiz[data-band][data-step=result] .quiz__result:not([aria-busy])", state="attached", timeout=READY_MS
    )
    return expected(answers)


def open_part(page, key: str) -> None:
    """Open one of the result's parts by its heading's button (they start closed)."""
    toggle = page.locator(f'.quiz__part[data-part="{key}"] .quiz__part-toggle')
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"


def on_screen(page) -> dict:
    """Every ticked input of the form: question id → values."""
    return page.evaluate("""() => {
        const out = {};
        for (const input of document.querySelectorAll('.quiz__form input.quiz__input:checked'))
            (out[input.name] ||= []).push(input.value);
        return out; }""")


def as_screen(answers: dict) -> dict:
    return {k: (v if isinstance(v, list) else [v]) for k, v in answers.items()}


def storage(page) -> dict:
    return page.evaluate("(key) => ({session: sessionStorage.getItem(key), local: localStorage.getItem(key)})", KEY)


def docx_paragraphs(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(archive.namelist())
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def pdf_of(page) -> PdfReader:
    page.emulate_media(media="print")
    try:
        return PdfReader(io.BytesIO(page.pdf(format="Letter")))
    finally:
        page.emulate_media(media="screen")


# ── The result ──────────────────────────────────────────────────────────────────────────────────


def test_result_explains_itself_with_why_day_map_guidance_and_notes(page):
    data = flagship().data
    questions = {q["id"]: q for q in data["questions"]}
    when_labels = {o["value"]: text_of(o["label"]) for o in questions["when"]["options"]}
    levels = data["day"]["levels"]
    seen_bands = set()
    for answers in (HEAVY, ROUTINES, UNSURE):
        want = open_result(page, answers)
        seen_bands.add(want["band"])
        band = next(b for b in data["bands"] if b["id"] == want["band"])
        assert page.get_attribute(".quiz", "data-band") == want["band"]
        assert " ".join(page.locator(".quiz__result .quiz__heading").inner_text().split()) == text_of(band["title"])
        assert text_of(band["summary"]) in " ".join(page.locator(".quiz__band-summary").inner_text().split())

        # Why: each reason in plain words, each with a working "Change" link where it has a question.
        rules = {r["id"]: r for r in data["rules"]}
        reasons = page.locator(".quiz__reason")
        assert reasons.count() == len(want["reasons"])
        for index, reason in enumerate(want["reasons"]):
            shown = " ".join(reasons.nth(index).locator(".quiz__because").inner_text().split())
            assert shown == text_of(rules[reason["rule"]]["because"])
            assert reasons.nth(index).locator("a.quiz__change").count() == (1 if reason["question"] else 0)

        # Day map: SVG bars and a table with caption and header scopes, one row per part of the day.
        table = page.locator(".quiz__daymap-table")
        assert table.locator("caption").inner_text().strip()
        assert table.locator("thead th[scope=col]").count() == 3
        rows = table.locator("tbody tr")
        assert rows.count() == len(want["day"]) == len(data["day"]["times"])
        bars = page.locator("svg.quiz__daymap-picture rect.quiz__daymap-bar")
        assert page.get_attribute("svg.quiz__daymap-picture", "aria-hidden") == "true"
        for index, row in enumerate(want["day"]):
            shown = rows.nth(index)
            assert shown.get_attribute("data-time") == row["time"]
            assert shown.locator("th[scope=row]").inner_text().strip() == when_labels[row["time"]]
            assert shown.locator("td").nth(0).inner_text().strip() == levels[row["level"]]
            for area in row["areas"]:
                assert questions[area]["area"] in shown.locator("td").nth(1).inner_text()
            assert bars.nth(index).get_attribute("data-level") == str(row["level"])
        widths = [float(bars.nth(i).get_attribute("width")) for i in range(bars.count())]
        for a, b in zip(want["day"], want["day"][1:], strict=False):  # each part and the next: longer means more help
            assert (widths[want["day"].index(a)] < widths[want["day"].index(b)]) == (a["level"] < b["level"])

        # Guidance for the areas that matter: often/always, else sometimes.
        high = [a["question"] for a in want["areas"] if a["level"] >= 2]
        shown_areas = page.locator(".quiz__area").evaluate_all("els => els.map(e => e.dataset.area)")
        assert shown_areas == (high or [a["question"] for a in want["areas"] if a["level"] >= 1])
        for area in shown_areas:
            block = page.locator(f'.quiz__area[data-area="{area}"]')
            assert text_of(questions[area]["guidance"]["try_first"]) in " ".join(block.inner_text().split())

        # Notes as guidance (urgent ones in the box at the top), then questions to ask and what to bring.
        titles = {n["id"]: text_of(n["title"]) for n in data["notes"]}
        urgent = {n["id"] for n in data["notes"] if n.get("urgent")}
        assert [t.strip() for t in page.locator(".quiz__note-title").all_inner_texts()] == [
            titles[n] for n in want["notes"] if n not in urgent
        ]
        assert [t.strip() for t in page.locator(".quiz__urgent-title").all_inner_texts()] == [
            titles[n] for n in want["notes"] if n in urgent
        ]
        asked = page.locator(".quiz__meeting-list--questions_to_ask li").all_inner_texts()
        assert [" ".join(t.split()) for t in asked] == [text_of(q) for q in data["questions_to_ask"]]
        assert page.locator(".quiz__meeting-list--what_to_bring li").count() == len(data["what_to_bring"])

        # The tracking sheet: the day's times by Monday to Friday, blank, with the key.
        sheet = page.locator(".quiz__sheet-table")
        assert sheet.locator("tbody th[scope=row]").all_inner_texts() == [when_labels[t] for t in data["day"]["times"]]
        weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        assert sheet.locator("thead th").all_inner_texts()[1:] == weekdays
        assert all(not t.strip() for t in sheet.locator("tbody td").all_inner_texts())
        assert [" ".join(t.split()) for t in page.locator(".quiz__sheet-key li").all_inner_texts()] == [
            f"{i} = {label}" for i, label in enumerate(levels)
        ]
    assert len(seen_bands) == 3


def first_sentence(markup: str) -> str:
    words = text_of(markup)
    found = re.search(r"[.!?](\s|$)", words)
    return words[: found.start() + 1] if found else words


def test_the_top_part_holds_band_reasons_times_and_next_steps_in_one_phone_screen(page):
    """Issue 13: what matters first, for three different results; each part reachable by its heading."""
    data = flagship().data
    rules = {r["id"]: r for r in data["rules"]}
    notes = {n["id"]: n for n in data["notes"]}
    when_labels = {
        o["value"]: text_of(o["label"]) for q in data["questions"] if q["id"] == "when" for o in q["options"]
    }
    page.set_viewport_size({"width": 390, "height": 844})
    seen = set()
    for answers in (HEAVY, ROUTINES, UNSURE, SAFETY):
        want = open_result(page, answers)
        seen.add(want["band"])
        band = next(b for b in data["bands"] if b["id"] == want["band"])
        top = page.locator(".quiz__result-top")
        assert " ".join(page.locator(".quiz__result > .quiz__heading").inner_text().split()) == text_of(band["title"])
        urgent = [n for n in want["notes"] if notes[n].get("urgent")]
        # The main reasons: the first two (with an urgent box above) or three, each its first sentence.
        count = 2 if urgent else 3
        shown = [" ".join(t.split()) for t in top.locator(".quiz__top-reasons li").all_inner_texts()]
        assert shown == [first_sentence(rules[r["rule"]]["because"]) for r in want["reasons"][:count]] and shown
        # The times of day.
        if want["focus"]:
            assert top.locator(".quiz__focus li").all_inner_texts() == [when_labels[v] for v in want["focus"]]
        else:
            assert top.locator(".quiz__focus-none").is_visible()
        # What to do next: three steps, each a link that opens the part it names and moves focus there.
        steps = top.locator(".quiz__next li a")
        assert steps.count() == 3
        asks = [text_of(notes[n]["title"]) for n in want["notes"] if n not in urgent][:3]
        assert [" ".join(t.split()) for t in steps.all_inner_texts()][: len(asks)] == asks
        # Links to every part below, each part a heading whose button opens it.
        parts = page.locator(".quiz__part").evaluate_all("els => els.map((e) => e.dataset.part)")
        assert {"why", "day", "notes", "meeting", "sheet"} <= set(parts) or not want["focus"]
        assert {"why", "meeting", "sheet"} <= set(parts)
        assert top.locator(".quiz__contents a").evaluate_all("els => els.map((e) => e.dataset.open)") == parts
        for key in parts:
            toggle = page.locator(f'.quiz__part[data-part="{key}"] > h3 > button.quiz__part-toggle')
            assert toggle.get_attribute("aria-expanded") == "false"
            assert page.locator(f'.quiz__part[data-part="{key}"] .quiz__part-body').is_hidden()
        assert page.locator(".quiz__result h2, .quiz__result h3").count() >= len(parts) + 1
        # One phone screen: from the top of the result (urgent box included) to the end of the top part.
        height = page.evaluate("""() => document.querySelector('.quiz__result-top').getBoundingClientRect().bottom -
            document.querySelector('.quiz__result').getBoundingClientRect().top""")
        assert height <= 844 - 48, height  # Material's header (48 px) stays on screen
        if urgent:
            first = page.locator(".quiz__result > :first-child")
            assert first.evaluate("el => el.classList.contains('quiz__alerts')")
            assert [" ".join(t.split()) for t in first.locator(".quiz__urgent-title").all_inner_texts()] == [
                text_of(notes[n]["title"]) for n in urgent
            ]
            assert first.locator("h2.quiz__urgent-title").count() == len(urgent)
            assert page.evaluate("document.activeElement.classList.contains('quiz__urgent-title')")
        # A next step's link opens its part and takes focus there, without a new history entry.
        before = page.evaluate("history.length")
        steps.first.click()
        key = steps.first.get_attribute("data-open")
        toggle = page.locator(f'.quiz__part[data-part="{key}"] .quiz__part-toggle')
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator(f'.quiz__part[data-part="{key}"] .quiz__part-body').is_visible()
        assert page.evaluate("document.activeElement.closest('.quiz__part')?.dataset.part") == key
        assert page.evaluate("history.length") == before
    assert len(seen) >= 3


def test_change_link_in_why_goes_back_to_the_question(page):
    want = open_result(page, ROUTINES)
    question = want["reasons"][0]["question"]
    open_part(page, "why")
    page.locator(f'.quiz__reason a[data-change="{question}"]').first.click()
    assert page.locator(".quiz__question:not([hidden])").get_attribute("data-question") == question


# ── The letter ──────────────────────────────────────────────────────────────────────────────────


def test_letter_is_filled_from_the_result_and_downloads_as_text_and_word(page):
    want = open_result(page, SAFETY)
    data = flagship().data
    open_part(page, "letters")
    page.fill("#quiz-paraprofessional-support-letter-parent", "Ana Pérez")
    page.fill("#quiz-paraprofessional-support-letter-child", "Leo <b>& co</b>")
    letter = page.input_value(".quiz__letter-text")
    assert letter.count("Leo <b>& co</b>") == 2 and letter.rstrip().endswith("Ana Pérez")
    assert "{" not in letter  # every placeholder filled
    questions = {q["id"]: q for q in data["questions"]}
    for area in (a for a in want["areas"] if a["level"] >= 2):
        assert questions[area["question"]]["area"] in letter
    labels = {o["value"]: text_of(o["label"]) for o in questions["when"]["options"]}
    for row in (r for r in want["day"] if r["level"] >= 2):
        assert f"- {labels[row['time']]}" in letter
    rules = {r["id"]: r for r in data["rules"]}
    assert "for my child" in letter and "your child" not in letter.lower()  # the parent's voice
    for reason in want["reasons"]:  # each reason, in the parent's voice
        assert f"- {parent_voice(text_of(rules[reason['rule']]['because']))}" in letter
    assert page.locator(".quiz__letter b").count() == 0  # a typed name is text, never markup

    # The parent edits the letter; copy and both downloads carry the edit.
    edited = letter.replace("Dear IEP team,", "Dear Ms. Smith & team,\n\tP.S. <note>")
    page.fill(".quiz__letter-text", edited)
    page.get_by_role("button", name="Copy to clipboard").click()
    page.wait_for_selector(".quiz__letter-status:has-text('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == edited

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as text (.txt)").click()
    download = info.value
    assert download.suggested_filename == "meeting-request-letter.txt"  # the kit names each file after its letter
    assert Path(download.path()).read_bytes().decode("utf-8") == edited.replace("\n", "\r\n")

    with page.expect_download(timeout=READY_MS) as info:
        page.get_by_role("button", name="Download as Word (.docx)").click()
    download = info.value
    assert download.suggested_filename == "meeting-request-letter.docx"
    paragraphs = docx_paragraphs(Path(download.path()).read_bytes())
    assert paragraphs == [line.replace("\t", "") for line in edited.split("\n")]

    # The names were never stored anywhere.
    kept = json.dumps(page.evaluate("() => ({...sessionStorage, ...localStorage})"))
    assert "Pérez" not in kept and "Leo" not in kept


# ── Print ───────────────────────────────────────────────────────────────────────────────────────


def test_print_is_a_two_page_summary_and_the_letter_gets_its_own_page(page):
    want = open_result(page, HEAVY)  # the longest result: most reasons, notes and areas
    data = flagship().data
    summary = pdf_of(page)
    assert 1 <= len(summary.pages) <= 2
    text = " ".join(" ".join(p.extract_text() for p in summary.pages).split())
    band = next(b for b in data["bands"] if b["id"] == want["band"])
    assert text_of(band["title"]) in text
    assert "Why" in text and text_of(data["rules"][0]["because"])[:20] not in ("",)
    assert "How much adult help may be needed at each part of the school day" in text
    assert text_of(data["questions_to_ask"][0]) in text and text_of(data["questions_to_ask"][-1]) in text
    for hidden in (
        "Dear IEP team",
        "Download as",
        "Print or save as PDF",
        "Remember on this device",
        "Back to top",
        "Building independence",
        "Monday",
    ):
        assert hidden not in text, hidden

    page.check("[data-print-letter]")
    with_letter = pdf_of(page)
    assert len(with_letter.pages) == len(summary.pages) + 1
    last = " ".join(with_letter.pages[-1].extract_text().split())
    assert last.split()[0] != "" and "Dear IEP team," in last and "Thank you," in last
    assert all("Dear IEP team" not in p.extract_text() for p in with_letter.pages[:-1])

    # Only the tracking sheet, when the parent prints it (the button sets this before window.print()).
    page.uncheck("[data-print-letter]")
    page.evaluate("document.querySelector('.quiz').dataset.print = 'sheet'")
    sheet = pdf_of(page)
    sheet_text = " ".join(sheet.pages[0].extract_text().split())
    assert len(sheet.pages) == 1 and "Monday" in sheet_text and "Friday" in sheet_text
    assert text_of(band["title"]) not in sheet_text


# ── Save, load, remember, clear ─────────────────────────────────────────────────────────────────


def test_save_then_load_round_trips_through_the_engine(page):
    want = open_result(page, ROUTINES)
    with page.expect_download() as info:
        page.get_by_role("button", name="Save my answers").click()
    download = info.value
    assert download.suggested_filename == "paraprofessional-support-answers.json"
    saved = json.loads(Path(download.path()).read_text())
    assert saved == {"questionnaire": "paraprofessional-support", "version": 1, "answers": ROUTINES}
    assert engine.parse_answers_file(json.dumps(saved), flagship().questionnaire) == ROUTINES

    page.get_by_role("button", name="Clear my answers").click()
    assert on_screen(page) == {}
    assert page.locator(".quiz__question:not([hidden])").get_attribute("data-question") == "academics"
    page.set_input_files(".quiz__file", download.path())  # "Load saved answers" is there at the start
    page.wait_for_selector(".quiz[data-step=check]", state="attached", timeout=READY_MS)
    assert on_screen(page) == as_screen(ROUTINES)
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector(".quiz[data-band]", state="attached", timeout=READY_MS)
    assert page.get_attribute(".quiz", "data-band") == want["band"]


def _refusals():
    questionnaire = flagship().questionnaire
    good = {"questionnaire": "paraprofessional-support", "version": 1, "answers": {"academics": "often"}}
    files = {
        "other questionnaire": json.dumps(dict(good, questionnaire="fading-readiness")),
        "newer version": json.dumps(dict(good, version=2)),
        "malformed JSON": '{"questionnaire": "paraprofessional-support", "version": 1, "answers": {',
        "hostile value": json.dumps(dict(good, answers={"academics": '<img src=x onerror="window.pwned=1">'})),
        "hostile key": json.dumps(dict(good, answers={'<img src=x onerror="window.pwned=2">': "often"})),
    }
    out = []
    for name, text in files.items():
        with pytest.raises(engine.AnswersError) as caught:
            engine.parse_answers_file(text, questionnaire)
        out.append((name, text, str(caught.value)))
    out.append(("oversized", json.dumps(dict(good, padding="x" * (65 * 1024))), "larger than 64 KB"))
    return out


def test_bad_files_are_refused_with_a_clear_message_and_answers_untouched(page):
    want = open_result(page, ROUTINES)
    before = on_screen(page)
    assert before == as_screen(ROUTINES)
    summary = page.locator(".quiz__load-error")
    for name, text, message in _refusals():
        page.set_input_files(
            ".quiz__file", {"name": "answers.json", "mimeType": "application/json", "buffer": text.encode("utf-8")}
        )
        summary.wait_for(state="visible", timeout=READY_MS)
        shown = " ".join(summary.inner_text().split())
        assert "There is a problem" in shown, name
        assert message in shown, (name, shown)
        assert "Your answers on screen have not changed" in shown
        assert page.evaluate("document.activeElement.classList.contains('quiz__load-error')"), name
        assert summary.locator("a").get_attribute("href") == "#quiz-paraprofessional-support-load"
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror]').length") == 0, name
        assert page.evaluate("window.pwned") is None, name
        assert on_screen(page) == before, name
        assert page.get_attribute(".quiz", "data-step") == "result"
        assert page.get_attribute(".quiz", "data-band") == want["band"]
        assert json.loads(storage(page)["session"])["answers"] == ROUTINES
        page.get_by_role("button", name="Check or change your answers").click()  # hides the summary
        assert summary.is_hidden()
        page.get_by_role("button", name="See my result").click()
        page.wait_for_selector(".quiz[data-band]", state="attached", timeout=READY_MS)


def test_reload_remember_on_this_device_and_clear_everywhere(page, context, server):
    open_result(page, ROUTINES)
    page.reload()  # the result step and the answers survive a reload in the same tab
    page.wait_for_selector(".quiz[data-band]", state="attached", timeout=READY_MS)
    assert page.get_attribute(".quiz", "data-step") == "result" and on_screen(page) == as_screen(ROUTINES)
    assert storage(page)["local"] is None  # nothing on the device until the parent asks

    remember = page.get_by_label("Remember on this device")
    remember.check()
    assert json.loads(storage(page)["local"]) == {
        "questionnaire": "paraprofessional-support",
        "version": 1,
        "answers": ROUTINES,
    }
    remember.uncheck()
    assert storage(page)["local"] is None and storage(page)["session"] is not None
    remember.check()

    # A new tab has an empty sessionStorage: the remembered copy comes back.
    other = context.new_page()
    other.goto(server.url + PAGE)
    other.wait_for_selector(".quiz--enhanced", state="attached")
    assert on_screen(other) == as_screen(ROUTINES)
    assert other.is_checked("#quiz-paraprofessional-support-remember")
    other.close()

    open_part(page, "letters")
    page.fill("#quiz-paraprofessional-support-letter-child", "Zebediah")
    page.get_by_role("button", name="Clear my answers").click()
    assert storage(page) == {"session": None, "local": None}
    kept = page.evaluate(
        "() => Object.entries({...localStorage, ...sessionStorage}).filter(([k]) => k.startsWith('quiz:'))"
    )
    assert kept == [[f"{KEY}:step", "question:academics"]]  # only where the parent is: no answers anywhere
    assert on_screen(page) == {}
    assert page.locator(".quiz__letter").count() == 0 and "Zebediah" not in page.content()
    assert not page.is_checked("#quiz-paraprofessional-support-remember")
    assert page.get_attribute(".quiz", "data-step") == "question"
    assert page.locator(".quiz__question:not([hidden])").get_attribute("data-question") == "academics"
    page.reload()
    page.wait_for_selector(".quiz--enhanced", state="attached")
    assert on_screen(page) == {}
