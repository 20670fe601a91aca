"""Walking the built site and the questionnaire in a browser, for the trust tests (a11y, privacy, offline, failure).

pages(site_dir)             every built page as a URL path relative to the root ("", "guide/safety/", "404.html")
answer_all(page, answers)   click through the questions on screen; returns the ids seen
wait_for_result(page)       the band shown, once the engine has scored
wait_until_copy_kept(page)  the engine's copy of Python's memory is written, so a next visit can start from it
"""

from __future__ import annotations

from pathlib import Path

QUESTIONNAIRE = "questionnaires/paraprofessional-support/"
QUESTIONNAIRES = [QUESTIONNAIRE, "es/" + QUESTIONNAIRE]  # the same questionnaire in every language the site has
READY_MS = 45_000  # a cold Pyodide boot on a busy machine

# A child with a routine need: every area answered, a few follow-ups asked.
CHILD = {
    "academics": "sometimes",
    "transitions": "often",
    "safety": "sometimes",
    "safety_where": "in_room",
    "personal_care": "never",
    "behavior": "sometimes",
    "injury": "none",
    "communication": "never",
    "social": "sometimes",
    "unstructured": "never",
    "medical": "never",
    "mobility": "never",
    "when": ["lessons", "transitions"],
    "home_language": "english",
}


def pages(site_dir: Path) -> list[str]:
    """Every HTML page of the build, as a path relative to the site root."""
    found = []
    for file in sorted(Path(site_dir).rglob("*.html")):
        rel = file.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        found.append(rel[: -len("index.html")] if file.name == "index.html" else rel)
    return found


def word(page, key: str, **values) -> str:
    """A UI word (quiz/web/strings.js) in the page's language: a button's name, a status line."""
    from quiz.site import ui_strings

    return ui_strings.text(key, page.evaluate("document.documentElement.lang") or "en", **values)


def step(page) -> str:
    return page.evaluate("document.querySelector('.quiz').dataset.step || ''")


def current_question(page) -> str:
    return page.locator(".quiz__question:not([hidden])").get_attribute("data-question")


def answer_all(page, answers: dict, on_step=None) -> list:
    """Answer each question on screen from `answers` (the first option when not given) and press Continue.

    `on_step(page, question_id)` runs on each question before it is answered (an accessibility scan, say).
    """
    seen = []
    while step(page) == "question":
        question = current_question(page)
        seen.append(question)
        if on_step:
            on_step(page, question)
        value = answers.get(question)
        if value is None and page.locator(f"#q-{question}").get_attribute("data-optional") != "true":
            value = page.locator(f"#q-{question} input").first.get_attribute("value")
        for item in value if isinstance(value, list) else [value] if value else []:
            page.check(f"#q-{question}-{item}")
        page.get_by_role("button", name=word(page, "step.continue")).click()
        assert len(seen) < 40, seen
    return seen


def wait_for_result(page) -> str:
    page.wait_for_function("() => document.querySelector('.quiz').dataset.band", timeout=READY_MS)
    return page.evaluate("document.querySelector('.quiz').dataset.band")


def wait_until_ready(page) -> None:
    """The engine has booted: the status line is empty again and no problem is shown."""
    page.wait_for_function(
        "() => document.querySelector('.quiz--enhanced')"
        " && document.querySelector('.quiz__status').textContent === ''"
        " && document.querySelector('.quiz__problem').hidden",
        timeout=READY_MS,
    )


# An engine cache holding an entry: caches.open names the cache before its 21 MB entry is written (engine-snapshot.js),
# so a cache's name alone does not mean a next visit can start from it; a page closed then loses the write.
COPY_KEPT = """() => caches.keys()
  .then((names) => names.filter((name) => name.startsWith("para-guide engine ")))
  .then((names) => Promise.all(names.map((name) => caches.open(name).then((cache) => cache.keys()))))
  .then((entries) => entries.some((keys) => keys.length > 0))"""


def wait_until_copy_kept(page) -> None:
    """The engine's copy of Python's memory is in Cache Storage, whole: a next visit starts from it."""
    page.wait_for_function(COPY_KEPT, timeout=READY_MS)
